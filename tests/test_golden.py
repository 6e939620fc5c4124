"""Golden tables: the analysis gives the same bytes as when the checksums were recorded.

Regenerate the checksums with ``python tests/golden_tables.py --update`` (only for an
intended change, explained in the commit message).
"""

from __future__ import annotations

import json

import golden_tables as golden
import pytest


@pytest.fixture(scope="module")
def want() -> dict:
    return json.loads(golden.GOLDEN.read_text(encoding="utf-8"))


def _compare(want: dict, got: dict) -> None:
    assert sorted(got) == sorted(want), "tables added or removed"
    differ = [name for name in sorted(want) if want[name] != got[name]]
    assert differ == [], f"tables changed: {', '.join(differ)}"


def test_seed_tables_are_unchanged(want):
    got = {name: golden.digest(frame) for name, frame in golden.seed_tables().items()}
    _compare(want["seeds"], got)


def test_allsides_tables_are_unchanged(want):
    if not golden.ALLSIDES.is_file():
        pytest.skip(
            f"AllSides sample not found: {golden.ALLSIDES} (../shared/corpora/allsides_sample.jsonl "
            "beside the repository)"
        )
    got = {name: golden.digest(frame) for name, frame in golden.allsides_tables().items()}
    _compare(want["allsides"], got)


def test_table_bytes_are_deterministic_csv():
    import pandas as pd

    frame = pd.DataFrame({"a": [1, 2], "b": ["x", "y, z"]})
    assert golden.table_bytes(frame) == b'a,b\n1,x\n2,"y, z"\n'
