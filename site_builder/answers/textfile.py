"""Answer and response files as text: UTF-8, with or without a byte order mark (as
spreadsheets and Windows editors save it), each problem located."""

from __future__ import annotations

from pathlib import Path

from site_builder.diagnostics import Diagnostic, Location


class TextFileError(Exception):
    """The file cannot be read as text; `diagnostic` says where and why."""

    def __init__(self, diagnostic: Diagnostic) -> None:
        self.diagnostic = diagnostic
        super().__init__(str(diagnostic))


def read_text_file(path: Path) -> str:
    """The file's text; raises TextFileError (a problem of the file) or OSError."""
    shown = str(path)
    data = path.read_bytes()
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError as error:
        line = data[: error.start].count(b"\n") + 1
        col = error.start - (data.rfind(b"\n", 0, error.start) + 1) + 1
        raise TextFileError(Diagnostic(
            Location(shown, line, col),
            "this file is not UTF-8 text; save it with UTF-8 encoding")) from None
