"""The range check: a comparison (`at_least`, `at_most`, `above`, `below`) whose number
lies at or beyond the edge of what it compares, so that it holds for everyone or for no one:
`below: 20` on a score that reaches 3 at most, `above: -1` on one that starts at 0.

What a comparison can see: a score runs from the sum of its questions' lowest values to
the sum of their highest (a blank answer adds 0, so 0 is within reach); a number question
from its `min` to its `max`; a choice question over its answers' scores. A bound that is
not set (a number question without `max`) leaves that side open, and nothing is said
about it. The values are monotone in the comparison, so checking the two ends is exact.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from dataclasses import dataclass

from site_builder.diagnostics import Problems
from site_builder.model import Checklist, Question
from site_builder.model.rules import NUMERIC_OPS, AllOf, AnyOf, Compare, Condition, Not, Rule

# The comparison that includes (or leaves out) the edge a strict (or loose) one gets wrong.
_TURNED = {"above": "at_least", "below": "at_most", "at_least": "above", "at_most": "below"}


@dataclass(frozen=True)
class Span:
    """The values a subject can take; None: no bound on that side."""

    low: float | None
    high: float | None
    what: str  # "score 'work' runs", "'hours' takes numbers", ...

    def words(self) -> str:
        if self.low is not None and self.high is not None:
            return f"{self.what} from {self.low:g} to {self.high:g}"
        if self.low is not None:
            return f"{self.what} from {self.low:g} up, with no maximum"
        return f"{self.what} up to {self.high:g}, with no minimum"

    def between(self) -> str:
        if self.low is not None and self.high is not None:
            return f"a number between {self.low:g} and {self.high:g}"
        return f"a number above {self.low:g}" if self.low is not None else \
            f"a number below {self.high:g}"


def check_ranges(checklist: Checklist, rules: Iterable[Rule], report: Problems) -> set[str]:
    """Warn at each comparison that holds for everyone or for no one; the ids of the rules
    that can therefore never show (their own warning would say less)."""
    never: set[str] = set()
    for rule in rules:
        for compare, required in _comparisons(rule.when, required=True):
            span = subject_span(checklist, compare.subject)
            if span is None or compare.op not in NUMERIC_OPS or \
                    not isinstance(compare.value, (int, float)):
                continue
            verdict = _verdict(compare.op, compare.value, span)
            if verdict is None:
                continue
            report.warning(compare.location, _message(rule, compare, compare.value, span,
                                                      verdict, required, checklist))
            if verdict == "never" and required:
                never.add(rule.id)
    return never


def subject_span(checklist: Checklist, subject: str) -> Span | None:
    """What a comparison on `subject` can see; None when it is open on both sides."""
    question = checklist.question(subject)
    if question is not None:
        low, high = _question_span(question)
        what = f"'{subject}' takes numbers" if question.type == "number" else \
            f"the answers of '{subject}' score"
    else:
        score = checklist.score(subject)
        if score is None:
            return None
        low = high = 0.0
        for member in (checklist.question(q) for q in score.questions):
            if member is None:
                continue
            q_low, q_high = _question_span(member)
            # A blank answer adds 0, so 0 is always within a question's reach.
            low = None if low is None or q_low is None else low + min(q_low, 0)
            high = None if high is None or q_high is None else high + max(q_high, 0)
        what = f"score '{subject}' runs"
    return None if low is None and high is None else Span(low, high, what)


def _question_span(question: Question) -> tuple[float | None, float | None]:
    if question.type == "number":
        return question.minimum, question.maximum
    scores = [a.score or 0 for a in question.answers]  # an answer without a score adds 0
    return (min(scores), max(scores)) if scores else (0, 0)


def _comparisons(conditions: Iterable[Condition], required: bool
                 ) -> Iterator[tuple[Compare, bool]]:
    """Each comparison, and whether the rule needs it to hold (not under `any` or `not`)."""
    for condition in conditions:
        if isinstance(condition, Compare):
            yield condition, required
        elif isinstance(condition, AllOf):
            yield from _comparisons(condition.items, required)
        elif isinstance(condition, AnyOf):
            yield from _comparisons(condition.items, required and len(condition.items) == 1)
        elif isinstance(condition, Not):
            yield from _comparisons((condition.item,), required=False)


def _verdict(op: str, n: float, span: Span) -> str | None:
    """"always" when every value in the span passes, "never" when none does, else None."""
    low, high = span.low, span.high
    always = {"at_least": low is not None and low >= n, "above": low is not None and low > n,
              "at_most": high is not None and high <= n, "below": high is not None and high < n}
    never = {"at_least": high is not None and high < n, "above": high is not None and high <= n,
             "at_most": low is not None and low > n, "below": low is not None and low >= n}
    return "always" if always[op] else "never" if never[op] else None


def _message(rule: Rule, compare: Compare, n: float, span: Span, verdict: str,
             required: bool, checklist: Checklist) -> str:
    written = f"rule '{rule.id}': '{compare.op}: {n:g}'"
    question = checklist.question(compare.subject)
    if n in (span.low, span.high):  # the right number, with the wrong strictness
        turned = f"'{_TURNED[compare.op]}: {n:g}'"
        fix = f"to include {n:g}, write {turned}" if verdict == "never" else \
            f"to leave {n:g} out, write {turned}"
    else:
        fix = f"use {span.between()}"
    if verdict == "never":
        then = ", so the rule can never show" if required else ""
        return f"{written} never holds, since {span.words()}{then}; {fix}"
    alone = rule.when == (compare,)
    if question is None:
        then = (": the advice shows for everyone" if alone else
                ": it does not narrow who gets the advice") if required else ""
        return f"{written} always holds, since {span.words()}{then}; {fix}, or remove it"
    then = (f": the advice shows for everyone who answers '{question.id}'" if alone else
            ": only a blank answer fails it") if required else ""
    return (f"{written} holds for every answer, since {span.words()}{then}; {fix}, or "
            "write 'answered: true' if that is what you mean")
