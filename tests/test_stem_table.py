"""The packaged stem table: complete, equal to NLTK's stems, and it spares the NLTK import."""

from __future__ import annotations

import subprocess
import sys

from analysis.dictionaries.registry import default_path
from analysis.text import stem_table
from analysis.text.stem_match import _stemmer


def test_table_is_complete_and_equal_to_nltk():
    # stale after a packaged dictionary changed: rebuild with `python -m analysis.text.stem_table`
    shipped = default_path(stem_table.FILE).read_text(encoding="utf-8")
    assert shipped == stem_table.build()
    table = stem_table.packaged_stems()
    assert len(table) > 500
    stemmer = _stemmer()
    assert all(stemmer.stem(word) == stem for word, stem in table.items())
    assert table["sanctions"] == "sanction"


def test_reading_the_packaged_dictionaries_does_not_import_nltk():
    code = (
        "import sys, analysis as fa\n"
        "from analysis.measures.frames import frames_for\n"
        "from analysis.dictionaries.labels import labels_for\n"
        "print(len(frames_for(None).ids), len(labels_for(None).names) > 0, 'nltk' in sys.modules)"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout
    assert out.split() == ["8", "True", "False"]


def test_words_outside_the_table_are_stemmed_by_nltk():
    from analysis.text.stem_match import word_keys

    word = "unpackagedwordings"
    assert word not in stem_table.packaged_stems()
    assert word_keys(word) == (word, _stemmer().stem(word))
