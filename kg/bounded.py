"""Running a command in a child process whose memory is bounded, so that a query that
would take the machine's memory ends alone, with one line saying so.

Oxigraph cannot cancel a query once it runs, and a query's memory is Oxigraph's, out of
Python's reach: a cartesian product with an ``ORDER BY`` can take gigabytes before its
time limit stops it. ``kg query`` therefore runs in a child forked before the store is
opened, with its address space bounded (``RLIMIT_AS``): past the bound Oxigraph's
allocation fails and the child aborts, and the parent, still small, says what happened
and exits 2. The child writes its answer to standard output itself, so a large result is
never copied between processes. Where the system cannot fork, the command runs in the
process itself, unbounded.
"""

from __future__ import annotations

import os
import re
import resource
import signal
import sys
from collections.abc import Callable

#: What the Rust allocator prints before aborting when an allocation fails, with
#: ``RUST_BACKTRACE`` set too (the parent says it in kg's words instead).
_ALLOCATION_FAILED = re.compile(
    rb"memory allocation of \d+ bytes failed\n|stack backtrace:\n"
    rb"|skipping backtrace printing to avoid potential recursion\n"
)


def physical_memory() -> int | None:
    """Bytes of memory the machine has (None where the system does not say)."""
    try:
        return os.sysconf("SC_PAGE_SIZE") * os.sysconf("SC_PHYS_PAGES")
    except (ValueError, OSError, AttributeError):  # not told on this system
        return None


#: Bytes of address space a ``kg query`` may take by default (``--max-memory``): half
#: the machine's memory, and 2 GiB at least (the store's threads and caches take several
#: hundred megabytes of address space before any query runs).
QUERY_MEMORY = max(2 * 2**30, (physical_memory() or 0) // 2)


def too_much_memory(memory: int, option: str | None = None) -> str:
    """What to tell a user whose query took more than ``memory`` bytes (and the
    ``option`` that gives it more, if there is one)."""
    more = f", or give it more with {option} SIZE" if option else ""
    return (
        f"the query took more memory than a query may ({memory / 2**30:.1f} GiB) and was "
        f"stopped: make it more selective, or ask for less (a LIMIT, fewer variables){more}"
    )


def run_bounded(call: Callable[[], int], memory: int | None, name: str) -> int:
    """The exit status of ``call()``, run in a child process with at most ``memory``
    bytes of address space (None: in this process, unbounded).

    The child's standard error is relayed line by line, the allocator's own abort
    message left out; a child that aborts for memory is one line naming ``name`` (the
    command, as in ``kg query``) and exit status 2. SIGINT and SIGTERM sent to this
    process go on to the child, which stops as it would have alone.
    """
    if memory is None or not hasattr(os, "fork") or not _real_files():
        return call()
    sys.stdout.flush()
    sys.stderr.flush()
    read_end, write_end = os.pipe()
    pid = os.fork()
    if pid == 0:  # the child: nothing of it returns
        code = 1
        try:
            os.close(read_end)
            os.dup2(write_end, sys.stderr.fileno())
            os.close(write_end)
            resource.setrlimit(resource.RLIMIT_AS, (memory, resource.RLIM_INFINITY))
            code = call()
        except MemoryError:
            print(f"{name}: error: {too_much_memory(memory, '--max-memory')}", file=sys.stderr)
            code = 2
        except SystemExit as e:
            code = e.code if isinstance(e.code, int) else 1
        finally:
            try:
                sys.stdout.flush()
                sys.stderr.flush()
            finally:
                os._exit(code)
    os.close(write_end)
    forward = {
        s: signal.signal(s, lambda signum, _: os.kill(pid, signum))
        for s in _FORWARDED
        if signal.getsignal(s) is not signal.SIG_IGN  # ignored here, so in the child
    }
    try:
        _relay(read_end)
        status = _wait(pid)
    finally:
        for s, previous in forward.items():
            signal.signal(s, previous)
        os.close(read_end)
    if os.WIFEXITED(status):
        return os.WEXITSTATUS(status)
    signum = os.WTERMSIG(status)
    if signum == signal.SIGABRT:
        print(f"{name}: error: {too_much_memory(memory, '--max-memory')}", file=sys.stderr)
        return 2
    print(f"{name}: error: the process running it ended on signal {signum}", file=sys.stderr)
    return 128 + signum


_FORWARDED = (signal.SIGINT, signal.SIGTERM)


def _relay(fd: int) -> None:
    """Copy the child's standard error to ours until it closes, line by line."""
    pending = b""
    while True:
        try:
            chunk = os.read(fd, 65536)
        except InterruptedError:  # a forwarded signal: read on
            continue
        if not chunk:
            break
        pending += chunk
        *lines, pending = pending.split(b"\n")
        for line in lines:
            _emit(line + b"\n")
    if pending:
        _emit(pending)


def _emit(line: bytes) -> None:
    if not _ALLOCATION_FAILED.fullmatch(line):
        os.write(sys.stderr.fileno(), line)


def _real_files() -> bool:
    """Whether standard output and error are files a child can write (not Python
    objects standing in for them, as a test's captured output is)."""
    try:
        sys.stdout.fileno(), sys.stderr.fileno()
    except (AttributeError, OSError, ValueError):  # io.UnsupportedOperation is an OSError
        return False
    return True


def _wait(pid: int) -> int:
    while True:
        try:
            return os.waitpid(pid, 0)[1]
        except InterruptedError:
            continue
