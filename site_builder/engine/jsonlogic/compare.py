"""The compiler of JSON Logic's arithmetic and comparison operators.

Both have fast paths for their common shapes: two numbers (or two strings) use Python's
operator directly and fall back to the full JS-like coercion of `ops` otherwise,
and a comparison of a plain `{"var": key}` with a literal inlines the dict lookup.
"""

from __future__ import annotations

import operator
from collections.abc import Callable
from typing import Final

from site_builder.engine.jsonlogic import jsmath, ops
from site_builder.engine.jsonlogic.compile import (
    Build,
    Fn,
    Node,
    Scope,
    compile_node,
    needs_list,
    on_values,
)
from site_builder.engine.jsonlogic.data import plain_key
from site_builder.engine.jsonlogic.jsmath import SMALL, SMALL_NEG
from site_builder.engine.jsonlogic.ops import (
    MAX_EXACT,
    MIN_EXACT,
    NUMS,
    JsonValue,
    Number,
    Ordered,
    Relation,
    Scalar,
)

Arithmetic = Callable[[Number, Number], Number]
"""`+`, `-`, `*`, `/` or `%` on two numbers, as Python computes it."""

# --- arithmetic ----------------------------------------------------------------------


def arithmetic(fold: Callable[[list[JsonValue]], JsonValue], pair: Arithmetic) -> Build:
    """Variadic arithmetic, with a fast path for exactly two arguments."""

    def build(args: JsonValue) -> Fn:
        if isinstance(args, list) and len(args) == 2:
            return _arithmetic2(compile_node(args[0]), compile_node(args[1]), pair)
        return on_values(fold)(args)

    return build


def _arithmetic2(left: Fn, right: Fn, pair: Arithmetic) -> Fn:
    """Two small numbers (the common case) take Python's operator as it is, whose result
    is then JS's (see `jsmath.SMALL`). Other numbers are taken as doubles (NaN
    passes, as in JS) and the result is rounded as JS rounds it; anything else is
    converted first."""

    def run(data: JsonValue, scope: Scope = None) -> JsonValue:
        a = left(data, scope)
        b = right(data, scope)
        if a.__class__ in NUMS and b.__class__ in NUMS:
            if SMALL_NEG <= a <= SMALL and SMALL_NEG <= b <= SMALL:
                return pair(a, b)
            return jsmath.js_result(pair(ops.js_number(a), ops.js_number(b)))
        return jsmath.js_result(pair(ops.to_number(a), ops.to_number(b)))

    return run


# --- comparison ----------------------------------------------------------------------


def comparison(name: str, fast: Ordered, slow: Relation) -> Build:
    """`fast` serves two numbers or two strings; `slow` has the full coercion rules."""

    def build(args: JsonValue) -> Fn:
        items = needs_list(args, 2, name)
        if not isinstance(items, list):
            return items
        nodes = [compile_node(arg) for arg in items]
        if len(nodes) > 2:
            return _compare_chain(nodes, slow)
        right = ops.js_literal(items[1])
        if not (right is None or isinstance(right, (bool, int, float, str))):
            return _compare_chain(nodes, slow)
        key = plain_key(items[0])
        if name in ("===", "!==") and (right is None or isinstance(right, bool)):
            same = operator.is_ if name == "===" else operator.is_not  # null, true, false
            return _compare_const(nodes[0], key, right, same, same)
        return _compare_const(nodes[0], key, right, fast, slow)

    return build


def _compare_const(left: Fn, key: str | None, b: Scalar, fast: Ordered, slow: Relation) -> Fn:
    """Against a literal; where the left side is a plain `var`, its lookup is inlined.

    Python compares an int with a number exactly, JS compares their doubles: the same
    unless the int is beyond MAX_EXACT and the literal is not below it, where ints take
    the full rules (which round them)."""
    if b.__class__ in NUMS:
        same: tuple[type, ...] = NUMS if MIN_EXACT < b < MAX_EXACT else (float,)
    else:
        same = (str,) if b.__class__ is str else ()
    # `fast` gets only values whose class is in `same`, which mypy cannot follow.
    if key == "":  # {"var": ""}: the data itself, as in the body of an iteration
        return lambda data, scope=None: (
            fast(data, b) if data.__class__ in same else slow(data, b)  # type: ignore[arg-type]
        )
    if key is None or fast not in KEY_COMPARISONS:
        return lambda data, scope=None: (
            fast(a, b)  # type: ignore[arg-type]
            if (a := left(data, scope)).__class__ in same
            else slow(a, b)
        )
    return KEY_COMPARISONS[fast](key, left, b, same, slow)


