"""Value semantics for the JSON Logic evaluator: JS-like truthiness, coercion and comparison.

Everything here works on plain JSON values (None, bool, int, float, str, list, dict) and
follows the public conformance suites (json-logic/compat-tables): arithmetic on something
that is not a number fails with the error type "NaN" instead of producing JS's NaN.
"""

from __future__ import annotations

import math
import operator
import re
from collections.abc import Callable, Iterable, Iterator
from decimal import Decimal
from typing import Any, Final, Protocol

NAN: Final = "NaN"
INVALID: Final = "Invalid Arguments"
UNKNOWN: Final = "Unknown Operator"

NUMS: Final = (int, float)  # exact classes: bool is deliberately not in here
ITERATORS: Final = frozenset(("map", "filter", "reduce", "all", "some", "none"))

_INT_RE: Final = re.compile(r"[+-]?[0-9]+", re.ASCII)
_FLOAT_RE: Final = re.compile(r"[+-]?(?:[0-9]+\.?[0-9]*|\.[0-9]+)(?:[eE][+-]?[0-9]+)?", re.ASCII)
_RADIX_RE: Final = re.compile(r"0(?:[xX][0-9a-fA-F]+|[oO][0-7]+|[bB][01]+)", re.ASCII)
_INDEX_RE: Final = re.compile(r"0|[1-9][0-9]*", re.ASCII)


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


# --- data paths ----------------------------------------------------------------------

Key = tuple[str, int | None]
MISSING: Final[Any] = object()


def make_key(part: Any) -> Key:
    """A path step: the key for an object and, where it is one, the index for a list."""
    if isinstance(part, int) and not isinstance(part, bool):
        return str(part), part if part >= 0 else None
    if isinstance(part, float) and part.is_integer():
        return make_key(int(part))
    text = js_str(part)
    return text, int(text) if _INDEX_RE.fullmatch(text) else None


def dotted_keys(path: Any) -> tuple[Key, ...]:
    """`var`'s path: a dotted string (or a number); "" and null mean the data itself."""
    if path is None or path == "" or path == []:
        return ()
    if isinstance(path, (int, float)) and not isinstance(path, bool):
        return (make_key(path),)
    return tuple(make_key(part) for part in js_str(path).split("."))


def resolve(data: Any, keys: tuple[Key, ...]) -> Any:
    """Walk `keys` into `data`; MISSING where a step does not exist."""
    for key, index in keys:
        if isinstance(data, dict):
            data = data.get(key, MISSING)
            if data is MISSING:
                return MISSING
        elif isinstance(data, list) and index is not None and index < len(data):
            data = data[index]
        else:
            return MISSING
    return data


def scope_path(spec: list[Any]) -> tuple[int, tuple[Key, ...]]:
    """`val`'s path: a leading `[n]` climbs n scopes up, the rest are keys."""
    if spec and isinstance(spec[0], list):
        levels = spec[0]
        up = abs(int(to_number(levels[0]))) if levels else 0
        return up, tuple(make_key(part) for part in spec[1:])
    return 0, tuple(make_key(part) for part in spec)


def climb(data: Any, scope: Any, levels: int) -> Any:
    """The data `levels` scopes up; iteration scopes are linked (value, outer scope) pairs."""
    for _ in range(levels):
        if scope is None:
            break
        data, scope = scope
    return data


def missing_keys(data: Any, paths: list[Any]) -> list[Any]:
    """`missing`: the paths whose value is absent, null or ""."""
    if paths and isinstance(paths[0], list):
        paths = paths[0]
    absent: list[Any] = []
    for path in paths:
        value = resolve(data, dotted_keys(path))
        if value is MISSING or value is None or value == "":
            absent.append(path)
    return absent


def missing_some(data: Any, values: list[Any]) -> list[Any]:
    if len(values) < 2 or not isinstance(values[1], list):
        raise fail(INVALID, "`missing_some` takes [count, [paths]]")
    need = to_number(values[0])
    absent = missing_keys(data, values[1])
    return [] if len(values[1]) - len(absent) >= need else absent


# --- compiled comparisons ------------------------------------------------------------


class Node(Protocol):
    """A compiled rule node: (data, scope) -> value; the top node is called with data only."""

    def __call__(self, data: Any, scope: Any = None, /) -> Any: ...


Binary = Callable[[Any, Any], Any]

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


# --- static analysis: what a rule uses, without running it -----------------------


def is_data(logic: Any) -> bool:
    """True where `logic` holds no operator (an object with exactly one key is one)."""
    if isinstance(logic, dict):
        return len(logic) != 1
    if isinstance(logic, list):
        return all(is_data(item) for item in logic)
    return True


def iter_operators(logic: Any, depth: int = 0) -> Iterator[tuple[Any, Any, int]]:
    """Every operator node of `logic` as (name, arguments, depth), outermost first.

    `depth` counts the scope levels between a node and the data given to the rule: the
    body of an iteration and the fallbacks of a `try` are two levels down (the item or
    the error, then the iteration's own level). `preserve` is not entered.
    """
    if isinstance(logic, list):
        for item in logic:
            yield from iter_operators(item, depth)
        return
    if not isinstance(logic, dict) or len(logic) != 1:
        return
    ((op, args),) = logic.items()
    yield op, args, depth
    if op == "preserve":
        return
    if not isinstance(args, list) or (op != "try" and op not in ITERATORS):
        yield from iter_operators(args, depth)
        return
    inner = len(args) if op == "try" else 2
    yield from iter_operators(args[:1], depth)
    yield from iter_operators(args[1:inner], depth + 2)
    yield from iter_operators(args[inner:], depth)


def val_spec(args: Any) -> list[Any]:
    """`val`'s argument as a list: a key alone stands for [key], null for []."""
    return args if isinstance(args, list) else [] if args is None else [args]


def climbs(args: Any) -> bool:
    """Whether a `val` with these arguments may climb scopes (`[[n], ...]` or computed)."""
    return not is_data(args) or bool(args and isinstance(args, list) and isinstance(args[0], list))


def needs_scope(logic: Any) -> bool:
    """Whether any `val` or `exists` in `logic` may climb scopes."""
    return any(op in ("val", "exists") and climbs(args) for op, args, _ in iter_operators(logic))


def read_paths(op: Any, args: Any, depth: int) -> list[str]:
    """The literal paths into the rule's data that one node reads (see `variable_paths`)."""
    if op == "var":
        path = (args[0] if args else None) if isinstance(args, list) else args
        return [_dotted(dotted_keys(path))] if depth == 0 and is_data(path) else []
    if op in ("val", "exists") and is_data(args):
        try:
            up, keys = scope_path(val_spec(args))
        except JsonLogicError:  # a scope level that is not a number
            return []
        return [_dotted(keys)] if up >= depth else []
    if op not in ("missing", "missing_some") or depth:
        return []
    if op == "missing_some":
        args = args[1] if isinstance(args, list) and len(args) == 2 else []
    paths = args if isinstance(args, list) else [args]
    if paths and isinstance(paths[0], list):
        paths = paths[0]
    return [
        _dotted(dotted_keys(path))
        for path in paths
        if isinstance(path, (str, int)) and not isinstance(path, bool)
    ]


def _dotted(keys: tuple[Key, ...]) -> str:
    return ".".join(key for key, _ in keys)
