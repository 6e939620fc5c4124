"""analysis.text.cache: the one cache helper."""

from analysis.text.cache import Memo


def test_memo_computes_once_per_key():
    calls = []
    memo = Memo(lambda key: calls.append(key) or key.upper())
    assert [memo["a"], memo["b"], memo["a"]] == ["A", "B", "A"]
    assert calls == ["a", "b"]


def test_memo_with_a_limit_starts_afresh_and_gives_the_same_values():
    memo = Memo(str.upper, limit=2)
    assert list(map(memo.__getitem__, ["a", "b", "c", "a"])) == ["A", "B", "C", "A"]
    assert len(memo) <= 2


def test_memo_keeps_none():
    calls = []
    memo = Memo(lambda key: calls.append(key))
    assert memo["x"] is None and memo["x"] is None
    assert calls == ["x"]
