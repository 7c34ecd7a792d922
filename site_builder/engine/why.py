"""Why each piece of advice shows, in sentences made from the participant's own answers.

Reads only the compiled rules document and an `Evaluation`, so the results page's script
can make the same sentences from the same fields. The rules, in full:

Names. A question is named by its text cut to 32 characters at a word boundary, trailing
punctuation dropped, with " …" when cut, in curly quotes: “Someone who gives you an honest …”
(`wording.short_text`). A score is "your <label, first letter lower case> score", and its
value is "<value> of <max>" ("1 of 3"). An answer is its label ("Not sure"), a number as
written ("2.5"), a text in quotes.

A fact, one per question or score a condition reads:
  - answered question: You answered <answer> to “<question>”.
  - skipped question: You skipped “<question>”.
  - score: Your <label> score is <value> of <max>.

Why a rule shows, one sentence per condition that holds (`reasons`):
  - on a score: its fact with ", <relation>" before the full stop:
    "Your psychosocial support score is 1 of 3, below 2."
  - on a number question: the same: "You answered 1 to “Hours …”, below 2."
  - on a choice question, or `answered`: the fact alone: "You answered No to “…”."
  - any other condition (all / any / not / logic): "It applies when <clause>." and then
    the facts of what it reads, in checklist order.
  - `always`: nothing. A rule left with no sentence at all says "It applies whatever your
    answers."

Why the earlier rules of a `pick: first` group did not fit (`passed_over`), one sentence per
condition of theirs that does not hold, naming the rule by its advice title:
  - on a score: “<title>” needs a <label> score <relation>; yours is <value> of <max>.
    ("an" instead of "a" before a label starting with a, e, i, o or u; "of" before a
    relation that starts with "at": "of at least 2").
  - on a choice question: “<title>” needs the answer <relation> to “<question>”; you
    answered <answer>.  (or: ; you skipped it.)
  - on a number question: “<title>” needs an answer <relation, "of" as for scores> to
    “<question>”; you answered <answer>.  (or: ; you skipped it.)
  - `answered`: “<title>” needs an answer to “<question>”; you skipped it. / “<title>”
    needs “<question>” left blank; you answered <answer>.
  - any other: “<title>” is for when <clause>; that is not so for your answers. Then the
    facts of what it reads.

Skipped questions (`skipped`): "You skipped question <n> (“<question>”): it counted as 0 in
<score label> and <score label>." (without the part after the colon when no score adds it
up), numbered 1, 2, 3 ... across the checklist's sections.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass

from site_builder.engine.document import (
    ConditionData,
    QuestionData,
    RuleData,
    RulesDocument,
    ScoreData,
)
from site_builder.engine.evaluate import ConditionResult, Evaluation
from site_builder.engine.wording import and_list, lower_first, short_text

WHATEVER = "It applies whatever your answers."


@dataclass(frozen=True)
class RuleWhy:
    rule: str
    title: str  # the advice's title
    reasons: tuple[str, ...]  # why it shows, from the conditions that hold
    passed_over: tuple[str, ...]  # `pick: first`: why each earlier rule of its group did not fit

    @property
    def sentences(self) -> tuple[str, ...]:
        return self.reasons + self.passed_over


@dataclass(frozen=True)
class Skipped:
    question: str  # its id
    number: int  # 1, 2, 3 ... across the checklist's sections
    text: str  # its text, shortened as in every sentence
    scores: tuple[str, ...]  # the labels of the scores that add it up
    sentence: str


def explain_shown(document: RulesDocument, evaluation: Evaluation) -> tuple[RuleWhy, ...]:
    """For each rule shown, in display order, the sentences that explain it."""
    words = _Words(document, evaluation)
    rules = {r["id"]: r for r in document["rules"]}
    results = {r.id: r for r in evaluation.rules}
    explained = []
    for rule_id in evaluation.shown:
        rule = rules[rule_id]
        reasons = tuple(s for condition, result in zip(rule["conditions"],
                                                       results[rule_id].conditions, strict=True)
                        if result.holds for s in words.holds(condition))
        passed_over = tuple(s for earlier in _earlier(document, rule)
                            for s in words.not_fitting(earlier, results[earlier["id"]]
                                                       .conditions))
        if not reasons and not passed_over:
            reasons = (WHATEVER,)
        explained.append(RuleWhy(rule_id, rule["advice"]["title"], reasons, passed_over))
    return tuple(explained)


def skipped_questions(document: RulesDocument, evaluation: Evaluation) -> tuple[Skipped, ...]:
    """The questions left unanswered, each with the scores it counted as 0 in."""
    skipped = []
    for number, question in enumerate(_questions(document), start=1):
        if evaluation.answers.get(question["id"]) is not None:
            continue
        labels = tuple(s["label"] for s in document["scores"]
                       if question["id"] in s.get("questions", ()))
        text = short_text(question["text"])
        sentence = f"You skipped question {number} (“{text}”)"
        sentence += f": it counted as 0 in {and_list(labels)}." if labels else "."
        skipped.append(Skipped(question["id"], number, text, labels, sentence))
    return tuple(skipped)


def _earlier(document: RulesDocument, rule: RuleData) -> list[RuleData]:
    """The rules before this one in its `pick: first` group; none in a `pick: all` one."""
    if rule["pick"] != "first":
        return []
    group = [r for r in document["rules"] if r["group"] == rule["group"]]
    return group[:group.index(rule)]


def _questions(document: RulesDocument) -> list[QuestionData]:
    return [q for s in document["checklist"]["sections"] for q in s["questions"]]


class _Words:
    """The sentences of one participant's answers."""

    def __init__(self, document: RulesDocument, evaluation: Evaluation) -> None:
        self.questions = {q["id"]: q for q in _questions(document)}
        self.scores: Mapping[str, ScoreData] = {s["id"]: s for s in document["scores"]}
        self.evaluation = evaluation

    def holds(self, condition: ConditionData) -> list[str]:
        subject, relation = condition.get("subject"), condition.get("relation")
        if subject is None or relation is None:
            return self._other(condition, "It applies when {clause}.")
        numeric = self._is_number(subject) and relation not in ("answered", "not answered")
        if subject in self.scores or numeric:
            return [f"{self.fact(subject)[:-1]}, {relation}."]
        return [self.fact(subject)]

    def not_fitting(self, rule: RuleData, results: Iterable[ConditionResult]) -> list[str]:
        title = f"“{rule['advice']['title']}”"
        sentences = []
        for condition, result in zip(rule["conditions"], results, strict=True):
            if not result.holds:
                sentences += self._needs(title, condition)
        return sentences

    def _needs(self, title: str, condition: ConditionData) -> list[str]:
        subject, relation = condition.get("subject"), condition.get("relation")
        if subject is None or relation is None:
            return self._other(condition, f"{title} is for when {{clause}}; that is not so "
                                          "for your answers.")
        if subject in self.scores:
            score = self.scores[subject]
            label = lower_first(score["label"])
            return [f"{title} needs {_a(label)} {label} score {_of(relation)}; "
                    f"yours is {self._score(subject)}."]
        question = self.questions.get(subject)
        named = f"“{short_text(question['text'])}”" if question else subject
        answer = self.answer(subject)
        yours = f"you answered {answer}" if answer is not None else "you skipped it"
        if relation == "answered":
            return [f"{title} needs an answer to {named}; {yours}."]
        if relation == "not answered":
            return [f"{title} needs {named} left blank; {yours}."]
        if self._is_number(subject):
            return [f"{title} needs an answer {_of(relation)} to {named}; {yours}."]
        return [f"{title} needs the answer {relation} to {named}; {yours}."]

    def _other(self, condition: ConditionData, template: str) -> list[str]:
        clause = condition.get("clause", condition["text"])
        if not clause:  # `always`
            return []
        return [template.format(clause=clause),
                *(self.fact(i) for i in condition.get("reads", []))]

    def fact(self, subject: str) -> str:
        """"You answered No to “…”." / "You skipped “…”." / "Your ... score is 1 of 3."."""
        if subject in self.scores:
            label = lower_first(self.scores[subject]["label"])
            return f"Your {label} score is {self._score(subject)}."
        question = self.questions.get(subject)
        named = f"“{short_text(question['text'])}”" if question else subject
        answer = self.answer(subject)
        if answer is None:
            return f"You skipped {named}."
        return f"You answered {answer} to {named}."

    def answer(self, question_id: str) -> str | None:
        """The answer as the participant chose it: a label, a number, a quoted text."""
        value = self.evaluation.answers.get(question_id)
        question = self.questions.get(question_id)
        if value is None:
            return None
        if question is None or question["type"] == "text":
            return f"“{value}”"
        if question["type"] == "number":
            return f"{float(value):g}"
        return next((a["label"] for a in question["answers"] if a["value"] == value),
                    str(value))

    def _score(self, score_id: str) -> str:
        value = self.evaluation.scores.get(score_id, 0)
        return f"{value:g} of {self.scores[score_id]['max']:g}"

    def _is_number(self, subject: str) -> bool:
        question = self.questions.get(subject)
        return question is not None and question["type"] == "number"


def _of(relation: str) -> str:
    """"of at least 2", "below 2": how a requirement reads after "a ... score"."""
    return f"of {relation}" if relation.startswith("at ") else relation


def _a(word: str) -> str:
    """"an" before a vowel, "a" otherwise."""
    return "an" if word[:1].lower() in "aeiou" else "a"
