"""A JSON Logic evaluator that compiles a rule into nested closures.

`compile_logic(rule)` walks the rule once and returns a function of the data; every
operator node becomes one closure, chosen (and specialised for common shapes such as
`{"==": [{"var": "a"}, "no"]}`) at compile time. `apply(rule, data)` compiles and runs once.

Semantics follow the public conformance suites of json-logic/compat-tables, which extend
the original json-logic-js with `val`, `??`, `exists`, `try`, `throw` and `preserve`.
Problems in the rule itself (wrong arguments, unknown operators) are reported when that
part of the rule is evaluated, exactly as an interpreter would, so `try` can catch them.

A closure takes `(data, scope)`: `scope` is None at the top and, inside an iteration
(`map`, `filter`, `reduce`, `all`, `some`, `none`) or a `try` fallback, the linked pair
`(meta, (outer data, outer scope))` that `{"val": [[n], ...]}` climbs. Iterations build it
only when their body can climb. Results never share lists or objects with the rule, but
may share them with the data (as `var` returns parts of it).
"""

from __future__ import annotations

import operator
from collections.abc import Callable, Iterator
from itertools import compress
from typing import Any

from site_builder.engine import jsonlogic_ops as ops
from site_builder.engine.jsonlogic_ops import (
    MISSING,
    NUMS,
    JsonLogicError,
    resolve,
    truthy,
)

__all__ = [
    "OPERATORS",
    "JsonLogicError",
    "apply",
    "compile_logic",
    "unknown_operators",
    "variable_paths",
]


Fn = ops.Node
Build = Callable[[Any], Fn]
"""Compiles an operator's arguments."""
ArgsFn = Callable[[Any, Any], list[Any]]
Binary = ops.Binary


def apply(logic: Any, data: Any = None) -> Any:
    """Evaluate `logic` against `data` once."""
    return _compile(logic)(data, None)


def compile_logic(logic: Any) -> Callable[[Any], Any]:
    """Compile `logic` once; the result evaluates it against any data, like `apply`."""
    return _compile(logic)


def unknown_operators(logic: Any) -> list[str]:
    """Operator names used in `logic` that are not in OPERATORS, in order of appearance."""
    nodes = ops.iter_operators(logic)
    return list(dict.fromkeys(str(op) for op, _, _ in nodes if op not in OPERATORS))


def variable_paths(logic: Any) -> list[str]:
    """The literal paths into the data that `logic` reads, in order, without duplicates.

    `var` paths come in their dotted form ("a.b"; "" for the whole data), `val` and
    `exists` paths joined with "."; the literal paths named by `missing` and
    `missing_some` are included too. Computed paths are skipped (the rules that compute
    them are searched). Paths are those into the data given to the rule: inside the body
    of an iteration or a `try` fallback, plain paths read the item or the error and are
    left out, while a `val` that climbs (`[[n], ...]`) back to the top is kept.
    """
    nodes = ops.iter_operators(logic)
    return list(dict.fromkeys(path for node in nodes for path in ops.read_paths(*node)))


# --- the compiler --------------------------------------------------------------------


def _compile(logic: Any) -> Fn:
    if isinstance(logic, dict) and len(logic) == 1:
        ((op, args),) = logic.items()
        build = _BUILDERS.get(op)
        if build is None:
            return _raiser(ops.UNKNOWN, f"unknown JSON Logic operator {op!r}")
        return build(args)
    if isinstance(logic, list) and not ops.is_data(logic):
        items = [_compile(item) for item in logic]
        return lambda data, scope=None: [item(data, scope) for item in items]
    return _const(logic)


def _const(value: Any) -> Fn:
    if isinstance(value, (list, dict)):
        value = ops.clone(value)  # later changes to the rule do not reach compiled code
        return lambda data, scope=None: ops.clone(value)
    return lambda data, scope=None: value


def _raiser(type_: str, detail: str) -> Fn:
    def run(data: Any, scope: Any = None) -> Any:
        raise ops.fail(type_, detail)

    return run


def _spread(args: Any) -> ArgsFn:
    """Arguments as a list: a literal list item by item, else the value (a list spreads)."""
    if isinstance(args, list):
        items = [_compile(arg) for arg in args]
        return lambda data, scope: [item(data, scope) for item in items]
    node = _compile(args)

    def run(data: Any, scope: Any = None) -> list[Any]:
        value = node(data, scope)
        return value if isinstance(value, list) else [value]

    return run


