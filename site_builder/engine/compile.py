"""Conditions -> JSON Logic, and the compiled rules document of a checklist.

The document is the one form of the rules that the browser, the PDF reports and
`explain` all evaluate. Answers reach it as data keyed by question id (null when
unanswered); scores are computed first, by their own JSON Logic, and added to
the same data under their ids.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Iterable, Mapping
from typing import Final

from site_builder.engine import wording
from site_builder.engine.answer_space import AnswerSpace
from site_builder.engine.document import (
    ChartAxisData,
    ChartData,
    ChecklistData,
    ConditionData,
    GroupData,
    RuleData,
    RulesDocument,
    document_json,
)
from site_builder.engine.jsonlogic import JsonValue
from site_builder.i18n import Words
from site_builder.model import ChartAxis, Checklist, Kit, Question
from site_builder.model.rules import (
    AllOf,
    Always,
    AnyOf,
    Compare,
    Condition,
    Not,
    Operand,
    RawLogic,
    Rule,
    RuleSet,
)

FORMAT = 1
_OPS: Final[Mapping[str, str]] = {"at_least": ">=", "at_most": "<=", "above": ">", "below": "<"}
_WORDS: Final[Mapping[str, str]] = {"at_least": "at least", "at_most": "at most",
                                    "above": "above", "below": "below"}


def _var(name: str) -> JsonValue:
    return {"var": name}


def _answered(name: str) -> JsonValue:
    return {"!==": [_var(name), None]}


def compile_condition(condition: Condition, checklist: Checklist) -> JsonValue:
    """One condition as JSON Logic; a condition on an unanswered question is false."""
    if isinstance(condition, Always):
        return True
    if isinstance(condition, RawLogic):
        return condition.logic
    if isinstance(condition, Not):
        return {"!": [compile_condition(condition.item, checklist)]}
    if isinstance(condition, (AllOf, AnyOf)):
        op = "and" if isinstance(condition, AllOf) else "or"
        return {op: [compile_condition(c, checklist) for c in condition.items]}
    return _compile_compare(condition, checklist)


def _compile_compare(compare: Compare, checklist: Checklist) -> JsonValue:
    name, op, value = compare.subject, compare.op, compare.value
    question = checklist.question(name)
    if op == "answered":
        return _answered(name) if value else {"===": [_var(name), None]}
    if op == "is":
        return {"===": [_var(name), _json(value)]}
    if op == "in":
        return {"in": [_var(name), _listed(value)]}
    if op == "is_not":
        return {"and": [_answered(name), {"!==": [_var(name), _json(value)]}]}
    if op == "not_in":
        return {"and": [_answered(name), {"!": [{"in": [_var(name), _listed(value)]}]}]}
    if question is not None and question.type == "choice":
        # A choice answer compares by its score: known at build time, so the set of
        # answers that pass is written out and the browser needs no score table.
        passing: list[JsonValue] = [*_passing_values(question, op, value)]
        return {"in": [_var(name), passing]}
    comparison: JsonValue = {_OPS[op]: [_var(name), _json(value)]}
    return {"and": [_answered(name), comparison]} if question is not None else comparison


def _json(value: Operand) -> JsonValue:
    """An operand as JSON: several answers (a tuple) as a list, anything else as it is."""
    return list(value) if isinstance(value, tuple) else value


def _listed(values: Operand) -> list[JsonValue]:
    """The answers of `in` and `not_in` (a tuple, as the loader makes them) as a list."""
    return list(values) if isinstance(values, tuple) else [values]


def _passing_values(question: Question, op: str, bound: Operand) -> list[str]:
    if not isinstance(bound, (int, float)):  # the loader gives numeric comparisons a number
        return []
    tests: dict[str, Callable[[float], bool]] = {
        "at_least": lambda s: s >= bound, "at_most": lambda s: s <= bound,
        "above": lambda s: s > bound, "below": lambda s: s < bound,
    }
    return [a.value for a in question.answers if a.score is not None and tests[op](a.score)]


def describe(condition: Condition, checklist: Checklist) -> str:
    """The condition in words, for "why this advice" and `explain`."""
    if isinstance(condition, Always):
        return "always"
    if isinstance(condition, RawLogic):
        text = json.dumps(condition.logic, ensure_ascii=False)
        return f"custom logic {text if len(text) < 80 else text[:77] + '...'}"
    if isinstance(condition, Not):
        return f"not ({describe(condition.item, checklist)})"
    if isinstance(condition, (AllOf, AnyOf)):
        word = "all of" if isinstance(condition, AllOf) else "any of"
        return f"{word}: " + "; ".join(describe(c, checklist) for c in condition.items)
    return _describe_compare(condition, checklist)


def _describe_compare(compare: Compare, checklist: Checklist) -> str:
    name, op, value = compare.subject, compare.op, compare.value
    question = checklist.question(name)
    if question is None:
        score = checklist.score(name)
        label = score.label if score else name
        return f"{label} score is {_WORDS[op]} {value:g}"
    subject = f"“{question.text}”"
    if op == "answered":
        return f"{subject} is {'answered' if value else 'not answered'}"

    def labels(values: Iterable[JsonValue]) -> str:
        names = [_label(question, v) for v in values]
        return " or ".join(names) if names else "(no answer)"

    if op == "is":
        return f"{subject}: {_label(question, value)}"
    if op == "in":
        return f"{subject}: {labels(_listed(value))}"
    if op == "is_not":
        return f"{subject}: answered, not {_label(question, value)}"
    if op == "not_in":
        return f"{subject}: answered, not {labels(_listed(value))}"
    if question.type == "choice":
        return f"{subject}: {labels(_passing_values(question, op, value))}"
    return f"{subject} is {_WORDS[op]} {value:g}"


def _label(question: Question, value: object) -> str:
    option = question.option(str(value)) if question.type == "choice" else None
    return option.label if option else str(value)


def compile_score(checklist: Checklist, question_ids: tuple[str, ...]) -> JsonValue:
    """A score as JSON Logic: the sum of the chosen answers' scores; blanks add nothing."""
    terms: list[JsonValue] = []
    for question in (checklist.question(q) for q in question_ids):
        if question is None:
            continue
        if question.type == "number":
            terms.append({"if": [_answered(question.id), _var(question.id), 0]})
            continue
        branches: list[JsonValue] = []
        for answer in (a for a in question.answers if a.score):
            branches += [{"===": [_var(question.id), answer.value]}, answer.score or 0]
        terms.append({"if": [*branches, 0]})
    return {"+": terms} if terms else 0


