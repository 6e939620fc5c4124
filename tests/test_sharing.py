"""Sharing and rerunning: list and label parameters, paths, empty results, evidence
tables, the report's index and run.json, and plain papermill from the repository root."""

from __future__ import annotations

import json
import re
import shutil
import subprocess
import sys

import pandas as pd
import pytest

import analysis as fa
from analysis.errors import InputError
from analysis.report.html import evidence_table, notebook_figures, reading
from analysis.report.params import normalise_parameters
from analysis.report.paths import notebooks_folder, resolve_input
from analysis.study import as_list, resolve_ids

from conftest import ROOT, SEEDS, run_analysis, snapshot

ACTORS = {"USA": "United States", "TUR": "Turkey", "RUS": "Russia"}


# -- list parameters and label-for-id ---------------------------------------------
@pytest.mark.parametrize(
    "value, expected",
    [
        ("[USA, TUR]", ["USA", "TUR"]),
        ("['United States', TUR]", ["United States", "TUR"]),
        ("USA,TUR", ["USA", "TUR"]),
        (" USA ", ["USA"]),
        ("", []),
        ("[]", []),
        (None, []),
        (["USA"], ["USA"]),
        (("USA", "RUS"), ["USA", "RUS"]),
    ],
)
def test_list_parameters_arrive_as_lists_whatever_their_form(value, expected):
    assert as_list(value, "actors") == expected


@pytest.mark.parametrize("value", ["[USA, TUR", "[!!binary aGk=]", 3])
def test_a_list_parameter_that_is_no_list_is_refused_naming_it(value):
    with pytest.raises(InputError, match="actors"):
        as_list(value, "actors")


def test_actors_given_by_label_become_ids_ignoring_case_and_duplicates():
    assert resolve_ids("[Turkey, usa, TUR, russia]", ACTORS, "actor") == ["TUR", "USA", "RUS"]


def test_an_unknown_actor_is_refused_with_the_list_of_valid_ids():
    with pytest.raises(InputError) as err:
        resolve_ids(["Turkey", "Atlantis"], ACTORS, "actor")
    message = str(err.value)
    assert "'Atlantis'" in message and "USA (United States)" in message and "TUR (Turkey)" in message


def test_report_parameters_are_normalised_against_the_configuration():
    declared = {
        "a.ipynb": {
            "actors": {"inferred_type_name": "list"},
            "issues": {"inferred_type_name": "list"},
            "group_by": {"inferred_type_name": "str"},
        }
    }
    out = normalise_parameters({"actors": "Turkey, United States", "group_by": "outlet"}, declared)
    assert out == {"actors": ["TUR", "USA"], "group_by": "outlet"}
    issue = fa.load_issues(None).ids[0]
    assert normalise_parameters({"issues": [issue]}, declared)["issues"] == [issue]
    with pytest.raises(InputError, match="valid ids"):
        normalise_parameters({"actors": ["Atlantis"]}, declared)


def test_cli_refuses_an_unknown_actor_before_anything_runs(tmp_path):
    proc = run_analysis(
        "report", SEEDS, "--out", tmp_path / "r", "-p", "actors", "[Atlantis]", cwd=tmp_path, timeout=300
    )
    assert proc.returncode == 2, proc.stderr
    assert "Atlantis" in proc.stderr and "TUR (Turkey)" in proc.stderr and "Traceback" not in proc.stderr
    assert not (tmp_path / "r").exists()


