"""Results while a participant is still answering: what no later answer can change.

The unanswered questions are *open*: each may still get any answer, or be skipped. A rule
*holds* when it holds however the open questions are answered, *fails* when it fails
however they are answered, and is *pending* otherwise. In a `pick: first` group a rule
shows when it holds and every earlier rule fails; the group waits (its later rules are
pending) while an earlier rule is pending. A score with open questions is a range.
Nothing pending is shown, so what shows while answering is part of the final result.

How it is decided, exactly and in the same way as engine.js: a rule's conditions are
split into parts that read no open question in common, which can then be decided apart
(a rule holds when every part holds for every answer, fails when some part fails for
every answer). A part is tried with every combination of the representative answers
(`classes` in the document) of the open questions it reads, each also unanswered. An
open question that a part reads only through one score is not tried answer by answer:
the score takes each sum those questions can add (0 when skipped). A part that would
need more than `LIMIT` combinations stays pending until fewer questions are open.
"""

from __future__ import annotations

import itertools
import math
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from typing import Final, Literal

from site_builder.engine.document import Answer, QuestionData, RulesDocument
from site_builder.engine.jsonlogic import JsonValue, compile_logic
from site_builder.engine.jsonlogic.batch import Test, number_of
from site_builder.engine.jsonlogic.ops import JsonLogicError, truthy

LIMIT: Final = 4096  # combinations tried for one part of a rule, at most
Verdict = Literal["holds", "fails", "pending"]
Shown = Literal["yes", "no", "pending"]


@dataclass(frozen=True)
class ScoreRange:
    low: float
    high: float  # math.inf when an open number question has no maximum

    @property
    def settled(self) -> bool:
        return self.low == self.high


@dataclass(frozen=True)
class ProvisionalRule:
    id: str
    group: str
    verdict: Verdict  # its conditions, for every way of answering the open questions
    shown: Shown  # verdict, and the `pick: first` group's earlier rules


@dataclass(frozen=True)
class Provisional:
    answers: Mapping[str, Answer]  # every question, None where open
    open: tuple[str, ...]  # the unanswered questions, in checklist order
    scores: Mapping[str, ScoreRange]
    rules: tuple[ProvisionalRule, ...]  # in file order
    shown: tuple[str, ...]  # shown whatever the open questions get, in display order
    pending: tuple[str, ...]  # may still show, in display order


@dataclass(frozen=True)
class _Condition:
    test: Test
    questions: frozenset[str]  # read directly
    scores: tuple[str, ...]  # read


@dataclass(frozen=True)
class _Rule:
    id: str
    group: str
    first: bool
    conditions: tuple[_Condition, ...]


