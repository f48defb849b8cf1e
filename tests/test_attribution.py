"""Attribution patterns, each on sentences written for it (not taken from the seeds)."""

import pytest

from tests.pipeline import run, said


def test_speaker_after_quote():
    r = run('"The budget is balanced," Governor Maria Lopez said.')
    assert said(r) == [("Maria Lopez", "The budget is balanced,", "direct")]


def test_inverted_speaker_after_quote():
    r = run('"We will appeal," said Robert Hale, a lawyer for the company.')
    assert said(r) == [("Robert Hale", "We will appeal,", "direct")]


def test_speaker_before_quote_with_colon():
    r = run('Senator Tom Price warned: "If we wait, the costs will double."')
    assert said(r) == [("Tom Price", "If we wait, the costs will double.", "direct")]


def test_reported_speech_without_that():
    r = run("Mayor Linda Ortiz said the bridge would reopen in March.")
    assert said(r) == [("Linda Ortiz", "the bridge would reopen in March", "indirect")]


def test_reported_speech_with_that_leaves_out_the_complementizer():
    r = run("Commissioner Paul Grant explained that the fund had run dry.")
    assert said(r) == [("Paul Grant", "the fund had run dry", "indirect")]


def test_clause_final_reporting():
    r = run(
        "Chief Executive Anna Berg spoke on Monday. In Texas, the plant lost power "
        "for two days, she said."
    )
    assert said(r) == [("Anna Berg", "In Texas, the plant lost power for two days", "indirect")]


def test_chained_participial_cue_is_a_claim_of_its_own():
    r = run(
        "Minister Karl Olsen said the talks had stalled, adding that a deal was still possible."
    )
    assert said(r) == [
        ("Karl Olsen", "the talks had stalled", "indirect"),
        ("Karl Olsen", "a deal was still possible", "indirect"),
    ]
    assert [c.cue for c in r.claims] == ["said", "adding"]


def test_fronted_participial_cue_takes_the_main_speaker():
    r = run("Noting that prices had doubled, Director Sam Reed said the plan would change.")
    assert said(r) == [
        ("Sam Reed", "prices had doubled", "indirect"),
        ("Sam Reed", "the plan would change", "indirect"),
    ]


def test_according_to_attribution():
    r = run("The factory will close next year, according to Reuters.")
    assert said(r) == [("Reuters", "The factory will close next year", "indirect")]
    assert r.claims[0].cue == "according to"


def test_written_statement_is_attributed_to_its_author():
    r = run('"We regret the delay," a statement from the Acme Corporation read.')
    [(speaker, content, kind)] = said(r)
    assert "Acme" in speaker and content == "We regret the delay," and kind == "direct"


def test_estimate_is_a_claim():
    r = run("The Red Cross estimated that 400 families had lost their homes.")
    assert said(r) == [("Red Cross", "400 families had lost their homes", "indirect")]


def test_partial_quote_inside_reported_sentence():
    r = run(
        'Councilwoman Dana Fox described the plan, stating that residents "deserve a real answer."'
    )
    speakers = {s for s, _, _ in said(r)}
    assert speakers == {"Dana Fox"}
    assert any("deserve a real answer" in c for _, c, _ in said(r))


def test_scare_quote_is_not_a_claim():
    r = run('The group, known as the "Night Riders," held a rally in Denver.')
    assert r.claims == []


def test_quote_standing_alone_belongs_to_the_surrounding_speaker():
    text = (
        '"The vote is close," Senator Mark Wells said.\n\n'
        '"We need two more votes. We will get them."\n\n'
        "Wells left the chamber."
    )
    assert said(run(text)) == [
        ("Mark Wells", "The vote is close,", "direct"),
        ("Mark Wells", "We need two more votes. We will get them.", "direct"),
    ]


def test_several_quotes_around_one_attribution():
    r = run('"It is over," Coach Dan Myers said. "We played badly."')
    assert said(r) == [
        ("Dan Myers", "It is over,", "direct"),
        ("Dan Myers", "We played badly.", "direct"),
    ]


