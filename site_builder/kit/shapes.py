"""Declarative shapes of kit files, checked against located YAML nodes.

A `Shape[T]` says what a value may be: `check` returns it as a `T` (a mapping becomes
the record that `Fields` names), or None when it is wrong, and reports every problem
with its location. The same shapes are the one description of the kit format the
loader trusts, and `json_schema` states it as JSON Schema (draft 2020-12) for editors,
so the two cannot disagree.
"""

from __future__ import annotations

import dataclasses
import math
import re
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Generic, TypeVar

from site_builder.diagnostics import Location, Problems, did_you_mean, quote_list
from site_builder.kit.yamlfile import YMap, YNode, YScalar, YSeq

T = TypeVar("T")
T_co = TypeVar("T_co", covariant=True)
R = TypeVar("R", bound="Record")
S = TypeVar("S", bound=str)

# A JSON value, and a JSON Schema: a JSON object ready for json.dumps.
JsonValue = None | bool | int | float | str | Sequence["JsonValue"] | Mapping[str, "JsonValue"]
JsonSchema = dict[str, JsonValue]

ID_PATTERN = re.compile(r"^[A-Za-z][A-Za-z0-9_-]*$")


def _kind(node: YNode) -> str:
    if isinstance(node, YMap):
        return "a mapping"
    if isinstance(node, YSeq):
        return "a list"
    value = node.value
    if value is None:
        return "empty"
    if isinstance(value, bool):
        return f"'{node.text}' (true/false)"
    if isinstance(value, (int, float)):
        return f"the number {node.text}"
    return f"the text '{value}'" if len(value) < 40 else "text"


class Shape(Generic[T_co]):
    """What a value may be. `what` names the value in messages, e.g. "'title'"."""

    description = "a value"

    def check(self, node: YNode, report: Problems, what: str) -> T_co | None:
        """The value, or None when it is wrong (reported). No shape's value is None."""
        raise NotImplementedError

    def json_schema(self, defs: dict[str, JsonSchema]) -> JsonSchema:
        """What `check` accepts, as JSON Schema; schemas that others refer to (as
        "#/$defs/name") are added to `defs`, for the document's root."""
        raise NotImplementedError

    def wrong(self, node: YNode, report: Problems, what: str) -> None:
        report.error(node.loc, f"{what} must be {self.description}, not {_kind(node)}")


@dataclass
class Text(Shape[str]):
    allow_empty: bool = False
    description = "text"

    def check(self, node: YNode, report: Problems, what: str) -> str | None:
        if isinstance(node, YScalar) and isinstance(node.value, str):
            if not self.allow_empty and not node.value.strip():
                report.error(node.loc, f"{what} must not be empty")
                return None
            return node.value
        if isinstance(node, YScalar) and isinstance(node.value, (int, float)) \
                and not isinstance(node.value, bool):
            return node.text  # a title such as 2024 is still text
        self.wrong(node, report, what)
        return None

    def json_schema(self, defs: dict[str, JsonSchema]) -> JsonSchema:
        # YAML reads `title: 2024` as a number, and `check` takes it as text: so must editors.
        schema: JsonSchema = {"type": ["string", "number"]}
        if not self.allow_empty:
            schema["pattern"] = r"\S"  # a pattern applies to strings only
        return schema


@dataclass
class Ident(Shape[str]):
    description = "an id (a letter, then letters, digits, '_' or '-')"

    def check(self, node: YNode, report: Problems, what: str) -> str | None:
        if isinstance(node, YScalar) and isinstance(node.value, str):
            if ID_PATTERN.match(node.value):
                return node.value
            report.error(node.loc, f"{what} '{node.value}' is not a valid id: use a letter, "
                         "then letters, digits, '_' or '-'")
            return None
        self.wrong(node, report, what)
        return None

    def json_schema(self, defs: dict[str, JsonSchema]) -> JsonSchema:
        return {"type": "string", "pattern": ID_PATTERN.pattern}


