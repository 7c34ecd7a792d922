"""The advice catalogue: every rule's advice, grouped by checklist section, for reading.

Built from the compiled rules document, the same one the browser evaluates, so the
catalogue and the on-screen results never disagree about wording or conditions.
"""

from __future__ import annotations

from dataclasses import dataclass

from site_builder.engine.document import RuleData, RulesDocument
from site_builder.model import Checklist

GENERAL = "General"


@dataclass(frozen=True)
class CatalogueEntry:
    id: str
    title: str
    html: str  # sanitised advice HTML, links relative to the content root
    applies_when: str  # the condition texts joined with " and "
    first_of_group: bool  # from a `pick: first` file: only the first match of its group shows
    priority: float
    group: str


@dataclass(frozen=True)
class CatalogueSection:
    id: str
    title: str
    entries: tuple[CatalogueEntry, ...]


def advice_catalogue(checklist: Checklist, document: RulesDocument) -> list[CatalogueSection]:
    """Advice grouped by the checklist's sections in order, then `General`.

    Within a section: priority (higher first), then group path, then position in the
    document (the compiled document lists each group's rules in file order).
    """
    rules = document["rules"]
    order = sorted(range(len(rules)),
                   key=lambda i: (-float(rules[i]["priority"]), rules[i]["group"], i))
    known = {s.id for s in checklist.sections}
    by_section: dict[str, list[CatalogueEntry]] = {}
    for index in order:
        rule = rules[index]
        section = rule["advice"]["section"]
        key = section if section in known else ""
        by_section.setdefault(key, []).append(_entry(rule))
    sections = [
        CatalogueSection(s.id, s.title, tuple(by_section[s.id]))
        for s in checklist.sections
        if s.id in by_section
    ]
    if "" in by_section:
        sections.append(CatalogueSection("_general", GENERAL, tuple(by_section[""])))
    return sections


def _entry(rule: RuleData) -> CatalogueEntry:
    advice = rule["advice"]
    texts = [c["text"] for c in rule["conditions"] if c["text"]]
    return CatalogueEntry(
        id=rule["id"],
        title=advice["title"],
        html=advice["html"],
        applies_when=" and ".join(texts) or "always",
        first_of_group=rule["pick"] == "first",
        priority=float(rule["priority"]),
        group=rule["group"],
    )
