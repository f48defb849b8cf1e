"""Speaker resolution (kg.nlp.speakers): which entity a speaker mention stands for, on
sentences written for each pattern."""

from tests.pipeline import run, said

# ---------------------------------------------------------------- termination


def test_document_noun_heading_a_name_is_that_name():
    # "Press" is a document noun and the head of the name "Associated Press", whose other
    # word is what the parse gives as its author: the chain must stop on the name
    r = run("According to Associated Press, Hollis was the oldest member of the panel.")
    assert said(r) == [
        ("Associated Press", "Hollis was the oldest member of the panel", "indirect")
    ]


def test_newspaper_named_with_a_document_noun_is_the_speaker():
    r = run("According to the Riverside Free Press, the mayor skipped the vote.")
    assert said(r) == [("Riverside Free Press", "the mayor skipped the vote", "indirect")]


def test_document_whose_author_is_another_document_ends_on_the_author():
    r = run("A statement from the ministry's press office said the border would reopen.")
    assert said(r) == [("ministry's press office", "the border would reopen", "indirect")]


def test_document_of_a_document_noun_chain_terminates():
    r = run("According to a review of the report of the audit, the fund lost money.")
    assert said(r) == [("audit", "the fund lost money", "indirect")]


# ---------------------------------------------------------------- pronouns


def test_pronoun_skips_the_subject_of_a_relative_clause():
    text = (
        "Facing a strike, Governor Paul Reyes agreed to a deal in which Mayor Dan Cole "
        'became his deputy. "Nobody will remove me," he declared.'
    )
    assert said(run(text))[-1][0] == "Paul Reyes"


def test_pronoun_skips_the_subject_of_a_reported_clause():
    text = (
        "Minister Omar Haddad resigned on Friday. He said Premier Karl Olsen was "
        'honest. "We could not agree on the budget," he added.'
    )
    assert [s for s, _, _ in said(run(text))] == ["Omar Haddad", "Omar Haddad"]


def test_pronoun_takes_up_the_person_owning_the_subject():
    text = (
        "Singer Ruth Adler opened the festival. Actor Tom Brandt's arrival came "
        'straight from a film set. He joked, "I still have sand in my boots."'
    )
    assert said(run(text))[-1][0] == "Tom Brandt"


def test_they_takes_up_a_group_named_by_a_common_noun():
    text = (
        "The Polar Institute funded the survey. The researchers mapped the melting "
        "ice from satellites. From this, they concluded that warm water was reaching "
        "the coast."
    )
    assert said(run(text))[-1][0] == "researchers"


def test_she_takes_up_an_unnamed_woman():
    text = (
        "Mayor Tom Hart closed the road. A local woman watched the flood rise. "
        '"We lost everything," she said.'
    )
    assert said(run(text))[-1][0] == "local woman"


def test_pronoun_falls_back_on_an_embedded_subject_before_a_later_name():
    text = (
        'Mr. Tom Hart insisted Mr. Dan Cole had left early. "I saw the car," he said. '
        "Later, Mr. Paul Reyes spoke."
    )
    assert said(run(text))[-1][0] == "Tom Hart"


# ---------------------------------------------------------------- descriptions


def test_organisation_description_joins_the_name_that_holds_it():
    text = (
        "State radio reported the outbreak on Monday. The Ministry of Health sent two "
        "teams. The ministry said the clinics were full."
    )
    assert said(run(text))[-1] == ("Ministry of Health", "the clinics were full", "indirect")


def test_organisation_description_with_no_name_holding_it_stands_for_itself():
    text = "The Daily Courier reported the fire on Monday. The army said the crew had been rescued."
    assert said(run(text))[-1] == ("army", "the crew had been rescued", "indirect")


def test_description_followed_by_a_name_is_that_person():
    r = run("Chad's president Idriss Mahamat said the border would stay open.")
    assert said(r) == [("Idriss Mahamat", "the border would stay open", "indirect")]


def test_organisation_followed_by_a_role_and_a_name_is_that_person():
    r = run("Federal Grain Bank president Okon Bassey said the harvest had failed.")
    assert said(r) == [("Okon Bassey", "the harvest had failed", "indirect")]


