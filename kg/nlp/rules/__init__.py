"""The rules layer: every table kg's extraction reads, as data with its reason, by language.

One module per language holds the tables (``kg/nlp/rules/en.py``: cue verbs, roles,
document nouns, comparators, date expressions, offices and titles, quotation marks,
well-known names ...), each a plain constant with a comment saying why it is there, and
the data files beside it (``en_known.csv``: the entities every article may name). The
extraction modules (``kg.nlp.*``) read them through :data:`active` (``lx.CUE_VERBS``),
never through a table of their own, and nothing after extraction reads them.

Which rule set a pipeline uses is part of its spaCy config: each of our components takes
``rules`` (default: the pipeline's language, ``nlp.lang``), so a pipeline saved with
``nlp.to_disk`` reloads with ``spacy.load`` under the same rules, and a pipeline for a
language with no rule set is refused with a clear message rather than run on words the
rules don't know. A new language is a new module here with the same names, listed in
:data:`RULE_SETS`.

Tables computed from the rules (compiled date patterns, alias look-ups) are made once per
rule set by functions decorated with :func:`per_rule_set`, so that they follow the rule
set in force.
"""

from __future__ import annotations

import functools
import importlib
import types
from collections.abc import Callable
from typing import TypeVar

#: Rule sets by name (a language code): the module holding each one's tables.
RULE_SETS = {"en": "kg.nlp.rules.en"}

#: The tables of the rule set in force: the extraction modules read ``lx.NAME`` from here.
#: English until a component names another rule set (:func:`use`).
active = types.ModuleType("kg.nlp.rules.active", "The tables of the rule set in force.")

T = TypeVar("T")


def load(name: str) -> types.ModuleType:
    """The module of rule set ``name``; a ValueError naming the rule sets there are when
    there is none."""
    if name not in RULE_SETS:
        raise ValueError(
            f"kg has no extraction rules for language {name!r} (rule sets: "
            f"{', '.join(sorted(RULE_SETS))}; see kg/nlp/rules/): name a pipeline for one "
            "of these languages with --model, or set the components' `rules` in its config"
        )
    return importlib.import_module(RULE_SETS[name])


def use(name: str) -> None:
    """Put rule set ``name`` in force for the extraction code of this process. Cheap when
    it already is: our components call it on every document."""
    if getattr(active, "NAME", None) == name:
        return
    module = load(name)
    for key in [k for k in vars(active) if not k.startswith("__")]:
        delattr(active, key)
    for key, value in vars(module).items():
        if not key.startswith("__"):
            setattr(active, key, value)


def per_rule_set(make: Callable[[], T]) -> Callable[[], T]:
    """Decorate a function that computes a table from the rules: it is called once per
    rule set, and its value is returned again while that rule set is in force."""
    made: dict[str, T] = {}

    @functools.wraps(make)
    def table() -> T:
        name = active.NAME
        try:
            return made[name]
        except KeyError:
            made[name] = value = make()
            return value

    return table


def rule_set(nlp: object, name: str | None) -> str:
    """The rule set a component of pipeline ``nlp`` uses: ``name`` from its config, else
    the pipeline's language. Checked here, when the component is made, so that a
    pipeline for a language with no rule set fails at once with a clear message."""
    chosen = name or getattr(nlp, "lang", None) or "en"
    load(chosen)
    return chosen


use("en")