# -- paths ------------------------------------------------------------------------
def test_relative_inputs_are_read_from_the_current_folder_else_the_notebooks_folder(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    assert resolve_input("../seeds") == str((notebooks_folder() / "../seeds").resolve())
    (tmp_path / "here").mkdir()
    assert resolve_input("here") == "here"
    assert resolve_input("") == "" and resolve_input("nowhere/x.yaml") == "nowhere/x.yaml"


def test_save_figure_without_a_folder_writes_into_a_folder_of_the_run(tmp_path, monkeypatch):
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    monkeypatch.chdir(tmp_path)
    fig, ax = plt.subplots()
    ax.plot([0, 1])
    paths = fa.save_figure(fig, "x", "", show=False)
    assert sorted(p.as_posix() for p in paths) == ["framing-run/figures/x.png", "framing-run/figures/x.svg"]


# -- empty results ----------------------------------------------------------------
def test_an_empty_result_gives_a_note_and_no_figure_file(tmp_path):
    from analysis.plots.style import NoFigure

    empty = pd.DataFrame(columns=["issue", "group", "actor", "mean", "lo", "hi", "n", "stance"])
    note = fa.plot_stance_matrix(empty)
    assert isinstance(note, NoFigure) and "issue" in note.reason
    (tmp_path / "03_stance_matrix.png").write_bytes(b"stale")
    assert fa.save_figure(note, "03_stance_matrix", tmp_path, show=False) == []
    assert list(tmp_path.iterdir()) == []  # nothing written, the stale figure removed
    assert note._repr_markdown_().startswith("*No figure:")


# -- evidence tables --------------------------------------------------------------
def test_evidence_tables_show_the_whole_sentence_wrapped_with_the_cue_marked():
    long = "Officials said a great deal about many things, " * 6 + "and then Turkey <b>bought</b> the system."
    rows = pd.DataFrame({"doc_id": ["d"], "cues": ["bought (+)"], "markers": [None], "text": [long]})
    page = evidence_table(rows)._repr_html_()
    assert "&lt;b&gt;<mark" in page and ">bought</mark>&lt;/b&gt;" in page  # escaped, cue marked
    assert "the system." in page  # not cut
    assert "text-align:left" in page and "white-space:normal" in page


def test_evidence_tables_show_the_sentence_before_the_details():
    # regression: the dyad evidence's 15 columns pushed its sentences past the right edge
    # of a laptop screen in the shared HTML
    rows = pd.DataFrame(
        {
            "group": ["g"],
            "source": ["USA"],
            "target": ["TUR"],
            "cues": ["urged (-)"],
            "rule": ["arguments"],
            "markers": [None],
            "text": ["The US urged Turkey to drop the deal."],
        }
    )
    page = evidence_table(rows)._repr_html_()
    heads = re.findall(r"<th [^>]*>([^<]*)</th>", page)
    assert heads == ["group", "source", "target", "text", "cues", "rule", "markers"]
    assert list(rows.columns)[-1] == "text"  # the table itself is not reordered


# -- the index --------------------------------------------------------------------
def test_a_figure_caption_is_its_reading_not_its_file_name():
    md = "## Frames\n\nOne dot per group. The bar is an interval.\n\n**How to read it.** compare dots within a row. More."
    assert reading(md) == "Compare dots within a row."
    assert (
        reading("## Title\n\nBars count `mentions` of **each** actor. Then more.")
        == "Bars count mentions of each actor."
    )


# -- a report: run.json and the index ----------------------------------------------
def test_run_json_records_code_times_config_checksums_and_every_effective_parameter(tmp_path):
    proc = run_analysis(
        "report",
        SEEDS,
        "--out",
        tmp_path / "r",
        "--notebook",
        "01_corpus_overview",
        "-p",
        "actors",
        "[Turkey, USA]",
        cwd=tmp_path,
        timeout=600,
    )
    assert proc.returncode == 0, proc.stderr
    run = json.loads((tmp_path / "r" / "run.json").read_text())
    assert run["parameters_given"] == {"actors": ["TUR", "USA"]}
    effective = run["parameters"]["01_corpus_overview.ipynb"]
    assert effective["actors"] == ["TUR", "USA"] and effective["max_articles"] == 12  # a default, recorded
    assert effective["group_by"] == "outlet" and effective["figures_dir"] == "figures"
    assert run["started"] <= run["finished"] and run["started"].endswith("Z")
    assert run["code"]["version"] == fa.__version__
    if (ROOT / ".git").exists():
        assert len(run["code"]["commit"]) == 40
    assert set(run["config_files"]) >= {"packaged:actors.yaml", "packaged:issues.yaml", "packaged:frames.yaml"}
    assert all(len(v) == 64 for v in run["config_files"].values())
    index = (tmp_path / "r" / "index.html").read_text(encoding="utf-8")
    assert "<h2>01 · Corpus overview</h2>" in index
    assert "<b>Actor mentions per article</b> — Bars count the mentions" in index
    assert index.index("Actor mentions per article") < index.index("Sentence sentiment along each article")
    more = index[index.index("More tables") :]  # the tables behind no figure, the sentences among them
    assert '<a href="tables/01_boilerplate.csv">01_boilerplate</a>' in more and "01_corpus_summary" in more
    assert "01_sentiment_arc" not in more  # a figure's own table is linked from its figure
    nb = json.loads((tmp_path / "r" / "01_corpus_overview.ipynb").read_text(encoding="utf-8"))
    assert not [o for c in nb["cells"] for o in c.get("outputs", []) if o.get("name") == "stderr"]
    assert notebook_figures(tmp_path / "r" / "01_corpus_overview.ipynb")[0] == "01 · Corpus overview"


# -- plain papermill, as people use it --------------------------------------------
def _tracked_state():
    return subprocess.run(
        ["git", "-C", str(ROOT), "status", "--porcelain"], capture_output=True, text=True, check=True
    ).stdout


@pytest.mark.skipif(not (ROOT / ".git").exists(), reason="needs a git clone")
def test_plain_papermill_from_the_repository_root_changes_no_tracked_file(tmp_path):
    run_dir = ROOT / "framing-run"
    existed = run_dir.exists()
    before, figures_before, seeds_before = _tracked_state(), snapshot(ROOT / "figures"), snapshot(SEEDS)
    out = tmp_path / "out.ipynb"
    try:
        proc = subprocess.run(
            [
                sys.executable,
                "-m",
                "papermill",
                "notebooks/01_corpus_overview.ipynb",
                str(out),
                "-p",
                "actors",
                "[United States, TUR]",  # a YAML list string, one actor by label
            ],
            capture_output=True,
            text=True,
            cwd=ROOT,
            timeout=600,
        )
        assert proc.returncode == 0, proc.stderr[-3000:]
        assert (run_dir / "figures" / "01_mentions_per_article.png").is_file()
        assert _tracked_state() == before
        assert snapshot(ROOT / "figures") == figures_before and snapshot(SEEDS) == seeds_before
    finally:
        if not existed:
            shutil.rmtree(run_dir, ignore_errors=True)
    nb = json.loads(out.read_text(encoding="utf-8"))
    outputs = [o for c in nb["cells"] for o in c.get("outputs", [])]
    assert not [o for o in outputs if o.get("output_type") == "error" or o.get("name") == "stderr"]
    assert not [o for o in outputs if "application/vnd.jupyter.widget-view+json" in o.get("data", {})]


def test_plain_papermill_from_another_folder_finds_the_defaults(tmp_path):
    proc = subprocess.run(
        [sys.executable, "-m", "papermill", str(ROOT / "notebooks" / "01_corpus_overview.ipynb"), "out.ipynb"],
        capture_output=True,
        text=True,
        cwd=tmp_path,
        timeout=600,
    )
    assert proc.returncode == 0, proc.stderr[-3000:]
    assert sorted(p.name for p in (tmp_path / "framing-run" / "figures").glob("*.png")) == [
        "01_mentions_per_article.png",
        "01_sentiment_arc.png",
    ]


# -- environment files ------------------------------------------------------------
def _pins(items):
    out = {}
    for item in items:
        if isinstance(item, dict):
            out.update(_pins(item.get("pip", [])))
            continue
        spec = str(item).split("#")[0].strip().split("[")[0] if "==" not in str(item) else str(item)
        name, _, ver = spec.replace("==", "=").partition("=")
        if ver and name not in ("python",):
            out[name.strip().lower().replace("_", "-")] = ver.split("[")[0].strip()
    return out


def _requirements(specs):
    out = {}
    for spec in specs:
        name, _, ver = spec.partition("==")
        out[name.split("[")[0].strip().lower().replace("_", "-")] = ver.strip()
    return out


@pytest.mark.parametrize(
    "name, extras, editable",
    [("environment.yml", (), "-e ."), ("environment-dev.yml", ("dev", "scale", "train"), "-e .[dev,scale,train]")],
)
def test_environment_files_pin_what_pyproject_pins_and_install_the_package(name, extras, editable):
    import yaml

    tomllib = pytest.importorskip("tomllib")
    project = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["project"]
    wanted = _requirements(project["dependencies"])
    for extra in extras:
        wanted.update(_requirements(project["optional-dependencies"][extra]))
    env = yaml.safe_load((ROOT / name).read_text(encoding="utf-8"))
    pins = _pins(env["dependencies"])
    wanted = {k.replace("dask[dataframe]", "dask"): v for k, v in wanted.items()}
    assert {k: pins.get(k) for k in wanted} == wanted
    pip = next(d["pip"] for d in env["dependencies"] if isinstance(d, dict))
    assert editable in pip


def test_a_study_maps_actor_issue_and_target_labels_to_ids():
    study = fa.open_study(SEEDS)
    assert study.actor_ids("[Turkey, usa]") == ["TUR", "USA"]
    issue_id, issue_label = next(iter(study.issue_set.labels.items()))
    assert study.issue_ids([issue_label.upper()]) == [issue_id]
    assert study.target_ids(f"Russia,{issue_label}") == ["RUS", issue_id]
    assert study.mentioned_actors("Turkey") == ["TUR"]
    with pytest.raises(InputError, match="valid ids"):
        study.actor_ids([issue_id])  # an issue is no actor


def test_a_report_with_nothing_to_draw_exports_no_figure_and_lists_the_note(tmp_path):
    corpus = tmp_path / "corpus"
    corpus.mkdir()
    (corpus / "a.txt").write_text("Turkey and Russia signed a trade agreement on Monday.\n", encoding="utf-8")
    (corpus / "b.txt").write_text("Officials in Ankara praised the weather.\n", encoding="utf-8")
    proc = run_analysis(
        "report", corpus, "--out", tmp_path / "r", "--notebook", "03_relations_and_stance", cwd=tmp_path, timeout=600
    )
    assert proc.returncode == 0, proc.stderr
    figures = sorted(p.name for p in (tmp_path / "r" / "figures").iterdir())
    assert "03_stance_matrix.png" not in figures and "03_stance_matrix.svg" not in figures
    index = (tmp_path / "r" / "index.html").read_text(encoding="utf-8")
    assert "<b>Stance on the issues</b>: No figure: no actor is named with an issue" in index
    shared = (tmp_path / "r" / "03_relations_and_stance.shared.html").read_text(encoding="utf-8")
    assert "No figure: no actor is named with an issue" in shared
