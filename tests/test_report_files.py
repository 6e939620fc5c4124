"""Report files are readable by others, and notebooks show figures even under MPLBACKEND=Agg."""

from __future__ import annotations

import os
import stat
import subprocess
import sys

import nbformat

from conftest import ROOT, SEEDS


def test_report_files_have_umask_permissions(tmp_path):
    env = {**os.environ, "PYTHONHASHSEED": "0"}
    code = "import os, sys; os.umask(0o022); from analysis.cli import main; sys.exit(main(sys.argv[1:]))"
    proc = subprocess.run(
        [
            sys.executable,
            "-c",
            code,
            "report",
            str(SEEDS),
            "--out",
            str(tmp_path / "r"),
            "--figures",
            str(tmp_path / "f"),
            "--notebook",
            "01_corpus_overview",
        ],
        capture_output=True,
        text=True,
        cwd=tmp_path,
        env=env,
        timeout=600,
    )
    assert proc.returncode == 0, proc.stderr
    files = [p for p in (tmp_path / "r").rglob("*") if p.is_file()] + list((tmp_path / "f").iterdir())
    assert {p.suffix for p in files} >= {".png", ".svg", ".csv", ".html", ".ipynb", ".json"}
    modes = {p.relative_to(tmp_path).as_posix(): oct(stat.S_IMODE(p.stat().st_mode)) for p in files}
    assert {m for m in modes.values()} == {"0o644"}, modes
    folders = [tmp_path / "r", tmp_path / "f"] + [p for p in (tmp_path / "r").rglob("*") if p.is_dir()]
    folder_modes = {p.relative_to(tmp_path).as_posix(): oct(stat.S_IMODE(p.stat().st_mode)) for p in folders}
    assert set(folder_modes.values()) == {"0o755"}, folder_modes  # others may open the folders too
    assert not (tmp_path / "r" / "scored").exists()  # the scored tables are the notebooks' input, not the report


def test_a_notebook_run_with_mplbackend_agg_shows_its_figures(tmp_path):
    """What `make lab` + Run All does: the kernel inherits MPLBACKEND=Agg from make."""
    from nbclient import NotebookClient

    nb = nbformat.read(ROOT / "notebooks" / "01_corpus_overview.ipynb", as_version=4)
    params = nb.cells[[i for i, c in enumerate(nb.cells) if "parameters" in c.metadata.get("tags", [])][0]]
    params.source += f"\ncorpus_path = {str(SEEDS)!r}\nfigures_dir = {str(tmp_path / 'figures')!r}"
    old = os.environ.get("MPLBACKEND")
    os.environ["MPLBACKEND"] = "Agg"
    try:
        NotebookClient(
            nb, timeout=300, kernel_name="python3", resources={"metadata": {"path": str(tmp_path)}}
        ).execute()
    finally:
        if old is None:
            os.environ.pop("MPLBACKEND", None)
        else:
            os.environ["MPLBACKEND"] = old
    images = [o for c in nb.cells if c.cell_type == "code" for o in c.outputs if "image/png" in o.get("data", {})]
    assert len(images) >= 2  # mentions per article, sentiment arc


def test_figures_folder_is_replaced_whole_and_a_foreign_file_there_is_refused(tmp_path):
    figures = tmp_path / "f"
    figures.mkdir()
    (figures / "old_figure.png").write_bytes(b"stale")  # a figure of an earlier run: replaced
    run = [sys.executable, "-m", "analysis", "report", str(SEEDS), "--notebook", "01_corpus_overview"]
    proc = subprocess.run(
        [*run, "--out", str(tmp_path / "r"), "--figures", str(figures)], capture_output=True, text=True, timeout=600
    )
    assert proc.returncode == 0, proc.stderr
    names = sorted(p.name for p in figures.iterdir())
    assert "old_figure.png" not in names and names and all(n.startswith("01_") for n in names)
    (figures / "notes.txt").write_text("mine", encoding="utf-8")
    before = sorted(p.name for p in figures.iterdir())
    proc = subprocess.run(
        [*run, "--out", str(tmp_path / "r2"), "--figures", str(figures)], capture_output=True, text=True, timeout=600
    )
    assert proc.returncode == 2 and "notes.txt" in proc.stderr and "Traceback" not in proc.stderr
    assert sorted(p.name for p in figures.iterdir()) == before
