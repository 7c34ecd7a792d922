"""A participant's answers: read from a file, matched to a checklist, every value checked."""

from __future__ import annotations

import bisect
import contextlib
import json
import re
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from pathlib import Path

from site_builder.answers.step import Step, read_step
from site_builder.diagnostics import NOWHERE, Location, Problems
from site_builder.kit.text import NotTextError, read_text_file
from site_builder.kit.yamlfile import (
    MAX_DEPTH,
    Plain,
    YamlError,
    YMap,
    nesting_message,
    number_message,
    parse_yaml,
    to_plain,
)

SAVED_FORMAT = "site-builder/answers"  # what the site's "Download my answers" writes
STEP = "step"
LANGUAGE = "language"  # the language the answers were given in (the site's page writes it)
MAX_ANSWER_FILE_BYTES = 20 * 1024 * 1024  # a saved download is a few kilobytes
NO_ANSWERS = ("this file holds no answers; write one answer a line, e.g. 'mentor: yes', or "
              "leave the file out")
# A JSON token that matters before decoding: a string (and whether it is a key), a bracket,
# a number, or a constant JSON does not have.
_JSON_TOKEN = re.compile(r'"(?:[^"\\\n]|\\.)*"(?P<key>\s*:)?|(?P<open>[\[{])|(?P<close>[\]}])'
                         r"|(?P<number>-?\d[\d.eE+-]*)|(?P<constant>-?(?:NaN|Infinity))")


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
    # The language the participant answered in, as written ("fr"); the answers' values are
    # the same in every language, so it says only which language their report is in.
    language: str | None = None
    language_location: Location = NOWHERE


def read_answer_file(path: Path, report: Problems) -> AnswerFile | None:
    """Read YAML or JSON answers: a plain mapping, or the site's saved download."""
    shown = str(path)
    try:
        size = path.stat().st_size
        if size > MAX_ANSWER_FILE_BYTES:
            report.error(Location(shown), f"this file is {size / 1024 / 1024:.1f} MB; answer "
                         f"files are limited to {MAX_ANSWER_FILE_BYTES // 1024 // 1024} MB, "
                         "and a participant's answers take a few kilobytes")
            return None
        text = read_text_file(path)
    except NotTextError as error:
        report.extend([error.diagnostic])
        return None
    except OSError as error:
        report.error(Location(shown), f"cannot read this file: {error.strerror}")
        return None
    is_json = path.suffix.lower() == ".json"
    found = len(report.errors)
    if is_json and not text.strip():
        data, locate, locate_step = None, _nowhere(shown), _nowhere(shown)
    elif is_json:
        data, locate, locate_step = _read_json(text, shown, report)
    else:
        data, locate, locate_step = _read_yaml(text, shown, report)
    if data is None:
        if len(report.errors) == found:  # empty, `null`, or only comments
            report.error(Location(shown, 1, 1), NO_ANSWERS)
        return None
    if not isinstance(data, dict):
        example = '{"sounding_board": "yes"}' if is_json else 'sounding_board: "yes"'
        report.error(Location(shown, 1, 1), "answers must be a mapping of question id to "
                     f"answer, e.g. '{example}'")
        return None
    # `step` is the committed step in a saved download and in a plain file alike; so is
    # `language`.
    step = read_step(data.get(STEP), locate_step(STEP), locate_step, report)
    language_location = locate_step(LANGUAGE)
    language = _language(data.get(LANGUAGE), language_location, report)
    saved = data.get("answers")
    if "answers" in data and not isinstance(saved, dict) and (
            isinstance(saved, list) or "checklist" in data or "format" in data):
        report.error(locate("answers"), "'answers' must be a mapping of question id to "
                     "answer, e.g. 'answers: {mentor: yes}'")
        return None
    if isinstance(saved, dict):
        return AnswerFile(shown, saved, _text(data.get("checklist")),
                          _text(data.get("version")), locate, _text(data.get("name")), step,
                          language, language_location)
    answers = {key: value for key, value in data.items() if key not in (STEP, LANGUAGE)}
    return AnswerFile(shown, answers, None, None, locate, step=step, language=language,
                      language_location=language_location)