def test_quotation_over_paragraphs_takes_the_attribution_at_its_end():
    text = '"The first year was hard.\n\n"The second was harder," Dr. Eva Klein said.'
    assert said(run(text)) == [
        ("Eva Klein", "The first year was hard.", "direct"),
        ("Eva Klein", "The second was harder,", "direct"),
    ]


def test_phrasal_cue_was_known_to_tell():
    text = (
        "General Omar Haddad led the unit.\n\n"
        '"Never leave a man behind," he was known to tell his soldiers.'
    )
    assert said(run(text)) == [("Omar Haddad", "Never leave a man behind,", "direct")]


def test_pronoun_resolves_by_gender_among_people_in_play():
    text = 'Ms. Carla Diaz met Mr. Ben Ortiz on Tuesday.\n\n"The deal is done," she said.'
    assert said(run(text)) == [("Carla Diaz", "The deal is done,", "direct")]


def test_pronoun_resolves_to_most_recent_subject():
    text = (
        "Senator Ruth Adler spoke first. Then Governor Ian Moss took the stage.\n\n"
        '"We are ready," he said.'
    )
    assert said(run(text))[0][0] == "Ian Moss"


def test_role_description_resolves_through_title():
    text = (
        "Labour Secretary Nora Quinn met Police Chief Adam Vance.\n\n"
        '"Wages must rise," the labour secretary said.'
    )
    assert said(run(text)) == [("Nora Quinn", "Wages must rise,", "direct")]


def test_role_synonym_pentagon_chief_is_defense_secretary():
    text = (
        "Defense Secretary Lloyd Carter visited the base.\n\n"
        '"Readiness is up," the Pentagon chief said.'
    )
    assert said(run(text)) == [("Lloyd Carter", "Readiness is up,", "direct")]


def test_stripped_name_resolves_to_the_speaker_named_next():
    text = (
        "Taxes will rise next year, the finance minister   said on Friday.\n\n"
        '"There is no other way," Hans Berger said.'
    )
    assert {s for s, _, _ in said(run(text))} == {"Hans Berger"}


@pytest.mark.parametrize(
    "text",
    [
        '"',
        "“",
        "”",
        "'",
        '"""',
        "“Unclosed at the end",
        "He said “",
        "\x00\ufffd odd bytes",
        "",
        "   \n\n  ",
        '"a" "b" "c"',
        "said said said",
    ],
)
def test_odd_text_never_stops_extraction(text):
    r = run(text)
    for c in r.claims:
        assert text[c.start : c.end] == c.content


def test_quotation_split_around_its_attribution():
    r = run('"We will not back down," Senator Ann Cole said, "and we will win."')
    assert said(r) == [
        ("Ann Cole", "We will not back down,", "direct"),
        ("Ann Cole", "and we will win.", "direct"),
    ]


def test_report_finding_is_attributed_to_its_author():
    r = run(
        "A report released Tuesday by the Government Accountability Office found that "
        "the program wasted money."
    )
    assert said(r) == [("Government Accountability Office", "the program wasted money", "indirect")]


def test_named_apposition_is_the_speaker_of_a_role():
    r = run("The governor's spokesman, Mark Reyes, said the state would appeal.")
    assert said(r) == [("Mark Reyes", "the state would appeal", "indirect")]


def test_an_unnamed_role_holder_is_not_a_named_person():
    text = (
        "Governor Amy Lin signed the order.\n\n"
        "A spokesman for the mayor said the city would comply."
    )
    assert said(run(text)) == [("spokesman for the mayor", "the city would comply", "indirect")]


def test_clause_after_that_in_said_in_a_statement_that():
    r = run("The White House said in a statement that the president would veto the bill.")
    assert said(r) == [("White House", "the president would veto the bill", "indirect")]


