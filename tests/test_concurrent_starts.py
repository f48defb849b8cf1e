"""Builds started together on a new store folder: one creates the store, the others say it
is in use by another kg process; none takes the store being created for a folder of other
files."""

from __future__ import annotations

import subprocess
import sys
import textwrap

from kg.rdf.store import LocalStore, StoreError, open_store

#: ``kg build FOLDER --store STORE``, started when a line comes on stdin: the interpreter
#: and kg are loaded first (it says "ready"), so that the builds open the store together.
BUILD_ON_GO = textwrap.dedent(
    """
    import sys
    from kg import cli
    print("ready", flush=True)
    sys.stdin.readline()
    sys.exit(cli.main(["build", sys.argv[1], "--no-progress", "--store", sys.argv[2]]))
    """
)


def test_five_builds_started_together_on_a_new_store_never_say_it_holds_other_files(tmp_path):
    articles = tmp_path / "articles"
    articles.mkdir()  # no article: each build opens the store, finds nothing new, closes it
    stores = [tmp_path / f"store-{n}" for n in range(3)]  # three tries at the race
    builds = [
        (
            store,
            subprocess.Popen(
                [sys.executable, "-c", BUILD_ON_GO, str(articles), str(store)],
                stdin=subprocess.PIPE,
                stdout=subprocess.PIPE,
                stderr=subprocess.PIPE,
                text=True,
            ),
        )
        for store in stores
        for _ in range(5)
    ]
    for _, build in builds:
        assert build.stdout.readline() == "ready\n"
    for _, build in builds:
        build.stdin.write("go\n")
        build.stdin.flush()
    outcomes = {store: [] for store in stores}
    for store, build in builds:
        _, err = build.communicate(timeout=120)
        outcomes[store].append((build.returncode, err))
    for store in stores:
        for status, err in outcomes[store]:
            assert "not a kg store" not in err
            assert status == 0 or (status == 2 and "in use by another kg process" in err), err
        assert any(status == 0 for status, _ in outcomes[store])
        with open_store(store, read_only=True) as st:
            assert len(st) == 0


def test_folder_a_build_is_creating_is_in_use_not_a_folder_of_other_files(tmp_path):
    folder = tmp_path / "store"
    folder.mkdir()
    (folder / "LOCK").touch()  # what RocksDB writes first when it creates a store
    with LocalStore(folder, create=True) as st:  # the lock is free: the creator died
        assert len(st) == 0
    (tmp_path / "other").mkdir()
    (tmp_path / "other" / "notes.txt").write_text("mine")
    try:
        LocalStore(tmp_path / "other", create=True)
    except StoreError as e:
        assert "not a kg store (it holds other files)" in str(e)
    else:
        raise AssertionError("a folder of other files was taken for a store")


def test_read_of_a_store_still_being_created_says_so(tmp_path):
    folder = tmp_path / "store"
    folder.mkdir()
    (folder / "LOCK").touch()
    try:
        open_store(folder, read_only=True)
    except StoreError as e:
        assert "holds no store yet" in str(e) and "kg build" in str(e)
    else:
        raise AssertionError("a store without CURRENT was opened")
