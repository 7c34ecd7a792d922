"""One way to report a problem: a located diagnostic, collected, then raised together."""

from __future__ import annotations

import difflib
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from typing import Literal

Severity = Literal["error", "warning"]
Log = Callable[[str], None]  # hears a line per step of a command, for `--verbose`


def quiet(message: str) -> None:
    """The `Log` of a command that says nothing but its result."""


@dataclass(frozen=True, order=True)
class Location:
    """A place in a kit file; line and col count from 1, 0 means "the whole file"."""

    path: str
    line: int = 0
    col: int = 0

    def __str__(self) -> str:
        if self.line and self.col:
            return f"{self.path}:{self.line}:{self.col}"
        if self.line:
            return f"{self.path}:{self.line}"
        return self.path


NOWHERE = Location("")


@dataclass(frozen=True, order=True)
class Diagnostic:
    location: Location
    message: str
    severity: Severity = "error"

    def __str__(self) -> str:
        return f"{self.location}: {self.severity}: {self.message}"


class KitError(Exception):
    """Raised with every problem found, so one run reports them all."""

    def __init__(self, diagnostics: Iterable[Diagnostic]) -> None:
        self.diagnostics = tuple(sorted(diagnostics))
        super().__init__("\n".join(str(d) for d in self.diagnostics))


@dataclass
class Problems:
    """Collects diagnostics while a step runs; `raise_if_errors` ends the step."""

    items: list[Diagnostic] = field(default_factory=list)

    def error(self, location: Location, message: str) -> None:
        self.items.append(Diagnostic(location, message, "error"))

    def warning(self, location: Location, message: str) -> None:
        self.items.append(Diagnostic(location, message, "warning"))

    def extend(self, diagnostics: Iterable[Diagnostic]) -> None:
        self.items.extend(diagnostics)

    @property
    def errors(self) -> list[Diagnostic]:
        return [d for d in self.items if d.severity == "error"]

    @property
    def warnings(self) -> list[Diagnostic]:
        return [d for d in self.items if d.severity == "warning"]

    def __iter__(self) -> Iterator[Diagnostic]:
        return iter(sorted(set(self.items)))

    def raise_if_errors(self) -> None:
        if self.errors:
            raise KitError(self.errors)


# difflib compares in time that grows with both lengths: a misspelt name is short, and
# a hint among thousands of names helps nobody.
HINT_WORD_LENGTH = 100
HINT_CHOICES = 1000
SHOWN_LENGTH = 60  # how much of a long value a message echoes


def did_you_mean(word: str, choices: Iterable[str]) -> str:
    """A " (did you mean 'x'?)" hint for a misspelt name, or an empty string."""
    if len(word) > HINT_WORD_LENGTH:
        return ""
    names = [c for c, _ in zip(choices, range(HINT_CHOICES + 1), strict=False)]
    if len(names) > HINT_CHOICES:
        return ""
    close = difflib.get_close_matches(word, names, n=1, cutoff=0.6)
    return f" (did you mean '{close[0]}'?)" if close else ""


def shorten(text: str, length: int = SHOWN_LENGTH) -> str:
    """A value as a message echoes it: long ones cut, with '...' and how long they were."""
    if len(text) <= length:
        return text
    return f"{text[:length]}... ({len(text):,} characters)"


def quote_list(values: Iterable[str]) -> str:
    """'a', 'b', 'c': how allowed values are listed in messages."""
    return ", ".join(f"'{v}'" for v in values)


def plural(count: int, noun: str) -> str:
    """'1 page', '3 pages'."""
    return f"{count} {noun}{'' if count == 1 else 's'}"
