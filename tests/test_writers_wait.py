"""Two writers on one store folder: the second waits for the first, saying which process it
waits for, or with --no-wait fails at once, naming it."""

from __future__ import annotations

import os
import subprocess
import sys
import textwrap

import pytest

from kg import cli
from kg.rdf.store import LocalStore, StoreInUse, open_store, store_holder

from .conftest import TEXT

#: A process that holds the store open for writing as a build does, with the command line
#: of one (`... build STORE`): it says "holding", and closes the store on a line on stdin.
HOLDER = textwrap.dedent(
    """
    import sys
    from kg.rdf.store import LocalStore
    with LocalStore(sys.argv[2], create=True):
        print("holding", flush=True)
        sys.stdin.readline()
    """
)


@pytest.fixture
def holder(tmp_path):
    """A process holding the store folder ``tmp_path / "store"`` for writing."""
    process = subprocess.Popen(
        [sys.executable, "-c", HOLDER, "build", str(tmp_path / "store")],
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        text=True,
    )
    assert process.stdout.readline() == "holding\n"
    yield process
    if process.poll() is None:
        process.communicate("done\n", timeout=60)


@pytest.fixture
def article(tmp_path):
    folder = tmp_path / "articles"
    folder.mkdir()
    (folder / "a.txt").write_text(TEXT, encoding="utf-8")
    return folder


def test_store_holder_is_the_process_that_has_the_store_open_for_writing(tmp_path):
    with LocalStore(tmp_path / "store", create=True):
        assert store_holder(tmp_path / "store") == os.getpid()
    assert store_holder(tmp_path / "store") is None


def test_a_second_build_waits_for_the_first_saying_its_pid_then_builds(holder, article, tmp_path):
    store = tmp_path / "store"
    second = subprocess.Popen(
        [sys.executable, "-m", "kg.cli", "build", str(article), "--no-progress"]
        + ["--store", str(store)],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )
    try:
        line = second.stderr.readline()
        assert line.startswith(
            f"kg build: waiting for the build running in pid {holder.pid} to finish with store"
        ), line
        assert second.poll() is None  # still waiting, while the first holds the store
    finally:
        holder.communicate("done\n", timeout=60)
    out, err = second.communicate(timeout=300)
    assert second.returncode == 0, err
    assert "1 added" in out
    with open_store(store, read_only=True) as st:
        assert st.derived_ids() == ["a.txt"]


def test_a_build_with_no_wait_fails_at_once_naming_the_build_it_met(
    holder, article, tmp_path, capsys
):
    store = tmp_path / "store"
    assert cli.main(["build", str(article), "--no-wait", "--store", str(store)]) == 2
    err = capsys.readouterr().err
    assert f"in use by another kg process (the build running in pid {holder.pid})" in err
    assert "waiting" not in err


def test_a_remove_waits_too_unless_told_not_to(holder, tmp_path, capsys):
    store = tmp_path / "store"
    assert cli.main(["remove", "a.txt", "--no-wait", "--store", str(store)]) == 2
    assert "in use by another kg process" in capsys.readouterr().err
    with pytest.raises(StoreInUse, match=f"pid {holder.pid}"):
        LocalStore(store)
