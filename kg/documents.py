"""Reading news articles from ``.txt``, ``.jsonl`` and ``.html`` files into
:class:`~kg.model.Document`.

This is the first stage of the one-way flow::

    documents -> nlp -> model -> resolve -> rdf -> query / export

Text is kept exactly as read (UTF-8, newlines untouched, ``\\r\\n`` included), because every
offset downstream is an offset into it; an HTML page's text is its main text as
:mod:`kg.html` writes it out. Input that cannot be read never stops a build: it is reported
as a :class:`Skipped` record to the ``on_skip`` callback and reading goes on. Files in a
folder that are no article by their name (``notes.pdf``) are passed over, and told to
``on_pass_over``.
"""

from __future__ import annotations

import codecs
import datetime as dt
import errno
import io
import json
import os
import re
import stat
from collections import Counter
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path
from traceback import format_exception

from kg.html import NoArticle, read_page
from kg.model import Document

#: File name endings of HTML pages, one article each (any case: ``.HTML`` too).
HTML_SUFFIXES = (".html", ".htm")

#: File name endings that hold articles (any case); other files in a folder are passed
#: over (see :class:`PassedOver`).
SUFFIXES = (".txt", ".jsonl", *HTML_SUFFIXES)

#: A ``date YYYY-MM-DD`` header at the very start of a text (after an optional byte-order
#: mark and white space); the article may follow on the same line.
_DATE_HEADER = re.compile(r"\A\ufeff?\s*date[ \t]+(\d{4}-\d{2}-\d{2})\b", re.IGNORECASE)

_ISO_DATE = re.compile(r"\d{4}-\d{2}-\d{2}")

#: What a date the readers accept looks like, for messages about one they refuse.
DATE_FORM = "YYYY-MM-DD, a real calendar day (e.g. 2017-02-28)"

#: Lone UTF-16 surrogates: JSON can escape them ("\\ud800") but UTF-8 cannot encode them.
#: A surrogate still in a string after ``json.loads`` has no partner (pairs are joined).
_LONE_SURROGATE = re.compile("[\ud800-\udfff]")

#: Bytes looked at to tell UTF-16 without a byte-order mark from binary data.
_SNIFF_BYTES = 4096

#: UTF-16 without a byte-order mark is recognised by its NULs: in text that is mostly
#: Latin script every other byte is NUL (the high byte of each code unit), and the bytes
#: between are not. Binary data has NULs at random; both thresholds must hold.
_UTF16_NUL_SHARE = 0.3
_UTF16_OTHER_NUL_SHARE = 0.02

_OPTIONAL_FIELDS = ("date", "title", "url", "publisher", "author")

#: The most bytes one article may take as read (a ``.txt`` or ``.html`` file, a JSON line)
#: unless the user raises it (``kg build --max-article-size``): news articles are a few
#: kilobytes and pages with their markup rarely past two megabytes, while extraction
#: takes about a minute and a half per megabyte of text, so an input far past this is a
#: log, a dump or a file that never ends, and reading it whole could fill the memory.
MAX_ARTICLE_BYTES = 5_000_000

#: Bytes read at a time while passing over the rest of a JSON line past the limit.
_CHUNK_BYTES = 1 << 20


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

#: Told of each file in a folder that is passed over (see :class:`PassedOver`).
PassHandler = Callable[[Path], None]


