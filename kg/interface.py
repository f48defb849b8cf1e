"""Which way a user is calling kg, so that a message names the option they would use.

An error raised deep in kg tells the user what to change: on the command line that is a
flag (``--param speaker=VALUE``), in Python a keyword argument (``params={'speaker':
...}``). :func:`kg.cli.main` runs its command with :data:`COMMAND_LINE` set; every other
caller is Python. Messages ask :func:`option` for the words, and never spell either form
themselves.

Examples
--------
>>> cli_or_python("--timeout SECONDS", "timeout=SECONDS")
'timeout=SECONDS'
>>> with command_line():
...     cli_or_python("--timeout SECONDS", "timeout=SECONDS")
'--timeout SECONDS'
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from contextvars import ContextVar

#: True while the ``kg`` command runs (in its thread, and the threads it copies its
#: context to).
COMMAND_LINE: ContextVar[bool] = ContextVar("kg_command_line", default=False)


def cli_or_python(cli: str, python: str) -> str:
    """``cli`` when the ``kg`` command is running, else ``python``."""
    return cli if COMMAND_LINE.get() else python


@contextmanager
def command_line() -> Iterator[None]:
    """Speak in the ``kg`` command's terms inside the ``with`` block."""
    token = COMMAND_LINE.set(True)
    try:
        yield
    finally:
        COMMAND_LINE.reset(token)
