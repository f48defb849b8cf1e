"""How soon ``kg serve`` answers once runaway queries have been stopped at its time limit,
and how many requests it serves with many clients at once.

    python bench/bench_endpoint.py --store STORE [--timeout 2] [--runs 3]
    python bench/bench_endpoint.py --store STORE --clients 20 [--seconds 30] [--slots 2,4]

Starts ``kg serve --timeout T`` on the store, sends as many runaway queries (every triple
with every pair of triples, sorted) as the server has query slots, all at once; once each
has been answered 503 at the time limit, times ``ASK {}`` and ``/api/stats``, and prints
the worst of ``--runs`` rounds. The server's workers are killed at the limit and started
afresh, so the figures include a worker's start (a fork) and the store's opening.

With ``--clients N``, N clients each send the page's requests (the named queries with the
parameters a user gives, ``/api/stats``, a search) one after another for ``--seconds``,
once for each slot count of ``--slots``; it prints requests per second and the median and
99th percentile latency of each, from which ``kg serve``'s default slot count is chosen.
"""

from __future__ import annotations

import argparse
import statistics
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


#: What one client of the page asks, in turn: named queries with a user's parameters, the
#: counts on the start page, a search.
CLIENT_REQUESTS = [
    ("sparql", {"query": "ASK {}"}),
    ("api/stats", {}),
    ("api/search", {"q": "Trump"}),
    ("api/claims", {"entity": "person/donald-trump"}),
]


def start_server(store: str, timeout: float, slots: int | None) -> tuple[subprocess.Popen, str]:
    """``kg serve`` on ``store``, ready; the process and its URL."""
    server = subprocess.Popen(
        [sys.executable, "-m", "kg.cli", "serve", "--store", store, "--port", "0"]
        + ["--timeout", str(timeout)]
        + ([] if slots is None else ["--slots", str(slots)]),
        stderr=subprocess.PIPE,
        text=True,
    )
    base = server.stderr.readline().split()[2]
    while get(base + "api/stats")[0] != 200:
        time.sleep(0.2)
    return server, base


def throughput(base: str, clients: int, seconds: float) -> tuple[int, list[float], int]:
    """Requests answered, their latencies, and the failures, with ``clients`` clients
    sending :data:`CLIENT_REQUESTS` in turn for ``seconds``."""
    latencies: list[float] = []
    failures = [0]
    end = time.monotonic() + seconds

    def client(offset: int) -> None:
        i = offset
        while time.monotonic() < end:
            path, params = CLIENT_REQUESTS[i % len(CLIENT_REQUESTS)]
            status, took = get(
                base + path + ("?" + urllib.parse.urlencode(params) if params else "")
            )
            if status == 200:
                latencies.append(took)
            else:
                failures[0] += 1
            i += 1

    threads = [threading.Thread(target=client, args=(n,)) for n in range(clients)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    return len(latencies), latencies, failures[0]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--store", required=True)
    parser.add_argument("--timeout", type=float, default=2.0)
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--clients", type=int, help="measure throughput with N clients")
    parser.add_argument("--seconds", type=float, default=30.0)
    parser.add_argument("--slots", default=str(QUERY_SLOTS), help="slot counts to compare: 2,4")
    args = parser.parse_args()
    if args.clients:
        print(f"{args.clients} clients, {args.seconds:g} s each:")
        for slots in (int(n) for n in args.slots.split(",")):
            server, base = start_server(args.store, 60.0, slots)
            try:
                done, latencies, failed = throughput(base, args.clients, args.seconds)
            finally:
                server.terminate()
                server.wait(timeout=60)
            cuts = statistics.quantiles(latencies, n=100)
            print(
                f"  {slots} slots: {done / args.seconds:6.1f} requests/s, "
                f"p50 {statistics.median(latencies) * 1000:6.0f} ms, "
                f"p99 {cuts[98] * 1000:6.0f} ms, {failed} failed"
            )
        return
    server, base = start_server(args.store, args.timeout, None)
    try:
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