class PassedOver:
    """The files in the folders read that hold no article by their name's ending
    (``notes.pdf``, ``README``), counted by ending, with the first few of each kept to name.

    They are no error: a folder of articles may hold other files. Hidden files and folders
    (``.DS_Store``, ``.git/``) are not counted: they are the system's or a tool's, and
    ``.git`` alone would drown the count. A file given by name is read whatever its ending.

    Examples
    --------
    >>> passed = PassedOver()
    >>> for name in ["a/notes.pdf", "a/README"]:
    ...     passed.add(Path(name))
    >>> passed.total
    2
    >>> passed.lines()  # doctest: +NORMALIZE_WHITESPACE
    ['passed over 2 files that are not articles (give .txt, .jsonl, .html or .htm):
      a/notes.pdf, a/README']
    """

    #: Names listed in full when there are at most this many; past it, counts by ending.
    LIST_ALL = 5

    #: Names given for each ending when counting by ending.
    EXAMPLES = 3

    #: Endings shown when counting by ending, the most frequent first; the rest in one line.
    ENDINGS = 10

    #: Endings counted one by one; files with endings first seen after these are counted
    #: together, so that what is kept stays small whatever the folder holds (rotated logs
    #: end in .1, .2, ... one ending a file).
    KEPT_ENDINGS = 100

    #: Where files of endings past :data:`KEPT_ENDINGS` are counted.
    OTHER = "(other endings)"

    def __init__(self) -> None:
        self.counts: Counter[str] = Counter()
        self.examples: dict[str, list[str]] = {}

    def add(self, path: Path) -> None:
        """Count ``path``, keeping its name if it is among the first of its ending."""
        ending = path.suffix.lower() or "(no ending)"
        if ending not in self.counts and len(self.counts) >= self.KEPT_ENDINGS:
            ending = self.OTHER
        self.counts[ending] += 1
        names = self.examples.setdefault(ending, [])
        if len(names) < max(self.EXAMPLES, self.LIST_ALL):
            names.append(str(path))

    @property
    def total(self) -> int:
        """How many files were passed over."""
        return sum(self.counts.values())

    def lines(self) -> list[str]:
        """What to tell a user: none when no file was passed over; one line naming them all
        when there are a few; else a line of counts and one line per ending (the most
        frequent first) with its count and the first few names."""
        total = self.total
        if not total:
            return []
        formats = ", ".join(SUFFIXES[:-1]) + " or " + SUFFIXES[-1]
        what = (
            "1 file that is not an article"
            if total == 1
            else f"{total:,} files that are not articles"
        )
        head = f"passed over {what} (give {formats})"
        if total <= self.LIST_ALL:
            names = [name for names in self.examples.values() for name in names]
            return [f"{head}: {', '.join(names)}"]
        lines = [f"{head}, by ending:"]
        ranked = self.counts.most_common()
        for ending, count in ranked[: self.ENDINGS]:
            names = self.examples[ending][: self.EXAMPLES]
            more = ", ..." if count > len(names) else ""
            lines.append(f"  {count:,} {ending}: {', '.join(names)}{more}")
        rest = ranked[self.ENDINGS :]
        if rest:
            lines.append(
                f"  {sum(c for _, c in rest):,} of {len(rest)} other endings: "
                + ", ".join(ending for ending, _ in rest[: self.EXAMPLES])
                + (", ..." if len(rest) > self.EXAMPLES else "")
            )
        return lines


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
    paths: Iterable[str | os.PathLike[str]],
    on_skip: SkipHandler | None = None,
    on_pass_over: PassHandler | None = None,
    max_bytes: int | None = MAX_ARTICLE_BYTES,
) -> Iterator[Document]:
    """Yield the articles in ``paths`` one at a time, in a stable order.

    Parameters
    ----------
    paths : iterable of paths
        Files (``.txt``: one article, its id the file name; ``.html`` or ``.htm``: one
        news page, its id the file name, read by :func:`kg.html.read_page` into its main
        text with its title, date, author, URL and site name; ``.jsonl``: one article a
        line with ``id`` and ``text`` (or ``html``, a page read as above, whose metadata
        the line's own fields override) and optional ``date``, ``title``, ``url``,
        ``publisher``, ``author``) or folders, read recursively in sorted order; hidden
        files and folders (names starting with ``.``) are passed over silently.
    on_skip : callable, optional
        Called with a :class:`Skipped` record for each file, folder or line that cannot
        be read (missing path, broken link, folder that cannot be listed, named pipe or
        device, not UTF-8 or UTF-16, binary, empty, malformed JSON, a NUL byte in a JSON
        line, missing field, a date that is not a calendar day, a page with no article
        text). Without it, such input is passed over silently. Links are followed, each
        real folder read once.
    on_pass_over : callable, optional
        Called with the path of each file in a folder whose name does not end in one of
        :data:`SUFFIXES` (collect them with :meth:`PassedOver.add`).
    max_bytes : int or None
        The most bytes one article may take as read (a file, or a line of a JSON-lines
        file); a larger one is skipped, its size told, before its bytes are read
        whole. None for no limit. Default :data:`MAX_ARTICLE_BYTES`.

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
    walked: set[tuple[int, int]] = set()  # real folders read so far, by (device, inode)
    for path in paths:
        path = Path(path)
        try:
            found = path.exists()
        except OSError as e:  # a folder on the way that may not be looked into
            report(Skipped(str(path), _unreadable(path, e)))
            continue
        if not found:
            report(Skipped(str(path), _missing(path)))
            continue
        for file in _files(path, walked, report, on_pass_over or (lambda path: None)):
            suffix = file.suffix.lower()
            if suffix == ".jsonl":
                yield from _read_jsonl(file, report, max_bytes)
                continue
            if suffix in HTML_SUFFIXES:
                document = _read_html(file, report, max_bytes)
            else:
                document = _read_txt(file, report, max_bytes)
            if document is not None:
                yield document


def is_calendar_date(value: str) -> bool:
    """Whether ``value`` is a date the readers accept: ``YYYY-MM-DD``, a real day.

    The store types it ``xsd:date``; a value that is not a real day (``2017-02-30``)
    would make every later read of the store fail.

    Examples
    --------
    >>> is_calendar_date("2020-02-29"), is_calendar_date("2019-02-29")
    (True, False)
    """
    if not _ISO_DATE.fullmatch(value):
        return False
    try:
        dt.date.fromisoformat(value)
    except ValueError:
        return False
    return True


def _missing(path: Path) -> str:
    """Why ``path``, which does not exist or cannot be reached, cannot be read."""
    if path.is_symlink():
        try:
            target = os.readlink(path)
        except OSError:
            target = "?"
        try:
            path.stat()
        except OSError as e:
            if e.errno == errno.ELOOP:
                return f"is a broken link: it points to {target}, a loop of links; fix or remove it"
        return f"is a broken link: it points to {target}, which does not exist; fix or remove it"
    return "no such file or folder: check the path"


def _unreadable(path: Path, error: OSError) -> str:
    """One line on why ``path`` could not be opened or listed, and what to do."""
    if error.errno in (errno.ENOENT, errno.ELOOP):
        return _missing(path)
    if error.errno in (errno.EACCES, errno.EPERM):
        return f"cannot be read ({error.strerror}): check its permissions"
    return f"cannot be read ({error.strerror or error})"


def _files(
    top: Path, walked: set[tuple[int, int]], report: SkipHandler, pass_over: PassHandler
) -> Iterator[Path]:
    """The article files under ``top``, sorted, depth first; each real folder is read once
    however many links lead to it, so that links back up the tree (loops) end the walk
    there. A stack, not recursion: folders may nest deeper than Python recurses."""
    listing = _listing(top, walked, report)
    if listing is None:
        if _special_path(top):
            report(Skipped(str(top), _NOT_REGULAR))
        else:
            yield top
        return
    stack = [iter(listing)]
    while stack:
        entry = next(stack[-1], None)
        if entry is None:
            stack.pop()
            continue
        child = Path(entry.path)
        try:
            is_dir = entry.is_dir()  # the type the listing gave; a link's target's
        except OSError:
            is_dir = False
        if is_dir:
            stack.append(iter(_listing(child, walked, report) or ()))
        elif child.suffix.lower() in SUFFIXES:
            if _special(entry):
                report(Skipped(str(child), _NOT_REGULAR))
                continue
            yield child
        else:
            pass_over(child)


def _listing(
    path: Path, walked: set[tuple[int, int]], report: SkipHandler
) -> list[os.DirEntry] | None:
    """The entries of folder ``path`` by name, hidden ones left out; None when ``path`` is
    not a folder; none when it was walked already or cannot be listed (reported)."""
    try:
        status = path.stat()
        if not stat.S_ISDIR(status.st_mode):
            return None
        if (status.st_dev, status.st_ino) in walked:
            return []
        walked.add((status.st_dev, status.st_ino))
        with os.scandir(path) as entries:
            return sorted((e for e in entries if not e.name.startswith(".")), key=lambda e: e.name)
    except OSError as e:
        reason = _unreadable(path, e).replace("cannot be read", "cannot be listed")
        report(Skipped(str(path), reason))
        return []


#: Why a named pipe, socket or device is not read.
_NOT_REGULAR = (
    "is not a regular file (a named pipe, socket or device): give .txt, .jsonl or .html files"
)


def _special_path(path: Path) -> bool:
    """:func:`_special` for a path given by name (``kg build p.txt``, ``/dev/zero``)."""
    try:
        return not stat.S_ISREG(path.stat().st_mode)
    except OSError:
        return False


def _special(entry: os.DirEntry) -> bool:
    """Whether a folder entry is a named pipe, socket or device: opening a named pipe to
    read waits for a writer, and a device may never end. (A broken link is not: reading
    it reports it as one.)"""
    try:
        return not stat.S_ISREG(entry.stat().st_mode)
    except OSError:
        return False


def _utf16(head: bytes) -> str | None:
    """The codec of UTF-16 text starting with ``head`` (its byte-order mark kept as
    U+FEFF, like UTF-8's), or None for anything else."""
    if head.startswith((codecs.BOM_UTF32_LE, codecs.BOM_UTF32_BE)):
        return None
    if head.startswith(codecs.BOM_UTF16_LE):
        return "utf-16-le"
    if head.startswith(codecs.BOM_UTF16_BE):
        return "utf-16-be"
    sample = head[: min(len(head), _SNIFF_BYTES) // 2 * 2]
    if not sample:
        return None
    even, odd = sample[0::2], sample[1::2]
    share_even, share_odd = even.count(0) / len(even), odd.count(0) / len(odd)
    if share_odd >= _UTF16_NUL_SHARE and share_even <= _UTF16_OTHER_NUL_SHARE:
        return "utf-16-le"
    if share_even >= _UTF16_NUL_SHARE and share_odd <= _UTF16_OTHER_NUL_SHARE:
        return "utf-16-be"
    return None


def _size(count: int) -> str:
    """A byte count as people read it: 5 MB, 3.2 GB, 812 bytes.

    >>> _size(5_000_000), _size(3_221_225_472), _size(812)
    ('5 MB', '3.2 GB', '812 bytes')
    """
    for unit, scale in (("GB", 10**9), ("MB", 10**6), ("kB", 10**3)):
        if count >= scale:
            return f"{count / scale:.1f}".removesuffix(".0") + f" {unit}"
    return f"{count} bytes"


def _too_large(limit: int, size: int | None = None) -> str:
    """Why an article of ``size`` bytes (unknown: read up to ``limit`` and past it) is not
    read, and how to read it all the same."""
    what = "is longer than" if size is None else f"is {_size(size)}, past"
    return (
        f"{what} the limit of {_size(limit)} for one article: if it is one article, raise "
        "the limit (kg build --max-article-size), or split it"
    )


def _read_bounded(file: Path, report: SkipHandler, limit: int | None) -> bytes | None:
    """The bytes of ``file``, or None (reported) when it cannot be read or is past
    ``limit``: its size is asked first, and no more than ``limit`` bytes are ever read
    (a file that grows while it is read, or reports no size, is bounded too)."""
    try:
        with open(file, "rb") as binary:
            if limit is None:
                return binary.read()
            size = os.fstat(binary.fileno()).st_size
            if size > limit:
                report(Skipped(str(file), _too_large(limit, size)))
                return None
            data = binary.read(limit + 1)
    except OSError as e:
        report(Skipped(str(file), _unreadable(file, e)))
        return None
    if len(data) > limit:
        report(Skipped(str(file), _too_large(limit)))
        return None
    return data


def _decode(file: Path, report: SkipHandler, limit: int | None) -> str | None:
    data = _read_bounded(file, report, limit)
    if data is None:
        return None
    encoding = _utf16(data) if len(data) % 2 == 0 else None
    if encoding is not None:
        try:
            return data.decode(encoding)
        except UnicodeDecodeError as e:
            report(
                Skipped(
                    str(file),
                    f"looks like UTF-16 but is not (bad bytes at position "
                    f"{e.start}): re-save it as UTF-8",
                )
            )
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


def _bad_header_date(text: str) -> str | None:
    """The reason to refuse an article whose ``date`` header is not a real day, or None."""
    date = header_date(text)
    if date is None or is_calendar_date(date):
        return None
    return f"has the header 'date {date}', which is not a calendar day: write it as {DATE_FORM}"


def _read_txt(file: Path, report: SkipHandler, limit: int | None) -> Document | None:
    text = _decode(file, report, limit)
    if text is None:
        return None
    if not text.strip():
        report(Skipped(str(file), "is empty: it holds no article text"))
        return None
    if reason := _bad_header_date(text):
        report(Skipped(str(file), reason))
        return None
    return Document(id=file.name, text=text, date=header_date(text), source=str(file))


def _read_html(file: Path, report: SkipHandler, limit: int | None) -> Document | None:
    """The article of one HTML page: its main text and metadata (:mod:`kg.html`)."""
    data = _read_bounded(file, report, limit)
    if data is None:
        return None
    try:
        page = read_page(data)
    except NoArticle as e:
        report(Skipped(str(file), str(e)))
        return None
    return Document(
        id=file.name,
        text=page.text,
        date=page.date,
        title=page.title,
        url=page.url,
        publisher=page.publisher,
        author=page.author,
        source=str(file),
    )


def _read_jsonl(file: Path, report: SkipHandler, limit: int | None) -> Iterator[Document]:
    # Line by line, so that a large file is never held in memory whole.
    try:
        binary = open(file, "rb")  # closed by the `with` below, also if reading stops early
    except OSError as e:
        report(Skipped(str(file), _unreadable(file, e)))
        return
    with binary:
        encoding = _utf16(binary.peek(_SNIFF_BYTES)[:_SNIFF_BYTES])
        if encoding is None:
            lines = _utf8_lines(binary, file, report, limit)
        else:
            lines = _utf16_lines(binary, encoding, file, report, limit)
        blank = True
        for number, line in lines:
            if line is None:  # reported already
                blank = False
                continue
            if number == 1:
                line = line.removeprefix("\ufeff")  # no part of the first JSON object
            if line.strip():
                blank = False
                document = _jsonl_record(line, f"{file}:{number}", report)
                if document is not None:
                    yield document
        if blank:
            report(Skipped(str(file), "is empty: it holds no articles"))


def _bounded_lines(stream, limit: int | None) -> Iterator[tuple[int, bytes | str | None]]:
    """(line number, line) of each line of ``stream`` (bytes or text), None for a line
    past ``limit`` (in bytes, or characters of a text stream), whose rest is read in
    chunks and dropped, so that a line with no end never sits in memory whole."""
    if limit is None:
        yield from enumerate(stream, 1)
        return
    number = 0
    while line := stream.readline(limit + 1):
        number += 1
        if len(line) <= limit:
            yield number, line
            continue
        while line and line[-1:] not in ("\n", b"\n"):
            line = stream.readline(_CHUNK_BYTES)
        yield number, None


def _utf8_lines(
    binary: io.BufferedReader, file: Path, report: SkipHandler, limit: int | None
) -> Iterator[tuple[int, str | None]]:
    """(line number, text) of each line; None for a line that was reported instead.

    A line with a NUL byte is no JSON (which escapes control characters), so only that
    line is left out; when the first line has one and opens no JSON object, the file is
    taken for binary data and read no further. A line past ``limit`` bytes is left out.
    """
    for number, raw in _bounded_lines(binary, limit):
        where = f"{file}:{number}"
        if raw is None:
            report(Skipped(where, _too_large(limit)))
            yield number, None
            continue
        if b"\x00" in raw:
            if number == 1 and not raw.lstrip(b"\xef\xbb\xbf \t\r\n").startswith(b"{"):
                report(
                    Skipped(str(file), "is a binary file, not text: give .txt or .jsonl articles")
                )
                yield number, None
                return
            report(
                Skipped(where, "holds a NUL byte, which JSON text cannot: fix or remove the line")
            )
            yield number, None
            continue
        try:
            yield number, raw.decode("utf-8")
        except UnicodeDecodeError as e:
            report(
                Skipped(
                    where,
                    f"is not UTF-8 (bad byte at position {e.start}): re-save it as UTF-8",
                )
            )
            yield number, None


def _utf16_lines(
    binary: io.BufferedReader,
    encoding: str,
    file: Path,
    report: SkipHandler,
    limit: int | None,
) -> Iterator[tuple[int, str | None]]:
    """Like :func:`_utf8_lines` for a UTF-16 file, decoded as it streams; after bytes
    that are not UTF-16 the lines cannot be told apart, so reading stops there."""
    # newline="": line ends are kept as written; JSON strings hold no raw line breaks.
    stream = io.TextIOWrapper(binary, encoding=encoding, newline="")
    # two bytes a character (most of UTF-16 text): the limit is of bytes read
    chars = None if limit is None else limit // 2
    number = 0
    try:
        for number, line in _bounded_lines(stream, chars):
            if line is None:
                report(Skipped(f"{file}:{number}", _too_large(limit)))
            yield number, line
    except UnicodeDecodeError:
        report(
            Skipped(
                f"{file}:{number + 1}",
                "is not valid UTF-16 (the file reads as UTF-16 up to here): re-save it as UTF-8",
            )
        )
        yield number + 1, None
    finally:
        stream.detach()  # the caller closes the file


def _text_field(value: object) -> str:
    """A JSON field as text: a lone surrogate, which UTF-8 cannot encode, becomes U+FFFD
    (as a browser's TextEncoder does), one character for one so offsets stay put."""
    return _LONE_SURROGATE.sub("\ufffd", str(value))


def _jsonl_record(line: str, where: str, report: SkipHandler) -> Document | None:
    """The article of one JSON line, or nothing (and a :class:`Skipped` record)."""
    try:
        record = json.loads(line)
    except json.JSONDecodeError as e:
        report(Skipped(where, f"is not valid JSON ({e.msg}): fix or remove the line"))
        return None
    except RecursionError:  # Python's parser recurses once per level of [ or {
        report(
            Skipped(
                where, "holds JSON nested too deep to read: give one flat article object a line"
            )
        )
        return None
    if not isinstance(record, dict):
        report(Skipped(where, "is not a JSON object: give one article object a line"))
        return None
    html = not isinstance(record.get("text"), str) and isinstance(record.get("html"), str)
    missing = [k for k in ("id", "html" if html else "text") if not isinstance(record.get(k), str)]
    if missing:
        report(
            Skipped(
                where,
                f"has no string {' or '.join(repr(k) for k in missing)}: "
                'each line needs an "id" and a "text" (or an "html" page)',
            )
        )
        return None
    fields = {k: _text_field(record[k]) for k in _OPTIONAL_FIELDS if record.get(k) is not None}
    if html:
        try:
            page = read_page(_text_field(record["html"]))
        except NoArticle as e:
            report(Skipped(where, f'has an "html" page that {e}'))
            return None
        text = page.text
        # the line's own fields say what the page's metadata would
        page_fields = {k: getattr(page, k) for k in _OPTIONAL_FIELDS}
        fields = {k: v for k, v in page_fields.items() if v is not None} | fields
    else:
        text = _text_field(record["text"])
    if not text.strip():
        report(Skipped(where, 'has an empty "text": it holds no article'))
        return None
    if "date" in fields and not is_calendar_date(fields["date"]):
        report(
            Skipped(
                where,
                f'has "date" {fields["date"]!r}, which is not a calendar day: '
                f"write it as {DATE_FORM}",
            )
        )
        return None
    if "date" not in fields:
        if reason := _bad_header_date(text):
            report(Skipped(where, reason))
            return None
        fields["date"] = header_date(text)
    return Document(id=_text_field(record["id"]), text=text, source=where, **fields)
