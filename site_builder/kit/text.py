"""Files as text: UTF-8, with or without a byte order mark (as spreadsheets and Windows
editors save it); a byte that is not UTF-8 is located by line and column. Kit files and
participants' answer files are both read through here."""

from __future__ import annotations

from pathlib import Path

from site_builder.diagnostics import Diagnostic, Location


class NotTextError(Exception):
    """The file is not UTF-8 text; `diagnostic` says where."""

    def __init__(self, diagnostic: Diagnostic) -> None:
        self.diagnostic = diagnostic
        super().__init__(str(diagnostic))


def read_text_file(path: Path, shown: str | None = None) -> str:
    """The file's text; raises NotTextError, or OSError when it cannot be read. `shown` is
    the path messages name (default: `path` as given)."""
    data = path.read_bytes()
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError as error:
        line = data[: error.start].count(b"\n") + 1
        col = error.start - (data.rfind(b"\n", 0, error.start) + 1) + 1
        where = Location(str(path) if shown is None else shown, line, col)
        raise NotTextError(Diagnostic(
            where, "this file is not UTF-8 text; save it with UTF-8 encoding")) from None
