"""analysis.load_corpus on each input form and each bad input."""

from __future__ import annotations

import json
import warnings

import pandas as pd
import pytest

from analysis import InputError, InputWarning, load_corpus

from conftest import SEED_IDS, SEEDS, snapshot

d1 = "Turkey buys a missile system\n\nAnkara said on Monday that the deal is done. Moscow agreed."
d2 = "Washington objects.\n\nThe U.S. warned Turkey again."


def test_seed_folder_loads_three_articles_with_metadata(seed_articles):
    assert list(seed_articles["doc_id"]) == SEED_IDS
    cgtn = seed_articles.set_index("doc_id").loc["003_760bc2291f13128b"]
    assert cgtn["outlet"] == "CGTN"
    assert cgtn["date"] == "2019-04-08"
    assert cgtn["title"] == "Turkey and Russia step up military ties, despite increasing US concerns"
    assert cgtn["outlet_source"] == "inferred"
    # no outlet is invented for the other two
    assert list(seed_articles["outlet"][:2]) == ["", ""]


def test_seed_texts_are_the_files_byte_for_byte(seed_articles):
    for doc_id, text in zip(seed_articles["doc_id"], seed_articles["text"]):
        assert text.encode("utf-8") == (SEEDS / f"{doc_id}.txt").read_bytes()


def test_loading_never_modifies_the_input(tmp_path):
    before = snapshot(SEEDS)
    load_corpus(SEEDS)
    assert snapshot(SEEDS) == before


def test_title_is_the_first_line_when_it_looks_like_a_headline(tmp_path):
    (tmp_path / "a.txt").write_text(d1, encoding="utf-8")
    (tmp_path / "b.txt").write_text(d2, encoding="utf-8")
    arts = load_corpus(tmp_path).set_index("doc_id")
    assert arts.loc["a", "title"] == "Turkey buys a missile system"
    assert arts.loc["a", "title_from"] == "first line"
    assert arts.loc["b", "title"] == ""  # ends like a sentence


def test_jsonl_with_id_column_and_metadata(tmp_path):
    path = tmp_path / "c.jsonl"
    rows = [
        {"id": "x1", "text": d1, "outlet": "A", "date": "2019-01-02"},
        {"id": "x2", "text": d2, "outlet": "B", "topic": "arms"},
    ]
    path.write_text("\n".join(json.dumps(r) for r in rows) + "\n", encoding="utf-8")
    arts = load_corpus(path)
    assert list(arts["doc_id"]) == ["x1", "x2"]
    assert list(arts["outlet"]) == ["A", "B"]
    assert list(arts["topic"]) == ["", "arms"]
    assert arts.loc[0, "text"] == d1


def test_csv_with_doc_id_and_a_metadata_sidecar(tmp_path):
    path = tmp_path / "c.csv"
    pd.DataFrame({"doc_id": ["b", "a"], "text": [d2, d1], "outlet": ["X", ""]}).to_csv(path, index=False)
    meta = tmp_path / "meta.csv"
    meta.write_text("doc_id,outlet,extra\na,Y,1\n", encoding="utf-8")
    arts = load_corpus(path, metadata=meta)
    assert list(arts["doc_id"]) == ["a", "b"]  # sorted
    assert list(arts["outlet"]) == ["Y", "X"]
    assert list(arts["extra"]) == ["1", ""]


def test_parquet_corpus(tmp_path):
    path = tmp_path / "c.parquet"
    pd.DataFrame({"doc_id": ["a"], "text": [d1]}).to_parquet(path)
    assert load_corpus(path)["text"].tolist() == [d1]


def test_missing_path():
    with pytest.raises(InputError, match=r"nowhere: no such file or folder"):
        load_corpus("nowhere")


def test_empty_folder(tmp_path):
    with pytest.raises(InputError, match="no .txt articles"):
        load_corpus(tmp_path)


@pytest.mark.parametrize("content", [b"", b"  \n\t\n"])
def test_empty_or_whitespace_file(tmp_path, content):
    (tmp_path / "ok.txt").write_text(d1, encoding="utf-8")
    (tmp_path / "blank.txt").write_bytes(content)
    with pytest.raises(InputError, match=r"blank\.txt: empty file"):
        load_corpus(tmp_path)


