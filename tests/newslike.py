"""News-like text for property-based tests of the pipeline, and the offset checks every
extraction must pass on it.

:func:`news_texts` draws articles made of reporting sentences (quotes in straight, curly,
single and unbalanced marks; ``said``, ``according to``, ``told``; names with
apostrophes, hyphens and titles) joined by line breaks and sprinkled with what real
feeds carry: stray marks, emoji, zero-width and control characters. :func:`offset_faults`
lists every record of an extraction whose offsets do not point at its own text.

Used by tests/test_robustness.py (a few dozen texts per run) and by
bench/fuzz_pipeline.py (thousands).
"""

from __future__ import annotations

from hypothesis import strategies as st

from kg.model import Document, Extraction

FIRST = ["Ann", "José", "Mary-Kate", "Seán", "D'Arcy", "Li", "Oluwaseun", "Zoë", "Jean-Luc"]
LAST = ["O'Brien", "Nguyen", "McAllister", "al-Sayed", "Smith-Jones", "Kowalski", "D'Souza"]
TITLES = ["", "", "Senator ", "Dr. ", "Police Chief ", "the spokeswoman ", "Mayor "]
GROUPS = ["the Ministry of Health", "Reuters", "Associated Press", "the U.S. Army", "NASA"]
WORDS = (
    "the budget will rise by 3 percent next year it's a good day we don't agree "
    "the council's plan was reckless and voters rejected it in May U.S. troops left "
    "officials expect $2.5 billion more than 40 people were hurt on Tuesday"
).split()

#: Quotation marks as (open, close) pairs, balanced or not: the last few are unbalanced.
QUOTES = [
    ('"', '"'),
    ("\u201c", "\u201d"),
    ("'", "'"),
    ("\u2018", "\u2019"),
    ("\u00ab", "\u00bb"),
    ("\u201e", "\u201c"),
    ('"', ""),
    ("", '"'),
    ("\u201c", '"'),
    ("\u201c", ""),
]

TEMPLATES = [
    "{o}{content},{c} {speaker} said.",
    "{speaker} said, {o}{content}.{c}",
    "{speaker} said that {content}.",
    "According to {speaker}, {content}.",
    "{content}, {speaker} said, {content}.",
    "{speaker} told reporters: {o}{content}{c}",
    "{o}{content}?{c} {speaker} asked.",
    "{speaker} called the plan {o}{word}{c}.",
    "{content}.",
    "{o}{content}.",
    "{o}{content},{c} said {speaker}, {o}{content}.{c}",
    "{o}{content}.\n\n{o}{content},{c} {speaker} said.",  # a quote over two paragraphs
    "{speaker} said: {o}He told me 'not {word}' twice.{c}",  # a quote inside a quote
    "{o}{c} {speaker} said.",  # an empty quotation
    "{speaker} said",  # a cue with nothing to report
    "According to",
    "{content} ({speaker} said) {content}.",
]

SEPARATORS = [" ", "  ", "\n", "\n\n", "\r\n", "\r\n\r\n", "\t", "\n \n"]

#: What real feeds carry between and inside words: marks, emoji (with skin-tone and ZWJ
#: sequences, a flag), zero-width and bidi marks, a byte-order mark, line and paragraph
#: separators, and C0/C1 control characters.
NOISE = [
    "\u2014",
    "\u2013",
    "\u2026",
    "*",
    "#",
    "\u2022",
    "|",
    "/",
    "(",
    ")",
    "[",
    "]",
    "&amp;",
    "<b>",
    "%",
    "@",
    "\u00a0",
    "\U0001f600",
    "\U0001f44d\U0001f3fd",
    "\U0001f1fa\U0001f1f8",
    "\U0001f468\u200d\U0001f469\u200d\U0001f467",
    "e\u0301",
    "\u200b",
    "\u200e",
    "\ufeff",
    "\u2028",
    "\u2029",
    "\x00",
    "\x01",
    "\x07",
    "\x0b",
    "\x0c",
    "\x1b",
    "\x7f",
    "\x85",
    "'",
    '"',
    "\u2019",
    "\u201c",
]


