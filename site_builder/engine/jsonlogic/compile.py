"""The core of the JSON Logic compiler: node types, the operator registry and the helpers
every operator's builder shares.

`compile_node(rule)` turns a rule into a closure `(data, scope) -> value`, looking each
operator up in BUILDERS. The builders live in this package's modules by kind of operator;
`site_builder.engine.jsonlogic` fills BUILDERS with all of them when it is imported, so
compile through that module (its `compile_logic` and `apply`), not through this one.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Protocol, TypeAlias

from site_builder.engine.jsonlogic import ops as ops
from site_builder.engine.jsonlogic.ops import JsonValue

Scope: TypeAlias = "tuple[JsonValue, Scope] | None"
"""None at the top; inside an iteration or a `try` fallback, the pair (meta, (outer data,
outer scope)): a linked list of the data one level up, then the next, that `val` climbs."""


class Node(Protocol):
    """A compiled rule node: (data, scope) -> value; the top node is called with data only."""

    def __call__(self, data: JsonValue, scope: Scope = None, /) -> JsonValue: ...


Fn = Node
Build = Callable[[JsonValue], Fn]
"""Compiles an operator's arguments."""
ArgsFn = Callable[[JsonValue, Scope], list[JsonValue]]

BUILDERS: dict[str, Build] = {}
"""Every operator's builder by name; filled by `site_builder.engine.jsonlogic`."""


def is_data(logic: JsonValue) -> bool:
    """True where `logic` holds no operator (an object with exactly one key is one)."""
    if isinstance(logic, dict):
        return len(logic) != 1
    if isinstance(logic, list):
        return all(is_data(item) for item in logic)
    return True


def compile_node(logic: JsonValue) -> Fn:
    if isinstance(logic, dict) and len(logic) == 1:
        ((op, args),) = logic.items()
        build = BUILDERS.get(op)
        if build is None:
            return raiser(ops.UNKNOWN, f"unknown JSON Logic operator {op!r}")
        return build(args)
    if isinstance(logic, list) and not is_data(logic):
        items = [compile_node(item) for item in logic]
        return lambda data, scope=None: [item(data, scope) for item in items]
    return const(logic)


def const(value: JsonValue) -> Fn:
    """A literal, its numbers as JS reads them (`ops.js_literal`, which also copies it, so
    that later changes to the rule do not reach compiled code)."""
    value = ops.js_literal(value)
    if isinstance(value, (list, dict)):
        return lambda data, scope=None: ops.clone(value)
    return lambda data, scope=None: value


def raiser(type_: JsonValue, detail: str) -> Fn:
    def run(data: JsonValue, scope: Scope = None) -> JsonValue:
        raise ops.fail(type_, detail)

    return run


def spread(args: JsonValue) -> ArgsFn:
    """Arguments as a list: a literal list item by item, else the value (a list spreads)."""
    if isinstance(args, list):
        items = [compile_node(arg) for arg in args]
        return lambda data, scope: [item(data, scope) for item in items]
    node = compile_node(args)

    def run(data: JsonValue, scope: Scope = None) -> list[JsonValue]:
        value = node(data, scope)
        return value if isinstance(value, list) else [value]

    return run


def on_values(fold: Callable[[list[JsonValue]], JsonValue]) -> Build:
    """An operator that evaluates all its arguments, then combines them."""

    def build(args: JsonValue) -> Fn:
        values = spread(args)
        return lambda data, scope=None: fold(values(data, scope))

    return build


def reading(fold: Callable[[JsonValue, list[JsonValue]], JsonValue], values: ArgsFn) -> Fn:
    """An operator that reads the data as well as its arguments (`missing`)."""
    return lambda data, scope=None: fold(data, values(data, scope))


def needs_list(args: JsonValue, least: int, name: str) -> list[JsonValue] | Fn:
    """`args` where it is a literal list of at least `least` items, else a raiser."""
    if isinstance(args, list) and len(args) >= least:
        return args
    return raiser(ops.INVALID, f"`{name}` takes a list of {least} or more arguments")
