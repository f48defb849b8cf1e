"""Reading a news page's HTML into an article: its main text and its metadata.

Part of the first stage (``kg.documents``) of the one-way flow::

    documents -> nlp -> model -> resolve -> rdf -> query / export

trafilatura (Barbaresi 2021) finds the main text, leaving out navigation, headers and
footers, scripts, styles, share buttons, related links and other boilerplate, and reads
the page's metadata (``<meta>`` and Open Graph tags, JSON-LD, bylines): title, date,
author, canonical URL and site name. The text kept is what every offset downstream points
into, so it is written out here once, plainly: one paragraph of the page (a paragraph,
heading, list item or quotation) a line, with a blank line between paragraphs, white
space inside a line collapsed to single spaces and a ``<br>`` kept as a line break.

trafilatura is imported on the first page read, not with this module: commands that read
no HTML (``kg query``) do not pay for it.

References
----------
Barbaresi, A. (2021). Trafilatura: A Web Scraping Library and Command-Line Tool for Text
Discovery and Extraction. Proceedings of ACL/IJCNLP 2021: System Demonstrations, 122-131.

WHATWG HTML Living Standard, 13.2.3 "The input byte stream" (how a browser finds a page's
character encoding), and the WHATWG Encoding Standard (which labels mean which encoding).
"""

from __future__ import annotations

import codecs
import datetime as dt
import logging
import re
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

#: What trafilatura is asked for. ``favor_precision``: a page with no article on it
#: (a menu, a JavaScript application's empty shell, a cookie wall) gives no text rather
#: than its menu items; comments, tables, images and links are not the article's prose.
#: (A page laid out in a table, as older sites are, then gives nothing either: see
#: :data:`_RETRY`.)
_EXTRACTION = dict(
    with_metadata=True,
    favor_precision=True,
    include_comments=False,
    include_tables=False,
    include_images=False,
    include_links=False,
    include_formatting=False,
    # The date from the page's markup (meta tags, JSON-LD, <time>, the URL), the first
    # publication rather than the last change; no guessing from dates in the prose.
    date_extraction_params={"extensive_search": False, "original_date": True},
)

#: Asked for when :data:`_EXTRACTION` finds nothing: with tables, for a page whose layout
#: is a table (its article in a cell); still favouring precision, so that a page of menus
#: gives nothing again.
_RETRY = _EXTRACTION | {"include_tables": True}

#: Elements of trafilatura's output tree that start a paragraph of their own (its XML
#: format: ``head`` is a heading, ``item`` a list item, ``quote`` a block quotation).
_BLOCKS = frozenset({"p", "head", "list", "item", "quote", "code", "table", "row", "cell"})

#: Bytes at the start of a page searched for a ``<meta charset>`` declaration: the HTML
#: standard's prescan looks at 1024; pages with long heads put it later, so more here.
_PRESCAN_BYTES = 4096

_META_CHARSET = re.compile(rb"""<meta[^>]*?charset\s*=\s*["']?\s*([A-Za-z0-9_.:+-]+)""", re.I)

#: Byte-order marks, which decide the encoding before anything a page declares.
_BOMS = (
    (codecs.BOM_UTF8, "utf-8-sig"),
    (codecs.BOM_UTF16_LE, "utf-16"),
    (codecs.BOM_UTF16_BE, "utf-16"),
)

#: Labels that browsers read as another encoding (WHATWG Encoding Standard): pages
#: labelled Latin-1 or ASCII are windows-1252 in practice (curly quotes at 0x93/0x94), and
#: a UTF-16 label without a byte-order mark cannot be true of bytes that were prescanned
#: as ASCII, so it means UTF-8.
_LABELS = {
    "iso-8859-1": "cp1252",
    "iso8859-1": "cp1252",
    "latin1": "cp1252",
    "latin-1": "cp1252",
    "l1": "cp1252",
    "us-ascii": "cp1252",
    "ascii": "cp1252",
    "utf-16": "utf-8",
    "utf-16le": "utf-8",
    "utf-16be": "utf-8",
}

