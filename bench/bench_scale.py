"""Ten million triples: build, size, memory and every named query, embedded and served.

    python bench/bench_scale.py [--articles 28000] [--store bench/.data/graph-10m]
                                [--port 7899] [--runs 5] [--keep]

1. Builds ``--articles`` synthetic articles (``make_graph.py``: synthetic records through
   the real record and derive path, no spaCy) into a new embedded store, in its own
   process, and prints its time, the triples written, its peak resident memory and the
   store's size on disk. About 360 triples an article: 28,000 articles make about ten
   million.
2. Times every named query on that store (``bench_queries.py``, through
   :func:`kg.query.run_named`).
3. Serves the same folder with ``oxigraph serve-read-only`` (the server binary of the
   ``oxigraph`` package) and times every named query again through ``--store URL``,
   as ``kg query --store http://...`` would run them.
4. With ``--served-build``, builds the same articles again through ``oxigraph serve``
   (read-write, a new folder beside the first) as the store, and prints the build's time,
   the server's peak memory and its folder's size.

Without ``--keep`` an existing store at ``--store`` is removed first.
"""

from __future__ import annotations

import argparse
import os
import shutil
import subprocess
import sys
import time
import urllib.request
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

HERE = Path(__file__).parent
PYTHON = sys.executable
OXIGRAPH = str(Path(sys.executable).parent / "oxigraph")


def run(command: list[str]) -> tuple[float, float]:
    """Run ``command``, its output shown as it comes; return (seconds, peak MB)."""
    t0 = time.perf_counter()
    process = subprocess.Popen(command)
    _, status, usage = os.wait4(process.pid, 0)
    if os.waitstatus_to_exitcode(status) != 0:
        raise SystemExit(f"failed: {' '.join(command)}")
    return time.perf_counter() - t0, usage.ru_maxrss / 1024


def size_on_disk(folder: Path) -> int:
    return sum(f.stat().st_size for f in folder.rglob("*") if f.is_file())


def wait_for(url: str, seconds: float = 120.0) -> None:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        try:
            with urllib.request.urlopen(url + "/query?query=ASK%7B%7D", timeout=5):
                return
        except OSError:
            time.sleep(0.5)
    raise SystemExit(f"oxigraph serve did not answer at {url}")


@contextmanager
def serving(mode: str, folder: Path, port: int) -> Iterator[tuple[str, list]]:
    """Run ``oxigraph MODE`` (``serve`` or ``serve-read-only``) on ``folder`` at ``port``;
    yield its URL, once it answers, and a list that holds the server's resource usage
    (``os.wait4``) once it has stopped."""
    url = f"http://127.0.0.1:{port}"
    server = subprocess.Popen(
        [OXIGRAPH, mode, "--location", str(folder), "--bind", url[7:]],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    usage: list = []
    try:
        wait_for(url)
        yield url, usage
    finally:
        server.terminate()
        usage.append(os.wait4(server.pid, 0)[2])


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--articles", type=int, default=28000)
    ap.add_argument("--store", default="bench/.data/graph-10m")
    ap.add_argument("--port", type=int, default=7899)
    ap.add_argument("--runs", type=int, default=5)
    ap.add_argument("--keep", action="store_true", help="reuse the store: skip the build")
    ap.add_argument("--served-build", action="store_true", help="also build through a server")
    args = ap.parse_args()
    store = Path(args.store)
    if not args.keep:
        shutil.rmtree(store, ignore_errors=True)
        print(f"== build: {args.articles:,} synthetic articles into {store}", flush=True)
        make = [PYTHON, str(HERE / "make_graph.py"), "--articles", str(args.articles)]
        secs, peak = run([*make, "--store", str(store)])
        print(f"build: {secs:.1f} s wall, peak {peak:,.0f} MB", flush=True)
    print(f"store on disk: {size_on_disk(store) / 2**20:,.0f} MB", flush=True)

    print("== named queries, embedded store", flush=True)
    queries = [PYTHON, str(HERE / "bench_queries.py"), "--runs", str(args.runs)]
    run([*queries, "--store", str(store)])

    print(f"== named queries, oxigraph serve-read-only on 127.0.0.1:{args.port}", flush=True)
    with serving("serve-read-only", store, args.port) as (url, _):
        run([*queries, "--store", url])
    if args.served_build:
        served_build(args.articles, store.with_name(store.name + "-served"), args.port + 1)


def served_build(articles: int, folder: Path, port: int) -> None:
    """Build ``articles`` synthetic articles through ``oxigraph serve`` on ``folder``."""
    shutil.rmtree(folder, ignore_errors=True)
    print(f"== build: {articles:,} synthetic articles through oxigraph serve on port {port}")
    with serving("serve", folder, port) as (url, usage):
        make = [PYTHON, str(HERE / "make_graph.py"), "--articles", str(articles)]
        secs, peak = run([*make, "--store", url])
        print(f"build through the server: {secs:.1f} s wall, client peak {peak:,.0f} MB")
    disk = size_on_disk(folder) / 2**20
    print(f"server peak {usage[0].ru_maxrss / 1024:,.0f} MB; on disk {disk:,.0f} MB")


if __name__ == "__main__":
    main()