def test_misparsed_cue_noun_after_a_quote_still_attributes_it():
    r = run('"We are closing the office," an emailed statement from the Acme Corporation read.')
    [(speaker, content, _)] = said(r)
    assert "Acme" in speaker and content == "We are closing the office,"


def test_according_to_before_a_quotation():
    r = run('Governor Amy Lin spoke first. According to Lin, "the plan is dead."')
    assert said(r) == [("Amy Lin", "the plan is dead.", "direct")]
    assert r.claims[0].cue == "according to"


def test_speech_noun_owner_before_a_colon_is_the_speaker():
    r = run('Mayor Tom Hart spoke. His message was clear: "We will rebuild."')
    assert said(r) == [("Tom Hart", "We will rebuild.", "direct")]


def test_an_anonymous_official_is_not_the_named_person_before():
    r = run('Mayor Tom Hart spoke. "We will rebuild," one official said.')
    assert said(r)[0][0] != "Tom Hart"


def test_organisation_description_resolves_to_the_organisation_in_play():
    text = (
        "The Boston Globe reported the story on Monday.\n\n"
        "The newspaper said the mayor had resigned."
    )
    assert said(run(text)) == [("Boston Globe", "the mayor had resigned", "indirect")]


def test_passive_participle_is_not_a_cue():
    r = run('Asked about the deal, Senator Lee Park said: "It is not done yet."')
    assert said(r) == [("Lee Park", "It is not done yet.", "direct")]


def test_quotation_with_its_own_cue_is_not_swallowed_by_according_to():
    r = run('"This is the moment," Governor Ray Diaz said, according to a pool report.')
    assert said(r) == [("Ray Diaz", "This is the moment,", "direct")]


def test_negated_cue_reports_nothing():
    r = run("Senator Ann Cole spoke briefly. She did not say when the vote would be held.")
    assert r.claims == []


def test_intention_with_an_infinitive_is_a_claim():
    r = run("Governor Ray Diaz vowed to appeal the ruling.")
    assert said(r) == [("Ray Diaz", "to appeal the ruling", "indirect")]


def test_reported_clause_ending_in_a_partial_quote_is_kept_whole():
    r = run(
        'Senator Ann Cole said in a statement that the tariffs had "raised prices on every family."'
    )
    assert said(r) == [("Ann Cole", 'the tariffs had "raised prices on every family', "indirect")]


def test_document_speaker_span_covers_the_document_and_its_author():
    text = "The ruling, written by Judge Amy Stone, said the law was void."
    r = run(text)
    [c] = r.claims
    assert r.entity(c.speaker).label == "Amy Stone"
    assert text[c.speaker_start : c.speaker_end] == "The ruling, written by Judge Amy Stone"


def test_short_quotation_governed_by_a_cue_is_a_claim():
    r = run('Governor Ray Diaz vowed to appeal the ruling, calling it "terrible."')
    assert ("Ray Diaz", "terrible.", "direct") in said(r)


def test_phrasal_add_to_is_not_speech():
    r = run('Mayor Tom Hart added to his collection of sayings the nickname "Iron Tom."')
    assert r.claims == []


def test_she_skips_a_later_male_subject_by_given_name():
    text = (
        "Senator Chuck Schumer met Speaker Nancy Pelosi. Pelosi said the bill was ready. "
        'Schumer agreed.\n\n"We will pass it this week," she said.'
    )
    assert said(run(text))[-1] == ("Nancy Pelosi", "We will pass it this week,", "direct")


def test_they_resolves_to_a_group_not_a_person():
    text = (
        "The Red Cross sent a team. Director Ann Cole visited the camp.\n\n"
        '"We need more tents," they said.'
    )
    assert said(run(text))[-1][0] == "Red Cross"


def test_one_stretch_of_text_is_one_claim():
    r = run(
        "Some Republicans privately worry that a shutdown would hurt the party, "
        "according to two GOP aides who spoke on condition of anonymity."
    )
    spans = [(c.start, c.end) for c in r.claims]
    assert len(spans) == len(set(spans))
    assert "a shutdown would hurt the party" in [c.content for c in r.claims]


