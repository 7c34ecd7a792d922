"""What the assessment page and the printed worksheet need beyond the checklist itself:
question numbers, the shared answer scale, the rows of the score tally with what a total
means on the chart, and the key to the chart's profiles."""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from site_builder.engine.compile import compile_checklist
from site_builder.engine.document import Answer
from site_builder.engine.evaluate import Evaluator
from site_builder.i18n import N_, Words, words_for
from site_builder.model import AnswerOption, Checklist, Kit, Question
from site_builder.model import FillField as _FillField
from site_builder.render.chart import chart_svg
from site_builder.render.words import format_decimal, kit_words

# The worksheet's step: the same four parts, and form fields, as a handout's.
# Its label is in the kit's words where it is drawn (`pdf/jobs.py`).
STEP = _FillField(kind="step", number=0, label=N_("One step this week"))
SENTENCE_END = re.compile(r"(?<=[.!?])\s")


@dataclass(frozen=True)
class ScoreRow:
    id: str
    label: str
    questions: str  # the question numbers it adds up, e.g. "1-3" (with an en dash) or "1, 4, 6"
    count: int  # how many questions it adds up
    maximum: float
    split: float | None = None  # where the chart divides it, when it is an axis
    half: str = ""  # the chart's half a total of `split` or more falls in


@dataclass(frozen=True)
class ProfileKey:
    """One zone of the chart, as the worksheet's key lists it."""

    name: str  # the zone's name on the chart
    where: str  # "Instrumental support 2 or more, Psychosocial support below 2"
    meaning: str  # the first sentence of the profile advice shown there, or ""


def question_numbers(checklist: Checklist) -> dict[str, int]:
    """Questions are numbered 1, 2, 3 ... across sections, as on the worksheet."""
    return {q.id: n for n, q in enumerate(checklist.questions, start=1)}


def shared_scale(checklist: Checklist) -> tuple[AnswerOption, ...]:
    """The answer scale every choice question uses, or () when they differ."""
    scales = {q.answers for q in checklist.questions if q.type == "choice"}
    return next(iter(scales)) if len(scales) == 1 else ()


def score_rows(checklist: Checklist, words: Words | None = None) -> list[ScoreRow]:
    words = words or words_for("en")
    numbers = question_numbers(checklist)
    axes = {}
    if checklist.chart is not None:
        axes = {checklist.chart.x.score: (checklist.chart.x.split_at,
                                          words.gettext("right half")),
                checklist.chart.y.score: (checklist.chart.y.split_at,
                                          words.gettext("upper half"))}
    return [
        ScoreRow(
            id=score.id,
            label=score.label,
            questions=number_ranges([numbers[q] for q in score.questions if q in numbers]),
            count=len(score.questions),
            maximum=checklist.max_score(score),
            split=axes[score.id][0] if score.id in axes else None,
            half=axes[score.id][1] if score.id in axes else "",
        )
        for score in checklist.scores
    ]


def profile_key(kit: Kit, checklist: Checklist) -> list[ProfileKey]:
    """Each zone of the chart with where it lies and what it means: the first sentence of
    the `pick: first` advice that answers landing in that zone get (none when the rules
    give no such advice there)."""
    chart = checklist.chart
    if chart is None:
        return []
    labels = {score.id: score.label for score in checklist.scores}
    evaluator = Evaluator(compile_checklist(kit, checklist.id))
    words = kit_words(kit)
    firsts = {rule.id: rule for rule_set in kit.rules_for(checklist.id)
              if rule_set.pick == "first" for rule in rule_set.rules}
    zones = (("top_left", False, True), ("top_right", True, True),
             ("bottom_left", False, False), ("bottom_right", True, False))
    keys = []
    for zone, right, up in zones:
        where = ", ".join(
            (words.gettext("%(score)s %(split)s or more") if high
             else words.gettext("%(score)s below %(split)s"))
            % {"score": labels.get(axis.score, axis.score),
               "split": format_decimal(axis.split_at, words.language)}
            for axis, high in ((chart.x, right), (chart.y, up)))
        answers = _zone_answers(checklist, {chart.x.score: right, chart.y.score: up})
        shown = evaluator.evaluate(answers).shown if answers is not None else ()
        rule = next((firsts[r] for r in shown if r in firsts), None)
        meaning = _first_sentence(rule.advice.body) if rule is not None else ""
        keys.append(ProfileKey(getattr(chart.zones, zone), where, meaning))
    return keys


def _zone_answers(checklist: Checklist, high: dict[str, bool]) -> dict[str, Answer] | None:
    """Answers that put every axis score at its top (high) or bottom: the zone's corner.
    None when a question counts on both axes, or has no scale to choose from."""
    answers: dict[str, Answer] = {}
    for score in checklist.scores:
        if score.id not in high:
            continue
        for question_id in score.questions:
            question = checklist.question(question_id)
            value = _extreme(question, high[score.id]) if question else None
            if value is None or (question_id in answers and answers[question_id] != value):
                return None
            answers[question_id] = value
    return answers


def _extreme(question: Question, high: bool) -> Answer | None:
    if question.type == "number":
        return question.maximum if high else question.minimum
    if question.type != "choice" or not question.answers:
        return None
    pick = max if high else min
    scored = [option for option in question.answers if option.score is not None]
    return pick(scored, key=lambda option: option.score or 0).value if scored else None


def _first_sentence(markdown: str) -> str:
    """The first sentence of Markdown, as plain text: links keep their words."""
    text = re.sub(r"\[([^\]]*)\]\([^)]*\)", r"\1", markdown)
    text = " ".join(re.sub(r"[*_`#>]", "", text).split())
    return SENTENCE_END.split(text, maxsplit=1)[0] if text else ""


def number_ranges(numbers: list[int]) -> str:
    """[1, 2, 3, 5] -> "1\u20133, 5" (an en dash between the ends of a run)."""
    parts: list[str] = []
    ordered = sorted(set(numbers))
    start = 0
    for i in range(1, len(ordered) + 1):
        if i == len(ordered) or ordered[i] != ordered[i - 1] + 1:
            first, last = ordered[start], ordered[i - 1]
            parts.append(str(first) if first == last else f"{first}\u2013{last}")
            start = i
    return ", ".join(parts)


def worksheet_context(checklist: Checklist, profiles: Sequence[ProfileKey] = (),
                      words: Words | None = None) -> dict[str, Any]:
    return {
        "profiles": list(profiles),
        "checklist": checklist,
        "numbers": question_numbers(checklist),
        "scale": shared_scale(checklist),
        "score_rows": score_rows(checklist, words),
        # Empty, for participants to plot themselves (the page's copy has a mark to place).
        "chart": chart_svg(checklist, ids="worksheet-chart", words=words or words_for("en")),
    }
