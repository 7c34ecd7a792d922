"""Value semantics for the JSON Logic evaluator: JS-like truthiness, coercion and comparison.

Everything here works on plain JSON values (None, bool, int, float, str, list, dict) and
follows the public conformance suites (json-logic/compat-tables): arithmetic on something
that is not a number fails with the error type "NaN" instead of producing JS's NaN.
This module is the bottom layer of the evaluator: it imports none of its other modules.
"""

from __future__ import annotations

import math
import operator
import re
from collections.abc import Callable, Iterable
from decimal import Decimal
from typing import Any, Final

NAN: Final = "NaN"
INVALID: Final = "Invalid Arguments"
UNKNOWN: Final = "Unknown Operator"

NUMS: Final = (int, float)  # exact classes: bool is deliberately not in here

_INT_RE: Final = re.compile(r"[+-]?[0-9]+", re.ASCII)
_FLOAT_RE: Final = re.compile(r"[+-]?(?:[0-9]+\.?[0-9]*|\.[0-9]+)(?:[eE][+-]?[0-9]+)?", re.ASCII)
_RADIX_RE: Final = re.compile(r"0(?:[xX][0-9a-fA-F]+|[oO][0-7]+|[bB][01]+)", re.ASCII)


class JsonLogicError(Exception):
    """Evaluation failed; .type is "NaN", "Invalid Arguments", or the value given to `throw`.

    A rule naming an operator this evaluator does not know fails with the type
    "Unknown Operator" when that part of the rule is evaluated (`unknown_operators` finds
    such names before that). `.error` is the object a `try` fallback sees as its data.
    """

    type: Any

    def __init__(self, type_: Any, error: Any = None, detail: str = "") -> None:
        super().__init__(detail or f"JSON Logic evaluation failed: {type_!r}")
        self.type = type_
        self.error = {"type": type_} if error is None else error


def fail(type_: Any, detail: str = "") -> JsonLogicError:
    return JsonLogicError(type_, None, detail)


def thrown(value: Any) -> JsonLogicError:
    """The error raised by `throw`: an object with a "type" key gives its type."""
    if isinstance(value, dict) and "type" in value:
        return JsonLogicError(value["type"], value)
    return JsonLogicError(value)


# --- truthiness and coercion ---------------------------------------------------------


def truthy(value: Any) -> bool:
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


def to_number(value: Any) -> int | float:
    """JS `Number(value)`, failing with "NaN" wherever JS would give NaN."""
    cls = value.__class__
    if cls is int:
        return int(value)
    if cls is float:
        if math.isnan(value):
            raise fail(NAN)
        return float(value)
    if cls is str:
        return parse_number(value)
    if value is None:
        return 0
    if isinstance(value, bool):
        return int(value)
    if isinstance(value, (int, float)):
        return to_number(int(value) if isinstance(value, int) else float(value))
    raise fail(NAN, f"not a number: {value!r}")


def parse_number(text: str) -> int | float:
    """JS `Number(text)` for a string: trims, "" is 0, decimal/exponent/radix forms."""
    text = text.strip()
    if not text:
        return 0
    if _INT_RE.fullmatch(text):
        return int(text)
    if _FLOAT_RE.fullmatch(text):
        return float(text)
    if _RADIX_RE.fullmatch(text):
        return int(text, 0)
    if text in ("Infinity", "+Infinity", "-Infinity"):
        return -math.inf if text[0] == "-" else math.inf
    raise fail(NAN, f"not a number: {text!r}")


def js_str(value: Any) -> str:
    """String conversion as `cat` does it: null is "", numbers print like JS numbers."""
    if isinstance(value, str):
        return value
    if value is None:
        return ""
    if value is True or value is False:
        return "true" if value else "false"
    if isinstance(value, int):
        return str(value)
    if isinstance(value, float):
        return _float_str(value)
    if isinstance(value, list):
        return ",".join(js_str(item) for item in value)
    if isinstance(value, dict):
        return "[object Object]"
    return str(value)


def _float_str(value: float) -> str:
    if math.isnan(value):
        return "NaN"
    if math.isinf(value):
        return "Infinity" if value > 0 else "-Infinity"
    if value.is_integer() and abs(value) < 1e21:
        return str(int(value))
    text = repr(value)
    if "e" not in text:
        return text
    mantissa, exp_text = text.split("e")
    exp = int(exp_text)
    if -7 < exp < 21:
        return format(Decimal(text), "f")
    return f"{mantissa}e{'+' if exp > 0 else '-'}{abs(exp)}"


# --- equality and ordering -----------------------------------------------------------


