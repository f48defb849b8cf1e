"""kg entity and kg entities --review: why resolution made each entity what it is."""

from kg import api
from kg.cli import main
from kg.derive import write
from kg.model import Document, Entity, Extraction, Mention
from kg.rdf.store import LocalStore

BOXING = "The heavyweight title fight in Las Vegas ended in the fourth round, the boxer said."
BOXING_2 = "The heavyweight champion defended his title fight in the fourth round in Las Vegas."


def person(doc_id, text, label, cls="Person"):
    mention = Mention(doc_id, 0, len(label), label, "e0")
    return Extraction(Document(doc_id, text), [Entity("e0", label, cls, (label,), (mention,))])


def store(tmp_path):
    path = tmp_path / "store"
    with LocalStore(path, create=True) as st:
        write(
            st,
            [
                person("a.txt", BOXING, "Lennox Lewis"),
                person("b.txt", BOXING_2, "Lewis"),
                person("c.txt", BOXING_2, "Lennox Lewis", "Place"),
            ],
        )
    return path


def test_an_entity_is_explained_by_its_names_votes_articles_and_joins(tmp_path):
    [lewis] = api.entity("lewis", store(tmp_path))
    assert (lewis["id"], lewis["class"], lewis["votes"]) == (
        "person/lennox-lewis",
        "Person",
        {"Person": 2, "Place": 1},
    )
    assert lewis["articles"] == ["a.txt", "b.txt", "c.txt"]
    why = {m["doc"]: m["why"] for m in lewis["names"]}
    assert why["b.txt"]["kind"] == "surname" and why["b.txt"]["name"] == "Lennox Lewis"
    assert why["c.txt"]["kind"] in {"same full name", "surname"}  # its strongest link


def test_kg_entity_prints_why_each_name_joined_and_fails_on_an_unknown_name(tmp_path, capsys):
    path = store(tmp_path)
    assert main(["entity", "Lewis", "--store", str(path)]) == 0
    out = capsys.readouterr().out
    assert "person/lennox-lewis" in out and "b.txt  'Lewis' Person  surname: 'Lennox Lewis'" in out
    assert main(["entity", "Tyson", "--store", str(path)]) == 1


def test_the_review_lists_joins_closest_to_their_threshold_first(tmp_path):
    joins = api.entity(store=store(tmp_path), review=10)
    margins = [j["margin"] for j in joins]
    assert margins == sorted(margins) and {j["doc"] for j in joins} == {"a.txt", "b.txt", "c.txt"}
