"""Evaluator.matched_many, which evaluates many answer sets at once, and
BatchEvaluator.matched_columns, the same given column by column (for the rule checks of
`site-builder check`), give for every answer set the rules that `evaluate` finds matched.

Covered: every kit that tests/test_parity.py covers, with its answer sets, in batches of
several sizes; and a document of raw JSON Logic built to catch a batch that groups what it
must not (True, 1 and 1.0; 0.0 and -0.0; NaN; lists and objects as answers) or combines
`or` and `!` wrongly where a part fails with an error.
"""

from __future__ import annotations

import math
import random
from collections.abc import Mapping, Sequence

import pytest

from site_builder.engine.document import RulesDocument
from site_builder.engine.evaluate import BatchEvaluator, Evaluator
from site_builder.engine.jsonlogic import JsonValue
from tests.parity import KITS, answer_sets, kit_documents, raw_document, raw_rule, raw_score

BATCH_SIZES = (1, 7, 64, 1000)
SEED = 2026

AnswerSets = Sequence[Mapping[str, JsonValue]]


def one_by_one(evaluator: Evaluator, sets: AnswerSets) -> list[tuple[str, ...]]:
    # The raw sets give lists and objects as answers on purpose, beyond `evaluate`'s Answer:
    # it must treat them as matched_many (which takes any JSON) does.
    return [tuple(r.id for r in evaluator.evaluate(answers).rules  # type: ignore[arg-type]
                  if r.matched)
            for answers in sets]


def in_batches(evaluator: Evaluator, sets: AnswerSets,
               size: int) -> list[tuple[str, ...]]:
    return [ids for i in range(0, len(sets), size)
            for ids in evaluator.matched_many(sets[i:i + size])]


def by_columns(document: RulesDocument, sets: AnswerSets) -> list[tuple[str, ...]]:
    batch = BatchEvaluator(document)
    columns = {q: [answers.get(q) for answers in sets] for q in batch.questions}
    masks = batch.matched_columns(columns, len(sets))
    ids = [rule["id"] for rule in document["rules"]]
    return [tuple(i for i, mask in zip(ids, masks, strict=True) if mask >> row & 1)
            for row in range(len(sets))]


def assert_python_agrees(document: RulesDocument, sets: AnswerSets) -> None:
    evaluator = Evaluator(document)
    expected = one_by_one(evaluator, sets)
    for size in BATCH_SIZES:
        got = in_batches(evaluator, sets, size)
        bad = [i for i, (a, b) in enumerate(zip(got, expected, strict=True)) if a != b]
        assert not bad, (f"batches of {size}: {len(bad)} answer sets differ; the first, "
                         f"{sets[bad[0]]}: matched_many {got[bad[0]]}, evaluate {expected[bad[0]]}")
    assert evaluator.matched_many([]) == []
    assert by_columns(document, sets) == expected


@pytest.mark.parametrize("kit_name", list(KITS))
def test_kit(kit_name: str) -> None:
    for document in kit_documents(kit_name).values():
        assert_python_agrees(document, answer_sets(document))


# --- raw logic against awkward answers -------------------------------------------------

QUESTIONS = ("a", "b", "n")
VAR_A: JsonValue = {"var": "a"}
VAR_B: JsonValue = {"var": "b"}
VAR_N: JsonValue = {"var": "n"}
CONDITIONS: list[JsonValue] = [
    {"===": [VAR_N, 1]},
    {"===": [VAR_N, True]},
    {"==": [VAR_N, 1]},
    {"<": [{"/": [1, VAR_N]}, 0]},  # tells 0.0 from -0.0
    {"!==": [VAR_N, VAR_N]},  # NaN
    {"or": [{"<": [VAR_A, 1]}, {"===": [VAR_B, "yes"]}]},  # `<` fails on a text answer
    {"!": [{"+": [VAR_A, 1]}]},
    {"and": [{"!!": [VAR_A]}, {"*": [VAR_B, 2]}, {"!==": [VAR_N, None]}]},
    {"or": [{"!": [{"-": [VAR_A, VAR_B]}]}, {"in": [VAR_N, [1, 2, "yes"]]}, False]},
    {"in": [VAR_A, ["yes", "no"]]},
    {"missing": ["a", "b"]},
    {"some": [{"var": "a"}, {"==": [{"var": ""}, 1]}]},
    {"var": "n.0"},
    {">=": [{"var": "total"}, 1]},
    {"<": [{"/": [1, {"var": "total"}]}, 0]},
    {"==": [{"var": "truths"}, 2]},
    {">": [{"var": "defaults"}, 3]},
    {"if": [VAR_A, {"cat": [VAR_B, "x"]}, {"var": ["n", 3]}]},
    {"==": [{"var": ["unknown", 3]}, 3]},  # a key no answer set has: its default
    {"+": [{"var": ["unknown", 1]}, {"var": ["n", 0]}]},
    True,
]
SCORES = [  # summed by column, except `truths` (its terms are not numbers) and `half`
    raw_score("total", {"+": [{"if": [{"===": [VAR_A, "yes"]}, 1, 0]},
                              {"if": [{"===": [VAR_B, "yes"]}, 0.5, 0]},
                              {"if": [{"===": [VAR_N, 2]}, -0.0, -1]}]}),
    raw_score("truths", {"+": [{"!!": [VAR_A]}, {"!!": [VAR_B]}, {"!!": [VAR_N]}]}),
    raw_score("defaults", {"+": [{"var": ["unknown", 2]}, {"if": [VAR_A, 1, 0]},
                                 {"if": [{"===": [VAR_N, 1]}, 1, 0]}]}),
    raw_score("half", {"/": [{"var": "total"}, 2]}),
]
VALUES: list[JsonValue] = ["yes", "no", None, 0, 1, 2, 1.0, -0.0, 0.0, True, False, 2.5, "1", "",
                     [1], [], {"k": 1}, 2**60]
NON_JSON: list[JsonValue] = [math.nan, math.inf, -math.inf]


def awkward_document() -> RulesDocument:
    rules = [raw_rule(f"c{i}", "rules/a.yaml", "all", 0, [logic])
             for i, logic in enumerate(CONDITIONS)]
    rules += [raw_rule(f"pair{i}", "rules/b.yaml", "first", 0,
                       [CONDITIONS[i], CONDITIONS[-2 - i]])
              for i in range(len(CONDITIONS) // 2)]
    rules.append(raw_rule("none", "rules/c.yaml", "all", 0, []))
    return raw_document("raw", list(QUESTIONS), SCORES, rules)


def raw_answers(values: list[JsonValue], count: int) -> list[dict[str, JsonValue]]:
    rng = random.Random(SEED)
    sets = []
    for _ in range(count):
        answers = {q: rng.choice(values) for q in QUESTIONS}
        sets.append({q: a for q, a in answers.items() if rng.random() > 0.1})
    return sets


def test_raw_logic_python() -> None:
    document = awkward_document()
    assert_python_agrees(document, raw_answers(VALUES + NON_JSON, 3000))
    # Few distinct values: most conditions are then evaluated group by group.
    assert_python_agrees(document, raw_answers(["yes", "no", 1, 1.0, True, -0.0, 0.0], 3000))
    # Ints beside floats that are not whole, as a number question's answers are: grouped.
    assert_python_agrees(document, raw_answers([1, 2, 2.5, -0.5, 2**60, math.inf, None], 3000))
    # Floats alone, with two NaN objects (equal to nothing, themselves included).
    assert_python_agrees(document, raw_answers([2.0, 2.5, -0.0, math.nan, float("nan"), None],
                                               3000))

