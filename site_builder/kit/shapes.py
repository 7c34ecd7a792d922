"""Declarative shapes of kit files, checked against located YAML nodes.

A shape says what a value may be; `check` returns the value converted to plain
Python (or `INVALID`) and reports every problem with its location. The same
shapes are the one description of the kit format the loader trusts, and
`json_schema` states it as JSON Schema (draft 2020-12) for editors, so the two
cannot disagree.
"""

from __future__ import annotations

import math
import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

from site_builder.diagnostics import Problems, did_you_mean, quote_list
from site_builder.kit.yamlfile import YMap, YNode, YScalar, YSeq


class _Invalid:
    def __repr__(self) -> str:
        return "INVALID"


INVALID: Any = _Invalid()

# A JSON Schema, as a dict ready for json.dumps.
JsonSchema = dict[str, Any]

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


class Shape:
    """What a value may be. `what` names the value in messages, e.g. "'title'"."""

    description = "a value"

    def check(self, node: YNode, report: Problems, what: str) -> Any:
        raise NotImplementedError

    def json_schema(self, defs: dict[str, JsonSchema]) -> JsonSchema:
        """What `check` accepts, as JSON Schema; schemas that others refer to (as
        "#/$defs/name") are added to `defs`, for the document's root."""
        raise NotImplementedError

    def wrong(self, node: YNode, report: Problems, what: str) -> Any:
        report.error(node.loc, f"{what} must be {self.description}, not {_kind(node)}")
        return INVALID


@dataclass
class Text(Shape):
    allow_empty: bool = False
    description = "text"

    def check(self, node: YNode, report: Problems, what: str) -> Any:
        if isinstance(node, YScalar) and isinstance(node.value, str):
            if not self.allow_empty and not node.value.strip():
                report.error(node.loc, f"{what} must not be empty")
                return INVALID
            return node.value
        if isinstance(node, YScalar) and isinstance(node.value, (int, float)) \
                and not isinstance(node.value, bool):
            return node.text  # a title such as 2024 is still text
        return self.wrong(node, report, what)

    def json_schema(self, defs: dict[str, JsonSchema]) -> JsonSchema:
        # YAML reads `title: 2024` as a number, and `check` takes it as text: so must editors.
        schema: JsonSchema = {"type": ["string", "number"]}
        if not self.allow_empty:
            schema["pattern"] = r"\S"  # a pattern applies to strings only
        return schema


@dataclass
class Ident(Shape):
    description = "an id (a letter, then letters, digits, '_' or '-')"

    def check(self, node: YNode, report: Problems, what: str) -> Any:
        if isinstance(node, YScalar) and isinstance(node.value, str):
            if ID_PATTERN.match(node.value):
                return node.value
            report.error(node.loc, f"{what} '{node.value}' is not a valid id: use a letter, "
                         "then letters, digits, '_' or '-'")
            return INVALID
        return self.wrong(node, report, what)

    def json_schema(self, defs: dict[str, JsonSchema]) -> JsonSchema:
        return {"type": "string", "pattern": ID_PATTERN.pattern}


@dataclass
class Number(Shape):
    integer: bool = False
    minimum: float | None = None

    @property
    def description(self) -> str:  # type: ignore[override]
        return "a whole number" if self.integer else "a number"

    def check(self, node: YNode, report: Problems, what: str) -> Any:
        value = node.value if isinstance(node, YScalar) else None
        ok_type = int if self.integer else (int, float)
        if isinstance(value, bool) or not isinstance(value, ok_type) or \
                (isinstance(value, float) and not math.isfinite(value)):
            return self.wrong(node, report, what)
        if self.minimum is not None and value < self.minimum:
            report.error(node.loc, f"{what} must be at least {self.minimum:g}, not {value}")
            return INVALID
        return value

    def json_schema(self, defs: dict[str, JsonSchema]) -> JsonSchema:
        schema: JsonSchema = {"type": "integer" if self.integer else "number"}
        if self.minimum is not None:
            schema["minimum"] = self.minimum
        return schema


@dataclass
class Flag(Shape):
    description = "true or false"

    def check(self, node: YNode, report: Problems, what: str) -> Any:
        if isinstance(node, YScalar) and isinstance(node.value, bool):
            return node.value
        return self.wrong(node, report, what)

    def json_schema(self, defs: dict[str, JsonSchema]) -> JsonSchema:
        return {"type": "boolean"}


@dataclass
class Choice(Shape):
    values: Sequence[str] = ()

    @property
    def description(self) -> str:  # type: ignore[override]
        return f"one of {quote_list(self.values)}"

    def check(self, node: YNode, report: Problems, what: str) -> Any:
        if isinstance(node, YScalar) and isinstance(node.value, str):
            if node.value in self.values:
                return node.value
            report.error(node.loc, f"{what} must be one of {quote_list(self.values)}, not "
                         f"'{node.value}'{did_you_mean(node.value, self.values)}")
            return INVALID
        return self.wrong(node, report, what)

    def json_schema(self, defs: dict[str, JsonSchema]) -> JsonSchema:
        return {"enum": list(self.values)}