def _on_values(fold: Callable[[list[Any]], Any]) -> Build:
    """An operator that evaluates all its arguments, then combines them."""

    def build(args: Any) -> Fn:
        values = _spread(args)
        return lambda data, scope=None: fold(values(data, scope))

    return build


def _reading(fold: Callable[[Any, list[Any]], Any], values: ArgsFn) -> Fn:
    """An operator that reads the data as well as its arguments (`missing`)."""
    return lambda data, scope=None: fold(data, values(data, scope))


def _needs_list(args: Any, least: int, name: str) -> Fn | None:
    """A raiser unless `args` is a literal list of at least `least` items."""
    if isinstance(args, list) and len(args) >= least:
        return None
    return _raiser(ops.INVALID, f"`{name}` takes a list of {least} or more arguments")


# --- arithmetic ----------------------------------------------------------------------


def _arithmetic(fold: Callable[[list[Any]], Any], pair: Binary) -> Build:
    """Variadic arithmetic, with a fast path for exactly two arguments."""

    def build(args: Any) -> Fn:
        if isinstance(args, list) and len(args) == 2:
            return _arithmetic2(_compile(args[0]), _compile(args[1]), pair)
        return _on_values(fold)(args)

    return build


def _arithmetic2(left: Fn, right: Fn, pair: Binary) -> Fn:
    def run(data: Any, scope: Any = None) -> Any:
        a = left(data, scope)
        b = right(data, scope)
        if a.__class__ in NUMS and b.__class__ in NUMS:
            return pair(a, b)
        return pair(ops.to_number(a), ops.to_number(b))

    return run


# --- comparison ----------------------------------------------------------------------


def _comparison(name: str, fast: Binary, slow: Binary) -> Build:
    """`fast` serves two numbers or two strings; `slow` has the full coercion rules."""

    def build(args: Any) -> Fn:
        bad = _needs_list(args, 2, name)
        if bad is not None:
            return bad
        nodes = [_compile(arg) for arg in args]
        if len(nodes) > 2:
            return _compare_chain(nodes, slow)
        right = args[1]
        if not (right is None or isinstance(right, (bool, int, float, str))):
            return _compare_chain(nodes, slow)
        key = _plain_key(args[0])
        if name in ("===", "!==") and (right is None or isinstance(right, bool)):
            same = operator.is_ if name == "===" else operator.is_not  # null, true, false
            return _compare_const(nodes[0], key, right, same, same)
        return _compare_const(nodes[0], key, right, fast, slow)

    return build


def _plain_key(logic: Any) -> str | None:
    """The key k of `{"var": "k"}` or `{"val": "k"}` (one key, no default, no scope), or
    "" for the data itself (`{"var": ""}`, `{"val": []}`); None for anything else."""
    if not isinstance(logic, dict) or len(logic) != 1:
        return None
    ((op, args),) = logic.items()
    if op == "var" and isinstance(args, list) and len(args) == 1:
        args = args[0]
    if op == "var" and (args is None or args == [] or (isinstance(args, str) and "." not in args)):
        return args or ""
    if op == "val" and args == []:
        return ""
    return args if op == "val" and isinstance(args, str) and args else None


def _compare_const(left: Fn, key: str | None, b: Any, fast: Binary, slow: Binary) -> Fn:
    """Against a literal; where the left side is a plain `var`, its lookup is inlined."""
    same = NUMS if b.__class__ in NUMS else (str,) if b.__class__ is str else ()
    if key == "":  # {"var": ""}: the data itself, as in the body of an iteration
        return lambda data, scope=None: fast(data, b) if data.__class__ in same else slow(data, b)
    if key is None or fast not in ops.KEY_COMPARISONS:
        return lambda data, scope=None: (
            fast(a, b) if (a := left(data, scope)).__class__ in same else slow(a, b)
        )
    return ops.KEY_COMPARISONS[fast](key, left, b, same, slow)


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


# --- logic ---------------------------------------------------------------------------