def _finite_number(node: YNode) -> int | float | None:
    """The node's number (true/false, NaN and infinities are not numbers here)."""
    value = node.value if isinstance(node, YScalar) else None
    if isinstance(value, bool) or not isinstance(value, (int, float)):
        return None
    return value if math.isfinite(value) else None


def _number_schema(kind: str, minimum: float | None) -> JsonSchema:
    schema: JsonSchema = {"type": kind}
    if minimum is not None:
        schema["minimum"] = minimum
    return schema


def _at_least(minimum: float | None, value: float, node: YNode, report: Problems,
              what: str) -> bool:
    """Whether `value` reaches `minimum` (reported when it does not)."""
    if minimum is not None and value < minimum:
        report.error(node.loc, f"{what} must be at least {minimum:g}, not {value}")
        return False
    return True


@dataclass
class Number(Shape[int | float]):
    minimum: float | None = None
    description = "a number"

    def check(self, node: YNode, report: Problems, what: str) -> int | float | None:
        value = _finite_number(node)
        if value is None:
            self.wrong(node, report, what)
            return None
        return value if _at_least(self.minimum, value, node, report, what) else None

    def json_schema(self, defs: dict[str, JsonSchema]) -> JsonSchema:
        return _number_schema("number", self.minimum)


@dataclass
class WholeNumber(Shape[int]):
    minimum: int | None = None
    description = "a whole number"

    def check(self, node: YNode, report: Problems, what: str) -> int | None:
        value = _finite_number(node)
        if not isinstance(value, int):
            self.wrong(node, report, what)
            return None
        return value if _at_least(self.minimum, value, node, report, what) else None

    def json_schema(self, defs: dict[str, JsonSchema]) -> JsonSchema:
        return _number_schema("integer", self.minimum)


@dataclass
class Flag(Shape[bool]):
    description = "true or false"

    def check(self, node: YNode, report: Problems, what: str) -> bool | None:
        if isinstance(node, YScalar) and isinstance(node.value, bool):
            return node.value
        self.wrong(node, report, what)
        return None

    def json_schema(self, defs: dict[str, JsonSchema]) -> JsonSchema:
        return {"type": "boolean"}


@dataclass
class Choice(Shape[S]):
    """One of a few words; typed as narrowly as `values` is (a Literal, say)."""

    values: Sequence[S] = ()

    @property
    def description(self) -> str:  # type: ignore[override]
        return f"one of {quote_list(self.values)}"

    def check(self, node: YNode, report: Problems, what: str) -> S | None:
        if isinstance(node, YScalar) and isinstance(node.value, str):
            chosen = next((value for value in self.values if value == node.value), None)
            if chosen is not None:
                return chosen
            report.error(node.loc, f"{what} must be one of {quote_list(self.values)}, not "
                         f"'{node.value}'{did_you_mean(node.value, self.values)}")
            return None
        self.wrong(node, report, what)
        return None

    def json_schema(self, defs: dict[str, JsonSchema]) -> JsonSchema:
        return {"enum": list(self.values)}


@dataclass
class ListOf(Shape[tuple[T, ...]]):
    """A list. A wrong item (reported) is left out, so the loader still checks the others;
    with `all_or_nothing`, it makes the whole list wrong."""

    item: Shape[T]
    min_items: int = 0
    all_or_nothing: bool = False
    description = "a list"

    def check(self, node: YNode, report: Problems, what: str) -> tuple[T, ...] | None:
        if not isinstance(node, YSeq):
            self.wrong(node, report, what)
            return None
        if len(node.items) < self.min_items:
            report.error(node.loc, f"{what} needs at least {self.min_items} item(s)")
        checked = [self.item.check(item, report, f"item {i + 1} of {what}")
                   for i, item in enumerate(node.items)]
        good = tuple(value for value in checked if value is not None)
        if self.all_or_nothing and len(good) < len(checked):
            return None
        return good

    def json_schema(self, defs: dict[str, JsonSchema]) -> JsonSchema:
        schema: JsonSchema = {"type": "array", "items": self.item.json_schema(defs)}
        if self.min_items:
            schema["minItems"] = self.min_items
        return schema


