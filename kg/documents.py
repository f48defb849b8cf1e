"""Reading news articles from ``.txt`` and ``.jsonl`` files into :class:`~kg.model.Document`.

This is the first stage of the one-way flow::

    documents -> nlp -> model -> resolve -> rdf -> query / export

Text is kept exactly as read (UTF-8, newlines untouched, ``\\r\\n`` included), because every
offset downstream is an offset into it. Input that cannot be read never stops a build: it
is reported as a :class:`Skipped` record to the ``on_skip`` callback and reading goes on.
"""

from __future__ import annotations

import json
import os
import re
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path
from traceback import format_exception

from kg.model import Document

#: File name endings that hold articles; other files in a folder are passed over silently.
SUFFIXES = (".txt", ".jsonl")

#: A ``date YYYY-MM-DD`` header at the very start of a text (after an optional byte-order
#: mark and white space); the article may follow on the same line.
_DATE_HEADER = re.compile(r"\A\ufeff?\s*date[ \t]+(\d{4}-\d{2}-\d{2})\b", re.IGNORECASE)

_ISO_DATE = re.compile(r"\d{4}-\d{2}-\d{2}")

_OPTIONAL_FIELDS = ("date", "title", "url", "publisher")


#: The stages of a build, in order; an article that fails at one is skipped there.
#: ``resolve`` covers both entity resolution and claim tracking (across articles),
#: ``map`` the article's triples, ``write`` the store update.
STAGES = ("read", "extract", "resolve", "map", "write")

#: Characters of an error message kept in a :class:`Skipped` record: one line on a
#: terminal, not a whole SPARQL update that a store quoted back.
MESSAGE_CHARS = 300


@dataclass(frozen=True)
class Skipped:
    """Input left out of a build, and why.

    ``path`` is where it was read (a file, or ``file:line`` of a JSON-lines file);
    ``reason`` is one line: for input that could not be read (``stage`` ``"read"``),
    what is wrong and what to do; for an article that failed at a later stage (see
    :data:`STAGES`), the error's type and message, with its ``doc_id`` and the
    formatted ``traceback`` (``kg build --debug`` prints it).
    """

    path: str
    reason: str
    stage: str = "read"
    doc_id: str | None = None
    traceback: str | None = None

    @classmethod
    def failure(cls, document: Document, stage: str, error: BaseException) -> Skipped:
        """The record of ``document`` failing at ``stage`` with ``error``.

        Examples
        --------
        >>> s = Skipped.failure(Document("a.txt", "Hi."), "extract", KeyError("e9"))
        >>> str(s)
        "a.txt: extract failed: KeyError: 'e9'"
        """
        message = " ".join(str(error).split())
        if len(message) > MESSAGE_CHARS:
            message = message[: MESSAGE_CHARS - 1] + "…"
        reason = type(error).__name__ + (f": {message}" if message else "")
        return cls(
            path=document.source or document.id,
            reason=reason,
            stage=stage,
            doc_id=document.id,
            traceback="".join(format_exception(type(error), error, error.__traceback__)),
        )

    def __str__(self) -> str:
        if self.stage == "read":
            return f"{self.path}: {self.reason}"
        where = self.path
        if self.doc_id is not None and Path(self.path).name != self.doc_id:
            where += f" (id {self.doc_id})"
        return f"{where}: {self.stage} failed: {self.reason}"


SkipHandler = Callable[[Skipped], None]


def header_date(text: str) -> str | None:
    """Return the ISO date of a leading ``date YYYY-MM-DD`` line, or None.

    Examples
    --------
    >>> header_date(" date 2017-12-27 After the implementation of ...")
    '2017-12-27'
    >>> header_date("The date 2017-12-27 is not a header") is None
    True
    """
    m = _DATE_HEADER.match(text)
    return m.group(1) if m else None


