"""Speaker resolution (kg.nlp.speakers): which entity a speaker mention stands for, on
sentences written for each pattern."""

from tests.pipeline import run, said

# ---------------------------------------------------------------- termination


def test_document_noun_heading_a_name_is_that_name():
    # "Press" is a document noun and the head of the name "Associated Press", whose other
    # word is what the parse gives as its author: the chain must stop on the name
    r = run("According to Associated Press, Hollis was the oldest member of the panel.")
    assert said(r) == [("Associated Press", "Hollis was the oldest member of the panel",
                        "indirect")]


def test_newspaper_named_with_a_document_noun_is_the_speaker():
    r = run("According to the Riverside Free Press, the mayor skipped the vote.")
    assert said(r) == [("Riverside Free Press", "the mayor skipped the vote", "indirect")]


def test_document_whose_author_is_another_document_ends_on_the_author():
    r = run("A statement from the ministry's press office said the border would reopen.")
    assert said(r) == [("ministry's press office", "the border would reopen", "indirect")]


def test_document_of_a_document_noun_chain_terminates():
    r = run("According to a review of the report of the audit, the fund lost money.")
    assert said(r) == [("audit", "the fund lost money", "indirect")]
