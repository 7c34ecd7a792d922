"""A page's timed agenda: its front-matter shapes, checked, turned into the `Agenda` model.

A facilitator's page may carry, in its front matter, `start` (a clock time),
`length` (the session's minutes) and `agenda` (the activities, in order). The
shapes here validate them like every kit file; `build_agenda` turns the checked
values into an `Agenda` whose activities know when they start.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from typing import Any

from site_builder.diagnostics import NOWHERE, Location, Problems
from site_builder.kit.shapes import (
    INVALID,
    Fields,
    JsonSchema,
    Key,
    ListOf,
    Number,
    Shape,
    Text,
    is_valid,
)
from site_builder.kit.yamlfile import YMap, YNode, YScalar
from site_builder.model.agenda import Activity, Agenda

TIME = re.compile(r"^([01]?[0-9]|2[0-3]):([0-5][0-9])$")
ALMOST_TIME = re.compile(r"^([01]?[0-9]|2[0-3])\s*[.hH,]\s*([0-5][0-9])$")
EXAMPLE_TIME = "09:30"

RenderMarkdown = Callable[[str, Location], str]


@dataclass(frozen=True)
class Located:
    """A checked value with the place it was written, for Markdown and messages."""

    value: Any
    location: Location


@dataclass
class LocatedShape(Shape):
    """`shape`, with the value's location kept alongside it."""

    shape: Shape

    def check(self, node: YNode, report: Problems, what: str) -> Any:
        value = self.shape.check(node, report, what)
        return Located(value, node.loc) if is_valid(value) else INVALID

    def json_schema(self, defs: dict[str, JsonSchema]) -> JsonSchema:
        return self.shape.json_schema(defs)


@dataclass
class ClockTime(Shape):
    """A time of day written as 09:30 or 9:30; the value is minutes after midnight."""

    description = f"a time such as {EXAMPLE_TIME}"

    def check(self, node: YNode, report: Problems, what: str) -> Any:
        if not isinstance(node, YScalar) or node.value is None or isinstance(node.value, bool):
            return self.wrong(node, report, what)
        text = node.text if not isinstance(node.value, str) else node.value
        match = TIME.match(text.strip())
        if match:
            return int(match.group(1)) * 60 + int(match.group(2))
        almost = ALMOST_TIME.match(text.strip())
        fix = f"{int(almost.group(1)):02d}:{almost.group(2)}" if almost else EXAMPLE_TIME
        report.error(node.loc, f"'{text}' is not a time: write it as {fix}")
        return INVALID

    def json_schema(self, defs: dict[str, JsonSchema]) -> JsonSchema:
        # YAML 1.2 reads 09:30 as text; a number such as 9.30 is refused, as by `check`.
        return {"type": "string", "pattern": TIME.pattern}


ACTIVITY = Fields({
    "activity": Key(Text(), required=True, doc="the activity's title"),
    "minutes": Key(Number(integer=True, minimum=1), required=True,
                   doc="how long it takes, in minutes"),
    "purpose": Key(Text(), doc="why the group does it, in a sentence"),
    "materials": Key(ListOf(Text()), doc="what to bring or prepare for it"),
    "instructions": Key(LocatedShape(Text()), doc="how to run it (Markdown)"),
    "debrief": Key(ListOf(Text()), doc="questions for the debrief"),
}, name="an agenda activity")

AGENDA_KEYS: Mapping[str, Key] = {
    "start": Key(ClockTime(), doc="when the session starts, e.g. 09:30"),
    "length": Key(Number(integer=True, minimum=1), doc="the session's length in minutes"),
    "agenda": Key(ListOf(ACTIVITY, min_items=1), doc="the activities, in order"),
}


def build_agenda(data: Mapping[str, Any], front: YNode, markdown: RenderMarkdown) -> Agenda | None:
    """The agenda of checked front matter `data` (None when it has none); `front` is the
    front matter's node, for the location of `length`."""
    items = data.get("agenda")
    if not items:
        return None
    start = data.get("start")
    clock = start is not None
    activities = []
    at = start or 0
    for item in items:
        instructions = item.get("instructions")
        html = markdown(instructions.value, instructions.location) if instructions else ""
        activities.append(Activity(
            title=item["activity"], minutes=item["minutes"], start=at,
            purpose=item.get("purpose") or "", materials=tuple(item.get("materials") or ()),
            instructions_html=html, debrief=tuple(item.get("debrief") or ()), clock=clock,
        ))
        at += item["minutes"]
    length_location = front.key_loc("length") if isinstance(front, YMap) and \
        "length" in front.entries else NOWHERE
    return Agenda(tuple(activities), start, data.get("length"), length_location)


def is_valid_agenda(data: Mapping[str, Any]) -> bool:
    """Every agenda value checked without a problem (nested values included)."""
    items = data.get("agenda")
    if items is None:
        return True
    return is_valid(items) and all(is_valid(i) and all(is_valid(v) for v in i.values())
                                   and all(is_valid(m) for m in (i.get("materials") or ()))
                                   and all(is_valid(q) for q in (i.get("debrief") or ()))
                                   for i in items)


def check_length(agenda: Agenda, report: Problems) -> None:
    """Warn when the activities do not add up to the session's stated `length`."""
    if agenda.length is None or agenda.total == agenda.length:
        return
    fix = "shorten an activity" if agenda.total > agenda.length else "lengthen an activity"
    report.warning(agenda.length_location, f"the agenda adds up to {agenda.total} minutes, but "
                   f"'length' says {agenda.length}; {fix} or change 'length'")
