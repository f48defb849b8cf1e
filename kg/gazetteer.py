"""Gazetteers: entities a user knows, with their other names and identifiers elsewhere.

A gazetteer is a CSV file (with a header row) or a JSON-lines file, one entity each::

    name,type,aliases,same_as
    James Mattis,Person,Jim Mattis|Mad Dog Mattis,Q333016
    ISIS,Organization,ISIL|Daesh|Islamic State,Q2429253

    {"name": "ISIS", "type": "Organization", "aliases": ["ISIL", "Daesh"], "same_as": ["Q2429253"]}

``type`` is ``Person``, ``Organization`` (or ``Organisation``) or ``Place``; ``aliases``
and ``same_as`` are lists, or ``|``-separated in CSV (both optional). A ``same_as`` value
is an IRI, or a Wikidata id (``Q333016``) read as ``http://www.wikidata.org/entity/Q333016``.

Resolution (:class:`kg.resolve.Resolver`) knows these entities before any article: every
mention of one of an entity's names joins it, under the name the gazetteer gives, and its
node in the graph carries ``owl:sameAs`` and ``schema:sameAs`` for each identifier.
``examples/gazetteer.csv`` is an example.
"""

from __future__ import annotations

import csv
import io
import json
import os
import re
from pathlib import Path

from kg.model import ENTITY_CLASSES, KnownEntity

__all__ = ["GazetteerError", "read_gazetteer", "WIKIDATA"]

#: Where a bare Wikidata id (``Q42``) points.
WIKIDATA = "http://www.wikidata.org/entity/"

_CLASSES = {c.lower(): c for c in ENTITY_CLASSES} | {"organisation": "Organization"}
_QID = re.compile(r"^Q[1-9][0-9]*$")
#: An identifier elsewhere: a web address or a URN (``urn:isni:…``). Other schemes are
#: refused: the page and the exports make these links, and ``javascript:`` or ``data:``
#: there would run or show whatever the gazetteer's author wrote.
_IRI = re.compile(
    r"^(?:https?://[^/\s<>\"{}|\\^`]+|urn:[a-zA-Z0-9][a-zA-Z0-9-]*:)[^\s<>\"{}|\\^`]*$", re.I
)


class GazetteerError(ValueError):
    """A gazetteer file that cannot be read; the message names the file and line."""


def read_gazetteer(path: str | os.PathLike[str]) -> list[KnownEntity]:
    """The entities of the gazetteer at ``path`` (``.csv`` or ``.jsonl``), in file order.

    Raises
    ------
    GazetteerError
        The file is missing, not UTF-8, of another kind, or has an entry without a name or
        with an unknown type or a malformed identifier (the message says which line).

    Examples
    --------
    >>> import tempfile
    >>> f = Path(tempfile.mkdtemp()) / "g.csv"
    >>> _ = f.write_text("name,type,aliases,same_as\\nISIS,Organization,ISIL|Daesh,Q2429253\\n")
    >>> read_gazetteer(f)  # doctest: +NORMALIZE_WHITESPACE
    [KnownEntity(name='ISIS', cls='Organization', aliases=('ISIL', 'Daesh'),
                 same_as=('http://www.wikidata.org/entity/Q2429253',))]
    """
    file = Path(path)
    text = read_user_file(file, "gazetteer", "a .csv or .jsonl file", GazetteerError)
    suffix = file.suffix.lower()
    if suffix == ".csv":
        rows = _csv_rows(file, text)
    elif suffix in (".jsonl", ".ndjson"):
        rows = _jsonl_rows(file, text)
    else:
        raise GazetteerError(f"{file}: a gazetteer is a .csv or a .jsonl file")
    return [_entity(file, line, row) for line, row in rows]


def read_user_file(file: Path, what: str, give: str, error: type[ValueError]) -> str:
    """The UTF-8 text of a file a user gives (a gazetteer, corrections): ``error`` with a
    line naming the file and what to do when it is missing, not UTF-8 or unreadable."""
    try:
        return file.read_text(encoding="utf-8-sig")
    except FileNotFoundError:
        raise error(f"no {what} at {file}: give {give}") from None
    except UnicodeDecodeError:
        raise error(f"{file} is not UTF-8 text: save it as UTF-8") from None
    except OSError as e:
        raise error(f"cannot read the {what} {file}: {e.strerror}") from None


def _csv_rows(file: Path, text: str):
    reader = csv.DictReader(io.StringIO(text))
    fields = {f.strip().lower() for f in reader.fieldnames or ()}
    if not {"name", "type"} <= fields:
        raise GazetteerError(
            f"{file}: the first row must name the columns: name,type[,aliases][,same_as]"
        )
    for row in reader:
        row = {(k or "").strip().lower(): (v or "").strip() for k, v in row.items()}
        if any(row.values()):
            yield (
                reader.line_num,
                {
                    "name": row.get("name", ""),
                    "type": row.get("type", ""),
                    "aliases": _split(row.get("aliases", "")),
                    "same_as": _split(row.get("same_as", "")),
                },
            )


def _split(value: str) -> list[str]:
    return [part.strip() for part in value.split("|") if part.strip()]


def _jsonl_rows(file: Path, text: str):
    for line, raw in enumerate(text.splitlines(), 1):
        if not raw.strip():
            continue
        try:
            row = json.loads(raw)
        except json.JSONDecodeError as e:
            raise GazetteerError(f"{file}:{line}: not a JSON object ({e.msg})") from None
        if not isinstance(row, dict):
            raise GazetteerError(f"{file}:{line}: not a JSON object")
        row = dict(row)
        for key in ("aliases", "same_as"):
            value = row.get(key) or []
            row[key] = _split(value) if isinstance(value, str) else value
        yield line, row


def _entity(file: Path, line: int, row: dict) -> KnownEntity:
    where = f"{file}:{line}"
    name = row.get("name")
    if not isinstance(name, str) or not name.strip():
        raise GazetteerError(f"{where}: an entry needs a name")
    kind = row.get("type")
    cls = _CLASSES.get(kind.strip().lower()) if isinstance(kind, str) else None
    if cls is None:
        raise GazetteerError(
            f"{where}: type {kind!r} of {name!r}: give Person, Organization or Place"
        )
    aliases, same_as = row.get("aliases"), row.get("same_as")
    if not (isinstance(aliases, list) and all(isinstance(a, str) for a in aliases)):
        raise GazetteerError(f"{where}: the aliases of {name!r} must be a list of names")
    if not (isinstance(same_as, list) and all(isinstance(a, str) for a in same_as)):
        raise GazetteerError(f"{where}: the same_as of {name!r} must be a list of IRIs")
    iris = []
    for value in same_as:
        value = value.strip()
        if _QID.match(value):
            value = WIKIDATA + value
        if not _IRI.match(value):
            raise GazetteerError(
                f"{where}: same_as {value!r} of {name!r} is neither an http(s) or urn: IRI "
                "nor a Wikidata id (Q42)"
            )
        iris.append(value)
    names = tuple(dict.fromkeys(a.strip() for a in aliases if a.strip() and a.strip() != name))
    return KnownEntity(name.strip(), cls, names, tuple(dict.fromkeys(iris)))