# ---------------------------------------------------------------- attribution kinds


def acts(result):
    """(content, act) of every claim, in text order."""
    return [(c.content, c.act) for c in result.claims]


@pytest.mark.parametrize(
    "sentence, content, act",
    [
        (
            "Mayor Ann Fields said the bridge would reopen in May.",
            "the bridge would reopen in May",
            "statement",
        ),
        (
            "Senator Joe Park asked whether the agency had read the report.",
            "whether the agency had read the report",
            "question",
        ),
        (
            "The company denied that its workers had been told to stay silent.",
            "its workers had been told to stay silent",
            "denial",
        ),
        (
            "Mayor Tom Reyes promised to rebuild the library within two years.",
            "to rebuild the library within two years",
            "promise",
        ),
        (
            "Forecasters warned that the river could flood the lower town.",
            "the river could flood the lower town",
            "warning",
        ),
        (
            "The ministry announced that schools would close for a week.",
            "schools would close for a week",
            "announcement",
        ),
        (
            "Police confirmed that two men had been arrested.",
            "two men had been arrested",
            "confirmation",
        ),
        (
            "Officials believe the fire was started deliberately.",
            "the fire was started deliberately",
            "belief",
        ),
        (
            "A study by the University of Leeds found that most drivers ignore the limit.",
            "most drivers ignore the limit",
            "finding",
        ),
        (
            "The harbour will close next month, according to the port authority.",
            "The harbour will close next month",
            "according-to",
        ),
    ],
)
def test_attribution_kind_follows_the_cue(sentence, content, act):
    assert acts(run(sentence)) == [(content, act)]


def test_evidence_as_source_makes_a_finding_whatever_its_verb():
    r = run("Polls show the senator trailing by nine points.")
    assert acts(r) == [("the senator trailing by nine points", "finding")]


# ---------------------------------------------------------------- cues inside the clause


def test_cue_set_off_by_commas_inside_the_clause_it_reports():
    r = run(
        "The bridge was closed at noon; most of the cables, engineers said, had rusted through."
    )
    assert said(r) == [
        ("engineers", "most of the cables, engineers said, had rusted through", "indirect")
    ]


def test_inverted_parenthetical_cue_with_a_document_as_source():
    r = run("Because the soil is dry, says the report, the crops failed early.")
    assert acts(r) == [
        ("Because the soil is dry, says the report, the crops failed early", "finding")
    ]


def test_second_cue_after_a_semicolon_reports_only_its_own_clause():
    r = run("The mayor spoke first; the station reported the fire had spread to the mill.")
    assert said(r) == [("station", "the fire had spread to the mill", "indirect")]


def test_researchers_found_reports_what_they_established():
    r = run("The researchers found that the lake had warmed by two degrees.")
    assert acts(r) == [("the lake had warmed by two degrees", "finding")]


def test_infinitive_of_purpose_is_not_a_finding():
    r = run("Inspectors will test the pipes to determine whether lead is present.")
    assert r.claims == []


# ---------------------------------------------------------------- what a cue's object says


def test_call_on_someone_to_act_is_the_one_called_on_and_the_infinitive():
    r = run("Governor Lisa Crane urged residents to leave the coast before Friday.")
    assert acts(r) == [("residents to leave the coast before Friday", "call")]
    r = run("The council called on the government to fund the repairs.")
    assert acts(r) == [("the government to fund the repairs", "call")]


def test_accusation_is_the_accused_and_the_charge():
    r = run("The union accused the airline of hiding safety problems.")
    assert acts(r) == [("the airline of hiding safety problems", "accusation")]


def test_announced_object_is_what_was_announced():
    r = run("The ministry announced a ban on fireworks in the capital.")
    assert said(r) == [("ministry", "a ban on fireworks in the capital", "indirect")]
    assert r.claims[0].act == "announcement"


