"""A facilitator's timed agenda: activities that know when they start."""

from __future__ import annotations

from dataclasses import dataclass

from site_builder.diagnostics import NOWHERE, Location

MINUTES_PER_DAY = 24 * 60


@dataclass(frozen=True)
class Activity:
    title: str
    minutes: int
    start: int  # minutes after midnight, or after the session's start when it has no clock time
    purpose: str = ""
    materials: tuple[str, ...] = ()
    instructions_html: str = ""  # links relative to the content root, like Page.html
    debrief: tuple[str, ...] = ()
    clock: bool = False  # `start` is a time of day (the agenda has a `start`)

    @property
    def start_time(self) -> str:
        """09:40 for a time of day, 0:10 for time into the session."""
        return format_time(self.start, self.clock)


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


def format_time(minutes: int, clock: bool) -> str:
    if clock:
        minutes %= MINUTES_PER_DAY
        return f"{minutes // 60:02d}:{minutes % 60:02d}"
    return f"{minutes // 60}:{minutes % 60:02d}"
