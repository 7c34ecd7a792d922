"""Value semantics for the JSON Logic evaluator: JS-like truthiness, coercion and comparison.

Everything here works on plain JSON values (None, bool, int, float, str, list, dict) and
follows the public conformance suites (json-logic/compat-tables): arithmetic on something
that is not a number fails with the error type "NaN" instead of producing JS's NaN.
This module is the bottom layer of the evaluator: it imports none of its other modules.

Numbers behave as JS numbers (IEEE doubles), as in the browser's evaluator: an int stays
an int only while a double holds it exactly (up to MAX_EXACT in magnitude). A larger one
written in the rule, read from a string or computed becomes the nearest double
(`js_number`); one found in the data is taken as that double wherever it is computed
with, compared or printed. Doubles print as JS prints them.
"""

from __future__ import annotations

import math
import operator
import re
import reprlib
import sys
from collections.abc import Callable
from decimal import Decimal
from typing import Final, TypeAlias

JsonValue: TypeAlias = "bool | int | float | str | list[JsonValue] | dict[str, JsonValue] | None"
"""A value as JSON gives it: rules, the data they read and their results are made of these."""
Scalar: TypeAlias = "bool | int | float | str | None"
"""A JSON value that is neither a list nor an object."""
Number: TypeAlias = "int | float"
"""A JS number: a double, or an int that one holds exactly (bool is not one here)."""
Ordered: TypeAlias = "Callable[[Number | str, Number | str], bool]"
"""Python's ordering of two numbers or two strings (`operator.lt` ...)."""

NAN: Final = "NaN"
INVALID: Final = "Invalid Arguments"
UNKNOWN: Final = "Unknown Operator"
TOO_DEEP: Final = "nested too deeply"  # for Python's stack: the detail of an INVALID error

NUMS: Final = (int, float)  # exact classes: bool is deliberately not in here

MAX_EXACT: Final = 2**53
"""Every int up to this in magnitude is a double too; beyond it, JS rounds (see js_number)."""
MIN_EXACT: Final = -MAX_EXACT

JS_WHITESPACE: Final = (
    "\t\n\v\f\r \xa0\u1680\u2000\u2001\u2002\u2003\u2004\u2005\u2006\u2007\u2008\u2009"
    "\u200a\u2028\u2029\u202f\u205f\u3000\ufeff"
)
"""What JS's `String.prototype.trim` (and so `Number(text)`) removes: the ECMAScript
WhiteSpace and LineTerminator characters. Python's `str.strip()` differs (it removes
U+001C-U+001F and U+0085, and keeps U+FEFF)."""

_INT_RE: Final = re.compile(r"[+-]?[0-9]+", re.ASCII)
_FLOAT_RE: Final = re.compile(  # no two ways to split the digits: no quadratic backtracking
    r"[+-]?(?:[0-9]+(?:\.[0-9]*)?|\.[0-9]+)(?:[eE][+-]?[0-9]+)?", re.ASCII
)
_RADIX_RE: Final = re.compile(r"0(?:[xX][0-9a-fA-F]+|[oO][0-7]+|[bB][01]+)", re.ASCII)


class JsonLogicError(Exception):
    """Evaluation failed; .type is "NaN", "Invalid Arguments", or the value given to `throw`.

    A rule naming an operator this evaluator does not know fails with the type
    "Unknown Operator" when that part of the rule is evaluated (`unknown_operators` finds
    such names before that). `.error` is the object a `try` fallback sees as its data.
    """

    type: JsonValue
    error: JsonValue

    def __init__(self, type_: JsonValue, error: JsonValue = None, detail: str = "") -> None:
        super().__init__(detail or f"JSON Logic evaluation failed: {reprlib.repr(type_)}")
        self.type = type_
        self.error = {"type": type_} if error is None else error


def fail(type_: JsonValue, detail: str = "") -> JsonLogicError:
    return JsonLogicError(type_, None, detail)


def thrown(value: JsonValue) -> JsonLogicError:
    """The error raised by `throw`: an object with a "type" key gives its type."""
    if isinstance(value, dict) and "type" in value:
        return JsonLogicError(value["type"], value)
    return JsonLogicError(value)


# --- truthiness and coercion ---------------------------------------------------------


def truthy(value: JsonValue) -> bool:
    """JS truthiness, except that an empty list is falsy (as JSON Logic defines it)."""
    if value is True:
        return True
    if value is False or value is None:
        return False
    if isinstance(value, dict):
        return True
    if isinstance(value, float):
        return not math.isnan(value) and value != 0.0
    return bool(value)


