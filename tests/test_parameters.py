"""Notebook parameters carry plain values only: no code reaches the parameters cell."""

from __future__ import annotations

import base64
import datetime
import subprocess
import sys

import pytest

from analysis.errors import InputError
from analysis.report.params import check_parameters, parse_value, plain_problem, read_parameters

from conftest import ROOT, SEEDS

DECLARED = {
    "a.ipynb": {
        "actors": {"inferred_type_name": "list"},
        "labels": {"inferred_type_name": "list[str]"},
        "group_by": {"inferred_type_name": "str"},
        "alpha0": {"inferred_type_name": "float"},
        "options": {"inferred_type_name": "dict"},
    }
}


def payload(sentinel) -> str:
    """Base64 of text that, written unescaped into a parameters cell, creates ``sentinel``."""
    code = f'"+str(open({str(sentinel)!r}, "w").write("x"))+"'
    return base64.b64encode(code.encode()).decode()


def report(*args):
    return subprocess.run(
        [sys.executable, "-m", "analysis", "report", *map(str, args)],
        capture_output=True,
        text=True,
        cwd=ROOT,
        timeout=300,
    )


def assert_refused(proc, *needles, tmp_path, sentinel=None):
    assert proc.returncode == 2, proc.stderr
    lines = proc.stderr.strip().splitlines()
    assert len(lines) == 1, proc.stderr
    assert lines[0].startswith("error: ") and "Traceback" not in proc.stderr
    for needle in needles:
        assert needle in lines[0], lines[0]
    # nothing ran: no report folder, no build folder, no kernel side effect
    assert not (tmp_path / "r").exists()
    assert not list(tmp_path.glob(".r*"))
    if sentinel is not None:
        assert not sentinel.exists()


@pytest.mark.parametrize(
    "value, needle",
    [
        ("[!!binary {b64}]", "!!binary is not allowed"),
        ("[a, {{x: !!binary {b64}}}]", "!!binary is not allowed"),
        ("{{x: [!!binary {b64}]}}", "!!binary is not allowed"),
        ("[!!set {{a: null}}]", "!!set is not allowed"),
        ("{{x: !!set {{a: null}}}}", "!!set is not allowed"),
        ("[!!python/object:os.system x]", "!!python/object:os.system is not allowed"),
        ("{{x: !!python/object/apply:os.system [ls]}}", "!!python/object/apply:os.system is not allowed"),
        ("[!!timestamp 2024-05-01]", "!!timestamp is not allowed"),
        ("[!custom x]", "!custom is not allowed"),
        ("[.inf]", "not a finite number"),
    ],
)
def test_refused_cli_value_is_one_line_and_runs_nothing(tmp_path, value, needle):
    sentinel = tmp_path / "PWNED"
    proc = report(SEEDS, "--out", tmp_path / "r", "-p", "actors", value.format(b64=payload(sentinel)))
    assert_refused(proc, "notebook parameter 'actors'", needle, tmp_path=tmp_path, sentinel=sentinel)


@pytest.mark.parametrize(
    "text, needle",
    [
        ("actors:\n  - USA\n  - !!binary {b64}\n", "!!binary is not allowed at line 3"),
        ("actors:\n  deep: {{x: !!binary {b64}}}\n", "!!binary is not allowed"),
        ("group_by: outlet\nactors: [!!set {{a: null}}]\n", "!!set is not allowed"),
        ("actors: {{x: !!set {{a: null}}}}\n", "!!set is not allowed"),
        ("actors: [!!python/object:os.system {{}}]\n", "!!python/object:os.system is not allowed"),
        ("actors: !!python/object/apply:os.system [ls]\n", "!!python/object/apply:os.system is not allowed"),
    ],
)
def test_refused_parameters_file_names_file_and_parameter(tmp_path, text, needle):
    sentinel = tmp_path / "PWNED"
    params = tmp_path / "params.yaml"
    params.write_text(text.format(b64=payload(sentinel)))
    proc = report(SEEDS, "--out", tmp_path / "r", "--parameters", params)
    assert_refused(proc, f"{params}: parameter 'actors'", needle, tmp_path=tmp_path, sentinel=sentinel)


def test_parameters_file_that_is_not_a_mapping_or_not_yaml(tmp_path):
    params = tmp_path / "params.yaml"
    for text, needle in [("- a\n", "expected a mapping"), ("actors: [a\n", "invalid YAML"), ("1: x\n", "not text")]:
        params.write_text(text)
        assert_refused(report(SEEDS, "--out", tmp_path / "r", "--parameters", params), needle, tmp_path=tmp_path)


def test_parse_value_builds_plain_values_only():
    assert parse_value("[USA, {a: 1, b: [2.5, null, true]}]") == ["USA", {"a": 1, "b": [2.5, None, True]}]
    assert parse_value("2024-05-01") == "2024-05-01"  # an unquoted date stays text
    assert parse_value("[a, b") == "[a, b"  # not YAML: the text as it is
    for text, needle in [
        ("!!binary aGVsbG8=", "!!binary"),
        ("[&a x, *a]", "aliases"),
        ("{1: x}", "keys must be text"),
        ("[.nan]", "finite"),
        ("[" * 30 + "x" + "]" * 30, "nested"),
        ("[" * 5000 + "]" * 5000, "nested"),
    ]:
        with pytest.raises(InputError, match=needle) as info:
            parse_value(text, "actors")
        assert "notebook parameter 'actors'" in str(info.value) and "\n" not in str(info.value)


def test_read_parameters_reads_plain_mapping(tmp_path):
    params = tmp_path / "p.yaml"
    params.write_text("group_by: bias_text\nactors: [USA, TUR]\nalpha0: 0.5\nsince: 2024-05-01\n")
    assert read_parameters(params) == {
        "group_by": "bias_text",
        "actors": ["USA", "TUR"],
        "alpha0": 0.5,
        "since": "2024-05-01",
    }
    params.write_text("")
    assert read_parameters(params) == {}


@pytest.mark.parametrize(
    "params, needle",
    [
        ({"actors": [b'"+__import__("os").system("x")+"']}, "bytes at [0]"),
        ({"actors": [{"a": {1, 2}}]}, "set at [0]['a']"),
        ({"options": {"since": datetime.date(2024, 5, 1)}}, "date at ['since']"),
        ({"options": {1: "x"}}, "keys must be text"),
        ({"alpha0": float("nan")}, "finite"),
        ({"group_by": b"outlet"}, "bytes"),
        ({"labels": ["a", 1]}, "expects list of str"),
        ({"actors": ("a", "b")}, "tuple"),
    ],
)
def test_check_parameters_refuses_what_is_not_plain(params, needle):
    with pytest.raises(InputError, match="notebook parameter") as info:
        check_parameters(params, DECLARED)
    assert needle in str(info.value)


def test_check_parameters_accepts_plain_nested_values():
    check_parameters(
        {"actors": ["USA", {"a": [1, 2.5, None, True]}], "labels": ["x"], "alpha0": 1, "options": {"a": {"b": []}}},
        DECLARED,
    )
    assert plain_problem({"a": [1, "b", None, False, 0.5]}) is None
