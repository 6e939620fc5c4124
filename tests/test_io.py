"""analysis.io: the one atomic write; files get the umask's permissions."""

from __future__ import annotations

import os
import stat

import numpy as np
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


def test_save_table_writes_numbers_without_binary_noise(tmp_path):
    frame = pd.DataFrame({"share": [0.1 + 0.2, 0.30124999999999885, 5.1855000000003426e-05], "n": [1, 2, 3]})
    text = save_table(frame, "t", tmp_path).read_text(encoding="utf-8")
    assert text == "share,n\n0.3,1\n0.30125,2\n5.1855e-05,3\n"
    back = pd.read_csv(tmp_path / "t.csv")
    assert np.allclose(back["share"], frame["share"], rtol=1e-9)
