"""Exports of the store: GraphML for Gephi, RDF (Turtle, N-Triples, JSON-LD), JSON lines."""

from __future__ import annotations

import os
from pathlib import Path

from kg.export.graphml import write_graphml
from kg.export.jsonl import write_jsonl
from kg.rdf.store import Store

#: File name extension of each export format.
EXTENSIONS: dict[str, str] = {
    "graphml": "graphml",
    "turtle": "ttl",
    "nt": "nt",
    "jsonld": "jsonld",
    "jsonl": "jsonl",
}

#: Where exports go when no output file is given, relative to the working folder.
DEFAULT_FOLDER = Path("exports")


class ExportError(Exception):
    """An export that cannot be made as asked; the message says what to do."""


def default_path(format: str) -> Path:
    """``exports/graph.<ext>`` for ``format``.

    Examples
    --------
    >>> str(default_path("turtle"))
    'exports/graph.ttl'
    """
    return DEFAULT_FOLDER / f"graph.{EXTENSIONS[format]}"


def export(store: Store, format: str, path: str | os.PathLike[str] | None = None) -> Path:
    """Write the whole graph of ``store`` to ``path`` in ``format``; return the path.

    Parameters
    ----------
    store : Store
    format : str
        One of ``graphml``, ``turtle``, ``nt``, ``jsonld``, ``jsonl``.
    path : path, optional
        Output file; default :func:`default_path`. Missing folders are created.

    Raises
    ------
    ExportError
        An unknown format, or a path that cannot be written.
    """
    if format not in EXTENSIONS:
        raise ExportError(f"unknown format {format!r}: choose one of {', '.join(EXTENSIONS)}")
    path = Path(path) if path is not None else default_path(format)
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        if format == "graphml":
            write_graphml(store, path)
        elif format == "jsonl":
            with open(path, "w", encoding="utf-8", newline="\n") as out:
                write_jsonl(store, out)
        else:
            store.dump(path, format)
    except OSError as e:
        raise ExportError(
            f"cannot write {path} ({e.strerror or e}): give another -o FILE"
        ) from None
    return path


__all__ = ["EXTENSIONS", "ExportError", "default_path", "export"]
