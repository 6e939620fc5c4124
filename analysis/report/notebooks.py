"""Checks and chores for the source notebooks (``python -m analysis.report.notebooks strip FILES``)."""

from __future__ import annotations

import ast
import re
import sys

import nbformat

_PARAM_LINE = re.compile(r"^[A-Za-z_]\w*\s*:\s*[A-Za-z_][\w\[\], ]*\s*=\s*.+?\s+#\s+\S.*$")


def strip(path) -> bool:
    """Remove outputs and execution counts; return True if the file changed."""
    nb = nbformat.read(path, as_version=4)
    changed = False
    for cell in nb.cells:
        if cell.cell_type == "code":
            if cell.outputs or cell.execution_count is not None:
                changed = True
            cell.outputs, cell.execution_count = [], None
            for key in ("execution", "papermill"):
                changed |= cell.metadata.pop(key, None) is not None
    for key in ("papermill",):
        changed |= nb.metadata.pop(key, None) is not None
    if changed:
        nbformat.write(nb, path)
    return changed


def problems(path) -> list[str]:
    """What keeps a source notebook from being thin and parameterised."""
    nb = nbformat.read(path, as_version=4)
    out = []
    params = [c for c in nb.cells if "parameters" in c.metadata.get("tags", [])]
    if len(params) != 1:
        out.append(f"expected one cell tagged 'parameters', found {len(params)}")
    for c in params:
        for line in c.source.splitlines():
            if line.strip() and not line.lstrip().startswith("#") and not _PARAM_LINE.match(line):
                out.append(f"parameters line is not 'name: type = literal  # help': {line!r}")
            elif line.count("=") > 1:
                out.append(f"parameters line has a second '=' (papermill cannot read it): {line!r}")
            elif line.strip() and not line.lstrip().startswith("#"):
                value = line.split("=", 1)[1].split("  #", 1)[0].strip()
                try:
                    ast.literal_eval(value)
                except (ValueError, SyntaxError):
                    out.append(f"parameter default is not a literal: {line!r}")
    for i, c in enumerate(nb.cells):
        if c.cell_type != "code":
            continue
        if c.outputs or c.execution_count is not None:
            out.append(f"cell {i} has outputs (strip them: make strip)")
        try:
            tree = ast.parse(c.source)
        except SyntaxError as exc:
            out.append(f"cell {i} does not parse: {exc.msg}")
            continue
        for node in ast.walk(tree):
            if isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef, ast.ClassDef)):
                out.append(f"cell {i} defines a function or class: move it into analysis/")
                break
    return out


if __name__ == "__main__":
    if len(sys.argv) < 3 or sys.argv[1] != "strip":
        print("usage: python -m analysis.report.notebooks strip NOTEBOOK...", file=sys.stderr)
        sys.exit(2)
    for p in sys.argv[2:]:
        if strip(p):
            print(f"stripped {p}")
