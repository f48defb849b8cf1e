"""The rules layer (kg/nlp/rules): every table extraction reads lives there, by language,
and the components name their rule set in their spaCy config."""

from __future__ import annotations

import ast
from pathlib import Path

import pytest
import spacy

import kg.nlp.pipeline  # noqa: F401  (registers the components)
from kg.nlp import rules

NLP_DIR = Path(kg.nlp.pipeline.__file__).parent


def _word_strings(node: ast.AST) -> list[str]:
    return [
        n.value
        for n in ast.walk(node)
        if isinstance(n, ast.Constant) and isinstance(n.value, str) and n.value.isalpha()
    ]


# Module constants of words that are the code's own values, not words of the text read.
NOT_RULES = {
    "GRANULARITY_ORDER": "the model's date granularities",
    "RESOLVERS": "the date resolvers' names, which the rules' date patterns name",
    "TOKEN_ATTRIBUTES": "spaCy's names of token attributes, which the attribute ruler tests",
}


def test_no_word_table_lives_outside_the_rules_layer():
    # a module-level collection of two or more words, or an inline tuple of words that a
    # token's text or lemma is tested against, is a rule table: it belongs in kg/nlp/rules
    found = []
    for path in sorted(NLP_DIR.glob("*.py")):
        tree = ast.parse(path.read_text(encoding="utf-8"))
        for node in tree.body:
            targets = (
                node.targets if isinstance(node, ast.Assign) else [getattr(node, "target", None)]
            )
            names = {t.id for t in targets if isinstance(t, ast.Name)}
            if isinstance(node, (ast.Assign, ast.AnnAssign)) and node.value is not None:
                if not names or names & NOT_RULES.keys():
                    continue  # "PERSON, ORG = ...": the code's own names for things
                value = node.value
                if isinstance(value, ast.Call) and getattr(value.func, "id", "") in (
                    "frozenset",
                    "set",
                ):
                    value = value.args[0] if value.args else value
                if isinstance(value, (ast.Set, ast.List, ast.Tuple, ast.Dict)):
                    if len(_word_strings(value)) >= 2:
                        found.append(f"{path.name}:{node.lineno}")
        for node in ast.walk(tree):
            if (
                isinstance(node, ast.Compare)
                and isinstance(node.ops[0], (ast.In, ast.NotIn))
                and isinstance(node.left, ast.Attribute)
                and node.left.attr in ("lower_", "text", "lemma_", "orth_")
                and isinstance(node.comparators[0], (ast.Tuple, ast.Set, ast.List))
                and len(_word_strings(node.comparators[0])) >= 2
            ):
                found.append(f"{path.name}:{node.lineno}")
    assert not found, found


def test_a_rule_set_is_chosen_by_the_pipelines_language_and_named_in_its_config():
    nlp = spacy.blank("en")
    nlp.add_pipe("kg_quotes")
    assert nlp.get_pipe("kg_quotes").rules == "en"
    assert nlp.config["components"]["kg_quotes"]["rules"] is None  # default: nlp.lang


def test_a_language_without_rules_is_refused_unless_the_config_names_a_rule_set():
    with pytest.raises(ValueError, match="no extraction rules for language 'de'"):
        spacy.blank("de").add_pipe("kg_claims")
    nlp = spacy.blank("de")
    nlp.add_pipe("kg_quotes", config={"rules": "en"})  # the user's own choice
    assert nlp.get_pipe("kg_quotes").rules == "en"
    with pytest.raises(ValueError, match="rule sets: en"):
        spacy.blank("en").add_pipe("kg_speakers", config={"rules": "xx"})


def test_tables_made_from_the_rules_follow_the_rule_set_in_force(monkeypatch):
    # a second rule set (here English with one more month spelling) is used by the date
    # reader as soon as it is in force, and the first comes back unchanged
    import sys
    import types

    from kg.nlp import dates
    from kg.nlp.rules import en

    variant = types.ModuleType("kg_test_rules_variant")
    variant.__dict__.update({k: v for k, v in vars(en).items() if not k.startswith("__")})
    variant.NAME = "en-variant"
    variant.MONTHS = {**en.MONTHS, "decembre": 12}
    monkeypatch.setitem(sys.modules, "kg_test_rules_variant", variant)
    monkeypatch.setitem(rules.RULE_SETS, "en-variant", "kg_test_rules_variant")
    try:
        rules.use("en-variant")
        assert dates.resolve_date("27 Decembre 2017", None).iso == "2017-12-27"
    finally:
        rules.use("en")
    assert dates.resolve_date("27 Decembre 2017", None) is None
    assert dates.resolve_date("27 December 2017", None).iso == "2017-12-27"


def test_built_in_country_knowledge_comes_from_maintained_data():
    from kg.nlp.titles import title_office

    # demonyms from countryinfo: no hand-typed list names Chad or Peru
    assert title_office("Chadian President").country == "chad"
    assert title_office("Peruvian Foreign Minister").country == "peru"
    assert title_office("Saudi Foreign Minister").country == "saudi arabia"
