"""Split articles into paragraphs and sentences with character offsets.

Paragraphs are separated by blank lines. Inside a paragraph, runs of lines with the
same boilerplate flag are split into sentences by NLTK's Punkt (untrained, with news
abbreviations, see :mod:`analysis.nltk_offline`), so that a sentence never mixes body
text and a caption. ``start``/``end`` are offsets into the article's ``text``:
``text[start:end]`` is the sentence.
"""

from __future__ import annotations

import re

import pandas as pd

from .boilerplate import flag_lines
from .nltk_offline import punkt_tokenizer

SENTENCE_COLUMNS = [
    "doc_id", "sent_id", "paragraph", "start", "end", "text",
    "is_title", "boilerplate", "boilerplate_reason",
]
_LINE = re.compile(r"[^\r\n]*(?:\r\n|\r|\n)?")


def _lines(text: str) -> list[tuple[int, int]]:
    """(start, end) of each line's content, without its line break."""
    out = []
    for m in _LINE.finditer(text):
        if m.start() == m.end():
            break
        body = m.group().rstrip("\r\n")
        out.append((m.start(), m.start() + len(body)))
    return out


def split_article(text: str, title: str = "") -> list[dict]:
    """Sentences of one article as dicts (no doc_id), in text order."""
    tok = punkt_tokenizer()
    lines = _lines(text)
    contents = [text[a:b] for a, b in lines]
    blank = [not c.strip() for c in contents]
    # a line is "alone" when it is a paragraph by itself; the title line always is
    alone = [
        not blank[i]
        and (i == 0 or blank[i - 1])
        and (i == len(lines) - 1 or blank[i + 1])
        for i in range(len(lines))
    ]
    reasons = flag_lines(contents, alone)
    first_content = next((i for i, b in enumerate(blank) if not b), None)
    title_line = (
        first_content
        if title and first_content is not None and contents[first_content].strip() == title.strip()
        and alone[first_content]
        else None
    )

    sentences: list[dict] = []
    paragraph = -1
    i = 0
    while i < len(lines):
        if blank[i]:
            i += 1
            continue
        paragraph += 1
        j = i
        while j < len(lines) and not blank[j]:
            j += 1
        # lines i..j-1 form a paragraph; cut into runs of equal reason
        k = i
        while k < j:
            m = k + 1
            while m < j and reasons[m] == reasons[k]:
                m += 1
            start, end = lines[k][0], lines[m - 1][1]
            block = text[start:end]
            for a, b in tok.span_tokenize(block):
                sentences.append(
                    {
                        "paragraph": paragraph,
                        "start": start + a,
                        "end": start + b,
                        "text": block[a:b],
                        "is_title": k == title_line,
                        "boilerplate": bool(reasons[k]),
                        "boilerplate_reason": reasons[k],
                    }
                )
            k = m
        i = j
    return sentences


def segment(articles: pd.DataFrame) -> pd.DataFrame:
    """Split every article into sentences.

    Returns
    -------
    DataFrame
        One row per sentence: doc_id, sent_id (0-based within the article), paragraph
        (0-based), start, end (offsets into the article text), text, is_title,
        boilerplate, boilerplate_reason.
    """
    rows = []
    for doc_id, text, title in zip(articles["doc_id"], articles["text"], articles["title"]):
        for n, sent in enumerate(split_article(text, title)):
            sent["doc_id"] = doc_id
            sent["sent_id"] = n
            rows.append(sent)
    frame = pd.DataFrame(rows, columns=SENTENCE_COLUMNS)
    return frame.astype({"sent_id": "int64", "paragraph": "int64", "start": "int64", "end": "int64",
                         "is_title": bool, "boilerplate": bool})
