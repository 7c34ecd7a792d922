"""The browser's evaluator (engine.js, under Node) and the Python one, side by side: the
answer sets to try on a compiled rules document, each evaluator's results, and their
differences in words. tests/test_parity.py says what must agree.
"""

from __future__ import annotations

import itertools
import json
import math
import os
import random
import shutil
import subprocess
from collections.abc import Iterator, Mapping, Sequence
from pathlib import Path
from typing import Any

import pytest

from site_builder.check import check_kit
from site_builder.engine.document import (
    Answer,
    QuestionData,
    RuleData,
    RulesDocument,
    ScoreData,
)
from site_builder.engine.evaluate import Evaluation, Evaluator
from site_builder.engine.jsonlogic import JsonValue
from site_builder.engine.provisional import Provisional
from site_builder.kit.load import load_kit
from site_builder.model.rules import Pick
from tests.kits import FIXTURE_KITS, FIXTURES, ROOT, TESTS

KITS = {"default": ROOT} | {
    path.name: path for path in sorted(FIXTURE_KITS.iterdir()) if path.is_dir()
}
CONDITIONS = FIXTURES / "conditions.yaml"
RUNNER = TESTS / "js" / "parity.js"
MAX_COMBINATIONS = 20_000
SAMPLE_SIZE = 5_000
SEED = 2026
SHOW_MISMATCHES = 5
COMPARISONS = frozenset({"==", "===", "!=", "!==", "<", "<=", ">", ">="})

Answers = dict[str, Answer]
Document = RulesDocument
Summary = dict[str, Any]  # {"shown", "scores", "rules": [[id, matched, shown, hidden_by,
#                              [[holds, error], ...]], ...]}, and from Node "select": what
#                              differs where engine.js's select disagrees with its evaluate


# --- answer sets ---------------------------------------------------------------------


def answer_sets(document: Document) -> list[Answers]:
    """Every combination of each question's options, or a seeded sample where too many."""
    questions = [q for s in document["checklist"]["sections"] for q in s["questions"]]
    thresholds = rule_thresholds(document)
    options = [options_of(q, thresholds.get(q["id"], set())) for q in questions]
    ids = [q["id"] for q in questions]
    if math.prod(map(len, options)) <= MAX_COMBINATIONS:
        combinations: Iterator[tuple[Any, ...]] = itertools.product(*options)
    else:
        rng = random.Random(SEED)
        combinations = (tuple(map(rng.choice, options)) for _ in range(SAMPLE_SIZE))
    return [{i: a for i, a in zip(ids, combo, strict=True) if a is not None}
            for combo in combinations]


def options_of(question: QuestionData, thresholds: set[float]) -> list[Answer]:
    """A question's answers to try; None stands for unanswered."""
    if question["type"] == "number":
        low = question["min"] if question["min"] is not None else 0
        high = question["max"] if question["max"] is not None else low + 10
        near = {t + step for t in thresholds for step in (-1, 0, 1)}
        values = {low, high, (low + high) / 2} | {v for v in near if low <= v <= high}
        return [None, *sorted(values)]
    if question["type"] == "text":
        return [None, "some text"]
    return [None, *(answer["value"] for answer in question["answers"])]


def rule_thresholds(document: Document) -> dict[str, set[float]]:
    """The numbers the rules compare each variable with: {"<": [{"var": "hours"}, 2]}."""
    found: dict[str, set[float]] = {}
    for rule in document["rules"]:
        for condition in rule["conditions"]:
            for name, number in _compared(condition["logic"]):
                found.setdefault(name, set()).add(number)
    return found


def _compared(logic: Any) -> Iterator[tuple[str, float]]:
    if isinstance(logic, list):
        for item in logic:
            yield from _compared(item)
        return
    if not isinstance(logic, dict) or len(logic) != 1:
        return
    ((op, args),) = logic.items()
    if op in COMPARISONS and isinstance(args, list):
        names = [a["var"] for a in args if isinstance(a, dict) and isinstance(a.get("var"), str)]
        numbers = [a for a in args if isinstance(a, (int, float)) and not isinstance(a, bool)]
        yield from itertools.product(names, numbers)
    yield from _compared(args)


# --- the two evaluators --------------------------------------------------------------


def python_results(document: Document, answer_sets: list[Answers]) -> list[Summary]:
    evaluator = Evaluator(document)
    return [summary_of(evaluator.evaluate(answers)) for answers in answer_sets]


def summary_of(evaluation: Evaluation) -> Summary:
    """An evaluation in the form tests/js/parity.js prints (JSON arrays as lists)."""
    return {
        "shown": list(evaluation.shown),
        "scores": dict(evaluation.scores),
        "rules": [
            [r.id, r.matched, r.shown, r.hidden_by, [[c.holds, c.error] for c in r.conditions]]
            for r in evaluation.rules
        ],
    }


def python_outlooks(document: Document, answer_sets: list[Answers]) -> list[Summary]:
    """Each set as answers still being given (engine/provisional.py), as parity.js prints
    it in its `provisional` mode."""
    evaluator = Evaluator(document)
    return [outlook_of(evaluator.provisional(answers)) for answers in answer_sets]


def outlook_of(outlook: Provisional) -> Summary:
    return {
        "shown": list(outlook.shown), "pending": list(outlook.pending),
        "open": list(outlook.open),
        "scores": {s: [r.low, r.high if math.isfinite(r.high) else None]
                   for s, r in outlook.scores.items()},
        "rules": [[r.id, r.verdict, r.shown] for r in outlook.rules],
    }