#: When nothing else tells (no mark, no declaration, not UTF-8, no confident guess): the
#: HTML standard's default for pages in English and most of Western Europe.
_LAST_RESORT = "cp1252"

#: What trafilatura and the libraries it uses log while reading a page (a page they find
#: dubious, a date they cannot parse) is no message for a kg user: a page with no article
#: is reported by kg itself, with the file's name.
_QUIET_LOGGERS = ("trafilatura", "htmldate", "courlan", "justext", "charset_normalizer")


@dataclass(frozen=True)
class Page:
    """A news page as read: its main ``text`` and what its metadata says.

    ``date`` is an ISO date (``YYYY-MM-DD``) or None; ``author`` is the byline's names as
    the page gives them (several joined by ``"; "``); ``publisher`` the site's name.
    """

    text: str
    title: str | None = None
    date: str | None = None
    author: str | None = None
    url: str | None = None
    publisher: str | None = None


class NoArticle(ValueError):
    """A page holds no article text that can be found; the message says what to do."""


def decode(data: bytes) -> str:
    """The text of a page's bytes, in the encoding a browser would read it in.

    A byte-order mark decides; then a ``<meta charset>`` (or ``http-equiv``) declaration
    near the start, if the bytes decode in it; then UTF-8, if they are UTF-8; then
    charset_normalizer's guess; then windows-1252.

    Examples
    --------
    >>> decode('<meta charset="windows-1252"><p>\u201cYes,\u201d she said'.encode("cp1252"))
    '<meta charset="windows-1252"><p>\u201cYes,\u201d she said'
    >>> decode(b"\\xef\\xbb\\xbf<p>caf\\xc3\\xa9")
    '<p>café'
    """
    for bom, codec in _BOMS:
        if data.startswith(bom):
            return data.decode(codec, errors="replace")
    tried = []
    declared = _META_CHARSET.search(data[:_PRESCAN_BYTES])
    if declared is not None:
        label = declared.group(1).decode("ascii").lower()
        tried.append(_LABELS.get(label, label))
    tried.append("utf-8")
    for codec in tried:
        try:
            return data.decode(codec)
        except (LookupError, UnicodeDecodeError):
            continue
    from charset_normalizer import from_bytes

    guess = from_bytes(data).best()
    return data.decode(guess.encoding if guess is not None else _LAST_RESORT, errors="replace")


def read_page(html: str | bytes) -> Page:
    """The main text and metadata of one news page.

    Parameters
    ----------
    html : str or bytes
        The page; bytes are decoded as :func:`decode` does.

    Returns
    -------
    Page
        Its text: one paragraph a line, a blank line between paragraphs; title, date,
        author, URL and publisher from its metadata, each None when the page gives none.

    Raises
    ------
    NoArticle
        If the page holds no main text (empty, only menus and links, or a JavaScript
        application whose text the browser would fetch later).

    Examples
    --------
    >>> page = read_page(
    ...     '<html><head><meta property="og:title" content="Dam holds">'
    ...     '<meta name="author" content="Ann Lee"></head><body><nav><a href="/">Home</a></nav>'
    ...     '<article><p>"The dam will hold through the night," said the engineer Tom Ruiz, '
    ...     "who has inspected it every hour since the rain began on Monday morning.</p>"
    ...     "<p>Residents living below the dam were told to stay ready to leave their homes "
    ...     "at short notice, and the school in the valley closed for the rest of the week."
    ...     "</p></article><footer>(c) 2024 The Valley News</footer></body></html>"
    ... )
    >>> page.title, page.author
    ('Dam holds', 'Ann Lee')
    >>> print(page.text[:70])
    "The dam will hold through the night," said the engineer Tom Ruiz, who
    >>> page.text.count("\\n\\n")  # two paragraphs
    1
    """
    if isinstance(html, bytes):
        html = decode(html)
    if not html.strip():
        raise NoArticle("is empty: it holds no page")
    try:
        result = _extract(html)
    except Exception as e:  # a parser's failure on one page: that page is skipped, not the build
        raise NoArticle(
            f"could not be read as HTML ({type(e).__name__}: {' '.join(str(e).split())[:200]}): "
            "check that it is a web page"
        ) from e
    text = "" if result is None or result.body is None else "\n\n".join(_paragraphs(result.body))
    if not text:
        if limit := _past_parser_limits(html):
            raise NoArticle(
                f"holds {limit}, past what the HTML parser reads, so its text was not "
                "reached: save the page without it"
            )
        raise NoArticle(
            "holds no article text that could be found (only menus, links or scripts?): "
            "give the article's own page, saved after it has loaded"
        )
    return Page(
        text=text,
        title=_value(result.title),
        date=_date(result.date),
        author=_value(result.author),
        url=_value(result.url),
        publisher=_value(result.sitename),
    )


