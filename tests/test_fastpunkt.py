"""The fast Punkt splitter gives exactly NLTK Punkt's spans; faster segmentation keeps its output."""

from __future__ import annotations

import importlib
import os
import random
import re
import sys
from pathlib import Path

import pandas as pd
import pytest
from nltk import redos
from nltk.tokenize.punkt import PunktLanguageVars, PunktParameters, PunktSentenceTokenizer

from analysis.corpus import boilerplate
from analysis.corpus.fastpunkt import NON_WORD, PERIOD_CONTEXT, REALIGNMENT, WHITESPACE, FastPunktSentenceTokenizer
from analysis.corpus.nltk_offline import NEWS_ABBREVIATIONS, punkt_tokenizer

segment_module = importlib.import_module("analysis.corpus.segment")  # the package exports the function
CORPUS = Path(
    os.environ.get("FRAMING_BENCH_CORPUS")
    or Path(__file__).resolve().parents[1].parent / "shared" / "corpora" / "allsides_sample.jsonl"
)


def _params() -> PunktParameters:
    params = PunktParameters()
    params.abbrev_types = set(NEWS_ABBREVIATIONS)
    return params


NLTK = PunktSentenceTokenizer(_params())
FAST = FastPunktSentenceTokenizer(_params())


def assert_same_spans(text: str) -> None:
    for realign in (True, False):
        assert list(FAST.span_tokenize(text, realign)) == list(NLTK.span_tokenize(text, realign)), (text, realign)
    assert FAST.tokenize(text) == NLTK.tokenize(text)


def test_the_pipeline_uses_the_fast_path():
    tok = punkt_tokenizer()
    assert isinstance(tok, FastPunktSentenceTokenizer) and isinstance(tok, PunktSentenceTokenizer)
    assert tok._fast and FAST._fast
    assert tok._params.abbrev_types == set(NEWS_ABBREVIATIONS)


