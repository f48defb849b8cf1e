"""Soak: one store, N minutes of random builds, changes, removes, kills and queries, then
compared with a fresh build of the final corpus (issue 9, "What to build" 6).

    python bench/soak.py [--minutes 5] [--seed 1] [--corpus DIR] [--articles 30]
                         [--processes 1] [--keep]

The corpus (default: ``--articles`` articles of ../shared/devnews/articles chosen with
the seed) is copied to a temporary input folder, which starts with a third of them. Then,
until the time is up, one operation at a time, each a ``kg`` command in its own process:

=============  ==========================================================================
operation      what it does
=============  ==========================================================================
build          adds a few articles to the input folder, changes a few (a quote's speaker
               swapped for another speaker's name, a quote of another article appended,
               or the original text put back), then ``kg build`` of the folder
killed build   the same changes, then ``kg build`` killed with ``kill -9`` at a random
               moment (from just after it starts to the length of the last full build)
remove         ``kg remove`` of one or two articles, also taken out of the folder (they
               may come back later, with their last text)
query          ``kg query --name`` of a named query, with a parameter taken from the corpus
stats          ``kg stats``
validate       ``kg validate`` (the store must conform at every point, kills included)
=============  ==========================================================================

At the end the folder is built once more into the soak store (to finish a killed build)
and into a new store, and the two stores' sorted N-Triples are compared. It prints the
operations done by kind, the kills survived, the triples compared and the lines that
differ (target 0), and exits 1 if any differ or any command failed.

Every kill is checked: the killed ``kg`` must release its stdout and stderr (no worker
left holding them: with ``--processes 2`` that tests issue 9 item 8 too) and the store must
open for the next command.
"""

from __future__ import annotations

import argparse
import random
import re
import shutil
import signal
import subprocess
import sys
import tempfile
import time
from collections import Counter
from pathlib import Path

DEVNEWS = Path(__file__).resolve().parent.parent.parent / "shared" / "devnews" / "articles"
KG = [sys.executable, "-m", "kg.cli"]

#: Relative frequency of each operation.
WEIGHTS = {
    "build": 4,
    "killed build": 3,
    "remove": 1,
    "query": 3,
    "stats": 1,
    "validate": 1,
}

#: Seconds a command may take before the soak calls it hung.
COMMAND_TIMEOUT = 600

#: Seconds a killed build's processes get to release its pipes.
KILL_GRACE = 15

#: A name of two or three capitalised words right before "said": the speaker of a
#: quote or of reported speech, in the plainest news form.
SPEAKER = re.compile(r"\b([A-Z][a-z]+(?: [A-Z][a-z]+){1,2}) said\b")

#: A quotation in straight or curly double quotes, of a reasonable length.
QUOTE = re.compile(r"[\"“]([^\"“”\n]{20,200})[\"”]")


