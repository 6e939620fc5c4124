"""Source notebooks are thin and stripped; they execute through papermill on the seeds."""

from __future__ import annotations

import json

import pytest

from analysis.report.notebooks import problems

from conftest import ROOT, SEEDS, run_analysis, snapshot

NOTEBOOKS = sorted((ROOT / "notebooks").glob("[0-9][0-9]_*.ipynb"))


@pytest.mark.parametrize("path", NOTEBOOKS, ids=lambda p: p.name)
def test_source_notebook_is_thin_stripped_and_parameterised(path):
    assert problems(path) == []


@pytest.fixture(scope="module")
def seed_report(tmp_path_factory):
    """One full report on the seeds, run the way `make report` runs it (as a command)."""
    root = tmp_path_factory.mktemp("report")
    before = snapshot(SEEDS)
    proc = run_analysis(
        "report", SEEDS, "--out", root / "reports", "--figures", root / "figures", "--jobs", "2", cwd=root, timeout=900
    )
    assert proc.returncode == 0, proc.stderr
    assert snapshot(SEEDS) == before
    return root


def test_every_notebook_executes_and_is_rendered(seed_report):
    reports = seed_report / "reports"
    for nb in NOTEBOOKS:
        executed = json.loads((reports / nb.name).read_text(encoding="utf-8"))
        errors = [o for c in executed["cells"] for o in c.get("outputs", []) if o.get("output_type") == "error"]
        assert errors == []
        assert (reports / f"{nb.stem}.html").is_file()
        assert (reports / f"{nb.stem}.shared.html").is_file()
    assert (reports / "index.html").is_file()
    run = json.loads((reports / "run.json").read_text())
    assert set(run["notebooks"]) == {nb.name for nb in NOTEBOOKS}
    assert len(run["corpus_sha256"]) == 64


def test_overview_figures_are_written_as_png_and_svg(seed_report):
    for folder in (seed_report / "figures", seed_report / "reports" / "figures"):
        for name in ("01_mentions_per_article", "01_sentiment_arc"):
            assert (folder / f"{name}.png").stat().st_size > 1000
            assert (folder / f"{name}.svg").read_text(encoding="utf-8").lstrip().startswith("<?xml")
    assert (seed_report / "reports" / "tables" / "01_corpus_summary.csv").is_file()


def test_two_runs_give_byte_identical_tables_and_svg_figures(seed_report, tmp_path):
    proc = run_analysis("report", SEEDS, "--out", tmp_path / "again", cwd=tmp_path, timeout=900)
    assert proc.returncode == 0, proc.stderr
    first = seed_report / "reports"
    for pattern in ("tables/*.csv", "figures/*.svg", "figures/*.png"):
        names = sorted(p.name for p in first.glob(pattern))
        assert names, pattern
        for name in names:
            sub = pattern.split("/")[0]
            assert (first / sub / name).read_bytes() == (tmp_path / "again" / sub / name).read_bytes(), name


def test_html_renders_markdown_and_evidence_marks_as_html(seed_report):
    # regression: nbconvert's sanitiser once turned every Markdown cell and table into
    # escaped text ("<h1 ..." shown to the reader)
    from bs4 import BeautifulSoup

    for name in ("02_actor_sentiment.html", "02_actor_sentiment.shared.html"):
        html = (seed_report / "reports" / name).read_text(encoding="utf-8")
        assert "&lt;h1" not in html and "&lt;mark" not in html and "&lt;style" not in html
        soup = BeautifulSoup(html, "html.parser")
        assert soup.find("h1") is not None
        assert len(soup.find_all("mark")) > 10  # mentions and deciding words marked
        assert soup.find("table") is not None


def test_executed_notebooks_show_their_figures(seed_report):
    # regression: with MPLBACKEND=Agg inherited by the kernel, no figure reached the report
    for nb in NOTEBOOKS:
        executed = json.loads((seed_report / "reports" / nb.name).read_text(encoding="utf-8"))
        images = [o for c in executed["cells"] for o in c.get("outputs", []) if "image/png" in o.get("data", {})]
        assert len(images) >= (1 if nb.name.startswith("05_") else 2), nb.name  # 05: one dated seed year


def test_over_time_notebook_counts_undated_seeds_and_draws_only_what_changes_over_time(seed_report):
    reports = seed_report / "reports"
    executed = json.loads((reports / "05_over_time.ipynb").read_text(encoding="utf-8"))
    printed = "".join("".join(o.get("text", "")) for c in executed["cells"] for o in c.get("outputs", []))
    assert "3 articles: 1 dated (2019-04-08 to 2019-04-08), 2 without a date" in printed
    # the one dated seed falls in 2019: the volume is drawn, the lines over time are not (one
    # point each) and each says so, while every table is still written
    assert (reports / "figures" / "05_articles_over_time.png").stat().st_size > 1000
    notes = [
        "".join(o["data"]["text/markdown"])
        for c in executed["cells"]
        for o in c.get("outputs", [])
        if "text/markdown" in o.get("data", {})
    ]
    for name in ("articles", "attention", "actor_sentiment", "relations", "stance", "frames"):
        assert (reports / "tables" / f"05_{name}_over_time.csv").is_file(), name
    for name in ("attention", "actor_sentiment", "relations", "stance", "frames"):
        assert not list((reports / "figures").glob(f"05_{name}_over_time.*")), name
    assert len(notes) == 5 and all("falls in one year (2019)" in n for n in notes), notes
    from analysis.plots.style import MAX_PIXELS, png_size

    for png in (reports / "figures").glob("*.png"):
        assert max(png_size(png.read_bytes())) <= MAX_PIXELS, png.name
