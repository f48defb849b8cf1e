"""Exports of the store: GraphML for Gephi, RDF (Turtle, N-Triples, JSON-LD), JSON
lines.

RDF is written for people to read (:mod:`kg.rdf.serialize`): Turtle with our prefixes
(``person:james-mattis schema:name "James Mattis"``), JSON-LD compacted by an
``@context``, one indented node object per subject. N-Triples is the store's own dump,
which the other RDF formats are streamed from, so no format holds the graph in memory.

GraphML, GEXF (for Gephi's timeline) and pictures (PNG, SVG) show one view of the claim
network (:mod:`kg.export.views`), over the claims a :class:`Selection` keeps.

Every export is written to a temporary file beside its path and renamed over it once
whole, so an export that fails (a full disk, a store that goes away, an interrupt) leaves
no partial file, and a previous export at that path as it was.
"""

from __future__ import annotations

import glob
import os
import re
import secrets
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path

try:
    import fcntl
except ImportError:  # Windows: no advisory locks
    fcntl = None

import pyoxigraph as ox

from kg.export.gexf import write_gexf
from kg.export.graphml import write_graphml
from kg.export.jsonl import write_jsonl
from kg.export.views import VIEWS, Selection, ViewError, build_view
from kg.interface import cli_or_python
from kg.rdf.serialize import write_rdf
from kg.rdf.store import Store

#: File name extension of each export format.
EXTENSIONS: dict[str, str] = {
    "graphml": "graphml",
    "turtle": "ttl",
    "nt": "nt",
    "jsonld": "jsonld",
    "jsonl": "jsonl",
    "gexf": "gexf",
    "png": "png",
    "svg": "svg",
}

#: File name endings each format is written under, the first its own: ``kg export -o FILE``
#: without ``--format`` takes the format whose ending FILE has, and a view's file must end
#: in one of its format's (:func:`check_suffix`), since Gephi picks its importer, and an
#: image viewer its decoder, by the ending.
SUFFIXES: dict[str, tuple[str, ...]] = {
    "graphml": (".graphml",),
    "turtle": (".ttl", ".turtle"),
    "nt": (".nt",),
    "jsonld": (".jsonld", ".json"),
    "jsonl": (".jsonl",),
    "gexf": (".gexf",),
    "png": (".png",),
    "svg": (".svg",),
}

#: Formats that show a view of the claim network (``--view``, ``--since`` ...).
VIEW_FORMATS = ("graphml", "gexf", "png", "svg")

#: Where exports go when no output file is given, relative to the working folder.
DEFAULT_FOLDER = Path("exports")


class ExportError(Exception):
    """An export that cannot be made as asked; the message says what to do."""


def format_of(path: str | os.PathLike[str]) -> str:
    """The export format that ``path``'s ending names (:data:`SUFFIXES`).

    Examples
    --------
    >>> format_of("speakers.gexf"), format_of("graph.TTL")
    ('gexf', 'turtle')
    >>> format_of("out.jpg")
    Traceback (most recent call last):
    ...
    kg.export.ExportError: out.jpg: no export format is written as .jpg: give a file \
ending in .graphml, .ttl, .turtle, .nt, .jsonld, .json, .jsonl, .gexf, .png or .svg, or format=
    """
    suffix = Path(path).suffix.lower()
    for format, suffixes in SUFFIXES.items():
        if suffix in suffixes:
            return format
    every = [s for suffixes in SUFFIXES.values() for s in suffixes]
    raise ExportError(
        f"{path}: no export format is written as {suffix or 'a file without an ending'}: "
        f"give a file ending in {', '.join(every[:-1])} or {every[-1]}, or "
        + cli_or_python("--format", "format=")
    )


def check_suffix(path: str | os.PathLike[str], format: str) -> None:
    """An :class:`ExportError` unless ``path`` ends as files of ``format`` do
    (:data:`SUFFIXES`, in any case), so that a PNG is never written as ``out.jpg``."""
    suffixes = SUFFIXES[format]
    if Path(path).suffix.lower() not in suffixes:
        rename = Path(path).with_suffix(suffixes[0]).name
        raise ExportError(
            f"{cli_or_python('-o FILE', 'path')} {path} does not end in "
            f"{' or '.join(suffixes)}, as a {format} file should: name it {rename}"
            + cli_or_python(
                " (or leave out --format to take the format from the file's ending)",
                " (kg.export.format_of(path) gives the format a path's ending names)",
            )
        )


def default_path(format: str) -> Path:
    """``exports/graph.<ext>`` for ``format``.

    Examples
    --------
    >>> str(default_path("turtle"))
    'exports/graph.ttl'
    """
    return DEFAULT_FOLDER / f"graph.{EXTENSIONS[format]}"


