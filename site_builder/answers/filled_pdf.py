"""A worksheet or handout PDF filled in on screen -> the values of its form fields, by name.

The worksheet (render/templates/worksheet.html, written with WeasyPrint's PDF forms)
names its fields so that a choice, number or text question's field is the question id,
and every other field starts with `_` or holds `__` (`_date`, `_step_what`,
`sounding_board__who_1`), which no question id does. A handout's fields (templates/
fill.html) all start with `_`. Both carry the four-part step as the fields STEP_FIELDS
names, which is how a PDF is known to be one of ours. A worksheet made before the step
was added has a name field, `participant_name`, which comes back as `_name`.

WeasyPrint writes a radio group's appearance states as indexes (`/0`, `/1` ...) and the
answer values in the group's `/Opt`; a viewer's tick sets `/V` to an index, which is
read back as the answer value (`not_sure`). A state that is itself a value (`/not_sure`,
as other PDF tools write) is read as that value. This module, which imports pypdf, is
imported only when a filled worksheet is read.
"""

from __future__ import annotations

import logging
import warnings
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, replace
from pathlib import Path

from pypdf import PdfReader
from pypdf.errors import PyPdfError
from pypdf.generic import ArrayObject, DictionaryObject, PdfObject

from site_builder.model import STEP_FIELDS

NAME_FIELD = "participant_name"
NAME_KEY = "_name"
_OFF = ("", "Off")


class FilledPdfError(Exception):
    """The file is not a readable, filled-in worksheet or handout; the message says why."""


@dataclass(frozen=True)
class FilledPdf:
    values: dict[str, str]  # field name -> value; blank fields left out
    names: frozenset[str]  # every field's name, filled or not
    damaged: bool = False  # pypdf had to repair it (it said so, in its own words)
    language: str | None = None  # the document's language (its catalogue's /Lang)


DAMAGED = ("this PDF is damaged (its table of contents is wrong), so it was read by "
           "searching it; check this person's answers in their report, or save the filled "
           "PDF again from the viewer")


class _Heard(logging.Handler):
    """What pypdf logs, kept rather than printed: the reader speaks for it."""

    def __init__(self) -> None:
        super().__init__(logging.WARNING)
        self.records: list[logging.LogRecord] = []

    def emit(self, record: logging.LogRecord) -> None:
        self.records.append(record)


@contextmanager
def _pypdf_quiet() -> Iterator[_Heard]:
    """pypdf's log lines and Python warnings, caught: none reaches the terminal."""
    logger = logging.getLogger("pypdf")
    heard = _Heard()
    propagate = logger.propagate
    logger.addHandler(heard)
    logger.propagate = False
    try:
        with warnings.catch_warnings(record=True) as caught:
            warnings.simplefilter("always")
            yield heard
        heard.records.extend(logging.makeLogRecord({"msg": str(w.message)}) for w in caught)
    finally:
        logger.removeHandler(heard)
        logger.propagate = propagate


def read_filled_pdf(path: Path) -> FilledPdf:
    """The filled-in fields of a worksheet or handout PDF."""
    with _pypdf_quiet() as heard:
        filled = _read(path)
    return replace(filled, damaged=bool(heard.records))


def _read(path: Path) -> FilledPdf:
    try:
        reader = PdfReader(path)
        if reader.is_encrypted:
            raise FilledPdfError(f"{path}: the PDF is encrypted (protected with a password); "
                                 "save an unprotected copy of the filled PDF and use that")
        fields = _form_fields(reader)
        names = {name for name, _ in fields}
        values = {name: value for name, node in fields if (value := _value(node))}
        lang = _get(_dictionary(reader.trailer["/Root"]), "/Lang")
    except FilledPdfError:
        raise
    except OSError as error:
        raise FilledPdfError(f"{path}: cannot read this file: {error.strerror or error}") from None
    except (PyPdfError, ValueError, TypeError, KeyError, AttributeError, IndexError,
            RecursionError):
        raise FilledPdfError(f"{path}: not a readable PDF: it is damaged or cut short; "
                             "save the filled PDF again from the viewer") from None
    if NAME_FIELD not in names and STEP_FIELDS["what"] not in names:
        raise FilledPdfError(f"{path}: not a site-builder worksheet or handout: it has none "
                             "of their form fields; fill in the worksheet (pdf/<checklist>-"
                             "worksheet.pdf) or a handout with a step that the build writes")
    if NAME_FIELD in values:
        values[NAME_KEY] = values.pop(NAME_FIELD)
    # The worksheet in French says so (its `lang`, which WeasyPrint writes as /Lang).
    language = str(lang).strip() if isinstance(lang, str) and str(lang).strip() else None
    return FilledPdf(values, frozenset(names), language=language)


