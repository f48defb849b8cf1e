"""The path past one machine, as far as one machine allows: a Dask cluster of separate
processes (a `dask scheduler` and two `dask worker`s, started as they would be on other
machines) extracts, and one `oxigraph serve` holds the store; the graph is the one an
embedded one-process build gives."""

from __future__ import annotations

import json
import os
import subprocess
import sys
import time
from pathlib import Path

import pytest

from kg.rdf.server import find_oxigraph, oxigraph_server
from kg.rdf.store import SparqlStore, open_store

from .conftest import EXAMPLES, GAZETTEER

DASK = str(Path(sys.executable).parent / "dask")


def sorted_lines(path: Path) -> list[str]:
    return sorted(path.read_text(encoding="utf-8").splitlines())


@pytest.fixture
def dask_cluster(tmp_path):
    """A scheduler and two single-threaded workers, each its own process."""
    pytest.importorskip("distributed")
    if not Path(DASK).exists():
        pytest.skip("the dask command is not installed: pip install 'claimkg[dask]'")
    file = tmp_path / "scheduler.json"
    common = ["--no-dashboard"]
    env = {**os.environ, "PYTHONUNBUFFERED": "1"}
    processes = [
        subprocess.Popen(
            [DASK, "scheduler", "--host", "127.0.0.1", "--port", "0", "--scheduler-file", str(file)]
            + common,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
            env=env,
        )
    ]
    try:
        deadline = time.monotonic() + 60
        while not file.exists() and time.monotonic() < deadline:
            time.sleep(0.2)
        address = json.loads(file.read_text())["address"]
        for n in range(2):
            processes.append(
                subprocess.Popen(
                    [DASK, "worker", address, "--nthreads", "1", "--name", f"machine-{n}"]
                    + ["--host", "127.0.0.1"]
                    + common,
                    stdout=subprocess.DEVNULL,
                    stderr=subprocess.DEVNULL,
                    env=env,
                )
            )
        from distributed import Client

        with Client(address, timeout=60) as client:
            client.wait_for_workers(2, timeout=120)
        yield address
    finally:
        for p in reversed(processes):
            p.terminate()
        for p in processes:
            try:
                p.wait(timeout=30)
            except subprocess.TimeoutExpired:
                p.kill()


def test_workers_of_a_dask_cluster_build_into_one_server_store_the_graph_of_one_process(
    dask_cluster, examples_store, tmp_path
):
    if find_oxigraph() is None:
        pytest.skip("the oxigraph server is not installed: pip install -e '.[test]'")
    with oxigraph_server(tmp_path / "server") as url:
        done = subprocess.run(
            [str(Path(sys.executable).parent / "kg"), "build", str(EXAMPLES)]
            + ["--store", url, "--engine", "dask", "--scheduler", dask_cluster]
            + ["--batch-size", "1", "--gazetteer", str(GAZETTEER), "--no-progress"],
            capture_output=True,
            text=True,
            timeout=600,
        )
        assert done.returncode == 0, done.stderr
        assert "3 added" in done.stdout + done.stderr
        with SparqlStore(url) as remote:
            remote.dump(tmp_path / "remote.nt", "nt")
    with open_store(examples_store, read_only=True) as local:
        local.dump(tmp_path / "local.nt", "nt")
    assert sorted_lines(tmp_path / "remote.nt") == sorted_lines(tmp_path / "local.nt")
