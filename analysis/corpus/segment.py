"""Split articles into paragraphs and sentences with character offsets.

Paragraphs are separated by blank lines. Inside a paragraph, runs of lines with the
same boilerplate flag are split into sentences by NLTK's Punkt (untrained, with news
abbreviations, see :mod:`analysis.corpus.nltk_offline`), so that a sentence never mixes body
text and a caption. ``start``/``end`` are offsets into the article's ``text``:
``text[start:end]`` is the sentence.

Masked spans (:mod:`analysis.corpus.masking`) are blanked before lines are flagged and
sentences split, so a hover card's headlines never end a sentence; a line that is
masked whole is kept as a boilerplate sentence with the span's reason.
"""

from __future__ import annotations

import re
from itertools import accumulate

import pandas as pd

from analysis.corpus.boilerplate import flag_lines
from analysis.corpus.masking import blank
from analysis.corpus.nltk_offline import punkt_tokenizer

SENTENCE_COLUMNS = [
    "doc_id",
    "sent_id",
    "paragraph",
    "start",
    "end",
    "text",
    "is_title",
    "boilerplate",
    "boilerplate_reason",
]
_LINE = re.compile(r"[^\r\n]*(?:\r\n|\r|\n)?")
#: Longest sentence, in characters: a longer span (a run of text with no sentence
#: boundary: a table, a list, a feed pasted as text) is cut into pieces of at most this
#: length, at the last space before the limit, so the work per sentence of every later
#: step is bounded. The longest sentence of the 4,000 AllSides articles has 1,918.
MAX_SENTENCE_CHARS = 2000
#: Longest run of lines handed to Punkt at once; a longer one is cut at a space first.
MAX_BLOCK_CHARS = 100_000


