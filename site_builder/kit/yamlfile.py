"""The YAML loader for kit files: positions on every node, strict types, nothing clever.

Kit files are written by people who are not programmers, so the loader follows
YAML 1.2's core schema (`yes`, `no`, `on`, `off` and `09:30` stay strings) and
refuses the features that surprise or endanger: duplicate keys, anchors and
aliases, explicit tags, tab indentation and very deep nesting.

Files are read by libyaml where PyYAML has it (its wheels do), else by PyYAML's Python
parser, which also words the errors. libyaml reads a little valid YAML that the Python
parser refuses: a tab between tokens, a `?` inside a flow value (`{title: Why?}`).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Protocol

import yaml
import yaml.reader
from yaml.composer import Composer
from yaml.events import AliasEvent, CollectionStartEvent, ScalarEvent
from yaml.nodes import MappingNode, Node, ScalarNode, SequenceNode
from yaml.parser import Parser
from yaml.reader import Reader
from yaml.resolver import BaseResolver
from yaml.scanner import Scanner

from site_builder.diagnostics import Diagnostic, Location, shorten
from site_builder.engine.document import LARGEST_NUMBER
from site_builder.kit.yaml_hints import diagnose

try:  # libyaml, shipped in PyYAML's wheels: the same events, read several times faster
    from yaml._yaml import CParser

    LIBYAML = True
except ImportError:  # pragma: no cover (a PyYAML built without it)
    LIBYAML = False

MAX_DEPTH = 24

Plain = None | bool | int | float | str | list["Plain"] | dict[str, "Plain"]


@dataclass(frozen=True)
class YScalar:
    value: bool | int | float | str | None
    loc: Location
    text: str  # the scalar as written, before typing


@dataclass(frozen=True)
class YSeq:
    items: tuple[YNode, ...]
    loc: Location


@dataclass(frozen=True)
class YMap:
    """A mapping with the location of every key; keys are the text as written."""

    entries: dict[str, tuple[Location, YNode]]
    loc: Location

    def keys(self) -> list[str]:
        return list(self.entries)

    def get(self, key: str) -> YNode | None:
        entry = self.entries.get(key)
        return entry[1] if entry else None

    def key_loc(self, key: str) -> Location:
        return self.entries[key][0]


YNode = YScalar | YSeq | YMap


class _Mark(Protocol):
    """A place in the text, as PyYAML and libyaml each mark it (0-based)."""

    @property
    def line(self) -> int: ...

    @property
    def column(self) -> int: ...


class YamlError(Exception):
    def __init__(self, diagnostic: Diagnostic) -> None:
        self.diagnostic = diagnostic
        super().__init__(str(diagnostic))


_Resolver = tuple[str, re.Pattern[str]]  # a tag, and the pattern of the scalars that have it


class _CoreResolver(BaseResolver):
    """YAML 1.2 core schema: only true/false are booleans, no dates, no sexagesimals."""

    # First character -> [(tag, pattern)], a class attribute: PyYAML reads it per class.
    yaml_implicit_resolvers: dict[str | None, list[_Resolver]] = {}  # noqa: RUF012


_CORE_TYPES = [
    ("tag:yaml.org,2002:null", r"^(?:~|null|Null|NULL|)$", "~nN"),
    ("tag:yaml.org,2002:bool", r"^(?:true|True|TRUE|false|False|FALSE)$", "tTfF"),
    ("tag:yaml.org,2002:int", r"^(?:[-+]?[0-9]+|0o[0-7]+|0x[0-9a-fA-F]+)$", "-+0123456789"),
    (
        "tag:yaml.org,2002:float",
        r"^(?:[-+]?(?:\.[0-9]+|[0-9]+(?:\.[0-9]*)?)(?:[eE][-+]?[0-9]+)?"
        r"|[-+]?\.(?:inf|Inf|INF)|\.(?:nan|NaN|NAN))$",
        "-+0123456789.",
    ),
]
for _tag, _pattern, _first in _CORE_TYPES:
    _CoreResolver.add_implicit_resolver(_tag, re.compile(_pattern), list(_first))
_CoreResolver.add_implicit_resolver("tag:yaml.org,2002:null", re.compile(r"^$"), [""])


class _StrictComposer(Composer, _CoreResolver):
    """Nodes from a parser's events, refusing what the module's docstring names."""

    def __init__(self, path: str, first_line: int) -> None:
        Composer.__init__(self)
        _CoreResolver.__init__(self)
        self.kit_path = path
        self.first_line = first_line
        self.depth = 0

    def loc(self, mark: _Mark | None) -> Location:
        if mark is None:  # every node and event has a mark; PyYAML's types allow none
            return Location(self.kit_path)
        return Location(self.kit_path, mark.line + self.first_line, mark.column + 1)

    def compose_node(self, parent: Node | None, index: int) -> Node:
        event = self.peek_event()  # type: ignore[attr-defined]  # the parser's
        if isinstance(event, AliasEvent):
            raise _refuse(self.loc(event.start_mark), "aliases (*name) are not allowed; "
                          "write the value out in full")
        if isinstance(event, (ScalarEvent, CollectionStartEvent)):
            if event.anchor is not None:
                raise _refuse(self.loc(event.start_mark), "anchors (&name) are not allowed; "
                              "write each value out in full")
            if event.tag not in (None, "!"):
                raise _refuse(self.loc(event.start_mark),
                              f"tags such as '{event.tag}' are not allowed; remove it")
        self.depth += 1
        if self.depth > MAX_DEPTH:
            raise _refuse(self.loc(event.start_mark), nesting_message())
        try:
            node: Node | None = super().compose_node(parent, index)
            assert node is not None  # a peeked event always makes a node
            return node
        finally:
            self.depth -= 1


class _StrictLoader(Reader, Scanner, Parser, _StrictComposer):
    """PyYAML's own parser, in Python: its error messages are the ones kit authors see."""

    def __init__(self, text: str, path: str, first_line: int) -> None:
        Reader.__init__(self, text)
        Scanner.__init__(self)
        Parser.__init__(self)
        _StrictComposer.__init__(self, path, first_line)


