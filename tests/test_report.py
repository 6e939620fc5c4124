"""python -m analysis report: parameters, failure, swap, escaping of untrusted text."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import nbformat
import pytest
from bs4 import BeautifulSoup
from nbformat.v4 import new_code_cell, new_markdown_cell, new_notebook

from analysis.report.run import check_parameters, parse_value

from conftest import ROOT, SEEDS, default_signals, run_analysis, snapshot

HOSTILE = [
    "<script>alert(1)</script>",
    "<img src=x onerror=alert(1)>",
    "[click me](http://evil.example/x)",
    "{{ 7*7 }} ${7*7} {% raw %} **bold** <a href='http://evil.example/y'>link</a>",
]


def report(*args, cwd=ROOT, timeout=900):
    return run_analysis("report", *args, cwd=cwd, timeout=timeout)


def tiny_notebook(path: Path, body: str) -> Path:
    nb = new_notebook()
    nb.metadata["kernelspec"] = {"name": "python3", "display_name": "Python 3", "language": "python"}
    params = new_code_cell(
        'corpus_path: str = "../seeds"  # corpus\nfigures_dir: str = "figures"  # figures\n'
        'tables_dir: str = ""  # tables\nlevel: int = 1  # a number'
    )
    params.metadata["tags"] = ["parameters"]
    nb.cells = [new_markdown_cell("# tiny"), params, new_code_cell("x = level * 2"), new_code_cell(body)]
    nbformat.write(nb, path)
    return path


def test_parse_value_reads_yaml_scalars_and_lists():
    assert parse_value("3") == 3 and parse_value("true") is True
    assert parse_value("[USA, TUR]") == ["USA", "TUR"] and parse_value("outlet") == "outlet"


def test_parameters_are_checked_against_what_notebooks_declare():
    declared = {"a.ipynb": {"seed": {"inferred_type_name": "int"}, "group_by": {"inferred_type_name": "str"}}}
    check_parameters({"seed": 3, "group_by": "bias_text"}, declared)
    with pytest.raises(ValueError, match="unknown notebook parameter 'sede'"):
        check_parameters({"sede": 3}, declared)
    with pytest.raises(ValueError, match="'seed' expects int"):
        check_parameters({"seed": "three"}, declared)
    with pytest.raises(ValueError, match="'seed' expects int"):
        check_parameters({"seed": True}, declared)


def test_bad_parameter_is_one_line_and_exit_2(tmp_path):
    proc = report(SEEDS, "--out", tmp_path / "r", "-p", "no_such_param", "1")
    assert proc.returncode == 2
    assert proc.stderr.strip().count("\n") == 0 and "unknown notebook parameter 'no_such_param'" in proc.stderr
    assert not (tmp_path / "r").exists()


def test_parameters_from_cli_and_yaml_file_reach_the_notebook(tmp_path):
    nb = tiny_notebook(tmp_path / "05_tiny.ipynb", "assert level == 7, level")
    params = tmp_path / "params.yaml"
    params.write_text("level: 5\n")
    proc = report(SEEDS, "--out", tmp_path / "r", "--notebook", nb, "--parameters", params, "-p", "level", "7")
    assert proc.returncode == 0, proc.stderr
    run = json.loads((tmp_path / "r" / "run.json").read_text())
    assert run["parameters"]["05_tiny.ipynb"]["level"] == 7
    assert (tmp_path / "r" / "05_tiny.shared.html").is_file()


def test_failing_notebook_exits_1_keeps_partial_and_earlier_outputs(tmp_path):
    good = tiny_notebook(tmp_path / "05_tiny.ipynb", "y = 1")
    out = tmp_path / "r"
    assert report(SEEDS, "--out", out, "--notebook", good).returncode == 0
    before = snapshot(out)
    (tmp_path / "bad").mkdir()
    bad = tiny_notebook(tmp_path / "bad" / "05_tiny.ipynb", "raise ValueError('boom in the notebook')")
    proc = report(SEEDS, "--out", out, "--notebook", bad)
    assert proc.returncode == 1
    assert "05_tiny.ipynb failed in cell 3 (0-based)" in proc.stderr
    assert "in: raise ValueError" in proc.stderr
    assert "ValueError: boom in the notebook" in proc.stderr
    assert "Traceback" not in proc.stderr
    assert len(proc.stderr.strip().splitlines()) <= 8
    assert snapshot(out) == before  # the last good run is intact
    partial = tmp_path / "r.failed" / "05_tiny.ipynb"
    assert partial.is_file()
    cells = nbformat.read(partial, as_version=4).cells
    assert any(o.get("ename") == "ValueError" for c in cells if c.cell_type == "code" for o in c.outputs)
    assert not list(tmp_path.glob(".r.build-*"))  # the temporary build folder is gone


@pytest.fixture(scope="module")
def hostile_report(tmp_path_factory):
    root = tmp_path_factory.mktemp("hostile")
    corpus = root / "corpus"
    corpus.mkdir()
    texts = {
        "h1": f"Turkey and Russia deepen ties {HOSTILE[0]}\n\nTurkey praised Russia warmly {HOSTILE[0]} today. "
        f"The US condemned Turkey {HOSTILE[1]} over the S-400 purchase.\n\nWashington fears the deal {HOSTILE[2]}.",
        "h2": f"Washington pressures Ankara\n\nThe United States warned Turkey again {HOSTILE[3]}. "
        f"Russia said the deal with Turkey is going ahead {HOSTILE[1]}.\n\nPutin praised Erdogan.",
    }
    for name, text in texts.items():
        (corpus / f"{name}.txt").write_text(text, encoding="utf-8")
    (corpus / "metadata.csv").write_text(
        'doc_id,outlet\nh1,"<b onmouseover=alert(2)>Evil</b> News"\nh2,"Plain {{ outlet }} [x](http://evil.example/z)"\n',
        encoding="utf-8",
    )
    proc = report(corpus, "--out", root / "r", "--jobs", "2", cwd=root)
    assert proc.returncode == 0, proc.stderr
    return root / "r"


def injected(html: str) -> list[str]:
    """Elements or attributes in ``html`` that came from the hostile corpus text."""
    found = []
    for tag in BeautifulSoup(html, "html.parser").find_all(True):
        if tag.name == "script" and "alert(" in (tag.string or ""):
            found.append("script")
        for attr, value in tag.attrs.items():
            if attr.lower().startswith("on") and "alert" in str(value):
                found.append(f"{tag.name}[{attr}]")
        if tag.name == "img" and tag.get("src") == "x":
            found.append("img[src=x]")
        if tag.name == "a" and "evil.example" in str(tag.get("href", "")):
            found.append("a[href]")
    return found


def test_untrusted_text_is_escaped_in_every_html_output(hostile_report):
    pages = sorted(hostile_report.glob("*.html"))
    assert len(pages) >= 3
    for page in pages:
        assert injected(page.read_text(encoding="utf-8")) == [], page.name


def test_untrusted_text_appears_as_text_in_notebook_outputs(hostile_report):
    seen_escaped = False
    for nb_path in sorted(hostile_report.glob("*.ipynb")):
        nb = nbformat.read(nb_path, as_version=4)
        for cell in nb.cells:
            for out in cell.get("outputs", []):
                html = out.get("data", {}).get("text/html", "")
                html = "".join(html) if isinstance(html, list) else html
                assert injected(html) == [], (nb_path.name, cell.get("id"))
                seen_escaped |= "&lt;script&gt;alert(1)&lt;/script&gt;" in html
    assert seen_escaped  # the hostile sentence was rendered, as text


def test_ctrl_c_exits_130_and_keeps_earlier_outputs(tmp_path):
    import signal
    import time

    good = tiny_notebook(tmp_path / "05_tiny.ipynb", "y = 1")
    out = tmp_path / "r"
    assert report(SEEDS, "--out", out, "--notebook", good).returncode == 0
    before = snapshot(out)
    (tmp_path / "slow").mkdir()
    running = tmp_path / "running"  # written by the kernel once it is inside the slow cell
    slow = tiny_notebook(
        tmp_path / "slow" / "05_tiny.ipynb",
        f"import pathlib, time\npathlib.Path({str(running)!r}).touch()\ntime.sleep(120)",
    )
    proc = subprocess.Popen(
        [sys.executable, "-m", "analysis", "report", str(SEEDS), "--out", str(out), "--notebook", str(slow)],
        cwd=ROOT,
        stderr=subprocess.PIPE,
        text=True,
        preexec_fn=default_signals,
    )
    deadline = time.time() + 120
    while time.time() < deadline and not running.exists():
        time.sleep(0.2)  # wait until the kernel runs the slow cell
    time.sleep(0.5)
    proc.send_signal(signal.SIGINT)
    _, err = proc.communicate(timeout=120)
    assert proc.returncode in (130, -2)  # 130, or ended by SIGINT itself after its one line ($? = 130)
    assert "interrupted" in err and "Traceback" not in err
    assert snapshot(out) == before
    assert not list(tmp_path.glob(".r.build-*"))
    assert (tmp_path / "r.failed" / "05_tiny.ipynb").is_file()
