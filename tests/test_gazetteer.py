"""Gazetteers: entities users know, read from CSV or JSON lines, joining what articles name."""

from __future__ import annotations

import json
import re

import pytest

from kg import api
from kg.cli import main
from kg.gazetteer import WIKIDATA, GazetteerError, read_gazetteer
from kg.model import KnownEntity
from kg.nlp import DEFAULT_MODEL
from kg.rdf.store import open_store

ARTICLES = {
    "a.txt": 'Defense Secretary James Mattis said "the line has held up well." He spoke in Iraq.',
    "b.txt": 'Jim Mattis told reporters "we will stay until the job is done."',
}


def corpus(tmp_path):
    folder = tmp_path / "in"
    folder.mkdir(exist_ok=True)
    for name, text in ARTICLES.items():
        (folder / name).write_text(text, encoding="utf-8")
    return folder


def speakers(store) -> dict[str, set[str]]:
    """The name of each speaker, with its identifiers elsewhere."""
    with open_store(store) as s:
        rows = s.query(
            "SELECT ?n ?same WHERE { ?c prov:wasAttributedTo ?e . ?e schema:name ?n "
            "OPTIONAL { ?e owl:sameAs ?same } }"
        )
        found: dict[str, set[str]] = {}
        for name, same in rows:
            found.setdefault(str(name), set()).update([str(same)] if same else [])
        return found


def test_csv_and_json_lines_gazetteers_read_the_same(tmp_path):
    csv = tmp_path / "g.csv"
    csv.write_text(
        "name,type,aliases,same_as\n"
        "James Mattis,Person,Jim Mattis|Mad Dog Mattis,Q333016\n"
        "Syrian Democratic Forces,organisation,SDF,https://example.org/sdf\n",
        encoding="utf-8",
    )
    jsonl = tmp_path / "g.jsonl"
    jsonl.write_text(
        json.dumps(
            {
                "name": "James Mattis",
                "type": "Person",
                "aliases": ["Jim Mattis", "Mad Dog Mattis"],
                "same_as": "Q333016",
            }
        )
        + "\n\n"
        + json.dumps(
            {
                "name": "Syrian Democratic Forces",
                "type": "Organization",
                "aliases": "SDF",
                "same_as": ["https://example.org/sdf"],
            }
        )
        + "\n",
        encoding="utf-8",
    )
    expected = [
        KnownEntity(
            "James Mattis", "Person", ("Jim Mattis", "Mad Dog Mattis"), (WIKIDATA + "Q333016",)
        ),
        KnownEntity(
            "Syrian Democratic Forces", "Organization", ("SDF",), ("https://example.org/sdf",)
        ),
    ]
    assert read_gazetteer(csv) == read_gazetteer(jsonl) == expected


def test_web_addresses_and_urns_are_taken_as_identifiers(tmp_path):
    path = tmp_path / "g.csv"
    path.write_text(
        "name,type,same_as\nA,Person,https://example.org/a|urn:isni:0000000121032683|HTTP://x.org\n"
    )
    [entity] = read_gazetteer(path)
    assert entity.same_as == ("https://example.org/a", "urn:isni:0000000121032683", "HTTP://x.org")


@pytest.mark.parametrize(
    "name, text, message",
    [
        ("g.csv", "name,type\nMattis,General\n", "g.csv:2: type 'General' of 'Mattis'"),
        ("g.csv", "who,what\nMattis,Person\n", "the first row must name the columns"),
        ("g.csv", "name,type,same_as\nMattis,Person,not an iri\n", "neither an http(s) or urn"),
        ("g.csv", "name,type,same_as\nA,Person,javascript:alert(1)\n", "'javascript:alert(1)'"),
        ("g.csv", "name,type,same_as\nA,Person,data:text/html;x\n", "neither an http(s)"),
        ("g.csv", "name,type,same_as\nA,Person,https://\n", "neither an http(s)"),
        ("g.jsonl", '{"name": "A", "type": "Place"}\n{"type": "Place"}\n', "g.jsonl:2: an entry"),
        ("g.jsonl", '{"name": "A", "type": "Place"\n', "g.jsonl:1: not a JSON object"),
        ("g.txt", "Mattis\n", "a gazetteer is a .csv or a .jsonl file"),
    ],
)
def test_a_gazetteer_that_cannot_be_read_is_named_with_its_line(tmp_path, name, text, message):
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    with pytest.raises(GazetteerError, match=re.escape(message)):
        read_gazetteer(path)


def test_a_gazetteer_joins_names_the_articles_alone_keep_apart(tmp_path):
    folder = corpus(tmp_path)
    api.build([folder], store=tmp_path / "plain", model=DEFAULT_MODEL, progress=False)
    assert set(speakers(tmp_path / "plain")) == {"James Mattis", "Jim Mattis"}
    gazetteer = tmp_path / "g.csv"
    gazetteer.write_text("name,type,aliases,same_as\nJames Mattis,Person,Jim Mattis,Q333016\n")
    api.build(
        [folder], store=tmp_path / "known", model=DEFAULT_MODEL, progress=False, gazetteer=gazetteer
    )
    assert speakers(tmp_path / "known") == {"James Mattis": {WIKIDATA + "Q333016"}}
    conforms, report = api.validate(tmp_path / "known")
    assert conforms, report


def test_a_new_gazetteer_derives_the_stored_graph_again_as_a_fresh_build_would(tmp_path):
    folder = corpus(tmp_path)
    store = tmp_path / "store"
    api.build([folder], store=store, model=DEFAULT_MODEL, progress=False)
    gazetteer = tmp_path / "g.jsonl"
    gazetteer.write_text('{"name": "James Mattis", "type": "Person", "aliases": ["Jim Mattis"]}')
    report = api.build([], store=store, progress=False, gazetteer=gazetteer)
    assert report.read == 0 and report.entities is not None
    api.build(
        [folder], store=tmp_path / "fresh", model=DEFAULT_MODEL, progress=False, gazetteer=gazetteer
    )
    with open_store(store) as s, open_store(tmp_path / "fresh") as f:
        s.dump(tmp_path / "s.nt", "nt")
        f.dump(tmp_path / "f.nt", "nt")
    assert sorted((tmp_path / "s.nt").read_text().splitlines()) == sorted(
        (tmp_path / "f.nt").read_text().splitlines()
    )
    assert set(speakers(store)) == {"James Mattis"}
    # the store keeps its gazetteer: building again without one changes nothing
    api.build([folder], store=store, model=DEFAULT_MODEL, progress=False)
    assert set(speakers(store)) == {"James Mattis"}


def test_kg_build_names_a_bad_gazetteer_and_writes_nothing(tmp_path, capsys):
    bad = tmp_path / "g.csv"
    bad.write_text("name,type\nMattis,Colonel\n")
    code = main(
        ["build", str(corpus(tmp_path)), "--store", str(tmp_path / "s"), "--gazetteer", str(bad)]
    )
    assert code == 2
    assert "g.csv:2: type 'Colonel' of 'Mattis'" in capsys.readouterr().err
    assert not (tmp_path / "s").exists()
