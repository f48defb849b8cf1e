from kg.nlp.quotes import find_quotes


def quoted(text):
    return [text[q.start : q.end] for q in find_quotes(text)]


def test_straight_double_quotes_pair():
    assert quoted('"We won," she said. "It was close."') == ["We won,", "It was close."]


def test_curly_double_quotes_pair():
    assert quoted("“We won,” she said.") == ["We won,"]


def test_apostrophes_are_not_closing_quotes():
    text = "“We’re holding ISIS’ ground and the nations' trust,” he said."
    assert quoted(text) == ["We’re holding ISIS’ ground and the nations' trust,"]


def test_matched_single_quotes_form_a_quotation():
    assert quoted("He called it a ‘losing brand’ for them.") == ["losing brand"]
    assert quoted("'We are ready,' said Ms. Lee.") == ["We are ready,"]


def test_unmatched_apostrophe_opens_nothing():
    assert quoted("It was the '90s and the players' union agreed.") == []


def test_single_quote_nested_in_double_belongs_to_it():
    text = "\"He told me 'never again' and left,\" she said."
    assert quoted(text) == ["He told me 'never again' and left,"]


def test_quotation_over_paragraphs_is_one_run_of_segments():
    text = '"First part.\n\n"Second part.\n\n"Last part," he said.'
    quotes = find_quotes(text)
    assert [text[q.start : q.end] for q in quotes] == ["First part.", "Second part.", "Last part,"]
    assert len({q.run for q in quotes}) == 1
    assert [q.closed for q in quotes] == [False, False, True]


def test_unclosed_quote_runs_to_paragraph_end():
    text = "“This never closes, he said.\n\nThe next paragraph is plain."
    quotes = find_quotes(text)
    assert [text[q.start : q.end] for q in quotes] == ["This never closes, he said."]
    assert not quotes[0].closed


def test_stray_closing_mark_is_left_alone():
    assert quoted("Nothing opens here” but text goes on.") == []


def test_text_without_marks_or_empty():
    assert find_quotes("") == []
    assert find_quotes("No quotation at all.") == []
