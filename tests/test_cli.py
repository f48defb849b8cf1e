import json
import shutil

import pytest

from kg.cli import main
from kg.rdf.store import open_store

from .conftest import EXAMPLES


@pytest.fixture
def corpus(tmp_path):
    """One good article beside one of each kind of bad input."""
    folder = tmp_path / "in"
    folder.mkdir()
    shutil.copy(EXAMPLES / "000_b240bc71d8c50382.txt", folder)
    (folder / "latin1.txt").write_bytes("Le caf\xe9 a dit.".encode("latin-1"))
    (folder / "binary.txt").write_bytes(b"\x00\x01\x02binary")
    (folder / "empty.txt").write_text("")
    (folder / "feed.jsonl").write_text(
        json.dumps({"id": "j1", "text": "Dunford said the war was over."}) + "\n{broken\n"
    )
    return folder


def test_build_skips_bad_input_lists_it_and_builds_the_rest(corpus, tmp_path, capsys):
    store = tmp_path / "store"
    code = main(["build", str(corpus), str(tmp_path / "missing"), "--store", str(store)])
    out, err = capsys.readouterr()
    assert code == 1
    assert "3 read, 3 added" not in out and "2 read, 2 added" in out and "5 skipped" in out
    skipped = [line for line in err.splitlines() if line.startswith("kg: skipped ")]
    assert len(skipped) == 5
    for name in (
        "latin1.txt: is not UTF-8",
        "binary.txt: is a binary file",
        "empty.txt: is empty",
        "feed.jsonl:2: is not valid JSON",
        "missing: no such file or folder",
    ):
        assert any(name in line for line in skipped), name
    with open_store(store) as s:
        ids = sorted(
            str(r.id)
            for r in s.query("SELECT ?id WHERE { ?a a schema:NewsArticle ; schema:identifier ?id }")
        )
    assert ids == ["000_b240bc71d8c50382.txt", "j1"]


def test_second_build_of_the_same_articles_changes_nothing(corpus, tmp_path, capsys):
    store = str(tmp_path / "store")
    main(["build", str(corpus / "000_b240bc71d8c50382.txt"), "--store", store])
    with open_store(store) as s:
        size = len(s)
    capsys.readouterr()
    assert main(["build", str(corpus / "000_b240bc71d8c50382.txt"), "--store", store]) == 0
    assert "1 read, 0 added, 0 replaced, 1 unchanged" in capsys.readouterr().out
    with open_store(store) as s:
        assert len(s) == size


def test_query_without_a_store_says_to_build_first(tmp_path, capsys):
    code = main(["query", "--name", "entities", "--store", str(tmp_path / "none")])
    assert code == 2
    err = capsys.readouterr().err
    assert f"no store at {tmp_path / 'none'}: run `kg build PATH --store" in err
    assert "Traceback" not in err


def test_query_list_names_every_query(capsys):
    assert main(["query", "--list"]) == 0
    out = capsys.readouterr().out
    assert "claims-by-speaker" in out and "--param speaker=" in out


def test_bad_param_syntax_is_a_usage_error(capsys):
    with pytest.raises(SystemExit) as exit:
        main(["query", "--name", "claims-by-speaker", "--param", "Mattis"])
    assert exit.value.code == 2
    assert "is not KEY=VALUE" in capsys.readouterr().err


def test_export_writes_the_named_file(examples_store, tmp_path, capsys):
    out = tmp_path / "x" / "claims.jsonl"
    assert (
        main(["export", "--store", str(examples_store), "--format", "jsonl", "-o", str(out)]) == 0
    )
    assert f"wrote {out}" in capsys.readouterr().out
    assert all(
        json.loads(line)["type"] in ("entity", "claim") for line in out.read_text().splitlines()
    )


def test_a_store_that_cannot_be_written_is_one_line_and_exit_2_and_the_next_build_finishes(
    tmp_path, capsys, monkeypatch
):
    import errno

    from kg.rdf.store import LocalStore

    real, calls = LocalStore.update, [0]

    def update(self, sparql):  # the disk fills up at the third write
        calls[0] += 1
        if calls[0] >= 3:
            raise OSError(errno.ENOSPC, "No space left on device", str(self.path))
        real(self, sparql)

    monkeypatch.setattr(LocalStore, "update", update)
    store = tmp_path / "store"
    assert main(["build", str(EXAMPLES), "--store", str(store), "--no-progress"]) == 2
    err = capsys.readouterr().err
    assert "Traceback" not in err
    [line] = [line for line in err.splitlines() if line.startswith("kg build: error:")]
    assert "No space left on device" in line and "run `kg build` again" in line
    monkeypatch.setattr(LocalStore, "update", real)  # space made
    assert main(["build", "--store", str(store), "--no-progress"]) == 0
    assert main(["build", str(EXAMPLES), "--store", str(tmp_path / "fresh"), "--no-progress"]) == 0
    capsys.readouterr()
    dumps = []
    for s in (store, tmp_path / "fresh"):
        with open_store(s, read_only=True) as opened:
            opened.dump(tmp_path / "dump.nt", "nt")
        dumps.append(sorted((tmp_path / "dump.nt").read_text(encoding="utf-8").splitlines()))
    assert dumps[0] == dumps[1]


def test_a_reader_that_goes_away_stops_kg_quietly(examples_store):
    import subprocess
    import sys

    run = subprocess.Popen(
        [sys.executable, "-c", "import sys; from kg.cli import main; sys.exit(main())"]
        + ["query", "CONSTRUCT WHERE { ?s ?p ?o }", "--format", "nt"]
        + ["--store", str(examples_store)],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
    )
    assert run.stdout.readline()  # `kg query ... | head -1`: one line read, then gone
    run.stdout.close()
    err = run.stderr.read().decode()
    assert run.wait(timeout=120) == 0 and err == ""


def test_a_store_folder_deleted_during_a_build_is_one_line_and_exit_2(
    tmp_path, capsys, monkeypatch
):
    import shutil

    from kg.rdf.store import LocalStore

    real, calls = LocalStore.update, [0]

    def update(self, sparql):  # someone removes the store folder before the third write
        calls[0] += 1
        if calls[0] == 3:
            shutil.rmtree(self.path)
        real(self, sparql)

    monkeypatch.setattr(LocalStore, "update", update)
    store = tmp_path / "store"
    assert main(["build", str(EXAMPLES), "--store", str(store), "--no-progress"]) == 2
    err = capsys.readouterr().err
    assert "Traceback" not in err
    [line] = [line for line in err.splitlines() if line.startswith("kg build: error:")]
    assert f"the store folder {store} is gone" in line and "build it again" in line
    monkeypatch.setattr(LocalStore, "update", real)
    assert main(["build", str(EXAMPLES), "--store", str(store), "--no-progress"]) == 0
    with open_store(store, read_only=True) as opened:
        assert set(opened.derived_ids()) == {p.name for p in EXAMPLES.glob("*.txt")}
