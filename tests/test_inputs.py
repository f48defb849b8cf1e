"""Input that used to stop a build (issue 9, items 3, 4 and 10): each is now read, or
skipped alone with one line saying what is wrong, and the rest of the corpus is read."""

import json
import os
import re
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from kg.documents import read_documents
from kg.model import Document
from kg.nlp import extract
from kg.nlp.parts import part_bounds

from .conftest import EXAMPLES
from .newslike import news_texts, offset_faults


def read(paths):
    skipped = []
    docs = list(read_documents(paths, on_skip=skipped.append))
    return docs, skipped


# ------------------------------------------------------------------ JSON lines


def test_lone_surrogate_in_a_json_line_becomes_a_replacement_character(tmp_path):
    f = tmp_path / "a.jsonl"
    f.write_text(
        '{"id": "bad", "text": "Broken \\ud800 emoji, Mattis said."}\n'
        '{"id": "ok", "text": "Fine, he said."}\n'
    )
    docs, skipped = read([f])
    assert [(d.id, d.text) for d in docs] == [
        ("bad", "Broken \ufffd emoji, Mattis said."),
        ("ok", "Fine, he said."),
    ]
    assert skipped == []
    for d in docs:  # what the store writes must encode
        d.text.encode("utf-8")


def test_escaped_surrogate_pair_in_a_json_line_is_kept_as_its_character(tmp_path):
    f = tmp_path / "a.jsonl"
    f.write_text('{"id": "e", "text": "Smile \\ud83d\\ude00 now.", "title": "\\udc00"}\n')
    [doc], skipped = read([f])
    assert doc.text == "Smile \U0001f600 now." and doc.title == "\ufffd"
    assert skipped == []


def test_nul_byte_in_one_json_line_skips_that_line_only(tmp_path):
    f = tmp_path / "a.jsonl"
    f.write_bytes(
        b'{"id": "1", "text": "One."}\n'
        b'{"id": "2", "text": "Tw\x00o."}\n'
        b'{"id": "3", "text": "Three."}\n'
    )
    docs, skipped = read([f])
    assert [d.id for d in docs] == ["1", "3"]
    assert [s.path for s in skipped] == [f"{f}:2"]
    assert "NUL" in skipped[0].reason


def test_binary_file_named_jsonl_is_one_skip_not_one_a_line(tmp_path):
    f = tmp_path / "a.jsonl"
    f.write_bytes(b"\x89PNG\x00\x00\x01\n\x00\x00\n\x00\x01\n")
    docs, skipped = read([f])
    assert docs == []
    assert [(s.path, "binary" in s.reason) for s in skipped] == [(str(f), True)]


def test_json_line_nested_too_deep_to_parse_is_skipped_alone(tmp_path):
    f = tmp_path / "a.jsonl"
    f.write_text("[" * 100_000 + "]" * 100_000 + "\n" + '{"id": "ok", "text": "Fine."}\n')
    docs, skipped = read([f])
    assert [d.id for d in docs] == ["ok"]
    assert [s.path for s in skipped] == [f"{f}:1"]
    assert "nested too deep" in skipped[0].reason


# ------------------------------------------------------------------ folders and links


def test_unreadable_subfolder_is_skipped_and_the_rest_is_read(tmp_path, monkeypatch):
    (tmp_path / "a.txt").write_text("One.")
    (tmp_path / "locked").mkdir()
    (tmp_path / "locked" / "x.txt").write_text("Hidden.")
    (tmp_path / "z.txt").write_text("Two.")
    real_scandir = os.scandir

    def scandir(path):  # as a non-root user meets a folder with mode 000
        if Path(path).name == "locked":
            raise PermissionError(13, "Permission denied", str(path))
        return real_scandir(path)

    monkeypatch.setattr("kg.documents.os.scandir", scandir)
    docs, skipped = read([tmp_path])
    assert [d.id for d in docs] == ["a.txt", "z.txt"]
    assert [Path(s.path).name for s in skipped] == ["locked"]
    assert "cannot be listed" in skipped[0].reason and "permissions" in skipped[0].reason


