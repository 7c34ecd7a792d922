"""Sections: which folders of content/ are sections, which are drafts (left out whole), and
each one's title, description and order from its index.md."""

from __future__ import annotations

import posixpath
from collections.abc import Iterable, Mapping
from pathlib import Path

from site_builder.diagnostics import Location, Problems
from site_builder.kit.files import read
from site_builder.kit.markdown import read_front_matter
from site_builder.kit.pages import FRONT_MATTER_SHAPE
from site_builder.model import Page, SiteSection, folder_of, folder_title

INDEX = "index.md"


def draft_folders(root: Path, page_files: Iterable[str]) -> frozenset[str]:
    """The folders whose index.md says `draft: true`: each is left out with all it holds.
    Its file's own problems are reported when it is read as a page, not here."""
    drafts = set()
    for source in page_files:
        if posixpath.basename(source) != INDEX or "/" not in source:
            continue
        quiet = Problems()
        text = read(root, f"content/{source}", quiet)
        parts = read_front_matter(text, f"content/{source}", quiet) if text else None
        if parts is None or parts[0] is None:
            continue
        data = FRONT_MATTER_SHAPE.check(parts[0], quiet, "the front matter")
        if data is not None and data.draft:
            drafts.add(posixpath.dirname(source))
    return frozenset(drafts)


def in_drafts(source: str, drafts: frozenset[str]) -> bool:
    return any(source.startswith(f"{folder}/") for folder in drafts)


def section_folders(sources: Iterable[str]) -> list[str]:
    """Every folder holding a page or a checklist, with the folders above it; sorted, so a
    section comes before those inside it."""
    folders = set()
    for source in sources:
        folder = folder_of(source)
        while folder:
            folders.add(folder)
            folder = posixpath.dirname(folder)
    return sorted(folders)


def build_sections(sources: Iterable[str], pages: Iterable[Page]) -> dict[str, SiteSection]:
    """The kit's sections, each titled by its index page when it has a sound one."""
    indexes: Mapping[str, Page] = {posixpath.dirname(p.source): p for p in pages
                                   if posixpath.basename(p.source) == INDEX}
    sections = {}
    for folder in section_folders(sources):
        index = indexes.get(folder)
        if index is None:
            sections[folder] = SiteSection(folder, folder_title(folder),
                                           location=Location(f"content/{folder}"))
        else:
            sections[folder] = SiteSection(folder, index.title, index.description,
                                           index.order, True, index.location)
    return sections
