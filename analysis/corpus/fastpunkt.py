"""NLTK's Punkt sentence splitter, made fast for untrained parameters.

:class:`FastPunktSentenceTokenizer` is a :class:`nltk.tokenize.punkt.PunktSentenceTokenizer`
that gives exactly the same spans as NLTK's, faster. It relies on what an untrained
model implies (no collocations, no frequent sentence starters, an empty orthographic
context), which reduces NLTK's two annotation passes to a few rules:

* first pass: a token ``.``, ``?`` or ``!`` is a break; a token ending in one period
  is an abbreviation when the word before the period (lower case), or its part after
  the last hyphen, is a known abbreviation, else a break; ellipses are never breaks;
* second pass: the orthographic heuristic can only answer "no" (the next token is
  ``; : , . ! ?`` or starts lower case) or "unknown", so a break after an initial
  (``J.``) or a number (``##number##``) is undone when the next token is punctuation
  or lower case, and after an initial also when the next token starts upper case.
  Abbreviations and ellipses never become breaks.

A candidate context (the word before a ``.``/``?``/``!`` and what follows it) of a
common shape (an ASCII word with inner ``.``/``-``, then a punctuation mark or a plain
next word) is decided from these rules directly; any other context is split into
tokens by NLTK's own word regular expression and then annotated with the same rules,
as NLTK's ``text_contains_sentbreak`` does. NLTK's regular expressions
run on the ``regex`` engine; the ones redone here with :mod:`re` spell out that engine's
whitespace class (``\\s``), see ``tests/test_fastpunkt.py``. With other parameters
(trained models, collocations, a different language class) the tokenizer falls back
to NLTK's own code.
"""

from __future__ import annotations

import re

from nltk.tokenize.punkt import PunktLanguageVars, PunktSentenceTokenizer, PunktToken

#: What the ``regex`` engine (used by NLTK) matches with ``\s``; :mod:`re` would also
#: match U+001C..U+001F.
WHITESPACE = "\t\n\x0b\x0c\r \x85\xa0\u1680\u2000-\u200a\u2028\u2029\u202f\u205f\u3000"
#: Characters that cannot appear within a Punkt word (``PunktLanguageVars._re_non_word_chars``).
NON_WORD = ")\";}]*:@'({[\u2018\u2019\u201c\u201d\xab\xbb?!"
_NON_WORD_CLASS = "[" + re.escape(NON_WORD) + "]"
_WS_CLASS = "[" + WHITESPACE + "]"
_NOT_WS_CLASS = "[^" + WHITESPACE + "]"
#: ``PunktLanguageVars.period_context_re()`` with ``\s`` spelled out.
PERIOD_CONTEXT = re.compile(
    r"[.?!](?=(?P<after_tok>" + _NON_WORD_CLASS + "|" + _WS_CLASS + "+(?P<next_tok>" + _NOT_WS_CLASS + "+)))"
)
#: ``PunktLanguageVars.re_boundary_realignment`` with ``\s`` spelled out.
REALIGNMENT = re.compile("[\"')\\]}\u2018\u2019\u201c\u201d\xab\xbb]+?(?:" + _WS_CLASS + "+|(?=--)|$)", re.MULTILINE)
_CLOSERS = frozenset("\"')]}\u2018\u2019\u201c\u201d\xab\xbb")
#: ``string.whitespace`` but the space: NLTK finds the word before a candidate by ASCII whitespace.
_OTHER_ASCII_WS = "\t\n\r\x0b\x0c"

# Shapes decided without tokenizing. A plain word: ASCII letters and digits, single
# inner periods or hyphens (one Punkt token, never an ellipsis).
_PLAIN = re.compile(r"[A-Za-z0-9]+(?:[.\-][A-Za-z0-9]+)*")
# A plain next token: a plain word, perhaps after an opening quote or bracket (its own
# token, or glued to the word; either way the first character of the next token) and
# perhaps followed by a possessive 's and a final period or one final character that
# Punkt splits off as a last token. Only its last token can end in a period.
_PLAIN_NEXT = re.compile(
    r"""["'(\[\u2018\u201c\xab]?[A-Za-z0-9]+(?:[.\-][A-Za-z0-9]+)*(?:['\u2019]s)?(?:\.|[,;:)"\u201d\u2019'])?"""
)
# PunktToken._RE_NUMERIC for ASCII text (where ``\d`` is [0-9] in both engines).
_NUMBER_ASCII = re.compile(r"-?[.,]?[0-9][0-9,.\-]*\.?")


