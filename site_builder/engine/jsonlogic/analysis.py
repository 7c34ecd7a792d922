"""Static analysis of JSON Logic rules: what a rule uses, without running it.

`iter_operators` walks a rule's operator nodes with their scope depth; `variable_paths`
lists the literal paths into the data that a rule reads, and `needs_scope` tells the
compiler whether an iteration's body can climb scopes. (`unknown_operators` is in
`site_builder.engine.jsonlogic`, beside the operator table it checks against.)
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Final

from site_builder.engine.jsonlogic.compile import is_data
from site_builder.engine.jsonlogic.data import Key, dotted_keys, scope_path, val_spec
from site_builder.engine.jsonlogic.ops import JsonLogicError, JsonValue

ITERATORS: Final = frozenset(("map", "filter", "reduce", "all", "some", "none"))


def variable_paths(logic: JsonValue) -> list[str]:
    """The literal paths into the data that `logic` reads, in order, without duplicates.

    `var` paths come in their dotted form ("a.b"; "" for the whole data), `val` and
    `exists` paths joined with "."; the literal paths named by `missing` and
    `missing_some` are included too. Computed paths are skipped (the rules that compute
    them are searched). Paths are those into the data given to the rule: inside the body
    of an iteration or a `try` fallback, plain paths read the item or the error and are
    left out, while a `val` that climbs (`[[n], ...]`) back to the top is kept.
    """
    nodes = iter_operators(logic)
    return list(dict.fromkeys(path for node in nodes for path in read_paths(*node)))


def iter_operators(logic: JsonValue, depth: int = 0) -> Iterator[tuple[str, JsonValue, int]]:
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


def climbs(args: JsonValue) -> bool:
    """Whether a `val` with these arguments may climb scopes (`[[n], ...]` or computed)."""
    return not is_data(args) or bool(args and isinstance(args, list) and isinstance(args[0], list))


def needs_scope(logic: JsonValue) -> bool:
    """Whether any `val` or `exists` in `logic` may climb scopes."""
    return any(op in ("val", "exists") and climbs(args) for op, args, _ in iter_operators(logic))


def read_paths(op: JsonValue, args: JsonValue, depth: int) -> list[str]:
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
