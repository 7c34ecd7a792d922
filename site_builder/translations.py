"""`site-builder translations`: each of the kit's other languages gets its catalogue,
`translations/<language>.po`, made or brought up to date with the kit's short texts, and
its translated pages their `translated_from`; no translation is ever lost.

A catalogue is updated with Babel's `Catalog.update`, after one step of our own: an entry
is matched to its text by its key (msgctxt), not by a text like it (Babel's fuzzy
matching), so an English text reworded keeps its translation, marked fuzzy, with the text
it was translated from as `#| msgid`. A text gone from the kit becomes an obsolete `#~`
entry, and comes back from there if the text does.
"""

from __future__ import annotations

import io
import os
import tempfile
from dataclasses import dataclass, field
from pathlib import Path

from babel.core import Locale, UnknownLocaleError
from babel.messages.catalog import Catalog, Message
from babel.messages.pofile import read_po, unescape, write_po

from site_builder.diagnostics import Diagnostic, KitError, Location, Log, plural, quiet
from site_builder.kit.load import load_kit
from site_builder.kit.translations import (
    TRANSLATED_FROM,
    catalogue_path,
    front_node,
    po_lines,
)
from site_builder.kit.yamlfile import YMap
from site_builder.model import Kit
from site_builder.model.translations import SourceText

WIDTH = 76  # gettext's own line width, as Poedit writes it too


@dataclass
class TranslationsResult:
    lines: list[str] = field(default_factory=list)  # what was done, one line per file
    summaries: list[str] = field(default_factory=list)  # `fr: 212 of 214 texts, ...`


def update_translations(root: Path, log: Log = quiet) -> TranslationsResult:
    """Make or update every catalogue of the kit at `root`, stamp its translated pages;
    `KitError` (nothing written) when the kit, or a catalogue, has errors."""
    kit = load_kit(root)
    result = TranslationsResult()
    if len(kit.languages) < 2:
        raise KitError([Diagnostic(Location("site.yaml"), "this kit has one language "
                                   f"({kit.languages[0]}); list its languages first, e.g. "
                                   f"languages: [{kit.languages[0]}, fr]")])
    for language in kit.languages[1:]:
        log(f"updating {catalogue_path(language)}")
        result.lines.append(_update_catalogue(kit, language))
    for language, status in kit.translation_status.items():
        for text in status.texts:
            if text.page and text.state != "missing" and \
                    _stamp(kit.root, text.location.path, text.digest):
                result.lines.append(f"{text.location.path}: {TRANSLATED_FROM} added "
                                    f"({language})")
    kit = load_kit(root)  # as it is now, for the summary
    result.summaries = [status.summary() for status in kit.translation_status.values()]
    return result


def _update_catalogue(kit: Kit, language: str) -> str:
    shown = catalogue_path(language)
    path = kit.root / shown
    template = _template(kit)
    before = path.read_bytes() if path.exists() else None
    if before is None:
        catalogue = _new_catalogue(kit, language)
    else:
        # load_kit has read this file already: a broken one stopped it, with its line
        catalogue = read_po(po_lines(before.decode("utf-8-sig")), abort_invalid=True)
        _take_previous_ids(catalogue)
    counts = _rekey(catalogue, template)
    previous = {m.context: m.previous_id for m in catalogue if m.id and m.previous_id}
    catalogue.update(template, no_fuzzy_matching=True, update_creation_date=False)
    for message in catalogue:
        if message.id and message.context in previous and message.fuzzy:
            message.previous_id = previous[message.context]
    buffer = io.BytesIO()
    # An existing file keeps its header as the translator's tool wrote it (Babel would
    # drop Poedit's X- fields and redate it): only the entries are Babel's.
    header = _header(before.decode("utf-8-sig")) if before is not None else None
    write_po(buffer, catalogue, width=WIDTH, include_previous=True,
             omit_header=header is not None)
    written = (header or "").encode("utf-8") + buffer.getvalue()
    if written == before:
        return f"{shown}: up to date"
    _write_atomically(path, written)
    if before is None:
        return f"{shown}: created, {plural(len(template), 'text')} to translate"
    new = len(template) - counts["kept"] - counts["changed"] - counts["back"]
    gone = counts["gone"]
    parts = [part for count, part in (
        (new, f"{new} new"), (counts["changed"], f"{counts['changed']} changed (marked fuzzy)"),
        (gone, f"{gone} no longer in the kit (kept at the end, as #~)"),
        (counts["back"], f"{counts['back']} back in the kit (taken from the #~ entries)"))
        if count]
    return f"{shown}: updated: " + (", ".join(parts) or "where its texts are written")


def _header(text: str) -> str:
    """The catalogue's header as written (its comments and its `msgid ""` entry), with the
    blank line after it; "" for a file without one."""
    lines = text.splitlines(keepends=True)
    first = next((i for i, line in enumerate(lines)
                  if line.startswith(("msgid ", "msgctxt "))), len(lines))
    if first == len(lines) or lines[first].strip() != 'msgid ""':
        return ""
    end = next((i for i in range(first + 1, len(lines)) if not lines[i].strip()), len(lines))
    head = "".join(lines[:end]).rstrip("\n")
    return head + "\n\n"