def _language(value: Plain, where: Location, report: Problems) -> str | None:
    """The `language` of an answer file: text, or absent; which languages the kit has is
    checked by whoever reads the answers for a kit."""
    if value is None or (isinstance(value, str) and not value.strip()):
        return None
    if not isinstance(value, str):
        report.error(where, "'language' must be a language's code as text, e.g. "
                     "'language: fr'")
        return None
    return value.strip()


def _text(value: Plain) -> str | None:
    return value if isinstance(value, str) else None


Locators = tuple[Plain, Callable[[str], Location], Callable[[str], Location]]
"""The data, where a key of the answers is, where `step` or `language` (given their names)
or a key of the step is."""
TOP_KEYS = (STEP, LANGUAGE)


def _read_json(text: str, shown: str, report: Problems) -> Locators:
    scanned = _scan_json(text, shown, report)
    if scanned is None:
        return None, _nowhere(shown), _nowhere(shown)
    try:
        data: Plain = json.loads(text, object_pairs_hook=_refuse_duplicates)
    except json.JSONDecodeError as error:
        report.error(Location(shown, error.lineno, error.colno), f"JSON error: {error.msg}")
        return None, _nowhere(shown), _nowhere(shown)
    except ValueError as error:
        report.error(Location(shown), str(error))
        return None, _nowhere(shown), _nowhere(shown)
    keys, where = scanned

    def find(key: str, start: int = 0) -> Location:
        # JSON keeps no positions; the first such key after `start` is close enough.
        offsets = keys.get(key, [])
        index = bisect.bisect_left(offsets, start)
        return where(offsets[index]) if index < len(offsets) else Location(shown)

    def locate_step(key: str) -> Location:
        start = keys.get(STEP, [0])[0]
        return find(key, start) if key not in TOP_KEYS else find(key)

    return data, find, locate_step


def _scan_json(text: str, shown: str, report: Problems) -> tuple[
        dict[str, list[int]], Callable[[int], Location]] | None:
    """Where each key is written (its offsets), in one pass that refuses,
    located, what decoding would not: nesting too deep for the decoder's recursion, NaN,
    infinities and numbers past the limit. None when it refused one (reported)."""
    starts = [0] + [m.end() for m in re.finditer("\n", text)]

    def where(offset: int) -> Location:
        line = bisect.bisect_right(starts, offset)
        return Location(shown, line, offset - starts[line - 1] + 1)

    keys: dict[str, list[int]] = {}
    depth = 0
    for token in _JSON_TOKEN.finditer(text):
        problem = None
        if token["key"] is not None:
            with contextlib.suppress(ValueError):  # a bad escape: the decoder words it
                key = json.loads(token[0][: -len(token["key"])])
                keys.setdefault(key, []).append(token.start())
        elif token["open"]:
            depth += 1
            problem = nesting_message() if depth > MAX_DEPTH else None
        elif token["close"]:
            depth -= 1
        elif token["constant"]:
            problem = number_message(token["constant"])
        elif token["number"]:
            problem = number_message(token["number"])
        if problem is not None:
            report.error(where(token.start()), problem)
            return None
    return keys, where


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
            if key in TOP_KEYS:
                return node.key_loc(key) if key in node.entries else node.loc
            if not isinstance(step, YMap):
                return node.key_loc(STEP) if STEP in node.entries else node.loc
            return step.key_loc(key) if key in step.entries else step.loc

        return to_plain(node), locate, locate_step
    return to_plain(node), _nowhere(shown), _nowhere(shown)


def _nowhere(shown: str) -> Callable[[str], Location]:
    return lambda key: Location(shown)
