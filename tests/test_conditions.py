"""Every form of condition, as data: fixtures/conditions.yaml, one test per case.

A case's `when` is parsed and checked as a rule file's would be (`parse_when`, with
its positions in the fixture file), compiled into the checklist's rules document,
sent through JSON as the browser receives it, and evaluated with the answers, which
are matched to the checklist as `explain` matches them. The test id is the line of
the case in the fixture file.
"""

from __future__ import annotations

import dataclasses
import json
from collections.abc import Iterator
from pathlib import Path

import pytest

from site_builder.diagnostics import Problems
from site_builder.engine.compile import compile_checklist
from site_builder.engine.evaluate import Evaluator
from site_builder.engine.match import match_answers
from site_builder.kit.conditions import parse_when
from site_builder.kit.load import load_kit
from site_builder.kit.yamlfile import YMap, YNode, YScalar, YSeq, parse_yaml, to_plain
from site_builder.model import Checklist, Kit
from site_builder.model.rules import Advice, Rule, RuleSet

HERE = Path(__file__).resolve().parent
FIXTURE = HERE / "fixtures" / "conditions.yaml"
KIT = HERE / "fixtures" / "kits" / "conditions"
CHECKLIST = "fixture"
FORMS = frozenset({
    "value", "list", "is", "is_not", "in", "not_in", "at_least", "at_most", "above",
    "below", "answered: true", "answered: false", "all", "any", "not", "always", "logic",
})
NUMERIC = ("at_least", "at_most", "above", "below")


def read_cases() -> list[YMap]:
    root = parse_yaml(FIXTURE.read_text(encoding="utf-8"), "tests/fixtures/conditions.yaml")
    assert isinstance(root, YSeq)
    for case in root.items:
        assert isinstance(case, YMap), f"{case.loc}: a case is a mapping"
        assert case.keys() == ["when", "answers", "holds"], \
            f"{case.loc}: a case has 'when', 'answers' and 'holds', in that order"
    return [case for case in root.items if isinstance(case, YMap)]


CASES = read_cases()


@pytest.fixture(scope="module")
def kit() -> Kit:
    return load_kit(KIT)


def evaluate(kit: Kit, case: YMap) -> bool:
    """Whether the case's condition holds for its answers, through the real pipeline."""
    checklist = kit.checklists[CHECKLIST]
    report = Problems()
    when = case.get("when")
    assert when is not None
    conditions = parse_when(when, checklist, report)
    answers_node = case.get("answers")
    assert isinstance(answers_node, YMap)
    raw_answers = to_plain(answers_node)
    assert isinstance(raw_answers, dict)
    answers = match_answers(raw_answers, checklist, answers_node.key_loc, report)
    assert not report.items and conditions is not None, "\n".join(map(str, report))
    rule = Rule(id="the-case", when=conditions, advice=Advice("The case", "", ""),
                group="rules/case.yaml", position=0, location=case.loc)
    rule_set = RuleSet("rules/case.yaml", CHECKLIST, "all", (rule,), case.loc)
    document = compile_checklist(dataclasses.replace(kit, rule_sets=(rule_set,)), CHECKLIST)
    evaluation = Evaluator(json.loads(json.dumps(document))).evaluate(answers)
    (result,) = evaluation.rules
    assert result.shown == ("the-case" in evaluation.shown)
    return result.matched


@pytest.mark.parametrize("case", CASES, ids=[str(case.loc.line) for case in CASES])
def test_condition(kit: Kit, case: YMap) -> None:
    holds = case.get("holds")
    assert isinstance(holds, YScalar) and isinstance(holds.value, bool)
    assert evaluate(kit, case) is holds.value


def forms(node: YNode, checklist: Checklist) -> Iterator[str]:
    """The forms of the Conditions table that a `when` mapping uses, with the kinds of
    subject the numeric comparisons are made on ("at_least on number", ...)."""
    assert isinstance(node, YMap)
    for key, (_, value) in node.entries.items():
        if key in ("all", "any"):
            yield key
            assert isinstance(value, YSeq)
            for item in value.items:
                yield from forms(item, checklist)
        elif key == "not":
            yield key
            yield from forms(value, checklist)
        elif key in ("always", "logic"):
            yield key
        elif isinstance(value, YMap):
            question = checklist.question(key)
            kind = question.type if question else "score"
            for op, (_, operand) in value.entries.items():
                if op == "answered":
                    yield f"answered: {to_plain(operand)}".lower()
                else:
                    yield op
                    if op in NUMERIC:
                        yield f"numeric on {kind}"
        else:
            yield "list" if isinstance(value, YSeq) else "value"


def test_every_form_is_seen_holding_and_failing(kit: Kit) -> None:
    checklist = kit.checklists[CHECKLIST]
    seen: dict[bool, set[str]] = {True: set(), False: set()}
    for case in CASES:
        holds = case.get("holds")
        when = case.get("when")
        assert isinstance(holds, YScalar) and isinstance(holds.value, bool) and when
        seen[holds.value].update(forms(when, checklist))
    wanted = FORMS | {f"numeric on {kind}" for kind in ("number", "score", "choice")}
    assert wanted - seen[True] == set(), "forms never seen holding"
    assert wanted - seen[False] == set(), "forms never seen failing"
