"""The kit model: frozen data that loading produces and every later step reads."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Literal

from site_builder.agenda import Agenda
from site_builder.diagnostics import NOWHERE, Location
from site_builder.engine.model import RuleSet, RuleTest

Paper = Literal["A4", "Letter"]
QuestionType = Literal["choice", "number", "text"]


@dataclass(frozen=True)
class Site:
    title: str
    subtitle: str = ""
    organisation: str = ""
    language: str = "en"
    base_url: str = ""
    paper: Paper = "A4"
    colors: Mapping[str, str] = field(default_factory=dict)
    logo: str = ""  # a path inside content/, published at the same relative path


@dataclass(frozen=True)
class Page:
    """A content page; `source` is its path inside content/, `url` its path in the output."""

    source: str
    url: str
    title: str
    html: str
    description: str = ""
    order: float | None = None
    layout: str = "page.html"
    print: bool = False
    meta: Mapping[str, Any] = field(default_factory=dict)
    location: Location = NOWHERE
    agenda: Agenda | None = None  # a timed agenda from the front matter


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


@dataclass(frozen=True)
class Kit:
    root: Path
    site: Site
    pages: tuple[Page, ...]
    checklists: Mapping[str, Checklist]
    rule_sets: tuple[RuleSet, ...]
    rule_tests: tuple[RuleTest, ...]
    static_files: tuple[str, ...]  # non-page files in content/, published as they are
    templates_dir: Path | None = None

    def rules_for(self, checklist_id: str) -> tuple[RuleSet, ...]:
        return tuple(s for s in self.rule_sets if s.checklist == checklist_id)

    @property
    def menu(self) -> tuple[Page, ...]:
        """Pages in menu order: by `order`, then title; pages without an order last."""
        return tuple(sorted(self.pages, key=lambda p: (p.order is None, p.order or 0, p.title)))