def read_documents(
    paths: Iterable[str | os.PathLike[str]], on_skip: SkipHandler | None = None
) -> Iterator[Document]:
    """Yield the articles in ``paths`` one at a time, in a stable order.

    Parameters
    ----------
    paths : iterable of paths
        Files (``.txt``: one article, its id the file name; ``.jsonl``: one article a
        line with ``id`` and ``text`` and optional ``date``, ``title``, ``url``,
        ``publisher``) or folders, read recursively in sorted order; hidden files and
        folders (names starting with ``.``) are passed over.
    on_skip : callable, optional
        Called with a :class:`Skipped` record for each file or line that cannot be read
        (missing path, not UTF-8, binary, empty, malformed JSON, missing field). Without
        it, such input is passed over silently.

    Returns
    -------
    iterator of Document
        Lazily: a large corpus is never held in memory.

    Examples
    --------
    >>> import tempfile, pathlib
    >>> d = pathlib.Path(tempfile.mkdtemp())
    >>> _ = (d / "a.txt").write_text("date 2020-01-02 Mattis said so.")
    >>> [(doc.id, doc.date) for doc in read_documents([d])]
    [('a.txt', '2020-01-02')]
    """
    report = on_skip or (lambda skipped: None)
    for path in paths:
        path = Path(path)
        if not path.exists():
            report(Skipped(str(path), "no such file or folder: check the path"))
            continue
        for file in _files(path):
            if file.suffix == ".jsonl":
                yield from _read_jsonl(file, report)
            else:
                document = _read_txt(file, report)
                if document is not None:
                    yield document


def _files(path: Path) -> Iterator[Path]:
    if path.is_file():
        yield path
        return
    for child in sorted(path.iterdir()):
        if child.name.startswith("."):
            continue
        if child.is_dir():
            yield from _files(child)
        elif child.suffix in SUFFIXES:
            yield child


def _decode(file: Path, report: SkipHandler) -> str | None:
    try:
        data = file.read_bytes()
    except OSError as e:
        report(Skipped(str(file), f"cannot be read ({e.strerror}): check its permissions"))
        return None
    if b"\x00" in data:
        report(Skipped(str(file), "is a binary file, not text: give .txt or .jsonl articles"))
        return None
    try:
        # Decoding bytes keeps "\r\n" as is, like open(newline="").
        text = data.decode("utf-8")
    except UnicodeDecodeError as e:
        report(
            Skipped(
                str(file),
                f"is not UTF-8 (bad byte at position {e.start}): re-save it as UTF-8",
            )
        )
        return None
    return text


def _read_txt(file: Path, report: SkipHandler) -> Document | None:
    text = _decode(file, report)
    if text is None:
        return None
    if not text.strip():
        report(Skipped(str(file), "is empty: it holds no article text"))
        return None
    return Document(id=file.name, text=text, date=header_date(text), source=str(file))


def _read_jsonl(file: Path, report: SkipHandler) -> Iterator[Document]:
    # Line by line, so that a large file is never held in memory whole.
    try:
        lines = open(file, "rb")  # closed by the `with` below, also if reading stops early
    except OSError as e:
        report(Skipped(str(file), f"cannot be read ({e.strerror}): check its permissions"))
        return
    with lines:
        blank = True
        for number, raw in enumerate(lines, 1):
            where = f"{file}:{number}"
            if b"\x00" in raw:
                report(Skipped(where, "is binary, not text: give .txt or .jsonl articles"))
                return
            try:
                line = raw.decode("utf-8")
            except UnicodeDecodeError as e:
                report(
                    Skipped(
                        where,
                        f"is not UTF-8 (bad byte at position {e.start}): re-save it as UTF-8",
                    )
                )
                continue
            if number == 1:
                line = line.removeprefix("\ufeff")  # no part of the first JSON object
            if line.strip():
                blank = False
                document = _jsonl_record(line, where, report)
                if document is not None:
                    yield document
        if blank:
            report(Skipped(str(file), "is empty: it holds no articles"))


def _jsonl_record(line: str, where: str, report: SkipHandler) -> Document | None:
    """The article of one JSON line, or nothing (and a :class:`Skipped` record)."""
    try:
        record = json.loads(line)
    except json.JSONDecodeError as e:
        report(Skipped(where, f"is not valid JSON ({e.msg}): fix or remove the line"))
        return None
    if not isinstance(record, dict):
        report(Skipped(where, "is not a JSON object: give one article object a line"))
        return None
    missing = [k for k in ("id", "text") if not isinstance(record.get(k), str)]
    if missing:
        report(
            Skipped(
                where,
                f"has no string {' or '.join(repr(k) for k in missing)}: "
                'each line needs an "id" and a "text"',
            )
        )
        return None
    if not record["text"].strip():
        report(Skipped(where, 'has an empty "text": it holds no article'))
        return None
    fields = {k: str(record[k]) for k in _OPTIONAL_FIELDS if record.get(k) is not None}
    if "date" in fields and not _ISO_DATE.fullmatch(fields["date"]):
        report(Skipped(where, f'has "date" {fields["date"]!r}: write it as YYYY-MM-DD'))
        return None
    fields.setdefault("date", header_date(record["text"]))
    return Document(id=record["id"], text=record["text"], source=where, **fields)