def test_binary_file(tmp_path):
    (tmp_path / "img.txt").write_bytes(b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR")
    with pytest.raises(InputError, match=r"img\.txt: binary file"):
        load_corpus(tmp_path)


def test_cp1252_file_is_decoded_with_a_warning_naming_it(tmp_path):
    (tmp_path / "smart.txt").write_bytes("Erdogan said \u201cno\u201d to the U.S.\n".encode("cp1252"))
    with pytest.warns(InputWarning, match=r"smart\.txt: not valid UTF-8.*cp1252"):
        arts = load_corpus(tmp_path)
    assert arts.loc[0, "text"] == "Erdogan said \u201cno\u201d to the U.S.\n"


def test_undecodable_file(tmp_path):
    (tmp_path / "bad.txt").write_bytes(b"abc \x81\x8d\x8f\x90\x9d def")
    with pytest.raises(InputError, match=r"bad\.txt: not UTF-8"):
        load_corpus(tmp_path)


def test_metadata_row_for_a_missing_document(tmp_path):
    (tmp_path / "a.txt").write_text(d1, encoding="utf-8")
    (tmp_path / "metadata.csv").write_text("doc_id,outlet\na,X\nghost,Y\n", encoding="utf-8")
    with pytest.raises(InputError, match=r"metadata\.csv: metadata for a document that is not in the corpus: 'ghost'"):
        load_corpus(tmp_path)


def test_duplicate_ids_in_jsonl(tmp_path):
    path = tmp_path / "dup.jsonl"
    path.write_text(json.dumps({"id": "a", "text": d1}) + "\n" + json.dumps({"id": "a", "text": d2}) + "\n")
    with pytest.raises(InputError, match=r"dup\.jsonl: line 2: duplicate doc_id 'a' \(first at line 1\)"):
        load_corpus(path)


def test_duplicate_ids_in_metadata(tmp_path):
    (tmp_path / "a.txt").write_text(d1, encoding="utf-8")
    (tmp_path / "metadata.csv").write_text("doc_id,outlet\na,X\na,Y\n", encoding="utf-8")
    with pytest.raises(InputError, match=r"line 3: duplicate doc_id 'a' \(first on line 2\)"):
        load_corpus(tmp_path)


def test_duplicate_ids_in_a_folder_differing_in_extension_case(tmp_path):
    (tmp_path / "a.txt").write_text(d1, encoding="utf-8")
    (tmp_path / "a.TXT").write_text(d2, encoding="utf-8")
    with pytest.raises(InputError, match="duplicate doc_id 'a'"):
        load_corpus(tmp_path)


def test_jsonl_row_without_text_is_skipped_with_a_warning(tmp_path):
    path = tmp_path / "c.jsonl"
    path.write_text(json.dumps({"id": "a", "text": d1}) + "\n" + json.dumps({"id": "b", "text": "  "}) + "\n")
    with pytest.warns(InputWarning, match=r"c\.jsonl: line 2: doc_id 'b' has no text; skipped"):
        arts = load_corpus(path)
    assert arts["doc_id"].tolist() == ["a"]


def test_invalid_json_line(tmp_path):
    path = tmp_path / "c.jsonl"
    path.write_text(json.dumps({"id": "a", "text": d1}) + "\n{not json\n")
    with pytest.raises(InputError, match=r"c\.jsonl: line 2: invalid JSON"):
        load_corpus(path)


def test_file_without_text_or_id_column(tmp_path):
    path = tmp_path / "c.csv"
    path.write_text("doc_id,body2\na,hello\n")
    with pytest.raises(InputError, match="no text column"):
        load_corpus(path)
    path.write_text("name,text\na,hello\n")
    with pytest.raises(InputError, match="no id column"):
        load_corpus(path)


def test_unsupported_format(tmp_path):
    path = tmp_path / "c.docx"
    path.write_bytes(b"PK")
    with pytest.raises(InputError, match="unsupported corpus format"):
        load_corpus(path)


def test_no_warning_on_clean_input():
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        load_corpus(SEEDS)


def test_batches_concatenate_to_the_whole_corpus(tmp_path):
    from analysis.corpus.readers import iter_corpus

    path = tmp_path / "c.jsonl"
    path.write_text(
        "".join(json.dumps({"id": f"d{i:02d}", "text": f"Turkey {i}.", "outlet": "A"}) + "\n" for i in range(25))
    )
    batches = list(iter_corpus(path, batch_size=10))
    assert [len(b) for b in batches] == [10, 10, 5]
    whole = pd.concat(batches, ignore_index=True)
    pd.testing.assert_frame_equal(whole, load_corpus(path))


def test_duplicate_across_batches_is_caught(tmp_path):
    from analysis.corpus.readers import iter_corpus

    path = tmp_path / "c.jsonl"
    path.write_text("".join(json.dumps({"id": i % 12, "text": "x y"}) + "\n" for i in range(15)))
    with pytest.raises(InputError, match=r"line 13: duplicate doc_id '0'"):
        list(iter_corpus(path, batch_size=5))