def _build_if(args: Any) -> Fn:
    """`if` / `?:`: condition, value pairs, then an optional value for "else"."""
    bad = _needs_list(args, 0, "if")
    if bad is not None:
        return bad
    if len(args) < 2:
        return _compile(args[0]) if args else _const(None)
    literal = all(_is_scalar(value) for value in args[1::2] + args[-1:])
    switch = _switch(args) if literal else None
    if switch is not None:
        return switch
    tests = [_compile(test) for test in args[0:-1:2]]
    if literal:
        return _choose_literal(tests, args[1::2], args[-1] if len(args) % 2 else None)
    values = [_compile(value) for value in args[1::2]]
    otherwise = _compile(args[-1]) if len(args) % 2 else _const(None)
    if len(tests) == 1:
        test, then = tests[0], values[0]
        return lambda data, scope=None: (
            then(data, scope)
            if (value := test(data, scope)) is True or (value is not False and truthy(value))
            else otherwise(data, scope)
        )
    pairs = list(zip(tests, values, strict=True))

    def run(data: Any, scope: Any = None) -> Any:
        for test, then in pairs:
            if (value := test(data, scope)) is True or (value is not False and truthy(value)):
                return then(data, scope)
        return otherwise(data, scope)

    return run


def _is_scalar(value: Any) -> bool:
    return value is None or isinstance(value, (bool, int, float, str))


def _switch(args: list[Any]) -> Fn | None:
    """`{"if": [{"===": [{"var": k}, "a"]}, 1, {"===": [{"var": k}, "b"]}, 2, 0]}`, the
    shape of a score: one dict lookup. None where `args` has another shape."""
    key: str | None = None
    table: dict[str, Any] = {}
    for test, value in zip(args[0:-1:2], args[1::2], strict=True):
        case = test.get("===") if isinstance(test, dict) and len(test) == 1 else None
        if not (isinstance(case, list) and len(case) == 2 and isinstance(case[1], str)):
            return None
        this = _plain_key(case[0])
        if not this or this != (key or this):
            return None
        key = this
        table.setdefault(case[1], value)  # the first case that matches wins
    left, otherwise = _compile(args[0]["==="][0]), args[-1] if len(args) % 2 else None

    def run(data: Any, scope: Any = None) -> Any:
        a = data.get(key) if data.__class__ is dict else left(data, scope)
        return table.get(a, otherwise) if a.__class__ is str else otherwise

    return run


def _choose_literal(tests: list[Fn], values: list[Any], otherwise: Any) -> Fn:
    """`if` whose values are all literals (as in a score): no call to fetch the value."""
    if len(tests) == 1:
        test, then = tests[0], values[0]
        return lambda data, scope=None: (
            then
            if (value := test(data, scope)) is True or (value is not False and truthy(value))
            else otherwise
        )
    pairs = list(zip(tests, values, strict=True))

    def run(data: Any, scope: Any = None) -> Any:
        for test, then in pairs:
            if (value := test(data, scope)) is True or (value is not False and truthy(value)):
                return then
        return otherwise

    return run


def _junction(name: str, stop: bool) -> Build:
    """`and` returns the first falsy value, `or` the first truthy one (`stop` says which),
    else the last value; false for no arguments."""

    def build(args: Any) -> Fn:
        bad = _needs_list(args, 0, name)
        if bad is not None:
            return bad
        nodes = [_compile(arg) for arg in args] or [_const(False)]
        if len(nodes) == 2:
            return _junction2(nodes[0], nodes[1], stop)

        def run(data: Any, scope: Any = None) -> Any:
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


def _truth(negate: bool) -> Build:
    """`!` and `!!` of the first argument (none: undefined, which is falsy)."""

    def build(args: Any) -> Fn:
        if isinstance(args, list) and len(args) == 1:
            node = _compile(args[0])
            if negate:
                return lambda data, scope=None: not truthy(node(data, scope))
            return lambda data, scope=None: truthy(node(data, scope))
        values = _spread(args)

        def run(data: Any, scope: Any = None) -> bool:
            given = values(data, scope)
            return truthy(given[0]) is not negate if given else negate

        return run

    return build


def _build_coalesce(args: Any) -> Fn:
    """`??`: the first argument that is not null, evaluating no further."""
    if not isinstance(args, list):
        values = _spread(args)
        return lambda data, scope=None: next(
            (v for v in values(data, scope) if v is not None), None
        )
    nodes = [_compile(arg) for arg in args]

    def run(data: Any, scope: Any = None) -> Any:
        for node in nodes:
            value = node(data, scope)
            if value is not None:
                return value
        return None

    return run


