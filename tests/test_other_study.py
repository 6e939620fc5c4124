"""The full report on another triangle (China, Taiwan, the US) with its own configuration."""

from __future__ import annotations

import json

import pandas as pd
import pytest

from conftest import run_analysis

ARTICLES = {
    "tw1": (
        "Beijing steps up pressure on Taipei\n\n"
        "China held military drills around Taiwan on Monday. Beijing warned Taipei against any move "
        "toward independence. Washington condemned the drills and said it stands by Taiwan.\n\n"
        "The United States approved new arms sales to Taiwan, and China threatened sanctions over the sale."
    ),
    "tw2": (
        "Taiwan welcomes US arms package\n\n"
        "Taipei welcomed the arms package from the United States. Taiwanese officials said the sale "
        "strengthens their defense. Beijing condemned Washington for the arms sales to Taiwan.\n\n"
        "Chinese and American diplomats met in Geneva to negotiate, but China said it will retaliate."
    ),
    "tw3": (
        "Trade talks resume\n\n"
        "China and the United States agreed to resume trade talks. Taiwan was not on the agenda, "
        "officials in Washington said. Beijing praised the cooperation with Washington.\n\n"
        "Photo Credit: Reuters"
    ),
}
META = "doc_id,outlet,date\ntw1,Daily A,2020-01-02\ntw2,Daily B,2020-01-03\ntw3,Daily A,2020-01-05\n"
ACTORS = """actors:
  - id: CHN
    label: China
    aliases: [China, Chinese, Beijing, PRC]
    leaders: [{id: XI, label: Xi Jinping, aliases: [Xi Jinping, Xi]}]
  - id: TWN
    label: Taiwan
    aliases: [Taiwan, Taipei, Taiwanese]
  - id: USA
    label: United States
    aliases: [United States, US, U.S., Washington, American]
    exclude: [Washington Post]
"""
ISSUES = """issues:
  - id: ARMS
    label: US arms sales to Taiwan
    aliases: [arms sales to Taiwan, arms package, arms sales]
    anaphors: [the sale]
    support: [approve, welcome, strengthen]
    oppose: [condemn, {text: retaliate, weight: 2}, sanction]
"""


@pytest.fixture(scope="module")
def taiwan_report(tmp_path_factory):
    root = tmp_path_factory.mktemp("taiwan")
    corpus = root / "corpus"
    corpus.mkdir()
    for doc_id, text in ARTICLES.items():
        (corpus / f"{doc_id}.txt").write_text(text, encoding="utf-8")
    (corpus / "metadata.csv").write_text(META, encoding="utf-8")
    (root / "actors.yaml").write_text(ACTORS, encoding="utf-8")
    (root / "issues.yaml").write_text(ISSUES, encoding="utf-8")
    (root / "study.yaml").write_text("actors: actors.yaml\nissues: issues.yaml\n", encoding="utf-8")
    score = run_analysis("score", corpus, "--out", root / "tables", "--config", root / "study.yaml", timeout=600)
    assert score.returncode == 0, score.stderr
    proc = run_analysis(
        "report",
        corpus,
        "--out",
        root / "report",
        "--config",
        root / "study.yaml",
        "--jobs",
        "2",
        cwd=root,
        timeout=900,
    )
    assert proc.returncode == 0, proc.stderr
    return root


def test_other_study_tables_use_its_own_actors_and_issue(taiwan_report):
    mentions = pd.read_parquet(taiwan_report / "tables" / "mentions.parquet")
    assert set(mentions["actor"]) == {"CHN", "TWN", "USA"}
    tables = {p.stem for p in (taiwan_report / "tables").glob("*.parquet")}
    assert {"articles", "sentences", "mentions"} <= tables
    if "stance" in tables:
        stance = pd.read_parquet(taiwan_report / "tables" / "stance.parquet")
        assert set(stance["issue"]) == {"ARMS"}
    if "dyads" in tables:
        dyads = pd.read_parquet(taiwan_report / "tables" / "dyads.parquet")
        assert set(dyads["source"]) | set(dyads["target"]) <= {"CHN", "TWN", "USA"}
        drills = dyads[(dyads["source"] == "CHN") & (dyads["target"] == "TWN") & (dyads["relation"] == "conflict")]
        assert len(drills) >= 1


def test_other_study_report_runs_every_notebook_without_errors(taiwan_report):
    report = taiwan_report / "report"
    run = json.loads((report / "run.json").read_text())
    assert len(run["notebooks"]) >= 1
    for name in run["notebooks"]:
        nb = json.loads((report / name).read_text(encoding="utf-8"))
        errors = [o for c in nb["cells"] for o in c.get("outputs", []) if o.get("output_type") == "error"]
        assert errors == [], name
        text = json.dumps(nb)
        assert "Turkey" not in text.replace("turkey", "") or name.startswith("0")  # no default actors leak in
    assert (report / "index.html").is_file()
    assert list((report / "figures").glob("*.svg"))