def _template(kit: Kit) -> Catalog:
    """The kit's short texts as a catalogue's template: key, text, place, what it is."""
    template = Catalog(fuzzy=False)
    files = {"site.yaml": 0}
    for text in kit.texts:
        files.setdefault(text.location.path, len(files))
    # in the order they are written: site.yaml first, then each file from the top
    ordered = sorted(kit.texts, key=lambda t: (files[t.location.path], t.location.line,
                                                t.location.col))
    for text in ordered:
        template.add(text.text, context=text.key, locations=[_where(text)],
                     auto_comments=[text.what] if text.what else [])
    return template


def _where(text: SourceText) -> tuple[str, int]:
    return text.location.path, text.location.line


def _new_catalogue(kit: Kit, language: str) -> Catalog:
    try:
        locale: Locale | None = Locale.parse(language, sep="-")
    except (UnknownLocaleError, ValueError):
        locale = None  # a language Babel does not know: no plural rule, which we need not
    name = locale.english_name if locale is not None else language
    catalogue = Catalog(locale=locale, project=kit.site.title, fuzzy=False,
                        language_team=f"{name} translators of {kit.site.title}",
                        header_comment=HEADER.format(language=name, title=kit.site.title))
    return catalogue


HEADER = """\
# {language} translations of the workshop "{title}".
# Write each translation in its msgstr, in Poedit or a text editor, and
# leave msgctxt and msgid as they are. site-builder translations adds new
# texts and marks changed ones fuzzy; site-builder check lists what is
# missing or out of date."""


def _take_previous_ids(catalogue: Catalog) -> None:
    """Babel reads `#| msgid "..."` as a comment of the translator's: it is the text an
    entry was translated from, which Babel writes back only from `previous_id`."""
    for message in [*catalogue, *catalogue.obsolete.values()]:
        previous: list[str] = []
        kept = []
        for comment in message.user_comments:
            if not comment.startswith("|"):
                kept.append(comment)
                continue
            line = comment[1:].strip()
            if line.startswith("msgid "):
                previous.append(unescape(line[len("msgid "):].strip()))
            elif line.startswith('"') and previous:
                previous[-1] += unescape(line)
        message.user_comments = kept
        if previous:
            message.previous_id = previous[:1]


def _rekey(catalogue: Catalog, template: Catalog) -> dict[str, int]:
    """Each entry of the catalogue (or an obsolete one) whose key is still the kit's, put
    under the key's text as it is now: fuzzy, with the text it was translated from, when
    that text changed. What `Catalog.update` then leaves over is gone from the kit."""
    counts = {"kept": 0, "changed": 0, "back": 0, "gone": 0}
    by_key: dict[str, Message] = {m.context: m for m in catalogue if m.id and m.context}
    obsolete = {m.context: (key, m) for key, m in catalogue.obsolete.items() if m.context}
    wanted = {m.context for m in template if m.id}
    for message in template:
        if not message.id or message.context is None:
            continue
        old = by_key.get(message.context)
        count = "kept"
        if old is None and message.context in obsolete:
            key, old = obsolete.pop(message.context)
            del catalogue.obsolete[key]
            count = "back"
        elif old is not None:
            catalogue.delete(old.id, context=old.context)
        if old is None:
            continue
        if old.id != message.id and old.string:
            old.previous_id = old.previous_id or [str(old.id)]
            old.flags.add("fuzzy")
            count = "changed" if count == "kept" else count
        # else: the same text, or one changed before anyone translated it
        counts[count] += 1
        old.id = message.id
        catalogue[old.id] = old
    counts["gone"] = sum(1 for m in by_key.values() if m.context not in wanted)
    return counts


def _stamp(root: Path, file: str, digest: str) -> bool:
    """`translated_from: <digest>` added to a translated page without one."""
    path = root / file
    text = path.read_text(encoding="utf-8")
    node = front_node(text, file)
    if isinstance(node, YMap) and TRANSLATED_FROM in node.entries:
        return False
    newline = "\r\n" if "\r\n" in text else "\n"
    line = f"{TRANSLATED_FROM}: {digest}{newline}"
    if node is None and not text.startswith("---"):
        stamped = f"---{newline}{line}---{newline}{newline}{text}"
    else:
        # the closing fence of the front matter: the first '---' line after the first
        lines = text.splitlines(keepends=True)
        end = next((i for i in range(1, len(lines)) if lines[i].rstrip() == "---"), None)
        if end is None:
            return False  # a broken front matter: load_kit has said so
        stamped = "".join([*lines[:end], line, *lines[end:]])
    _write_atomically(path, stamped.encode("utf-8"))
    return True


def _write_atomically(path: Path, data: bytes) -> None:
    """The file replaced whole: a reader (or a crash) sees the old one or the new one."""
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        handle, temporary = tempfile.mkstemp(prefix=f".{path.name}.", dir=path.parent)
    except OSError as error:
        raise KitError([Diagnostic(Location(str(path)), "cannot write this file: "
                                   f"{error.strerror or error}")]) from None
    try:
        with os.fdopen(handle, "wb") as file:
            file.write(data)
        if path.exists():
            os.chmod(temporary, path.stat().st_mode & 0o777)
        else:
            os.chmod(temporary, 0o644)
        os.replace(temporary, path)
    except BaseException as error:
        Path(temporary).unlink(missing_ok=True)
        if isinstance(error, OSError):
            raise KitError([Diagnostic(Location(str(path)), "cannot write this file: "
                                       f"{error.strerror or error}")]) from None
        raise
