"""Worker processes die with the build that started them: killed (``kill -9``) or
terminated (``kill``) in the middle of extraction, ``kg build --processes 2`` leaves no
worker and no multiprocessing helper behind, and its output pipes reach end of file."""

from __future__ import annotations

import os
import shutil
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from .conftest import EXAMPLES

psutil = pytest.importorskip("psutil")

WRAPPER = Path(__file__).with_name("crash_wrapper.py")

#: Seconds a build's processes may take to end after it is killed (they check every
#: half second; the rest is slack for a loaded machine).
GRACE = 10

#: Seconds two workers may take to start and load the pipeline on a loaded machine.
STARTUP = 120


def start_stalling_build(tmp_path: Path, processes: int = 2) -> tuple[subprocess.Popen, Path]:
    """``kg build --processes N`` whose workers each stop in the middle of extracting an
    article (tests/crash_wrapper.py), and the folder where each writes its pid then."""
    corpus = tmp_path / "in"
    corpus.mkdir()
    for n in range(2):  # more articles than workers, one per chunk
        for article in EXAMPLES.glob("*.txt"):
            shutil.copy(article, corpus / f"{n}_{article.name}")
    stalled = tmp_path / "stalled"
    stalled.mkdir()
    build = subprocess.Popen(
        [
            sys.executable,
            str(WRAPPER),
            "build",
            str(corpus),
            "--store",
            str(tmp_path / "s"),
            "--processes",
            str(processes),
            "--batch-size",
            "1",
            "--no-progress",
        ],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        env={**os.environ, "KG_CRASH": f"stall:{stalled}"},
    )
    return build, stalled


def wait_for_stalled_workers(build: subprocess.Popen, stalled: Path, count: int) -> list[int]:
    deadline = time.monotonic() + STARTUP
    while len(pids := [int(p.name) for p in stalled.iterdir()]) < count:
        assert build.poll() is None, build.communicate()
        assert time.monotonic() < deadline, "the workers never started extracting"
        time.sleep(0.2)
    return pids


@pytest.mark.parametrize("sig", [signal.SIGKILL, signal.SIGTERM], ids=["kill-9", "kill"])
def test_workers_end_soon_after_the_build_that_started_them_is_killed(tmp_path, sig):
    build, stalled = start_stalling_build(tmp_path)
    helpers = []
    try:
        workers = wait_for_stalled_workers(build, stalled, 2)
        # the workers, and multiprocessing's resource tracker
        helpers = psutil.Process(build.pid).children(recursive=True)
        assert set(workers) <= {p.pid for p in helpers} and len(helpers) >= 3
        build.send_signal(sig)
        # stdout and stderr are closed once no process of the build holds them
        out, err = build.communicate(timeout=GRACE)
        _, alive = psutil.wait_procs(helpers, timeout=GRACE)
        assert alive == []
        if sig == signal.SIGTERM:
            assert build.returncode == 128 + signal.SIGTERM
            assert b"kg build: terminated" in err
        else:
            assert build.returncode == -signal.SIGKILL
    finally:  # whatever failed, leave nothing running
        build.kill()
        for process in helpers:
            try:
                process.kill()
            except psutil.NoSuchProcess:
                pass
        build.communicate()