def to_number(value: JsonValue) -> int | float:
    """JS `Number(value)`, failing with "NaN" wherever JS would give NaN."""
    if value.__class__ is int:
        return value if MIN_EXACT <= value <= MAX_EXACT else js_number(value)
    if value.__class__ is float:
        if math.isnan(value):
            raise fail(NAN)
        return float(value)
    if value.__class__ is str:
        return parse_number(value)
    if value is None:
        return 0
    if isinstance(value, bool):
        return int(value)
    if isinstance(value, (int, float)):
        return to_number(int(value) if isinstance(value, int) else float(value))
    raise fail(NAN, f"not a number: {reprlib.repr(value)}")


def js_number(value: int | float) -> int | float:
    """A number as a JS number holds it: an int beyond MAX_EXACT in magnitude becomes the
    nearest double (an infinity past the largest double); anything else is unchanged."""
    if value.__class__ is float or MIN_EXACT <= value <= MAX_EXACT:
        return value
    try:
        return float(value)
    except OverflowError:
        return math.inf if value > 0 else -math.inf


def js_literal(value: JsonValue) -> JsonValue:
    """A fresh copy of a JSON value in which every number is as JS reads it (`js_number`):
    what a rule's literals are compiled to."""
    if value.__class__ is int:
        return js_number(value)
    if isinstance(value, list):
        return [js_literal(item) for item in value]
    if isinstance(value, dict):
        return {key: js_literal(item) for key, item in value.items()}
    return value


def js_trunc(number: int | float) -> int:
    """JS `Math.trunc` for a count or an index: an infinity becomes +/-sys.maxsize, which
    counts (and slices) the same as it would in JS."""
    if number.__class__ is int:
        return int(number)
    if math.isinf(number):
        return sys.maxsize if number > 0 else -sys.maxsize
    return 0 if math.isnan(number) else int(number)


def parse_number(text: str) -> int | float:
    """JS `Number(text)` for a string: trims JS whitespace, "" is 0, decimal/exponent/radix
    forms; an integer beyond MAX_EXACT is read as the nearest double, as JS reads it."""
    text = text.strip(JS_WHITESPACE)
    if not text:
        return 0
    if _INT_RE.fullmatch(text):
        if len(text) < 16:  # at most 15 digits: well within MAX_EXACT
            return int(text)
        number = float(text)  # correctly rounded, as Number(text) is
        return int(number) if MIN_EXACT <= number <= MAX_EXACT else number
    if _FLOAT_RE.fullmatch(text):
        return float(text)
    if _RADIX_RE.fullmatch(text):
        return js_number(int(text, 0))
    if text in ("Infinity", "+Infinity", "-Infinity"):
        return -math.inf if text[0] == "-" else math.inf
    raise fail(NAN, f"not a number: {text!r}")


def js_str(value: JsonValue) -> str:
    """String conversion as `cat` does it: null is "", numbers print like JS numbers."""
    if isinstance(value, str):
        return value
    if value is None:
        return ""
    if value is True or value is False:
        return "true" if value else "false"
    if isinstance(value, int):
        return str(value) if MIN_EXACT <= value <= MAX_EXACT else _float_str(js_number(value))
    if isinstance(value, float):
        return _float_str(value)
    if isinstance(value, list):
        try:
            return _list_str(value)
        except RecursionError:  # caught here, at the top of the list: the stack has room
            raise fail(INVALID, TOO_DEEP) from None
    if isinstance(value, dict):
        return "[object Object]"
    return str(value)


def _list_str(items: list[JsonValue]) -> str:
    return ",".join(_list_str(item) if isinstance(item, list) else js_str(item) for item in items)


def _float_str(value: float) -> str:
    """JS `String(number)`: the shortest digits that give the number back (as `repr`),
    written out in full from 1e-7 up to 1e21, with an exponent outside that."""
    if math.isnan(value):
        return "NaN"
    if math.isinf(value):
        return "Infinity" if value > 0 else "-Infinity"
    if value.is_integer() and MIN_EXACT <= value <= MAX_EXACT:
        return str(int(value))  # exact, and "-0" is "0" as in JS
    text = repr(value)
    mantissa, _, exp_text = text.partition("e")
    if not exp_text:  # repr wrote it out: "0.25", or "9007199254740994.0"
        return text.removesuffix(".0")
    exp = int(exp_text)
    if -7 < exp < 21:  # JS writes out the digits, padded with zeros (2**60: ...847000)
        return format(Decimal(text), "f")
    return f"{mantissa}e{'+' if exp > 0 else '-'}{abs(exp)}"


