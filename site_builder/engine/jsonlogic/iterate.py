"""The compiler of JSON Logic's iterators (`map`, `filter`, `reduce`, `all`, `some`,
`none`) and of its errors (`try`, `throw`).

These are the operators that run a rule against data other than their own: the body of
an iteration sees each item, a `try` fallback sees the error. Each gets a new scope,
`(meta, (outer data, outer scope))`, which `{"val": [[n], ...]}` climbs; iterations
build it only when their body can climb (`analysis.needs_scope`).
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from itertools import compress

from site_builder.engine.jsonlogic import ops as ops
from site_builder.engine.jsonlogic.analysis import needs_scope
from site_builder.engine.jsonlogic.compile import (
    Build,
    Fn,
    Scope,
    compile_node,
    const,
    needs_list,
    raiser,
    spread,
)
from site_builder.engine.jsonlogic.ops import JsonLogicError, JsonValue, truthy

# --- iteration -----------------------------------------------------------------------


def _iteration(args: JsonValue, name: str, null_ok: bool) -> tuple[Fn, Fn, bool] | Fn:
    """The items, the body and whether the body climbs scopes, or a raiser.

    `map`, `filter` and `reduce` treat a computed null as no items, but reject a literal
    null for the items or the body; `all`, `some` and `none` reject any null items.
    """
    items = needs_list(args, 2, name)
    if not isinstance(items, list):
        return items
    if null_ok and (items[0] is None or items[1] is None):
        return raiser(ops.INVALID, f"`{name}` needs an array and a rule")
    return compile_node(items[0]), compile_node(items[1]), needs_scope(items[1])


def _items(value: JsonValue, name: str, null_ok: bool) -> list[JsonValue]:
    if isinstance(value, list):
        return value
    if value is None and null_ok:
        return []
    raise ops.fail(ops.INVALID, f"`{name}` needs an array, not {ops.js_str(value)!r}")


Finish = Callable[[list[JsonValue], Fn, list[Scope] | None], JsonValue]


def iterator(name: str, null_ok: bool, finish: Finish) -> Build:
    """`map`, `filter`, `all`, `some`, `none`: `finish` gets the items, the body and, where
    the body climbs scopes, each item's scope (else None)."""

    def build(args: JsonValue) -> Fn:
        parts = _iteration(args, name, null_ok)
        if not isinstance(parts, tuple):
            return parts
        source, body, scoped = parts

        def run(data: JsonValue, scope: Scope = None) -> JsonValue:
            items = _items(source(data, scope), name, null_ok)
            if not scoped:
                return finish(items, body, None)
            outer = (data, scope)
            return finish(items, body, [({"index": i}, outer) for i in range(len(items))])

        return run

    return build


def map_items(items: list[JsonValue], body: Fn, scopes: list[Scope] | None) -> list[JsonValue]:
    return [body(item) for item in items] if scopes is None else list(map(body, items, scopes))


def filter_items(items: list[JsonValue], body: Fn, scopes: list[Scope] | None) -> list[JsonValue]:
    if scopes is not None:
        return list(compress(items, map(truthy, map(body, items, scopes))))
    return [x for x in items if (v := body(x)) is True or (v is not False and truthy(v))]


def truths(items: list[JsonValue], body: Fn, scopes: list[Scope] | None) -> Iterator[bool]:
    """Each item's truth, computed as it is consumed (`all` and `some` stop early)."""
    return map(truthy, map(body, items) if scopes is None else map(body, items, scopes))


def build_reduce(args: JsonValue) -> Fn:
    """`reduce`: body sees {"current", "accumulator"}; without an initial value the first
    item starts the accumulator (as JS's Array.prototype.reduce)."""
    parts = _iteration(args, "reduce", True)
    if not isinstance(parts, tuple):
        return parts
    source, body, scoped = parts
    initial = compile_node(args[2]) if isinstance(args, list) and len(args) > 2 else None

    def run(data: JsonValue, scope: Scope = None) -> JsonValue:
        values = _items(source(data, scope), "reduce", True)
        if initial is not None:
            accumulator, start = initial(data, scope), 0
        elif not values:
            return None
        else:
            accumulator, start = values[0], 1
        outer = (data, scope)
        for i in range(start, len(values)):
            context = {"current": values[i], "accumulator": accumulator}
            accumulator = body(context, ({"index": i}, outer) if scoped else None)
        return accumulator

    return run


# --- errors --------------------------------------------------------------------------


def build_throw(args: JsonValue) -> Fn:
    values = spread(args)

    def run(data: JsonValue, scope: Scope = None) -> JsonValue:
        given = values(data, scope)
        raise ops.thrown(given[0] if given else None)

    return run


def build_try(args: JsonValue) -> Fn:
    """`try`: the first argument that evaluates without error. A fallback sees the error
    (`{"type": ...}`) as its data, two scope levels below the data of the `try`."""
    nodes = [compile_node(arg) for arg in args] if isinstance(args, list) else [compile_node(args)]
    if not nodes:
        return const(None)
    first, fallbacks = nodes[0], nodes[1:]

    def run(data: JsonValue, scope: Scope = None) -> JsonValue:
        try:
            return first(data, scope)
        except JsonLogicError as error:
            last = error
        for fallback in fallbacks:
            context = last.error
            try:
                return fallback(context, (context, (data, scope)))
            except JsonLogicError as error:
                last = error
        raise last

    return run
