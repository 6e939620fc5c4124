"""Safe rendering: '$' in labels is plain text, formula-like CSV cells are neutralised,
report pages load nothing from the web."""

from __future__ import annotations

import re

import pandas as pd
import pytest

from analysis.io import save_table, spreadsheet_safe, to_csv, unneutralise
from analysis.report.html import self_contained

from conftest import run_analysis

MATH_OUTLET = r"$\frac{1}{0}$ News $x$"
FORMULA_OUTLET = '=HYPERLINK("http://evil.example","x")'


@pytest.fixture(scope="module")
def corpus(tmp_path_factory):
    root = tmp_path_factory.mktemp("unsafe")
    folder = root / "corpus"
    folder.mkdir()
    texts = {
        "m1": "Turkey and Russia deepen ties\n\nTurkey praised Russia warmly today. The US condemned Turkey.",
        "m2": "=1+2 Washington pressures Ankara\n\n-Russia said the deal with Turkey is going ahead. Putin praised Erdogan.",
    }
    for name, text in texts.items():
        (folder / f"{name}.txt").write_text(text, encoding="utf-8")
    outlets = pd.DataFrame({"doc_id": ["m1", "m2"], "outlet": [MATH_OUTLET, FORMULA_OUTLET]})
    outlets.to_csv(folder / "metadata.csv", index=False)
    return folder


def cli(*args, cwd):
    return run_analysis(*args, cwd=cwd, timeout=900)


@pytest.fixture(scope="module")
def unsafe_report(corpus):
    out = corpus.parent / "r"
    proc = cli("report", corpus, "--out", out, "--jobs", "2", cwd=corpus.parent)
    assert proc.returncode == 0, proc.stderr
    return out


def test_dollar_labels_are_plain_text_in_figures(unsafe_report):
    svgs = sorted((unsafe_report / "figures").glob("*.svg"))
    assert svgs
    # the SVG keeps each drawn string as a comment: the outlet is drawn literally
    assert any(MATH_OUTLET in svg.read_text(encoding="utf-8") for svg in svgs)


def test_plot_labels_with_dollars_do_not_crash(tmp_path):
    import matplotlib

    matplotlib.use("Agg")
    import analysis as fa
    from analysis.plots import style

    with style.context():
        import matplotlib.pyplot as plt

        fig, ax = plt.subplots()
        ax.set_title(MATH_OUTLET)
        ax.set_yticks([0, 1], [r"$\frac{1}{0}$ actor", "a $5 b"])
        ax.annotate("$x$", (0.5, 0.5))
    paths = fa.save_figure(fig, "dollars", tmp_path, show=False)
    svg = paths[1].read_text(encoding="utf-8")
    for text in (MATH_OUTLET, r"$\frac{1}{0}$ actor", "a $5 b", "$x$"):
        assert text in svg


def test_report_pages_load_nothing_from_the_web(unsafe_report):
    pages = sorted(unsafe_report.glob("*.html"))
    assert len(pages) >= 3
    remote = re.compile(r"<(?:script|link)\b[^>]*\b(?:src|href)\s*=\s*[\"']?(?:https?:)?//", re.IGNORECASE)
    for page in pages:
        assert not remote.search(page.read_text(encoding="utf-8")), page.name


def test_self_contained_keeps_local_scripts_and_links_in_text():
    page = (
        '<script src="https://cdn.example/require.min.js"></script><script>var a = 1;</script>'
        '<link rel="stylesheet" href="//fonts.example/x.css"><a href="https://example.org">web</a>'
    )
    assert self_contained(page) == '<script>var a = 1;</script><a href="https://example.org">web</a>'


def test_report_tables_neutralise_formula_cells(unsafe_report):
    tables = sorted((unsafe_report / "tables").glob("*.csv"))
    assert tables
    for path in tables:
        frame = pd.read_csv(path, dtype=str, keep_default_na=False)
        for col in frame.columns:
            assert not frame[col].str.startswith(("=", "+", "@", "\t", "\r")).any(), (path.name, col)


def test_score_csv_neutralised_parquet_raw(corpus):
    out = corpus.parent / "scored"
    proc = cli("score", corpus, "--out", out, "--no-progress", cwd=corpus.parent)
    assert proc.returncode == 0, proc.stderr
    csv = pd.read_csv(out / "articles.csv", dtype=str, keep_default_na=False)
    raw = pd.read_parquet(out / "articles.parquet")
    assert "'" + FORMULA_OUTLET in set(csv["outlet"])
    assert FORMULA_OUTLET in set(raw["outlet"])
    assert MATH_OUTLET in set(csv["outlet"])
    sentences = pd.read_csv(out / "sentences.csv", dtype=str, keep_default_na=False)
    assert sentences["text"].str.startswith("'=1+2").any() or sentences["text"].str.startswith("'-").any()
    from analysis.pipeline import load_results

    assert FORMULA_OUTLET in set(load_results(out).articles["outlet"])  # analysis reads Parquet: raw


def test_spreadsheet_safe_changes_text_only(tmp_path):
    frame = pd.DataFrame(
        {
            "text": ["=SUM(A1)", "+1", "-x", "@cmd", "\tx", "\rx", "plain", "it's"],
            "score": [-0.5, 1.0, -2.0, 0.0, 3.0, -1.0, 0.5, 2.0],
            "n": [-1, 2, 3, 4, 5, 6, 7, 8],
        }
    )
    safe = spreadsheet_safe(frame)
    assert list(safe["text"]) == ["'=SUM(A1)", "'+1", "'-x", "'@cmd", "'\tx", "'\rx", "plain", "it's"]
    assert list(frame["text"])[0] == "=SUM(A1)"  # the frame given is not changed
    frame = frame[frame["text"] != "\rx"]  # (a bare carriage return splits the row for a CSV reader)
    save_table(frame, "t", tmp_path)
    back = pd.read_csv(tmp_path / "t.csv", keep_default_na=False)
    assert back["score"].tolist() == frame["score"].tolist()
    assert back["n"].tolist() == frame["n"].tolist()
    assert back["text"].iloc[0] == "'=SUM(A1)"
    assert to_csv(frame).splitlines()[1].startswith("'=SUM(A1),-0.5,-1")
    assert list(unneutralise(safe.astype(str))["text"])[:4] == ["=SUM(A1)", "+1", "-x", "@cmd"]


def test_coding_sheet_reads_back_the_raw_values(tmp_path):
    from analysis.validation import read_sheet

    sheet = pd.DataFrame(
        {"doc_id": ["-a1", "b2"], "sent_id": [0, 1], "actor": ["turkey", "us"], "text": ["=1+2 x", "y"]}
    )
    sheet["coder_1"] = ["positive", "negative"]
    path = tmp_path / "sheet.csv"
    path.write_text(to_csv(sheet), encoding="utf-8")
    assert "'-a1" in path.read_text(encoding="utf-8")
    back = read_sheet(path)
    assert list(back["doc_id"]) == ["-a1", "b2"]
    assert list(back["text"]) == ["=1+2 x", "y"]