@dataclass
class ListOf(Shape):
    item: Shape
    min_items: int = 0
    description = "a list"

    def check(self, node: YNode, report: Problems, what: str) -> Any:
        if not isinstance(node, YSeq):
            return self.wrong(node, report, what)
        if len(node.items) < self.min_items:
            report.error(node.loc, f"{what} needs at least {self.min_items} item(s)")
        return [self.item.check(item, report, f"item {i + 1} of {what}")
                for i, item in enumerate(node.items)]

    def json_schema(self, defs: dict[str, JsonSchema]) -> JsonSchema:
        schema: JsonSchema = {"type": "array", "items": self.item.json_schema(defs)}
        if self.min_items:
            schema["minItems"] = self.min_items
        return schema


@dataclass
class Raw(Shape):
    """Any node, returned as it is for a later step (conditions, front matter extras).

    The later step knows what it accepts: `schema` says it for editors (anything, when
    empty), with the definitions it refers to in `defs`.
    """

    schema: Mapping[str, Any] = field(default_factory=dict)
    defs: Mapping[str, JsonSchema] = field(default_factory=dict)

    def check(self, node: YNode, report: Problems, what: str) -> Any:
        return node

    def json_schema(self, defs: dict[str, JsonSchema]) -> JsonSchema:
        for name, definition in self.defs.items():
            if defs.setdefault(name, definition) != definition:
                raise ValueError(f"two different JSON Schema definitions named '{name}'")
        return dict(self.schema)


@dataclass
class Either(Shape):
    """The first shape whose kind (scalar, list, mapping) fits the node."""

    by_kind: Mapping[type, Shape] = field(default_factory=dict)
    description = "a value"

    def check(self, node: YNode, report: Problems, what: str) -> Any:
        shape = self.by_kind.get(type(node))
        if shape is None:
            kinds = {YScalar: "a single value", YSeq: "a list", YMap: "a mapping"}
            allowed = " or ".join(kinds[k] for k in self.by_kind)
            report.error(node.loc, f"{what} must be {allowed}, not {_kind(node)}")
            return INVALID
        return shape.check(node, report, what)

    def json_schema(self, defs: dict[str, JsonSchema]) -> JsonSchema:
        return {"anyOf": [shape.json_schema(defs) for shape in self.by_kind.values()]}


@dataclass
class Key:
    shape: Shape
    required: bool = False
    doc: str = ""  # what the key is for: an editor shows it on hover


@dataclass
class Fields(Shape):
    """A mapping with known keys; an unknown key is an error with a suggestion."""

    keys: Mapping[str, Key]
    name: str = "this mapping"
    open: bool = False  # extra keys allowed and returned under "__extra__"
    # What the loader checks beyond the keys, said in JSON Schema (e.g. one key of two).
    schema_extra: Mapping[str, Any] = field(default_factory=dict)
    description = "a mapping of keys to values"

    def check(self, node: YNode, report: Problems, what: str) -> Any:
        if not isinstance(node, YMap):
            return self.wrong(node, report, what)
        result: dict[str, Any] = {}
        extra: dict[str, YNode] = {}
        for key, (key_loc, value) in node.entries.items():
            spec = self.keys.get(key)
            if spec is None:
                if self.open:
                    extra[key] = value
                    continue
                report.error(key_loc, f"unknown key '{key}' in {self.name}"
                             f"{did_you_mean(key, self.keys)}; allowed keys: "
                             f"{', '.join(self.keys)}")
                continue
            result[key] = spec.shape.check(value, report, f"'{key}'")
        for key, spec in self.keys.items():
            if spec.required and key not in node.entries:
                report.error(node.loc, f"{self.name} is missing the required key '{key}'")
                result[key] = INVALID
        if self.open:
            result["__extra__"] = extra
        return result

    def json_schema(self, defs: dict[str, JsonSchema]) -> JsonSchema:
        properties = {}
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
        return schema | dict(self.schema_extra)


@dataclass
class MapOf(Shape):
    """A mapping whose keys are ids chosen by the author (question ids, score ids)."""

    value: Shape
    description = "a mapping"

    def check(self, node: YNode, report: Problems, what: str) -> Any:
        if not isinstance(node, YMap):
            return self.wrong(node, report, what)
        result: dict[str, Any] = {}
        for key, (key_loc, value) in node.entries.items():
            if not ID_PATTERN.match(key):
                report.error(key_loc, f"'{key}' is not a valid id: use a letter, then "
                             "letters, digits, '_' or '-'")
                continue
            result[key] = self.value.check(value, report, f"'{key}'")
        return result

    def json_schema(self, defs: dict[str, JsonSchema]) -> JsonSchema:
        return {"type": "object", "propertyNames": {"pattern": ID_PATTERN.pattern},
                "additionalProperties": self.value.json_schema(defs)}


@dataclass
class Pattern(Shape):
    """Text that must match a pattern; `hint` says what is expected."""

    pattern: re.Pattern[str] = re.compile(".*")
    hint: str = ""
    description = "text"

    def check(self, node: YNode, report: Problems, what: str) -> Any:
        value = Text().check(node, report, what)
        if is_valid(value) and not self.pattern.match(value):
            report.error(node.loc, f"{what} '{value}' is not valid: {self.hint}")
            return INVALID
        return value

    def json_schema(self, defs: dict[str, JsonSchema]) -> JsonSchema:
        # No pattern here matches a number's text or blank text, which `check` also refuses.
        return {"type": "string", "minLength": 1, "pattern": self.pattern.pattern}


def is_valid(*values: Any) -> bool:
    return all(value is not INVALID for value in values)