@dataclass
class Raw(Shape[YNode]):
    """A node of any kind, returned as it is for a later step (conditions, rule test answers).

    The later step knows what it accepts: `schema` says it for editors (anything, when
    empty), with the definitions it refers to in `defs`.
    """

    schema: JsonSchema = field(default_factory=dict)
    defs: Mapping[str, JsonSchema] = field(default_factory=dict)

    def check(self, node: YNode, report: Problems, what: str) -> YNode:
        return node

    def json_schema(self, defs: dict[str, JsonSchema]) -> JsonSchema:
        for name, definition in self.defs.items():
            if defs.setdefault(name, definition) != definition:
                raise ValueError(f"two different JSON Schema definitions named '{name}'")
        return dict(self.schema)


@dataclass(frozen=True)
class Located(Generic[T]):
    """A checked value with the place it was written, for Markdown and messages."""

    value: T
    location: Location


@dataclass
class LocatedShape(Shape[Located[T]]):
    """`shape`, with the value's location kept alongside it."""

    shape: Shape[T]

    def check(self, node: YNode, report: Problems, what: str) -> Located[T] | None:
        value = self.shape.check(node, report, what)
        return None if value is None else Located(value, node.loc)

    def json_schema(self, defs: dict[str, JsonSchema]) -> JsonSchema:
        return self.shape.json_schema(defs)


@dataclass(frozen=True)
class Key:
    shape: Shape[object]
    required: bool = False
    doc: str = ""  # what the key is for: an editor shows it on hover
    # A wrong (or missing) value, reported, leaves the key out of the record instead of
    # making the whole mapping wrong: the loader goes on checking what depends on the rest.
    lenient: bool = False


@dataclass(frozen=True)
class Record:
    """What `Fields` makes of a mapping: its subclasses name the keys as fields (None or
    a default when a key is absent), and `node` keeps where each was written."""

    node: YMap

    def has(self, key: str) -> bool:
        """Whether the key is written, even with a value that was wrong."""
        return key in self.node.entries

    def value_loc(self, key: str) -> Location:
        """Where the key's value is written; the mapping's place when it is absent."""
        value = self.node.get(key)
        return self.node.loc if value is None else value.loc


@dataclass(frozen=True)
class OpenRecord(Record):
    """A record of a mapping that may hold keys of the author's own: those, unchecked."""

    extra: Mapping[str, YNode] = field(default_factory=dict)