def test_denied_allegation_is_a_denial_but_denied_funding_is_a_refusal():
    assert acts(run("The mayor denied the allegations.")) == [("the allegations", "denial")]
    assert run("The committee denied funding for the stadium.").claims == []


def test_relative_clause_after_a_comma_is_left_out_of_the_object():
    r = run("Both candidates claimed victory in the vote, which was marred by fraud.")
    assert [c.content for c in r.claims] == ["victory in the vote"]


def test_calling_something_a_name_is_a_statement_not_a_call():
    r = run('The senator called the bill "a disgrace".')
    assert acts(r) == [("a disgrace", "statement")]


def test_partitive_speaker_is_the_whole_phrase():
    r = run('A number of senators condemned the ruling as "an abuse of power".')
    assert said(r) == [("A number of senators", "an abuse of power", "direct")]


# ---------------------------------------------------------------- quotations and their cues


def test_relative_clause_cue_speaks_for_the_noun_it_describes():
    r = run('The bill was written by Clara Voss, who said in the chamber, "This is overdue."')
    assert said(r) == [("Clara Voss", "This is overdue.", "direct")]


def test_quoted_as_saying_gives_the_words_to_the_one_quoted():
    r = run('The Ledger quoted Omar Hale, a former judge, as saying "the court was misled."')
    assert said(r) == [("Omar Hale", "the court was misled.", "direct")]


def test_cue_in_a_prepositional_phrase_takes_its_verbs_subject():
    r = run('Mayor Ruth Kane spoke first. She ended by announcing, "The park will reopen."')
    assert said(r) == [("Ruth Kane", "The park will reopen.", "direct")]
    assert r.claims[0].act == "announcement"


def test_a_full_stop_quotation_takes_no_cue_from_the_next_sentence():
    r = run('Senator Ivo Brandt wrote, "We cannot wait." Then he added, "Nor should we."')
    assert [(c.content, c.cue) for c in r.claims] == [
        ("We cannot wait.", "wrote"),
        ("Nor should we.", "added"),
    ]


def test_cue_before_a_quotation_is_not_a_parenthetical():
    r = run('In a post on Friday, the minister wrote, "The border stays open."')
    assert [(c.content, c.kind) for c in r.claims] == [("The border stays open.", "direct")]


def test_cue_closing_the_paragraph_before_a_quotation_paragraph():
    r = run(
        "Fire chief Dana Ruiz described the scene in a statement:\n\n"
        '"The crew arrived within minutes. The roof had already collapsed."\n\n'
        "The cause is unknown."
    )
    assert said(r) == [
        ("Dana Ruiz", "The crew arrived within minutes. The roof had already collapsed.", "direct")
    ]


def test_speaker_is_never_a_word_of_the_quotation_it_reports():
    r = run('"We did our best, and all that," Nora Pike said on Monday, "so we go on."')
    assert [(r.entity(c.speaker).label, c.content) for c in r.claims] == [
        ("Nora Pike", "We did our best, and all that,"),
        ("Nora Pike", "so we go on."),
    ]


def test_written_text_as_source_of_a_quotation():
    r = run('The event description read, "Bring water and meet at the gate."')
    assert [c.content for c in r.claims] == ["Bring water and meet at the gate."]


def test_agency_with_a_document_word_in_its_name_is_its_own_author():
    r = run("The Associated Press reported the dam had failed.")
    assert said(r) == [("Associated Press", "the dam had failed", "indirect")]


# ---------------------------------------------------------------- clauses the parser splits


def test_clause_subject_parsed_as_the_cues_object_stays_in_the_claim():
    r = run("The station reported two bridges in the valley were washed away.")
    assert [c.content for c in r.claims] == ["two bridges in the valley were washed away"]


def test_cue_parsed_as_complement_of_the_clause_it_reports():
    r = run("The Herald reported in early May, 40 branches had closed within a year.")
    assert said(r) == [("Herald", "40 branches had closed within a year", "indirect")]