def _form_fields(reader: PdfReader) -> list[tuple[str, DictionaryObject]]:
    """Every terminal field of the AcroForm with its full name, each once."""
    form = _get(_dictionary(reader.trailer["/Root"]), "/AcroForm")
    if form is None:
        return []
    seen: set[int] = set()
    found: list[tuple[str, DictionaryObject]] = []
    for node in _array(_get(_dictionary(form), "/Fields")):
        if "/Parent" in node:  # WeasyPrint lists radio buttons here too; read via the group
            continue
        found += _walk(node, "", seen, 0)
    return found


def _walk(node: DictionaryObject, prefix: str, seen: set[int], depth: int
          ) -> Iterator[tuple[str, DictionaryObject]]:
    if id(node) in seen or depth > 32:
        return
    seen.add(id(node))
    partial = str(_get(node, "/T") or "")
    name = f"{prefix}.{partial}" if prefix and partial else prefix or partial
    kids = _array(_get(node, "/Kids"))
    if _is_button(node) or not kids or all("/T" not in kid or _is_button(kid) for kid in kids):
        # A terminal field: its kids, if any, are its widgets (WeasyPrint gives a radio
        # group's buttons the group's own /T as well; they are still its widgets).
        yield name, node
        return
    for kid in kids:
        yield from _walk(kid, name, seen, depth + 1)


def _get(node: DictionaryObject, key: str) -> PdfObject | None:
    """An entry of a PDF dictionary, indirect references followed; None when absent."""
    value = node.get(key)
    return value.get_object() if isinstance(value, PdfObject) else None


def _dictionary(value: PdfObject | None) -> DictionaryObject:
    """`value` (indirect references followed), which must be a dictionary."""
    resolved = value.get_object() if value is not None else None
    if not isinstance(resolved, DictionaryObject):
        raise TypeError(f"a dictionary was expected, not {type(resolved).__name__}")
    return resolved


def _array(value: PdfObject | None) -> list[DictionaryObject]:
    """The dictionaries of an array (absent: none), which must hold nothing else."""
    if value is None:
        return []
    if not isinstance(value, ArrayObject):
        raise TypeError(f"an array was expected, not {type(value).__name__}")
    return [_dictionary(item) for item in value]


def _is_button(node: DictionaryObject) -> bool:
    return str(_get(node, "/FT") or "") == "/Btn"


def _value(node: DictionaryObject) -> str:
    """A field's value as text; "" when blank or unticked."""
    if _is_button(node):
        return _button_value(node)
    value = _get(node, "/V")
    if value is None:
        return ""
    if isinstance(value, ArrayObject):
        return ", ".join(str(v) for v in value).strip()
    return str(value).strip()


def _button_value(node: DictionaryObject) -> str:
    kids = _array(_get(node, "/Kids"))
    states = [_get(node, "/V")] + [_get(kid, "/V") for kid in kids] + [_get(kid, "/AS")
                                                                for kid in kids]
    chosen = next((s for s in (_state(v) for v in states) if s not in _OFF), "")
    opt = _get(node, "/Opt")
    options = [str(option) for option in opt] if isinstance(opt, ArrayObject) else []
    if chosen.isdigit() and int(chosen) < len(options):
        return options[int(chosen)]
    return chosen


def _state(value: PdfObject | None) -> str:
    """`/not_sure` -> `not_sure`; None -> ""."""
    if value is None:
        return ""
    return str(value).removeprefix("/").strip()
