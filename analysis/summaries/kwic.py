"""Keyword in context: concordance lines for a term, an actor or any spans.

Each line shows ``window`` characters of the sentence on either side of the keyword,
the left context right-aligned so that the keywords line up in a column. Context
stays within the sentence (the unit every score is traced to); boilerplate sentences
are skipped.
"""

from __future__ import annotations

import re

import pandas as pd

KWIC_COLUMNS = ["group", "doc_id", "sent_id", "start", "end", "left", "keyword", "right"]


def kwic_spans(
    sentences: pd.DataFrame, spans: pd.DataFrame, groups: pd.Series | None = None, window: int = 40
) -> pd.DataFrame:
    """Concordance lines for spans given as doc_id, sent_id, start, end (article offsets).

    Returns
    -------
    DataFrame
        One row per span, sorted by group, doc_id, start: group, doc_id, sent_id,
        start, end, left (right-aligned, ``window`` characters), keyword, right
        (left-aligned, ``window`` characters). Line breaks become spaces; a context
        cut short is marked with "…".
    """
    if window < 1:
        raise ValueError(f"window must be at least 1 character, got {window}")
    scored = sentences[~sentences["boilerplate"].to_numpy(bool)]
    text = scored.set_index(["doc_id", "sent_id"])[["start", "text"]]
    rows = []
    for doc_id, sent_id, a, b in zip(spans["doc_id"], spans["sent_id"], spans["start"], spans["end"]):
        key = (doc_id, int(sent_id))
        if key not in text.index:
            continue
        s0, sent = text.loc[key, "start"], text.loc[key, "text"]
        i, j = int(a) - int(s0), int(b) - int(s0)
        left, right = _flat(sent[:i]), _flat(sent[j:])
        if len(left) > window:
            left = "…" + left[-(window - 1) :]
        if len(right) > window:
            right = right[: window - 1] + "…"
        group = groups.get(doc_id, "unknown") if groups is not None else "all"
        rows.append(
            (group, doc_id, int(sent_id), int(a), int(b), left.rjust(window), _flat(sent[i:j]), right.ljust(window))
        )
    out = pd.DataFrame(rows, columns=KWIC_COLUMNS)
    return out.sort_values(["group", "doc_id", "start"], kind="stable").reset_index(drop=True)


def _flat(text: str) -> str:
    return re.sub(r"\s+", " ", text)


def kwic(
    sentences: pd.DataFrame,
    term_or_actor: str,
    mentions: pd.DataFrame | None = None,
    groups: pd.Series | None = None,
    window: int = 40,
    ignore_case: bool = True,
) -> pd.DataFrame:
    """Concordance lines for a term or an actor, grouped by outlet.

    ``term_or_actor`` is an actor id when ``mentions`` has mentions of it (the lines
    are then its mentions, however they are worded); otherwise it is a literal term,
    matched as written (regular-expression characters have no special meaning), with
    any run of spaces matching any whitespace, at word boundaries, ignoring case
    unless ``ignore_case`` is false.

    Returns
    -------
    DataFrame
        The columns of :func:`kwic_spans`.
    """
    if not isinstance(term_or_actor, str) or not term_or_actor.strip():
        raise ValueError("kwic: give a non-empty term or actor id")
    if mentions is not None and (mentions["actor"] == term_or_actor).any():
        spans = mentions.loc[mentions["actor"] == term_or_actor, ["doc_id", "sent_id", "start", "end"]]
        return kwic_spans(sentences, spans, groups, window)
    term = term_or_actor.strip()
    body = r"\s+".join(re.escape(w) for w in term.split())
    left = r"(?<!\w)" if re.match(r"\w", term) else ""
    right = r"(?!\w)" if re.search(r"\w\Z", term) else ""
    pattern = re.compile(left + body + right, re.IGNORECASE if ignore_case else 0)
    rows = []
    scored = sentences[~sentences["boilerplate"].to_numpy(bool)]
    for doc_id, sent_id, s0, text in zip(scored["doc_id"], scored["sent_id"], scored["start"], scored["text"]):
        for m in pattern.finditer(text):
            rows.append((doc_id, sent_id, s0 + m.start(), s0 + m.end()))
    spans = pd.DataFrame(rows, columns=["doc_id", "sent_id", "start", "end"])
    return kwic_spans(sentences, spans, groups, window)


def kwic_text(lines: pd.DataFrame, max_lines: int = 20) -> str:
    """Concordance lines as plain text, a header per group, keywords in one column."""
    out = []
    for group, part in lines.groupby("group", sort=True):
        out.append(f"── {group} ({len(part)} line{'s' if len(part) != 1 else ''})")
        for row in part.head(max_lines).itertuples():
            out.append(f"{row.left} [{row.keyword}] {row.right}   ({row.doc_id}:{row.sent_id})")
        if len(part) > max_lines:
            out.append(f"   … {len(part) - max_lines} more")
    return "\n".join(out)


def concordance(
    sentences: pd.DataFrame,
    mentions: pd.DataFrame,
    groups: pd.Series,
    occurrences: pd.DataFrame,
    differ: pd.DataFrame,
    terms=(),
    window: int = 45,
) -> pd.DataFrame:
    """Concordance lines for notebook 04: for each of ``terms`` (words or actor ids) when
    given, else for each label of :func:`analysis.differing_labels` (``differ``) at its
    occurrences (``occurrences``, from :func:`analysis.find_word_choice`).

    Returns
    -------
    DataFrame
        The :data:`KWIC_COLUMNS` plus query (the term, or "target: label").
    """
    if terms:
        return pd.concat(
            [kwic(sentences, term, mentions, groups, window=window).assign(query=term) for term in terms],
            ignore_index=True,
        )
    wanted = occurrences[occurrences["method"] == "label list"].merge(
        differ[["target", "label"]].drop_duplicates(), on=["target", "label"]
    )
    parts = [
        kwic_spans(sentences, part, groups, window=window).assign(query=f"{t}: {lab}")
        for (t, lab), part in wanted.groupby(["target", "label"], sort=True)
    ]
    return pd.concat(parts or [pd.DataFrame(columns=[*KWIC_COLUMNS, "query"])], ignore_index=True)


def print_concordance(lines: pd.DataFrame, max_lines: int = 8) -> None:
    """Print each query's lines under a heading (:func:`kwic_text`)."""
    for query, part in lines.groupby("query", sort=True):
        print(f"\n=== {query}")
        print(kwic_text(part, max_lines=max_lines))