def test_participle_modifying_a_noun_does_not_end_the_claim():
    r = run("The agency reported police detained 12 people believed to have joined the riot.")
    assert [c.content for c in r.claims] == [
        "police detained 12 people believed to have joined the riot"
    ]


def test_cue_verb_joined_inside_the_reported_clause_does_not_end_it():
    r = run("The agency reported Iran issued warrants for 30 people and demanded their arrest.")
    assert [c.content for c in r.claims] == [
        "Iran issued warrants for 30 people and demanded their arrest"
    ]


# ---------------------------------------------------------------- according to, anywhere


def test_according_to_at_the_end_without_a_comma_takes_the_whole_sentence():
    r = run("A cyclist was hit by a van turning into the lane according to police records.")
    assert [c.content for c in r.claims] == ["A cyclist was hit by a van turning into the lane"]


def test_according_to_between_subject_and_verb_keeps_the_whole_clause():
    r = run("The merger, according to the Daily Post, is worth two billion dollars.")
    assert acts(r) == [
        ("The merger, according to the Daily Post, is worth two billion dollars", "according-to")
    ]


def test_according_to_at_the_start_takes_the_rest():
    r = run("According to the fire brigade, the blaze began in the kitchen.")
    assert said(r) == [("fire brigade", "the blaze began in the kitchen", "indirect")]


def test_quotation_closing_its_sentence_takes_no_cue_from_the_next():
    r = run('Amy Stone said the vote marked a "dark day". Lee Ford said, "It is a fair result."')
    assert [(r.entity(c.speaker).label, c.content) for c in r.claims] == [
        ("Amy Stone", 'the vote marked a "dark day'),
        ("Lee Ford", "It is a fair result."),
    ]


def test_cue_in_a_relative_clause_reports_the_clause_after_it():
    r = run("The court issued rules which lawyers say could change how firms hire.")
    assert said(r) == [("lawyers", "could change how firms hire", "indirect")]


def test_clause_whose_subject_is_parsed_as_the_cues_object():
    r = run("Judge Ada Moss has long maintained a retrial is what the law requires.")
    assert [c.content for c in r.claims] == ["a retrial is what the law requires"]


def test_instructing_someone_to_act_is_a_call():
    r = run("Mayor Joe Bright instructed the police to find who leaked the file.")
    assert acts(r) == [("the police to find who leaked the file", "call")]


# ---------------------------------------------------------------- unresolved speakers


def test_quotation_whose_speaker_is_not_found_is_kept_unresolved():
    r = run('"The water rose in minutes," he said.')
    assert [(c.speaker, c.content, c.kind) for c in r.claims] == [
        (None, "The water rose in minutes,", "direct")
    ]
    assert r.claims[0].speaker_start is None


def test_quoted_title_after_a_naming_verb_is_not_a_claim():
    r = run('Police shut a forum called "Night Owl Market" on Tuesday.')
    assert r.claims == []


def test_something_offered_in_quotes_is_not_a_claim():
    r = run('Many vendors offered "vintage" versions of the toys.')
    assert r.claims == []


def test_asking_someone_to_act_is_a_call_not_a_question():
    r = run("The union asked the minister to resign before the vote.")
    assert acts(r) == [("the minister to resign before the vote", "call")]


def test_announced_person_keeps_the_role_announced():
    r = run("Senator Ruth Dale announced Maria Vance as her running mate.")
    assert [c.content for c in r.claims] == ["Maria Vance as her running mate"]


def test_bare_decision_announced_names_a_topic_not_a_claim():
    assert run("The ministry announced the decision.").claims == []


def test_short_quotation_with_no_speaker_found_is_a_term_not_a_claim():
    assert run('"Mild symptoms," he wrote.').claims == []


def test_of_two_parsed_subjects_the_name_is_the_speaker():
    r = run('"The ice is thinning," said study co-author Lena Berg.')
    assert said(r) == [("Lena Berg", "The ice is thinning,", "direct")]


