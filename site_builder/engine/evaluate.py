"""Answers + a compiled rules document -> which advice shows, and why.

Knows nothing of files or of the kit: it reads only the compiled document, as the
browser does, so both give the same advice for the same answers.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass
from typing import Any

from site_builder.engine.jsonlogic import compile_logic
from site_builder.engine.jsonlogic_ops import JsonLogicError, truthy


@dataclass(frozen=True)
class ConditionResult:
    text: str
    holds: bool
    error: str | None = None  # raw `logic` that failed (e.g. NaN) does not hold


@dataclass(frozen=True)
class RuleResult:
    id: str
    group: str
    matched: bool  # every condition holds
    shown: bool  # matched, and not hidden by an earlier match of its `pick: first` group
    conditions: tuple[ConditionResult, ...]
    hidden_by: str | None = None


@dataclass(frozen=True)
class Evaluation:
    checklist: str
    answers: Mapping[str, Any]
    scores: Mapping[str, float]
    rules: tuple[RuleResult, ...]  # in file order
    shown: tuple[str, ...]  # display order: priority (higher first), file, position


@dataclass(frozen=True)
class _CompiledRule:
    id: str
    group: str
    first: bool
    priority: float
    conditions: tuple[tuple[str, Callable[[Any], Any]], ...]


class Evaluator:
    """Compiles a rules document once; `evaluate` then runs for each set of answers."""

    def __init__(self, document: Mapping[str, Any]) -> None:
        self.checklist = str(document["checklist"]["id"])
        self.questions = tuple(q["id"] for s in document["checklist"]["sections"]
                               for q in s["questions"])
        self.scores = tuple((s["id"], compile_logic(s["logic"])) for s in document["scores"])
        self.rules = tuple(
            _CompiledRule(r["id"], r["group"], r["pick"] == "first", r["priority"],
                          tuple((c["text"], compile_logic(c["logic"]))
                                for c in r["conditions"]))
            for r in document["rules"]
        )
        # Rules are listed by file then position, so a stable sort keeps that tie-break.
        self.display_order = tuple(sorted(range(len(self.rules)),
                                          key=lambda i: -self.rules[i].priority))

    def evaluate(self, answers: Mapping[str, Any]) -> Evaluation:
        given = {q: answers.get(q) for q in self.questions}
        data = dict(given)
        scores = {}
        for score_id, logic in self.scores:
            scores[score_id] = _number(logic(data))
            data[score_id] = scores[score_id]
        winners: dict[str, str] = {}
        results = []
        for rule in self.rules:
            conditions = tuple(_test(text, test, data) for text, test in rule.conditions)
            matched = all(c.holds for c in conditions)
            hidden_by = winners.get(rule.group) if rule.first and matched else None
            if rule.first and matched and hidden_by is None:
                winners[rule.group] = rule.id
            results.append(RuleResult(rule.id, rule.group, matched,
                                      matched and hidden_by is None, conditions, hidden_by))
        shown = tuple(results[i].id for i in self.display_order if results[i].shown)
        return Evaluation(self.checklist, given, scores, tuple(results), shown)


def _test(text: str, test: Callable[[Any], Any], data: dict[str, Any]) -> ConditionResult:
    try:
        return ConditionResult(text, truthy(test(data)))
    except JsonLogicError as error:
        return ConditionResult(text, False, f"JSON Logic error: {error.type}")


def _number(value: Any) -> float:
    if isinstance(value, bool) or not isinstance(value, (int, float)):
        return 0.0
    return float(value)