if LIBYAML:
    class _FastLoader(_StrictComposer, CParser):
        """libyaml's parser under the same composer."""

        def __init__(self, text: str, path: str, first_line: int) -> None:
            CParser.__init__(self, text)
            _StrictComposer.__init__(self, path, first_line)


def nesting_message() -> str:
    """What is said of lists and mappings nested too deep, in YAML and JSON alike."""
    return f"nesting is deeper than {MAX_DEPTH} levels; simplify this part"


def number_message(text: str) -> str | None:
    """What is wrong with a number as written, or None: NaN and infinities are no number a
    rule can compare, and a larger number than LARGEST_NUMBER is no score or threshold."""
    lowered = text.lower().lstrip("+-")
    if lowered in (".nan", "nan", ".inf", "inf", "infinity"):
        return (f"'{text}' is not a number a kit or answer can use (NaN and infinities are "
                "refused); write a number such as 0 or 10, or put text in quotes")
    try:
        if lowered.isdigit():  # too many digits is too large, known before converting
            large = len(lowered) > len(str(LARGEST_NUMBER)) or int(lowered) > LARGEST_NUMBER
        else:
            large = abs(float(text)) > LARGEST_NUMBER  # an overflow is an infinity
    except ValueError:  # not a number: the parser says so in its own words
        return None
    if large:
        return (f"the number {shorten(text)} is too large: numbers must lie between -1e15 and "
                "1e15; if it is text, put it in quotes")
    return None


def _refuse(loc: Location, message: str) -> YamlError:
    return YamlError(Diagnostic(loc, message))


def _check_tabs(text: str, path: str, first_line: int) -> None:
    for number, line in enumerate(text.splitlines()):
        indent = line[: len(line) - len(line.lstrip(" \t"))]
        if "\t" in indent:
            loc = Location(path, number + first_line, indent.index("\t") + 1)
            raise _refuse(loc, "a tab is used for indentation; indent with spaces")


def parse_yaml(text: str, path: str, first_line: int = 1) -> YNode | None:
    """Parse one YAML document; None when it is empty. Raises YamlError, located."""
    _check_tabs(text, path, first_line)
    if LIBYAML:
        try:
            return _fast_parse(text, path, first_line)
        except (yaml.YAMLError, UnicodeError):
            pass  # read again by the Python parser, which words the error better
    try:
        loader = _StrictLoader(text, path, first_line)
    except yaml.reader.ReaderError as error:  # it checks every character first
        raise _unprintable(error, text, path, first_line) from None
    try:
        return _document(loader)
    except yaml.MarkedYAMLError as error:
        raise _syntax_error(error, text, path, first_line) from None
    except yaml.YAMLError as error:
        raise _refuse(Location(path), f"YAML error: {error}") from None
    finally:
        loader.dispose()


def _fast_parse(text: str, path: str, first_line: int) -> YNode | None:
    loader = _FastLoader(text, path, first_line)
    try:
        return _document(loader)
    finally:
        loader.dispose()


def _document(loader: _StrictComposer) -> YNode | None:
    root = loader.get_single_node()
    if root is None:
        return None
    return _convert(root, loader)