@pytest.mark.skipif(
    os.name != "posix" or os.geteuid() == 0, reason="root reads a folder whatever its mode"
)
def test_folder_with_mode_000_is_skipped_and_the_rest_is_read(tmp_path):
    (tmp_path / "a.txt").write_text("One.")
    locked = tmp_path / "locked"
    locked.mkdir()
    (locked / "x.txt").write_text("Hidden.")
    locked.chmod(0)
    try:
        docs, skipped = read([tmp_path])
    finally:
        locked.chmod(0o755)
    assert [d.id for d in docs] == ["a.txt"]
    assert [Path(s.path).name for s in skipped] == ["locked"]


def test_symlink_loops_are_walked_once_per_real_folder(tmp_path):
    root = tmp_path / "in"
    (root / "a" / "b").mkdir(parents=True)
    (root / "a" / "b" / "x.txt").write_text("X.")
    (root / "top.txt").write_text("Top.")
    # two loops: each folder links back to its parent and to the root
    for folder in (root / "a", root / "a" / "b"):
        (folder / "up").symlink_to(folder.parent, target_is_directory=True)
        (folder / "root").symlink_to(root, target_is_directory=True)
    try:
        docs, skipped = read([root])
    finally:  # no loop left for tools that walk the temporary folders later
        for folder in (root / "a", root / "a" / "b"):
            (folder / "up").unlink()
            (folder / "root").unlink()
    assert sorted(d.id for d in docs) == ["top.txt", "x.txt"]
    assert skipped == []


def test_dangling_symlink_is_reported_as_a_broken_link(tmp_path):
    (tmp_path / "good.txt").write_text("Fine.")
    (tmp_path / "gone.txt").symlink_to(tmp_path / "nowhere.txt")
    (tmp_path / "gone.jsonl").symlink_to(tmp_path / "nowhere.jsonl")
    docs, skipped = read([tmp_path, tmp_path / "gone.txt"])
    assert [d.id for d in docs] == ["good.txt"]
    assert sorted(Path(s.path).name for s in skipped) == ["gone.jsonl", "gone.txt", "gone.txt"]
    for s in skipped:
        assert "broken link" in s.reason and "nowhere" in s.reason
        assert "permission" not in s.reason


# ------------------------------------------------------------------ dates


def test_impossible_header_date_skips_the_article_naming_the_date(tmp_path):
    (tmp_path / "bad.txt").write_text("date 2017-02-30\nMattis said so.")
    (tmp_path / "good.txt").write_text("date 2017-02-28\nMattis said so.")
    docs, skipped = read([tmp_path])
    assert [(d.id, d.date) for d in docs] == [("good.txt", "2017-02-28")]
    [s] = skipped
    assert Path(s.path).name == "bad.txt"
    assert "2017-02-30" in s.reason and "YYYY-MM-DD" in s.reason


def test_impossible_json_date_skips_that_line_naming_the_date(tmp_path):
    f = tmp_path / "a.jsonl"
    f.write_text(
        json.dumps({"id": "1", "text": "One.", "date": "2017-13-45"})
        + "\n"
        + json.dumps({"id": "2", "text": "date 2019-02-29 Two."})
        + "\n"
        + json.dumps({"id": "3", "text": "Three.", "date": "2020-02-29"})
        + "\n"
    )
    docs, skipped = read([f])
    assert [(d.id, d.date) for d in docs] == [("3", "2020-02-29")]
    assert [s.path for s in skipped] == [f"{f}:1", f"{f}:2"]
    assert "2017-13-45" in skipped[0].reason and "YYYY-MM-DD" in skipped[0].reason
    assert "2019-02-29" in skipped[1].reason


# ------------------------------------------------------------------ UTF-16


@pytest.mark.parametrize("encoding", ["utf-16", "utf-16-le", "utf-16-be"])
def test_utf16_txt_is_read_as_text(tmp_path, encoding):
    text = "date 2017-12-27\r\nDefence Secretary Jim Mattis said the café was “open”."
    (tmp_path / "a.txt").write_bytes(text.encode(encoding))
    [doc], skipped = read([tmp_path])
    assert doc.text.lstrip("\ufeff") == text
    assert doc.date == "2017-12-27"
    assert skipped == []


