"""A build killed with ``kill -9`` at any point (while spaCy runs, before, during or after
a store write, after the last one) leaves a store that opens and validates, and one more
build of the same input gives the graph of a fresh build: the same N-Triples, line for
line. The same holds when the store is an ``oxigraph serve`` killed in the middle of a
build and started again on its folder.

The build runs in a subprocess through tests/crash_wrapper.py, which kills it (or the
server) at the chosen point; the store is then checked and rebuilt in this process. The
points are counted in store updates, whatever each update holds (articles, or the
tracked claims brought up to date after them): the last update of a build over a store
is where its tracking is settled.
"""

from __future__ import annotations

import os
import shutil
import signal
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

import pytest

from kg import api
from kg.rdf.server import find_oxigraph, free_port
from kg.rdf.store import open_store

from .conftest import EXAMPLES

WRAPPER = Path(__file__).with_name("crash_wrapper.py")

#: Articles per store update in the killed builds: a five-article build is written in
#: three updates, so a kill can fall between two of them.
WRITE_BATCH = 2

#: Seconds a killed build may run (it loads the spaCy pipeline: a few seconds).
BUILD_TIMEOUT = 180

A, B, C = sorted(EXAMPLES.glob("*.txt"))
MORE = '\n\n"We will keep hunting them down," Mattis said on Friday.\n'
LATER = '\n\nA coalition spokesman said "the operation will continue into next year."\n'


@pytest.fixture(scope="module")
def corpora(tmp_path_factory) -> tuple[Path, Path]:
    """Two versions of a five-article corpus. The first has four articles, two of which
    share Mattis's quotes (a tracked claim with two appearances); in the second, two are
    changed (a sentence added), one is unchanged and one is new."""
    root = tmp_path_factory.mktemp("corpora")
    first, second = root / "first", root / "second"
    first.mkdir()
    second.mkdir()
    texts = {p.name: p.read_text(encoding="utf-8") for p in (A, B, C)}
    v1 = {"a.txt": texts[A.name], "b.txt": texts[B.name], "c.txt": texts[C.name]}
    v1["d.txt"] = texts[A.name] + MORE
    v2 = dict(v1)
    v2["b.txt"] = v1["b.txt"] + LATER
    v2["d.txt"] = v1["d.txt"] + LATER
    v2["e.txt"] = texts[C.name] + MORE
    for folder, corpus in ((first, v1), (second, v2)):
        for name, text in corpus.items():
            (folder / name).write_text(text, encoding="utf-8")
    return first, second


def nt_lines(store, tmp_path: Path, name: str) -> list[str]:
    path = api.export(store, "nt", tmp_path / f"{name}.nt")
    return sorted(path.read_text(encoding="utf-8").splitlines())


@pytest.fixture(scope="module")
def fresh(corpora, tmp_path_factory) -> list[str]:
    """The sorted N-Triples of the second corpus built into a new store."""
    tmp = tmp_path_factory.mktemp("fresh")
    report = api.build([corpora[1]], store=tmp / "store", progress=False)
    assert report.added == 5 and not report.skipped
    return nt_lines(tmp / "store", tmp, "fresh")


@pytest.fixture(scope="module")
def first_store(corpora, tmp_path_factory) -> Path:
    """A store holding the first corpus (copied by each test that starts from it)."""
    path = tmp_path_factory.mktemp("first") / "store"
    assert api.build([corpora[0]], store=path, progress=False).added == 4
    return path


@pytest.fixture(scope="module")
def updates_of_second_build(corpora, first_store, tmp_path_factory, monkeypatch_module) -> int:
    """How many store updates the build of the second corpus over the first makes."""
    path = tmp_path_factory.mktemp("count") / "store"
    shutil.copytree(first_store, path)
    monkeypatch_module.setattr(api, "WRITE_BATCH", WRITE_BATCH)
    with open_store(path) as store:
        updates = []
        real = store.update
        monkeypatch_module.setattr(store, "update", lambda q: (updates.append(q), real(q)))
        api.build([corpora[1]], store=store, progress=False)
    monkeypatch_module.undo()
    return len(updates)


@pytest.fixture(scope="module")
def monkeypatch_module():
    with pytest.MonkeyPatch.context() as mp:
        yield mp