# --- equality and ordering -----------------------------------------------------------


def loose_eq(a: JsonValue, b: JsonValue) -> bool:
    """`==`: two strings compare as strings, anything else as numbers."""
    if a.__class__ is str and b.__class__ is str:
        return bool(a == b)
    return to_number(a) == to_number(b)


def _kind(value: JsonValue) -> type:
    if isinstance(value, bool):
        return bool
    if isinstance(value, (int, float)):
        return float
    if isinstance(value, dict):
        return dict
    if isinstance(value, list):
        return list
    return type(value)


def strict_eq(a: JsonValue, b: JsonValue) -> bool:
    """`===`: same JSON type and same value (lists and objects compared deeply)."""
    kind = _kind(a)
    if kind is not _kind(b):
        return False
    if kind is list or kind is dict:
        try:
            return _same_content(a, b)
        except RecursionError:  # caught here, at the top of the values: the stack has room
            raise fail(INVALID, TOO_DEEP) from None
    if kind is float:  # _kind says both are numbers, which mypy cannot follow
        return bool(js_number(a) == js_number(b))  # type: ignore[arg-type]
    return bool(a == b)


def _same_content(a: JsonValue, b: JsonValue) -> bool:
    """Two lists, or two objects, item by item (their `_kind` is the same)."""
    if isinstance(a, list) and isinstance(b, list):
        return len(a) == len(b) and all(map(_same_item, a, b))
    if isinstance(a, dict) and isinstance(b, dict):
        return bool(a.keys() == b.keys()) and all(_same_item(a[k], b[k]) for k in a)
    return False


def _same_item(a: JsonValue, b: JsonValue) -> bool:
    """`strict_eq` within lists and objects."""
    kind = _kind(a)
    if kind is not _kind(b):
        return False
    if kind is list or kind is dict:
        return _same_content(a, b)
    if kind is float:  # as in strict_eq
        return bool(js_number(a) == js_number(b))  # type: ignore[arg-type]
    return bool(a == b)


Relation = Callable[[JsonValue, JsonValue], bool]
"""`==`, `<` ... on any two values, with JSON Logic's coercions."""


def _negated(test: Relation) -> Relation:
    return lambda a, b: not test(a, b)


def _ordering(test: Ordered) -> Relation:
    """An ordering: two strings compare as strings, anything else as numbers."""

    def compare(a: JsonValue, b: JsonValue) -> bool:
        if a.__class__ is str and b.__class__ is str:
            return bool(test(a, b))
        return bool(test(to_number(a), to_number(b)))

    return compare


loose_ne = _negated(loose_eq)
strict_ne = _negated(strict_eq)
less = _ordering(operator.lt)
less_eq = _ordering(operator.le)
greater = _ordering(operator.gt)
greater_eq = _ordering(operator.ge)


# --- strings and lists ---------------------------------------------------------------


def substr(values: list[JsonValue]) -> str:
    """`substr`: negative start counts from the end, negative length stops before the end."""
    text = js_str(values[0]) if values else ""
    start = js_trunc(to_number(values[1])) if len(values) > 1 else 0
    if start < 0:
        start = max(len(text) + start, 0)
    if len(values) < 3 or values[2] is None:
        return text[start:]
    length = js_trunc(to_number(values[2]))
    end = len(text) + length if length < 0 else start + length
    return text[start:end]


def contains(values: list[JsonValue]) -> bool:
    """`in`: substring test for a string, member test (strict equality) for a list."""
    needle = values[0] if values else None
    haystack = values[1] if len(values) > 1 else None
    if isinstance(haystack, str):
        return js_str(needle) in haystack
    if isinstance(haystack, list):
        return any(strict_eq(needle, item) for item in haystack)
    return False


def merge(values: list[JsonValue]) -> list[JsonValue]:
    merged: list[JsonValue] = []
    for value in values:
        if isinstance(value, list):
            merged.extend(value)
        else:
            merged.append(value)
    return merged


def clone(value: JsonValue) -> JsonValue:
    """A fresh copy of a JSON value, so that results never share lists with the rule."""
    if isinstance(value, list):
        return [clone(item) for item in value]
    if isinstance(value, dict):
        return {key: clone(item) for key, item in value.items()}
    return value
