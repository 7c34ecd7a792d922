"""Sections: the folders under content/ that hold pages or checklists, so that one site can
hold a library of workshops. A `SiteSection` is named apart from a checklist's `Section`."""

from __future__ import annotations

import posixpath
from dataclasses import dataclass

from site_builder.diagnostics import NOWHERE, Location


@dataclass(frozen=True)
class SiteSection:
    """A folder of content/ (`folder`, e.g. "networking" or "library/feedback") with its own
    pages or checklists; its index.md, when it has one, gives the title and the rest."""

    folder: str
    title: str
    description: str = ""
    order: float | None = None
    has_index: bool = False  # content/<folder>/index.md exists (else the build writes one)
    location: Location = NOWHERE  # its index.md, else the folder

    @property
    def url(self) -> str:
        return f"{self.folder}/index.html"

    @property
    def parent(self) -> str:
        """The folder of the section it is in; "" for a top-level section."""
        return posixpath.dirname(self.folder)

    @property
    def depth(self) -> int:
        return self.folder.count("/") + 1


def folder_of(source: str) -> str:
    """The section a file of content/ belongs to, by its path inside content/: "" for the
    root; a checklist's is the folder that holds its `checklists/` folder."""
    folder = posixpath.dirname(source)
    if folder == "checklists" or folder.endswith("/checklists"):
        folder = posixpath.dirname(folder)
    return folder


def folder_title(folder: str) -> str:
    """A section's title when its index.md gives none: its folder's name in words."""
    words = posixpath.basename(folder).replace("-", " ").replace("_", " ").strip()
    return words[:1].upper() + words[1:] if words else folder
