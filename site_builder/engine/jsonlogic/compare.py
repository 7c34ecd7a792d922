"""The compiler of JSON Logic's arithmetic and comparison operators.

Both have fast paths for their common shapes: two numbers (or two strings) use Python's
operator directly and fall back to the full JS-like coercion of `jsonlogic_ops` otherwise,
and a comparison of a plain `{"var": key}` with a literal inlines the dict lookup.
"""

from __future__ import annotations

import operator
from collections.abc import Callable
from typing import Any, Final

from site_builder.engine.jsonlogic import ops as ops
from site_builder.engine.jsonlogic.compile import (
    Binary,
    Build,
    Fn,
    Node,
    compile_node,
    needs_list,
    on_values,
)
from site_builder.engine.jsonlogic.data import plain_key
from site_builder.engine.jsonlogic.ops import MAX_EXACT, MIN_EXACT, NUMS, SMALL, SMALL_NEG

# --- arithmetic ----------------------------------------------------------------------


def arithmetic(fold: Callable[[list[Any]], Any], pair: Binary) -> Build:
    """Variadic arithmetic, with a fast path for exactly two arguments."""

    def build(args: Any) -> Fn:
        if isinstance(args, list) and len(args) == 2:
            return _arithmetic2(compile_node(args[0]), compile_node(args[1]), pair)
        return on_values(fold)(args)

    return build


def _arithmetic2(left: Fn, right: Fn, pair: Binary) -> Fn:
    """Two small numbers (the common case) take Python's operator as it is, whose result
    is then JS's (see `jsonlogic_ops.SMALL`). Other numbers are taken as doubles (NaN
    passes, as in JS) and the result is rounded as JS rounds it; anything else is
    converted first."""

    def run(data: Any, scope: Any = None) -> Any:
        a = left(data, scope)
        b = right(data, scope)
        if a.__class__ in NUMS and b.__class__ in NUMS:
            if SMALL_NEG <= a <= SMALL and SMALL_NEG <= b <= SMALL:
                return pair(a, b)
            return ops.js_result(pair(ops.js_number(a), ops.js_number(b)))
        return ops.js_result(pair(ops.to_number(a), ops.to_number(b)))

    return run


# --- comparison ----------------------------------------------------------------------


def comparison(name: str, fast: Binary, slow: Binary) -> Build:
    """`fast` serves two numbers or two strings; `slow` has the full coercion rules."""

    def build(args: Any) -> Fn:
        bad = needs_list(args, 2, name)
        if bad is not None:
            return bad
        nodes = [compile_node(arg) for arg in args]
        if len(nodes) > 2:
            return _compare_chain(nodes, slow)
        right = ops.js_literal(args[1])
        if not (right is None or isinstance(right, (bool, int, float, str))):
            return _compare_chain(nodes, slow)
        key = plain_key(args[0])
        if name in ("===", "!==") and (right is None or isinstance(right, bool)):
            same = operator.is_ if name == "===" else operator.is_not  # null, true, false
            return _compare_const(nodes[0], key, right, same, same)
        return _compare_const(nodes[0], key, right, fast, slow)

    return build


def _compare_const(left: Fn, key: str | None, b: Any, fast: Binary, slow: Binary) -> Fn:
    """Against a literal; where the left side is a plain `var`, its lookup is inlined.

    Python compares an int with a number exactly, JS compares their doubles: the same
    unless the int is beyond MAX_EXACT and the literal is not below it, where ints take
    the full rules (which round them)."""
    if b.__class__ in NUMS:
        same: tuple[type, ...] = NUMS if MIN_EXACT < b < MAX_EXACT else (float,)
    else:
        same = (str,) if b.__class__ is str else ()
    if key == "":  # {"var": ""}: the data itself, as in the body of an iteration
        return lambda data, scope=None: fast(data, b) if data.__class__ in same else slow(data, b)
    if key is None or fast not in KEY_COMPARISONS:
        return lambda data, scope=None: (
            fast(a, b) if (a := left(data, scope)).__class__ in same else slow(a, b)
        )
    return KEY_COMPARISONS[fast](key, left, b, same, slow)


def _compare_chain(nodes: list[Fn], slow: Binary) -> Fn:
    """`{"<": [a, b, c]}`: a < b and b < c, evaluating c only if a < b."""
    first, rest = nodes[0], nodes[1:]

    def run(data: Any, scope: Any = None) -> bool:
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


def _eq_key(key: str, left: Node, b: Any, same: tuple[type, ...], slow: Binary) -> Node:
    def run(data: Any, scope: Any = None) -> Any:
        a = data.get(key) if data.__class__ is dict else left(data, scope)
        return a == b if a.__class__ in same else slow(a, b)

    return run


def _ne_key(key: str, left: Node, b: Any, same: tuple[type, ...], slow: Binary) -> Node:
    def run(data: Any, scope: Any = None) -> Any:
        a = data.get(key) if data.__class__ is dict else left(data, scope)
        return a != b if a.__class__ in same else slow(a, b)

    return run


def _lt_key(key: str, left: Node, b: Any, same: tuple[type, ...], slow: Binary) -> Node:
    def run(data: Any, scope: Any = None) -> Any:
        a = data.get(key) if data.__class__ is dict else left(data, scope)
        return a < b if a.__class__ in same else slow(a, b)

    return run


def _le_key(key: str, left: Node, b: Any, same: tuple[type, ...], slow: Binary) -> Node:
    def run(data: Any, scope: Any = None) -> Any:
        a = data.get(key) if data.__class__ is dict else left(data, scope)
        return a <= b if a.__class__ in same else slow(a, b)

    return run


def _gt_key(key: str, left: Node, b: Any, same: tuple[type, ...], slow: Binary) -> Node:
    def run(data: Any, scope: Any = None) -> Any:
        a = data.get(key) if data.__class__ is dict else left(data, scope)
        return a > b if a.__class__ in same else slow(a, b)

    return run


def _ge_key(key: str, left: Node, b: Any, same: tuple[type, ...], slow: Binary) -> Node:
    def run(data: Any, scope: Any = None) -> Any:
        a = data.get(key) if data.__class__ is dict else left(data, scope)
        return a >= b if a.__class__ in same else slow(a, b)

    return run


KeyCompare = Callable[[str, Node, Any, tuple[type, ...], Binary], Node]


def _is_key(key: str, left: Node, b: Any, same: tuple[type, ...], slow: Binary) -> Node:
    return lambda data, scope=None: (
        (data.get(key) if data.__class__ is dict else left(data, scope)) is b
    )


def _is_not_key(key: str, left: Node, b: Any, same: tuple[type, ...], slow: Binary) -> Node:
    return lambda data, scope=None: (
        (data.get(key) if data.__class__ is dict else left(data, scope)) is not b
    )


KEY_COMPARISONS: Final[dict[Binary, KeyCompare]] = {
    operator.is_: _is_key,
    operator.is_not: _is_not_key,
    operator.eq: _eq_key,
    operator.ne: _ne_key,
    operator.lt: _lt_key,
    operator.le: _le_key,
    operator.gt: _gt_key,
    operator.ge: _ge_key,
}
