"""Report file names: a slug of the participant's name, safe on every system, or their row.

A slug is lower-case ASCII letters, digits and hyphens only, so it can never be a path
(`../x` -> `x`), hide a file (`.x`) or carry an extension a device name hides behind
(`nul.txt` -> `nul-txt`). Accents are transliterated (`Chloé` -> `chloe`), what has no
Latin spelling (emoji, most scripts) is dropped, and a name that leaves nothing falls back
to the row. Names are compared ignoring case, since Windows and macOS do.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable, Sequence

MAX_STEM = 60
# Windows refuses these as a file's name, whatever follows a dot.
RESERVED = frozenset({"con", "prn", "aux", "nul", "conin$", "conout$",
                      *(f"com{i}" for i in range(10)), *(f"lpt{i}" for i in range(10))})
# Letters NFKD does not split into a base letter and an accent.
_LATIN = str.maketrans({"ß": "ss", "æ": "ae", "Æ": "AE", "œ": "oe", "Œ": "OE", "ø": "o",
                        "Ø": "O", "ł": "l", "Ł": "L", "đ": "d", "Đ": "D", "ð": "d", "Ð": "D",
                        "þ": "th", "Þ": "Th", "\u0131": "i"})  # dotless i
_NOT_SLUG = re.compile(r"[^a-z0-9]+")


def slug(text: str, limit: int = MAX_STEM) -> str:
    """`text` as `[a-z0-9-]`, at most `limit` long, cut at a hyphen where one is near;
    "" when nothing is left. A Windows device name gets a suffix (`con` -> `con-name`)."""
    decomposed = unicodedata.normalize("NFKD", text.translate(_LATIN))
    ascii_text = decomposed.encode("ascii", "ignore").decode("ascii").lower()
    stem = _NOT_SLUG.sub("-", ascii_text).strip("-")
    if len(stem) > limit:
        cut = stem[:limit + 1].rfind("-")
        stem = stem[:cut if cut > limit // 2 else limit].rstrip("-")
    if stem in RESERVED:
        stem = f"{stem}-name"
    return stem


class ReportNames:
    """A distinct `.pdf` name for each participant, one at a time, as a stream is read: the
    slug of the name, or else of the fallback (a row such as `network-30-row-4`); a repeat
    gets `-2`, `-3`... It holds the names given so far, and nothing else."""

    def __init__(self, reserved: Sequence[str] = ()) -> None:
        self.taken = {r.lower() for r in reserved}
        self.count = 0
        self.repeats: dict[str, int] = {}  # a stem -> the last count tried for it

    def name(self, name: str | None, fallback: str) -> str:
        self.count += 1
        stem = slug(name or "") or slug(fallback) or f"participant-{self.count}"
        count = self.repeats.get(stem, 1)
        name_pdf = f"{stem}.pdf" if count == 1 else f"{stem}-{count}.pdf"
        while name_pdf.lower() in self.taken:
            count += 1
            name_pdf = f"{stem}-{count}.pdf"
        self.taken.add(name_pdf)
        self.repeats[stem] = count
        return name_pdf


def report_file_names(people: Iterable[tuple[str | None, str]],
                      reserved: Sequence[str] = ()) -> list[str]:
    """A distinct `.pdf` name for each (name, fallback) pair, in order (see `ReportNames`)."""
    names = ReportNames(reserved)
    return [names.name(name, fallback) for name, fallback in people]
