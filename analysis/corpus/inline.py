"""Inline boilerplate: spans inside article text that are not part of the article.

Line-level rules (:mod:`analysis.corpus.boilerplate`) cannot see text that a website
embeds in the middle of a sentence. This module finds such spans by their shape:

* **hover cards** (The Hill, and pages syndicating it): a person's name is followed by
  the full legal name, headlines of other stories and the word MORE: "President Trump
  Donald John TrumpGOP senators balk at ... MORE's 2016 campaign aides". The card is
  the full name, the headlines and MORE; the name as the article wrote it stays.
* **prompts and widgets**: "(RELATED: ...)", "Click here ...", "Sign up for ... newsletter",
  a line of a related headline ending in "Read more", video widgets ("JUST WATCHED ...
  MUST WATCH ... 06:22", "Media playback is unsupported on your device ...").

Spans repeated verbatim across many articles of one outlet are found by
:mod:`analysis.corpus.repeats`. Spans are masked, never deleted: see
:func:`analysis.corpus.masking.blank`.
"""

from __future__ import annotations

import re

HOVER_CARD = "hover card"
PROMPT = "prompt or widget"

_MORE = re.compile(r"MORE(?![A-Za-z])")
_TOKEN = re.compile(r"\S+")
#: a glued junction inside a token: "TrumpGOP", "Clinton2020", "KennedyMORE"
_JUNCTION = re.compile(r"(?<=[a-z\u00df-\u024f.)])(?=[A-Z0-9\u2018\u201c'\"])")
_PROMPT_VERBS = frozenset({"READ", "SEE", "LEARN", "FIND", "SHOW", "VIEW", "LOAD", "Read", "See", "Learn"})
_MAX_CARD = 900  # characters from the name to MORE (the longest seen is about 550)
_NAME_WORDS = 6  # words of a full legal name, at most

#: Prompts and widgets: (the ways one can start, the pattern matched where one is found).
#: Looking for the words first keeps the cost low: most articles hold none.
_PROMPTS = [
    (
        ("(RELATED:", "( RELATED:", "(WATCH:", "( WATCH:", "(READ MORE:", "(SEE ALSO:", "(READ:", "(MORE:"),
        re.compile(r"\( ?(?:RELATED|WATCH|READ MORE|SEE ALSO|READ|MORE):[^()\n]{0,300}\)"),
    ),
    (("Click here", "click here", "CLICK HERE", "Click Here"), re.compile(r"(?i:click here)\b[^.!?\n]{0,200}[.!?]?")),
    (
        ("Sign up", "sign up", "SIGN UP", "Sign Up"),
        re.compile(
            r"(?i:sign up)\s+(?:for|to)\b[^.!?\n]{0,120}\b(?i:newsletters?|inbox|e-?mails?|alerts)\b[^.!?\n]{0,120}[.!?]?"
        ),
    ),
    (("Read more:", "READ MORE:", "Read More:", "read more:"), re.compile(r"(?i:read more):[^\n]*")),
    (("JUST WATCHED",), re.compile(r"JUST WATCHED [^\n]{0,300}? MUST WATCH [^\n]{0,300}? \d{1,2}:\d\d")),
    (("Media playback",), re.compile(r"Media playback is unsupported on your device[^\n]*")),
]
#: a related story's headline ending in "Read more", alone on its line
_TEASER = re.compile(r"Read more[ \t]*(?:\r?\n|\Z)")


def _norm(word: str) -> str:
    return word.replace("’", "'").strip(",;:")


def _namelike(word: str) -> bool:
    """A word of a name: "Donald", "(Mitch)", "J.", "O'Rourke"."""
    w = word[1:] if word.startswith("(") else word
    return bool(w) and w[0].isupper()


def _glued(word: str, name: str) -> bool:
    """``word`` is ``name`` with a headline (or MORE) glued on: "TrumpGOP", "KennedyMORE"."""
    return len(word) > len(name) and word.startswith(name) and bool(_JUNCTION.match(word, len(name)))


def _card_start(text: str, lo: int, hi: int) -> int | None:
    """Where the card before the MORE at ``hi`` starts (after the name as written), or None.

    A card's full name repeats the written name: its surname ("Trump Donald John Trump",
    "Joe Biden Joe Biden", glued to the first headline or not) or its first name
    ("Paul Ryan Paul Davis Ryan"), or the whole name glued ("Stephen BreyerStephen Breyer").
    The start with the most of these agreements wins, the earliest on a tie.
    """
    toks = [(m.start(), _norm(m.group())) for m in _TOKEN.finditer(text, lo, hi)]
    best = None
    for s in range(1, len(toks)):
        word = toks[s][1]
        if not _namelike(word):
            continue
        written_last = toks[s - 1][1]
        if not _namelike(written_last):
            continue
        score = 0
        if s >= 2 and _namelike(toks[s - 2][1]) and word == toks[s - 2][1]:
            score += 1  # first name repeated
        for t in range(s, min(len(toks), s + _NAME_WORDS)):
            w = toks[t][1]
            if (w == written_last and t > s) or _glued(w, written_last):
                score += 1  # surname repeated (or the full name ends in it, glued)
                if s >= 2 and toks[s - 2][1] in {x for _, x in toks[s:t]}:
                    score += 1  # and an earlier word of the name too ("Sheila Jackson Lee")
                break
            if not _namelike(w):
                break
        if score and (best is None or score > best[0]):
            best = (score, toks[s][0])
        if t := _glued_name(toks, s):
            if best is None or 2 > best[0]:
                best = (2, t)
    return None if best is None else best[1]


