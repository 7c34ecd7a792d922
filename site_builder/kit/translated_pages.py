"""Pages translated as whole files: `content/about.fr.md` translates `content/about.md`.

A translation's front matter holds its texts (`title`, `description`, `menu_title`, the
`agenda`'s texts, in the source's order) and `translated_from`, the fingerprint of the
source page it was made from; every other key comes from the source page, so a page has
the same place, layout and address in every language.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, replace
from pathlib import Path

from site_builder.diagnostics import Location, Problems
from site_builder.kit.agenda import ACTIVITY, ActivityEntry, DebriefShape
from site_builder.kit.files import read
from site_builder.kit.markdown import LinkTargets, read_front_matter
from site_builder.kit.page_memo import RememberedPage
from site_builder.kit.pages import _Front, _parse_page, _render_markdown_chunk
from site_builder.kit.shapes import (
    Fields,
    Key,
    ListOf,
    Located,
    OpenRecord,
    Pattern,
    Text,
)
from site_builder.kit.translations import DIGEST, TRANSLATED_FROM, page_digest
from site_builder.model import Page
from site_builder.model.agenda import Debrief
from site_builder.model.translations import TextState, TextStatus
from site_builder.parallel import Workers


@dataclass(frozen=True)
class ActivityText(OpenRecord):
    """An agenda activity's texts in a translation; its minutes and kind are the source's."""

    activity: str | None = None
    purpose: str | None = None
    groups: str | None = None
    space: str | None = None
    materials: tuple[str, ...] | None = None
    say: Located[str] | None = None
    instructions: Located[str] | None = None
    debrief: Debrief | None = None


@dataclass(frozen=True)
class TranslatedFront(OpenRecord):
    title: str | None = None
    description: str | None = None
    menu_title: str | None = None
    agenda: tuple[ActivityText, ...] | None = None
    translated_from: str | None = None


_TEXT_KEYS = ("activity", "purpose", "groups", "space", "materials", "say", "instructions")
ACTIVITY_TEXT = Fields(ActivityText, {
    # each optional here: what a translation leaves out stays as the source has it
    **{key: Key(ACTIVITY.keys[key].shape, doc=ACTIVITY.keys[key].doc) for key in _TEXT_KEYS},
    "debrief": Key(DebriefShape(), doc=ACTIVITY.keys["debrief"].doc),
}, name="an agenda activity", open=True)
TRANSLATED_FRONT = Fields(TranslatedFront, {
    "title": Key(Text(), doc="the page's title, translated"),
    "description": Key(Text(), doc="its summary, translated"),
    "menu_title": Key(Text(), doc="its name in the menu, translated"),
    "agenda": Key(ListOf(ACTIVITY_TEXT, all_or_nothing=True),
                  doc="the agenda's texts, activity by activity in the source's order"),
    TRANSLATED_FROM: Key(Pattern(pattern=DIGEST, hint="leave the value that site-builder "
                                 "translations wrote, or delete the line and run it again"),
                         doc="the fingerprint of the source page this translates"),
}, name="the translation's front matter", open=True)


@dataclass(frozen=True)
class PageTranslation:
    """A translated page file, before its Markdown is rendered."""

    front: _Front
    status: TextStatus


def read_translation(root: Path, file: str, source: _Front | RememberedPage,
                     report: Problems) -> PageTranslation | None:
    """A translated page read against its source page; None (reported) when broken."""
    text = read(root, file, report)
    if text is None:
        return None
    parts = read_front_matter(text, file, report)
    if parts is None:
        return None
    node, body, body_line = parts
    original = _parse_page(source.source, source.text, Problems())
    if original is None:
        return None  # a draft, or a page with errors of its own (reported)
    data = TRANSLATED_FRONT.check(node, report, "the front matter") if node else None
    if node is not None and data is None:
        return None
    merged = original.data
    if data is not None:
        agenda = _agenda(original, data, file, report)
        extra = dict(merged.extra)
        if data.menu_title is not None and "menu_title" in extra:
            extra["menu_title"] = data.node.entries["menu_title"][1]
        merged = replace(merged, title=data.title or merged.title,
                         description=data.description or merged.description,
                         agenda=agenda, extra=extra)
    front = _Front(source.source, original.url, merged, len(text) - len(body),
                   Location(file, body_line, 1), text, file=file)
    return PageTranslation(front, _status(file, original, data))


def _status(file: str, original: _Front, data: TranslatedFront | None) -> TextStatus:
    now = page_digest(original.text, original.shown)
    stamped = data.translated_from if data is not None else None
    where = (data.value_loc(TRANSLATED_FROM) if data is not None and data.has(TRANSLATED_FROM)
             else Location(file, 1, 1))
    state: TextState = "translated" if stamped == now else "out_of_date"
    reason = "" if stamped == now else "changed" if stamped else "unstamped"
    return TextStatus(original.source, state, where, "a page", page=original.source,
                      digest=now, reason=reason)


def _agenda(original: _Front, data: TranslatedFront, file: str, report: Problems
            ) -> tuple[ActivityEntry, ...] | None:
    """The source's agenda with the translation's texts in place."""
    source = original.data.agenda
    if data.agenda is None or source is None:
        if data.agenda is not None:
            report.error(data.value_loc("agenda"), f"{original.shown} has no agenda to "
                         "translate; remove 'agenda' here")
        return source
    if len(data.agenda) != len(source):
        report.error(data.value_loc("agenda"), f"this agenda has {len(data.agenda)} "
                     f"activities and the one of {original.shown} has {len(source)}; "
                     "translate each activity of the source, in the same order")
        return source
    return tuple(_activity(mine, theirs) for mine, theirs in zip(data.agenda, source,
                                                                 strict=True))


def _activity(text: ActivityText, source: ActivityEntry) -> ActivityEntry:
    return replace(
        source, activity=text.activity or source.activity,
        purpose=text.purpose or source.purpose, groups=text.groups or source.groups,
        space=text.space or source.space,
        materials=text.materials if text.materials is not None else source.materials,
        say=text.say or source.say, instructions=text.instructions or source.instructions,
        debrief=text.debrief or source.debrief)


def render_translations(translations: Sequence[PageTranslation], targets: LinkTargets,
                        report: Problems, workers: Workers) -> dict[str, Page]:
    """The translated pages, by source page, their Markdown rendered over `workers`."""
    made = workers.map(_render_markdown_chunk, targets, [t.front for t in translations],
                       "Markdown page")
    pages = {}
    for translation, (page, diagnostics) in zip(translations, made, strict=True):
        report.extend(diagnostics)
        pages[translation.front.source] = page
    return pages
