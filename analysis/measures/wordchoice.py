"""Word choice: the words each outlet uses to name or qualify an actor or an issue.

Two methods, told apart by the ``method`` column:

* ``"label list"``: the label variants of ``analysis/data/labels.yaml`` (or a study's
  ``labels:`` file), matched like frame cues (case, British spelling and inflection
  ignored; longest variant wins across all targets). Works for actors and issues.
* ``"noun phrase"``: for each actor mention, the phrase around it, found without a
  part-of-speech tagger (NLTK's tagger model is a download). The mention is widened to
  whole words; up to two modifiers before it are added when a determiner precedes
  them ("a *senior* Turkish official", "the *US-backed* Kurdish forces"); when the
  mention is an adjective of nationality (a capitalised word ending in -ish, -ian,
  -ean, -ican, -ese, -i, -ic, or German, Afghan: "Turkish", "Syrian Kurdish"), not a
  leader's name, up to three following words are added as its head
  noun ("Turkish *official*", "Syrian Kurdish *militias*"), stopping at a function
  word, punctuation, a capitalised name, or a word ending in -ing, -ed or -ly. A bare
  name ("Ankara", "Washington") is its own label: the choice of name is word choice
  too. The heuristics miss predicative labels ("views the Syrian Kurds *as
  terrorists*"); list those as variants with ``needs_mention``.
"""

from __future__ import annotations

import re

import pandas as pd

from analysis.dictionaries.labels import labels_for
from analysis.stats.keyness import STOP_WORDS

WORD_CHOICE_COLUMNS = ["doc_id", "sent_id", "target", "kind", "label", "surface", "start", "end", "method"]
_WORD = re.compile(r"[^\W_]+(?:[-'’][^\W_]+)*")
_DEMONYM = re.compile(r"(?:[A-Z]\w*(?:ish|ian|ean|ican|ese|i|ic)|German|Afghan)\Z")
_DETERMINERS = frozenset(
    "a an the its their his her our your my this that these those some many several few both all any every each "
    "such two three four five six seven eight nine ten first second third last only other same next own".split()
)


def _clean(text: str) -> str:
    text = re.sub(r"\s+", " ", text.replace("’", "'")).strip()
    return re.sub(r"'s?\Z", "", text)


def noun_phrase(text: str, start: int, end: int, head: bool = True) -> tuple[int, int]:
    """The span of the phrase around ``text[start:end]`` (see the module notes)."""
    words = [m.span() for m in _WORD.finditer(text)]
    inside = [k for k, (a, b) in enumerate(words) if a < end and b > start]
    if not inside:
        return start, end
    first, last = inside[0], inside[-1]
    a, b = min(words[first][0], start), max(words[last][1], end)

    def gap(k):  # words k-1 and k separated by spaces only
        return k > 0 and text[words[k - 1][1] : words[k][0]].isspace()

    def word(k):
        return text[words[k][0] : words[k][1]]

    left = first
    for k in range(first - 1, max(first - 3, -1), -1):
        w = word(k)
        if not gap(k + 1) or w.lower() in STOP_WORDS or w.lower() in _DETERMINERS or w[0].isdigit():
            break
        if w.endswith("s") and not w.endswith(("ss", "ous")):
            break
        if k > 0 and word(k - 1).lower() in _DETERMINERS:
            left = k
    a = words[left][0]
    base = _clean(text[words[last][0] : words[last][1]])
    if head and _DEMONYM.match(base):
        for k in range(last + 1, min(last + 4, len(words))):
            w = word(k)
            if not gap(k) or w.lower() in STOP_WORDS or w.lower() in _DETERMINERS:
                break
            if (w[0].isupper() and not any(ch.isdigit() for ch in w)) or re.search(r"(ing|ed|ly)\Z", w):
                break
            b = words[k][1]
    return a, b


def find_word_choice(sentences: pd.DataFrame, mentions: pd.DataFrame, config=None) -> pd.DataFrame:
    """Every naming of an actor or issue, by label variant and by noun phrase.

    Returns
    -------
    DataFrame
        One row per occurrence, sorted by doc_id, sent_id, start, method, target:
        doc_id, sent_id, target (actor or issue id), kind (actor / issue), label (the
        variant as written in the label file, or the noun phrase as in the text),
        surface (the text matched), start, end (offsets into the article text),
        method ("label list" or "noun phrase"). Boilerplate sentences are skipped.
    """
    labels = labels_for(config)
    leaders = mentions["leader"] if "leader" in mentions else pd.Series("", index=mentions.index)
    by_sentence: dict[tuple, list] = {}
    for doc_id, sent_id, actor, m0, m1, leader in zip(
        mentions["doc_id"],
        mentions["sent_id"],
        mentions["actor"],
        mentions["start"],
        mentions["end"],
        leaders.fillna(""),
    ):
        by_sentence.setdefault((doc_id, int(sent_id)), []).append((actor, int(m0), int(m1), leader))
    rows = []
    keep = ~sentences["boilerplate"].to_numpy(bool)
    for doc_id, sent_id, s0, text, ok in zip(
        sentences["doc_id"], sentences["sent_id"], sentences["start"], sentences["text"], keep
    ):
        if not ok:
            continue
        here = by_sentence.get((doc_id, int(sent_id)), [])
        for p, a, b in labels.find(text):
            if p.payload and not any(m[0] == p.owner for m in here):
                continue
            kind = labels.targets[p.owner]["kind"]
            rows.append((doc_id, sent_id, p.owner, kind, p.text, text[a:b], s0 + a, s0 + b, "label list"))
        for actor, m0, m1, leader in here:
            a, b = noun_phrase(text, m0 - s0, m1 - s0, head=not leader)
            rows.append((doc_id, sent_id, actor, "actor", _clean(text[a:b]), text[a:b], s0 + a, s0 + b, "noun phrase"))
    out = pd.DataFrame(rows, columns=WORD_CHOICE_COLUMNS).astype({"sent_id": "int64", "start": "int64", "end": "int64"})
    return out.sort_values(["doc_id", "sent_id", "start", "method", "target"], kind="stable").reset_index(drop=True)
