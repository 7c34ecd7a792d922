"""JS arithmetic on JSON values: `+`, `*`, `-`, `/`, `%`, `min` and `max`, as the browser's
evaluator computes them.

JS arithmetic is IEEE double arithmetic, correctly rounded at each step, and so is
Python's float arithmetic (and float(int)). On ints that are doubles (up to MAX_EXACT),
Python's exact result rounded to a double where it is larger (`js_result`) is JS's
result; `js_operand` first turns a larger int into its double. Operands up to SMALL
(the common case) need neither: no sum, difference, product or quotient of two of them
gets beyond MAX_EXACT, so Python's plain operator gives JS's result.
"""

from __future__ import annotations

import math
import operator
from collections.abc import Callable, Iterable
from typing import Final

from site_builder.engine.jsonlogic.ops import (
    INVALID,
    MAX_EXACT,
    MIN_EXACT,
    NAN,
    NUMS,
    JsonValue,
    Number,
    fail,
    js_number,
    to_number,
)

SMALL: Final = 2**26
SMALL_NEG: Final = -SMALL


def js_result(result: int | float) -> int | float:
    """The result of exact arithmetic on doubles, rounded as JS rounds it."""
    return result if MIN_EXACT <= result <= MAX_EXACT else float(result)


def js_operand(value: JsonValue) -> int | float:
    """An operand as JS arithmetic sees it: a number (NaN included) as its double, anything
    else converted (`to_number`)."""
    return js_number(value) if value.__class__ in NUMS else to_number(value)


def add(values: list[JsonValue]) -> int | float:
    total: int | float = 0
    try:
        for value in values:
            total += value if value.__class__ in NUMS else to_number(value)
            if total > SMALL or total < SMALL_NEG:  # every sum so far small: all exact
                break
        else:
            return total
    except OverflowError:  # a float plus an int beyond any double
        pass
    return _fold_doubles(values, 0, operator.add)


def multiply(values: list[JsonValue]) -> int | float:
    product: int | float = 1
    for value in values:
        if value.__class__ not in NUMS:
            value = to_number(value)
        if value > SMALL or value < SMALL_NEG:
            return _fold_doubles(values, 1, operator.mul)
        product *= value
        if product > SMALL or product < SMALL_NEG:  # the next product is still exact
            return _fold_doubles(values, 1, operator.mul)
    return product


def _fold_doubles(
    values: list[JsonValue], start: int, pair: Callable[[Number, Number], Number]
) -> int | float:
    """`+` or `*` the careful way, each step rounded as JS rounds it."""
    result: int | float = start
    for value in values:
        result = js_result(pair(result, js_operand(value)))
    return result


def subtract(values: list[JsonValue]) -> int | float:
    if not values:
        raise fail(INVALID, "`-` needs at least one argument")
    first = to_number(values[0])
    if len(values) == 1:
        return -first
    for value in values[1:]:
        first = js_result(first - to_number(value))
    return first


def divide2(a: float, b: float) -> float:
    """a / b on doubles; an exact quotient of two integers stays an int."""
    if b == 0:
        raise fail(NAN, "division by zero")
    if a.__class__ is int and b.__class__ is int:
        quotient, rest = divmod(a, b)
        return int(quotient) if rest == 0 else a / b
    return a / b


def divide(values: list[JsonValue]) -> int | float:
    if not values:
        raise fail(INVALID, "`/` needs at least one argument")
    if len(values) == 1:
        return divide2(1, to_number(values[0]))
    result = to_number(values[0])
    for value in values[1:]:
        result = divide2(result, to_number(value))
    return result


def modulo2(a: float, b: float) -> float:
    """JS remainder on doubles: the result takes the sign of the dividend; an infinite
    dividend gives NaN (as in JS: `math.fmod` would raise)."""
    if b == 0:
        raise fail(NAN, "modulo by zero")
    if a.__class__ is int and b.__class__ is int:
        rest = abs(a) % abs(b)
        return -rest if a < 0 else rest
    if math.isinf(a):
        return math.nan
    return math.fmod(a, b)


def modulo(values: list[JsonValue]) -> int | float:
    if len(values) < 2:
        raise fail(INVALID, "`%` needs at least two arguments")
    result = to_number(values[0])
    for value in values[1:]:
        result = modulo2(result, to_number(value))
    return result


def extreme(values: list[JsonValue], pick: Callable[[Iterable[Number]], Number]) -> JsonValue:
    """`min` / `max`: None for no arguments."""
    if not values:
        return None
    return pick([to_number(value) for value in values])
