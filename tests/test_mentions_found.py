"""Mentions found (issue 20 item 5): every use of a name an article gives an entity is a
mention of it, spans end at line breaks, headlines give names and not their verbs."""

from spacy.tokens import Span

from tests.pipeline import nlp, run


def mentions(text):
    r = run(text)
    return {(e.label, e.cls): [m.text for m in e.mentions] for e in r.entities}, r


def test_names_with_inner_capitals_are_people_and_every_use_is_a_mention():
    found, _ = mentions(
        "Fred LaRue was found dead on Tuesday. LaRue had worked for the campaign. "
        "Doug McDermott scored 23 points, and McDermott now holds the record."
    )
    assert sorted(found[("Fred LaRue", "Person")]) == ["Fred LaRue", "LaRue"]
    assert sorted(found[("Doug McDermott", "Person")]) == ["Doug McDermott", "McDermott"]


def test_a_speaking_surname_joins_the_person_rather_than_an_entity_of_its_own():
    found, r = mentions(
        "Fred LaRue was found dead on Tuesday. Mr. LaRue said last year that he was "
        "never Deep Throat."
    )
    people = [e for e in r.entities if "LaRue" in e.label]
    assert len(people) == 1 and not people[0].generic
    assert r.entity(r.claims[0].speaker).label == "Fred LaRue"


def test_a_surname_the_ner_tags_a_nationality_is_still_a_mention_of_the_person():
    found, _ = mentions(
        "Wladimir Klitschko retained his title on Saturday. Klitschko twice wrestled "
        "Tony Thompson to the floor in the second round."
    )
    assert found[("Wladimir Klitschko", "Person")].count("Klitschko") == 1


def test_a_capitalised_plural_after_the_names_a_team():
    found, _ = mentions(
        "The Sixers fired their coach on Monday. Nearly three weeks after the Sixers "
        "ended their season, the owner decided to act."
    )
    assert found[("Sixers", "Organization")] == ["Sixers", "Sixers"]


def test_a_nationality_in_the_plural_is_no_team():
    found, _ = mentions("The Democrats and the Republicans met in the capital on Friday.")
    assert not any(cls == "Organization" and "Democrats" in label for label, cls in found)


def test_no_mention_crosses_or_ends_in_a_line_break():
    # the small NER sometimes ends a name on the paragraph break after it, or runs a
    # headline's name into the next line: given such spans, the names stop at the break
    text = "Staff walk out at Betty Ford Center\n\nBush\n\nPresident Bush said it was sad."
    doc = nlp().make_doc(text)
    for name, proc in nlp().pipeline:
        if name == "kg_entities":
            break
        doc = proc(doc)
    center = doc.char_span(text.index("Betty"), text.index("Bush"))  # takes in "\n\n"
    bush = doc.char_span(text.index("Bush"), text.index(" said"))  # "Bush\n\nPresident Bush"
    doc.ents = [
        Span(doc, center.start, center.end, "ORG"),
        Span(doc, bush.start, bush.end, "PERSON"),
    ]
    doc = nlp().get_pipe("kg_entities")(doc)
    spans = sorted(text[s:e] for cl in doc._.entities for s, e in cl.mentions)
    assert spans == ["Betty Ford Center", "Bush", "Bush"]  # "President" is his title


def test_a_headline_span_is_cut_to_the_names_in_it():
    found, _ = mentions(
        "Lindsay Lohan Checks Into Rehab Clinic\n\n"
        "The actress Lindsay Lohan entered a clinic in California on Monday, her lawyer said."
    )
    assert found[("Lindsay Lohan", "Person")] == ["Lindsay Lohan", "Lindsay Lohan"]
    assert not any("Checks" in label for label, _ in found)


def test_a_headline_role_word_the_article_writes_in_lower_case_is_no_part_of_the_name():
    found, _ = mentions(
        "Comedian Ellen DeGeneres Will Host The Oscars Again\n\n"
        "The comedian Ellen DeGeneres will host the ceremony, the academy said."
    )
    assert ("Ellen DeGeneres", "Person") in found
    assert not any(label.startswith("Comedian") for label, _ in found)


def test_a_possessor_in_a_speaker_phrase_is_not_the_speaker():
    _, r = mentions(
        "Doris Day died on Monday. Day's animal foundation said she had been in good "
        "health. The Doris Day Animal Foundation was founded in 1978."
    )
    assert r.entity(r.claims[0].speaker).label != "Doris Day"


def test_a_team_named_by_the_end_of_its_full_name_is_that_team():
    found, _ = mentions(
        "The Colts beat the Kansas City Chiefs 20-13 on Sunday. The Chiefs had led at the "
        "half, and the University of California band played."
    )
    assert sorted(found[("Kansas City Chiefs", "Organization")]) == ["Chiefs", "Kansas City Chiefs"]
    assert ("Colts", "Organization") in found
