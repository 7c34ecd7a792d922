"""The browser's evaluator (engine.js, under Node) and the Python one agree on every kit's rules.

For the default kit (the repository root) and each kit in tests/fixtures/kits/ that loads
and checks cleanly, every checklist's compiled rules document is evaluated both ways for
many answer sets: every combination of answers (each question: each of its answers, or
unanswered; a number question: unanswered, its bounds, a middle value and values around
each threshold the rules compare it with; a text question: unanswered or some text) where
there are at most MAX_COMBINATIONS, else SAMPLE_SIZE seeded random ones. The conditions
fixture (tests/fixtures/conditions.yaml) adds every form of condition, raw logic included.

Both sides must give, for every answer set, the same shown advice in the same order, the
same scores and the same per-rule (and per-condition) results. On the Node side, the page's
lean path (`select`) must also agree with `evaluate` on every set: the same shown advice,
scores and matched rules. Node runs once per document.

The same sets are then taken as answers still being given, their unanswered questions
open (engine/provisional.py and provisional.js): for the default kit that is every partial
combination of answers. Both must give every rule the same verdict and shown state, and
every score the same range.
"""

from __future__ import annotations

import dataclasses
import json
from pathlib import Path

import pytest

from site_builder.diagnostics import Location, Problems
from site_builder.engine.compile import compile_checklist
from site_builder.kit.conditions import parse_when
from site_builder.kit.load import load_kit
from site_builder.kit.yamlfile import YMap, YSeq, parse_yaml
from site_builder.model.rules import Advice, Pick, Rule, RuleSet
from tests.parity import (
    CONDITIONS,
    KITS,
    answer_sets,
    assert_same,
    assert_same_outlooks,
    kit_documents,
)


@pytest.mark.parametrize("kit_name", list(KITS))
def test_kit(kit_name: str, tmp_path: Path) -> None:
    for checklist, document in kit_documents(kit_name).items():
        folder = tmp_path / checklist
        folder.mkdir()
        assert_same(document, answer_sets(document), folder)


@pytest.mark.parametrize("kit_name", list(KITS))
def test_kit_while_answering(kit_name: str, tmp_path: Path) -> None:
    """The same answer sets, their unanswered questions still open: for the default kit,
    every partial combination of answers; for larger kits, the seeded sample."""
    for checklist, document in kit_documents(kit_name).items():
        folder = tmp_path / checklist
        folder.mkdir()
        assert_same_outlooks(document, answer_sets(document), folder)


def test_every_form_of_condition(tmp_path: Path) -> None:
    """Each case of the conditions fixture as a rule in a `pick: all` group; every fourth
    one also in a `pick: first` group, with priorities that reorder them."""
    kit = load_kit(KITS["conditions"])
    checklist = kit.checklists["fixture"]
    report = Problems()
    root = parse_yaml(CONDITIONS.read_text(encoding="utf-8"), "tests/fixtures/conditions.yaml")
    assert isinstance(root, YSeq)
    rules: dict[Pick, list[Rule]] = {"all": [], "first": []}
    for n, case in enumerate(item for item in root.items if isinstance(item, YMap)):
        when = case.get("when")
        conditions = parse_when(when, checklist, report) if when is not None else None
        assert conditions is not None, "\n".join(map(str, report))
        for pick, group in rules.items():
            if pick == "first" and n % 4:
                continue
            rule = Rule(id=f"{pick}-{case.loc.line}", when=conditions, group=f"rules/{pick}.yaml",
                        advice=Advice(f"Case {n}", "", ""), position=len(group),
                        priority=n % 3 if pick == "first" else 0, location=case.loc)
            group.append(rule)
    rule_sets = tuple(
        RuleSet(f"rules/{pick}.yaml", "fixture", pick, tuple(group), Location(f"rules/{pick}.yaml"))
        for pick, group in rules.items()
    )
    kit = dataclasses.replace(kit, rule_sets=rule_sets)
    document = json.loads(json.dumps(compile_checklist(kit, "fixture")))
    sets = answer_sets(document)
    assert_same(document, sets, tmp_path)
    assert_same_outlooks(document, sets, tmp_path)
