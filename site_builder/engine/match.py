"""Answers matched to a checklist: every value checked against its question, as the
engine reads them (choice values, numbers, text). Used for answer files, cohort rows and
rule tests alike, so all three accept and refuse the same answers with the same words."""

from __future__ import annotations

import json
import math
from collections.abc import Callable, Mapping

from site_builder.diagnostics import Location, Problems, did_you_mean, plural, shorten
from site_builder.engine.document import LARGEST_NUMBER, Answer
from site_builder.model import Checklist, Question

# Unknown keys named one by one; past these, one line counts the rest (a file of thousands
# of them is the wrong file, and a line for each would bury the first).
MAX_UNKNOWN_KEYS = 20


def match_answers(
    raw: Mapping[str, object], checklist: Checklist, locate: Callable[[str], Location],
    report: Problems,
) -> dict[str, Answer]:
    """The answers as the engine reads them: choice values, numbers, text; blanks dropped."""
    answers: dict[str, Answer] = {}
    ids = [q.id for q in checklist.questions]
    unknown = [str(key) for key in raw if checklist.question(str(key)) is None]
    for key in unknown[:MAX_UNKNOWN_KEYS]:
        what = "a score, which is computed" if checklist.score(key) else \
            f"not a question of checklist '{checklist.id}'{did_you_mean(key, ids)}"
        report.error(locate(key), f"'{shorten(key)}' is {what}; questions: {', '.join(ids)}")
    if len(unknown) > MAX_UNKNOWN_KEYS:
        rest = unknown[MAX_UNKNOWN_KEYS:]
        report.error(locate(rest[0]), f"and {plural(len(rest), 'more key')} that are not "
                     f"questions of checklist '{checklist.id}', from '{shorten(rest[0])}' on; "
                     "is this the answer file of another checklist?")
    for key, value in raw.items():
        question = checklist.question(str(key))
        if question is None:
            continue
        if value is None or (isinstance(value, str) and not value.strip()):
            continue
        matched = match_value(question, value)
        if matched is None:
            report.error(locate(str(key)), invalid_message(question, value))
        else:
            answers[question.id] = matched
    return answers


def match_value(question: Question, value: object) -> Answer:
    """The stored form of one answer, or None when it does not fit the question."""
    if question.type == "text":
        return value if isinstance(value, str) else None
    if question.type == "number":
        return _number(question, value)
    if isinstance(value, bool) or not isinstance(value, (str, int, float)):
        return None
    text = str(value).strip()
    for option in question.answers:
        if option.value == text:
            return option.value
    wanted = text.casefold()
    for option in question.answers:
        if wanted in (option.value.casefold(), option.label.strip().casefold()):
            return option.value
    return None


def _number(question: Question, value: object) -> float | int | None:
    if isinstance(value, bool):
        return None
    if isinstance(value, str):
        try:
            value = float(value.strip().replace(",", "."))
        except ValueError:
            return None
    if not isinstance(value, (int, float)) or not math.isfinite(value) \
            or abs(value) > LARGEST_NUMBER:  # a form's text "1e20" as a file's 1e20
        return None
    if question.minimum is not None and value < question.minimum:
        return None
    if question.maximum is not None and value > question.maximum:
        return None
    return int(value) if isinstance(value, float) and value.is_integer() else value


def invalid_message(question: Question, value: object) -> str:
    """What is wrong with an answer and what would be right."""
    shown = shorten(json.dumps(value, ensure_ascii=False)) if not isinstance(value, str) \
        else f"'{shorten(value)}'"
    if question.type == "number":
        low = "" if question.minimum is None else f" from {question.minimum:g}"
        high = "" if question.maximum is None else f" to {question.maximum:g}"
        return f"{shown} is not a valid answer to '{question.id}': give a number{low}{high}"
    if question.type == "text":
        return f"{shown} is not a valid answer to '{question.id}': give text"
    allowed = ", ".join(f"'{a.value}' ({a.label})" for a in question.answers)
    return f"{shown} is not an answer to '{question.id}'; allowed: {allowed}"


def allowed_answers(question: Question) -> str:
    """What a question accepts, in words: "one of Yes, No", "a number from 0 to 10"."""
    if question.type == "number":
        low = "" if question.minimum is None else f" from {question.minimum:g}"
        high = "" if question.maximum is None else f" to {question.maximum:g}"
        if question.minimum is None and question.maximum is not None:
            high = f" up to {question.maximum:g}"
        return f"a number{low}{high}"
    if question.type == "text":
        return "text"
    return "one of " + ", ".join(a.label for a in question.answers)
