"""The loader's cache of pages: a page's front matter and Markdown read once, then reused
while its file, the link targets it was checked against and site-builder stay the same.

Only a page read without any diagnostic is remembered (so every warning and error is
reported again at each build), and only one whose model round-trips through JSON exactly
(a page with a timed agenda or fill-in fields is read again each time).

All the pages' entries are kept in one cache entry, read once and written once per build:
a thousand small files cost more to create than their pages cost to render.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, fields
from typing import Any

from site_builder.cache import BuildCache, digest
from site_builder.diagnostics import Location
from site_builder.kit.markdown import LinkTargets
from site_builder.model import Page

KIND = "pages"
# What an entry holds of a page: all but its source (the entry's key), its agenda and
# its fill-in fields (a page with either is not kept).
STORED = tuple(f.name for f in fields(Page) if f.name not in ("source", "agenda", "fields"))

# An entry of the pack, as JSON reads it back: what `remember` or `remember_draft` wrote.
Entry = dict[str, object]


@dataclass(frozen=True)
class RememberedPage:
    """A page file found in the cache; `page_for` says whether its model may be used."""

    source: str
    text: str
    entry: Entry

    @property
    def draft(self) -> bool:
        return bool(self.entry.get("draft"))

    def page_for(self, targets: str) -> Page | None:
        """The cached model, when it was made against the same link targets."""
        if self.entry.get("targets") != targets:
            return None
        stored = self.entry.get("page")
        if not isinstance(stored, dict) or set(stored) != set(STORED):
            return None  # written by other code
        # The fields are as `remember` wrote them, from a Page: JSON keeps their types.
        data: dict[str, Any] = dict(stored)
        try:
            data["location"] = Location(*data["location"])
            return Page(source=self.source, **data)
        except (KeyError, TypeError, ValueError):
            return None


class PageMemo:
    """Looks pages up by their file's text, and remembers the ones read cleanly; `save`
    stores the pages of this build, and only those."""

    def __init__(self, cache: BuildCache) -> None:
        self.cache = cache
        self._targets: tuple[LinkTargets, str] | None = None
        self._pack_key = cache.key(KIND)
        self._stored: dict[str, object] | None = None  # the pack as read, on first use
        self._kept: dict[str, Entry] = {}  # what this build read or made
        self._changed = False

    def _key(self, source: str, text: str) -> str:
        return digest(source, text)

    def _pack(self) -> dict[str, object]:
        if self._stored is None:
            stored = self.cache.get_json(KIND, self._pack_key)
            self._stored = stored if isinstance(stored, dict) else {}
        return self._stored

    def recall(self, source: str, text: str) -> RememberedPage | None:
        key = self._key(source, text)
        entry = self._pack().get(key)
        if not isinstance(entry, dict):
            return None
        self._kept[key] = entry
        return RememberedPage(source, text, entry)

    def save(self) -> None:
        """Write the pack when this build changed it; pages it did not read are dropped."""
        if self._changed or len(self._kept) != len(self._pack()):
            self.cache.put_json(KIND, self._pack_key, self._kept)

    def targets_digest(self, targets: LinkTargets) -> str:
        if self._targets is None or self._targets[0] is not targets:
            table = [sorted(targets.pages.items()), sorted(targets.files),
                     sorted(targets.generated)]
            self._targets = (targets, digest(json.dumps(table)))
        return self._targets[1]

    def remember_draft(self, source: str, text: str) -> None:
        self._keep(self._key(source, text), {"draft": True})

    def _keep(self, key: str, entry: Entry) -> None:
        self._kept[key] = entry
        self._changed = True

    def remember(self, text: str, targets: LinkTargets, page: Page) -> None:
        if page.agenda is not None or page.fields:
            return
        stored = {name: getattr(page, name) for name in STORED}
        stored["meta"] = dict(page.meta)
        stored["location"] = [page.location.path, page.location.line, page.location.col]
        try:
            if json.loads(json.dumps(stored["meta"])) != stored["meta"]:
                return  # e.g. a key that is not text: JSON would change it
        except (TypeError, ValueError):
            return
        self._keep(self._key(page.source, text),
                   {"targets": self.targets_digest(targets), "page": stored})
