"""The rules, as frozen data: conditions, advice, rules, groups and rule tests."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Literal, TypeAlias

from site_builder.diagnostics import NOWHERE, Location

JsonValue: TypeAlias = "bool | int | float | str | list[JsonValue] | dict[str, JsonValue] | None"
"""A value as JSON gives it: the same type as `site_builder.engine.jsonlogic.JsonValue`,
written out again because the data model imports nothing above it."""
Pick = Literal["all", "first"]
CompareOp = Literal[
    "is", "is_not", "in", "not_in", "at_least", "at_most", "above", "below", "answered"
]
NUMERIC_OPS: tuple[CompareOp, ...] = ("at_least", "at_most", "above", "below")
CHOICE_OPS: tuple[CompareOp, ...] = ("is", "is_not", "in", "not_in")
Operand: TypeAlias = "bool | int | float | str | tuple[int | float | str, ...]"
"""What a comparison compares with: a flag (answered), a number, an answer, or several
answers (in, not_in)."""


@dataclass(frozen=True)
class Compare:
    """`subject` is a question or score id; `value` is already checked against it."""

    subject: str
    op: CompareOp
    value: Operand
    location: Location


@dataclass(frozen=True)
class AllOf:
    items: tuple[Condition, ...]
    location: Location


@dataclass(frozen=True)
class AnyOf:
    items: tuple[Condition, ...]
    location: Location


@dataclass(frozen=True)
class Not:
    item: Condition
    location: Location


@dataclass(frozen=True)
class Always:
    location: Location


@dataclass(frozen=True)
class RawLogic:
    logic: JsonValue
    location: Location


Condition = Compare | AllOf | AnyOf | Not | Always | RawLogic


@dataclass(frozen=True)
class Advice:
    title: str
    body: str  # Markdown as written
    html: str  # the body rendered and sanitised
    section: str | None = None


@dataclass(frozen=True)
class Rule:
    id: str
    when: tuple[Condition, ...]  # all must hold
    advice: Advice
    group: str  # the rule file's path, e.g. "rules/profiles.yaml"
    position: int  # index in its file
    priority: float = 0
    location: Location = NOWHERE


@dataclass(frozen=True)
class RuleSet:
    """One rule file: one group."""

    path: str
    checklist: str
    pick: Pick
    rules: tuple[Rule, ...]
    location: Location = NOWHERE
    title: str = ""  # the group's title for participants; "" when none was worked out


@dataclass(frozen=True)
class RuleTestCase:
    name: str
    answers: Mapping[str, JsonValue]
    expect: tuple[str, ...]
    expect_not: tuple[str, ...]
    location: Location


@dataclass(frozen=True)
class RuleTest:
    path: str
    checklist: str
    cases: tuple[RuleTestCase, ...]
