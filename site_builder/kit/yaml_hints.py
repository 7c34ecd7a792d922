"""Plain words for the two YAML mistakes hand editing makes most, which PyYAML reports in
its own terms and often a line late: a key indented differently from the keys above it,
and a key without its colon.

PyYAML sees `title My kit` followed by `language: en` as one value running over two lines
("title My kit language"), and stops at the second line's colon; and it sees a key
indented between two levels as a new mapping where none may start. Both are recognised
here from the error and the text, and located on the line to fix.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

# A line that starts a mapping entry: indentation, list dashes, the key (plain or quoted),
# then a colon that ends the line or is followed by a space.
_KEY = re.compile(r"""^(?P<lead>\s*(?:-\s+)*)(?P<key>"[^"]*"|'[^']*'|[^\s#'"{\[\-][^:#]*?)"""
                  r""":(?:\s|$)""")
# A line without a colon: its first word, the key that lacks one, and the rest.
_BARE = re.compile(r"^(?P<lead>\s*(?:-\s+)*)(?P<key>[^\s#'\"{\[\-:][^\s:#]*)(?P<rest>.*)$")
_BLOCK_SCALAR = re.compile(r":\s+[|>][-+0-9]*\s*(?:#.*)?$")


@dataclass(frozen=True)
class Hint:
    """Where the mistake is (0-based, as PyYAML marks) and what to do about it."""

    line: int
    col: int
    message: str


@dataclass(frozen=True)
class _Level:
    col: int  # 0-based column of the key
    key: str
    line: int  # 0-based


def diagnose(text: str, problem: str, line: int, col: int,
             context_line: int | None) -> Hint | None:
    """A hint for PyYAML's `problem` at `line`:`col`, or None when it is not one of these
    mistakes. `context_line` is where the scanner started what it could not finish."""
    lines = text.splitlines()
    if problem.startswith("expected <block end>, but found '<block mapping start>'"):
        return _misindented(lines, line)
    if problem == "mapping values are not allowed here" and line < len(lines):
        if ": " in lines[line][:col] or _KEY.match(lines[line][:col + 1]) is None:
            return None  # a colon inside a value: quotes, the caller's own hint
        above = _previous(lines, line)
        if above is None:
            return None
        if _KEY.match(lines[above]):  # a value on the line above ran on into this key
            return _misindented(lines, line)
        if _continues_a_value(lines, above):
            return None  # a value over several lines, with ': ' in it: quotes
        return _missing_colon(lines, above)
    if problem == "could not find expected ':'" and context_line is not None and \
            context_line < len(lines):
        return _missing_colon(lines, context_line)
    return None


def _previous(lines: list[str], line: int) -> int | None:
    for index in range(line - 1, -1, -1):
        stripped = lines[index].strip()
        if stripped and not stripped.startswith("#"):
            return index
    return None


def _continues_a_value(lines: list[str], line: int) -> bool:
    """Whether `line` is the second (or later) line of a value begun on a key's line."""
    indent = len(lines[line]) - len(lines[line].lstrip(" "))
    while (above := _previous(lines, line)) is not None:
        found = _KEY.match(lines[above])
        if found is not None:
            value = lines[above][found.end():].strip()
            return bool(value) and not value.startswith("#") and \
                len(found.group("lead")) < indent
        if len(lines[above]) - len(lines[above].lstrip(" ")) != indent:
            return False
        line = above
    return False


def _missing_colon(lines: list[str], line: int) -> Hint | None:
    found = _BARE.match(lines[line])
    if found is None or ":" in found.group("rest"):
        return None
    key, rest = found.group("key"), found.group("rest").strip()
    written = f"{key}: {rest}" if rest else f"{key}:"
    return Hint(line, found.end("key"), f"a colon is missing after the key '{key}'; write "
                f"'{written}'")


def _misindented(lines: list[str], line: int) -> Hint | None:
    if line >= len(lines) or (here := _KEY.match(lines[line])) is None:
        return None
    col = len(here.group("lead"))
    levels = _open_levels(lines, line)
    if any(level.col == col for level in levels):
        return None  # lined up with an open level: something else is wrong
    outer = max((lv for lv in levels if lv.col < col), key=lambda lv: lv.col, default=None)
    inner = min((lv for lv in levels if lv.col > col), key=lambda lv: lv.col, default=None)
    choices = [f"'{lv.key}' on line {lv.line + 1} (column {lv.col + 1})"
               for lv in (outer, inner) if lv is not None]
    if not choices:
        return None
    how = "more than" if inner is None else "differently from"
    return Hint(line, col, f"this key is indented {how} the keys above it: line it up with "
                f"{' or with '.join(choices)}")


def _open_levels(lines: list[str], line: int) -> list[_Level]:
    """The keys still open at `line`, outermost first: the last key at each indentation
    on the way down to it. Block scalars' text (after `|` or `>`) is skipped."""
    levels: list[_Level] = []
    block: int | None = None  # lines indented more than this are a block scalar's text
    for index, text in enumerate(lines[:line]):
        stripped = text.strip()
        if not stripped or stripped.startswith("#"):
            continue
        indent = len(text) - len(text.lstrip(" "))
        if block is not None and indent > block:
            continue
        block = None
        found = _KEY.match(text)
        if found is None:
            continue
        col = len(found.group("lead"))
        while levels and levels[-1].col >= col:
            levels.pop()
        levels.append(_Level(col, found.group("key"), index))
        if _BLOCK_SCALAR.search(text):
            block = col
    return levels
