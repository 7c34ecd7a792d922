"""A worksheet PDF filled in on screen -> the values of its form fields, by field name.

The worksheet (render/templates/worksheet.html, written with WeasyPrint's PDF forms)
names its fields so that a choice, number or text question's field is the question id,
and every other field starts with `_` or holds `__` (`_date`, `_plan_contact`,
`sounding_board__who_1`), which no question id does. The participant's name is field
`participant_name` and comes back as `_name`.

WeasyPrint writes a radio group's appearance states as indexes (`/0`, `/1` ...) and the
answer values in the group's `/Opt`; a viewer's tick sets `/V` to an index, which is
read back as the answer value (`not_sure`). A state that is itself a value (`/not_sure`,
as other PDF tools write) is read as that value. pypdf is imported only here, when a
filled worksheet is read.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

NAME_FIELD = "participant_name"
NAME_KEY = "_name"
_OFF = ("", "Off")


class FilledPdfError(Exception):
    """The file is not a readable, filled-in worksheet; the message says why."""


def read_filled_worksheet(path: Path) -> dict[str, str]:
    """The filled-in fields of a worksheet PDF: field name -> value; blank fields left out."""
    from pypdf import PdfReader
    from pypdf.errors import PyPdfError

    try:
        reader = PdfReader(path)
        if reader.is_encrypted:
            raise FilledPdfError(f"{path}: the PDF is encrypted (protected with a password); "
                                 "save an unprotected copy of the filled worksheet and use that")
        fields = _form_fields(reader)
        names = {name for name, _ in fields}
        values = {name: value for name, node in fields if (value := _value(node))}
    except FilledPdfError:
        raise
    except OSError as error:
        raise FilledPdfError(f"{path}: cannot read this file: {error.strerror or error}") from None
    except (PyPdfError, ValueError, TypeError, KeyError, AttributeError, IndexError,
            RecursionError) as error:
        raise FilledPdfError(f"{path}: not a readable PDF ({error}); export the filled "
                             "worksheet again from the PDF viewer") from None
    if NAME_FIELD not in names:
        raise FilledPdfError(f"{path}: not a site-builder worksheet: it has no worksheet "
                             "form fields; fill in the worksheet PDF that the build writes "
                             "to pdf/<checklist>-worksheet.pdf")
    if NAME_FIELD in values:
        values[NAME_KEY] = values.pop(NAME_FIELD)
    return values


def _form_fields(reader: Any) -> list[tuple[str, Any]]:
    """Every terminal field of the AcroForm with its full name, each once."""
    form = reader.trailer["/Root"].get("/AcroForm")
    if form is None:
        return []
    form = form.get_object()
    seen: set[int] = set()
    found: list[tuple[str, Any]] = []
    for reference in form.get("/Fields", []):
        node = reference.get_object()
        if "/Parent" in node:  # WeasyPrint lists radio buttons here too; read via the group
            continue
        found += _walk(node, "", seen, 0)
    return found


def _walk(node: Any, prefix: str, seen: set[int], depth: int) -> Iterator[tuple[str, Any]]:
    if id(node) in seen or depth > 32:
        return
    seen.add(id(node))
    partial = str(_get(node, "/T") or "")
    name = f"{prefix}.{partial}" if prefix and partial else prefix or partial
    kids = [kid.get_object() for kid in _get(node, "/Kids") or []]
    if _is_button(node) or not kids or all("/T" not in kid or _is_button(kid) for kid in kids):
        # A terminal field: its kids, if any, are its widgets (WeasyPrint gives a radio
        # group's buttons the group's own /T as well; they are still its widgets).
        yield name, node
        return
    for kid in kids:
        yield from _walk(kid, name, seen, depth + 1)


def _get(node: Any, key: str) -> Any:
    """An entry of a PDF dictionary, indirect references followed; None when absent."""
    value = node.get(key)
    return None if value is None else value.get_object()


def _is_button(node: Any) -> bool:
    return str(_get(node, "/FT") or "") == "/Btn"


def _value(node: Any) -> str:
    """A field's value as text; "" when blank or unticked."""
    if _is_button(node):
        return _button_value(node)
    value = _get(node, "/V")
    if value is None:
        return ""
    if isinstance(value, list):
        return ", ".join(str(v) for v in value).strip()
    return str(value).strip()


def _button_value(node: Any) -> str:
    kids = [kid.get_object() for kid in _get(node, "/Kids") or []]
    states = [_get(node, "/V")] + [_get(kid, "/V") for kid in kids] + [_get(kid, "/AS")
                                                                for kid in kids]
    chosen = next((s for s in (_state(v) for v in states) if s not in _OFF), "")
    options = [str(option) for option in _get(node, "/Opt") or []]
    if chosen.isdigit() and int(chosen) < len(options):
        return options[int(chosen)]
    return chosen


def _state(value: Any) -> str:
    """`/not_sure` -> `not_sure`; None -> ""."""
    if value is None:
        return ""
    return str(value).removeprefix("/").strip()
