import json
from pathlib import Path

from kg.documents import header_date, read_documents


def read(paths):
    skipped = []
    docs = list(read_documents(paths, on_skip=skipped.append))
    return docs, skipped


def test_txt_id_is_file_name_and_text_is_kept_byte_for_byte(tmp_path):
    text = "  date 2017-12-27 After the war,\r\nMattis said so.\n"
    (tmp_path / "000_x.txt").write_bytes(text.encode("utf-8"))
    docs, skipped = read([tmp_path])
    assert [(d.id, d.text, d.date) for d in docs] == [("000_x.txt", text, "2017-12-27")]
    assert skipped == []


def test_date_header_may_share_its_line_with_the_article():
    assert header_date(" date 2017-12-27 After the implementation") == "2017-12-27"
    assert header_date("\n\ndate 2020-01-31\nText") == "2020-01-31"


def test_date_elsewhere_in_the_text_is_not_a_header():
    assert header_date("On date 2017-12-27 he said") is None


def test_folders_are_read_recursively_in_sorted_order_skipping_hidden(tmp_path):
    (tmp_path / "b").mkdir()
    (tmp_path / "b" / "2.txt").write_text("two")
    (tmp_path / "1.txt").write_text("one")
    (tmp_path / ".hidden.txt").write_text("hidden")
    (tmp_path / "notes.md").write_text("not an article")
    docs, _ = read([tmp_path])
    assert [d.id for d in docs] == ["1.txt", "2.txt"]


def test_jsonl_gives_one_document_a_line_with_metadata(tmp_path):
    lines = [
        {"id": "x1", "text": "Hello.", "date": "2020-01-02", "title": "T", "url": "http://u"},
        {"id": "x2", "text": "date 2019-05-06 Bye."},
    ]
    (tmp_path / "a.jsonl").write_text("\n".join(json.dumps(r) for r in lines) + "\n")
    docs, skipped = read([tmp_path / "a.jsonl"])
    assert [(d.id, d.date, d.title, d.url) for d in docs] == [
        ("x1", "2020-01-02", "T", "http://u"),
        ("x2", "2019-05-06", None, None),
    ]
    assert skipped == []


def test_bad_jsonl_lines_are_skipped_by_line_and_the_rest_is_read(tmp_path):
    f = tmp_path / "a.jsonl"
    f.write_text(
        '{"id": "ok", "text": "Fine."}\n'
        "{not json\n"
        '{"id": "no-text"}\n'
        '["a list"]\n'
        '{"id": "d", "text": "x", "date": "27/12/2017"}\n'
    )
    docs, skipped = read([f])
    assert [d.id for d in docs] == ["ok"]
    assert [s.path for s in skipped] == [f"{f}:2", f"{f}:3", f"{f}:4", f"{f}:5"]
    assert "not valid JSON" in skipped[0].reason
    assert "'text'" in skipped[1].reason
    assert "YYYY-MM-DD" in skipped[3].reason


def test_unreadable_files_are_reported_not_raised(tmp_path):
    (tmp_path / "latin1.txt").write_bytes("Caf\xe9 au lait".encode("latin-1"))
    (tmp_path / "binary.txt").write_bytes(b"\x89PNG\x00\x00\x01")
    (tmp_path / "empty.txt").write_text("  \n\t ")
    (tmp_path / "good.txt").write_text("Mattis said so.")
    docs, skipped = read([tmp_path, tmp_path / "missing.txt"])
    assert [d.id for d in docs] == ["good.txt"]
    reasons = {Path(s.path).name: s.reason for s in skipped}
    assert set(reasons) == {"binary.txt", "empty.txt", "latin1.txt", "missing.txt"}
    assert "not UTF-8" in reasons["latin1.txt"]
    assert "binary" in reasons["binary.txt"]
    assert "empty" in reasons["empty.txt"]
    assert "no such file" in reasons["missing.txt"]


def test_skip_message_is_one_line_naming_the_file(tmp_path):
    (tmp_path / "empty.txt").write_text("")
    _, skipped = read([tmp_path])
    message = str(skipped[0])
    assert message.startswith(str(tmp_path / "empty.txt") + ": ")
    assert "\n" not in message


def test_documents_are_read_lazily(tmp_path):
    (tmp_path / "1.txt").write_text("one")
    docs = read_documents([tmp_path])
    (tmp_path / "2.txt").write_text("two")  # written after the call, before iteration
    assert [d.id for d in docs] == ["1.txt", "2.txt"]


def test_byte_order_mark_is_kept_so_offsets_match_the_file_but_the_date_is_found(tmp_path):
    (tmp_path / "bom.txt").write_bytes("\ufeffdate 2017-12-27 Text".encode())
    (tmp_path / "bom.jsonl").write_bytes('\ufeff{"id": "j", "text": "T"}\n'.encode())
    docs, skipped = read([tmp_path])
    assert [(d.id, d.text[:1], d.date) for d in docs] == [
        ("j", "T", None),
        ("bom.txt", "\ufeff", "2017-12-27"),
    ]
    assert skipped == []


def test_jsonl_line_that_is_not_utf8_is_skipped_alone_as_the_file_streams(tmp_path):
    f = tmp_path / "a.jsonl"
    f.write_bytes(
        b'{"id": "1", "text": "One."}\n'
        + '{"id": "2", "text": "Caf\xe9"}\n'.encode("latin-1")
        + b'{"id": "3", "text": "Three."}\n'
    )
    skipped = []
    docs = read_documents([f], on_skip=skipped.append)
    assert next(docs).id == "1"  # read before the bad line is reached
    assert skipped == []
    assert [d.id for d in docs] == ["3"]
    assert [s.path for s in skipped] == [f"{f}:2"] and "not UTF-8" in skipped[0].reason
