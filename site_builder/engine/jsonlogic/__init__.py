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

The evaluator is split by job; this module is its public face and holds the operator table:
  ops        values: truthiness, coercion, JS-like strings, equality and ordering
  jsmath     arithmetic as JS computes it: `+`, `*`, `-`, `/`, `%`, `min`, `max`
  compile    compiler core: node types, the builder registry, shared helpers
  data       data access: paths, scopes, `var`, `val`, `exists`, `missing`
  compare    the builders of the arithmetic and comparison operators, with their fast paths
  logic      `if`, `and`, `or`, `!`, `!!`, `??`, `in`
  iterate    iterators (`map` ... `none`), `try` and `throw`
  analysis   static analysis: operator nodes and the data paths a rule reads
  batch      one condition over many answer sets, once per distinct combination of values
"""

from __future__ import annotations

import operator
from collections.abc import Callable

from site_builder.engine.jsonlogic import jsmath, ops
from site_builder.engine.jsonlogic.analysis import iter_operators
from site_builder.engine.jsonlogic.analysis import variable_paths as variable_paths
from site_builder.engine.jsonlogic.compare import arithmetic, comparison
from site_builder.engine.jsonlogic.compile import (
    BUILDERS,
    compile_node,
    const,
    on_values,
    raiser,
    reading,
    spread,
)
from site_builder.engine.jsonlogic.data import (
    build_exists,
    build_val,
    build_var,
    missing_keys,
    missing_some,
)
from site_builder.engine.jsonlogic.iterate import (
    build_reduce,
    build_throw,
    build_try,
    filter_items,
    iterator,
    map_items,
    truths,
)
from site_builder.engine.jsonlogic.logic import build_coalesce, build_if, build_in, junction, truth
from site_builder.engine.jsonlogic.ops import JsonLogicError as JsonLogicError
from site_builder.engine.jsonlogic.ops import JsonValue as JsonValue

__all__ = [
    "OPERATORS",
    "JsonLogicError",
    "JsonValue",
    "apply",
    "compile_logic",
    "unknown_operators",
    "variable_paths",
]


def apply(logic: JsonValue, data: JsonValue = None) -> JsonValue:
    """Evaluate `logic` against `data` once."""
    try:
        return compile_logic(logic)(data)
    except RecursionError:
        raise ops.fail(ops.INVALID, ops.TOO_DEEP) from None


def compile_logic(logic: JsonValue) -> Callable[[JsonValue], JsonValue]:
    """Compile `logic` once; the result evaluates it against any data, like `apply`.

    Compiling never fails: what is wrong with a rule fails when that part of it is
    evaluated, with a JsonLogicError, and so does a rule nested too deeply for Python's
    stack (hundreds of levels), as a whole."""
    try:
        return compile_node(logic)
    except RecursionError:
        return raiser(ops.INVALID, ops.TOO_DEEP)


def unknown_operators(logic: JsonValue) -> list[str]:
    """Operator names used in `logic` that are not in OPERATORS, in order of appearance."""
    nodes = iter_operators(logic)
    return list(dict.fromkeys(str(op) for op, _, _ in nodes if op not in OPERATORS))


# --- the operator table --------------------------------------------------------------

BUILDERS |= {
    "==": comparison("==", operator.eq, ops.loose_eq),
    "!=": comparison("!=", operator.ne, ops.loose_ne),
    "===": comparison("===", operator.eq, ops.strict_eq),
    "!==": comparison("!==", operator.ne, ops.strict_ne),
    "<": comparison("<", operator.lt, ops.less),
    "<=": comparison("<=", operator.le, ops.less_eq),
    ">": comparison(">", operator.gt, ops.greater),
    ">=": comparison(">=", operator.ge, ops.greater_eq),
    "+": arithmetic(jsmath.add, operator.add),
    "*": arithmetic(jsmath.multiply, operator.mul),
    "-": arithmetic(jsmath.subtract, operator.sub),
    "/": arithmetic(jsmath.divide, jsmath.divide2),
    "%": arithmetic(jsmath.modulo, jsmath.modulo2),
    "min": on_values(lambda values: jsmath.extreme(values, min)),
    "max": on_values(lambda values: jsmath.extreme(values, max)),
    "if": build_if,
    "?:": build_if,
    "and": junction("and", stop=False),
    "or": junction("or", stop=True),
    "!": truth(negate=True),
    "!!": truth(negate=False),
    "??": build_coalesce,
    "in": build_in,
    "cat": on_values(lambda values: "".join(map(ops.js_str, values))),
    "substr": on_values(ops.substr),
    "merge": on_values(ops.merge),
    "var": build_var,
    "val": build_val,
    "exists": build_exists,
    "missing": lambda args: reading(missing_keys, spread(args)),
    "missing_some": lambda args: reading(missing_some, spread(args)),
    "map": iterator("map", True, map_items),
    "filter": iterator("filter", True, filter_items),
    "reduce": build_reduce,
    "all": iterator("all", False, lambda items, *rest: bool(items) and all(truths(items, *rest))),
    "some": iterator("some", False, lambda items, *rest: any(truths(items, *rest))),
    "none": iterator("none", False, lambda items, *rest: not any(truths(items, *rest))),
    "try": build_try,
    "throw": build_throw,
    "preserve": const,
}

OPERATORS: frozenset[str] = frozenset(BUILDERS)
"""Every operator name the evaluator knows."""
