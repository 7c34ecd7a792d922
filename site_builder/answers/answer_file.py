"""A participant's answers: read from a file, matched to a checklist, every value checked."""

from __future__ import annotations

import json
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from pathlib import Path

from site_builder.diagnostics import Location, Problems
from site_builder.kit.text import NotTextError, read_text_file
from site_builder.kit.yamlfile import Plain, YamlError, YMap, parse_yaml, to_plain

SAVED_FORMAT = "site-builder/answers"  # what the site's "Download my answers" writes


@dataclass(frozen=True)
class AnswerFile:
    """Answers as read, before they are matched to a checklist."""

    path: str
    answers: Mapping[str, Plain]
    checklist: str | None = None  # named by a saved download
    version: str | None = None
    locate: Callable[[str], Location] = lambda key: Location("")
    name: str | None = None  # a saved download's optional "name"


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
        data, locate = _read_json(text, shown, report)
    else:
        data, locate = _read_yaml(text, shown, report)
    if data is None:
        return None
    if not isinstance(data, dict):
        example = '{"sounding_board": "yes"}' if is_json else 'sounding_board: "yes"'
        report.error(Location(shown, 1, 1), "answers must be a mapping of question id to "
                     f"answer, e.g. '{example}'")
        return None
    saved = data.get("answers")
    if isinstance(saved, dict):
        return AnswerFile(shown, saved, _text(data.get("checklist")),
                          _text(data.get("version")), locate, _text(data.get("name")))
    return AnswerFile(shown, data, None, None, locate)


def _text(value: Plain) -> str | None:
    return value if isinstance(value, str) else None


def _read_json(text: str, shown: str,
               report: Problems) -> tuple[Plain, Callable[[str], Location]]:
    try:
        data: Plain = json.loads(text, object_pairs_hook=_refuse_duplicates)
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


def _refuse_duplicates(pairs: list[tuple[str, Plain]]) -> dict[str, Plain]:
    result: dict[str, Plain] = {}
    for key, value in pairs:
        if key in result:
            raise ValueError(f"duplicate key '{key}'")
        result[key] = value
    return result


def _read_yaml(text: str, shown: str,
               report: Problems) -> tuple[Plain, Callable[[str], Location]]:
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