def test_plural_common_noun_is_not_an_organisation_ending_in_it():
    text = (
        "The House of Representatives met on Monday. On Tuesday, representatives "
        "from the union said the strike would go on."
    )
    assert said(run(text))[-1][0] == "representatives"


def test_head_of_a_body_is_not_the_person_speaking_before():
    text = "Mayor Tom Hart spoke first. The head of the water board said the pipes were old."
    assert said(run(text))[-1][0] == "head of the water board"


def test_surname_not_tagged_as_a_person_is_the_person_with_that_surname():
    text = (
        "Assistant coach Ben Radmall praised the crowd. Radmall conceded that his side "
        'needed work. "We had our chances," he said.'
    )
    assert [s for s, _, _ in said(run(text))] == ["Ben Radmall", "Ben Radmall"]


def test_unnamed_speaker_keeps_its_description_as_written():
    text = 'One witness saw the crash. "The car never slowed down," this person said.'
    assert said(run(text))[-1][0] == "this person"


def test_cue_with_a_description_and_a_name_as_subjects_takes_the_name():
    # parsed with two subjects, "president" and "Kenyatta": the speaker span is the name
    text = 'Kenya\'s president Uhuru Kenyatta said, "The border stays open."'
    [c] = run(text).claims
    assert text[c.speaker_start : c.speaker_end] == "Uhuru Kenyatta"


def test_capitalised_document_noun_inside_a_sentence_is_a_name():
    r = run("The strike spread to the ports, according to Notes from Portugal, a news site.")
    assert said(r)[0][0] == "Notes from Portugal"


# ---------------------------------------------------------------- unattributed quotations


def test_quotation_after_narration_takes_the_subject_of_its_paragraph():
    text = (
        "Mayor Tom Hart said the vote was fair.\n\n"
        'Senator Ruth Adler spoke to reporters after the vote: "We were betrayed."'
    )
    assert said(run(text))[-1] == ("Ruth Adler", "We were betrayed.", "direct")


def test_quotation_introduced_by_a_pronoun_takes_the_pronouns_person():
    text = (
        "Governor Ray Diaz met Ms. Ann Cole on Monday. Cole said the talks went well.\n\n"
        'Later he made his announcement: "I am leaving politics."'
    )
    assert said(run(text))[-1] == ("Ray Diaz", "I am leaving politics.", "direct")


def test_quotation_after_narration_naming_one_person_takes_that_person():
    text = (
        "Coach Dan Myers said his side had played well.\n\n"
        "The referee showed two red cards, which left coach Sam Reed furious. "
        '"Both calls were wrong."'
    )
    assert said(run(text))[-1] == ("Sam Reed", "Both calls were wrong.", "direct")


def test_quotation_opening_its_paragraph_continues_the_speaker_before():
    text = (
        "Coach Dan Myers said his side had played well.\n\n"
        '"We will win the next one."\n\nLater, Sam Reed arrived.'
    )
    assert said(run(text))[-1] == ("Dan Myers", "We will win the next one.", "direct")


# ---------------------------------------------------------------- groups and bodies


def test_partitive_speaker_is_named_by_the_whole_description():
    r = run("A number of senators said the law was unfair.")
    assert said(r) == [("A number of senators", "the law was unfair", "indirect")]


def test_name_in_a_clause_describing_the_speaker_is_not_the_speaker():
    r = run("A nurse whom Reuters interviewed said the wards were full.")
    assert said(r) == [("nurse", "the wards were full", "indirect")]


def test_body_named_by_the_person_leading_it_is_a_speaker_of_its_own():
    r = run("The Garcia administration said the rule would change in May.")
    assert said(r) == [("Garcia administration", "the rule would change in May", "indirect")]


def test_pronoun_takes_up_the_name_set_beside_a_subject():
    text = (
        "Mayor Tom Hart opened the bridge. One of the city's deputy mayors, Rebecca "
        'Lund, also spoke. She said, "It took ten years."'
    )
    assert said(run(text)) == [("Rebecca Lund", "It took ten years.", "direct")]


def test_it_takes_up_a_body_named_by_its_leader():
    text = (
        "Senator Ann Cole spoke on Monday. The Garcia campaign issued a statement on "
        "Tuesday. It said the ads were false."
    )
    assert said(run(text)) == [("Garcia campaign", "the ads were false", "indirect")]


