"""NLTK without downloads.

NLTK's downloader cannot be used offline, and this package never calls it. What the
pipeline needs from NLTK works without its data server:

* VADER: the lexicon ships inside the ``vaderSentiment`` package on PyPI. NLTK 3.10
  only loads resources from its own data path, so on first use the lexicon file is
  copied, byte for byte, into a cache folder laid out like ``nltk_data``
  (``sentiment/vader_lexicon/vader_lexicon.txt``) and that folder is added to
  ``nltk.data.path``. The copy is checked against the packaged file on every start, so
  a user with internet access and NLTK's own lexicon installed still gets exactly the
  packaged lexicon.
* Punkt: the sentence splitter runs untrained with an abbreviation list for news
  text, so no ``punkt`` model is needed (:mod:`analysis.corpus.fastpunkt` makes it fast and
  keeps NLTK's decisions).

The cache folder is ``$FRAMING_ANALYSIS_CACHE`` if set, else
``$XDG_CACHE_HOME/framing-analysis`` (``~/.cache/framing-analysis``); if that cannot
be written a private temporary folder is used.
"""

from __future__ import annotations

import functools
import hashlib
import os
import tempfile
from importlib import resources
from pathlib import Path

LEXICON_RESOURCE = "sentiment/vader_lexicon/vader_lexicon.txt"

#: Abbreviations (lower case, without the final period) that do not end a sentence in
#: news text: titles, ranks, months, US states, countries and organisations written
#: with periods, and common Latin and business abbreviations.
NEWS_ABBREVIATIONS = frozenset(
    """
    mr mrs ms dr prof sr jr st rev hon messrs mme mlle
    gen lt col maj capt cpt sgt cpl pvt adm cmdr cmdt brig cdr lt.col lt.gen maj.gen
    sen rep gov pres supt det insp amb atty dept
    jan feb mar apr jun jul aug sep sept oct nov dec
    mon tue tues wed thu thur thurs fri sat sun
    u.s u.s.a u.n u.k u.a.e e.u d.c n.y l.a s.f r.i.p
    ala ariz ark calif colo conn del fla ga ill ind kan kans ky la md mass mich minn
    miss mo mont neb nev n.h n.j n.m n.c n.d okla ore pa s.c s.d tenn tex vt va wash
    wis wyo
    inc corp co ltd llc plc bros assn univ
    no nos vol vols fig figs ed eds approx est vs etc i.e e.g cf al ca
    a.m p.m
    mt ft ave blvd rd hwy
    """.split()
)


def cache_dir() -> Path:
    """The folder for derived files (created on demand)."""
    env = os.environ.get("FRAMING_ANALYSIS_CACHE")
    if env:
        return Path(env)
    base = os.environ.get("XDG_CACHE_HOME") or os.path.join(Path.home(), ".cache")
    return Path(base) / "framing-analysis"


def _packaged_lexicon() -> bytes:
    return resources.files("vaderSentiment").joinpath("vader_lexicon.txt").read_bytes()


def _write_if_changed(target: Path, data: bytes) -> None:
    if target.is_file() and target.read_bytes() == data:
        return
    from analysis.io import atomic_write

    atomic_write(target, data)


@functools.lru_cache(maxsize=1)
def nltk_data_dir() -> Path:
    """Prepare an NLTK data folder holding the VADER lexicon and return it."""
    data = _packaged_lexicon()
    digest = hashlib.sha256(data).hexdigest()[:16]
    root = cache_dir() / "nltk_data" / digest
    try:
        _write_if_changed(root / LEXICON_RESOURCE, data)
        return root
    except OSError:
        pass  # read-only home or cache: fall back to a private temporary folder
    root = Path(tempfile.mkdtemp(prefix="framing-analysis-nltk-"))
    _write_if_changed(root / LEXICON_RESOURCE, data)
    return root


def lexicon_text() -> str:
    """The VADER lexicon as NLTK reads it (UTF-8 text)."""
    return _packaged_lexicon().decode("utf-8")


@functools.lru_cache(maxsize=1)
def nltk_vader():
    """NLTK's own ``SentimentIntensityAnalyzer`` on the packaged lexicon, no download."""
    import nltk.data
    from nltk.sentiment.vader import SentimentIntensityAnalyzer

    root = str(nltk_data_dir())
    if root not in nltk.data.path:
        nltk.data.path.append(root)
    return SentimentIntensityAnalyzer(lexicon_file=LEXICON_RESOURCE)


@functools.lru_cache(maxsize=1)
def punkt_tokenizer():
    """An untrained Punkt sentence tokenizer that knows news abbreviations.

    It is NLTK's ``PunktSentenceTokenizer`` with a faster, exact implementation of its
    decisions for untrained parameters (:class:`analysis.corpus.fastpunkt.FastPunktSentenceTokenizer`).
    """
    from nltk.tokenize.punkt import PunktParameters

    from analysis.corpus.fastpunkt import FastPunktSentenceTokenizer

    params = PunktParameters()
    params.abbrev_types = set(NEWS_ABBREVIATIONS)
    return FastPunktSentenceTokenizer(params)