TRICKY = {
    "abbreviations": "Gen. Smith met Sen. Jones on Jan. 5 at the U.N. headquarters. Mr. Erdogan left.",
    "us_then_capital": "He moved to the U.S. Then he left. The U.S.'s allies and the U.S.’s rivals agreed.",
    "us_lower": "The U.S. economy grew. Officials in the U.S. said so.",
    "initials": "J. R. R. Tolkien wrote it. He was British. George W. Bush spoke.",
    "initial_before_digit": "Plan B. 5 people came. Vitamin C. and more. Row A. (left)",
    "initial_before_punct": "Option A.; option B.: option C., done. Grade A.? Grade B.!",
    "number_abbreviation": "It was No. 5 on the list. Next item. Nos. 3 and 4 too.",
    "number_then_capital": "Most businesses reopened May 1. Burgum eased rules. It happened in 2020. The end.",
    "number_then_lower": "It rose in 2020. then fell. Page 5. see below. Figure 12.; table 3.:",
    "numbers_odd": "He paid 1,000. Then 3.5. Then -5. Then .5. Then 2020-21. Then 1.2.3. Then 4th. Done.",
    "decimal": "It rose 3.5 percent. Then it fell 0.2 points.",
    "ellipsis": "Wait... what? Yes... No. Really.... And .. then. Also . . . this. [...] More... MUST go.",
    "question_exclamation": "Really?! Yes! No?? Fine. Wow!!! I promise. What?“ he said.",
    "quotes_ascii": 'He said "go." Then he left. "Stop." "Go!" she said. "Why?" "Because."',
    "quotes_curly": "He said “go.” Then he left. ‘Stop.’ ‘Go!’ she said. “It’s fine,” he said. “I agree.”",
    "quote_opens_next": 'Trump said. “I will win.” He said. "We will." He said. ‘They did.’ He said. «Non.»',
    "parentheses": '(Sent1.) Sent2. (How does it deal with this parenthesis?)  "It should be part of it."',
    "brackets": "[He left.] {She came.} (And (this)) '?) [(and this. )] Done.",
    "hyphenated_abbreviations": "Sen. Smith (D-Calif.) spoke. Rep. Jones (R-Ky.) did not. ex-Gen. Smith left. "
    "The D-N.Y. senator came. Co-Founder Inc. said.",
    "possessive_after_abbreviation": "Mr. Trump’s plan. Mr. Obama's plan. Mrs. Clinton’s plan. Dr. Rice? Yes.",
    "newlines_in_paragraph": "First line\ncontinues. Second sentence\nhere. Mr.\nSmith came.\nEnd.\n",
    "crlf": "One.\r\nTwo. Three\r\nfour.\r\n",
    "lowercase_after_period": "He left at 5 p.m. and then slept. it rained. etc. and so on. i.e. this. e.g. That.",
    "dashes": "He said -- and left. Then-- Go. a.m. - then. Fla. — The bodies. word.--Next",
    "leading_and_trailing_space": "  Leading space. Next.   \n  ",
    "unicode_whitespace": "Ends here.\u00a0Next one. Thin\u2009space. Nb\u00a0Mr. Smith.\u3000Wide.\u2028Line.",
    "file_separators": "End.\x1c Next. End.\x1c\nNext. End.\n\x1c Fin.",
    "tabs_and_form_feeds": "One.\tTwo.\x0bThree.\x0cFour.\rFive.",
    "non_ascii_words": "Straße. Nächste Zeile. É. Zola wrote. Über. alles. İstanbul. ılık. Ünal. ñandú.",
    "non_ascii_digits": "Chapter ٣. Next. Step ３. Next.",
    "underscore_initial": "_. Next. x_. Next.",
    "literal_number_type": "##NUMBER##. Next. ##number##. next.",
    "double_period": "etc.. Next. U.S.. Next.",
    "several_breaks_in_context": "Jr. end.) Next. x. ?! y. Mr. ?? Yes.",
    "saints_and_states": "St. Louis. St. Paul. Ga. Tech won. Wash. Post reported.",
    "stars": "The state. ********* Next. Note:* See. @home. #tag.",
    "empty": "",
    "blank": "   \n\t ",
    "marks_only": ". ? ! ... ?! \u201d. )",
    "single_tokens": "a.",
    "no_break_at_all": "just words without an end",
}


@pytest.mark.parametrize("name", sorted(TRICKY))
def test_named_tricky_texts_split_like_nltk(name):
    assert_same_spans(TRICKY[name])


def test_named_tricky_texts_inside_other_text():
    # every pair of the named texts, joined by a space, a newline, or nothing
    names = sorted(TRICKY)
    for i, a in enumerate(names):
        for sep in (" ", "\n", ""):
            assert_same_spans(TRICKY[a] + sep + TRICKY[names[(i * 7 + 3) % len(names)]])


def test_some_decisions_by_name():
    # a few outcomes stated outright, so the comparison above is not between two wrong splitters
    assert FAST.tokenize("Most businesses reopened May 1. Burgum eased rules.") == [
        "Most businesses reopened May 1.",
        "Burgum eased rules.",
    ]
    assert FAST.tokenize("J. R. R. Tolkien wrote it. He was British.") == [
        "J. R. R. Tolkien wrote it.",
        "He was British.",
    ]
    assert FAST.tokenize("Sen. Smith (D-Calif.) spoke. He left.") == ["Sen. Smith (D-Calif.) spoke.", "He left."]
    assert FAST.tokenize('He said "go." Then he left.') == ['He said "go."', "Then he left."]
    assert FAST.tokenize("It rose in 2020. then fell.") == ["It rose in 2020. then fell."]


