"""The README's example outputs are what the commands print today.

The README shows named queries run on ``kg build examples/articles --store /tmp/x``; each
``$ kg query --store /tmp/x ...`` block there is run on that build and compared line for
line, so a change in extraction or resolution that alters them cannot leave the page stale.
"""

from __future__ import annotations

import re
import shlex
from pathlib import Path

import pytest

from kg import api
from kg.cli import main

README = Path(__file__).resolve().parent.parent / "README.md"
EXAMPLES = README.parent / "examples" / "articles"
#: a shown command on the README's example store, then its output, indented four spaces
SHOWN = re.compile(r"^    \$ kg query --store /tmp/x (?P<args>.+)\n(?P<out>(?:    \S.*\n)+)", re.M)


def shown_queries() -> list:
    """Each (arguments, output) pair the README shows for the example store."""
    return [
        pytest.param(
            m["args"], "".join(line[4:] + "\n" for line in m["out"].splitlines()), id=m["args"]
        )
        for m in SHOWN.finditer(README.read_text(encoding="utf-8"))
    ]


@pytest.fixture(scope="module")
def readme_store(tmp_path_factory) -> Path:
    """The examples built as the README's outputs say: no gazetteer."""
    path = tmp_path_factory.mktemp("readme") / "store"
    assert api.build([EXAMPLES], store=path, progress=False).added == 3
    return path


def test_the_readme_shows_the_named_queries_on_the_example_store():
    names = {shlex.split(shown.values[0])[1] for shown in shown_queries()}
    assert {"claims-by-speaker", "claims-of-kind", "top-speakers"} <= names


@pytest.mark.parametrize("args,shown", shown_queries())
def test_a_readme_output_is_what_the_command_prints(args, shown, readme_store, capsys):
    assert main(["query", "--store", str(readme_store), *shlex.split(args)]) == 0
    assert capsys.readouterr().out == shown
