"""Results while answering (engine/provisional.py) are never premature: checked against
brute force, every way of answering (or skipping) the open questions evaluated as final."""

from __future__ import annotations

import itertools
import random
from collections.abc import Iterator, Sequence

import pytest

from site_builder.engine.document import Answer, AnswerData, QuestionData, RulesDocument
from site_builder.engine.evaluate import Evaluation, Evaluator
from site_builder.engine.jsonlogic import JsonValue
from site_builder.engine.provisional import ScoreRange
from tests.parity import kit_documents

Combination = tuple[Answer, ...]


def choices(document: RulesDocument) -> tuple[list[str], list[list[Answer]]]:
    questions = [q for s in document["checklist"]["sections"] for q in s["questions"]]
    return [q["id"] for q in questions], [[None, *q["classes"]] for q in questions]


def partial_sets(options: list[list[Answer]], sample: int | None) -> Iterator[Combination]:
    if sample is None:
        yield from itertools.product(*options)
        return
    chooser = random.Random(13)
    for _ in range(sample):
        combination = [chooser.choice(o[1:]) for o in options]
        for i in chooser.sample(range(len(options)), chooser.randint(1, 4)):
            combination[i] = None
        yield tuple(combination)


def assert_never_premature(document: RulesDocument, sample: int | None) -> None:
    evaluator = Evaluator(document)
    ids, options = choices(document)
    finals: dict[Combination, Evaluation] = {}

    def final(combination: Combination) -> Evaluation:
        if combination not in finals:
            finals[combination] = evaluator.evaluate(
                {q: a for q, a in zip(ids, combination, strict=True) if a is not None})
        return finals[combination]

    for combination in partial_sets(options, sample):
        outlook = evaluator.provisional(
            {q: a for q, a in zip(ids, combination, strict=True) if a is not None})
        ways: Sequence[Sequence[Answer]] = [o if a is None else [a]
                                            for a, o in zip(combination, options, strict=True)]
        outcomes = [final(c) for c in itertools.product(*ways)]
        for i, rule in enumerate(outlook.rules):
            matched = [o.rules[i].matched for o in outcomes]
            exact = "holds" if all(matched) else "fails" if not any(matched) else "pending"
            assert rule.verdict == exact, (combination, rule)
        for outcome in outcomes:
            assert set(outlook.shown) <= set(outcome.shown), (combination, outcome.shown)
            assert set(outcome.shown) <= set(outlook.shown) | set(outlook.pending)
            for score, value in outcome.scores.items():
                assert outlook.scores[score].low <= value <= outlook.scores[score].high


def test_default_kit_every_partial_answer_set() -> None:
    (document,) = kit_documents("default").values()
    assert_never_premature(document, sample=None)


def test_second_kit_sampled() -> None:
    """A number question, a text question, two scores and a `pick: first` group."""
    (document,) = kit_documents("second").values()
    assert_never_premature(document, sample=150)


def test_the_reported_case_waits() -> None:
    """Two instrumental answers decide nothing about psychosocial support: the profile
    group waits, and its psychosocial advice is pending, not shown."""
    (document,) = kit_documents("default").values()
    outlook = Evaluator(document).provisional({"sounding_board": "yes",
                                               "cross_org_allies": "yes"})
    assert outlook.shown == ()
    assert "profile-connected-but-alone" in outlook.pending
    assert "invest-in-a-few-close-ties" in outlook.pending
    assert outlook.scores["instrumental"] == ScoreRange(2, 3)
    assert outlook.scores["psychosocial"] == ScoreRange(0, 3)
    assert outlook.open == ("industry_peers", "confidant", "similar_situation",
                            "long_time_friends")


def test_all_answered_is_the_final_result() -> None:
    (document,) = kit_documents("default").values()
    evaluator = Evaluator(document)
    answers: dict[str, Answer] = {"sounding_board": "no", "cross_org_allies": "yes",
                                  "industry_peers": "not_sure", "confidant": "no",
                                  "similar_situation": "yes", "long_time_friends": "no"}
    outlook = evaluator.provisional(answers)
    assert outlook.pending == () and outlook.open == ()
    assert outlook.shown == evaluator.evaluate(answers).shown


@pytest.mark.parametrize("size", [6, 14])
def test_a_score_over_many_open_questions(size: int) -> None:
    """A score over many open questions is decided through the sums they can add, not
    answer by answer (2 ** 14 combinations would be more than LIMIT)."""
    answers: list[AnswerData] = [{"value": "yes", "label": "Yes", "score": 1},
                                 {"value": "no", "label": "No", "score": 0}]
    questions: list[QuestionData] = [
        {"id": f"q{i}", "text": "", "type": "choice", "min": None, "max": None,
         "answers": answers, "classes": ["yes", "no"]} for i in range(size)]
    terms: list[JsonValue] = [{"if": [{"===": [{"var": f"q{i}"}, "yes"]}, 1, 0]}
                              for i in range(size)]
    document: RulesDocument = {
        "format": 1, "kit": "k", "chart": None,
        "checklist": {"id": "c", "title": "", "version": "1", "sections": [
            {"id": "s", "title": "", "questions": questions}]},
        "scores": [{"id": "total", "label": "Total", "max": size,
                    "questions": [q["id"] for q in questions], "logic": {"+": terms}}],
        "rules": [{"id": "many", "group": "rules/a.yaml", "pick": "all", "priority": 0,
                   "conditions": [{"text": "", "logic": {">=": [{"var": "total"}, 3]},
                                   "reads": ["total"]},
                                  {"text": "", "logic": {"===": [{"var": "q0"}, "yes"]},
                                   "reads": ["q0"]}],
                   "advice": {"title": "", "html": "", "section": None}}],
    }
    evaluator = Evaluator(document)
    assert evaluator.provisional({"q0": "yes", "q1": "yes", "q2": "yes"}).shown == ("many",)
    assert evaluator.provisional({"q0": "yes", "q1": "yes"}).pending == ("many",)
    assert evaluator.provisional({"q0": "no"}).pending == ()