def test_utf16_jsonl_is_read_line_by_line(tmp_path):
    f = tmp_path / "a.jsonl"
    lines = [{"id": "1", "text": "Café one."}, {"id": "2", "text": "Two.", "date": "2020-01-02"}]
    f.write_bytes(
        "".join(json.dumps(r, ensure_ascii=False) + "\r\n" for r in lines).encode("utf-16")
    )
    docs, skipped = read([f])
    assert [(d.id, d.text, d.date) for d in docs] == [
        ("1", "Café one.", None),
        ("2", "Two.", "2020-01-02"),
    ]
    assert skipped == []


def test_binary_with_nuls_is_still_binary_not_utf16(tmp_path):
    (tmp_path / "b.txt").write_bytes(bytes(range(256)) * 4)
    [], [s] = read([tmp_path])
    assert "binary" in s.reason


# ------------------------------------------------------------------ long articles


def test_long_text_is_cut_at_paragraph_breaks_into_parts_within_the_limit():
    text = ("A sentence here. " * 5 + "\n\n") * 40
    bounds = part_bounds(text, limit=500)
    assert bounds[0][0] == 0 and bounds[-1][1] == len(text)
    assert all(a[1] == b[0] for a, b in zip(bounds, bounds[1:], strict=False))
    assert all(0 < end - start <= 500 for start, end in bounds)
    assert all(text[:end].endswith("\n\n") for _, end in bounds[:-1])


def test_text_without_paragraphs_is_cut_after_a_sentence_else_between_words_else_anywhere():
    sentences = "He said it was over. " * 100
    assert all(sentences[:end].endswith(". ") for _, end in part_bounds(sentences, 300)[:-1])
    words = "word " * 200
    assert all(words[:end].endswith(" ") for _, end in part_bounds(words, 300)[:-1])
    assert part_bounds("x" * 700, 300) == [(0, 300), (300, 600), (600, 700)]
    assert part_bounds("short", 300) == [(0, 5)]


@pytest.fixture(scope="module")
def nlp():
    from .pipeline import nlp as load

    return load()


def long_article() -> str:
    """The bundled example articles one after another, a few times: some 20,000
    characters of real news with dates, quotations and named speakers."""
    texts = [
        re.sub(r"\A\s*date\s+\S+\s*", "", p.read_text()).strip()
        for p in sorted(EXAMPLES.glob("*.txt"))
    ]
    return "date 2017-12-27\n" + "\n\n".join(texts * 2)