@st.composite
def speakers(draw: st.DrawFn) -> str:
    if draw(st.integers(0, 4)) == 0:
        return draw(st.sampled_from(GROUPS))
    name = f"{draw(st.sampled_from(FIRST))} {draw(st.sampled_from(LAST))}"
    if draw(st.booleans()):
        name = draw(st.sampled_from(LAST))  # a surname alone, as a later mention
    return draw(st.sampled_from(TITLES)) + name


@st.composite
def sentences(draw: st.DrawFn) -> str:
    words = draw(st.lists(st.sampled_from(WORDS), min_size=1, max_size=12))
    if draw(st.booleans()):  # a name inside the content too
        words.insert(draw(st.integers(0, len(words))), draw(speakers()))
    content = " ".join(words)
    o, c = draw(st.sampled_from(QUOTES))
    template = draw(st.sampled_from(TEMPLATES))
    text = template.format(
        o=o, c=c, content=content, speaker=draw(speakers()), word=draw(st.sampled_from(WORDS))
    )
    return text[0].upper() + text[1:]


def _sprinkle(text: str, marks: list[tuple[int, str]]) -> str:
    for at, mark in sorted(marks, reverse=True):
        at = min(at, len(text))
        text = text[:at] + mark + text[at:]
    return text


@st.composite
def news_texts(draw: st.DrawFn, max_sentences: int = 8) -> str:
    """An article: reporting sentences, line breaks, and noise at random places."""
    parts = draw(st.lists(sentences(), min_size=1, max_size=max_sentences))
    text = ""
    for part in parts:
        text += part + draw(st.sampled_from(SEPARATORS))
    marks = draw(st.lists(st.tuples(st.integers(0, len(text)), st.sampled_from(NOISE)), max_size=6))
    if draw(st.integers(0, 5)) == 0:
        text = "date 2020-03-01\n" + text  # the header the pipeline blanks
    return _sprinkle(text, marks)


def offset_faults(document: Document, extraction: Extraction) -> list[str]:
    """Every record of ``extraction`` whose offsets do not point at its own text.

    Claims, mentions, titles and quantities must read back exactly
    (``text[start:end]`` equals the stored text); a claim's speaker span and cue must lie
    within the text, and its speaker and what it is about be entities the extraction
    holds (a claim may have no speaker, and then no speaker span).
    """
    text, n = document.text, len(document.text)
    faults = []

    def exact(what: str, start: int, end: int, stored: str) -> None:
        if not (0 <= start <= end <= n) or text[start:end] != stored:
            faults.append(f"{what} {start}-{end}: stored {stored!r}, text {text[start:end]!r}")

    def within(what: str, start: int | None, end: int | None) -> None:
        if start is not None and not (0 <= start <= (end or 0) <= n):
            faults.append(f"{what} {start}-{end} outside the text (0-{n})")

    keys = {e.key for e in extraction.entities}
    for e in extraction.entities:
        for m in e.mentions:
            exact(f"mention of {e.label!r}", m.start, m.end, m.text)
        for t in e.titles:
            exact(f"title of {e.label!r}", t.start, t.end, t.text)
    for c in extraction.claims:
        exact("claim", c.start, c.end, c.content)
        if c.start >= c.end:
            faults.append(f"claim {c.start}-{c.end} is empty")
        within("speaker span", c.speaker_start, c.speaker_end)
        within("cue", c.cue_start, c.cue_end)
        if c.speaker is None:  # a quotation whose speaker was not found: no span either
            if (c.speaker_start, c.speaker_end) != (None, None):
                faults.append(f"claim {c.start}-{c.end} has a speaker span but no speaker")
        elif c.speaker not in keys:
            faults.append(f"claim {c.start}-{c.end} has a speaker the extraction lacks")
        if not set(c.about) <= keys:
            faults.append(f"claim {c.start}-{c.end} is about an entity the extraction lacks")
        for q in c.quantities:
            exact("quantity", q.start, q.end, q.text)
    return faults