def test_what_evidence_shows_through_its_object_is_a_finding():
    r = run("Recent polls showed support for the levy at under ten percent.")
    assert acts(r) == [("support for the levy at under ten percent", "finding")]
    assert run("The clerk showed the letter to the judge.").claims == []


def test_calls_by_someone_asking_speak_for_the_callers():
    r = run("The mayor joined calls by local officials asking the state to fund the repairs.")
    assert said(r) == [("local officials", "the state to fund the repairs", "indirect")]


def test_reported_clause_running_into_a_quotation_ends_where_it_opens():
    r = run(
        "Asked about waste, the firm noted that it had switched to paper packaging, "
        '"which is better for the planet. We went further this year."'
    )
    assert [(c.content, c.kind) for c in r.claims] == [
        ("it had switched to paper packaging", "indirect"),
        ("which is better for the planet. We went further this year.", "direct"),
    ]


def test_sharing_and_pointing_out_report_their_clause():
    r = run("The coach praised the team, pointing out that it had won six games in a row.")
    assert [c.content for c in r.claims] == ["it had won six games in a row"]
    assert run("Senator Al Brix shared the video on Monday.").claims == []


# ---------------------------------------------------------------- passive cues with an agent


@pytest.mark.parametrize(
    "sentence, speaker, content",
    [
        (
            "The dead sailor was identified as Jo Pinto by a coast guard spokesperson.",
            "coast guard spokesperson",
            "The dead sailor was identified as Jo Pinto by a coast guard spokesperson",
        ),
        (
            "It was reported by Reuters that the talks had failed.",
            "Reuters",
            "the talks had failed",
        ),
        (
            "Aides were reported by local media to have left the palace at dawn.",
            "local media",
            "Aides were reported by local media to have left the palace at dawn",
        ),
    ],
)
def test_passive_cue_takes_its_agent_as_source(sentence, speaker, content):
    assert said(run(sentence)) == [(speaker, content, "indirect")]


def test_passive_participle_reports_what_its_subject_is_described_as():
    r = run("A ferry, described by port officials as badly overloaded, sank near the harbour.")
    assert said(r) == [("port officials", "badly overloaded", "indirect")]


def test_stance_made_public_through_a_noun_is_a_belief():
    r = run("The retailer Norwell stated its intention to leave the German market.")
    assert acts(r) == [("its intention to leave the German market", "belief")]
    assert run("Mayor Ann Fields expressed her thanks to the crews.").claims == []


def test_quotation_after_a_verbless_lead_in_takes_the_speaker_in_play():
    r = run(
        "Actor Paul Lee said the show had been underestimated. During the premiere, "
        '"I felt like a guest at my own party."'
    )
    assert said(r) == [
        ("Paul Lee", "the show had been underestimated", "indirect"),
        ("Paul Lee", "I felt like a guest at my own party.", "direct"),
    ]


def test_et_al_speaker_keeps_the_name_before_it():
    r = run("Okafor et al found that the brine could hold enough oxygen for sponges.")
    assert [r.entity(c.speaker).label for c in r.claims] == ["Okafor et al"]


@pytest.mark.parametrize(
    "sentence, speaker, content",
    [
        (
            "The mayor admitted taking the money from the developer.",
            "mayor",
            "taking the money from the developer",
        ),
        (
            "Witness Paul Reyes described seeing six bodies in the hallway.",
            "Paul Reyes",
            "seeing six bodies in the hallway",
        ),
        (
            "Jane Hill recalled hearing the alarm at midnight.",
            "Jane Hill",
            "hearing the alarm at midnight",
        ),
    ],
)
def test_gerund_after_a_cue_is_what_was_said(sentence, speaker, content):
    assert said(run(sentence)) == [(speaker, content, "indirect")]


