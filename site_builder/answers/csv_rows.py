"""A form export's records, read as a stream, one physical line at a time.

The encoding is found first, without holding the file: a UTF-16 byte order mark (Microsoft
Forms, Excel's "Unicode text"), else UTF-8 (with or without its mark), else Windows-1252
(Excel's "CSV" on Windows) when every byte decodes, with a warning. Then each record comes
with the line it starts on. A record that cannot be trusted costs only its own row: a quote
that opens a cell and closes only after lines that are rows of their own (or never), text
after a closing quote, a NUL. Reading starts again on the line after the bad row's first.
"""

from __future__ import annotations

import codecs
import csv
from collections import deque
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import TextIO

from site_builder.diagnostics import Diagnostic, Location
from site_builder.kit.text import NotTextError

CHUNK = 1024 * 1024
DELIMITERS = (",", ";", "\t")
UNCLOSED = ('a quote (") opens a cell on this row and is not closed before the next rows, '
            "so they would be read into it; this row is skipped: close the quote or remove it")
AFTER_QUOTE = ('text follows the closing quote (") of a cell on this row; this row is '
               'skipped: quote the whole cell, with any quote inside it doubled ("")')
WINDOWS_1252 = ("this file is not UTF-8; it was read as Windows-1252 (as Excel saves it), "
                "so check the names in the reports, or save it with UTF-8 encoding")
NOT_TEXT = ("this file is neither UTF-8, UTF-16 nor Windows-1252 text; "
            "save it with UTF-8 encoding")


@dataclass(frozen=True)
class BadRecord:
    """A record that is not read: the line it starts on, its first line's cells (for the
    person's name) and why."""

    line: int
    cells: list[str]
    message: str


def find_encoding(path: Path, shown: str) -> tuple[str, Diagnostic | None]:
    """The codec to read `path` with and, for Windows-1252, the warning to give. Raises
    NotTextError (located at the first byte that is not UTF-8) or OSError."""
    with path.open("rb") as file:
        head = file.read(4)
    if head.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        return "utf-16", None
    if _decodes(path, "utf-8"):
        return "utf-8-sig", None
    if _decodes(path, "cp1252"):
        return "cp1252", Diagnostic(Location(shown), WINDOWS_1252, "warning")
    data = path.read_bytes()  # only to locate the problem; the file is at most 20 MB
    try:
        data.decode("utf-8-sig")
        start = len(data)
    except UnicodeDecodeError as error:
        start = error.start
    line = data[:start].count(b"\n") + 1
    col = start - (data.rfind(b"\n", 0, start) + 1) + 1
    raise NotTextError(Diagnostic(Location(shown, line, col), NOT_TEXT))


def _decodes(path: Path, encoding: str) -> bool:
    decoder = codecs.getincrementaldecoder(encoding)()
    try:
        with path.open("rb") as file:
            while chunk := file.read(CHUNK):
                decoder.decode(chunk)
        decoder.decode(b"", final=True)
    except UnicodeDecodeError:
        return False
    return True


def sniff_delimiter(header: str) -> str:
    """The delimiter that splits the header line into the most columns; comma on a tie."""
    def columns(delimiter: str) -> int:
        return max((len(row) for row in csv.reader([header], delimiter=delimiter)), default=0)

    return max(DELIMITERS, key=lambda d: (columns(d), -DELIMITERS.index(d)))


def split_line(line: str, delimiter: str) -> list[str]:
    """One physical line's cells, leniently (a quote left open keeps the rest as one cell)."""
    try:
        return next(csv.reader([line], delimiter=delimiter), [])
    except csv.Error:
        return []


class _Swallowed(Exception):
    """A line inside a quoted cell reads as a row of its own."""


class _Lines:
    """The physical lines of a stream, numbered from 1, with lines that can be put back.
    `taken` holds those of the record being read; `is_row` says whether a line that would
    continue a quoted cell is a row of its own."""

    def __init__(self, stream: TextIO) -> None:
        self.stream = stream
        self.number = 0
        self.back: deque[tuple[int, str]] = deque()
        self.taken: list[tuple[int, str]] = []
        self.is_row: Callable[[str], bool] = lambda line: False

    def __iter__(self) -> _Lines:
        return self

    def __next__(self) -> str:
        if self.back:
            number, line = self.back.popleft()
        else:
            line = self.stream.readline()
            if not line:
                raise StopIteration
            self.number += 1
            number = self.number
        if self.taken and self.is_row(line):
            self.back.appendleft((number, line))
            raise _Swallowed
        self.taken.append((number, line))
        return line

    def restart_after_first(self) -> None:
        """Read again from the line after the current record's first."""
        self.back.extendleft(reversed(self.taken[1:]))


class RecordReader:
    """`for record in RecordReader(...)`: (line, cells) or BadRecord; `is_row` may be set
    after the header, to tell a quote left open from a cell over several lines."""

    def __init__(self, stream: TextIO, delimiter: str, field_limit: int) -> None:
        self.lines = _Lines(stream)
        self.delimiter = delimiter
        self.field_limit = field_limit

    def set_row_check(self, is_row: Callable[[list[str]], bool]) -> None:
        self.lines.is_row = lambda line: is_row(split_line(line, self.delimiter))

    def __iter__(self) -> Iterator[tuple[int, list[str]] | BadRecord]:
        previous = csv.field_size_limit(self.field_limit)
        try:
            yield from self._records()
        finally:
            csv.field_size_limit(previous)

    def _records(self) -> Iterator[tuple[int, list[str]] | BadRecord]:
        lines = self.lines
        reader = csv.reader(lines, delimiter=self.delimiter, strict=True)
        while True:
            lines.taken = []
            try:
                cells = next(reader, None)
            except (csv.Error, _Swallowed) as error:
                if not lines.taken:  # cannot happen: a record has a first line
                    return
                line, first = lines.taken[0]
                message = UNCLOSED if (len(lines.taken) > 1 or isinstance(error, _Swallowed)
                                       or "end of data" in str(error)) else (
                    AFTER_QUOTE if "expected after" in str(error)
                    else f"CSV error: {error}; this row is skipped")
                yield BadRecord(line, split_line(first, self.delimiter), message)
                lines.restart_after_first()
                reader = csv.reader(lines, delimiter=self.delimiter, strict=True)
                continue
            if cells is None:
                return
            yield lines.taken[0][0], cells