def killed_build(corpus: Path, store: str | Path, crash: str, victim: int | None = None):
    """Build ``corpus`` into ``store`` in a process killed at ``crash`` (see
    tests/crash_wrapper.py); return it once it has ended."""
    env = {**os.environ, "KG_CRASH": crash, "KG_WRITE_BATCH": str(WRITE_BATCH)}
    if victim is not None:
        env["KG_KILL_PID"] = str(victim)
    command = [sys.executable, str(WRAPPER), "build", str(corpus), "--store", str(store)]
    return subprocess.run(
        [*command, "--no-progress", "--processes", "1"],
        env=env,
        capture_output=True,
        text=True,
        timeout=BUILD_TIMEOUT,
    )


def assert_rebuilds_to_fresh(store, corpus: Path, fresh: list[str], tmp_path: Path) -> None:
    conforms, report = api.validate(store)
    assert conforms, report
    report = api.build([corpus], store=store, progress=False)
    assert not report.skipped
    assert report.built == 5
    assert nt_lines(store, tmp_path, "rebuilt") == fresh


@pytest.mark.parametrize(
    "crash",
    ["extract:3", "update:2:during"],
    ids=["extracting-third-article", "during-second-write"],
)
def test_first_build_killed_then_rebuilt_equals_a_fresh_build(corpora, fresh, tmp_path, crash):
    store = tmp_path / "store"
    killed = killed_build(corpora[1], store, crash)
    assert killed.returncode == -signal.SIGKILL, killed.stderr
    assert_rebuilds_to_fresh(store, corpora[1], fresh, tmp_path)


@pytest.mark.parametrize(
    "crash",
    ["update:1:before", "last:during", "last:after"],
    ids=["before-first-write", "during-last-update", "after-last-update"],
)
def test_build_over_a_store_killed_then_rebuilt_equals_a_fresh_build(
    corpora, fresh, first_store, updates_of_second_build, tmp_path, crash
):
    store = tmp_path / "store"
    shutil.copytree(first_store, store)
    crash = crash.replace("last", f"update:{updates_of_second_build}")
    killed = killed_build(corpora[1], store, crash)
    assert killed.returncode == -signal.SIGKILL, killed.stderr
    assert_rebuilds_to_fresh(store, corpora[1], fresh, tmp_path)


# --- the store behind an oxigraph server, the server killed --------------------------


def start_server(location: Path) -> tuple[subprocess.Popen, str]:
    binary = find_oxigraph()
    if binary is None:
        pytest.skip("the oxigraph server is not installed: pip install -e '.[test]'")
    port = free_port()
    url = f"http://127.0.0.1:{port}"
    server = subprocess.Popen(
        [binary, "serve", "--location", str(location), "--bind", f"127.0.0.1:{port}"],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    deadline = time.monotonic() + 30
    while True:
        try:
            urllib.request.urlopen(f"{url}/query?query=ASK%7B%7D", timeout=1).close()
            return server, url
        except OSError:
            assert server.poll() is None and time.monotonic() < deadline, "no server"
            time.sleep(0.1)
            time.sleep(0.1)


@pytest.fixture
def server_folder(tmp_path):
    """A folder for an oxigraph server, and the servers started on it (stopped at the end)."""
    servers: list[subprocess.Popen] = []
    folder = tmp_path / "served"

    def start() -> tuple[subprocess.Popen, str]:
        server, url = start_server(folder)
        servers.append(server)
        return server, url

    yield start
    for server in servers:
        server.kill()
        server.wait()


def test_server_killed_during_a_build_then_restarted_rebuilds_to_a_fresh_build(
    corpora, fresh, updates_of_second_build, server_folder, tmp_path
):
    server, url = server_folder()
    assert api.build([corpora[0]], store=url, progress=False).added == 4
    crash = f"update:{updates_of_second_build}:during"
    killed = killed_build(corpora[1], url, crash, victim=server.pid)
    # the store went away: the build stops with a message, not a traceback
    assert killed.returncode in (1, 2) and "Traceback" not in killed.stderr, killed.stderr
    assert server.wait(timeout=10) == -signal.SIGKILL
    _, url = server_folder()
    assert_rebuilds_to_fresh(url, corpora[1], fresh, tmp_path)
