"""Actor sentiment per group: bootstrap means and the sentences behind them."""

from __future__ import annotations

import html

import pandas as pd

from analysis.measures.actor_sentiment import _mention_rows
from analysis.measures.target import bare_word
from analysis.stats.bootstrap import grouped_bootstrap
from analysis.text.vader import analyzer


def _check_method(table: pd.DataFrame, method: str) -> None:
    if len(table) and method not in set(table["method"]):
        raise ValueError(f"no method {method!r} in the table (have: {', '.join(sorted(set(table['method'])))})")


def actor_scores(
    table: pd.DataFrame,
    groups: pd.Series,
    method: str = "model",
    min_mentions: int = 1,
    draws: int = 2000,
    seed: int = 0,
    actors=None,
) -> pd.DataFrame:
    """Mean sentiment per group × actor with a bootstrap 95% interval.

    Sentences (one row of ``table`` per actor and sentence) are resampled within each
    group × actor with a fixed seed.

    Parameters
    ----------
    groups : Series
        Group label per doc_id (from :func:`analysis.stats.group_labels`).

    Returns
    -------
    DataFrame
        group, actor, mean, lo, hi, n (sentences), method; only cells with
        ``n >= min_mentions``, sorted by group and actor.
    """
    _check_method(table, method)
    part = table[table["method"] == method].copy()
    if actors:
        part = part[part["actor"].isin(list(actors))]
    part["group"] = part["doc_id"].map(groups)
    if part["group"].isna().any():
        missing = part.loc[part["group"].isna(), "doc_id"].iloc[0]
        raise KeyError(f"no group for doc_id {missing!r}")
    agg = grouped_bootstrap(part, ["group", "actor"], "score", draws=draws, seed=seed)
    agg = agg[agg["n"] >= min_mentions].reset_index(drop=True)
    agg["method"] = method
    return agg


def _marked(text: str, spans, cue_spans) -> tuple[str, str]:
    """Plain text with [mention] and *cue*, and HTML with <mark> (text escaped)."""
    marks = sorted([(a, b, "actor") for a, b in spans] + [(a, b, "cue") for a, b in cue_spans])
    plain, rich, pos = [], [], 0
    for a, b, kind in marks:
        if a < pos:
            continue
        plain.append(text[pos:a])
        rich.append(html.escape(text[pos:a]))
        seg = text[a:b]
        if kind == "actor":
            plain.append(f"[{seg}]")
            rich.append(f'<mark style="background:#cfe2f3"><b>{html.escape(seg)}</b></mark>')
        else:
            plain.append(f"*{seg}*")
            rich.append(f'<mark style="background:#fde2b8">{html.escape(seg)}</mark>')
        pos = b
    plain.append(text[pos:])
    rich.append(html.escape(text[pos:]))
    return "".join(plain), "".join(rich)


def evidence(
    table: pd.DataFrame,
    sentences: pd.DataFrame,
    mentions: pd.DataFrame,
    groups: pd.Series,
    method: str = "model",
    k: int = 2,
    group=None,
    actor=None,
    overlay=True,
) -> pd.DataFrame:
    """The most negative and most positive sentences for each group × actor.

    Returns
    -------
    DataFrame
        group, actor, side (most negative / most positive), doc_id, sent_id, score,
        label, cues, text (plain, the mention in [brackets] and the deciding words in
        *stars*) and html (the same, HTML-escaped, marked with <mark>); sorted.
    """
    _check_method(table, method)
    part = table[table["method"] == method].copy()
    part["group"] = part["doc_id"].map(groups)
    if group is not None:
        part = part[part["group"] == group]
    if actor is not None:
        part = part[part["actor"] == actor]
    rows = _mention_rows(sentences, mentions)
    sia = analyzer(overlay)
    out = []
    for (grp, act), cell in part.groupby(["group", "actor"], sort=True):
        cell = cell.sort_values(["score", "doc_id", "sent_id"], kind="stable")
        picks = [
            ("most negative", cell[cell["score"] < 0].head(k)),
            ("most positive", cell[cell["score"] > 0].iloc[::-1].head(k)),
        ]
        for side, pick in picks:
            for r in pick.itertuples(index=False):
                ms = rows[(rows["doc_id"] == r.doc_id) & (rows["sent_id"] == r.sent_id) & (rows["actor"] == act)]
                text = ms["text"].iloc[0]
                spans = list(zip(ms["start"], ms["end"]))
                cue_words = set(filter(None, str(r.cues).split("; ")))
                cue_spans = [
                    (a, b)
                    for a, b, w, _ in sia.tokens(text)
                    if bare_word(w) in cue_words and not any(a < e and b > s for s, e in spans)
                ]
                plain, rich = _marked(text, spans, cue_spans)
                out.append(
                    {
                        "group": grp,
                        "actor": act,
                        "side": side,
                        "doc_id": r.doc_id,
                        "sent_id": r.sent_id,
                        "score": r.score,
                        "label": r.label,
                        "cues": r.cues,
                        "text": plain,
                        "html": rich,
                    }
                )
    cols = ["group", "actor", "side", "doc_id", "sent_id", "score", "label", "cues", "text", "html"]
    return pd.DataFrame(out, columns=cols)


def evidence_html(ev: pd.DataFrame) -> str:
    """An HTML table of :func:`evidence` rows (every value escaped; text already marked)."""
    # left-aligned and wrapped: the sentence stays on screen and whole, its cues marked
    cell = 'style="text-align:left;vertical-align:top;white-space:normal"'
    sentence = 'style="text-align:left;vertical-align:top;white-space:normal;min-width:32em;max-width:60em"'
    head = "".join(f"<th {cell}>{h}</th>" for h in ("group", "actor", "side", "score", "sentence", "where"))
    body = [
        f"<tr><td {cell}>{html.escape(str(r.group))}</td><td {cell}>{html.escape(str(r.actor))}</td>"
        f"<td {cell}>{html.escape(r.side)}</td><td {cell}>{r.score:+.2f}</td><td {sentence}>{r.html}</td>"
        f"<td {cell}>{html.escape(str(r.doc_id))} #{int(r.sent_id)}</td></tr>"
        for r in ev.itertuples(index=False)
    ]
    return (
        f'<table style="table-layout:auto;border-collapse:collapse;font-size:0.85em">'
        f"<thead><tr>{head}</tr></thead><tbody>{''.join(body)}</tbody></table>"
    )