def _glued_name(toks, s) -> int | None:
    """ "Stephen BreyerStephen Breyer...": the written name glued to the card's name."""
    start, word = toks[s]
    m = _JUNCTION.search(word)
    if not m or s < 1:
        return None
    right = word[m.start() :]
    return start + m.start() if right == toks[s - 1][1] else None


def hover_cards(text: str) -> list[tuple[int, int]]:
    """Spans (start, end) of The Hill's hover cards in an article text, in order."""
    if "MORE" not in text:
        return []
    cards: list[tuple[int, int]] = []
    floor = 0
    for m in _MORE.finditer(text):
        at = m.start()
        if at < floor or (at and (text[at - 1].isupper() or text[at - 1] == "(")) or text[m.end() : m.end() + 1] == ":":
            continue  # inside a card already, part of a word ("FURTHERMORE"), or a prompt ("(MORE: ...")
        prev = text[max(0, at - 20) : at].split()
        if prev and prev[-1] in _PROMPT_VERBS:
            continue  # "CLICK HERE TO READ MORE" (a headline may end in "NYT MORE")
        lo = max(floor, text.rfind("\n", 0, at) + 1, at - _MAX_CARD)
        start = _card_start(text, lo, at)
        if start is None:
            continue
        while start > lo and text[start - 1] in " \t":
            start -= 1  # the space before the card belongs to it
        cards.append((start, m.end()))
        floor = m.end()
    return cards


_LOWER_STARTS = ("click here", "sign up", "read more:")
_EXACT_STARTS = ("(RELATED:", "( RELATED:", "(WATCH:", "( WATCH:", "(READ", "(SEE ALSO:", "(MORE:", "JUST WATCHED")
_EXACT_STARTS += ("Media playback",)


def prompts(text: str) -> list[tuple[int, int]]:
    """Spans of inline prompts and widgets ("(RELATED: ...)", "Click here ...", ...)."""
    low = text.lower()
    if len(low) != len(text):  # "İ" lower-cases to two characters: keep offsets
        low = "".join(c.lower() if len(c.lower()) == 1 else c for c in text)
    starts = []
    for words, where in ((_LOWER_STARTS, low), (_EXACT_STARTS, text)):
        for word in words:
            at = where.find(word)
            while at >= 0:
                starts.append(at)
                at = where.find(word, at + 1)
    out = []
    end = -1
    for at in sorted(starts):
        if at < end:
            continue
        for _, pattern in _PROMPTS:
            m = pattern.match(text, at)
            if m and m.end() > m.start():
                out.append(m.span())
                end = m.end()
                break
    if "Read more" in text:
        for m in _TEASER.finditer(text):
            line = text.rfind("\n", 0, m.start()) + 1
            if text[line : m.start()].strip():
                out.append((line, m.start() + len("Read more")))
    return sorted(out)


#: every prompt starts with one of these (in any case): texts without one are skipped
_GATE = r"(?i)click here|sign up|read more|\( ?(?:related|watch|see also|more):|just watched|media playback"


def may_hold_prompts(texts) -> list[bool]:
    """For each text, whether it may hold a prompt (one pass over all texts, with RE2)."""
    import pyarrow as pa
    import pyarrow.compute as pc

    texts = list(texts)
    try:
        found = pc.match_substring_regex(pa.array(texts, type=pa.large_string()), _GATE)
        return [True if x is None else bool(x) for x in found.to_pylist()]
    except (pa.ArrowException, TypeError, ValueError):  # a text arrow cannot hold: look at all
        return [True] * len(texts)


def inline_spans(text: str, look_for_prompts: bool = True) -> list[tuple[int, int, str]]:
    """Every inline span of one article text, (start, end, reason), merged and sorted
    (``look_for_prompts`` False: a :func:`may_hold_prompts` pass found none)."""
    spans = [(a, b, HOVER_CARD) for a, b in hover_cards(text)]
    if look_for_prompts:
        spans += [(a, b, PROMPT) for a, b in prompts(text)]
    return merge_spans(spans) if spans else spans


#: where spans overlap, the merged span keeps the reason that comes first here
PRIORITY = (HOVER_CARD, PROMPT)


def _rank(reason: str) -> int:
    return PRIORITY.index(reason) if reason in PRIORITY else len(PRIORITY)


def merge_spans(spans) -> list[tuple[int, int, str]]:
    """Sorted, non-overlapping spans; overlapping ones are joined under the reason ranked
    first in :data:`PRIORITY` (a hover card stays a hover card when a repeated run covers it)."""
    out: list[list] = []
    for a, b, reason in sorted(spans):
        if out and a <= out[-1][1]:
            out[-1][1] = max(out[-1][1], b)
            if _rank(reason) < _rank(out[-1][2]):
                out[-1][2] = reason
        else:
            out.append([a, b, reason])
    return [tuple(s) for s in out]
