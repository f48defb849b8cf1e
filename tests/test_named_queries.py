"""The named queries' answers on the bundled example articles (built once per session)
and, for repeated claims, which the examples lack, on two articles of our own."""

from __future__ import annotations

from kg import api
from kg.nlp.titles import title_conflicts
from kg.rdf.store import LocalStore

A000, A001, A002 = (
    "000_b240bc71d8c50382.txt",
    "001_d177c96395925228.txt",
    "002_a0f3bd66389858e2.txt",
)


def rows(table, *columns):
    """The table's rows, each cut down to ``columns``, as plain text (None stays None)."""
    col = table.columns.index
    return [
        tuple(None if row[col(c)] is None else str(row[col(c)]) for c in columns)
        for row in table.rows
    ]


def test_quantities_over_time_follow_the_estimates_of_fighters_left(examples_store):
    table = api.query(examples_store, "quantities-over-time", {"thing": "fighters|terrorists"})
    assert table.columns == [
        "date", "speaker", "quantity", "value", "min", "max", "unit", "article"
    ]  # fmt: skip
    assert rows(table, "date", "speaker", "quantity", "max", "unit", "article") == [
        ("2017-12-06", "US-led coalition", "fewer than 3,000", "3000.0", "fighters", A002),
        ("2017-12-27", "Reuters", "fewer than 1,000", "1000.0", "fighters", A002),
        ("2017-12-27", "US-led coalition", "less than 1,000", "1000.0", "ISIS terrorists", A002),
    ]
    fighters = api.query(examples_store, "quantities-over-time", {"thing": "FIGHTERS"})
    assert rows(fighters, "quantity") == [("fewer than 3,000",), ("fewer than 1,000",)]


def test_conflicting_titles_show_mattis_as_defence_secretary_and_secretary_of_state(
    examples_store,
):
    table = api.query(examples_store, "conflicting-titles")
    assert rows(table, *table.columns) == [
        (
            "James Mattis",
            "U.S. Defence Secretary",
            A000,
            "Secretary of State",
            A002,
            "different offices: defense secretary / secretary of state",
        )
    ]


def test_conflicting_titles_agree_with_kg_tracking(examples_store):
    titles = api.query(
        examples_store,
        "SELECT ?person ?title ?article WHERE { ?t ckg:titleOf/schema:name ?person ; "
        "nif:anchorOf ?title ; nif:referenceContext/schema:identifier ?article } "
        "ORDER BY ?article ?title",
    )
    expected = {
        (c.person_id, c.title, c.doc_id, c.other_title, c.other_doc_id, c.reason)
        for c in title_conflicts(rows(titles, "person", "title", "article"))
    }
    table = api.query(examples_store, "conflicting-titles")
    assert set(rows(table, *table.columns)) == expected


def test_top_speakers_name_the_organisations_and_places_their_claims_mention(examples_store):
    table = api.query(examples_store, "top-speakers")
    top = rows(table, "speaker", "class", "claims", "articles")
    counted = api.query(
        examples_store,
        "SELECT (COUNT(?c) AS ?n) WHERE { ?c a schema:Claim ; prov:wasAttributedTo ?e . "
        '?e schema:name "James Mattis" }',
    )
    assert top[0] == ("James Mattis", "Person", str(counted.rows[0][0]), "3")
    assert [speaker for speaker, *_ in top[:4]] == [
        "James Mattis", "Joseph Dunford", "US-led coalition", "Reuters"
    ]  # fmt: skip
    col = table.columns.index
    dunford = table.rows[1]
    # "the coalition" of his article is the gazetteer's US-led coalition, named in full in
    # another article of the story; each with the number of his 8 claims that mention it
    assert str(dunford[col("organizations")]) == "ISIS (6), US-led coalition (2)"
    assert str(dunford[col("places")]).split(", ") == [
        "Syria (2)", "United States (2)", "Afghanistan (1)", "Iraq (1)", "Libya (1)",
        "Somalia (1)", "Yemen (1)",
    ]  # fmt: skip
    # Mattis's 45 claims: only what at least one in 20 of them (3) mention
    assert str(table.rows[0][col("organizations")]) == (
        "ISIS (17), US-led coalition (5), Syrian Democratic Forces (3)"
    )
    assert str(table.rows[0][col("places")]) == "United States (7)"


