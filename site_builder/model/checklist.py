"""A checklist: its sections, questions, answer scales and named scores."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

from site_builder.diagnostics import NOWHERE, Location

QuestionType = Literal["choice", "number", "text"]


@dataclass(frozen=True)
class AnswerOption:
    value: str
    label: str
    score: float | None = None


@dataclass(frozen=True)
class Question:
    id: str
    text: str
    section: str
    type: QuestionType = "choice"
    answers: tuple[AnswerOption, ...] = ()
    help_html: str = ""
    minimum: float | None = None
    maximum: float | None = None
    write_in: int = 0
    location: Location = NOWHERE

    def option(self, value: str) -> AnswerOption | None:
        return next((a for a in self.answers if a.value == value), None)


@dataclass(frozen=True)
class Section:
    id: str
    title: str
    intro_html: str
    questions: tuple[Question, ...]
    location: Location = NOWHERE


@dataclass(frozen=True)
class Score:
    """A named sum of the scores of the chosen answers of some questions."""

    id: str
    label: str
    questions: tuple[str, ...]
    location: Location = NOWHERE


@dataclass(frozen=True)
class ChartAxis:
    """One axis of a chart: a score, and where it divides (`split_at` or more: the upper
    or right half)."""

    score: str
    split_at: float
    location: Location = NOWHERE  # where `split_at` is written


@dataclass(frozen=True)
class ChartZones:
    """The names of the chart's four zones, as participants read them."""

    top_left: str
    top_right: str
    bottom_left: str
    bottom_right: str


@dataclass(frozen=True)
class Chart:
    """Two scores as a 2x2 chart: x across, y up, each split in two."""

    x: ChartAxis
    y: ChartAxis
    zones: ChartZones
    title: str | None = None
    location: Location = NOWHERE


@dataclass(frozen=True)
class Checklist:
    id: str
    title: str
    intro_html: str
    sections: tuple[Section, ...]
    scores: tuple[Score, ...]
    version: str
    source: str  # e.g. "checklists/network.yaml", inside content/
    url: str  # the assessment page, e.g. "checklists/network.html"
    location: Location = NOWHERE
    chart: Chart | None = None

    @property
    def questions(self) -> tuple[Question, ...]:
        return tuple(q for s in self.sections for q in s.questions)

    def question(self, question_id: str) -> Question | None:
        return next((q for q in self.questions if q.id == question_id), None)

    def score(self, score_id: str) -> Score | None:
        return next((s for s in self.scores if s.id == score_id), None)

    def max_score(self, score: Score) -> float:
        """The highest value a score can reach (for charts and bands)."""
        total = 0.0
        for question in (self.question(q) for q in score.questions):
            if question is None:
                continue
            if question.type == "number":
                total += question.maximum or 0
            else:
                total += max((a.score or 0 for a in question.answers), default=0)
        return total
