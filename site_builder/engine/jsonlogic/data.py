"""Data access for the JSON Logic evaluator: paths into the data, scopes, and the
operators that read the data (`var`, `val`, `exists`, `missing`, `missing_some`).

A path is a tuple of Keys; `resolve` walks it and gives MISSING where a step does not
exist. Inside an iteration or a `try` fallback, `scope` is the linked pair
`(meta, (outer data, outer scope))` that `{"val": [[n], ...]}` climbs.
"""

from __future__ import annotations

import enum
import re
from typing import Final, Protocol, TypeAlias

from site_builder.engine.jsonlogic.compile import (
    Fn,
    Scope,
    compile_node,
    is_data,
    raiser,
    spread,
)
from site_builder.engine.jsonlogic.ops import (
    INVALID,
    MAX_EXACT,
    MIN_EXACT,
    JsonLogicError,
    JsonValue,
    fail,
    js_number,
    js_str,
    js_trunc,
    to_number,
)

_INDEX_RE: Final = re.compile(r"0|[1-9][0-9]*", re.ASCII)

# --- data paths ----------------------------------------------------------------------

Key = tuple[str, int | None]


class Missing(enum.Enum):
    """Where a path leads nowhere: unlike null, which the data may hold."""

    MISSING = enum.auto()  # an enum's one member, so that `is MISSING` narrows a type


MISSING: Final = Missing.MISSING
Found: TypeAlias = "JsonValue | Missing"


class Getter(Protocol):
    """The value at a path (MISSING where absent): compiled like a Node."""

    def __call__(self, data: JsonValue, scope: Scope = None, /) -> Found: ...


def make_key(part: JsonValue) -> Key:
    """A path step: the key for an object and, where it is one, the index for a list.

    A number is named as JS prints it (1e22 is "1e+22"). An index beyond MAX_EXACT is
    left out (None): no list is that long."""
    if isinstance(part, int) and not isinstance(part, bool):
        if MIN_EXACT <= part <= MAX_EXACT:
            return str(part), part if part >= 0 else None
        part = js_number(part)
    if isinstance(part, float) and part.is_integer() and MIN_EXACT <= part <= MAX_EXACT:
        return make_key(int(part))
    text = js_str(part)
    return text, int(text) if len(text) < 16 and _INDEX_RE.fullmatch(text) else None


def dotted_keys(path: JsonValue) -> tuple[Key, ...]:
    """`var`'s path: a dotted string (or a number); "" and null mean the data itself."""
    if path is None or path == "" or path == []:
        return ()
    if isinstance(path, (int, float)) and not isinstance(path, bool):
        return (make_key(path),)
    return tuple(make_key(part) for part in js_str(path).split("."))


def resolve(data: Found, keys: tuple[Key, ...]) -> Found:
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


def scope_path(spec: list[JsonValue]) -> tuple[int, tuple[Key, ...]]:
    """`val`'s path: a leading `[n]` climbs n scopes up, the rest are keys."""
    if spec and isinstance(spec[0], list):
        levels = spec[0]
        up = abs(js_trunc(to_number(levels[0]))) if levels else 0
        return up, tuple(make_key(part) for part in spec[1:])
    return 0, tuple(make_key(part) for part in spec)


def climb(data: JsonValue, scope: Scope, levels: int) -> JsonValue:
    """The data `levels` scopes up; iteration scopes are linked (value, outer scope) pairs."""
    for _ in range(levels):
        if scope is None:
            break
        data, scope = scope
    return data


def missing_keys(data: JsonValue, paths: list[JsonValue]) -> list[JsonValue]:
    """`missing`: the paths whose value is absent, null or ""."""
    if paths and isinstance(paths[0], list):
        paths = paths[0]
    absent: list[JsonValue] = []
    for path in paths:
        value = resolve(data, dotted_keys(path))
        if value is MISSING or value is None or value == "":
            absent.append(path)
    return absent


def missing_some(data: JsonValue, values: list[JsonValue]) -> list[JsonValue]:
    if len(values) < 2 or not isinstance(values[1], list):
        raise fail(INVALID, "`missing_some` takes [count, [paths]]")
    need = to_number(values[0])
    absent = missing_keys(data, values[1])
    return [] if len(values[1]) - len(absent) >= need else absent


def val_spec(args: JsonValue) -> list[JsonValue]:
    """`val`'s argument as a list: a key alone stands for [key], null for []."""
    return args if isinstance(args, list) else [] if args is None else [args]


def plain_key(logic: JsonValue) -> str | None:
    """The key k of `{"var": "k"}` or `{"val": "k"}` (one key, no default, no scope), or
    "" for the data itself (`{"var": ""}`, `{"val": []}`); None for anything else."""
    if not isinstance(logic, dict) or len(logic) != 1:
        return None
    ((op, args),) = logic.items()
    if op == "var" and isinstance(args, list) and len(args) == 1:
        args = args[0]
    if op == "var" and (args is None or args == [] or (isinstance(args, str) and "." not in args)):
        return args if isinstance(args, str) else ""  # null, [] and "": the data itself
    if op == "val" and args == []:
        return ""
    return args if op == "val" and isinstance(args, str) and args else None


# --- the operators that read the data ------------------------------------------------


def build_var(args: JsonValue) -> Fn:
    """`var`: a dotted path (or index), with an optional default for a missing value."""
    path, default = args, None
    if isinstance(args, list):
        path = args[0] if args else None
        default = args[1] if len(args) > 1 else None
    fallback = compile_node(default)
    if not is_data(path):
        dynamic = compile_node(path)

        def run(data: JsonValue, scope: Scope = None) -> JsonValue:
            found = resolve(data, dotted_keys(dynamic(data, scope)))
            return fallback(data, scope) if found is MISSING else found

        return run
    keys = dotted_keys(path)
    if not keys:
        return lambda data, scope=None: data
    if len(keys) == 1 and default is None:
        return _lookup1(keys[0][0], keys)

    def run_static(data: JsonValue, scope: Scope = None) -> JsonValue:
        found = resolve(data, keys)
        return fallback(data, scope) if found is MISSING else found

    return run_static


def _lookup1(key: str, keys: tuple[tuple[str, int | None], ...]) -> Fn:
    """One key, no default: a plain dict lookup in the common case."""

    def run(data: JsonValue, scope: Scope = None) -> JsonValue:
        if data.__class__ is dict:
            return data.get(key)
        found = resolve(data, keys)
        return None if found is MISSING else found

    return run


def _path_getter(args: JsonValue) -> Getter:
    """The value (MISSING where absent) at a `val` / `exists` path: a key, a list of keys,
    or a list starting with `[n]` to climb n scopes first."""
    if not is_data(args):
        spec = spread(args)

        def dynamic(data: JsonValue, scope: Scope = None) -> Found:
            up, keys = scope_path(spec(data, scope))
            return resolve(climb(data, scope, up), keys)

        return dynamic
    try:
        up, keys = scope_path(val_spec(args))
    except JsonLogicError as error:  # a scope level that is not a number: fails when run
        return raiser(error.type, str(error))
    if up:
        return lambda data, scope=None: resolve(climb(data, scope, up), keys)
    return lambda data, scope=None: resolve(data, keys)


def build_val(args: JsonValue) -> Fn:
    if isinstance(args, str):
        return _lookup1(args, (make_key(args),))
    getter = _path_getter(args)

    def run(data: JsonValue, scope: Scope = None) -> JsonValue:
        found = getter(data, scope)
        return None if found is MISSING else found

    return run


def build_exists(args: JsonValue) -> Fn:
    getter = _path_getter(args)
    return lambda data, scope=None: getter(data, scope) is not MISSING