def _compare_chain(nodes: list[Fn], slow: Relation) -> Fn:
    """`{"<": [a, b, c]}`: a < b and b < c, evaluating c only if a < b."""
    first, rest = nodes[0], nodes[1:]

    def run(data: JsonValue, scope: Scope = None) -> bool:
        previous = first(data, scope)
        for node in rest:
            current = node(data, scope)
            if not slow(previous, current):
                return False
            previous = current
        return True

    return run


# --- comparison of a plain `var` with a literal --------------------------------------

# The most common node, `{op: [{"var": key}, literal]}`, with the lookup and the operator
# written out. `same` holds the classes for which the plain operator is right (numbers,
# or str); `slow` is the operator's full semantics; `left` evaluates the `var` itself.
# An ordering of `a` and `b` is only reached where the class of `a` is in `same`, which
# mypy cannot follow: those lines carry an ignore.


def _eq_key(key: str, left: Node, b: Scalar, same: tuple[type, ...],
            slow: Relation) -> Node:
    def run(data: JsonValue, scope: Scope = None) -> JsonValue:
        a = data.get(key) if data.__class__ is dict else left(data, scope)
        return a == b if a.__class__ in same else slow(a, b)

    return run


def _ne_key(key: str, left: Node, b: Scalar, same: tuple[type, ...],
            slow: Relation) -> Node:
    def run(data: JsonValue, scope: Scope = None) -> JsonValue:
        a = data.get(key) if data.__class__ is dict else left(data, scope)
        return a != b if a.__class__ in same else slow(a, b)

    return run


def _lt_key(key: str, left: Node, b: Scalar, same: tuple[type, ...],
            slow: Relation) -> Node:
    def run(data: JsonValue, scope: Scope = None) -> JsonValue:
        a = data.get(key) if data.__class__ is dict else left(data, scope)
        return a < b if a.__class__ in same else slow(a, b)  # type: ignore[operator]

    return run


def _le_key(key: str, left: Node, b: Scalar, same: tuple[type, ...],
            slow: Relation) -> Node:
    def run(data: JsonValue, scope: Scope = None) -> JsonValue:
        a = data.get(key) if data.__class__ is dict else left(data, scope)
        return a <= b if a.__class__ in same else slow(a, b)  # type: ignore[operator]

    return run


def _gt_key(key: str, left: Node, b: Scalar, same: tuple[type, ...],
            slow: Relation) -> Node:
    def run(data: JsonValue, scope: Scope = None) -> JsonValue:
        a = data.get(key) if data.__class__ is dict else left(data, scope)
        return a > b if a.__class__ in same else slow(a, b)  # type: ignore[operator]

    return run


def _ge_key(key: str, left: Node, b: Scalar, same: tuple[type, ...],
            slow: Relation) -> Node:
    def run(data: JsonValue, scope: Scope = None) -> JsonValue:
        a = data.get(key) if data.__class__ is dict else left(data, scope)
        return a >= b if a.__class__ in same else slow(a, b)  # type: ignore[operator]

    return run


KeyCompare = Callable[[str, Node, Scalar, tuple[type, ...], Relation], Node]


def _is_key(key: str, left: Node, b: Scalar, same: tuple[type, ...],
            slow: Relation) -> Node:
    return lambda data, scope=None: (
        (data.get(key) if data.__class__ is dict else left(data, scope)) is b
    )


def _is_not_key(key: str, left: Node, b: Scalar, same: tuple[type, ...],
            slow: Relation) -> Node:
    return lambda data, scope=None: (
        (data.get(key) if data.__class__ is dict else left(data, scope)) is not b
    )


KEY_COMPARISONS: Final[dict[Ordered, KeyCompare]] = {
    operator.is_: _is_key,
    operator.is_not: _is_not_key,
    operator.eq: _eq_key,
    operator.ne: _ne_key,
    operator.lt: _lt_key,
    operator.le: _le_key,
    operator.gt: _gt_key,
    operator.ge: _ge_key,
}
