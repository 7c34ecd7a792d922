"""The core of the JSON Logic compiler: node types, the operator registry and the helpers
every operator's builder shares.

`compile_node(rule)` turns a rule into a closure `(data, scope) -> value`, looking each
operator up in BUILDERS. The builders live in the `jsonlogic_*` modules by kind of operator;
`site_builder.engine.jsonlogic` fills BUILDERS with all of them when it is imported, so
compile through that module (its `compile_logic` and `apply`), not through this one.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any, Protocol

from site_builder.engine.jsonlogic import ops as ops


class Node(Protocol):
    """A compiled rule node: (data, scope) -> value; the top node is called with data only."""

    def __call__(self, data: Any, scope: Any = None, /) -> Any: ...


Fn = Node
Build = Callable[[Any], Fn]
"""Compiles an operator's arguments."""
ArgsFn = Callable[[Any, Any], list[Any]]
Binary = Callable[[Any, Any], Any]

BUILDERS: dict[str, Build] = {}
"""Every operator's builder by name; filled by `site_builder.engine.jsonlogic`."""


def is_data(logic: Any) -> bool:
    """True where `logic` holds no operator (an object with exactly one key is one)."""
    if isinstance(logic, dict):
        return len(logic) != 1
    if isinstance(logic, list):
        return all(is_data(item) for item in logic)
    return True


def compile_node(logic: Any) -> Fn:
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


def const(value: Any) -> Fn:
    """A literal, its numbers as JS reads them (`ops.js_literal`, which also copies it, so
    that later changes to the rule do not reach compiled code)."""
    value = ops.js_literal(value)
    if isinstance(value, (list, dict)):
        return lambda data, scope=None: ops.clone(value)
    return lambda data, scope=None: value


def raiser(type_: str, detail: str) -> Fn:
    def run(data: Any, scope: Any = None) -> Any:
        raise ops.fail(type_, detail)

    return run


def spread(args: Any) -> ArgsFn:
    """Arguments as a list: a literal list item by item, else the value (a list spreads)."""
    if isinstance(args, list):
        items = [compile_node(arg) for arg in args]
        return lambda data, scope: [item(data, scope) for item in items]
    node = compile_node(args)

    def run(data: Any, scope: Any = None) -> list[Any]:
        value = node(data, scope)
        return value if isinstance(value, list) else [value]

    return run


def on_values(fold: Callable[[list[Any]], Any]) -> Build:
    """An operator that evaluates all its arguments, then combines them."""

    def build(args: Any) -> Fn:
        values = spread(args)
        return lambda data, scope=None: fold(values(data, scope))

    return build


def reading(fold: Callable[[Any, list[Any]], Any], values: ArgsFn) -> Fn:
    """An operator that reads the data as well as its arguments (`missing`)."""
    return lambda data, scope=None: fold(data, values(data, scope))


def needs_list(args: Any, least: int, name: str) -> Fn | None:
    """A raiser unless `args` is a literal list of at least `least` items."""
    if isinstance(args, list) and len(args) >= least:
        return None
    return raiser(ops.INVALID, f"`{name}` takes a list of {least} or more arguments")
