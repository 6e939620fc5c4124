"""The stems of the packaged dictionaries' words, shipped so reading them needs no NLTK.

Importing NLTK takes about two seconds (it pulls in much of SciPy and scikit-learn). The
analysis needs it anyway, but a notebook that reads tables already scored only parses
the packaged frame and label dictionaries, and parsing a cue stems its words. This
table holds NLTK's Snowball stem of every word those dictionaries contain, so that
parsing them imports nothing; any other word is stemmed by NLTK as before, so every
table stays what it was. ``tests/test_stem_table.py`` checks that the table
is complete and equal to NLTK's stems; after changing a packaged dictionary, rebuild it:

    python -m analysis.text.stem_table
"""

from __future__ import annotations

import functools
import sys

from analysis.dictionaries.registry import default_path

FILE = "dictionary_stems.tsv"


@functools.lru_cache(maxsize=1)
def packaged_stems() -> dict[str, str]:
    """Normalised word -> Snowball stem, for the words of the packaged dictionaries."""
    path = default_path(FILE)
    try:
        text = path.read_text(encoding="utf-8")
    except OSError:  # a missing table only costs the NLTK import
        return {}
    return dict(line.split("\t", 1) for line in text.splitlines() if line and not line.startswith("#"))


def dictionary_words() -> list[str]:
    """Every normalised word that parsing the packaged dictionaries stems, sorted."""
    from analysis.dictionaries.frames import parse_frames
    from analysis.dictionaries.labels import parse_labels
    from analysis.dictionaries.registry import read_yaml
    from analysis.text import stem_match

    asked: set[str] = set()
    real = stem_match._STEM.fn

    def record(norm: str) -> str:
        asked.add(norm)
        return real(norm)

    saved = dict(stem_match._STEM)
    stem_match._STEM.clear()
    stem_match._STEM.fn = record
    try:
        for name, parse in (("frames.yaml", parse_frames), ("labels.yaml", parse_labels)):
            path = default_path(name)
            parse(read_yaml(path), path)
    finally:
        stem_match._STEM.fn = real
        stem_match._STEM.clear()
        stem_match._STEM.update(saved)
    return sorted(asked)


def build() -> str:
    """The table's text: one ``word<TAB>stem`` line per word, stemmed by NLTK."""
    from analysis.text.stem_match import _stemmer

    stemmer = _stemmer()
    lines = [f"{w}\t{stemmer.stem(w)}" for w in dictionary_words()]
    header = "# normalised word<TAB>NLTK Snowball (english) stem; rebuilt by: python -m analysis.text.stem_table\n"
    return header + "\n".join(lines) + "\n"


def main() -> int:
    from analysis.io import atomic_write

    path = default_path(FILE)
    text = build()
    atomic_write(path, text.encode("utf-8"))
    print(f"{path.name}: {text.count(chr(10)) - 1} words")
    packaged_stems.cache_clear()
    return 0


if __name__ == "__main__":
    sys.exit(main())