def _build_in(args: Any) -> Fn:
    """`in`; against a literal list of strings, a set lookup."""
    if (
        isinstance(args, list)
        and len(args) == 2
        and isinstance(args[1], list)
        and all(isinstance(item, str) for item in args[1])
    ):
        needle, words, key = _compile(args[0]), frozenset(args[1]), _plain_key(args[0])

        def run(data: Any, scope: Any = None) -> bool:
            value = data.get(key) if key and data.__class__ is dict else needle(data, scope)
            return value.__class__ is str and value in words

        return run
    values = _spread(args)
    return lambda data, scope=None: ops.contains(values(data, scope))


# --- errors --------------------------------------------------------------------------


def _build_throw(args: Any) -> Fn:
    values = _spread(args)

    def run(data: Any, scope: Any = None) -> Any:
        given = values(data, scope)
        raise ops.thrown(given[0] if given else None)

    return run


def _build_try(args: Any) -> Fn:
    """`try`: the first argument that evaluates without error. A fallback sees the error
    (`{"type": ...}`) as its data, two scope levels below the data of the `try`."""
    nodes = [_compile(arg) for arg in args] if isinstance(args, list) else [_compile(args)]
    if not nodes:
        return _const(None)
    first, fallbacks = nodes[0], nodes[1:]

    def run(data: Any, scope: Any = None) -> Any:
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


# --- data access ---------------------------------------------------------------------


def _build_var(args: Any) -> Fn:
    """`var`: a dotted path (or index), with an optional default for a missing value."""
    path, default = args, None
    if isinstance(args, list):
        path = args[0] if args else None
        default = args[1] if len(args) > 1 else None
    fallback = _compile(default)
    if not ops.is_data(path):
        dynamic = _compile(path)

        def run(data: Any, scope: Any = None) -> Any:
            found = resolve(data, ops.dotted_keys(dynamic(data, scope)))
            return fallback(data, scope) if found is MISSING else found

        return run
    keys = ops.dotted_keys(path)
    if not keys:
        return lambda data, scope=None: data
    if len(keys) == 1 and default is None:
        return _lookup1(keys[0][0], keys)

    def run_static(data: Any, scope: Any = None) -> Any:
        found = resolve(data, keys)
        return fallback(data, scope) if found is MISSING else found

    return run_static


def _lookup1(key: str, keys: tuple[tuple[str, int | None], ...]) -> Fn:
    """One key, no default: a plain dict lookup in the common case."""

    def run(data: Any, scope: Any = None) -> Any:
        if data.__class__ is dict:
            return data.get(key)
        found = resolve(data, keys)
        return None if found is MISSING else found

    return run


def _path_getter(args: Any) -> Fn:
    """The value (MISSING where absent) at a `val` / `exists` path: a key, a list of keys,
    or a list starting with `[n]` to climb n scopes first."""
    if not ops.is_data(args):
        spec = _spread(args)

        def dynamic(data: Any, scope: Any = None) -> Any:
            up, keys = ops.scope_path(spec(data, scope))
            return resolve(ops.climb(data, scope, up), keys)

        return dynamic
    up, keys = ops.scope_path(ops.val_spec(args))
    if up:
        return lambda data, scope=None: resolve(ops.climb(data, scope, up), keys)
    return lambda data, scope=None: resolve(data, keys)


def _build_val(args: Any) -> Fn:
    if isinstance(args, str):
        return _lookup1(args, (ops.make_key(args),))
    getter = _path_getter(args)

    def run(data: Any, scope: Any = None) -> Any:
        found = getter(data, scope)
        return None if found is MISSING else found

    return run


def _build_exists(args: Any) -> Fn:
    getter = _path_getter(args)
    return lambda data, scope=None: getter(data, scope) is not MISSING


# --- iteration -----------------------------------------------------------------------


def _iteration(args: Any, name: str, null_ok: bool) -> tuple[Fn, Fn, bool] | Fn:
    """The items, the body and whether the body climbs scopes, or a raiser.

    `map`, `filter` and `reduce` treat a computed null as no items, but reject a literal
    null for the items or the body; `all`, `some` and `none` reject any null items.
    """
    bad = _needs_list(args, 2, name)
    if bad is not None:
        return bad
    if null_ok and (args[0] is None or args[1] is None):
        return _raiser(ops.INVALID, f"`{name}` needs an array and a rule")
    return _compile(args[0]), _compile(args[1]), ops.needs_scope(args[1])


def _items(value: Any, name: str, null_ok: bool) -> list[Any]:
    if isinstance(value, list):
        return value
    if value is None and null_ok:
        return []
    raise ops.fail(ops.INVALID, f"`{name}` needs an array, not {ops.js_str(value)!r}")