@dataclass
class Fields(Shape[R]):
    """A mapping with known keys, made into the record `make`; an unknown key is an error
    with a suggestion. The record is None when a key that is not `lenient` is wrong or
    missing."""

    make: Callable[..., R]
    keys: Mapping[str, Key]
    name: str = "this mapping"
    open: bool = False  # extra keys allowed, and given to the record (an OpenRecord)
    # What the loader checks beyond the keys, said in JSON Schema (e.g. one key of two).
    schema_extra: JsonSchema = field(default_factory=dict)
    description = "a mapping of keys to values"

    def wrong(self, node: YNode, report: Problems, what: str) -> None:
        """A key of this mapping and its value without the colon between them (`title
        Find a mentor`) read as text: said so, with the line written right."""
        text = node.value if isinstance(node, YScalar) else None
        key, _, rest = text.partition(" ") if isinstance(text, str) else ("", "", "")
        if key in self.keys and rest.strip():
            report.error(node.loc, f"{what} must be {self.description}, not {_kind(node)}; "
                         f"a colon is missing after the key '{key}': write "
                         f"'{key}: {rest.strip()}'")
            return
        super().wrong(node, report, what)

    def __post_init__(self) -> None:
        # `make` is called with the keys as keyword arguments: a misspelt field fails here.
        if isinstance(self.make, type) and dataclasses.is_dataclass(self.make):
            names = {f.name for f in dataclasses.fields(self.make)}
            missing = set(self.keys) - names
            if missing or self.open != issubclass(self.make, OpenRecord):
                raise TypeError(f"{self.make.__name__} does not fit the keys of {self.name}")

    def check(self, node: YNode, report: Problems, what: str) -> R | None:
        if not isinstance(node, YMap):
            self.wrong(node, report, what)
            return None
        values: dict[str, object] = {}
        extra: dict[str, YNode] = {}
        complete = True
        for key, (key_loc, value) in node.entries.items():
            spec = self.keys.get(key)
            if spec is None:
                if self.open:
                    extra[key] = value
                else:
                    report.error(key_loc, f"unknown key '{key}' in {self.name}"
                                 f"{did_you_mean(key, self.keys)}; allowed keys: "
                                 f"{', '.join(self.keys)}")
                continue
            checked = spec.shape.check(value, report, f"'{key}'")
            if checked is not None:
                values[key] = checked
            complete = complete and (checked is not None or spec.lenient)
        for key, spec in self.keys.items():
            if spec.required and key not in node.entries:
                report.error(node.loc, f"{self.name} is missing the required key '{key}'")
                complete = complete and spec.lenient
        if not complete:
            return None
        if self.open:
            values["extra"] = extra
        return self.make(node=node, **values)

    def json_schema(self, defs: dict[str, JsonSchema]) -> JsonSchema:
        properties: JsonSchema = {}
        for key, spec in self.keys.items():
            value = spec.shape.json_schema(defs)
            if spec.doc:
                # Readers of draft 7 (older editors) ignore whatever stands beside a $ref.
                value = {"allOf": [value]} if "$ref" in value else value
                value["description"] = spec.doc
            properties[key] = value
        schema: JsonSchema = {"type": "object", "properties": properties}
        required = [key for key, spec in self.keys.items() if spec.required]
        if required:
            schema["required"] = required
        if not self.open:
            schema["additionalProperties"] = False
        return schema | self.schema_extra


def is_id(text: str) -> bool:
    return ID_PATTERN.match(text) is not None


@dataclass
class MapOf(Shape[dict[str, T]]):
    """A mapping whose keys are ids chosen by the author (question ids, score ids); a key
    whose value is wrong (reported) is left out."""

    value: Shape[T]
    description = "a mapping"

    def check(self, node: YNode, report: Problems, what: str) -> dict[str, T] | None:
        if not isinstance(node, YMap):
            self.wrong(node, report, what)
            return None
        result: dict[str, T] = {}
        for key, (key_loc, value) in node.entries.items():
            if not is_id(key):
                report.error(key_loc, f"'{key}' is not a valid id: use a letter, then "
                             "letters, digits, '_' or '-'")
                continue
            checked = self.value.check(value, report, f"'{key}'")
            if checked is not None:
                result[key] = checked
        return result

    def json_schema(self, defs: dict[str, JsonSchema]) -> JsonSchema:
        return {"type": "object", "propertyNames": {"pattern": ID_PATTERN.pattern},
                "additionalProperties": self.value.json_schema(defs)}


@dataclass
class Pattern(Shape[str]):
    """Text that must match a pattern; `hint` says what is expected."""

    pattern: re.Pattern[str] = re.compile(".*")
    hint: str = ""
    description = "text"

    def check(self, node: YNode, report: Problems, what: str) -> str | None:
        value = Text().check(node, report, what)
        if value is not None and not self.pattern.match(value):
            report.error(node.loc, f"{what} '{value}' is not valid: {self.hint}")
            return None
        return value

    def json_schema(self, defs: dict[str, JsonSchema]) -> JsonSchema:
        # No pattern here matches a number's text or blank text, which `check` also refuses.
        return {"type": "string", "minLength": 1, "pattern": self.pattern.pattern}
