"""engine.js's `select` (the page's lean path) agrees with its `evaluate` at the edges.

tests/test_parity.py compares the two on every kit's rules; these documents add what no kit
has: questions named "__proto__", "constructor" and "toString", scores that read a score
not yet computed (absent, so null or a `var` default), raw logic that fails, and `pick:
first` groups with tied priorities. One document reads the data only through plain `var`s
(where `select` builds no data object), the other also reads it whole (`missing`, `var`
with a default, {"var": ""}). tests/js/parity.js reports where `select` differs.
"""

from __future__ import annotations

import itertools
from pathlib import Path

import pytest

from site_builder.engine.document import RuleData, RulesDocument, ScoreData
from site_builder.engine.jsonlogic import JsonValue
from tests.parity import node_results, raw_document, raw_rule, raw_score

QUESTIONS = ["__proto__", "constructor", "toString", "a", "n"]
ANSWERS: list[JsonValue] = [None, "yes", "no", 3, "", [], {}]  # None: left out of the set

PLAIN_SCORES = [
    raw_score("early", {"+": [{"if": [{"===": [{"var": "n"}, 3]}, 3, 0]}, {"var": "late"}]}),
    raw_score("late", {"if": [{"===": [{"var": "a"}, "yes"]}, 2, 0]}),
]
WHOLE_SCORES = [
    raw_score("early", {"var": ["late", 7]}),
    raw_score("counted", {"if": [{"missing": ["late", "a"]}, 1, 5]}),
    raw_score("late", {"if": [{"===": [{"var": "a"}, "yes"]}, 2, 0]}),
]
PLAIN_RULES: list[tuple[str, list[JsonValue]]] = [
    ("proto", [{"===": [{"var": "__proto__"}, "yes"]}]),
    ("constructor", [{"===": [{"var": "constructor"}, None]}, True]),
    ("to-string", [{"!==": [{"var": "toString"}, None]}]),
    ("loose", [{"==": [{"var": "a"}, None]}]),  # "yes" == null fails ("NaN"): no match
    ("fails-first", [{"throw": "oops"}, {"===": [{"var": "a"}, "yes"]}]),
    ("fails-last", [{"===": [{"var": "a"}, "yes"]}, {"<": [{"var": "a"}, 2]}]),
    ("scores", [{">=": [{"var": "early"}, 2]}, {"in": [{"var": "late"}, [0, 2]]}]),
    ("always", [True]),
]
WHOLE_RULES: list[tuple[str, list[JsonValue]]] = [
    *PLAIN_RULES,
    ("whole", [{"var": ""}, {"missing": ["__proto__", "constructor"]}]),
    ("default", [{"===": [{"var": ["a", "none"]}, "none"]}]),
]


def document(scores: list[ScoreData], rules: list[tuple[str, list[JsonValue]]]
             ) -> RulesDocument:
    """A compiled rules document: the rules in a `pick: all` group, then each again in a
    `pick: first` group whose priorities tie in pairs."""
    compiled: list[RuleData] = [
        raw_rule(f"{pick}-{name}", f"rules/{pick}.yaml", pick,
                 n // 2 if pick == "first" else 0, conditions)
        for pick in ("all", "first") for n, (name, conditions) in enumerate(rules)
    ]
    return raw_document("edges", QUESTIONS, scores, compiled)


def answer_sets() -> list[dict[str, JsonValue]]:
    """Every question left out or given each answer, over the first three questions; the
    other two take each answer in turn."""
    sets: list[dict[str, JsonValue]] = []
    for combo in itertools.product(ANSWERS, repeat=3):
        for n, extra in enumerate(ANSWERS):
            values = [*combo, extra, ANSWERS[(n + 1) % len(ANSWERS)]]
            sets.append({q: v for q, v in zip(QUESTIONS, values, strict=True) if v is not None})
    return sets


@pytest.mark.parametrize(("scores", "rules"), [(PLAIN_SCORES, PLAIN_RULES),
                                               (WHOLE_SCORES, WHOLE_RULES)],
                         ids=["plain-vars", "whole-data"])
def test_select_agrees_with_evaluate(scores: list[ScoreData],
                                     rules: list[tuple[str, list[JsonValue]]],
                                     tmp_path: Path) -> None:
    sets = answer_sets()
    lines = node_results(document(scores, rules), sets, tmp_path)
    assert len(lines) == len(sets)
    problems = [f"{answers}: {line.get('crash') or line['select']}"
                for answers, line in zip(sets, lines, strict=True)
                if "crash" in line or "select" in line]
    assert not problems, f"{len(problems)} of {len(sets)} sets:\n" + "\n".join(problems[:5])
    # The edges are reached: some sets show each kind of advice, some do not.
    shown = {rule for line in lines for rule in line["shown"]}
    assert {"all-proto", "all-constructor", "all-to-string", "all-scores"} <= shown
    assert "all-fails-first" not in shown
    assert len({rule for rule in shown if rule.startswith("first-")}) > 1