def _cut(block: str, a: int, b: int, limit: int) -> list[tuple[int, int]]:
    """``block[a:b]`` as spans of at most ``limit`` characters, cut at the last space
    (or line break) in the second half of each piece, else hard at the limit; the
    whitespace at a cut belongs to no span."""
    out = []
    while b - a > limit:
        cut = max(block.rfind(" ", a + limit // 2, a + limit), block.rfind("\n", a + limit // 2, a + limit))
        if cut <= a:
            cut = a + limit
        end = cut
        while end > a and block[end - 1].isspace():
            end -= 1
        out.append((a, end))
        a = cut
        while a < b and block[a].isspace():
            a += 1
    if b > a:
        out.append((a, b))
    return out


def _spans(block: str) -> list[tuple[int, int]]:
    """Punkt's sentence spans of ``block``, every one at most ``MAX_SENTENCE_CHARS`` long."""
    spans = punkt_tokenizer().spans
    if len(block) <= MAX_BLOCK_CHARS:
        found = spans(block)
    else:
        found = []
        for a, b in _cut(block, 0, len(block), MAX_BLOCK_CHARS):
            found.extend((a + x, a + y) for x, y in spans(block[a:b]))
    if any(b - a > MAX_SENTENCE_CHARS for a, b in found):
        found = [piece for a, b in found for piece in _cut(block, a, b, MAX_SENTENCE_CHARS)]
    return found


_KEYS = ("paragraph", "start", "end", "text", "is_title", "boilerplate", "boilerplate_reason")


def _lines(text: str) -> tuple[list[int], list[str]]:
    """Start offset and content of each line, without its line break (CRLF, CR or LF)."""
    if "\r" not in text:
        contents = text.split("\n")
        if not contents[-1]:
            contents.pop()  # nothing after the last line break
        return [0, *accumulate(len(c) + 1 for c in contents)][: len(contents)], contents
    starts, contents = [], []
    for m in _LINE.finditer(text):
        if m.start() == m.end():
            break
        starts.append(m.start())
        contents.append(m.group().rstrip("\r\n"))
    return starts, contents


def split_article(text: str, title: str = "", spans=()) -> list[dict]:
    """Sentences of one article as dicts (no doc_id), in text order (``spans``: masked spans)."""
    columns: tuple[list, ...] = tuple([] for _ in _KEYS)
    _split(text, title, columns, spans)
    return [dict(zip(_KEYS, row)) for row in zip(*columns)]


def _split(text: str, title, columns: tuple[list, ...], masked=(), scoring: list | None = None) -> int:
    """Append the sentences of one article to ``columns`` (lists in ``_KEYS`` order).

    ``masked``: the article's masked spans (start, end, reason), sorted; ``scoring``: a
    list to which each sentence's text is appended with those spans blanked. Returns the
    number of sentences. Columns rather than rows: no tuple per sentence for the
    garbage collector to keep scanning.
    """
    original = text
    starts, contents = _lines(text)
    whole: dict[int, str] = {}
    blanked = text
    if masked:
        blanked = blank(text, masked)
        for i, (s, c) in enumerate(zip(starts, contents)):
            cut = blanked[s : s + len(c)]
            if cut == c:
                continue
            if c.strip() and not cut.strip():  # masked whole: kept, flagged with the span's reason
                whole[i] = next(r for a, e, r in masked if a < s + len(c) and e > s)
            else:
                contents[i] = cut
        if whole:  # such a line is split as it is written
            pieces, at = [], 0
            for i in sorted(whole):
                pieces += [blanked[at : starts[i]], original[starts[i] : starts[i] + len(contents[i])]]
                at = starts[i] + len(contents[i])
            text = "".join(pieces) + blanked[at:]
        else:
            text = blanked
    n = len(contents)
    blank_line = [not c.strip() for c in contents]
    # a line is "alone" when it is a paragraph by itself; the title line always is
    edged = [True, *blank_line, True]
    alone = [not b and before and after for before, b, after in zip(edged, blank_line, edged[2:])]
    reasons = flag_lines(contents, alone)
    for i, reason in whole.items():
        reasons[i] = reasons[i] or reason
    first_content = next((i for i, b in enumerate(blank_line) if not b), None)
    title_line = (
        first_content
        if title
        and first_content is not None
        and contents[first_content].strip() == title.strip()
        and alone[first_content]
        else None
    )

    paragraphs, sent_starts, sent_ends, texts, titles, flags, why = columns
    count = 0
    paragraph = -1
    k = 0
    while k < n:
        if blank_line[k]:
            k += 1
            continue
        if not k or blank_line[k - 1]:
            paragraph += 1
        # a run of lines k..m-1 of the paragraph with the same reason
        reason = reasons[k]
        m = k + 1
        while m < n and not blank_line[m] and reasons[m] == reason:
            m += 1
        start = starts[k]
        block = contents[k] if m == k + 1 else text[start : starts[m - 1] + len(contents[m - 1])]
        found = _spans(block)
        if found and masked:
            found = _attach_masked(found, original[start : start + len(block)])
        if found:
            count += len(found)
            for a, b in found:
                sent_starts.append(start + a)
                sent_ends.append(start + b)
                sentence = original[start + a : start + b]
                texts.append(sentence)
                if scoring is not None:
                    scoring.append(blanked[start + a : start + b] if masked else sentence)
            paragraphs.extend([paragraph] * len(found))
            titles.extend([k == title_line] * len(found))
            flags.extend([bool(reason)] * len(found))
            why.extend([reason] * len(found))
        k = m
    return count


def _attach_masked(found, block: str) -> list:
    """Sentence spans widened over the masked text next to them: masked text between two
    sentences belongs to the next one, after the last sentence to the last one (so every
    masked span lies inside a sentence, which keeps it in its text)."""
    out, prev = [], 0
    for a, b in found:
        gap = block[prev:a]
        lead = len(gap) - len(gap.lstrip())
        out.append([prev + lead if lead < len(gap) else a, b])
        prev = b
    tail = block[prev:].rstrip()
    if out and len(tail) > 0:
        out[-1][1] = prev + len(tail)
    return [tuple(x) for x in out]


def segment(
    articles: pd.DataFrame, masks: dict | None = None, scoring: list | None = None, *, strings: bool = True
) -> pd.DataFrame:
    """Split every article into sentences (``masks``: doc_id → masked spans, see
    :func:`analysis.pipeline.batch_masks`; ``scoring``: a list that receives each
    sentence's text with its masked spans blanked, the scoring view's ``text``).

    ``strings=False`` leaves the text columns (doc_id, text, boilerplate_reason) as
    plain Python objects instead of pandas' Arrow-backed ``str`` dtype: the same values,
    for a caller that reads them back into Python many times (see
    :func:`analysis.pipeline.score_batch`, whose tables get the ``str`` dtype at the end).

    Returns
    -------
    DataFrame
        One row per sentence: doc_id, sent_id (0-based within the article), paragraph
        (0-based), start, end (offsets into the article text), text, is_title,
        boilerplate, boilerplate_reason.
    """
    doc_ids: list = []
    sent_ids: list[int] = []
    columns: tuple[list, ...] = tuple([] for _ in _KEYS)
    for doc_id, text, title in zip(articles["doc_id"].tolist(), articles["text"].tolist(), articles["title"].tolist()):
        count = _split(text, title, columns, masks.get(doc_id, ()) if masks else (), scoring)
        doc_ids.extend([doc_id] * count)
        sent_ids.extend(range(count))
    if doc_ids:
        data = {"doc_id": doc_ids, "sent_id": sent_ids, **dict(zip(_KEYS, columns))}
        if not strings:
            data = {k: pd.Series(v, dtype=object) if k in _OBJECT else v for k, v in data.items()}
        frame = pd.DataFrame(data, columns=SENTENCE_COLUMNS)
    else:
        frame = pd.DataFrame([], columns=SENTENCE_COLUMNS)
    return frame.astype(
        {
            "sent_id": "int64",
            "paragraph": "int64",
            "start": "int64",
            "end": "int64",
            "is_title": bool,
            "boilerplate": bool,
        }
    )


_OBJECT = ("doc_id", "text", "boilerplate_reason")
