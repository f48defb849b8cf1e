"""How soon ``kg serve`` answers once runaway queries have been stopped at its time limit.

    python bench/bench_endpoint.py --store STORE [--timeout 2] [--runs 3]

Starts ``kg serve --timeout T`` on the store, sends as many runaway queries (every triple
with every pair of triples, sorted) as the server has query slots, all at once; once each
has been answered 503 at the time limit, times ``ASK {}`` and ``/api/stats``, and prints
the worst of ``--runs`` rounds. The server's workers are killed at the limit and started
afresh, so the figures include a worker's start (a fork) and the store's opening.
"""

from __future__ import annotations

import argparse
import subprocess
import sys
import threading
import time
import urllib.error
import urllib.parse
import urllib.request

from kg.serve.workers import QUERY_SLOTS

RUNAWAY = "SELECT ?a WHERE { ?a ?b ?c . ?d ?e ?f . ?g ?h ?i } ORDER BY ?a ?d ?g"


def get(url: str) -> tuple[int, float]:
    """Status of GET ``url`` and the seconds it took."""
    opener = urllib.request.build_opener(urllib.request.ProxyHandler({}))
    start = time.monotonic()
    try:
        with opener.open(url, timeout=600) as response:
            response.read()
            status = response.status
    except urllib.error.HTTPError as e:
        status = e.code
    return status, time.monotonic() - start


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--store", required=True)
    parser.add_argument("--timeout", type=float, default=2.0)
    parser.add_argument("--runs", type=int, default=3)
    args = parser.parse_args()
    server = subprocess.Popen(
        [sys.executable, "-m", "kg.cli", "serve", "--store", args.store, "--port", "0"]
        + ["--timeout", str(args.timeout)],
        stderr=subprocess.PIPE,
        text=True,
    )
    try:
        base = server.stderr.readline().split()[2]
        while get(base + "api/stats")[0] != 200:
            time.sleep(0.2)
        query = base + "sparql?" + urllib.parse.urlencode({"query": RUNAWAY})
        worst = {"runaway": 0.0, "ASK {}": 0.0, "/api/stats": 0.0}
        for _ in range(args.runs):
            statuses: list[tuple[int, float]] = []
            threads = [
                threading.Thread(target=lambda found=statuses: found.append(get(query)))
                for _ in range(QUERY_SLOTS)
            ]
            for thread in threads:
                thread.start()
            for thread in threads:
                thread.join()
            assert all(status == 503 for status, _ in statuses), statuses
            ask = get(base + "sparql?" + urllib.parse.urlencode({"query": "ASK {}"}))
            stats = get(base + "api/stats")
            assert ask[0] == stats[0] == 200, (ask, stats)
            worst["runaway"] = max(worst["runaway"], *(t for _, t in statuses))
            worst["ASK {}"] = max(worst["ASK {}"], ask[1])
            worst["/api/stats"] = max(worst["/api/stats"], stats[1])
        print(f"{QUERY_SLOTS} runaway queries at once, --timeout {args.timeout:g}, ", end="")
        print(f"worst of {args.runs}:")
        for name, seconds in worst.items():
            print(f"  {name:<12} {seconds:6.3f} s")
    finally:
        server.terminate()
        server.wait(timeout=60)


if __name__ == "__main__":
    main()
