"""The shape of the compiled rules document: what `compile_checklist` writes and what
`evaluate`, the PDF reports and the site's engine.js read, key by key.

The document travels as JSON, so every value in it is one: conditions and scores are
JSON Logic, advice is HTML already rendered.
"""

from __future__ import annotations

import json
from typing import NotRequired, TypeAlias, TypedDict

from site_builder.diagnostics import Diagnostic, KitError, Location
from site_builder.engine.jsonlogic import JsonValue
from site_builder.model.checklist import QuestionType
from site_builder.model.rules import Pick

# The largest number a kit or an answer may hold: every whole number up to it is exact in
# the page's JavaScript (2**53 is about 9e15), and it is far past any score or threshold.
LARGEST_NUMBER = 10**15


class AnswerData(TypedDict):
    value: str
    label: str
    score: float | None


class QuestionData(TypedDict):
    id: str
    text: str
    type: QuestionType
    min: float | None
    max: float | None
    answers: list[AnswerData]
    # Representative answers, unanswered aside: trying these tries every behaviour of the
    # rules (engine/answer_space.py), which the evaluation of partial answers relies on.
    classes: list[Answer]


class SectionData(TypedDict):
    id: str
    title: str
    questions: list[QuestionData]


class ChecklistData(TypedDict):
    id: str
    title: str
    version: str
    sections: list[SectionData]


class ScoreData(TypedDict):
    id: str
    label: str
    # The label as the participant's sentences name it: first letter in lower case where
    # the language's sentences want it (English, Spanish), else as written.
    label_in_sentence: NotRequired[str]
    max: float
    questions: list[str]  # the questions it adds up (a skipped one adds 0)
    logic: JsonValue  # the score's value, a number


class ChartAxisData(TypedDict):
    score: str  # a score's id
    label: str
    max: float
    split_at: float  # this much or more: the right (x) or upper (y) half


class ChartZonesData(TypedDict):
    top_left: str
    top_right: str
    bottom_left: str
    bottom_right: str


class ChartData(TypedDict):
    title: str | None
    x: ChartAxisData
    y: ChartAxisData
    zones: ChartZonesData


class ConditionData(TypedDict):
    text: str  # the condition in words, for "why this advice"
    logic: JsonValue
    # What a participant's sentence needs (engine/why.py makes the sentences). Always in a
    # compiled document; left out only of the cut-down documents the rule checks evaluate.
    subject: NotRequired[str | None]  # the question or score id it compares, if exactly one
    # What it asks of that subject, for the sentence's pattern: the operator ("at_least",
    # "in", ...), "answered" or "not_answered"; null without a subject.
    op: NotRequired[str | None]
    relation: NotRequired[str | None]  # that comparison in words, in the kit's language:
    #                     "at least 2", "No or Not sure", "answered"; null without a subject
    clause: NotRequired[str]  # the condition for a participant, in the kit's language:
    #                  "your psychosocial support score is at least 2"; "" for `always`
    reads: list[str]  # the question and score ids it reads, in checklist order


class AdviceData(TypedDict):
    title: str
    html: str
    section: str | None


class RuleData(TypedDict):
    id: str
    group: str  # the rule file's path
    pick: Pick
    priority: float
    conditions: list[ConditionData]  # all must hold
    advice: AdviceData


class GroupData(TypedDict):
    id: str  # the rule file's path, as each of its rules' `group`
    title: str  # its `title:`, else its file name in words ("profiles.yaml" -> "Profiles")
    pick: Pick


class RulesDocument(TypedDict):
    format: int
    kit: str  # the site's title
    # The language of its texts and words (a BCP 47 tag, the kit's `language`); always in a
    # compiled document.
    language: NotRequired[str]
    checklist: ChecklistData
    scores: list[ScoreData]  # in order: a score may read an earlier one
    chart: ChartData | None  # None: the checklist draws no chart
    rules: list[RuleData]  # by file, then position in the file
    # One per rule file, in the order of `rules`; always in a compiled document (documents
    # made by hand for the evaluators' tests may leave it out).
    groups: NotRequired[list[GroupData]]


Answer: TypeAlias = "str | int | float | None"
"""An answer as the rules read it: a choice's value, a number or a text; None unanswered."""


def document_json(document: RulesDocument, where: Location, indent: int | None = None) -> str:
    """The document as JSON text. Python would write NaN or Infinity, which JSON has not:
    the page's engine could not read the document and would assess nothing, so such a
    number is a located error, never a page."""
    try:
        return json.dumps(document, ensure_ascii=False, indent=indent, allow_nan=False)
    except ValueError:
        raise KitError([Diagnostic(where, "the compiled rules of this checklist hold a "
                                   "number JSON cannot write (NaN or an infinity), so its "
                                   "page could not assess answers; make every number in "
                                   "it and its rules an ordinary one")]) from None
