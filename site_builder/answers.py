"""A participant's answers: read from a file, matched to a checklist, every value checked."""

from __future__ import annotations

import json
import math
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from site_builder.diagnostics import Location, Report, did_you_mean
from site_builder.model import Checklist, Question
from site_builder.yamlfile import YamlError, YMap, parse_yaml, read_text, to_plain

SAVED_FORMAT = "site-builder/answers"  # what the site's "Download my answers" writes


@dataclass(frozen=True)
class AnswerFile:
    """Answers as read, before they are matched to a checklist."""

    path: str
    answers: Mapping[str, Any]
    checklist: str | None = None  # named by a saved download
    version: str | None = None
    locate: Callable[[str], Location] = lambda key: Location("")
    name: str | None = None  # a saved download's optional "name"


def read_answer_file(path: Path, report: Report) -> AnswerFile | None:
    """Read YAML or JSON answers: a plain mapping, or the site's saved download."""
    shown = str(path)
    try:
        text = read_text(str(path), shown)
    except YamlError as error:
        report.extend([error.diagnostic])
        return None
    except OSError as error:
        report.error(Location(shown), f"cannot read this file: {error.strerror}")
        return None
    if path.suffix.lower() == ".json":
        data, locate = _read_json(text, shown, report)
    else:
        data, locate = _read_yaml(text, shown, report)
    if data is None:
        return None
    if not isinstance(data, dict):
        report.error(Location(shown, 1, 1), "answers must be a mapping of question id to "
                     "answer, e.g. 'sounding_board: \"yes\"'")
        return None
    if isinstance(data.get("answers"), dict):
        return AnswerFile(shown, data["answers"], _text(data.get("checklist")),
                          _text(data.get("version")), locate, _text(data.get("name")))
    return AnswerFile(shown, data, None, None, locate)


def _text(value: Any) -> str | None:
    return value if isinstance(value, str) else None


def _read_json(text: str, shown: str,
               report: Report) -> tuple[Any, Callable[[str], Location]]:
    try:
        data = json.loads(text, object_pairs_hook=_refuse_duplicates)
    except json.JSONDecodeError as error:
        report.error(Location(shown, error.lineno, error.colno), f"JSON error: {error.msg}")
        return None, _nowhere(shown)
    except ValueError as error:
        report.error(Location(shown), str(error))
        return None, _nowhere(shown)

    def locate(key: str) -> Location:
        # JSON keeps no positions; the first occurrence of the quoted key is close enough.
        index = text.find(json.dumps(key))
        if index < 0:
            return Location(shown)
        line = text.count("\n", 0, index) + 1
        return Location(shown, line, index - text.rfind("\n", 0, index))

    return data, locate


def _refuse_duplicates(pairs: list[tuple[str, Any]]) -> dict[str, Any]:
    result: dict[str, Any] = {}
    for key, value in pairs:
        if key in result:
            raise ValueError(f"duplicate key '{key}'")
        result[key] = value
    return result


def _read_yaml(text: str, shown: str,
               report: Report) -> tuple[Any, Callable[[str], Location]]:
    try:
        node = parse_yaml(text, shown)
    except YamlError as error:
        report.extend([error.diagnostic])
        return None, _nowhere(shown)
    if isinstance(node, YMap):
        inner = node.get("answers")
        target = inner if isinstance(inner, YMap) else node

        def locate(key: str) -> Location:
            return target.key_loc(key) if key in target.entries else target.loc

        return to_plain(node), locate
    return to_plain(node), _nowhere(shown)


def _nowhere(shown: str) -> Callable[[str], Location]:
    return lambda key: Location(shown)


def match_answers(
    raw: Mapping[str, Any], checklist: Checklist, locate: Callable[[str], Location],
    report: Report,
) -> dict[str, Any]:
    """The answers as the engine reads them: choice values, numbers, text; blanks dropped."""
    answers: dict[str, Any] = {}
    ids = [q.id for q in checklist.questions]
    for key, value in raw.items():
        question = checklist.question(str(key))
        if question is None:
            what = "a score, which is computed" if checklist.score(str(key)) else \
                f"not a question of checklist '{checklist.id}'{did_you_mean(str(key), ids)}"
            report.error(locate(str(key)), f"'{key}' is {what}; questions: {', '.join(ids)}")
            continue
        if value is None or (isinstance(value, str) and not value.strip()):
            continue
        matched = match_value(question, value)
        if matched is None:
            report.error(locate(str(key)), invalid_message(question, value))
        else:
            answers[question.id] = matched
    return answers


def match_value(question: Question, value: Any) -> Any:
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


def _number(question: Question, value: Any) -> float | int | None:
    if isinstance(value, bool):
        return None
    if isinstance(value, str):
        try:
            value = float(value.strip().replace(",", "."))
        except ValueError:
            return None
    if not isinstance(value, (int, float)) or not math.isfinite(value):
        return None
    if question.minimum is not None and value < question.minimum:
        return None
    if question.maximum is not None and value > question.maximum:
        return None
    return int(value) if isinstance(value, float) and value.is_integer() else value


def invalid_message(question: Question, value: Any) -> str:
    """What is wrong with an answer and what would be right."""
    shown = json.dumps(value, ensure_ascii=False) if not isinstance(value, str) else f"'{value}'"
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