def test_article_over_the_pipelines_max_length_is_read_in_parts_with_exact_offsets(
    nlp, monkeypatch
):
    document = Document("long.txt", long_article(), date="2017-12-27")
    [whole] = extract(nlp, [document])
    monkeypatch.setattr(nlp, "max_length", len(document.text) // 4)  # spaCy's E088 before
    [parted] = extract(nlp, [document])
    assert offset_faults(document, parted) == []
    keys = [e.key for e in parted.entities]
    assert len(keys) == len(set(keys))
    # the same claims, give or take those that cross a cut
    found = {(c.start, c.end) for c in parted.claims}
    assert len(found & {(c.start, c.end) for c in whole.claims}) >= 0.8 * len(whole.claims)
    # a named speaker in several parts is one entity, its mentions from each part
    mattis = [e for e in parted.entities if e.label == "James Mattis"]
    assert len(mattis) == 1
    assert mattis[0].mentions[-1].start > 3 * len(document.text) // 4


def test_long_article_between_short_ones_keeps_document_order(nlp, monkeypatch):
    short = Document("short.txt", '"We won," Jane Smith said.')
    long = Document("long.txt", long_article())
    monkeypatch.setattr("kg.nlp.pipeline.PART_CHARS", 3000)
    results = list(extract(nlp, [short, long, short], batch_size=4))
    assert [x.document.id for x in results] == ["short.txt", "long.txt", "short.txt"]
    assert offset_faults(long, results[1]) == []
    assert [c.content for c in results[2].claims] == ["We won,"]


def test_paths_that_cannot_be_looked_at_are_skipped_and_the_rest_is_read(tmp_path, monkeypatch):
    # in a folder with mode r-- (no x), as a non-root user meets it: names can be
    # listed, but nothing in the folder can be looked at (stat fails)
    (tmp_path / "a.txt").write_text("One.")
    (tmp_path / "noexec" / "sub").mkdir(parents=True)
    (tmp_path / "noexec" / "x.txt").write_text("X.")
    real_stat = Path.stat

    def stat(self, *args, **kwargs):
        if self.parent.name == "noexec":
            raise PermissionError(13, "Permission denied", str(self))
        return real_stat(self, *args, **kwargs)

    monkeypatch.setattr(Path, "stat", stat)
    docs, skipped = read(
        [tmp_path / "a.txt", tmp_path / "noexec" / "sub", tmp_path / "noexec" / "x.txt"]
    )
    assert [d.id for d in docs] == ["a.txt"]
    assert [Path(s.path).name for s in skipped] == ["sub", "x.txt"]
    assert all("Permission denied" in s.reason and "permissions" in s.reason for s in skipped)


@settings(
    max_examples=25,
    deadline=None,
    report_multiple_bugs=False,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
)
@given(text=news_texts(max_sentences=12), limit=st.integers(20, 300))
def test_news_like_text_read_in_small_parts_keeps_every_offset_exact(nlp, text, limit):
    document = Document("fuzz.txt", text)
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr("kg.nlp.pipeline.PART_CHARS", limit)
        [extraction] = extract(nlp, [document])
    assert offset_faults(document, extraction) == []
    keys = [e.key for e in extraction.entities]
    assert len(keys) == len(set(keys))


@pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="named pipes are POSIX")
def test_named_pipe_in_a_folder_is_skipped_not_waited_on(tmp_path):
    (tmp_path / "a.txt").write_text("One.")
    os.mkfifo(tmp_path / "pipe.txt")  # opening it to read would wait for a writer
    docs, skipped = read([tmp_path])
    assert [d.id for d in docs] == ["a.txt"]
    assert [(Path(s.path).name, "not a regular file" in s.reason) for s in skipped] == [
        ("pipe.txt", True)
    ]


def test_folders_nested_deeper_than_pythons_recursion_limit_are_walked(tmp_path):
    folders = [tmp_path]
    for _ in range(1200):  # 2,400 characters: within PATH_MAX
        folders.append(folders[-1] / "d")
        folders[-1].mkdir()
    (folders[-1] / "bottom.txt").write_text("Bottom.")
    (tmp_path / "top.txt").write_text("Top.")
    try:
        docs, skipped = read([tmp_path])
    finally:  # bottom up: shutil.rmtree (pytest's clean-up) recurses, and would fail
        (folders[-1] / "bottom.txt").unlink()
        for folder in reversed(folders[1:]):
            folder.rmdir()
    assert [d.id for d in docs] == ["bottom.txt", "top.txt"]
    assert skipped == []


def test_runs_without_white_space_are_read_in_pieces_the_text_keeping_its_length():
    from kg.nlp.pipeline import LONG_RUN, prepare_text

    ruler = '"' * 20_000 + "-" * 5_000  # spaCy's tokenizer is slow on such runs
    text = f"date 2020-01-01\nMattis said the war was over.\n{ruler}\nhttps://example.org/a"
    read = prepare_text(text)
    assert len(read) == len(text)
    assert max(len(run) for run in read.split()) <= LONG_RUN
    assert read[16:].startswith("Mattis said the war was over.\n")
    assert read.endswith("\nhttps://example.org/a")  # ordinary runs are read as written


def test_article_with_a_long_row_of_quote_marks_is_extracted_with_exact_offsets(nlp):
    row = '"' * 20_000
    text = f'The mayor said the bridge was shut.\n\n{row}\n\n"It holds," Ruth Okafor said.'
    document = Document("row.txt", text)
    [extraction] = extract(nlp, [document])
    assert offset_faults(document, extraction) == []
    assert "It holds," in [c.content for c in extraction.claims]


