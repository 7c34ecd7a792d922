"""The advice catalogue: every rule's advice, grouped for a participant to read.

Built from the compiled rules document, the same one the browser evaluates, so the
catalogue and the on-screen results never disagree about wording or conditions. Each
`pick: first` rule file is one group under its own title, its rules in file order (only
the first that fits applies, which the group's intro says once); the other advice is
grouped by its checklist section, then `General`.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from site_builder.engine.document import GroupData, RuleData, RulesDocument
from site_builder.engine.wording import and_list
from site_builder.i18n import N_, Words, words_for
from site_builder.model import Checklist

# In the kit's words where they are used.
GENERAL = N_("General")
FIRST_INTRO = N_("Only one of these applies to you: the first, in this order, that fits your "
                 "answers.")
WHATEVER = N_("Whatever your answers")
NONE_ABOVE = N_("When none of the above fit")


@dataclass(frozen=True)
class CatalogueEntry:
    id: str
    title: str
    html: str  # sanitised advice HTML, links relative to the content root
    applies_when: str  # a sentence for a participant: "When your ... score is at least 2"
    first_of_group: bool  # from a `pick: first` file: only the first match of its group shows
    priority: float
    group: str


@dataclass(frozen=True)
class CatalogueSection:
    id: str
    title: str
    entries: tuple[CatalogueEntry, ...]
    intro: str = ""  # said once above the entries


def advice_catalogue(checklist: Checklist, document: RulesDocument,
                     words: Words | None = None) -> list[CatalogueSection]:
    """The `pick: first` groups in file order, then the other advice by the checklist's
    sections in order, then `General` (in `words`, the kit's; English without).

    Within a section: priority (higher first), then group path, then position in the
    document (the compiled document lists each group's rules in file order).
    """
    words = words or words_for("en")
    rules = document["rules"]
    groups = _groups(document)
    sections = [_first_group(group, [r for r in rules if r["group"] == group["id"]], words)
                for group in groups if group["pick"] == "first"]
    order = sorted((i for i, r in enumerate(rules) if r["pick"] != "first"),
                   key=lambda i: (-float(rules[i]["priority"]), rules[i]["group"], i))
    known = {s.id for s in checklist.sections}
    by_section: dict[str, list[CatalogueEntry]] = {}
    for index in order:
        rule = rules[index]
        section = rule["advice"]["section"]
        key = section if section in known else ""
        by_section.setdefault(key, []).append(_entry(rule, True, words))
    sections += [
        CatalogueSection(s.id, s.title, tuple(by_section[s.id]))
        for s in checklist.sections
        if s.id in by_section
    ]
    if "" in by_section:
        sections.append(CatalogueSection("_general", words.gettext(GENERAL),
                                         tuple(by_section[""])))
    return [s for s in sections if s.entries]


def _groups(document: RulesDocument) -> list[GroupData]:
    """The document's groups; for a document made without them, one per rule file."""
    if "groups" in document:
        return document["groups"]
    picks = {r["group"]: r["pick"] for r in document["rules"]}
    return [{"id": path, "title": path, "pick": pick} for path, pick in picks.items()]


def _first_group(group: GroupData, rules: list[RuleData], words: Words) -> CatalogueSection:
    path = group["id"].removeprefix("rules/").removesuffix(".yaml")
    slug = re.sub(r"[^A-Za-z0-9_-]+", "-", path).strip("-")
    entries = tuple(_entry(rule, i == 0, words) for i, rule in enumerate(rules))
    return CatalogueSection(f"group-{slug}", group["title"], entries,
                            words.gettext(FIRST_INTRO))


def _entry(rule: RuleData, first_in_group: bool, words: Words) -> CatalogueEntry:
    advice = rule["advice"]
    clauses = [c.get("clause", c["text"]) for c in rule["conditions"]]
    clauses = [c for c in clauses if c]
    if clauses:
        applies = words.gettext("When %(conditions)s") % {
            "conditions": and_list(clauses, words.language)}
    else:
        applies = words.gettext(WHATEVER if first_in_group else NONE_ABOVE)
    return CatalogueEntry(
        id=rule["id"],
        title=advice["title"],
        html=advice["html"],
        applies_when=applies,
        first_of_group=rule["pick"] == "first",
        priority=float(rule["priority"]),
        group=rule["group"],
    )
