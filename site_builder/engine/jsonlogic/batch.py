"""Evaluating a condition over a batch of data at once, once per distinct combination of
the values it reads.

Checklist answers take a few values per question, and most conditions read one to three
of them, so across a batch of answer sets a condition meets far fewer distinct inputs
than there are answer sets. A `BatchTest` runs the condition's compiled closure once per
distinct combination of the values it reads, on a dict with those values under the same
keys, so each result is the one that evaluating row by row gives, by construction.

A result over a batch is two bit masks (bit i for row i): the rows where the condition
holds (its value is truthy) and the rows where it fails with a JsonLogicError. Where a
condition reads too many values to group, an `and`, `or`, `!` or `!!` combines the
masks of its parts, following the same short-circuits (a part that fails makes the whole
fail only where it is reached); anything else is evaluated row by row. The same
sub-condition in several rules is evaluated once per batch.

Grouped are only rules that read the data through `{"var": "key"}` with a literal,
undotted key and use only PURE operators, and values that no operator tells apart.
"""

from __future__ import annotations

import itertools
import json
import math
import operator
from array import array
from collections.abc import Callable, Iterable, Mapping, Sequence
from typing import Final

from site_builder.engine.jsonlogic.analysis import iter_operators
from site_builder.engine.jsonlogic.jsmath import SMALL
from site_builder.engine.jsonlogic.ops import (
    NUMS,
    JsonLogicError,
    JsonValue,
    Number,
    truthy,
)

# Operators whose result depends only on their arguments' values: no iteration, no
# scopes, no reads of the whole data (`missing`), no errors caught (`try`).
PURE: Final = frozenset((
    "==", "!=", "===", "!==", "<", "<=", ">", ">=", "+", "-", "*", "/", "%", "min", "max",
    "if", "?:", "and", "or", "!", "!!", "??", "in", "cat", "substr", "var",
))
COMBINED: Final = frozenset(("and", "or", "!", "!!"))
_NUMBERS: Final = frozenset((int, float, bool))
_EXACT: Final = frozenset((str, type(None))) | _NUMBERS
_NEGATIVE_ZERO: Final = array("d", [-0.0]).tobytes()
# For each code j, a translation table mapping j to "1" and every other byte to "0".
_ZERO_ONE: Final = tuple(b"0" * j + b"1" + b"0" * (255 - j) for j in range(256))

Groups = list[tuple[JsonValue, int]]  # (a value standing for its group, mask of its rows)
Result = tuple[int, int]  # the masks of the rows where it holds, where it fails
Test = Callable[[JsonValue], JsonValue]
"""A compiled condition (or value): data -> its value."""
Compile = Callable[[JsonValue], Test]


def plain_reads(logic: JsonValue) -> tuple[str, ...] | None:
    """The keys `logic` reads from the top of the data, where it reads it only by
    `{"var": "key"}` (or `["key", default]`) and uses only PURE operators; else None."""
    keys: dict[str, None] = {}
    for op, args, _ in iter_operators(logic):
        if op not in PURE:
            return None
        if op != "var":
            continue
        path = args[0] if isinstance(args, list) and 1 <= len(args) <= 2 else args
        if not (isinstance(path, str) and path and "." not in path):
            return None
        keys[path] = None
    return tuple(keys)


def mask_of(flags: bytes | bytearray) -> int:
    """The mask whose bit i is set where flags[i] is b"1" (C-level: reverse, parse)."""
    return int(flags[::-1], 2) if flags else 0