class ProvisionalEvaluator:
    """Compiles a rules document once; `evaluate` then runs for each set of answers."""

    def __init__(self, document: RulesDocument, display_order: Sequence[int]) -> None:
        questions = [q for s in document["checklist"]["sections"] for q in s["questions"]]
        self.questions = tuple(q["id"] for q in questions)
        self.classes = {q["id"]: (*q["classes"], None) for q in questions}
        self.kinds = {q["id"]: q["type"] for q in questions}
        self.adds = {q["id"]: _contributions(q) for q in questions}
        self.score_ids = tuple(s["id"] for s in document["scores"])
        self.score_questions = {s["id"]: tuple(s["questions"]) for s in document["scores"]}
        self.score_logic = tuple((s["id"], compile_logic(s["logic"]))
                                 for s in document["scores"])
        scores = set(self.score_ids)
        self.rules = tuple(
            _Rule(r["id"], r["group"], r["pick"] == "first", tuple(
                _Condition(compile_logic(c["logic"]),
                           frozenset(n for n in c["reads"] if n not in scores),
                           tuple(n for n in c["reads"] if n in scores))
                for c in r["conditions"]))
            for r in document["rules"])
        self.display_order = tuple(display_order)

    def evaluate(self, answers: Mapping[str, Answer]) -> Provisional:
        given = {q: answers.get(q) for q in self.questions}
        open_ = tuple(q for q in self.questions if given[q] is None)
        verdicts = [self._verdict(rule, given, frozenset(open_)) for rule in self.rules]
        shown = _pick(self.rules, verdicts)
        results = tuple(ProvisionalRule(r.id, r.group, v, s)
                        for r, v, s in zip(self.rules, verdicts, shown, strict=True))
        return Provisional(
            given, open_, {s: self._range(s, given) for s in self.score_ids}, results,
            tuple(results[i].id for i in self.display_order if results[i].shown == "yes"),
            tuple(results[i].id for i in self.display_order if results[i].shown == "pending"))

    def _range(self, score_id: str, given: Mapping[str, Answer]) -> ScoreRange:
        low = high = 0.0
        for question in self.score_questions[score_id]:
            value = given.get(question)
            if value is not None:
                added = self._added(question, value)
                low, high = low + added, high + added
            else:
                least, most = self._spread(question)
                low, high = low + least, high + most
        return ScoreRange(low, high)

    def _added(self, question: str, value: Answer) -> float:
        if self.kinds[question] == "number":
            return float(value) if isinstance(value, (int, float)) else 0.0
        return self.adds[question].get(value, 0.0) if isinstance(value, str) else 0.0

    def _spread(self, question: str) -> tuple[float, float]:
        """The least and most an open question can add to a score (0 when skipped)."""
        if self.kinds[question] == "number":
            low, high = self.adds[question]["min"], self.adds[question]["max"]
            return min(0.0, low), max(0.0, high)
        added = self.adds[question].values()
        return min(0.0, *added), max(0.0, *added)

    def _verdict(self, rule: _Rule, given: Mapping[str, Answer], open_: frozenset[str]
                 ) -> Verdict:
        verdict: Verdict = "holds"
        for part in self._parts(rule, open_):
            found = self._try(part, given, open_)
            if found == "fails":
                return "fails"
            if found == "pending":
                verdict = "pending"
        return verdict

    def _parts(self, rule: _Rule, open_: frozenset[str]) -> list[list[_Condition]]:
        """The rule's conditions, grouped so that no two groups read an open question in
        common (directly or through a score); in the rule's order."""
        parts: list[tuple[set[str], list[_Condition]]] = []
        for condition in rule.conditions:
            reads = set(condition.questions & open_)
            for score in condition.scores:
                reads.update(q for q in self.score_questions[score] if q in open_)
            joined = [p for p in parts if p[0] & reads] if reads else []
            merged = (reads.union(*(p[0] for p in joined)),
                      [c for p in joined for c in p[1]] + [condition])
            parts = [p for p in parts if not any(p is j for j in joined)] + [merged]
        return [conditions for _, conditions in parts]

    def _try(self, part: list[_Condition], given: Mapping[str, Answer],
             open_: frozenset[str]) -> Verdict:
        tried = self._plan(part, open_)
        if tried is None:
            return "pending"
        questions, sums = tried
        data: dict[str, JsonValue] = dict(given)
        seen_true = seen_false = False
        values = [self.classes[q] for q in questions]
        offsets = [sums[s] for s in sums]
        for combination in itertools.product(*values):
            data.update(zip(questions, combination, strict=True))
            base = self._scores(data)
            for extra in itertools.product(*offsets):
                data.update(base)
                for score, add in zip(sums, extra, strict=True):
                    data[score] = base[score] + add
                if all(_holds(c.test, data) for c in part):
                    seen_true = True
                else:
                    seen_false = True
                if seen_true and seen_false:
                    return "pending"
        return "holds" if seen_true else "fails"

    def _plan(self, part: list[_Condition], open_: frozenset[str]
              ) -> tuple[tuple[str, ...], dict[str, tuple[float, ...]]] | None:
        """The open questions to try answer by answer, and for each score read, the sums
        its other open questions can add; None when that is more than LIMIT tries."""
        direct = {q for c in part for q in c.questions if q in open_}
        scores = list(dict.fromkeys(s for c in part for s in c.scores))
        count: dict[str, int] = {}
        for score in scores:
            for question in set(self.score_questions[score]) & open_:
                count[question] = count.get(question, 0) + 1
        # Tried one by one: read directly, in two scores, or a number (no finite sums).
        tried = direct | {q for q, n in count.items()
                          if n > 1 or self.kinds[q] != "choice"}
        sums: dict[str, tuple[float, ...]] = {}
        for score in scores:
            totals = {0.0}
            for question in self.score_questions[score]:
                if question in open_ and question not in tried:
                    adds = {0.0, *self.adds[question].values()}
                    totals = {t + a for t in totals for a in adds}
                    if len(totals) > LIMIT:
                        return None
            if len(totals) > 1:
                sums[score] = tuple(sorted(totals))
        questions = tuple(q for q in self.questions if q in tried)
        size = math.prod(len(self.classes[q]) for q in questions) * \
            math.prod(len(v) for v in sums.values())
        return (questions, sums) if size <= LIMIT else None

    def _scores(self, data: dict[str, JsonValue]) -> dict[str, float]:
        return {score_id: number_of(logic(data)) for score_id, logic in self.score_logic}


def _contributions(question: QuestionData) -> dict[str, float]:
    """What each answer adds to a score; for a number question, its least and most."""
    if question["type"] == "number":
        low, high = question["min"], question["max"]
        return {"min": -math.inf if low is None else low,
                "max": math.inf if high is None else high}
    return {a["value"]: a["score"] or 0.0 for a in question["answers"]}


def _holds(test: Test, data: dict[str, JsonValue]) -> bool:
    try:
        return truthy(test(data))
    except JsonLogicError:
        return False  # a condition that fails with an error does not hold


def _pick(rules: Iterable[_Rule], verdicts: Sequence[Verdict]) -> list[Shown]:
    """Whether each rule shows: its verdict, unless an earlier rule of its `pick: first`
    group holds (it does not show) or is pending (it is pending, unless it fails)."""
    winners: set[str] = set()
    waiting: set[str] = set()
    shown: list[Shown] = []
    for rule, verdict in zip(rules, verdicts, strict=True):
        if not rule.first:
            shown.append("yes" if verdict == "holds" else
                         "no" if verdict == "fails" else "pending")
        elif rule.group in winners or verdict == "fails":
            shown.append("no")
        elif rule.group in waiting or verdict == "pending":
            waiting.add(rule.group)
            shown.append("pending")
        else:
            winners.add(rule.group)
            shown.append("yes")
    return shown