def test_clause_hung_off_a_quotation_is_narration_not_an_embedded_clause():
    # the parser makes "justified" a clause of the quotation's verb; the ministry is
    # still the subject of the narration that introduces the quotation
    text = (
        "In a statement, the Ministry of Defence justified the strike, which was approved "
        'by President Ana Ruiz, as defensive: "The army acted to protect our troops."'
    )
    assert said(run(text))[-1][0] == "Ministry of Defence"


def test_definite_description_takes_up_the_person_introduced_with_that_noun():
    text = (
        "Actress Denise Lane signed autographs all day. Mayor Tom Hart opened the fair. "
        "The actress said the crowd was huge."
    )
    assert said(run(text)) == [("Denise Lane", "the crowd was huge", "indirect")]


def test_definite_description_takes_up_a_person_described_in_apposition():
    text = "Tom Hart, the owner of the mill, met Mayor Ann Cole. The owner said it would close."
    assert said(run(text))[-1][0] == "Tom Hart"


def test_they_does_not_take_up_a_document_that_spoke():
    text = (
        "The Lund Institute filmed horses. A new report said the flies avoided stripes. "
        '"The stripes confuse them," they said.'
    )
    assert said(run(text))[-1] == ("Lund Institute", "The stripes confuse them,", "direct")


def test_name_in_apposition_to_a_role_is_a_person_for_a_later_pronoun():
    text = (
        "Biden's campaign manager, Jen O'Malley Dillon, said the race was tight. She added "
        "that turnout was high."
    )
    assert [s for s, _, _ in said(run(text))] == ["Jen O'Malley Dillon"] * 2


# ---------------------------------------------------------------- nested sources


def test_speaker_named_after_an_according_to_source_is_the_one_who_said_it():
    # the parser takes the source for the subject of "said" and the speaker for its
    # apposition: the claim is the police chief's, as reported by the agency
    r = run(
        "According to state news agency Tasnim, the police chief of Mashhad, Reza Karimi, "
        "said the two men must face trial."
    )
    assert ("Reza Karimi", "the two men must face trial", "indirect") in said(r)
    assert ("Tasnim", "the two men must face trial", "indirect") not in said(r)


# ---------------------------------------------------------------- groups of authors


def test_lead_author_et_al_is_one_group_that_speaks_and_is_they():
    r = run(
        "Okafor et al sampled the soil of three valleys in 2017. They found the nitrogen "
        "levels were twice as high as expected. In a later study, van Dijk et al measured "
        "the same valleys. They reported the levels had fallen."
    )
    assert said(r) == [
        ("Okafor et al", "the nitrogen levels were twice as high as expected", "indirect"),
        ("van Dijk et al", "the levels had fallen", "indirect"),
    ]


def test_demand_as_speaker_stands_for_whoever_made_it():
    r = run(
        "The mayor backed the demands from local residents asking the province to reopen "
        "the clinic."
    )
    assert said(r) == [("local residents", "the province to reopen the clinic", "indirect")]


# ---------------------------------------------------------------- organisations


def test_place_named_after_an_organisation_is_its_branch_and_speaks_as_it():
    r = run(
        "Many residents fear to return home due to the aftershocks, according to CNN Philippines."
    )
    assert said(r) == [
        ("CNN", "Many residents fear to return home due to the aftershocks", "indirect")
    ]


# ---------------------------------------------------------------- ellipsis


def test_bare_quantifier_speaks_for_the_group_named_before_it():
    r = run(
        "One voter said the roads were a disgrace and several said they wanted the "
        "council to resign."
    )
    assert said(r)[-1] == ("several voters", "they wanted the council to resign", "indirect")


def test_royal_title_as_description_is_the_person_introduced_with_it():
    r = run(
        "Princess Maria Keller opened the new hospital wing on Monday. On Friday, the "
        "princess, 58, announced her plan to fund three more clinics."
    )
    assert said(r) == [("Maria Keller", "her plan to fund three more clinics", "indirect")]


def test_it_never_takes_up_a_group_the_article_describes():
    r = run(
        "The Transport Ministry has, in a statement, called on drivers to slow down near "
        "schools. Local officials said 12 people had been hurt. It also urged parents to "
        '"check that every child wears a seat belt."'
    )
    assert said(r)[-1][0] == "Transport Ministry"