def test_object_cue_joined_to_another_verb_shares_its_subject():
    r = run("The agency cited the pilots as stating the engine failed, and claimed a second crash.")
    assert ("agency", "a second crash", "indirect") in said(r)


def test_judgement_with_its_reason_is_a_claim():
    r = run("Coach Ben Ward commended the players for their discipline.")
    assert said(r) == [("Ben Ward", "the players for their discipline", "indirect")]
    assert run("Coach Ben Ward thanked the crowd.").claims == []


def test_point_emphasized_is_a_claim_but_a_cited_source_is_not():
    r = run("Director Amy Cole emphasized the need for more nurses.")
    assert said(r) == [("Amy Cole", "the need for more nurses", "indirect")]
    assert run("Reporter Kim Lo cited a study on the matter.").claims == []
    assert run("The paper, citing anonymous sources, said the deal was off.").claims[0].cue == (
        "said"
    )
    assert run("Senator Dee Holt highlighted these questions.").claims == []


def test_spoke_of_reports_a_point_but_spoke_about_a_noun_names_a_topic():
    r = run("The minister spoke of a deep crisis in the schools.")
    assert said(r) == [("minister", "a deep crisis in the schools", "indirect")]
    r = run("Farmer Tom Bell talked about how the drought had ruined his crop.")
    assert said(r) == [("Farmer Tom Bell", "how the drought had ruined his crop", "indirect")]
    assert run("Senator Joe Park spoke about the war.").claims == []


def test_reported_clause_whose_verb_the_parser_hung_elsewhere():
    r = run("No one died, with local media reporting the house was empty.")
    assert said(r) == [("local media", "the house was empty", "indirect")]


def test_relative_clause_cue_with_its_own_subject_is_that_subjects_words():
    r = run(
        "The mayor did not fund the police, which the Herald reported left some officers angry."
    )
    assert said(r) == [("Herald", "left some officers angry", "indirect")]


def test_according_to_after_a_conjunction_reports_what_follows():
    r = run("The group is largely rural and, according to Ottawa, hostile to the plan.")
    assert said(r) == [("Ottawa", "hostile to the plan", "indirect")]


def test_long_quotation_closing_its_sentence_is_the_speaker_in_plays_words():
    r = run(
        "Engineer Rita Vance said the suits sell well. Her latest model gives wearers "
        '"a way to see through the mask without any eyeholes."'
    )
    assert said(r)[-1] == (
        "Rita Vance",
        "a way to see through the mask without any eyeholes.",
        "direct",
    )


def test_short_or_mid_sentence_quotation_without_cue_stays_a_scare_quote():
    assert run('Engineer Rita Vance builds robot suits. They look "really very cool."').claims == []
    assert (
        run(
            'Engineer Rita Vance builds robot suits that offer "a way to see through '
            'the mask" to the crowd.'
        ).claims
        == []
    )


def test_quoted_case_name_is_not_a_quotation():
    r = run('Judge Ann Cole ruled. The case, known as "Doe vs. Acme Holdings Limited Company."')
    assert r.claims == []


@pytest.mark.parametrize(
    "sentence",
    [
        "President Ken Obi refused to give up power.",
        "The council agreed to join the regional bloc.",
        "The mayor planned to close the pool in May.",
    ],
)
def test_intention_that_is_an_act_is_not_a_claim(sentence):
    assert run(sentence).claims == []


def test_by_an_account_set_off_by_commas_is_a_source():
    r = run("The storm left two dead and, by early reports, at least 40 injured.")
    assert said(r) == [("early reports", "at least 40 injured", "indirect")]
    assert r.claims[0].act == "according-to"
    assert run("The bill was passed by the Senate, by a wide margin.").claims == []


def test_what_an_announced_object_includes_is_part_of_the_claim():
    r = run(
        "The company announced other measures in response to the outbreak, including "
        "closing its stores."
    )
    assert said(r) == [
        (
            "company",
            "other measures in response to the outbreak, including closing its stores",
            "indirect",
        )
    ]