def loose_eq(a: Any, b: Any) -> bool:
    """`==`: two strings compare as strings, anything else as numbers."""
    if a.__class__ is str and b.__class__ is str:
        return bool(a == b)
    return to_number(a) == to_number(b)


def _kind(value: Any) -> type:
    if isinstance(value, bool):
        return bool
    if isinstance(value, (int, float)):
        return float
    if isinstance(value, dict):
        return dict
    if isinstance(value, list):
        return list
    return type(value)


def strict_eq(a: Any, b: Any) -> bool:
    """`===`: same JSON type and same value (lists and objects compared deeply)."""
    kind = _kind(a)
    if kind is not _kind(b):
        return False
    if kind is list:
        return len(a) == len(b) and all(map(strict_eq, a, b))
    if kind is dict:
        return a.keys() == b.keys() and all(strict_eq(a[k], b[k]) for k in a)
    return bool(a == b)


def _negated(test: Callable[[Any, Any], bool]) -> Callable[[Any, Any], bool]:
    return lambda a, b: not test(a, b)


def _ordering(test: Callable[[Any, Any], Any]) -> Callable[[Any, Any], bool]:
    """An ordering: two strings compare as strings, anything else as numbers."""

    def compare(a: Any, b: Any) -> bool:
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


# --- arithmetic ----------------------------------------------------------------------


def add(values: Iterable[Any]) -> int | float:
    total: int | float = 0
    for value in values:
        total += value if value.__class__ in NUMS else to_number(value)
    return total


def multiply(values: Iterable[Any]) -> int | float:
    product: int | float = 1
    for value in values:
        product *= value if value.__class__ in NUMS else to_number(value)
    return product


def subtract(values: list[Any]) -> int | float:
    if not values:
        raise fail(INVALID, "`-` needs at least one argument")
    first = to_number(values[0])
    if len(values) == 1:
        return -first
    for value in values[1:]:
        first -= to_number(value)
    return first


def divide2(a: float, b: float) -> float:
    """a / b on numbers; an exact quotient of two integers stays an int."""
    if b == 0:
        raise fail(NAN, "division by zero")
    if a.__class__ is int and b.__class__ is int:
        quotient, rest = divmod(a, b)
        return int(quotient) if rest == 0 else a / b
    return a / b


def divide(values: list[Any]) -> int | float:
    if not values:
        raise fail(INVALID, "`/` needs at least one argument")
    if len(values) == 1:
        return divide2(1, to_number(values[0]))
    result = to_number(values[0])
    for value in values[1:]:
        result = divide2(result, to_number(value))
    return result


def modulo2(a: float, b: float) -> float:
    """JS remainder: the result takes the sign of the dividend."""
    if b == 0:
        raise fail(NAN, "modulo by zero")
    if a.__class__ is int and b.__class__ is int:
        rest = abs(a) % abs(b)
        return -rest if a < 0 else rest
    return math.fmod(a, b)


def modulo(values: list[Any]) -> int | float:
    if len(values) < 2:
        raise fail(INVALID, "`%` needs at least two arguments")
    result = to_number(values[0])
    for value in values[1:]:
        result = modulo2(result, to_number(value))
    return result


def extreme(values: list[Any], pick: Callable[[Iterable[Any]], Any]) -> Any:
    """`min` / `max`: None for no arguments."""
    if not values:
        return None
    return pick([to_number(value) for value in values])


# --- strings and lists ---------------------------------------------------------------


def substr(values: list[Any]) -> str:
    """`substr`: negative start counts from the end, negative length stops before the end."""
    text = js_str(values[0]) if values else ""
    start = int(to_number(values[1])) if len(values) > 1 else 0
    if start < 0:
        start = max(len(text) + start, 0)
    if len(values) < 3 or values[2] is None:
        return text[start:]
    length = int(to_number(values[2]))
    end = len(text) + length if length < 0 else start + length
    return text[start:end]


def contains(values: list[Any]) -> bool:
    """`in`: substring test for a string, member test (strict equality) for a list."""
    needle = values[0] if values else None
    haystack = values[1] if len(values) > 1 else None
    if isinstance(haystack, str):
        return js_str(needle) in haystack
    if isinstance(haystack, list):
        return any(strict_eq(needle, item) for item in haystack)
    return False


def merge(values: list[Any]) -> list[Any]:
    merged: list[Any] = []
    for value in values:
        if isinstance(value, list):
            merged.extend(value)
        else:
            merged.append(value)
    return merged


def clone(value: Any) -> Any:
    """A fresh copy of a JSON value, so that results never share lists with the rule."""
    if isinstance(value, list):
        return [clone(item) for item in value]
    if isinstance(value, dict):
        return {key: clone(item) for key, item in value.items()}
    return value
