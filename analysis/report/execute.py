"""Execute one notebook with papermill in the ``framing-analysis`` kernel, and render it to HTML.

Papermill runs an explicit kernel, ``framing-analysis``, defined on the fly for the Python
running this code: it works on a machine where no Jupyter kernel was ever registered, and
it cannot pick up some other environment's Python. (Split from :mod:`analysis.report.run`,
which re-exports these names.)
"""

from __future__ import annotations

import functools
import json
import os
import shutil
import sys
import tempfile
import time
from contextlib import contextmanager
from pathlib import Path

from analysis.io import atomic_write

KERNEL_NAME = "framing-analysis"


@contextmanager
def kernel_environment():
    """Make the ``framing-analysis`` kernel (this Python) visible to Jupyter."""
    root = Path(tempfile.mkdtemp(prefix="framing-analysis-kernel-"))
    spec = root / "kernels" / KERNEL_NAME
    spec.mkdir(parents=True)
    (spec / "kernel.json").write_text(
        json.dumps(
            {
                "argv": [
                    sys.executable,
                    "-m",
                    "ipykernel_launcher",
                    "-f",
                    "{connection_file}",
                    "--IPKernelApp.log_level=CRITICAL",
                ],
                "display_name": "Python (framing-analysis)",
                "language": "python",
                "env": {"PYTHONHASHSEED": "0", "MPLBACKEND": "module://matplotlib_inline.backend_inline"},
            }
        )
    )
    old = os.environ.get("JUPYTER_PATH")
    os.environ["JUPYTER_PATH"] = os.pathsep.join([str(root)] + ([old] if old else []))
    try:
        yield KERNEL_NAME
    finally:
        if old is None:
            os.environ.pop("JUPYTER_PATH", None)
        else:
            os.environ["JUPYTER_PATH"] = old
        shutil.rmtree(root, ignore_errors=True)


def notebook_parameters(path: Path) -> dict:
    """Names and defaults of a notebook's ``parameters`` cell (via papermill)."""
    import papermill

    return papermill.inspect_notebook(str(path))


class NotebookFailed(Exception):
    """A notebook raised: where, what, and where the partial notebook was kept."""

    def __init__(self, notebook: str, cell: int | None, error: str, partial: Path | None):
        super().__init__(notebook, cell, error, partial)
        self.notebook, self.cell, self.error, self.partial = notebook, cell, error, partial

    def __str__(self) -> str:
        where = f"cell {self.cell} (0-based)" if self.cell is not None else "before the first cell"
        kept = f"\n  partial notebook kept at {self.partial}" if self.partial else ""
        return f"{self.notebook} failed in {where}:\n  {self.error}{kept}"


def _clean_metadata(path: Path) -> None:
    """Drop run timings from an executed notebook so reruns differ only where results do."""
    import nbformat

    nb = nbformat.read(path, as_version=4)
    pm = nb.metadata.get("papermill", {})
    for key in ("start_time", "end_time", "duration", "input_path", "output_path", "environment_variables"):
        pm.pop(key, None)
    for i, cell in enumerate(nb.cells):
        cell.metadata.pop("execution", None)
        cell.metadata.get("papermill", {}).clear()
        if "injected-parameters" in cell.metadata.get("tags", []):
            cell["id"] = f"injected-parameters-{i}"  # papermill draws a random id
    nbformat.write(nb, path)


def execute_notebook(source: Path, target: Path, parameters: dict, cwd: Path, progress: bool = False) -> float:
    """Run one notebook with papermill; return seconds. Raises :class:`NotebookFailed`."""
    import papermill
    from papermill.exceptions import PapermillExecutionError

    started = time.perf_counter()
    try:
        papermill.execute_notebook(
            str(source),
            str(target),
            parameters=parameters,
            kernel_name=KERNEL_NAME,
            cwd=str(cwd),
            progress_bar=progress,
            log_output=False,
            # saved after every cell: on Ctrl-C papermill does not save at the end, and the
            # partial notebook is what the user reads (saving only at the end would spare
            # about 0.6 s of CPU on the seed report; test_ctrl_c_exits_130_... fails then)
            request_save_on_cell_execute=True,
        )
    except PapermillExecutionError as exc:
        cell = exc.cell_index
        if target.is_file():  # count the cell in the source notebook, not papermill's injected one
            import nbformat

            # papermill's saved notebook has its own error cells (a header on top, an anchor
            # before the failing cell): left out, or the count is off by one
            cells = [
                c
                for c in nbformat.read(target, as_version=4).cells
                if "papermill-error-cell-tag" not in c.metadata.get("tags", [])
            ][:cell]
            cell -= sum("injected-parameters" in c.metadata.get("tags", []) for c in cells)
        first = next((line.strip() for line in (exc.source or "").splitlines() if line.strip()), "")
        where = f"{exc.ename}: {exc.evalue}" + (f"\n  in: {first[:100]}" if first else "")
        raise NotebookFailed(source.name, cell, where, target) from None
    _clean_metadata(target)
    return time.perf_counter() - started


def _execute_job(args) -> tuple[str, float | str]:
    """Worker entry for --jobs: returns (name, seconds) or (name, failure message)."""
    source, target, parameters, cwd = args
    try:
        return source.name, execute_notebook(source, target, parameters, cwd)
    except NotebookFailed as exc:
        return source.name, exc


def render_html(notebook: Path, target: Path, exclude_input: bool = False, nb=None) -> None:
    """Render an executed notebook to HTML (input optionally hidden).

    ``nb``: the notebook already parsed (:func:`render_html_pair` parses it once for both
    variants). nbconvert's own sanitiser is not used: it escapes the HTML of every
    Markdown cell and table. Corpus text is escaped where it is put into HTML (pandas
    tables, evidence marking), which the hostile-corpus test checks on every output. The
    page loads nothing from the web (:func:`analysis.report.html.self_contained`).
    """
    import nbformat

    from analysis.report.html import self_contained

    if nb is None:
        nb = nbformat.read(notebook, as_version=4)
    body, _ = _exporter(exclude_input).from_notebook_node(nb)
    atomic_write(target, self_contained(body))


def render_html_pair(notebook: Path) -> None:
    """``NAME.html`` (full) and ``NAME.shared.html`` (outputs only) from one parse of the notebook."""
    import nbformat

    nb = nbformat.read(notebook, as_version=4)
    render_html(notebook, notebook.with_suffix(".html"), nb=nb)
    render_html(notebook, notebook.with_suffix(".shared.html"), exclude_input=True, nb=nb)


@functools.lru_cache(maxsize=2)
def _exporter(exclude_input: bool):
    """One HTML exporter per variant for the process (its templates are loaded once)."""
    from nbconvert import HTMLExporter

    return HTMLExporter(
        template_name="lab",
        exclude_input=exclude_input,
        exclude_input_prompt=exclude_input,
        exclude_output_prompt=exclude_input,
    )
