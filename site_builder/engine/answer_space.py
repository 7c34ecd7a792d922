"""The answers worth trying: a few representative values per question, such that every
combination of them shows every behaviour a checklist's rules can have.

Conditions only compare a question or a score with constants (or are raw JSON Logic),
so a question's answers fall into a few classes that no condition tells apart: each
answer of a choice question; for a number question, each constant it is compared with
and one value in each gap between them (within its min and max); for a text question,
each string constant and one other text. Unanswered is one more class. The lint tries
the combinations of these values with the real evaluator, so it can never disagree with
the engine. Where arithmetic mixes numbers (raw logic on a number, a score over two
number questions), the classes are a best effort and the space says it is not `exact`.
"""

from __future__ import annotations

import itertools
import math
import random
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass

from site_builder.engine.document import Answer
from site_builder.engine.jsonlogic import JsonValue
from site_builder.engine.jsonlogic.analysis import iter_operators, variable_paths
from site_builder.engine.jsonlogic.compile import is_data
from site_builder.model import Checklist, Question
from site_builder.model.rules import (
    NUMERIC_OPS,
    AllOf,
    AnyOf,
    Compare,
    Condition,
    Not,
    Operand,
    RawLogic,
    Rule,
)

OTHER_TEXT = "(some text)"  # a text answer that equals no constant of the rules
_READERS = ("var", "val", "exists", "missing", "missing_some")
_MAX_SUMS = 1000  # partial sums of a score kept before giving up on exactness
Constant = str | int | float  # what a condition compares a question with


@dataclass(frozen=True)
class Space:
    """The combinations of representative answers to some questions."""

    questions: tuple[str, ...]
    values: tuple[tuple[Answer, ...], ...]
    exact: bool  # every behaviour of the rules is among the combinations

    @property
    def size(self) -> int:
        return math.prod(len(v) for v in self.values)

    def all(self) -> Iterator[tuple[Answer, ...]]:
        """Every combination, its answers in the order of `questions`."""
        return itertools.product(*self.values)

    def sample(self, count: int, seed: int) -> Iterator[tuple[Answer, ...]]:
        """`count` combinations drawn at random, the same ones on every run."""
        chooser = random.Random(seed)
        for _ in range(count):
            yield tuple(v[int(chooser.random() * len(v))] for v in self.values)

    def answers(self, combination: tuple[Answer, ...]) -> dict[str, Answer]:
        return dict(zip(self.questions, combination, strict=True))


@dataclass(frozen=True)
class Part:
    """Conditions that must all hold, and the questions they read."""

    conditions: tuple[Condition, ...]
    questions: frozenset[str]
    exact: bool  # their classes of answers cover every behaviour


