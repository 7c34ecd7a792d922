"""A facilitator's timed agenda: activities that know when they start."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Literal

from site_builder.diagnostics import NOWHERE, Location

MINUTES_PER_DAY = 24 * 60

ActivityKind = Literal["activity", "break"]


@dataclass(frozen=True)
class Debrief:
    """Questions after an activity: What happened? So what does it mean? Now what will
    you do? `questions` holds a plain list, from a kit that does not sort them."""

    what: tuple[str, ...] = ()
    so_what: tuple[str, ...] = ()
    now_what: tuple[str, ...] = ()
    questions: tuple[str, ...] = ()

    def __bool__(self) -> bool:
        return bool(self.what or self.so_what or self.now_what or self.questions)

    @property
    def stages(self) -> tuple[tuple[str, str, tuple[str, ...]], ...]:
        """(key, heading, questions) of each stage that has questions, in debrief order."""
        named = (("what", "What?", self.what), ("so_what", "So what?", self.so_what),
                 ("now_what", "Now what?", self.now_what))
        return tuple(stage for stage in named if stage[2])


@dataclass(frozen=True)
class Activity:
    title: str
    minutes: int
    start: int  # minutes after midnight, or after the session's start when it has no clock time
    kind: ActivityKind = "activity"
    purpose: str = ""
    groups: str = ""  # who works with whom: "pairs", "trios, then the whole room"
    space: str = ""  # how the room is arranged for it
    materials: tuple[str, ...] = ()
    say_html: str = ""  # the facilitator's words, to read out or paraphrase
    instructions_html: str = ""  # links relative to the content root, like Page.html
    debrief: Debrief = field(default_factory=Debrief)
    clock: bool = False  # `start` is a time of day (the agenda has a `start`)

    @property
    def start_time(self) -> str:
        """09:40 for a time of day, 0:10 for time into the session."""
        return format_time(self.start, self.clock)

    @property
    def is_break(self) -> bool:
        return self.kind == "break"


@dataclass(frozen=True)
class Agenda:
    activities: tuple[Activity, ...]
    start: int | None = None  # minutes after midnight
    length: int | None = None  # what the author says the session lasts
    length_location: Location = NOWHERE

    @property
    def total(self) -> int:
        return sum(activity.minutes for activity in self.activities)

    @property
    def end_time(self) -> str:
        return format_time((self.start or 0) + self.total, self.start is not None)

    @property
    def materials(self) -> tuple[str, ...]:
        """Every activity's materials, in order of first use, each once (ignoring case)."""
        seen: dict[str, str] = {}
        for activity in self.activities:
            for item in activity.materials:
                seen.setdefault(" ".join(item.split()).casefold(), item)
        return tuple(seen.values())

    @property
    def numbered(self) -> tuple[tuple[int, Activity], ...]:
        """Each activity with its number (breaks are not counted, and get 0)."""
        out = []
        number = 0
        for activity in self.activities:
            number += 0 if activity.is_break else 1
            out.append((0 if activity.is_break else number, activity))
        return tuple(out)


def format_time(minutes: int, clock: bool) -> str:
    if clock:
        minutes %= MINUTES_PER_DAY
        return f"{minutes // 60:02d}:{minutes % 60:02d}"
    return f"{minutes // 60}:{minutes % 60:02d}"
