"""A handout's fill-in fields: what a page's `fill` blocks ask participants to write."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

from site_builder.diagnostics import NOWHERE, Location

FieldKind = Literal["lines", "box", "initials", "circles", "step"]
FIELD_KINDS: tuple[FieldKind, ...] = ("lines", "box", "initials", "circles", "step")
# The form fields of the four-part step, on a handout and on the worksheet alike, so a
# filled copy of either gives `report` the participant's step.
STEP_FIELDS = {"what": "_step_what", "who": "_step_who", "how": "_step_how",
               "when": "_step_when"}


@dataclass(frozen=True)
class FillField:
    """One `fill` block. `number` is its place on the page (1, 2 ...), which names its
    form fields; `count` is lines, a box's height in lines, or initials slots."""

    kind: FieldKind
    number: int
    count: int = 0
    label: str = ""
    code: str = ""  # initials: the heading of the short code column, if any
    rings: tuple[str, ...] = ()  # circles: the rings' names, inside out
    centre: str = ""  # circles: the word at the centre
    location: Location = NOWHERE

    def name(self, part: str) -> str:
        """A form field's name: `_f2_line_1`; starts with `_`, so it is never a question."""
        return f"_f{self.number}_{part}"