Finish = Callable[[list[Any], Fn, list[Any] | None], Any]


def _iterator(name: str, null_ok: bool, finish: Finish) -> Build:
    """`map`, `filter`, `all`, `some`, `none`: `finish` gets the items, the body and, where
    the body climbs scopes, each item's scope (else None)."""

    def build(args: Any) -> Fn:
        parts = _iteration(args, name, null_ok)
        if not isinstance(parts, tuple):
            return parts
        source, body, scoped = parts

        def run(data: Any, scope: Any = None) -> Any:
            items = _items(source(data, scope), name, null_ok)
            if not scoped:
                return finish(items, body, None)
            outer = (data, scope)
            return finish(items, body, [({"index": i}, outer) for i in range(len(items))])

        return run

    return build


def _map(items: list[Any], body: Fn, scopes: list[Any] | None) -> list[Any]:
    return [body(item) for item in items] if scopes is None else list(map(body, items, scopes))


def _filter(items: list[Any], body: Fn, scopes: list[Any] | None) -> list[Any]:
    if scopes is not None:
        return list(compress(items, map(truthy, map(body, items, scopes))))
    return [x for x in items if (v := body(x)) is True or (v is not False and truthy(v))]


def _tests(items: list[Any], body: Fn, scopes: list[Any] | None) -> Iterator[bool]:
    """Each item's truth, computed as it is consumed (`all` and `some` stop early)."""
    return map(truthy, map(body, items) if scopes is None else map(body, items, scopes))


def _build_reduce(args: Any) -> Fn:
    """`reduce`: body sees {"current", "accumulator"}; without an initial value the first
    item starts the accumulator (as JS's Array.prototype.reduce)."""
    parts = _iteration(args, "reduce", True)
    if not isinstance(parts, tuple):
        return parts
    source, body, scoped = parts
    initial = _compile(args[2]) if len(args) > 2 else None

    def run(data: Any, scope: Any = None) -> Any:
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


# --- the operator table --------------------------------------------------------------

_BUILDERS: dict[str, Build] = {
    "==": _comparison("==", operator.eq, ops.loose_eq),
    "!=": _comparison("!=", operator.ne, ops.loose_ne),
    "===": _comparison("===", operator.eq, ops.strict_eq),
    "!==": _comparison("!==", operator.ne, ops.strict_ne),
    "<": _comparison("<", operator.lt, ops.less),
    "<=": _comparison("<=", operator.le, ops.less_eq),
    ">": _comparison(">", operator.gt, ops.greater),
    ">=": _comparison(">=", operator.ge, ops.greater_eq),
    "+": _arithmetic(ops.add, operator.add),
    "*": _arithmetic(ops.multiply, operator.mul),
    "-": _arithmetic(ops.subtract, operator.sub),
    "/": _arithmetic(ops.divide, ops.divide2),
    "%": _arithmetic(ops.modulo, ops.modulo2),
    "min": _on_values(lambda values: ops.extreme(values, min)),
    "max": _on_values(lambda values: ops.extreme(values, max)),
    "if": _build_if,
    "?:": _build_if,
    "and": _junction("and", stop=False),
    "or": _junction("or", stop=True),
    "!": _truth(negate=True),
    "!!": _truth(negate=False),
    "??": _build_coalesce,
    "in": _build_in,
    "cat": _on_values(lambda values: "".join(map(ops.js_str, values))),
    "substr": _on_values(ops.substr),
    "merge": _on_values(ops.merge),
    "var": _build_var,
    "val": _build_val,
    "exists": _build_exists,
    "missing": lambda args: _reading(ops.missing_keys, _spread(args)),
    "missing_some": lambda args: _reading(ops.missing_some, _spread(args)),
    "map": _iterator("map", True, _map),
    "filter": _iterator("filter", True, _filter),
    "reduce": _build_reduce,
    "all": _iterator("all", False, lambda items, *rest: bool(items) and all(_tests(items, *rest))),
    "some": _iterator("some", False, lambda items, *rest: any(_tests(items, *rest))),
    "none": _iterator("none", False, lambda items, *rest: not any(_tests(items, *rest))),
    "try": _build_try,
    "throw": _build_throw,
    "preserve": _const,
}

OPERATORS: frozenset[str] = frozenset(_BUILDERS)
"""Every operator name the evaluator knows."""
