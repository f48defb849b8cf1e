"""Corrections: what a user tells resolution that it got wrong.

A corrections file is a CSV file with a header row, one correction a row::

    action,name,other,why
    merge,US Speaker Pelosi,Nancy Pelosi,the same person under her title
    apart,Lewis,Lennox Lewis,the comedian is not the boxer
    not an entity,reports,,a source's description, not a name

``merge`` makes the entities named ``name`` and ``other`` one; ``apart`` keeps them two
whatever their names and articles share; ``not an entity`` takes ``name`` off the
entities (its mentions stay on their claims as an unnamed source, listed only with
``--include-unnamed``). A name matches an entity that goes by it in any article, in
any case and spacing (:func:`kg.names.name_key`). ``why`` is for the people who read
the file; kg does not read it.

``kg build --corrections FILE`` keeps the file's corrections in the store, like the
gazetteer, and every derivation applies them (a new file derives the graph again);
``kg entity NAME`` shows a correction as the reason an entity's names joined.
"""

from __future__ import annotations

import csv
import io
import os
from pathlib import Path

from kg.gazetteer import read_user_file
from kg.model import Correction

__all__ = ["ACTIONS", "CorrectionsError", "read_corrections"]

#: The actions a correction may take, and whether each needs an ``other`` name.
ACTIONS = {"merge": True, "apart": True, "not an entity": False}


class CorrectionsError(ValueError):
    """A corrections file that cannot be read; the message names the file and line."""


def read_corrections(path: str | os.PathLike[str]) -> list[Correction]:
    """The corrections of the CSV file at ``path``, in file order.

    Raises
    ------
    CorrectionsError
        The file is missing, not UTF-8, not CSV, or has a row with an unknown action or
        without the names its action needs (the message says which line).

    Examples
    --------
    >>> import tempfile
    >>> f = Path(tempfile.mkdtemp()) / "c.csv"
    >>> _ = f.write_text("action,name,other\\nmerge,Jim Mattis,James Mattis\\n")
    >>> read_corrections(f)
    [Correction(action='merge', name='Jim Mattis', other='James Mattis')]
    """
    file = Path(path)
    text = read_user_file(file, "corrections file", "a .csv file", CorrectionsError)
    if file.suffix.lower() != ".csv":
        raise CorrectionsError(f"{file}: a corrections file is a .csv file")
    reader = csv.DictReader(io.StringIO(text))
    fields = {f.strip().lower() for f in reader.fieldnames or ()}
    if not {"action", "name"} <= fields:
        raise CorrectionsError(
            f"{file}: the first row must name the columns: action,name,other[,why]"
        )
    out = []
    for row in reader:
        row = {(k or "").strip().lower(): (v or "").strip() for k, v in row.items()}
        if not any(row.values()):
            continue
        where = f"{file}:{reader.line_num}"
        action = " ".join(row.get("action", "").lower().split())
        if action not in ACTIONS:
            raise CorrectionsError(
                f"{where}: action {row.get('action')!r}: give merge, apart or not an entity"
            )
        name, other = row.get("name", ""), row.get("other", "")
        if not name or (ACTIONS[action] and not other):
            need = "a name and an other name" if ACTIONS[action] else "a name"
            raise CorrectionsError(f"{where}: {action} needs {need}")
        out.append(Correction(action, name, other if ACTIONS[action] else ""))
    return out