WORDS = [
    "Mr",
    "mr",
    "U.S",
    "u.s",
    "Gen",
    "J",
    "j",
    "R",
    "5",
    "3.5",
    "12",
    "2020-21",
    "No",
    "no",
    "calif",
    "D-Calif",
    "ex-Gen",
    "the",
    "The",
    "I",
    "a",
    "x",
    "X",
    "Smith",
    "p.m",
    "a.m",
    "etc",
    "e.g",
    "St",
    "Jan",
    "A1",
    "1a",
    "lt.col",
]
BEFORE = ["", "", "", '"', "“", "‘", "'", "(", "[", "«"]
AFTER = [
    "",
    "",
    "",
    "’s",
    "'s",
    ",",
    ";",
    ":",
    ")",
    '"',
    "”",
    "’",
    "'",
    ".",
    "?",
    "!",
    ".”",
    '."',
    ".)",
    "...",
    "?!",
    "!!",
]
SPACES = [" ", " ", " ", "  ", "\n", "\u00a0", "\t", " \n ", "\x1c "]
ODD = [
    "...",
    "..",
    ".",
    "?",
    "!",
    '"',
    "“",
    "”",
    "'",
    "’",
    "(",
    ")",
    "[",
    "]",
    "{",
    "}",
    "-",
    "--",
    ",",
    ";",
    ":",
    " ",
    "\n",
    "\n\n",
    "\r\n",
    "\u00a0",
    "\x1c",
    "É",
    "ß",
    "_",
    "«",
    "»",
    "*",
    "@",
    "#",
    "&",
    "`",
    "٣",
    "İ",
]


def test_random_texts_split_like_nltk():
    rng = random.Random(20240611)
    for _ in range(1500):  # word-like texts: mostly the shapes decided without tokenizing
        parts = [
            rng.choice(BEFORE) + rng.choice(WORDS) + rng.choice(AFTER) + rng.choice(SPACES)
            for _ in range(rng.randint(1, 14))
        ]
        text = "".join(parts)
        assert_same_spans(text.strip() if rng.random() < 0.5 else text)
    for _ in range(1500):  # punctuation soup: mostly the shapes that are tokenized
        assert_same_spans("".join(rng.choice(WORDS + ODD) for _ in range(rng.randint(0, 30))))


def test_text_contains_sentbreak_matches_nltk_on_contexts():
    contexts = [
        "said. “I",
        "Mr. Trump’s",
        "... MUST",
        ". .",
        "(D-Calif.)",
        "[...]",
        "a.m. -",
        "J. Richards/AFP",
        "end.) Next",
        "x. ?! y",
        "U.S. won't",
        "“racist.”",
        "state. *********",
        "5. the",
        "5. The",
        "A. b",
        "A. B",
        "A. 5",
        "A. ;",
        "##number##. x",
        "Straße. Nächste",
        "É. Zola",
        "٣. Next",
        "_. X",
    ]
    for c in contexts:
        assert FAST.text_contains_sentbreak(c) == NLTK.text_contains_sentbreak(c), c


def _all_characters() -> str:
    return "".join(chr(i) for i in range(sys.maxunicode + 1) if not 0xD800 <= i <= 0xDFFF)


def test_whitespace_class_is_the_regex_engines():
    chars = _all_characters()
    ours = set(re.findall("[" + WHITESPACE + "]", chars))
    nltk_engine = set(redos.compile(r"\s", re.UNICODE | re.VERBOSE).findall(chars))
    assert ours == nltk_engine
    assert "\x1c" in set(re.findall(r"\s", chars)) - ours  # why it is spelled out


def test_patterns_match_like_nltks():
    lang = PunktLanguageVars()
    non_word = redos.compile(lang._re_non_word_chars)
    sample = "".join(chr(i) for i in range(0x3100)) + "\ufeff\uff01"
    assert {c for c in sample if non_word.fullmatch(c)} == set(NON_WORD)
    specials = [c for c in sample if c.isspace() or non_word.fullmatch(c)] + list("aZ5.,-_\u00e9*#")
    nltk_period = lang.period_context_re()
    for c in specials:
        for d in ("x", "", "\u201c", c):
            for text in (f"a.{c}{d}", f"a?{c}{d} z", f"a!{c}{c}{d}."):
                got = [(m.span(), m.groupdict()) for m in PERIOD_CONTEXT.finditer(text)]
                want = [(m.span(), m.groupdict()) for m in nltk_period.finditer(text)]
                assert got == want, repr(text)
                for start in range(len(text) + 1):
                    for end in range(start, len(text) + 1):
                        mine = REALIGNMENT.match(text, start, end)
                        theirs = lang.re_boundary_realignment.match(text[start:end])
                        assert (mine and mine.group()) == (theirs and theirs.group()), repr(text[start:end])