def _extract(html: str) -> Any:
    """trafilatura's ``bare_extraction`` of the page: its document, or None."""
    from trafilatura import bare_extraction

    for name in _QUIET_LOGGERS:
        logger = logging.getLogger(name)
        if not any(isinstance(h, logging.NullHandler) for h in logger.handlers):
            logger.addHandler(logging.NullHandler())  # no "last resort" printing to stderr
    result = bare_extraction(html, **_EXTRACTION)
    if result is None or not (result.text or "").strip():
        result = bare_extraction(html, **_RETRY)
    return result


def _past_parser_limits(html: str) -> str | None:
    """What libxml2's HTML parser stopped at in ``html``, if it stopped at one of its
    resource limits (elements nested 256 deep, an attribute or text node of about 10 MB),
    or None: the parser then drops the rest of the page without an error of its own."""
    from lxml import etree

    parser = etree.HTMLParser()
    etree.fromstring(html, parser)
    for error in parser.error_log:
        if error.type_name == "ERR_RESOURCE_LIMIT":
            if "depth" in error.message:
                return "elements nested over 255 deep"
            return "an attribute or a run of text of about 10 MB or more"
    return None


def _paragraphs(element: Any) -> Iterator[str]:
    """The paragraphs under an element of trafilatura's output tree, in document order:
    the text of each block element (:data:`_BLOCKS`), split where a block starts inside
    another (a list inside a list item, paragraphs inside a quotation)."""
    run = [element.text or ""]
    for child in element:
        if child.tag in _BLOCKS:
            yield from _flush(run)
            run = []
            yield from _paragraphs(child)
        elif child.tag == "lb":
            run.append("\n")
        else:
            run.append(_inline(child))
        run.append(child.tail or "")
    yield from _flush(run)


def _inline(element: Any) -> str:
    """The text inside an inline element (emphasis, a link), its line breaks kept."""
    parts = [element.text or ""]
    for child in element:
        parts.append("\n" if child.tag == "lb" else _inline(child))
        parts.append(child.tail or "")
    return "".join(parts)


def _flush(run: list[str]) -> Iterator[str]:
    """One paragraph of the text pieces in ``run``, white space collapsed in each line and
    blank lines dropped; nothing if it holds no text."""
    lines = (" ".join(line.split()) for line in "".join(run).split("\n"))
    paragraph = "\n".join(line for line in lines if line)
    if paragraph:
        yield paragraph


def _value(value: str | None) -> str | None:
    """A metadata value with its white space collapsed, or None for a blank one."""
    if value is None:
        return None
    value = " ".join(value.split())
    return value or None


def _date(value: str | None) -> str | None:
    """The page's date as ``YYYY-MM-DD`` when it is a real calendar day, else None."""
    if value is None:
        return None
    try:
        return dt.date.fromisoformat(value[:10]).isoformat()
    except ValueError:
        return None