def test_claims_by_speaker_are_in_time_order_undated_last(examples_store):
    table = api.query(examples_store, "claims-by-speaker", {"speaker": "Mattis"})
    dated = rows(table, "date", "article")
    assert dated[:2] == [("2017-05", A002), ("2017-12-27", A002)]
    keys = [(d is None, d or "", a) for d, a in dated]
    assert keys == sorted(keys)
    assert dated[-1] == (None, A001)


def test_claims_about_an_entity_are_the_claims_that_mention_it(examples_store):
    table = api.query(examples_store, "claims-about", {"entity": "Somalia"})
    assert rows(table, "about", "speaker", "article") == [("Somalia", "Joseph Dunford", A001)]


def test_repeated_claims_are_the_examples_none_and_two_articles_quoting_mattis(
    examples_store, tmp_path
):
    assert api.query(examples_store, "repeated-claims").rows == []
    quote = "We are crushing the life out of the caliphate, and its fighters are running out"
    (tmp_path / "a.txt").write_text(
        f'date 2017-12-22\n"{quote} of places to hide," Defense Secretary James Mattis told '
        "reporters on Friday.\n",
        encoding="utf-8",
    )
    (tmp_path / "b.txt").write_text(
        "date 2017-12-20\nJames Mattis, the US defense secretary, said on Wednesday: "
        f'"{quote.replace(",", "")} of places to hide."\n',
        encoding="utf-8",
    )
    with LocalStore(tmp_path / "store", create=True) as store:
        api.build([tmp_path / "a.txt", tmp_path / "b.txt"], store=store, progress=False)
        table = api.query(store, "repeated-claims")
    ((speaker, claim, appearances, first, since, tracked),) = rows(table, *table.columns)
    assert (speaker, claim, appearances, first, since) == (
        "James Mattis",
        f"{quote.replace(',', '')} of places to hide.",
        "2",
        "b.txt",
        "2017-12-20",
    )
    assert tracked.startswith("tracked/")
    # every appearance of it, by its id: earliest first, each as its article words it
    with LocalStore(tmp_path / "store", read_only=True) as store:
        each = api.query(store, "claim-appearances", {"tracked": tracked})
    assert rows(each, "article", "date", "speaker", "quote") == [
        ("b.txt", "2017-12-20", "James Mattis", "direct"),
        ("a.txt", "2017-12-22", "James Mattis", "direct"),
    ]
    assert str(each.rows[1][each.columns.index("claim")]).startswith(quote)
    iri = "https://w3id.org/claimkg/id/" + tracked  # its whole IRI finds it too
    with LocalStore(tmp_path / "store", read_only=True) as store:
        assert api.query(store, "claim-appearances", {"tracked": iri}).rows == each.rows


def test_query_cells_are_the_rdflib_terms_rdflib_would_make_of_each_oxigraph_term():
    import pyoxigraph as ox
    from rdflib import BNode, Literal, URIRef
    from rdflib.namespace import XSD

    from kg.rdf.store import TermCache

    terms = TermCache()
    cases = [
        (ox.Literal("James Mattis"), Literal("James Mattis", datatype=XSD.string)),
        (ox.Literal(" spaced  text\n"), Literal(" spaced  text\n", datatype=XSD.string)),
        (ox.Literal("12", datatype=ox.NamedNode(XSD.integer)), Literal("12", datatype=XSD.integer)),
        (ox.Literal("2017-12", datatype=ox.NamedNode(XSD.gYearMonth)), None),
        (ox.Literal("Irak", language="fr"), Literal("Irak", lang="fr")),
        (ox.NamedNode("https://w3id.org/claimkg/id/x"), URIRef("https://w3id.org/claimkg/id/x")),
        (ox.BlankNode("b0"), BNode("b0")),
    ]
    for oxigraph, expected in cases:
        if expected is None:
            expected = Literal(oxigraph.value, datatype=oxigraph.datatype.value)
        made = terms.rdflib(oxigraph)
        assert type(made) is type(expected) and made == expected
        if isinstance(expected, Literal):  # the same in every attribute, value included
            for attribute in ("language", "datatype", "value", "ill_typed"):
                assert getattr(made, attribute) == getattr(expected, attribute), attribute
            assert terms.rdflib(oxigraph) is made  # each distinct literal made once
    assert terms.rdflib(None) is None


def test_entities_are_the_most_mentioned_first_then_by_name(examples_store):
    table = api.query(examples_store, "entities")
    keys = [(-int(m), name) for name, m in rows(table, "name", "mentions")]
    assert keys == sorted(keys)
    assert len({m for m, _ in keys}) < len(keys)  # ties, put in order by name