class Soak:
    def __init__(self, args: argparse.Namespace, root: Path):
        self.rng = random.Random(args.seed)
        self.processes = args.processes
        self.work = root / "input"
        self.store = root / "store"
        self.work.mkdir()
        sources = sorted((args.corpus or DEVNEWS).glob("*.txt"))
        if args.articles and len(sources) > args.articles:
            sources = sorted(self.rng.sample(sources, args.articles))
        self.original = {p.name: p.read_text(encoding="utf-8") for p in sources}
        self.text = dict(self.original)  # each article's last text (kept when removed)
        self.speakers = sorted({m for t in self.original.values() for m in SPEAKER.findall(t)})
        self.quotes = sorted({m for t in self.original.values() for m in QUOTE.findall(t)})
        self.done: Counter[str] = Counter()
        self.failures: list[str] = []
        self.edits: Counter[str] = Counter()
        self.build_seconds = 10.0  # the last full build's length, for the kill moments
        self.orphans = 0
        self.kills = 0
        self.finished_first = 0  # killed builds that ended before the signal came
        for name in self.rng.sample(sorted(self.text), max(1, len(self.text) // 3)):
            self.put(name)

    # --- the input folder -----------------------------------------------------------

    def present(self) -> list[str]:
        return sorted(p.name for p in self.work.glob("*.txt"))

    def put(self, name: str) -> None:
        (self.work / name).write_text(self.text[name], encoding="utf-8")

    def edit(self, name: str) -> None:
        text = self.text[name]
        kinds = ["append a quote", "put back the original"]
        if SPEAKER.search(text) and len(self.speakers) > 1:
            kinds.append("swap a speaker")
        kind = self.rng.choice(kinds)
        if kind == "swap a speaker":
            matches = list(SPEAKER.finditer(text))
            m = self.rng.choice(matches)
            other = self.rng.choice([s for s in self.speakers if s != m.group(1)])
            text = text[: m.start(1)] + other + text[m.end(1) :]
        elif kind == "append a quote":
            quote = self.rng.choice(self.quotes)
            speaker = self.rng.choice(self.speakers or ["A spokesman"])
            text = text.rstrip("\n") + f'\n\n"{quote}," {speaker} said.\n'
        else:
            text = self.original[name]
        self.edits[kind] += 1
        self.text[name] = text
        self.put(name)

    def change_input(self) -> None:
        present = self.present()
        absent = [n for n in self.text if n not in present]
        for name in self.rng.sample(absent, min(len(absent), self.rng.randint(0, 3))):
            self.put(name)
        for name in self.rng.sample(present, min(len(present), self.rng.randint(0, 3))):
            self.edit(name)

    # --- commands -------------------------------------------------------------------

    def kg(self, *args: str, ok: tuple[int, ...] = (0,)) -> subprocess.CompletedProcess:
        done = subprocess.run([*KG, *args], capture_output=True, text=True, timeout=COMMAND_TIMEOUT)
        if done.returncode not in ok:
            tail = " | ".join(done.stderr.strip().splitlines()[-3:])
            self.failures.append(f"kg {' '.join(args[:2])}: exit {done.returncode}: {tail}")
        return done

    def build(self, store: Path | None = None) -> None:
        start = time.monotonic()
        self.kg(
            "build",
            str(self.work),
            "--store",
            str(store or self.store),
            "--no-progress",
            "--processes",
            str(self.processes),
        )
        self.build_seconds = max(2.0, time.monotonic() - start)

    def killed_build(self) -> None:
        command = [
            *KG,
            "build",
            str(self.work),
            "--store",
            str(self.store),
            "--no-progress",
            "--processes",
            str(self.processes),
        ]
        build = subprocess.Popen(command, stdout=subprocess.PIPE, stderr=subprocess.PIPE)
        time.sleep(self.rng.uniform(0.2, self.build_seconds))
        if build.poll() is not None:
            self.finished_first += 1
            return
        build.send_signal(signal.SIGKILL)
        try:
            build.communicate(timeout=KILL_GRACE)  # end of file: no process holds the pipes
        except subprocess.TimeoutExpired:
            self.orphans += 1
            self.failures.append("a killed build's pipes stayed open: orphaned processes")
            build.communicate()
        self.kills += 1

    def remove(self) -> None:
        present = self.present()
        if not present:
            return
        names = self.rng.sample(present, min(len(present), self.rng.randint(1, 2)))
        # an article a killed build never stored is not in the store: exit 1 is expected
        self.kg("remove", *names, "--store", str(self.store), ok=(0, 1))
        for name in names:
            (self.work / name).unlink()

    def query(self) -> None:
        from kg.query import named_queries

        query = self.rng.choice(sorted(named_queries().values(), key=lambda q: q.name))
        values = {
            "speaker": lambda: self.rng.choice(self.speakers).split()[-1],
            "entity": lambda: self.rng.choice(self.speakers).split()[-1],
            "article": lambda: self.rng.choice(self.present() or ["none.txt"]),
            "kind": lambda: self.rng.choice(["statement", "denial", "according-to"]),
            "thing": lambda: self.rng.choice(["people", "fighters|soldiers", "cases"]),
        }
        params = [f"--param={p}={values.get(p, lambda: 'x')()}" for p in query.params]
        self.kg(
            "query", "--name", query.name, *params, "--store", str(self.store), "--format", "tsv"
        )

    def run(self, minutes: float) -> None:
        self.build()  # the first third of the corpus
        self.done["build"] += 1
        operations = {
            "build": lambda: (self.change_input(), self.build()),
            "killed build": lambda: (self.change_input(), self.killed_build()),
            "remove": self.remove,
            "query": self.query,
            "stats": lambda: self.kg("stats", "--store", str(self.store)),
            "validate": lambda: self.kg("validate", "--store", str(self.store)),
        }
        kinds, weights = zip(*WEIGHTS.items(), strict=True)
        deadline = time.monotonic() + 60 * minutes
        while time.monotonic() < deadline:
            kind = self.rng.choices(kinds, weights)[0]
            operations[kind]()
            self.done[kind] += 1
            print(f"  {sum(self.done.values()):4} {kind}", file=sys.stderr, flush=True)


def nt_lines(store: Path, out: Path) -> list[str]:
    subprocess.run(
        [*KG, "export", "--format", "nt", "-o", str(out), "--store", str(store)],
        check=True,
        capture_output=True,
    )
    return sorted(out.read_text(encoding="utf-8").splitlines())


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--minutes", type=float, default=5.0)
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--corpus", type=Path, help=f"a folder of .txt articles ({DEVNEWS})")
    parser.add_argument("--articles", type=int, default=30, help="how many of them (0: all)")
    parser.add_argument("--processes", type=int, default=1, help="kg build --processes")
    parser.add_argument(
        "--no-kills",
        action="store_true",
        help="never kill a build (to tell differences that kills cause from others)",
    )
    parser.add_argument("--keep", action="store_true", help="keep the stores and the input")
    args = parser.parse_args()

    root = Path(tempfile.mkdtemp(prefix="kg-soak-"))
    try:
        soak = Soak(args, root)
        started = time.monotonic()
        if args.no_kills:
            WEIGHTS.pop("killed build")
        soak.run(args.minutes)
        soak.build()  # finish whatever a last killed build left undone
        conforms = soak.kg("validate", "--store", str(soak.store), ok=(0, 1)).returncode == 0
        fresh = root / "fresh"
        soak.build(fresh)
        soaked = nt_lines(soak.store, root / "soak.nt")
        clean = nt_lines(fresh, root / "fresh.nt")
        only_soak = sorted(set(soaked) - set(clean))
        only_fresh = sorted(set(clean) - set(soaked))
        minutes = (time.monotonic() - started) / 60

        print(
            f"soak: {minutes:.1f} minutes, seed {args.seed}, {len(soak.text)} articles, "
            f"--processes {args.processes}"
        )
        print("operations: " + ", ".join(f"{k} {n}" for k, n in sorted(soak.done.items())))
        print("edits: " + ", ".join(f"{k} {n}" for k, n in sorted(soak.edits.items())))
        print(
            f"kills survived: {soak.kills} ({soak.finished_first} more builds ended before "
            f"their kill; orphaned processes: {soak.orphans})"
        )
        print(f"final corpus: {len(soak.present())} articles")
        print(f"triples compared: {len(clean)} fresh, {len(soaked)} soak store")
        print(
            f"differences: {len(only_soak)} lines only in the soak store, "
            f"{len(only_fresh)} only in the fresh build"
        )
        print(f"soak store validates: {'yes' if conforms else 'no'}")
        if only_soak or only_fresh:
            by_predicate = Counter(line.split(" ", 2)[1] for line in only_soak + only_fresh)
            print(
                "differing lines by predicate: "
                + ", ".join(
                    f"{re.split('[/#]', p.strip('<>'))[-1]} {n}"
                    for p, n in by_predicate.most_common()
                )
            )
        for line in only_soak[:5] + only_fresh[:5]:
            print(f"  {'soak ' if line in only_soak else 'fresh'} {line[:200]}")
        for failure in soak.failures:
            print(f"failed: {failure}")
        return 0 if not (only_soak or only_fresh or soak.failures) and conforms else 1
    finally:
        if args.keep:
            print(f"kept: {root}")
        else:
            shutil.rmtree(root, ignore_errors=True)


if __name__ == "__main__":
    sys.exit(main())
