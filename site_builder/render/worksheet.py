"""What the assessment page and the printed worksheet need beyond the checklist itself:
question numbers, the shared answer scale and the rows of the score tally."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from site_builder.model import AnswerOption, Checklist
from site_builder.render.chart import chart_svg


@dataclass(frozen=True)
class ScoreRow:
    id: str
    label: str
    questions: str  # the question numbers it adds up, e.g. "1-3" (with an en dash) or "1, 4, 6"
    count: int  # how many questions it adds up
    maximum: float


def question_numbers(checklist: Checklist) -> dict[str, int]:
    """Questions are numbered 1, 2, 3 ... across sections, as on the worksheet."""
    return {q.id: n for n, q in enumerate(checklist.questions, start=1)}


def shared_scale(checklist: Checklist) -> tuple[AnswerOption, ...]:
    """The answer scale every choice question uses, or () when they differ."""
    scales = {q.answers for q in checklist.questions if q.type == "choice"}
    return next(iter(scales)) if len(scales) == 1 else ()


def score_rows(checklist: Checklist) -> list[ScoreRow]:
    numbers = question_numbers(checklist)
    return [
        ScoreRow(
            id=score.id,
            label=score.label,
            questions=number_ranges([numbers[q] for q in score.questions if q in numbers]),
            count=len(score.questions),
            maximum=checklist.max_score(score),
        )
        for score in checklist.scores
    ]


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


def worksheet_context(checklist: Checklist) -> dict[str, Any]:
    return {
        "checklist": checklist,
        "numbers": question_numbers(checklist),
        "scale": shared_scale(checklist),
        "score_rows": score_rows(checklist),
        # Empty, for participants to plot themselves (the page's copy has a mark to place).
        "chart": chart_svg(checklist, ids="worksheet-chart"),
    }
