"""The package works outside a clone: a wheel built from the sources, installed into a
fresh virtual environment, runs ``python -m analysis report`` on a small corpus.

Offline and reasonably fast: the wheel is built without build isolation (setuptools and
wheel come with the ``dev`` extra), installed with ``--no-deps``, and the new
environment sees the dependencies of the environment running the tests through a
``.pth`` file (not its editable install of this package: a ``.pth`` folder's own
``.pth`` files are not run; nbconvert's templates, data files of that environment, are
found through ``JUPYTER_PATH``). Everything happens in a temporary folder outside the clone.
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
import sysconfig
from pathlib import Path

import pytest

from conftest import ROOT, SEEDS

pytestmark = pytest.mark.packaging


def _run(args, cwd, env, timeout=600):
    proc = subprocess.run(args, capture_output=True, text=True, cwd=cwd, env=env, timeout=timeout)
    assert proc.returncode == 0, f"{' '.join(map(str, args))}\n{proc.stdout[-2000:]}\n{proc.stderr[-4000:]}"
    return proc


@pytest.fixture(scope="module")
def installed(tmp_path_factory):
    """(python of a fresh venv with the built wheel installed, environment, work folder)."""
    pytest.importorskip("setuptools")
    pytest.importorskip("wheel")
    tmp = tmp_path_factory.mktemp("packaging")
    env = {k: v for k, v in os.environ.items() if k not in ("PYTHONPATH", "PYTHONHOME", "VIRTUAL_ENV")}
    # data files of the borrowed dependencies (nbconvert's templates) stay in this prefix
    env["JUPYTER_PATH"] = os.pathsep.join(
        filter(None, [str(Path(sys.prefix, "share", "jupyter")), env.get("JUPYTER_PATH")])
    )
    # a copy of the sources, so that building writes nothing into the clone
    src = tmp / "src"
    src.mkdir()
    for name in ("pyproject.toml", "setup.py", "README.md", "LICENSE"):
        shutil.copy2(ROOT / name, src / name)
    ignore = shutil.ignore_patterns("__pycache__", "*.pyc", ".ipynb_checkpoints")
    shutil.copytree(ROOT / "analysis", src / "analysis", ignore=ignore)
    shutil.copytree(ROOT / "notebooks", src / "notebooks", ignore=ignore)
    _run(
        [
            sys.executable,
            "-m",
            "pip",
            "wheel",
            "--no-deps",
            "--no-build-isolation",
            "--no-index",
            "-q",
            "-w",
            "dist",
            str(src),
        ],
        tmp,
        env,
    )
    wheels = sorted((tmp / "dist").glob("framing_analysis-*.whl"))
    assert len(wheels) == 1
    venv = tmp / "venv"
    _run([sys.executable, "-m", "venv", "--without-pip", str(venv)], tmp, env)
    python = venv / ("Scripts/python.exe" if os.name == "nt" else "bin/python")
    _run(
        [
            sys.executable,
            "-m",
            "pip",
            "--python",
            str(python),
            "install",
            "--no-deps",
            "--no-index",
            "-q",
            str(wheels[0]),
        ],
        tmp,
        env,
    )
    site = _run([str(python), "-c", "import sysconfig; print(sysconfig.get_paths()['purelib'])"], tmp, env)
    Path(site.stdout.strip(), "_test_dependencies.pth").write_text(sysconfig.get_paths()["purelib"] + "\n")
    work = tmp / "work"
    work.mkdir()
    return python, env, work, venv


def test_the_wheel_holds_the_notebooks_configuration_model_and_licence(installed):
    python, env, work, venv = installed
    code = (
        "import analysis, importlib.metadata as m; from analysis.report.paths import notebooks_folder, repository;"
        "print(analysis.__file__); print(repository()); print(sorted(p.name for p in notebooks_folder().glob('*.ipynb')));"
        "print(m.version('framing-analysis'))"
    )
    out = _run([str(python), "-c", code], work, env).stdout.splitlines()
    assert Path(out[0]).resolve().is_relative_to(venv.resolve())  # the installed copy, not the clone
    assert out[1] == "None"
    assert out[2] == str(sorted(p.name for p in (ROOT / "notebooks").glob("[0-9][0-9]_*.ipynb")))
    version = _run([str(python), "-m", "analysis", "--version"], work, env).stdout
    assert version.strip() == f"framing-analysis {out[3]}"  # no commit outside a clone
    files = _run(
        [str(python), "-c", "import importlib.metadata as m; print('\\n'.join(map(str, m.files('framing-analysis'))))"],
        work,
        env,
    ).stdout.split()
    for needed in (
        "analysis/data/actors.yaml",
        "analysis/data/lexicon_overlay.tsv",
        "analysis/models/data/target_sentiment.json",
    ):
        assert needed in files
    assert any(f.endswith("licenses/LICENSE") for f in files)


def test_report_runs_after_pip_install_outside_the_clone(installed):
    python, env, work, _ = installed
    corpus = work / "corpus"
    shutil.copytree(SEEDS, corpus, ignore=shutil.ignore_patterns("gold"))
    env = {**env, "MPLBACKEND": "Agg", "PYTHONHASHSEED": "0"}
    _run([str(python), "-m", "analysis", "report", "corpus", "--out", "report", "--jobs", "2"], work, env, timeout=900)
    run = json.loads((work / "report" / "run.json").read_text())
    expected = sorted(p.name for p in (ROOT / "notebooks").glob("[0-9][0-9]_*.ipynb"))
    assert sorted(run["notebooks"]) == expected
    assert run["code"]["commit"] is None
    assert (work / "report" / "index.html").is_file()
    assert len(list((work / "report" / "figures").glob("*.png"))) >= 8