# ------------------------------------------------- inputs read by kind and size first


@pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="named pipes are POSIX")
def test_named_pipe_given_by_name_is_skipped_not_waited_on(tmp_path):
    os.mkfifo(tmp_path / "pipe.txt")
    (tmp_path / "a.txt").write_text("Mattis said so.")
    docs, skipped = read([tmp_path / "pipe.txt", tmp_path / "a.txt"])
    assert [d.id for d in docs] == ["a.txt"]
    assert [s.path for s in skipped] == [str(tmp_path / "pipe.txt")]
    assert "not a regular file" in skipped[0].reason


@pytest.mark.skipif(not os.path.exists("/dev/zero"), reason="needs a device that never ends")
def test_a_device_given_by_name_is_skipped_not_read_forever():
    docs, [skipped] = read(["/dev/zero"])
    assert docs == [] and "not a regular file" in skipped.reason


def test_a_file_past_the_size_limit_is_skipped_by_its_size_before_it_is_read(tmp_path):
    big = tmp_path / "big.txt"
    with open(big, "wb") as f:  # sparse: 3 GB on paper, no memory or disk to hold it
        f.truncate(3 * 10**9)
    (tmp_path / "a.txt").write_text("Mattis said so.")
    docs, [skipped] = read([tmp_path])
    assert [d.id for d in docs] == ["a.txt"]
    assert skipped.path == str(big)
    assert skipped.reason.startswith("is 3 GB, past the limit of 5 MB for one article")
    assert "--max-article-size" in skipped.reason


def test_the_size_limit_is_the_callers_to_raise_or_lift(tmp_path):
    f = tmp_path / "a.txt"
    f.write_text("Mattis said so. " * 100)
    skipped = []
    assert list(read_documents([f], max_bytes=1000, on_skip=skipped.append)) == []
    assert skipped[0].reason.startswith("is 1.6 kB, past the limit of 1 kB")
    assert [d.id for d in read_documents([f], max_bytes=2000)] == ["a.txt"]
    assert [d.id for d in read_documents([f], max_bytes=None)] == ["a.txt"]


@pytest.mark.parametrize("encoding", ["utf-8", "utf-16"])
def test_a_json_line_past_the_limit_is_skipped_alone_without_being_held_whole(tmp_path, encoding):
    f = tmp_path / "a.jsonl"
    lines = [
        json.dumps({"id": "before", "text": "Mattis said so."}),
        json.dumps({"id": "huge", "text": "word " * 2000}),
        json.dumps({"id": "after", "text": "Dunford said so."}),
    ]
    f.write_text("\n".join(lines) + "\n", encoding=encoding)
    docs, [skipped] = read_documents_limited(f, 4000)
    assert [d.id for d in docs] == ["before", "after"]
    assert skipped.path == f"{f}:2"
    assert skipped.reason.startswith("is longer than the limit of 4 kB for one article")


def test_a_json_file_with_no_line_end_is_read_in_bounded_pieces(tmp_path):
    f = tmp_path / "a.jsonl"
    with open(f, "wb") as out:  # 3 GB of NULs with no newline, sparse on disk
        out.truncate(3 * 10**9)
    docs, [skipped] = read_documents_limited(f, 10**6)
    assert docs == [] and skipped.path == f"{f}:1"


def read_documents_limited(path, limit):
    skipped = []
    return list(read_documents([path], on_skip=skipped.append, max_bytes=limit)), skipped


def test_kg_build_takes_the_size_limit_with_a_unit(tmp_path, capsys):
    from kg.cli import main

    f = tmp_path / "a.txt"
    f.write_text("Defence Secretary James Mattis said the line had held. " * 40)
    store = tmp_path / "store"
    assert main(["build", str(f), "--store", str(store), "--max-article-size", "1k"]) == 1
    assert "is 2.2 kB, past the limit of 1 kB" in capsys.readouterr().err
    with pytest.raises(SystemExit):
        main(["build", str(f), "--store", str(store), "--max-article-size", "lots"])
    assert "'lots' is not a size" in capsys.readouterr().err