def export(
    store: Store,
    format: str,
    path: str | os.PathLike[str] | None = None,
    view: str = "claims",
    selection: Selection | None = None,
) -> Path:
    """Write the whole graph of ``store`` to ``path`` in ``format``; return the path.

    Parameters
    ----------
    store : Store
    format : str
        One of ``graphml``, ``turtle``, ``nt``, ``jsonld``, ``jsonl``, ``gexf``, ``png``,
        ``svg``.
    path : path, optional
        Output file; default :func:`default_path`. Missing folders are created.
    view : str
        With ``graphml``, ``gexf``, ``png`` and ``svg``: which view of the claim network
        (:data:`kg.export.views.VIEWS`).
    selection : Selection, optional
        With those formats: the claims the view shows (by date, entity, speaker).

    Raises
    ------
    ExportError
        An unknown format or view, a selection naming no entity, a view's path whose
        ending is not its format's (:data:`SUFFIXES`), or a path that cannot be written.
    StoreError
        The store could not be read.

    Notes
    -----
    The file appears at ``path`` whole or not at all: it is written beside it under a
    temporary name (``.NAME.*.tmp``) and renamed to ``path`` when complete
    (:func:`os.replace`, atomic on one file system). If the export fails, the temporary
    file is deleted and whatever was at ``path`` is left as it was.
    """
    if format not in EXTENSIONS:
        raise ExportError(f"unknown format {format!r}: choose one of {', '.join(EXTENSIONS)}")
    if path is not None and format in VIEW_FORMATS:
        check_suffix(path, format)
    graph = None
    if format in VIEW_FORMATS:
        try:  # before a file is made, so that a wrong view or --about leaves none
            graph = build_view(store, view, selection)
        except ViewError as e:
            raise ExportError(str(e)) from None

    def write(temporary: Path) -> None:
        if format == "graphml":
            write_graphml(graph, temporary)
        elif format == "gexf":
            write_gexf(graph, temporary)
        elif format in ("png", "svg"):
            from kg.plot import draw_view  # matplotlib: loaded only to draw

            draw_view(graph, temporary, format=format)
        elif format == "jsonl":
            with open(temporary, "w", encoding="utf-8", newline="\n") as out:
                write_jsonl(store, out)
        elif format in RDF_FROM_NT:
            _write_from_nt(store, temporary, format)
        else:
            store.dump(temporary, format)

    return write_whole(path if path is not None else default_path(format), write)


#: Formats written from the store's N-Triples dump by :func:`kg.rdf.serialize.write_rdf`.
RDF_FROM_NT = ("turtle", "jsonld")


def _write_from_nt(store: Store, path: Path, format: str) -> None:
    """Write the store's graph to ``path`` in ``format``, streamed from its N-Triples dump
    (a second temporary file beside ``path``)."""
    with _temporary_beside(path) as dumped:
        store.dump(dumped, "nt")
        with open(dumped, "rb") as nt, open(path, "wb") as out:
            write_rdf(ox.parse(nt, ox.RdfFormat.N_TRIPLES), out, format)


def write_whole(
    path: str | os.PathLike[str], write: Callable[[Path], object], option: str = "-o FILE"
) -> Path:
    """Call ``write`` with a temporary file beside ``path`` and rename it to ``path`` once
    ``write`` returns: the file appears whole or not at all (see :func:`export`). Missing
    folders are created; a file that cannot be written is an :class:`ExportError` asking
    for another ``option``. Returns the path."""
    path = Path(path)

    def cannot(e: OSError) -> ExportError:
        return ExportError(f"cannot write {path} ({e.strerror or e}): give another {option}")

    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        remove_orphans(path)
        with _temporary_beside(path) as temporary:
            write(temporary)
            os.replace(temporary, path)
    except OSError as e:
        raise cannot(e) from None
    return path


def _temporaries(path: Path) -> Iterator[Path]:
    """The temporary files of exports to ``path`` (``.NAME.<12 hex digits>.tmp``)."""
    pattern = re.compile(rf"\.{re.escape(path.name)}\.[0-9a-f]{{12}}\.tmp")
    for found in path.parent.glob(f".{glob.escape(path.name)}.*.tmp"):
        if pattern.fullmatch(found.name):
            yield found


def remove_orphans(path: Path) -> list[Path]:
    """Delete the temporary files beside ``path`` that no export is writing any more (one
    killed with ``kill -9`` leaves its file): each writer holds a lock on its file
    (:func:`_temporary_beside`), released by the system when the writer dies, so a file
    that can be locked is an orphan. Returns the files deleted."""
    if fcntl is None:  # no advisory locks (Windows): a killed export's file stays
        return []
    removed = []
    for found in _temporaries(path):
        try:
            with open(found, "rb") as f:
                fcntl.flock(f, fcntl.LOCK_EX | fcntl.LOCK_NB)
                found.unlink()
                removed.append(found)
        except OSError:  # being written (locked), or gone already
            continue
    return removed


@contextmanager
def _temporary_beside(path: Path) -> Iterator[Path]:
    """A new empty file in the folder of ``path``, locked for as long as the block runs
    (see :func:`remove_orphans`) and deleted after it unless it was renamed.

    It is created as ``open`` creates any file (mode 0o666 less the umask), so the export
    renamed from it has the permissions a file written in place would have.
    """
    while True:
        temporary = path.with_name(f".{path.name}.{secrets.token_hex(6)}.tmp")
        try:
            handle = open(temporary, "xb")
            break
        except FileExistsError:
            continue
    try:
        if fcntl is not None:
            fcntl.flock(handle, fcntl.LOCK_EX)
        yield temporary
    finally:
        handle.close()
        temporary.unlink(missing_ok=True)


__all__ = [
    "EXTENSIONS",
    "VIEWS",
    "VIEW_FORMATS",
    "ExportError",
    "SUFFIXES",
    "Selection",
    "check_suffix",
    "default_path",
    "export",
    "format_of",
    "write_whole",
]