class Batch:
    """A batch of rows (answer sets with their scores), kept by column: each key's
    values, grouped by value on demand. Rows as dicts are made only for a test that
    cannot be grouped; `done` holds the results of the tests run so far."""

    def __init__(self, answer_sets: Sequence[Mapping[str, JsonValue]], keys: Iterable[str]) -> None:
        self.size = len(answer_sets)
        self.everyone = (1 << self.size) - 1
        keys = tuple(keys)
        # One C-level map per answer set, then one transposition, beats a pass per key.
        rows = [tuple(map(answers.get, keys)) for answers in answer_sets]
        columns = zip(*rows, strict=True) if rows else ([] for _ in keys)
        self.values: dict[str, Sequence[JsonValue]] = {
            key: list(column) for key, column in zip(keys, columns, strict=True)}
        self.groups: dict[str, Groups | None] = {}
        self.done: dict[str, Result] = {}
        self._rows: list[dict[str, JsonValue]] | None = None

    @classmethod
    def of_columns(cls, columns: Mapping[str, Sequence[JsonValue]], keys: Iterable[str],
                   size: int) -> Batch:
        """The batch of `size` answer sets given column by column: the same batch as the
        answer sets whose value under key k is columns[k][i] (None without a column), made
        without a dict per answer set."""
        batch = cls([], ())
        batch.size = size
        batch.everyone = (1 << size) - 1
        batch.values = {key: list(columns[key]) if key in columns else [None] * size
                        for key in keys}
        return batch

    def add(self, key: str, values: Sequence[JsonValue]) -> None:
        """A column computed from the others (a score), which later tests read."""
        self.values[key] = values
        self.groups.pop(key, None)
        if self._rows is not None:
            for row, value in zip(self._rows, values, strict=True):
                row[key] = value

    def rows(self) -> list[dict[str, JsonValue]]:
        """Each row as the dict `evaluate` gives the rules: every key, in order."""
        if self._rows is None:
            keys = list(self.values)
            self._rows = [dict(zip(keys, row, strict=True))
                          for row in zip(*self.values.values(), strict=True)]
            if not keys:
                self._rows = [{} for _ in range(self.size)]
        return self._rows

    def grouped(self, key: str) -> Groups | None:
        """The rows grouped by their value under `key`; None where there are over 255
        groups, a value (a list, an object) cannot stand for others, or no row has the
        key (`{"var": [key, default]}` then gives the default, which a group would not)."""
        if key not in self.groups:
            self.groups[key] = group_values(self.values[key]) if key in self.values else None
        return self.groups[key]


def group_values(values: Sequence[JsonValue]) -> Groups | None:
    """Each distinct value with the mask of the rows that have it (see Batch.grouped)."""
    kinds = set(map(type, values))
    if not kinds <= _EXACT or _mixed(kinds, values) or _negative_zero(kinds, values):
        return None  # True == 1 == 1.0 and 0.0 == -0.0, which operators tell apart
    codes = {value: code for code, value in enumerate(dict.fromkeys(values))}
    if len(codes) > 255:
        return None
    coded = bytes(map(codes.__getitem__, values))
    return [(value, mask_of(coded.translate(_ZERO_ONE[code]))) for value, code in codes.items()]


def _mixed(kinds: set[type], values: Sequence[JsonValue]) -> bool:
    """Whether values of different number types may be equal (True == 1 == 1.0). Ints
    beside floats that are not whole (a number question's answers: 2 and 2.5) are not."""
    numbers = kinds & _NUMBERS
    if len(numbers) < 2:
        return False
    return numbers != {int, float} or any(v.is_integer() for v in values
                                          if v.__class__ is float)


def _negative_zero(kinds: set[type], values: Sequence[JsonValue]) -> bool:
    if float not in kinds:
        return False
    if kinds == {float}:  # the doubles' bytes, searched at C speed (a score's column)
        # all floats, as `kinds` says
        raw = array("d", values).tobytes()  # type: ignore[type-var]
        found = raw.find(_NEGATIVE_ZERO)
        while found >= 0 and found % 8:
            found = raw.find(_NEGATIVE_ZERO, found + 1)
        return found >= 0
    return any(v == 0 and math.copysign(1.0, v) < 0 for v in values if v.__class__ is float)