class AnswerSpace:
    """What the rules of one checklist read, and the representative answers they need."""

    def __init__(self, checklist: Checklist, rules: Iterable[Rule]) -> None:
        self.checklist = checklist
        self._constants: dict[str, set[Constant]] = {q.id: set() for q in checklist.questions}
        self._doubt = False  # set while reading a condition whose classes are a best effort
        # Every rule is read before any space is made: a later rule may add constants.
        rules = tuple(rules)
        self._parts = {rule.id: [self._part(c) for c in _conjuncts(rule.when)]
                       for rule in rules}
        self._reads = {rule.id: [self._subjects_in(c) for c in rule.when] for rule in rules}

    def condition_reads(self, rule: Rule) -> list[tuple[str, ...]]:
        """For each condition of a rule's `when`, the question and score ids it reads, in
        checklist order (all of them where raw logic computes what it reads)."""
        order = [q.id for q in self.checklist.questions] + [s.id for s in self.checklist.scores]
        return [tuple(i for i in order if i in subjects) for subjects in self._reads[rule.id]]

    def classes(self, question: Question) -> tuple[Answer, ...]:
        """A question's representative answers, unanswered aside: each behaves as every
        answer of its class does under every condition of the rules."""
        return tuple(v for v in self._values(question, unanswered=False) if v is not None)

    def reads(self, rule: Rule) -> tuple[str, ...]:
        """The questions a rule reads: directly, through a score, or in raw logic."""
        return self.ordered(self.whole([rule]).questions)

    def ordered(self, questions: Iterable[str]) -> tuple[str, ...]:
        wanted = set(questions)
        return tuple(q.id for q in self.checklist.questions if q.id in wanted)

    def whole(self, rules: Iterable[Rule]) -> Part:
        """All the conditions of these rules as one part."""
        return _merge([part for rule in rules for part in self._parts[rule.id]])

    def components(self, rule: Rule) -> list[Part]:
        """A rule's conditions, grouped so that no two groups read the same question.

        Groups on different questions can hold together exactly when each can hold on
        its own, so each is tried apart: far fewer combinations than the whole rule."""
        groups: list[Part] = []
        for part in self._parts[rule.id]:
            joined = [g for g in groups if g.questions & part.questions]
            groups = [g for g in groups if g not in joined] + [_merge([*joined, part])]
        return groups

    def space(self, part: Part, unanswered: bool = True) -> Space:
        """Every combination of the answers a part reads; `unanswered=False` leaves
        blanks out (a text question may still be left empty)."""
        chosen = [q for q in self.checklist.questions if q.id in part.questions]
        return Space(tuple(q.id for q in chosen),
                     tuple(self._values(q, unanswered) for q in chosen), part.exact)

    def _part(self, condition: Condition) -> Part:
        self._doubt = False
        subjects = self._subjects_in(condition)
        questions = frozenset(q for s in subjects for q in self._questions_of(s))
        return Part((condition,), questions, not self._doubt)

    def _values(self, question: Question, unanswered: bool) -> tuple[Answer, ...]:
        blank = (None,) if unanswered or question.type == "text" else ()
        constants = self._constants[question.id]
        if question.type == "choice":
            return (*(a.value for a in question.answers), *blank)
        if question.type == "text":
            texts = sorted(c for c in constants if isinstance(c, str))
            return (*texts, OTHER_TEXT, *blank)
        return (*_number_values(question, constants), *blank)

    def _subjects_in(self, condition: Condition) -> set[str]:
        """The question and score ids a condition reads; notes the constants it uses."""
        if isinstance(condition, (AllOf, AnyOf)):
            return set().union(*(self._subjects_in(c) for c in condition.items))
        if isinstance(condition, Not):
            return self._subjects_in(condition.item)
        if isinstance(condition, RawLogic):
            return self._raw_subjects(condition.logic)
        if isinstance(condition, Compare):
            self._note(condition.subject, condition.value, condition.op in NUMERIC_OPS)
            return {condition.subject}
        return set()  # always

    def _note(self, subject: str, value: Operand | Sequence[Constant], numeric: bool) -> None:
        values = value if isinstance(value, (tuple, list)) else (value,)
        if subject in self._constants:
            self._constants[subject].update(v for v in values if not isinstance(v, bool))
            return
        score = self.checklist.score(subject)
        if score is None or not numeric:
            return
        numbers = [q for q in (self.checklist.question(i) for i in score.questions)
                   if q is not None and q.type == "number"]
        if len(numbers) > 1:  # a sum of two numbers crosses a bound anywhere
            self._doubt = True
        for question in numbers:
            sums = self._other_sums(score.questions, question.id)
            if sums is None:
                self._doubt = True
                continue
            # The score crosses the bound where the number is the bound minus the rest.
            self._constants[question.id].update(v - s for v in values for s in sums
                                                if isinstance(v, (int, float)))

    def _other_sums(self, question_ids: Iterable[str], leave_out: str) -> set[float] | None:
        """Every sum the choice questions of a score (but one) can add up to."""
        sums = {0.0}
        for question in (self.checklist.question(i) for i in question_ids):
            if question is None or question.id == leave_out or question.type != "choice":
                continue
            scores = {0.0, *(a.score or 0.0 for a in question.answers)}
            sums = {s + t for s in sums for t in scores}
            if len(sums) > _MAX_SUMS:
                return None
        return sums

    def _raw_subjects(self, logic: JsonValue) -> set[str]:
        known = {q.id for q in self.checklist.questions} | {s.id for s in self.checklist.scores}
        dynamic = any(op in _READERS and not is_data(args) for op, args, _ in
                      iter_operators(logic))
        heads = {path.split(".")[0] for path in variable_paths(logic)}
        if dynamic or "" in heads:  # a computed path, or the whole data: it may read anything
            heads = set(known)
        subjects = heads & known
        numbers, texts = _constants_in(logic)
        for subject in subjects:
            question = self.checklist.question(subject)
            # Raw logic may do arithmetic or string work on a number or a text that its
            # constants do not cover; on choices and scores of choices it cannot.
            self._doubt = self._doubt or not self._finite(subject)
            self._note(subject, numbers if question is None or question.type == "number"
                       else texts, numeric=True)
        return subjects

    def _finite(self, subject: str) -> bool:
        """Whether a question or score takes only a few values (no number, no text)."""
        return all(q is not None and q.type == "choice"
                   for q in map(self.checklist.question, self._questions_of(subject)))

    def _questions_of(self, subject: str) -> set[str]:
        score = self.checklist.score(subject)
        return set(score.questions) if score is not None else {subject}


def _conjuncts(conditions: Iterable[Condition]) -> list[Condition]:
    """The conditions that must all hold, with `all:` lists opened up."""
    found: list[Condition] = []
    for condition in conditions:
        if isinstance(condition, AllOf):
            found += _conjuncts(condition.items)
        else:
            found.append(condition)
    return found


def _merge(parts: list[Part]) -> Part:
    return Part(tuple(c for p in parts for c in p.conditions),
                frozenset().union(*(p.questions for p in parts)), all(p.exact for p in parts))


def _constants_in(logic: JsonValue) -> tuple[list[float], list[str]]:
    """The numbers and strings written in raw logic (its operator names aside)."""
    numbers: list[float] = []
    texts: list[str] = []
    stack = [logic]
    while stack:
        item = stack.pop()
        if isinstance(item, dict):
            stack.extend(item.values())
        elif isinstance(item, list):
            stack.extend(item)
        elif isinstance(item, str):
            texts.append(item)
        elif isinstance(item, (int, float)) and not isinstance(item, bool):
            numbers.append(item)
    return numbers, texts


def _number_values(question: Question, constants: Iterable[Constant]) -> tuple[float, ...]:
    """One number in each class: the constants, one between each two, one beyond each
    end, and the question's min and max; only those within min and max."""
    low, high = question.minimum, question.maximum
    bounds = sorted({c for c in constants if isinstance(c, (int, float))})
    points = set(bounds) | {(a + b) / 2 for a, b in itertools.pairwise(bounds)}
    if bounds:
        points |= {bounds[0] - 1, bounds[-1] + 1}
    points |= {b for b in (low, high) if b is not None}
    inside = sorted(p for p in points
                    if (low is None or p >= low) and (high is None or p <= high))
    if not inside:
        inside = [low if low is not None else high if high is not None else 0]
    return tuple(int(p) if float(p).is_integer() else p for p in inside)
