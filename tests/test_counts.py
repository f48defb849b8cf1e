"""The counts kept at write time (issue 12: entities' mentions and claims, tracked claims'
appearances) equal a count from scratch after builds, replaces, removes and a new
gazetteer, and the named queries read them."""

from __future__ import annotations

import shutil

from rdflib import Literal

from kg import api
from kg.rdf.namespaces import CKG
from kg.rdf.store import KEPT_VERSION, open_store

from .conftest import EXAMPLES, GAZETTEER
from .counts import assert_counts_are_a_recount, kept_and_recounted


def test_kept_counts_equal_a_recount_through_builds_replaces_removes_and_a_gazetteer(tmp_path):
    folder = tmp_path / "in"
    shutil.copytree(EXAMPLES, folder)
    store = tmp_path / "store"
    api.build([folder], store=store, progress=False)
    kept, _ = kept_and_recounted(store)
    assert kept  # there is something to keep, in the speakers' graphs too
    assert {name for _, name in kept} == {
        "mentionCount", "mentionArticleCount", "claimCount", "claimArticleCount",
        "appearanceCount", "mentioningClaimCount",
    }  # fmt: skip
    assert_counts_are_a_recount(store)

    first = sorted(folder.iterdir())[0]  # Mattis's words given to Dunford, and more
    text = first.read_text(encoding="utf-8")
    first.write_text(
        text.replace("Mattis", "Dunford") + '\n\n"We will stay," Mattis said.\n', "utf-8"
    )
    api.build([folder], store=store, progress=False)
    assert_counts_are_a_recount(store)

    api.remove([first.name], store=store)
    assert_counts_are_a_recount(store)

    api.build([folder], store=store, progress=False, gazetteer=GAZETTEER)
    assert_counts_are_a_recount(store)


def test_entities_and_top_speakers_read_the_kept_counts(examples_store):
    entities = api.query(examples_store, "entities")
    col = entities.columns.index
    mattis = next(r for r in entities.rows if str(r[col("name")]) == "James Mattis")
    recount = api.query(
        examples_store,
        "SELECT (COUNT(DISTINCT ?m) AS ?n) (COUNT(DISTINCT ?a) AS ?k) WHERE "
        "{ ?m itsrdf:taIdentRef person:james-mattis ; nif:referenceContext ?a }",
    )
    assert (int(mattis[col("mentions")]), int(mattis[col("articles")])) == tuple(
        int(v) for v in recount.rows[0]
    )
    top = api.query(examples_store, "top-speakers")
    claims = api.query(
        examples_store,
        "SELECT (COUNT(?c) AS ?n) WHERE { ?c a schema:Claim ; "
        "prov:wasAttributedTo person:james-mattis }",
    )
    assert str(top.rows[0][0]) == "James Mattis"
    assert int(top.rows[0][top.columns.index("claims")]) == int(claims.rows[0][0])


def test_a_build_derives_once_every_article_is_recorded_in_either_order_and_to_one_graph(
    tmp_path, monkeypatch
):
    # resolution clusters the entities of every article, so a build asked to go ahead
    # while it records (articles in id order) waits for the last; in either order it
    # derives at the end, to the same graph and counts
    import json

    from kg import derive

    from .test_incremental import nt_lines

    monkeypatch.setattr(api, "WRITE_BATCH", 1)
    monkeypatch.setattr(derive, "DERIVE_BATCH", 1)
    advanced = []
    real = derive.Derivation.advance

    def counted(self, until=None, progress=None):
        before = len(self.pending)
        real(self, until, progress)
        advanced.append((until, before - len(self.pending)))

    monkeypatch.setattr(derive.Derivation, "advance", counted)
    texts = {p.name: p.read_text(encoding="utf-8") for p in sorted(EXAMPLES.iterdir())}
    graphs = []
    for order in (sorted(texts), sorted(texts, reverse=True)):
        lines = tmp_path / f"{order[0]}.jsonl"
        lines.write_text("".join(json.dumps({"id": i, "text": texts[i]}) + "\n" for i in order))
        store = tmp_path / f"store-{order[0]}"
        advanced.clear()
        api.build([lines], store=store, progress=False)
        ahead = sum(n for until, n in advanced if until is not None)
        graphs.append(nt_lines(store, tmp_path))
        assert_counts_are_a_recount(store)
        assert ahead == 0
    assert graphs[0] == graphs[1]


def test_each_speakers_graph_holds_its_claims_mentions_as_the_shapes_say(examples_store):
    from rdflib import Graph, URIRef

    from kg.rdf.store import open_store
    from kg.rdf.validate import validate_graph

    graphs: dict[str, Graph] = {}
    with open_store(examples_store, read_only=True) as store:
        for g, e, p, n in store.select_strings(
            "SELECT ?g ?e ?p ?n WHERE { GRAPH ?g { ?e ?p ?n } "
            "FILTER (?g != <https://w3id.org/claimkg/id/build-state>) }"
        ):
            graphs.setdefault(g, Graph()).add((URIRef(e), URIRef(p), Literal(int(n))))
    entity = "https://w3id.org/claimkg/id/entity/"
    dunford = graphs[entity + "person/joseph-dunford"]
    assert dunford.value(URIRef(entity + "place/somalia"), CKG.mentioningClaimCount) == Literal(1)
    assert all(validate_graph(graph) == (True, []) for graph in graphs.values())
    assert api.validate(examples_store)[0]  # none of it in the graph itself


def test_a_graph_kept_by_an_older_kg_is_counted_again_before_a_build_uses_it(tmp_path):
    store, fresh = tmp_path / "store", tmp_path / "fresh"
    api.build([EXAMPLES], store=store, progress=False)
    api.build([EXAMPLES], store=fresh, progress=False)
    with open_store(store) as s:
        assert s.kept_version() == KEPT_VERSION
        # as a kg before version 2 left it: no speakers' counts, no tracked claims' dates,
        # a count that went wrong, and no version
        s.update(
            """
            DELETE { GRAPH ?g { ?e ckg:mentioningClaimCount ?n } }
              WHERE { GRAPH ?g { ?e ckg:mentioningClaimCount ?n } } ;
            DELETE { ?t schema:dateCreated ?d }
              WHERE { ?t a ckg:TrackedClaim ; schema:dateCreated ?d } ;
            DELETE WHERE { GRAPH <https://w3id.org/claimkg/id/build-state> {
              ?s ckg:keptVersion ?v } } ;
            DELETE { ?e ckg:claimCount ?n } INSERT { ?e ckg:claimCount 999 }
              WHERE { ?e ckg:claimCount ?n }
            """
        )
        assert s.kept_version() == 0
    kept, recounted = kept_and_recounted(store)
    assert kept != recounted
    report = api.build([EXAMPLES], store=store, progress=False)  # nothing new to extract
    assert report.unchanged == report.read
    assert_counts_are_a_recount(store)
    with open_store(store) as s, open_store(fresh) as f:
        assert s.kept_version() == KEPT_VERSION
        everything = "SELECT ?g ?s ?p ?o WHERE { { ?s ?p ?o } UNION { GRAPH ?g { ?s ?p ?o } } }"
        assert sorted(map(str, s.select_strings(everything))) == sorted(
            map(str, f.select_strings(everything))
        )
