"""A page's timed agenda: its front-matter shapes, checked, turned into the `Agenda` model.

A facilitator's page may carry, in its front matter, `start` (a clock time),
`length` (the session's minutes) and `agenda` (the activities, in order, breaks
among them). The shapes here validate them like every kit file; `build_agenda`
turns the checked values into an `Agenda` whose activities know when they start.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from typing import get_args

from site_builder.diagnostics import NOWHERE, Location, Problems
from site_builder.kit.shapes import (
    Choice,
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
from site_builder.kit.yamlfile import YMap, YNode, YScalar, YSeq
from site_builder.model.agenda import Activity, ActivityKind, Agenda, Debrief

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
class DebriefEntry(Record):
    what: tuple[str, ...] = ()
    so_what: tuple[str, ...] = ()
    now_what: tuple[str, ...] = ()


QUESTIONS = ListOf(Text(), all_or_nothing=True)
DEBRIEF_STAGES = Fields(DebriefEntry, {
    "what": Key(QUESTIONS, doc="What happened? Questions about what people did and noticed"),
    "so_what": Key(QUESTIONS, doc="So what? Questions about what it means for them"),
    "now_what": Key(QUESTIONS, doc="Now what? Questions about what they will do next"),
}, name="a debrief")


@dataclass
class DebriefShape(Shape[Debrief]):
    """`what`, `so_what` and `now_what` lists of questions; or one plain list (a kit written
    before the three stages), shown as it is."""

    description = "a mapping with 'what', 'so_what' and 'now_what' (lists of questions)"

    def check(self, node: YNode, report: Problems, what: str) -> Debrief | None:
        if isinstance(node, YSeq):
            questions = QUESTIONS.check(node, report, what)
            return None if questions is None else Debrief(questions=questions)
        if not isinstance(node, YMap):
            self.wrong(node, report, what)
            return None
        stages = DEBRIEF_STAGES.check(node, report, what)
        if stages is None:
            return None
        debrief = Debrief(stages.what, stages.so_what, stages.now_what)
        if not debrief:
            report.error(node.loc, f"{what} has no questions: give at least one under "
                         "'what', 'so_what' or 'now_what'")
            return None
        return debrief

    def json_schema(self, defs: dict[str, JsonSchema]) -> JsonSchema:
        return {"anyOf": [DEBRIEF_STAGES.json_schema(defs), QUESTIONS.json_schema(defs)]}


@dataclass(frozen=True)
class ActivityEntry(Record):
    activity: str
    minutes: int
    kind: ActivityKind | None = None
    purpose: str | None = None
    groups: str | None = None
    space: str | None = None
    materials: tuple[str, ...] = ()
    say: Located[str] | None = None
    instructions: Located[str] | None = None
    debrief: Debrief | None = None


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
    "kind": Key(Choice(values=get_args(ActivityKind)),
                doc="activity (the default) or break"),
    "purpose": Key(Text(), doc="why the group does it, in a sentence"),
    "groups": Key(Text(), doc="who works with whom, e.g. pairs, then the whole room"),
    "space": Key(Text(), doc="how the room is arranged for it, e.g. chairs in a circle"),
    "materials": Key(ListOf(Text(), all_or_nothing=True),
                     doc="what to bring or prepare for it"),
    "say": Key(LocatedShape(Text()), doc="the facilitator's words, a short script (Markdown)"),
    "instructions": Key(LocatedShape(Text()), doc="how to run it, step by step (Markdown)"),
    "debrief": Key(DebriefShape(), doc="questions afterwards: what, so_what, now_what"),
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
        activities.append(Activity(
            title=item.activity, minutes=item.minutes, start=at, kind=item.kind or "activity",
            purpose=item.purpose or "", groups=item.groups or "", space=item.space or "",
            materials=item.materials, say_html=_html(item.say, markdown),
            instructions_html=_html(item.instructions, markdown),
            debrief=item.debrief or Debrief(), clock=clock,
        ))
        at += item.minutes
    length_location = front.node.key_loc("length") if front.has("length") else NOWHERE
    return Agenda(tuple(activities), front.start, front.length, length_location)


def _html(text: Located[str] | None, markdown: RenderMarkdown) -> str:
    return markdown(text.value, text.location) if text else ""


def check_length(agenda: Agenda, report: Problems) -> None:
    """Warn when the activities do not add up to the session's stated `length`."""
    if agenda.length is None or agenda.total == agenda.length:
        return
    fix = "shorten an activity" if agenda.total > agenda.length else "lengthen an activity"
    report.warning(agenda.length_location, f"the agenda adds up to {agenda.total} minutes, but "
                   f"'length' says {agenda.length}; {fix} or change 'length'")
