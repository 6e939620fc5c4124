"""analysis.io: the one atomic write; files get the umask's permissions."""

from __future__ import annotations

import os
import stat

import pandas as pd
import pytest

from analysis.io import atomic_write, save_table


@pytest.fixture
def umask_022():
    old = os.umask(0o022)
    yield
    os.umask(old)


def mode(path) -> int:
    return stat.S_IMODE(os.stat(path).st_mode)


def test_atomic_write_gives_umask_permissions_not_mkstemps_0600(tmp_path, umask_022):
    assert mode(atomic_write(tmp_path / "a.txt", "text")) == 0o644
    assert mode(atomic_write(tmp_path / "b.bin", b"\x00")) == 0o644
    assert mode(save_table(pd.DataFrame({"a": [1]}), "t", tmp_path)) == 0o644


def test_atomic_write_follows_a_stricter_umask(tmp_path):
    old = os.umask(0o077)
    try:
        assert mode(atomic_write(tmp_path / "a.txt", "x")) == 0o600
    finally:
        os.umask(old)


def test_a_failed_write_leaves_the_previous_file_and_no_temporary(tmp_path):
    target = atomic_write(tmp_path / "t.csv", "old\n")

    def broken(tmp):
        open(tmp, "w").write("half")
        raise RuntimeError("disk full")

    with pytest.raises(RuntimeError):
        atomic_write(target, broken)
    assert target.read_text() == "old\n"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["t.csv"]


def test_save_table_skips_an_empty_folder():
    assert save_table(pd.DataFrame({"a": [1]}), "t", "") is None
