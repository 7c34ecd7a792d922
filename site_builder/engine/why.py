"""Why each piece of advice shows, in sentences made from the participant's own answers,
in the language of the kit the document was compiled from.

Reads only the compiled rules document and an `Evaluation`, so the results page's script
can make the same sentences from the same fields: each sentence is one pattern of the
built-in catalogues (site_builder/i18n), which the page gets from its template's
data-text-why-* attributes; here they are given in English. The rules, in full:

Names. A question is named by its text cut to 32 characters at a word boundary, trailing
punctuation dropped, with " …" when cut, in the language's quotation marks ("“{text}”"):
“Someone who gives you an honest …” (`wording.short_text`, `wording.quote`). A score is
named by its `label_in_sentence` ("psychosocial support"), and its value is "{value} of
{max}" ("1 of 3"). An answer is its label ("Not sure"), a number as the language writes it
("2.5", in French "2,5"), a text in quotation marks.

A fact, one per question or score a condition reads:
  - answered question: You answered {answer} to {question}.
  - skipped question: You skipped {question}.
  - score: Your {label} score is {score}.

Why a rule shows, one sentence per condition that holds (`reasons`):
  - on a score: Your {label} score is {score}, {relation}.
    ("Your psychosocial support score is 1 of 3, below 2.")
  - on an answered number question: You answered {answer} to {question}, {relation}.
  - on a choice question, or `answered`: the fact alone: "You answered No to “…”."
  - any other condition (all / any / not / logic): "It applies when {clause}." and then
    the facts of what it reads, in checklist order.
  - `always`: nothing. A rule left with no sentence at all says "It applies whatever your
    answers."

Why the earlier rules of a `pick: first` group did not fit (`passed_over`), one sentence per
condition of theirs that does not hold, naming the rule by its advice title in quotation
marks ({title}), and {yours} being "you answered {answer}" or "you skipped it":
  - on a score: {title} needs your {label} score to be {relation}; it is {score}.
  - on a choice question: {title} needs the answer {relation} to {question}; {yours}.
  - on a number question: {title} needs your answer to {question} to be {relation};
    {yours}.
  - `answered`: {title} needs an answer to {question}; {yours}. / {title} needs
    {question} left blank; {yours}.
  - any other: {title} is for when {clause}; that is not so for your answers. Then the
    facts of what it reads.

Skipped questions (`skipped`): "You skipped question {number} ({question}): it counted as
0 in {scores}." ({scores}: the labels as a list, "a, b, and c"), or "You skipped question
{number} ({question})." when no score adds it up; numbered 1, 2, 3 ... across the
checklist's sections.
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
from site_builder.engine.wording import and_list, fill, lower_first, number, quote, short_text
from site_builder.i18n import SOURCE_LANGUAGE, Words, words_for


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


def document_words(document: RulesDocument) -> Words:
    """The built-in words of the document's language (without a kit's own words: pass
    `wording.site_words(kit.site)` where the kit is at hand)."""
    return words_for(document.get("language", SOURCE_LANGUAGE))


def explain_shown(document: RulesDocument, evaluation: Evaluation,
                  words: Words | None = None) -> tuple[RuleWhy, ...]:
    """For each rule shown, in display order, the sentences that explain it."""
    said = _Words(document, evaluation, words or document_words(document))
    rules = {r["id"]: r for r in document["rules"]}
    results = {r.id: r for r in evaluation.rules}
    explained = []
    for rule_id in evaluation.shown:
        rule = rules[rule_id]
        reasons = tuple(s for condition, result in zip(rule["conditions"],
                                                       results[rule_id].conditions, strict=True)
                        if result.holds for s in said.holds(condition))
        passed_over = tuple(s for earlier in _earlier(document, rule)
                            for s in said.not_fitting(earlier, results[earlier["id"]]
                                                      .conditions))
        if not reasons and not passed_over:
            reasons = (said.words.gettext("It applies whatever your answers."),)
        explained.append(RuleWhy(rule_id, rule["advice"]["title"], reasons, passed_over))
    return tuple(explained)


def skipped_questions(document: RulesDocument, evaluation: Evaluation,
                      words: Words | None = None) -> tuple[Skipped, ...]:
    """The questions left unanswered, each with the scores it counted as 0 in."""
    words = words or document_words(document)
    skipped = []
    for count, question in enumerate(_questions(document), start=1):
        if evaluation.answers.get(question["id"]) is not None:
            continue
        labels = tuple(s["label"] for s in document["scores"]
                       if question["id"] in s.get("questions", ()))
        text = short_text(question["text"])
        values = {"number": count, "question": quote(text, words)}
        if labels:
            sentence = fill(words.gettext("You skipped question {number} ({question}): it "
                                          "counted as 0 in {scores}."),
                            scores=and_list(labels, words.language), **values)
        else:
            sentence = fill(words.gettext("You skipped question {number} ({question})."),
                            **values)
        skipped.append(Skipped(question["id"], count, text, labels, sentence))
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

    def __init__(self, document: RulesDocument, evaluation: Evaluation, words: Words
                 ) -> None:
        self.questions = {q["id"]: q for q in _questions(document)}
        self.scores: Mapping[str, ScoreData] = {s["id"]: s for s in document["scores"]}
        self.evaluation = evaluation
        self.words = words
        self.language = words.language

    def holds(self, condition: ConditionData) -> list[str]:
        subject, relation, op = (condition.get("subject"), condition.get("relation"),
                                 condition.get("op"))
        if subject is None or relation is None:
            return self._other(condition, self.words.gettext("It applies when {clause}."))
        if subject in self.scores:
            # Translators: {score} is "1 of 3" (while answering, "between 0 and 1 of 3 so far"),
            # {relation} the condition it meets, "at least 2".
            return [fill(self.words.gettext("Your {label} score is {score}, {relation}."),
                         label=self._label(subject), score=self._score(subject),
                         relation=relation)]
        answer = self.answer(subject)
        if self._is_number(subject) and op not in ("answered", "not_answered") \
                and answer is not None:
            return [fill(self.words.gettext("You answered {answer} to {question}, "
                                            "{relation}."),
                         answer=answer, question=self._named(subject), relation=relation)]
        return [self.fact(subject)]

    def not_fitting(self, rule: RuleData, results: Iterable[ConditionResult]) -> list[str]:
        title = quote(rule["advice"]["title"], self.words)
        sentences = []
        for condition, result in zip(rule["conditions"], results, strict=True):
            if not result.holds:
                sentences += self._needs(title, condition)
        return sentences

    def _needs(self, title: str, condition: ConditionData) -> list[str]:
        words = self.words
        subject, relation, op = (condition.get("subject"), condition.get("relation"),
                                 condition.get("op"))
        if subject is None or relation is None:
            return self._other(condition, fill(
                words.gettext("{title} is for when {clause}; that is not so for your "
                              "answers."), title=title))
        if subject in self.scores:
            # Translators: {title} is an advice title in quotation marks, {relation}
            # "at least 2", {score} "1 of 3".
            return [fill(words.gettext("{title} needs your {label} score to be {relation}; "
                                       "it is {score}."),
                         title=title, label=self._label(subject), relation=relation,
                         score=self._score(subject))]
        answer = self.answer(subject)
        # Translators: {yours} in the patterns that follow; "it" in "you skipped it" is
        # the question.
        yours = fill(words.gettext("you answered {answer}"), answer=answer) \
            if answer is not None else words.gettext("you skipped it")
        values = {"title": title, "question": self._named(subject), "yours": yours,
                  "relation": relation}
        if op == "answered":
            return [fill(words.gettext("{title} needs an answer to {question}; {yours}."),
                         **values)]
        if op == "not_answered":
            return [fill(words.gettext("{title} needs {question} left blank; {yours}."),
                         **values)]
        if self._is_number(subject):
            return [fill(words.gettext("{title} needs your answer to {question} to be "
                                       "{relation}; {yours}."), **values)]
        return [fill(words.gettext("{title} needs the answer {relation} to {question}; "
                                   "{yours}."), **values)]

    def _other(self, condition: ConditionData, pattern: str) -> list[str]:
        clause = condition.get("clause", condition["text"])
        if not clause:  # `always`
            return []
        return [fill(pattern, clause=clause),
                *(self.fact(i) for i in condition.get("reads", []))]

    def fact(self, subject: str) -> str:
        """"You answered No to “…”." / "You skipped “…”." / "Your ... score is 1 of 3."."""
        if subject in self.scores:
            return fill(self.words.gettext("Your {label} score is {score}."),
                        label=self._label(subject), score=self._score(subject))
        answer = self.answer(subject)
        if answer is None:
            return fill(self.words.gettext("You skipped {question}."),
                        question=self._named(subject))
        return fill(self.words.gettext("You answered {answer} to {question}."),
                    answer=answer, question=self._named(subject))

    def answer(self, question_id: str) -> str | None:
        """The answer as the participant chose it: a label, a number, a quoted text."""
        value = self.evaluation.answers.get(question_id)
        question = self.questions.get(question_id)
        if value is None:
            return None
        if question is None or question["type"] == "text":
            return quote(str(value), self.words)
        if question["type"] == "number":
            return number(float(value), self.language)
        return next((a["label"] for a in question["answers"] if a["value"] == value),
                    str(value))

    def _named(self, subject: str) -> str:
        question = self.questions.get(subject)
        return quote(short_text(question["text"]), self.words) if question else subject

    def _label(self, score_id: str) -> str:
        score = self.scores[score_id]
        return score.get("label_in_sentence", lower_first(score["label"]))

    def _score(self, score_id: str) -> str:
        value = self.evaluation.scores.get(score_id, 0)
        # Translators: a score: "1 of 3".
        return fill(self.words.gettext("{value} of {max}"),
                    value=number(value, self.language),
                    max=number(self.scores[score_id]["max"], self.language))

    def _is_number(self, subject: str) -> bool:
        question = self.questions.get(subject)
        return question is not None and question["type"] == "number"
