"""The compiler of JSON Logic's logical operators: `if` / `?:`, `and`, `or`, `!`, `!!`,
`??` and `in`.

Tests use JS truthiness (`ops.truthy`) with the common results True and False
checked inline; `if` chains over one `var` with literal values (the shape of a score)
become a single dict lookup.
"""

from __future__ import annotations

from site_builder.engine.jsonlogic import ops as ops
from site_builder.engine.jsonlogic.compile import (
    Build,
    Fn,
    Scope,
    compile_node,
    const,
    needs_list,
    spread,
)
from site_builder.engine.jsonlogic.data import plain_key
from site_builder.engine.jsonlogic.ops import JsonValue, truthy


def build_if(args: JsonValue) -> Fn:
    """`if` / `?:`: condition, value pairs, then an optional value for "else"."""
    items = needs_list(args, 0, "if")
    if not isinstance(items, list):
        return items
    if len(items) < 2:
        return compile_node(items[0]) if items else const(None)
    literal = all(_is_scalar(value) for value in items[1::2] + items[-1:])
    switch = _switch(items) if literal else None
    if switch is not None:
        return switch
    tests = [compile_node(test) for test in items[0:-1:2]]
    if literal:
        literals = [ops.js_literal(value) for value in items[1::2]]
        otherwise_literal = ops.js_literal(items[-1]) if len(items) % 2 else None
        return _choose_literal(tests, literals, otherwise_literal)
    values = [compile_node(value) for value in items[1::2]]
    otherwise = compile_node(items[-1]) if len(items) % 2 else const(None)
    if len(tests) == 1:
        test, then = tests[0], values[0]
        return lambda data, scope=None: (
            then(data, scope)
            if (value := test(data, scope)) is True or (value is not False and truthy(value))
            else otherwise(data, scope)
        )
    pairs = list(zip(tests, values, strict=True))

    def run(data: JsonValue, scope: Scope = None) -> JsonValue:
        for test, then in pairs:
            if (value := test(data, scope)) is True or (value is not False and truthy(value)):
                return then(data, scope)
        return otherwise(data, scope)

    return run


def _is_scalar(value: JsonValue) -> bool:
    return value is None or isinstance(value, (bool, int, float, str))


def _switch(args: list[JsonValue]) -> Fn | None:
    """`{"if": [{"===": [{"var": k}, "a"]}, 1, {"===": [{"var": k}, "b"]}, 2, 0]}`, the
    shape of a score: one dict lookup. None where `args` has another shape."""
    key: str | None = None
    read: JsonValue = None  # the first test's `var`, for data that is not an object
    table: dict[str, JsonValue] = {}
    for test, value in zip(args[0:-1:2], args[1::2], strict=True):
        case = test.get("===") if isinstance(test, dict) and len(test) == 1 else None
        if not (isinstance(case, list) and len(case) == 2 and isinstance(case[1], str)):
            return None
        this = plain_key(case[0])
        if not this or this != (key or this):
            return None
        if key is None:
            read = case[0]
        key = this
        table.setdefault(case[1], ops.js_literal(value))  # the first case that matches wins
    if key is None:
        return None
    left = compile_node(read)
    otherwise = ops.js_literal(args[-1]) if len(args) % 2 else None

    def run(data: JsonValue, scope: Scope = None) -> JsonValue:
        a = data.get(key) if data.__class__ is dict else left(data, scope)
        return table.get(a, otherwise) if a.__class__ is str else otherwise

    return run


def _choose_literal(tests: list[Fn], values: list[JsonValue], otherwise: JsonValue) -> Fn:
    """`if` whose values are all literals (as in a score): no call to fetch the value."""
    if len(tests) == 1:
        test, then = tests[0], values[0]
        return lambda data, scope=None: (
            then
            if (value := test(data, scope)) is True or (value is not False and truthy(value))
            else otherwise
        )
    pairs = list(zip(tests, values, strict=True))

    def run(data: JsonValue, scope: Scope = None) -> JsonValue:
        for test, then in pairs:
            if (value := test(data, scope)) is True or (value is not False and truthy(value)):
                return then
        return otherwise

    return run


def junction(name: str, stop: bool) -> Build:
    """`and` returns the first falsy value, `or` the first truthy one (`stop` says which),
    else the last value; false for no arguments."""

    def build(args: JsonValue) -> Fn:
        items = needs_list(args, 0, name)
        if not isinstance(items, list):
            return items
        nodes = [compile_node(arg) for arg in items] or [const(False)]
        if len(nodes) == 2:
            return _junction2(nodes[0], nodes[1], stop)

        def run(data: JsonValue, scope: Scope = None) -> JsonValue:
            value = None
            for node in nodes:
                value = node(data, scope)
                if truthy(value) is stop:
                    return value
            return value

        return run

    return build


def _junction2(first: Fn, second: Fn, stop: bool) -> Fn:
    if stop:
        return lambda data, scope=None: (
            value
            if (value := first(data, scope)) is True or (value is not False and truthy(value))
            else second(data, scope)
        )
    return lambda data, scope=None: (
        second(data, scope)
        if (value := first(data, scope)) is True or (value is not False and truthy(value))
        else value
    )


def truth(negate: bool) -> Build:
    """`!` and `!!` of the first argument (none: undefined, which is falsy)."""

    def build(args: JsonValue) -> Fn:
        if isinstance(args, list) and len(args) == 1:
            node = compile_node(args[0])
            if negate:
                return lambda data, scope=None: not truthy(node(data, scope))
            return lambda data, scope=None: truthy(node(data, scope))
        values = spread(args)

        def run(data: JsonValue, scope: Scope = None) -> bool:
            given = values(data, scope)
            return truthy(given[0]) is not negate if given else negate

        return run

    return build


def build_coalesce(args: JsonValue) -> Fn:
    """`??`: the first argument that is not null, evaluating no further."""
    if not isinstance(args, list):
        values = spread(args)
        return lambda data, scope=None: next(
            (v for v in values(data, scope) if v is not None), None
        )
    nodes = [compile_node(arg) for arg in args]

    def run(data: JsonValue, scope: Scope = None) -> JsonValue:
        for node in nodes:
            value = node(data, scope)
            if value is not None:
                return value
        return None

    return run


def build_in(args: JsonValue) -> Fn:
    """`in`; against a literal list of strings, a set lookup."""
    if (
        isinstance(args, list)
        and len(args) == 2
        and isinstance(args[1], list)
        and all(isinstance(item, str) for item in args[1])
    ):
        needle, words, key = compile_node(args[0]), frozenset(args[1]), plain_key(args[0])

        def run(data: JsonValue, scope: Scope = None) -> bool:
            value = data.get(key) if key and data.__class__ is dict else needle(data, scope)
            return value.__class__ is str and value in words

        return run
    values = spread(args)
    return lambda data, scope=None: ops.contains(values(data, scope))
