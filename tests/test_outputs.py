"""Outputs never overwrite inputs: every --out / --figures / --json is checked first."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

from analysis.errors import InputError
from analysis.io import check_output_path

from conftest import ROOT

ARTICLES = "doc_id,outlet,text\na1,X,Turkey praised Russia warmly today.\na2,Y,The US condemned Turkey.\n"


def run(*args):
    return subprocess.run(
        [sys.executable, "-m", "analysis", *map(str, args)], capture_output=True, text=True, cwd=ROOT, timeout=300
    )


def snapshot(root: Path) -> dict:
    return {p.relative_to(root).as_posix(): p.read_bytes() for p in sorted(root.rglob("*")) if p.is_file()}


@pytest.fixture
def study(tmp_path):
    """DIR/articles.csv (a file corpus), DIR/corpus/ (a folder corpus), DIR/study.yaml, DIR/params.yaml."""
    (tmp_path / "articles.csv").write_text(ARTICLES)
    corpus = tmp_path / "corpus"
    corpus.mkdir()
    (corpus / "a1.txt").write_text("Turkey praised Russia warmly today.\n")
    (corpus / "metadata.csv").write_text("doc_id,outlet\na1,X\n")
    (tmp_path / "study.yaml").write_text("lexicon_overlay: true\n")
    (tmp_path / "params.yaml").write_text("group_by: outlet\n")
    (tmp_path / "sheet.csv").write_text("item_id,coder_1\n")
    (tmp_path / "tables").mkdir()
    (tmp_path / "notes.txt").write_text("not a folder\n")
    return tmp_path


CASES = [
    # score
    (("score", "{d}/articles.csv", "--out", "{d}"), "--out folder holds the input"),
    (("score", "{d}/articles.csv", "--out", "{d}/articles.csv"), "is a file"),
    (("score", "{d}/corpus", "--out", "{d}/corpus"), "--out is the input"),
    (("score", "{d}/corpus", "--out", "{d}/corpus/tables"), "--out lies inside the input folder"),
    (("score", "{d}/corpus", "--out", "{d}"), "--out folder holds the input"),
    (("score", "{d}/corpus", "--out", "{d}/corpus/../corpus/x"), "--out lies inside the input folder"),
    (("score", "{d}/articles.csv", "--out", "{d}/o", "--metadata", "{d}/o/meta.csv"), "--out folder holds"),
    (("score", "{d}/corpus", "--out", "{d}", "--config", "{d}/study.yaml"), "--out folder holds the input"),
    (("score", "{d}/articles.csv", "--out", "{d}/notes.txt"), "is a file"),
    # report
    (("report", "{d}/articles.csv", "--out", "{d}"), "--out folder holds the input"),
    (("report", "{d}/corpus", "--out", "{d}/corpus/report"), "--out lies inside the input folder"),
    (("report", "{d}/articles.csv", "--out", "{d}/notes.txt"), "is a file"),
    (("report", "{d}/articles.csv", "--out", "{d}/r", "--figures", "{d}"), "--figures folder holds the input"),
    (("report", "{d}/corpus", "--out", "{d}/r", "--figures", "{d}/corpus/fig"), "--figures lies inside"),
    (("report", "{d}/articles.csv", "--out", "{d}/r", "--figures", "{d}/notes.txt"), "is a file"),
    (("report", "{d}/corpus", "--out", "{d}", "--config", "{d}/study.yaml"), "--out folder holds the input"),
    (("report", "{d}/corpus", "--out", "{d}", "--parameters", "{d}/params.yaml"), "--out folder holds the input"),
    # validate
    (("validate", "sample", "{d}/articles.csv", "--out", "{d}/articles.csv"), "--out is the input"),
    (("validate", "sample", "{d}/corpus", "--out", "{d}/corpus/metadata.csv"), "--out lies inside the input"),
    (("validate", "sample", "{d}/corpus", "--out", "{d}/corpus/sheet.csv"), "--out lies inside the input folder"),
    (("validate", "sample", "{d}/corpus", "--out", "{d}/study.yaml", "--config", "{d}/study.yaml"), "is the input"),
    (("validate", "sample", "{d}/corpus", "--out", "{d}/tables"), "is a folder"),
    (("validate", "score", "{d}/sheet.csv", "{d}/tables", "--json", "{d}/sheet.csv"), "--json is the input"),
    (("validate", "score", "{d}/sheet.csv", "{d}/tables", "--json", "{d}/tables/r.json"), "--json lies inside"),
]


@pytest.mark.parametrize("args, needle", CASES, ids=[" ".join(a[:2]) + f" {i}" for i, (a, _) in enumerate(CASES)])
def test_output_over_an_input_is_refused(study, args, needle):
    before = snapshot(study)
    proc = run(*(a.format(d=study) for a in args))
    assert proc.returncode == 2, proc.stderr
    lines = proc.stderr.strip().splitlines()
    assert len(lines) == 1 and "Traceback" not in proc.stderr, proc.stderr
    assert lines[0].startswith("error: ") and needle in lines[0], lines[0]
    assert snapshot(study) == before  # every input byte-identical, nothing written
    assert not list(study.parent.glob(f".{study.name}*"))  # no temporary folder beside DIR


def test_report_out_holding_a_notebook_is_refused(tmp_path):
    nb_dir = tmp_path / "nb"
    nb_dir.mkdir()
    source = ROOT / "notebooks" / "01_corpus_overview.ipynb"
    (nb_dir / source.name).write_bytes(source.read_bytes())
    before = snapshot(tmp_path)
    proc = run("report", ROOT / "seeds", "--out", nb_dir, "--notebook", nb_dir / source.name)
    assert proc.returncode == 2 and proc.stderr.count("\n") == 1
    assert "--out folder holds the input" in proc.stderr and "01_corpus_overview.ipynb" in proc.stderr
    assert snapshot(tmp_path) == before


def test_check_output_path_allows_separate_places(study):
    inputs = [study / "corpus", study / "articles.csv", study / "study.yaml", None]
    assert check_output_path(study / "out", inputs) == study / "out"
    assert check_output_path(study / "corpus2", inputs)  # a sibling whose name starts like the corpus
    assert check_output_path(study / "tables" / "sheet.csv", inputs, kind="file")
    check_output_path(study / "sub" / "deeper", [study / "corpus" / "a1.txt"])


def test_check_output_path_follows_symbolic_links(study):
    link = study / "link"
    try:
        os.symlink(study / "corpus", link, target_is_directory=True)
    except OSError:
        pytest.skip("no symbolic links here")
    with pytest.raises(InputError, match="--out is the input"):
        check_output_path(link, [study / "corpus"])
    with pytest.raises(InputError, match="lies inside the input folder"):
        check_output_path(link / "tables", [study / "corpus"])


def test_check_output_path_message_names_the_output(study):
    with pytest.raises(InputError) as info:
        check_output_path(study, [study / "articles.csv"], option="--figures")
    assert info.value.path == str(study)
    assert (
        str(info.value)
        == f"{study}: --figures folder holds the input {study / 'articles.csv'}; choose another --figures"
    )