def test_other_parameters_fall_back_to_nltk():
    params = _params()
    params.collocations = {("s", "bach")}
    params.sent_starters = {"however"}
    params.ortho_context["however"] = 2
    text = "Johann S. Bach wrote it. Dr. However came. He left. Mr. However, no."
    fast = FastPunktSentenceTokenizer(params)
    assert not fast._fast
    assert list(fast.span_tokenize(text)) == list(PunktSentenceTokenizer(params).span_tokenize(text))


def test_credit_prefilter_misses_no_credit_line():
    # lines the credit rule flags must all be among the candidate lines
    lines = [
        "PHOTO: Reuters",
        "Image credit: AP",
        "  Getty Images  ",
        "file photo",
        "Pictures by: Jane",
        "İMAGE: AP",
        "ımage: AP",
        "Turkey bought it.",
        "",
        "Videos: CNN",
        "GRAPHIC by: Ann",
    ]
    flagged = {i for i, s in enumerate(lines) if boilerplate._CREDIT.search(s.strip())}
    assert flagged >= {0, 1, 2, 3, 4, 9, 10}
    candidates = boilerplate._credit_lines([s.strip() for s in lines])
    assert candidates is None  # dotted/dotless i: every line is checked
    without_i = [s for s in lines if "\u0130" not in s and "\u0131" not in s]
    found = boilerplate._credit_lines([s.strip() for s in without_i])
    assert {i for i, s in enumerate(without_i) if boilerplate._CREDIT.search(s.strip())} <= found
    assert without_i.index("Turkey bought it.") not in found
    # the words' letters match nothing else under IGNORECASE than the two i's
    chars = _all_characters()
    for letter in sorted(set("".join(w.decode() for w in boilerplate._CREDIT_WORDS))):
        assert set(re.findall("(?i)" + letter, chars)) <= {letter, letter.upper(), "\u0130", "\u0131"}
    assert boilerplate.flag_lines(lines, [True] * len(lines))[5:7] == ["photo caption or credit"] * 2


@pytest.fixture(scope="module")
def corpus_sample() -> pd.DataFrame:
    if not CORPUS.is_file():
        pytest.skip(f"benchmark corpus not found at {CORPUS} (set FRAMING_BENCH_CORPUS)")
    from analysis.corpus.readers import iter_corpus

    batches = [batch.iloc[::12] for batch in iter_corpus(CORPUS, batch_size=1200)]  # every 12th article
    sample = pd.concat(batches, ignore_index=True)
    assert len(sample) >= 300
    return sample


def test_corpus_sample_spans_are_nltks(corpus_sample):
    for text in corpus_sample["text"]:
        assert list(FAST.span_tokenize(text)) == list(NLTK.span_tokenize(text))
        for line in text.split("\n"):
            assert FAST.spans(line) == list(NLTK.span_tokenize(line))


class _PlainPunkt:
    """NLTK's own tokenizer behind the one method segment() uses."""

    def spans(self, text):
        return list(NLTK.span_tokenize(text))


def test_corpus_sample_segments_like_plain_nltk_punkt(corpus_sample, monkeypatch):
    fast = segment_module.segment(corpus_sample)
    with monkeypatch.context() as m:
        m.setattr(segment_module, "punkt_tokenizer", _PlainPunkt)
        plain = segment_module.segment(corpus_sample)
    pd.testing.assert_frame_equal(fast, plain, check_exact=True)
    assert len(fast) > 10 * len(corpus_sample)
    texts = corpus_sample.set_index("doc_id")["text"]
    assert all(texts[d][a:b] == t for d, a, b, t in zip(fast["doc_id"], fast["start"], fast["end"], fast["text"]))
