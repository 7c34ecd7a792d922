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

from site_builder.diagnostics import NOWHERE, Location, Problems
from site_builder.kit.shapes import (
    Fields,
    JsonSchema,
    Key,
    ListOf,
    Located,
    LocatedShape,
    OpenRecord,
    Record,
    Shape,
    Text,
    WholeNumber,
)
from site_builder.kit.yamlfile import YNode, YScalar
from site_builder.model.agenda import Activity, Agenda

TIME = re.compile(r"^([01]?[0-9]|2[0-3]):([0-5][0-9])$")
ALMOST_TIME = re.compile(r"^([01]?[0-9]|2[0-3])\s*[.hH,]\s*([0-5][0-9])$")
EXAMPLE_TIME = "09:30"

RenderMarkdown = Callable[[str, Location], str]


@dataclass
class ClockTime(Shape[int]):
    """A time of day written as 09:30 or 9:30; the value is minutes after midnight."""

    description = f"a time such as {EXAMPLE_TIME}"

    def check(self, node: YNode, report: Problems, what: str) -> int | None:
        if not isinstance(node, YScalar) or node.value is None or isinstance(node.value, bool):
            self.wrong(node, report, what)
            return None
        text = node.text if not isinstance(node.value, str) else node.value
        match = TIME.match(text.strip())
        if match:
            return int(match.group(1)) * 60 + int(match.group(2))
        almost = ALMOST_TIME.match(text.strip())
        fix = f"{int(almost.group(1)):02d}:{almost.group(2)}" if almost else EXAMPLE_TIME
        report.error(node.loc, f"'{text}' is not a time: write it as {fix}")
        return None

    def json_schema(self, defs: dict[str, JsonSchema]) -> JsonSchema:
        # YAML 1.2 reads 09:30 as text; a number such as 9.30 is refused, as by `check`.
        return {"type": "string", "pattern": TIME.pattern}


@dataclass(frozen=True)
class ActivityEntry(Record):
    activity: str
    minutes: int
    purpose: str | None = None
    materials: tuple[str, ...] = ()
    instructions: Located[str] | None = None
    debrief: tuple[str, ...] = ()


@dataclass(frozen=True)
class AgendaFront(OpenRecord):
    """The agenda's keys of a page's front matter (which holds other keys too)."""

    start: int | None = None
    length: int | None = None
    agenda: tuple[ActivityEntry, ...] | None = None


# One wrong part of an agenda makes its page's front matter wrong.
ACTIVITY = Fields(ActivityEntry, {
    "activity": Key(Text(), required=True, doc="the activity's title"),
    "minutes": Key(WholeNumber(minimum=1), required=True,
                   doc="how long it takes, in minutes"),
    "purpose": Key(Text(), doc="why the group does it, in a sentence"),
    "materials": Key(ListOf(Text(), all_or_nothing=True),
                     doc="what to bring or prepare for it"),
    "instructions": Key(LocatedShape(Text()), doc="how to run it (Markdown)"),
    "debrief": Key(ListOf(Text(), all_or_nothing=True), doc="questions for the debrief"),
}, name="an agenda activity")

AGENDA_KEYS: Mapping[str, Key] = {
    "start": Key(ClockTime(), doc="when the session starts, e.g. 09:30"),
    "length": Key(WholeNumber(minimum=1), doc="the session's length in minutes"),
    "agenda": Key(ListOf(ACTIVITY, min_items=1, all_or_nothing=True),
                  doc="the activities, in order"),
}


def build_agenda(front: AgendaFront, markdown: RenderMarkdown) -> Agenda | None:
    """The agenda of checked front matter (None when it has none)."""
    if not front.agenda:
        return None
    clock = front.start is not None
    activities = []
    at = front.start or 0
    for item in front.agenda:
        instructions = item.instructions
        html = markdown(instructions.value, instructions.location) if instructions else ""
        activities.append(Activity(
            title=item.activity, minutes=item.minutes, start=at,
            purpose=item.purpose or "", materials=item.materials,
            instructions_html=html, debrief=item.debrief, clock=clock,
        ))
        at += item.minutes
    length_location = front.node.key_loc("length") if front.has("length") else NOWHERE
    return Agenda(tuple(activities), front.start, front.length, length_location)


def check_length(agenda: Agenda, report: Problems) -> None:
    """Warn when the activities do not add up to the session's stated `length`."""
    if agenda.length is None or agenda.total == agenda.length:
        return
    fix = "shorten an activity" if agenda.total > agenda.length else "lengthen an activity"
    report.warning(agenda.length_location, f"the agenda adds up to {agenda.total} minutes, but "
                   f"'length' says {agenda.length}; {fix} or change 'length'")
