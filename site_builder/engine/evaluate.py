"""Answers + a compiled rules document -> which advice shows, and why.

Knows nothing of files or of the kit: it reads only the compiled document, as the
browser does, so both give the same advice for the same answers.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from itertools import compress

from site_builder.engine.document import Answer, RulesDocument
from site_builder.engine.jsonlogic import JsonValue, compile_logic
from site_builder.engine.jsonlogic.batch import Batch, BatchSum, BatchTest, Test, number_of
from site_builder.engine.jsonlogic.ops import JsonLogicError, truthy
from site_builder.engine.provisional import Provisional, ProvisionalEvaluator


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
    answers: Mapping[str, Answer]
    scores: Mapping[str, float]
    rules: tuple[RuleResult, ...]  # in file order
    shown: tuple[str, ...]  # display order: priority (higher first), file, position


@dataclass(frozen=True)
class _CompiledRule:
    id: str
    group: str
    first: bool
    priority: float
    conditions: tuple[tuple[str, Test], ...]


def question_ids(document: RulesDocument) -> tuple[str, ...]:
    """The ids of a compiled document's questions, in checklist order."""
    return tuple(q["id"] for s in document["checklist"]["sections"] for q in s["questions"])


class Evaluator:
    """Compiles a rules document once; `evaluate` then runs for each set of answers."""

    def __init__(self, document: RulesDocument) -> None:
        self.checklist = str(document["checklist"]["id"])
        self.questions = question_ids(document)
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
        self._document = document
        self._batch: BatchEvaluator | None = None  # made by the first matched_many
        self._provisional: ProvisionalEvaluator | None = None  # made when first needed

    def evaluate(self, answers: Mapping[str, Answer]) -> Evaluation:
        given = {q: answers.get(q) for q in self.questions}
        data: dict[str, JsonValue] = dict(given)
        scores = self._add_scores(data)
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

    def provisional(self, answers: Mapping[str, Answer]) -> Provisional:
        """What no later answer can change, while the unanswered questions are still open
        (engine/provisional.py); `evaluate` is the final result, unanswered as skipped."""
        if self._provisional is None:
            self._provisional = ProvisionalEvaluator(self._document, self.display_order)
        return self._provisional.evaluate(answers)

    def matched_many(self, answer_sets: Sequence[Mapping[str, JsonValue]]
                     ) -> list[tuple[str, ...]]:
        """For each answer set, the ids of the rules whose conditions all hold (as
        `evaluate(answers).rules[i].matched`, in file order), without the trace: for a
        cohort or a batch, each condition evaluated once per distinct combination of the
        answers it reads."""
        if self._batch is None:
            self._batch = BatchEvaluator(self._document)
        return self._batch.matched(Batch(answer_sets, self.questions))

    def _add_scores(self, data: dict[str, JsonValue]) -> dict[str, float]:
        """The scores, each added to `data` so that rules (and later scores) read it."""
        scores = {}
        for score_id, logic in self.scores:
            scores[score_id] = data[score_id] = number_of(logic(data))
        return scores


class BatchEvaluator:
    """The batch path of `Evaluator.matched_many` alone: the scores as BatchSums and the
    rules' conditions as BatchTests, without compiling what `evaluate` needs (the rule
    checks make one for each part of a rule they try)."""

    def __init__(self, document: RulesDocument) -> None:
        self.questions = question_ids(document)
        self.scores = [(s["id"], BatchSum(s["logic"], compile_logic)) for s in document["scores"]]
        self.tests = [(r["id"], [BatchTest(c["logic"], compile_logic) for c in r["conditions"]])
                      for r in document["rules"]]

    def matched_columns(self, columns: Mapping[str, Sequence[JsonValue]], size: int
                        ) -> list[int]:
        """What `matched_many` finds, for `size` answer sets given column by column (the
        answers to question q in columns[q], a question without a column unanswered): for
        each rule in file order, a mask whose bit i is set where it matched answer set i.
        For the rule checks, which try hundreds of thousands of answer sets: no dict and
        no tuple per answer set."""
        return self.masks(Batch.of_columns(columns, self.questions, size))

    def matched(self, batch: Batch) -> list[tuple[str, ...]]:
        """Each answer set's matched rules, from the rules' masks."""
        if not batch.size:
            return []
        masks = self.masks(batch)
        if not masks:
            return [() for _ in range(batch.size)]
        ids = [rule_id for rule_id, _ in self.tests]
        # bytes 0 and 1, byte i for answer set i (so that zip below reads them at C speed)
        flags = [format(mask, "b").zfill(batch.size)[::-1].encode().translate(_DIGITS)
                 for mask in masks]
        return [tuple(compress(ids, row)) for row in zip(*flags, strict=True)]

    def masks(self, batch: Batch) -> list[int]:
        """Per rule, the mask of the rows where all its conditions hold. The scores are
        added to the batch in order, as `evaluate` adds them, so that a score or a rule
        can read an earlier score."""
        if not batch.size:
            return [0] * len(self.tests)
        for score_id, score in self.scores:
            batch.add(score_id, score.numbers(batch))
        masks = []
        for _, tests in self.tests:
            mask = batch.everyone
            for test in tests:
                mask &= test.run(batch)[0]
                if not mask:
                    break
            masks.append(mask)
        return masks


_DIGITS = bytes.maketrans(b"01", b"\x00\x01")  # "0" and "1" to the bytes 0 and 1


def _test(text: str, test: Test, data: dict[str, JsonValue]) -> ConditionResult:
    try:
        return ConditionResult(text, truthy(test(data)))
    except JsonLogicError as error:
        return ConditionResult(text, False, f"JSON Logic error: {error.type}")