class BatchTest:
    """A condition (or a part of one) over a batch of rows: see the module's docstring."""

    def __init__(self, logic: JsonValue, compile_: Compile) -> None:
        self.text = json.dumps(logic, sort_keys=True)
        self.keys = plain_reads(logic)
        self.test = compile_(logic)
        self.op: str | None = None
        self.parts: list[BatchTest] = []
        if isinstance(logic, dict) and len(logic) == 1:
            ((op, args),) = logic.items()
            single = op not in ("!", "!!") or (isinstance(args, list) and len(args) == 1)
            if op in COMBINED and isinstance(args, list) and args and single:
                self.op = op
                self.parts = [BatchTest(arg, compile_) for arg in args]

    def run(self, batch: Batch) -> Result:
        """Masks over the batch's rows."""
        found = batch.done.get(self.text)
        if found is None:
            groups = self._groups(batch)
            if groups is not None and self.op is not None and math.prod(map(len, groups)) > 8:
                groups = None  # its parts, each reading fewer values, cost less
            if groups is not None:
                found = self._grouped(groups, batch.everyone)
            elif self.op is not None:
                found = self._combined(batch)
            else:
                found = self._one_by_one(batch.rows())
            batch.done[self.text] = found
        return found

    def _groups(self, batch: Batch) -> list[Groups] | None:
        """Each read key's groups; None where a value cannot be grouped or where there are
        more combinations than a quarter of the rows (row by row is then cheaper)."""
        if self.keys is None:
            return None
        found = []
        combinations = 1
        for key in self.keys:
            groups = batch.grouped(key)
            if groups is None:
                return None
            combinations *= len(groups)
            if combinations * 4 > batch.size:
                return None
            found.append(groups)
        return found

    def _grouped(self, groups: list[Groups], everyone: int) -> Result:
        keys, test = self.keys or (), self.test
        holds = fails = 0
        if len(keys) == 1:  # the common case, without the product's tuples
            (key,) = keys
            for value, rows in groups[0]:
                try:
                    if truthy(test({key: value})):
                        holds |= rows
                except JsonLogicError:
                    fails |= rows
            return holds, fails
        for combination in itertools.product(*groups):
            rows = everyone
            for _, mask in combination:
                rows &= mask
            if not rows:
                continue
            try:
                data = {k: value for k, (value, _) in zip(keys, combination, strict=True)}
                if truthy(test(data)):
                    holds |= rows
            except JsonLogicError:
                fails |= rows
        return holds, fails

    def _combined(self, batch: Batch) -> Result:
        """`and`, `or`, `!`, `!!` from their parts' masks, as their short-circuits go:
        `reach` holds the rows that get as far as the next part."""
        everyone = batch.everyone
        if self.op in ("!", "!!"):
            holds, fails = self.parts[0].run(batch)
            return (everyone & ~holds & ~fails if self.op == "!" else holds), fails
        reach, holds, fails = everyone, 0, 0
        for part in self.parts:
            part_holds, part_fails = part.run(batch)
            fails |= reach & part_fails
            if self.op == "and":
                reach &= part_holds
            else:
                holds |= reach & part_holds
                reach &= ~part_holds & ~part_fails
            if not reach:
                break
        return (reach if self.op == "and" else holds), fails

    def _one_by_one(self, rows: list[dict[str, JsonValue]]) -> Result:
        test = self.test
        holds = bytearray(b"0" * len(rows))
        fails = bytearray(b"0" * len(rows))
        for i, row in enumerate(rows):
            try:
                if truthy(test(row)):
                    holds[i] = 49  # "1"
            except JsonLogicError:
                fails[i] = 49
        return mask_of(holds), mask_of(fails)


class BatchSum:
    """A value over a batch of rows, one per row, as evaluating it row by row gives.

    The shape of a score, `{"+": [term, ...]}` with three or more terms each reading
    one key, is summed column by column: each term evaluated once per distinct value of
    its key, the sums by C-level `map`. That is `jsmath.add` exactly where every
    term gives an int or a float and no partial sum can leave ±SMALL (its fast path:
    plain Python addition from 0, left to right); anything else goes row by row."""

    def __init__(self, logic: JsonValue, compile_: Compile) -> None:
        self.test = compile_(logic)
        self.terms: list[tuple[str, Test]] | None = None
        args = logic.get("+") if isinstance(logic, dict) and len(logic) == 1 else None
        if isinstance(args, list) and len(args) >= 3:
            reads = [plain_reads(arg) for arg in args]
            if all(keys is not None and len(keys) == 1 for keys in reads):
                self.terms = [(keys[0], compile_(arg))
                              for keys, arg in zip(reads, args, strict=True) if keys]

    def numbers(self, batch: Batch) -> list[float]:
        """Each row's value as a score's number (`number_of`)."""
        found = self._summed(batch) if self.terms is not None else None
        if found is not None:
            return list(map(float, found))  # only ints and floats: number_of is float()
        test = self.test
        return [number_of(test(row)) for row in batch.rows()]

    def _summed(self, batch: Batch) -> list[Number] | None:
        total: list[Number] = [0] * batch.size
        bound = 0.0
        for key, term in self.terms or ():
            groups = batch.grouped(key)
            if groups is None:
                return None
            if any(value != value for value, _ in groups):  # NaN: a key found by identity
                return None
            try:
                table = {value: term({key: value}) for value, _ in groups}
            except JsonLogicError:
                return None
            if not all(v.__class__ in NUMS for v in table.values()):
                return None
            # every value is an int or a float, as checked above
            bound += max(map(abs, table.values()), default=0)  # type: ignore[arg-type]
            if not bound <= SMALL:  # also where a term is infinite or NaN
                return None
            total = list(map(operator.add, total, map(table.__getitem__, batch.values[key])))
        return total


def number_of(value: JsonValue) -> float:
    """A score's value: a number, else 0 (true and false are not numbers here)."""
    if isinstance(value, bool) or not isinstance(value, (int, float)):
        return 0.0
    return float(value)
