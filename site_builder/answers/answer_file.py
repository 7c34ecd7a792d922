"""A participant's answers: read from a file, matched to a checklist, every value checked."""

from __future__ import annotations

import json
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from pathlib import Path

from site_builder.answers.step import Step, read_step
from site_builder.diagnostics import Location, Problems
from site_builder.kit.text import NotTextError, read_text_file
from site_builder.kit.yamlfile import Plain, YamlError, YMap, parse_yaml, to_plain

SAVED_FORMAT = "site-builder/answers"  # what the site's "Download my answers" writes
STEP = "step"


@dataclass(frozen=True)
class AnswerFile:
    """Answers as read, before they are matched to a checklist."""

    path: str
    answers: Mapping[str, Plain]
    checklist: str | None = None  # named by a saved download
    version: str | None = None
    locate: Callable[[str], Location] = lambda key: Location("")
    name: str | None = None  # a saved download's optional "name"
    step: Step | None = None  # the participant's committed step, checked


def read_answer_file(path: Path, report: Problems) -> AnswerFile | None:
    """Read YAML or JSON answers: a plain mapping, or the site's saved download."""
    shown = str(path)
    try:
        text = read_text_file(path)
    except NotTextError as error:
        report.extend([error.diagnostic])
        return None
    except OSError as error:
        report.error(Location(shown), f"cannot read this file: {error.strerror}")
        return None
    is_json = path.suffix.lower() == ".json"
    if is_json:
        data, locate, locate_step = _read_json(text, shown, report)
    else:
        data, locate, locate_step = _read_yaml(text, shown, report)
    if data is None:
        return None
    if not isinstance(data, dict):
        example = '{"sounding_board": "yes"}' if is_json else 'sounding_board: "yes"'
        report.error(Location(shown, 1, 1), "answers must be a mapping of question id to "
                     f"answer, e.g. '{example}'")
        return None
    # `step` is the committed step in a saved download and in a plain file alike.
    step = read_step(data.get(STEP), locate_step(STEP), locate_step, report)
    saved = data.get("answers")
    if isinstance(saved, dict):
        return AnswerFile(shown, saved, _text(data.get("checklist")),
                          _text(data.get("version")), locate, _text(data.get("name")), step)
    answers = {key: value for key, value in data.items() if key != STEP}
    return AnswerFile(shown, answers, None, None, locate, step=step)


def _text(value: Plain) -> str | None:
    return value if isinstance(value, str) else None


Locators = tuple[Plain, Callable[[str], Location], Callable[[str], Location]]
"""The data, where a key of the answers is, where `step` (given "step") or a key of it is."""


def _read_json(text: str, shown: str, report: Problems) -> Locators:
    try:
        data: Plain = json.loads(text, object_pairs_hook=_refuse_duplicates)
    except json.JSONDecodeError as error:
        report.error(Location(shown, error.lineno, error.colno), f"JSON error: {error.msg}")
        return None, _nowhere(shown), _nowhere(shown)
    except ValueError as error:
        report.error(Location(shown), str(error))
        return None, _nowhere(shown), _nowhere(shown)

    def find(key: str, start: int = 0) -> Location:
        # JSON keeps no positions; the first occurrence of the quoted key is close enough.
        index = text.find(json.dumps(key), start)
        if index < 0:
            return Location(shown)
        line = text.count("\n", 0, index) + 1
        return Location(shown, line, index - text.rfind("\n", 0, index))

    def locate_step(key: str) -> Location:
        start = text.find(json.dumps(STEP))
        return find(key, max(start, 0)) if key != STEP else find(STEP)

    return data, find, locate_step


def _refuse_duplicates(pairs: list[tuple[str, Plain]]) -> dict[str, Plain]:
    result: dict[str, Plain] = {}
    for key, value in pairs:
        if key in result:
            raise ValueError(f"duplicate key '{key}'")
        result[key] = value
    return result


def _read_yaml(text: str, shown: str, report: Problems) -> Locators:
    try:
        node = parse_yaml(text, shown)
    except YamlError as error:
        report.extend([error.diagnostic])
        return None, _nowhere(shown), _nowhere(shown)
    if isinstance(node, YMap):
        inner = node.get("answers")
        target = inner if isinstance(inner, YMap) else node
        step = node.get(STEP)

        def locate(key: str) -> Location:
            return target.key_loc(key) if key in target.entries else target.loc

        def locate_step(key: str) -> Location:
            if key == STEP or not isinstance(step, YMap):
                return node.key_loc(STEP) if STEP in node.entries else node.loc
            return step.key_loc(key) if key in step.entries else step.loc

        return to_plain(node), locate, locate_step
    return to_plain(node), _nowhere(shown), _nowhere(shown)


def _nowhere(shown: str) -> Callable[[str], Location]:
    return lambda key: Location(shown)
