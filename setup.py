"""Packages of the distribution (everything else is in pyproject.toml).

The source notebooks live in ``notebooks/`` at the top of the repository (where
papermill and JupyterLab users find them) and ship inside the package as
``analysis/notebooks/``, so that ``python -m analysis report`` works after
``pip install .`` outside a clone. pyproject.toml cannot map a folder outside the
package into it while also finding the packages, hence this file.
"""

from setuptools import find_namespace_packages, setup

setup(
    packages=[*find_namespace_packages(include=["analysis", "analysis.*"], exclude=["*.__pycache__"]), "analysis.notebooks"],
    package_dir={"analysis.notebooks": "notebooks"},
)