def compile_checklist(kit: Kit, checklist_id: str) -> RulesDocument:
    """The compiled rules document of one checklist (JSON-able)."""
    checklist = kit.checklists[checklist_id]
    rule_sets = sorted(kit.rules_for(checklist_id), key=lambda s: s.path)
    space = AnswerSpace(checklist, (r for rule_set in rule_sets for r in rule_set.rules))
    words = wording.site_words(kit.site)
    document: RulesDocument = {
        "format": FORMAT,
        "kit": kit.site.title,
        "language": kit.site.language,
        "checklist": _checklist_data(checklist, space),
        "scores": [
            {"id": s.id, "label": s.label,
             "label_in_sentence": wording.label_in_sentence(s.label, kit.site.language),
             "max": checklist.max_score(s),
             "questions": list(s.questions), "logic": compile_score(checklist, s.questions)}
            for s in checklist.scores
        ],
        "chart": _chart_data(checklist),
        "rules": [_rule_data(rule, rule_set, checklist, space, words)
                  for rule_set in rule_sets for rule in rule_set.rules],
        "groups": [_group_data(rule_set) for rule_set in rule_sets],
    }
    document_json(document, checklist.location)  # refused now, before any page is written
    return document


def _group_data(rule_set: RuleSet) -> GroupData:
    title = rule_set.title or wording.title_from_path(rule_set.path)
    return {"id": rule_set.path, "title": title, "pick": rule_set.pick}


def _checklist_data(checklist: Checklist, space: AnswerSpace) -> ChecklistData:
    return {
        "id": checklist.id,
        "title": checklist.title,
        "version": checklist.version,
        "sections": [
            {"id": s.id, "title": s.title, "questions": [
                {"id": q.id, "text": q.text, "type": q.type, "min": q.minimum,
                 "max": q.maximum,
                 "answers": [{"value": a.value, "label": a.label, "score": a.score}
                             for a in q.answers],
                 "classes": list(space.classes(q))}
                for q in s.questions]}
            for s in checklist.sections
        ],
    }


def _chart_data(checklist: Checklist) -> ChartData | None:
    chart = checklist.chart
    if chart is None:
        return None
    zones = chart.zones
    return {
        "title": chart.title,
        "x": _axis_data(checklist, chart.x),
        "y": _axis_data(checklist, chart.y),
        "zones": {"top_left": zones.top_left, "top_right": zones.top_right,
                  "bottom_left": zones.bottom_left, "bottom_right": zones.bottom_right},
    }


def _axis_data(checklist: Checklist, axis: ChartAxis) -> ChartAxisData:
    score = checklist.score(axis.score)
    label, top = (score.label, checklist.max_score(score)) if score else (axis.score, 0.0)
    return {"score": axis.score, "label": label, "max": top, "split_at": axis.split_at}


def _rule_data(rule: Rule, rule_set: RuleSet, checklist: Checklist, space: AnswerSpace,
               words: Words) -> RuleData:
    reads = space.condition_reads(rule)
    return {
        "id": rule.id,
        "group": rule_set.path,
        "pick": rule_set.pick,
        "priority": rule.priority,
        "conditions": [_condition_data(c, checklist, subjects, words)
                       for c, subjects in zip(rule.when, reads, strict=True)],
        "advice": {"title": rule.advice.title, "html": rule.advice.html,
                   "section": rule.advice.section},
    }


def _condition_data(condition: Condition, checklist: Checklist, reads: tuple[str, ...],
                    words: Words) -> ConditionData:
    return {
        "text": describe(condition, checklist),
        "logic": compile_condition(condition, checklist),
        "subject": wording.subject_of(condition),
        "op": wording.op_of(condition),
        "relation": wording.relation(condition, checklist, words),
        "clause": wording.clause(condition, checklist, words),
        "reads": list(reads),
    }