class FastPunktSentenceTokenizer(PunktSentenceTokenizer):
    """Punkt with NLTK's decisions, fast when the parameters are untrained.

    Build it like NLTK's (``FastPunktSentenceTokenizer(params)``). Do not change the
    parameters' collocations, sentence starters or orthographic context afterwards;
    abbreviations may change.
    """

    def __init__(self, train_text=None, verbose=False, lang_vars=None, token_cls=PunktToken):
        super().__init__(train_text, verbose, lang_vars, token_cls)
        p = self._params
        self._fast = (
            type(self._lang_vars) is PunktLanguageVars
            and self._Token is PunktToken
            and tuple(self._lang_vars.sent_end_chars) == (".", "?", "!")
            and self.PUNCTUATION == tuple(";:,.!?")
            and not p.collocations
            and not p.sent_starters
            and not any(p.ortho_context.values())
        )

    # -- spans -------------------------------------------------------------

    def spans(self, text: str, realign_boundaries: bool = True) -> list[tuple[int, int]]:
        """``list(self.span_tokenize(text, realign_boundaries))``, computed at once."""
        if not self._fast:
            return list(super().span_tokenize(text, realign_boundaries))
        slices = self._break_slices(text)
        return _realign(text, slices) if realign_boundaries else slices

    def span_tokenize(self, text: str, realign_boundaries: bool = True):
        """(start, end) of each sentence, exactly as NLTK's ``span_tokenize``."""
        yield from self.spans(text, realign_boundaries)

    def _slices_from_text(self, text: str):
        if not self._fast:
            yield from super()._slices_from_text(text)
            return
        for start, stop in self._break_slices(text):
            yield slice(start, stop)

    def _realign_boundaries(self, text: str, slices):
        if not self._fast:
            yield from super()._realign_boundaries(text, slices)
            return
        for start, stop in _realign(text, [(s.start, s.stop) for s in slices]):
            yield slice(start, stop)

    def _break_slices(self, text: str) -> list[tuple[int, int]]:
        """``_slices_from_text`` as (start, stop) pairs."""
        # Candidates and the word before each, as in ``_match_potential_end_contexts``:
        # the word starts after the last ASCII whitespace since the previous candidate,
        # else where the previous candidate's word started, and then replaces it.
        cands: list[tuple[re.Match, int]] = []
        prev_start = prev_stop = 0
        rfind = text.rfind
        for m in PERIOD_CONTEXT.finditer(text):
            at = m.start()
            k = rfind(" ", prev_stop, at)
            if not text[k + 1 if k >= 0 else prev_stop : at].isprintable():
                for ch in _OTHER_ASCII_WS:
                    k = max(k, rfind(ch, prev_stop, at))
            word_start = k + 1 if k > prev_stop else prev_start
            if cands and prev_stop > word_start:
                cands.pop()
            cands.append((m, word_start))
            prev_start, prev_stop = word_start, at
        out: list[tuple[int, int]] = []
        last_break = 0
        abbrevs = self._params.abbrev_types
        for m, start in cands:
            at, end = m.span()
            word = text[start:at]
            after, nxt = m.groups()
            if (start == at or _PLAIN.fullmatch(word)) and (nxt is None or _PLAIN_NEXT.fullmatch(nxt)):
                # Common shapes, decided by the rules in the module docstring. Tokens:
                # ["word."], or ["word", "?"], or the mark alone; then the tokens of
                # ``after``: one punctuation mark, or a plain word possibly followed by
                # a character split off as a last token. Only the first can break.
                if start == at or text[at] != ".":
                    brk = True  # ".", "?" or "!" alone is a break, and a token follows
                else:
                    low = word.lower()
                    if low in abbrevs or ("-" in low and low.rsplit("-", 1)[1] in abbrevs):
                        brk = False
                    elif (initial := len(word) == 1 and word.isalpha()) or (
                        word[0] <= "9" and _NUMBER_ASCII.fullmatch(word + ".")  # digits sort first
                    ):
                        first = after if nxt is None else nxt  # starts like the next token
                        if first in self.PUNCTUATION or first[0].islower():
                            brk = False  # orthographic heuristic: "no"
                        else:  # "unknown": an initial before upper case is no break
                            brk = not (initial and first[0].isupper())
                    else:
                        brk = True
            else:
                brk = self.text_contains_sentbreak(word + text[at] + after)
            if brk:
                out.append((last_break, end))
                last_break = end if nxt is None else m.start(2)
        out.append((last_break, len(text.rstrip())))
        return out

    def text_contains_sentbreak(self, text: str) -> bool:
        """Whether a token other than the last is a break (NLTK's method, same result)."""
        if not self._fast:
            return super().text_contains_sentbreak(text)
        tokenize = self._lang_vars._word_tokenizer_re().findall
        toks: list[str] = []
        for line in text.split("\n"):
            if line.strip():
                toks.extend(tokenize(line))
        abbrevs = self._params.abbrev_types
        sent_end = self._lang_vars.sent_end_chars
        for i in range(len(toks) - 1):
            tok = toks[i]
            if tok in sent_end:
                brk = True
            elif tok.endswith(".") and not tok.endswith(".."):  # ellipses end in ".."
                low = tok[:-1].lower()
                brk = not (low in abbrevs or low.split("-")[-1] in abbrevs)
            else:
                brk = False
            if brk and tok.endswith("."):
                brk = self._second_pass_keeps_break(tok, toks[i + 1])
            if brk:
                return True
        return False

    def _second_pass_keeps_break(self, tok: str, nxt: str) -> bool:
        """NLTK's ``_second_pass_annotation`` for a period-final break token."""
        typ = self._Token._RE_NUMERIC.sub("##number##", tok.lower())
        if len(typ) > 1 and typ[-1] == ".":
            typ = typ[:-1]
        initial = bool(self._Token._RE_INITIAL.match(tok))
        if not (initial or typ == "##number##"):
            return True
        if nxt in self.PUNCTUATION or nxt[0].islower():
            return False
        return not (initial and nxt[0].isupper())


def _realign(text: str, slices: list[tuple[int, int]]) -> list[tuple[int, int]]:
    """NLTK's ``_realign_boundaries``: closing quotes and brackets join the sentence before."""
    last = len(slices) - 1
    if not last:
        start, stop = slices[0]
        return slices if start < stop else []
    out = []
    realign = 0
    for i, (start, stop) in enumerate(slices):
        start += realign
        if i < last:
            s2, e2 = slices[i + 1]
            if s2 < e2 and text[s2] in _CLOSERS:
                m = REALIGNMENT.match(text, s2, e2)
                if m:
                    out.append((start, s2 + len(m.group().rstrip())))
                    realign = m.end() - s2
                    continue
            realign = 0
        if start < stop:
            out.append((start, stop))
    return out