def _unprintable(error: yaml.reader.ReaderError, text: str, path: str,
                 first_line: int) -> YamlError:
    at = error.position
    line = text.count("\n", 0, at) + first_line
    col = at - (text.rfind("\n", 0, at) + 1) + 1
    return _refuse(Location(path, line, col), f"this file holds an invisible control "
                   f"character (U+{error.character:04X}), which YAML does not allow; delete "
                   "it, or retype the line")


def _syntax_error(error: yaml.MarkedYAMLError, text: str, path: str,
                  first_line: int) -> YamlError:
    mark = error.problem_mark or error.context_mark
    problem = error.problem or "syntax error"
    if mark is not None:
        started = error.context_mark.line if error.context_mark else None
        found = diagnose(text, problem, mark.line, mark.column, started)
        if found is not None:  # a misplaced key or a missing colon, said plainly
            return _refuse(Location(path, found.line + first_line, found.col + 1),
                           f"YAML syntax error: {found.message}")
    loc = Location(path, mark.line + first_line, mark.column + 1) if mark else Location(path)
    context = f" {error.context}" if error.context else ""
    hint = ""
    if "mapping values are not allowed" in problem:
        hint = "; a value containing ': ' needs quotes"
    elif "expected ',' or '}'" in problem or "expected ',' or ']'" in problem:
        hint = "; inside { } or [ ], a value with ':', '?', ',' or '#' needs quotes"
    elif "could not find expected ':'" in problem:
        hint = "; check the indentation and that each key ends with ':'"
    return _refuse(loc, f"YAML syntax error: {problem}{context}{hint}")


def _convert(node: Node, loader: _StrictComposer) -> YNode:
    loc = loader.loc(node.start_mark)
    if isinstance(node, ScalarNode):
        _check_encodable(node.value, loc)
        return YScalar(_scalar_value(node, loc), loc, node.value)
    if isinstance(node, SequenceNode):
        return YSeq(tuple(_convert(item, loader) for item in node.value), loc)
    assert isinstance(node, MappingNode)
    entries: dict[str, tuple[Location, YNode]] = {}
    for key_node, value_node in node.value:
        key_loc = loader.loc(key_node.start_mark)
        if not isinstance(key_node, ScalarNode):
            raise _refuse(key_loc, "a key must be a plain name, not a list or mapping")
        key = key_node.value
        _check_encodable(key, key_loc)
        if key == "<<":
            raise _refuse(key_loc, "merge keys (<<) are not allowed; write the keys out")
        if key in entries:
            first = entries[key][0]
            raise _refuse(key_loc, f"duplicate key '{key}' (first defined at line {first.line}); "
                          "remove one of them")
        entries[key] = (key_loc, _convert(value_node, loader))
    return YMap(entries, loc)


def _check_encodable(text: str, loc: Location) -> None:
    """A quoted escape such as "\\uD800" makes half of a character pair, which no page or
    PDF can hold (UTF-8 cannot write it)."""
    if not text.isascii():
        try:
            text.encode("utf-8")
        except UnicodeEncodeError as error:
            half = f"\\u{ord(text[error.start]):04X}"
            raise _refuse(loc, f"'{half}' is half of a character pair, which cannot be "
                          "written; remove it, or write the whole character") from None


def _scalar_value(node: ScalarNode, loc: Location) -> bool | int | float | str | None:
    text: str = node.value
    tag = node.tag
    if tag == "tag:yaml.org,2002:null":
        return None
    if tag == "tag:yaml.org,2002:bool":
        return text.lower() == "true"
    if tag in ("tag:yaml.org,2002:int", "tag:yaml.org,2002:float") and not \
            text.startswith(("0o", "0x")):
        problem = number_message(text)
        if problem is not None:
            raise _refuse(loc, problem)
    if tag == "tag:yaml.org,2002:int":
        return int(text, 0) if text.startswith(("0o", "0x")) else int(text)
    if tag == "tag:yaml.org,2002:float":
        lowered = text.lower()
        if lowered.endswith(".nan"):
            return float("nan")
        if lowered.endswith(".inf"):
            return float("-inf") if text.startswith("-") else float("inf")
        return float(text)
    return text


def items_of(node: YNode | None) -> list[YNode]:
    """The items of a list node; nothing for any other node (already reported as wrong)."""
    return list(node.items) if isinstance(node, YSeq) else []


def to_plain(node: YNode | None) -> Plain:
    """The node as ordinary Python values, positions dropped."""
    if node is None:
        return None
    if isinstance(node, YScalar):
        return node.value
    if isinstance(node, YSeq):
        return [to_plain(item) for item in node.items]
    return {key: to_plain(value) for key, (_, value) in node.entries.items()}