def node_results(document: Document, answer_sets: Sequence[Mapping[str, JsonValue]],
                 folder: Path, mode: str | None = None) -> list[Summary]:
    """engine.js's result for each answer set (any JSON), from one Node process."""
    node = shutil.which("node")
    if node is None:
        reason = "Node.js (`node`) is not installed; it runs the browser's evaluator"
        if os.environ.get("CI") == "true":
            pytest.fail(reason)
        pytest.skip(reason)
    (folder / "document.json").write_text(json.dumps(document), encoding="utf-8")
    (folder / "answers.json").write_text(json.dumps(answer_sets), encoding="utf-8")
    run = subprocess.run(
        [node, str(RUNNER), str(folder / "document.json"), str(folder / "answers.json"),
         *([mode] if mode else [])],
        capture_output=True, text=True, encoding="utf-8", timeout=120, check=False,
    )
    assert run.returncode == 0, f"{RUNNER.name} failed:\n{run.stderr}"
    return [json.loads(line) for line in run.stdout.splitlines()]


# --- comparing -----------------------------------------------------------------------


def differences(python: Summary, node: Summary) -> list[str]:
    """What differs between the two results for one answer set, in words."""
    if "crash" in node:
        return [f"Node crashed: {node['crash']}"]
    found = []
    if "select" in node:
        found.append(f"engine.js select differs from its evaluate: {node['select']}")
    if python["shown"] != node["shown"]:
        found.append(f"shown: Python {python['shown']}, Node {node['shown']}")
    if not same_scores(python["scores"], node["scores"]):
        found.append(f"scores: Python {python['scores']}, Node {node['scores']}")
    if python["rules"] != node["rules"]:
        fields = "[id, matched, shown, hidden_by, [[holds, error] per condition]]"
        found += [f"rule {(ours or theirs)[0]} {fields}: Python {ours}, Node {theirs}"
                  for ours, theirs in itertools.zip_longest(python["rules"], node["rules"])
                  if ours != theirs]
    return found


def same_scores(python: dict[str, float], node: dict[str, Any]) -> bool:
    """The same score ids with equal values (Node writes NaN as null: never equal)."""
    return python.keys() == node.keys() and all(
        node[key] is not None and float(value) == float(node[key])
        for key, value in python.items()
    )


def assert_same(document: Document, answer_sets: list[Answers], folder: Path) -> None:
    python = python_results(document, answer_sets)
    node = node_results(document, answer_sets, folder)
    assert len(node) == len(python), f"Node gave {len(node)} results for {len(python)} sets"
    mismatches = [
        f"answers {answers}:\n    " + "\n    ".join(found)
        for answers, ours, theirs in zip(answer_sets, python, node, strict=True)
        if (found := differences(ours, theirs))
    ]
    checklist = document["checklist"]["id"]
    assert not mismatches, (
        f"{len(mismatches)} of {len(answer_sets)} answer sets differ for checklist "
        f"'{checklist}'; the first:\n" + "\n".join(mismatches[:SHOW_MISMATCHES])
    )


def assert_same_outlooks(document: Document, answer_sets: list[Answers], folder: Path
                         ) -> None:
    """provisional.py and provisional.js agree on every set, taken as answers still being
    given: the same verdict and shown state for every rule, the same score ranges."""
    python = python_outlooks(document, answer_sets)
    node = node_results(document, answer_sets, folder, "provisional")
    assert len(node) == len(python), f"Node gave {len(node)} results for {len(python)} sets"
    mismatches = [f"answers {answers}:\n    Python {ours}\n    Node   {theirs}"
                  for answers, ours, theirs in zip(answer_sets, python, node, strict=True)
                  if ours != theirs]
    assert not mismatches, (
        f"{len(mismatches)} of {len(answer_sets)} partial answer sets differ for checklist "
        f"'{document['checklist']['id']}'; the first:\n" + "\n".join(mismatches[:SHOW_MISMATCHES])
    )


# --- the kits' documents ----------------------------------------------------------


def kit_documents(kit_name: str) -> dict[str, Document]:
    """Each checklist's compiled rules document of a kit in KITS, as the browser receives it
    (through JSON). Every kit there loads and checks cleanly; one that stops is a failure."""
    checked = check_kit(load_kit(KITS[kit_name]))
    assert checked.ok, "\n".join(map(str, checked.diagnostics))
    return {checklist: json.loads(json.dumps(document))
            for checklist, document in checked.documents.items()}


# --- documents of raw logic --------------------------------------------------------


def raw_score(score_id: str, logic: JsonValue) -> ScoreData:
    return {"id": score_id, "label": score_id, "max": 0, "questions": [], "logic": logic}


def raw_rule(rule_id: str, group: str, pick: Pick, priority: float,
             logic: list[JsonValue]) -> RuleData:
    """A rule whose conditions are `logic`, each with the text "condition i"."""
    return {"id": rule_id, "group": group, "pick": pick, "priority": priority,
            "conditions": [{"text": f"condition {i}", "logic": part, "reads": []}
                           for i, part in enumerate(logic)],
            "advice": {"title": rule_id, "html": "", "section": None}}


def raw_document(checklist: str, questions: list[str], scores: list[ScoreData],
                 rules: list[RuleData]) -> RulesDocument:
    """A compiled rules document around raw JSON Logic, for what no kit has. The evaluators
    read only the questions' ids, the scores and the rules; the rest is placeholders (the
    questions are text questions)."""
    return {
        "format": 1,
        "kit": "raw logic",
        "checklist": {"id": checklist, "title": checklist, "version": "1", "sections": [
            {"id": "only", "title": "", "questions": [
                {"id": q, "text": q, "type": "text", "min": None, "max": None, "answers": [],
                 "classes": ["some text"]}
                for q in questions]}]},
        "scores": scores,
        "chart": None,
        "rules": rules,
    }
