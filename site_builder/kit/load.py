"""Load a kit folder into the Kit model, reporting every problem of every file at once."""

from __future__ import annotations

import posixpath
import re
from collections.abc import Callable
from dataclasses import dataclass, field, replace
from pathlib import Path

from site_builder.diagnostics import Diagnostic, KitError, Location, Problems, did_you_mean
from site_builder.kit.active_content import check_static_file
from site_builder.kit.checklist import build_checklist
from site_builder.kit.files import check_templates, files, read
from site_builder.kit.markdown import LinkTargets, render_markdown
from site_builder.kit.page_memo import PageMemo, RememberedPage
from site_builder.kit.pages import _Front, expect_work, page_url, read_pages, render_pages
from site_builder.kit.rules import build_rule_set, build_rule_test
from site_builder.kit.sections import build_sections, draft_folders, in_drafts
from site_builder.kit.site_file import SITE, SiteFile, check_site, translate_site
from site_builder.kit.translated_pages import (
    PageTranslation,
    read_translation,
    render_translations,
)
from site_builder.kit.translations import (
    FOLDER,
    Texts,
    catalogue_path,
    read_catalogue,
    translation_of,
)
from site_builder.kit.yamlfile import YamlError, YNode, parse_yaml
from site_builder.model import Checklist, Kit, Page, Site, folder_of
from site_builder.model.rules import RuleSet, RuleTest
from site_builder.model.translations import LanguageStatus, TextStatus
from site_builder.parallel import Workers

__all__ = ["SITE", "choose_checklist", "load_kit"]

GENERATED_PAGES = frozenset({"materials.html", "about.html", "index.html"})
RESERVED_DIRS = ("assets/", "pdf/")
BUILT_IN_ONLY = {"materials.html": "the built-in print materials page (it lists the PDFs)"}
TESTS = "rules/tests/"  # rule tests; the other YAML files in rules/ are rules


@dataclass
class _Files:
    """What the kit's texts are loaded from, once per language: the parsed YAML files
    (each parsed once) and what their Markdown links to."""

    root: Path
    site: SiteFile | None
    checklists: list[str]
    rule_files: list[str]
    targets: LinkTargets
    failed: set[str]
    parsed: dict[str, tuple[YNode | None, list[str]]] = field(default_factory=dict)

    def parse(self, shown: str, report: Problems) -> tuple[YNode | None, list[str]]:
        if shown not in self.parsed:
            self.parsed[shown] = _parse_file(self.root, shown, report)
        return self.parsed[shown]


def load_kit(root: Path, memo: PageMemo | None = None, workers: Workers | None = None
             ) -> Kit:
    """Read and validate the whole kit, in each of its languages; raise KitError with
    every problem found.

    With a `memo` (the build's, over its cache), pages read cleanly at an earlier build
    are taken from it; the others' Markdown is rendered over `workers` (none: in this
    process)."""
    workers = workers or Workers(1)
    report = Problems()
    root = root.resolve()
    if not root.is_dir():
        raise KitError([Diagnostic(Location(str(root)), "this kit folder does not exist")])
    check_templates(root, report)
    content = root / "content"
    sources = files(root, "content", report)
    if not content.is_dir():
        report.error(Location("content"), "the kit has no content/ folder; add one with "
                     "at least an index.md page")
    # A section whose index.md is a draft is left out whole: its pages, checklists, files.
    drafts = draft_folders(root, [s for s in sources if s.endswith(".md")])
    draft_checklists = {Path(s).stem for s in sources if _is_checklist(s) and in_drafts(s, drafts)}
    sources = [s for s in sources if not in_drafts(s, drafts)]
    page_files = [s for s in sources if s.endswith(".md")]
    checklist_files = [s for s in sources if _is_checklist(s)]
    taken = {*page_files, *checklist_files}  # a set: 10,000 pages made this quadratic
    static = tuple(s for s in sources if s not in taken)
    for source in static:
        check_static_file(root, source, report)
    site_data, site = _load_site(root, static, report)
    languages = site.languages if site else ()
    translated = {s: found for s in page_files if (found := translation_of(s, languages))}
    page_files = [s for s in page_files if s not in translated]
    fronts = read_pages(root, page_files, report, memo)
    expect_work(fronts, bool(checklist_files), workers)
    folders = {f for s in [*page_files, *checklist_files] if (f := folder_of(s))}
    targets = LinkTargets(
        # a section without an index.md gets one from the build: linked as if it had one
        pages={**{f"{f}/index.md": f"{f}/index.html" for f in folders},
               **{s: page_url(s) for s in fronts},
               **{s: _checklist_url(s) for s in checklist_files}},
        files=frozenset(static),
        generated=GENERATED_PAGES | {f"{folder}/index.html" for folder in folders},
    )
    rule_files = [f"rules/{p}" for p in files(root, "rules", report)
                  if p.endswith((".yaml", ".yml"))]
    kit_files = _Files(root, site_data, checklist_files, rule_files, targets, set())
    texts = Texts()
    checklists = _load_checklists(kit_files, checklist_files, report, texts)
    # A checklist refused for its own errors is no unknown checklist to its rule files;
    # nor is one in a draft section, whose rules are left out with it.
    failed = ({Path(source).stem for source in checklist_files} - set(checklists)
              | draft_checklists)
    pages = render_pages(fronts, targets, report, memo, workers)
    if memo is not None:  # kept even when another file has errors: those pages are sound
        memo.save()
    _check_urls(pages, checklists, report)
    kit_files.failed = failed
    rule_sets = _load_rule_sets(kit_files, checklists, report, texts)
    rule_tests = _load_rule_tests(root, [f for f in rule_files if f.startswith(TESTS)],
                                  checklists, report, failed)
    _check_rule_ids(rule_sets, report)
    report.raise_if_errors()
    assert site is not None and site_data is not None
    site = translate_site(site, site_data, site.language, texts)
    templates = root / "templates"
    kit = Kit(root, site, pages, checklists, rule_sets, rule_tests, static,
              templates if templates.is_dir() else None,
              build_sections([*(p.source for p in pages), *checklists_sources(checklists)],
                             pages))
    kit = replace(kit, texts=tuple(texts.sources))
    return _with_translations(kit, kit_files, translated, fronts, workers) \
        if len(kit.languages) > 1 else kit


def _with_translations(kit: Kit, kit_files: _Files, translated: dict[str, tuple[str, str]],
                       fronts: dict[str, _Front | RememberedPage], workers: Workers) -> Kit:
    """The kit with itself in each of its other languages, and how far each has got."""
    report = Problems()
    pending = _read_translations(kit.root, translated, fronts, report)
    kits, statuses = {}, {}
    for language in kit.languages[1:]:
        kits[language], statuses[language] = _translate_kit(
            kit, kit_files, language, [t for lang, t in pending if lang == language],
            report, workers)
    _check_catalogues(kit.root, kit.languages, report)
    report.raise_if_errors()
    return replace(kit, translations=kits, translation_status=statuses)


def _read_translations(root: Path, translated: dict[str, tuple[str, str]],
                       fronts: dict[str, _Front | RememberedPage], report: Problems
                       ) -> list[tuple[str, PageTranslation]]:
    """Each translated page, by language, read against its source page."""
    found = []
    for file, (source, language) in sorted(translated.items()):
        original = fronts.get(source)
        if original is None:
            if not (root / "content" / source).is_file():
                report.error(Location(f"content/{file}", 1, 1), f"this page translates "
                             f"content/{source}, which does not exist; rename it after the "
                             "page it translates, or delete it")
            continue  # a draft source page, or one with errors of its own (reported)
        translation = read_translation(root, f"content/{file}", original, report)
        if translation is not None:
            found.append((language, translation))
    return found


def _translate_kit(kit: Kit, kit_files: _Files, language: str,
                   translations: list[PageTranslation], report: Problems, workers: Workers
                   ) -> tuple[Kit, LanguageStatus]:
    """The kit in `language`: the same loading, its texts taken through the language's
    catalogue; its pages translated where a translation exists, else the source's."""
    texts = Texts(read_catalogue(kit_files.root, language, report))
    assert kit_files.site is not None
    site = translate_site(kit.site, kit_files.site, language, texts)
    checklists = _load_checklists(kit_files, kit_files.checklists, report, texts)
    rule_sets = _load_rule_sets(kit_files, checklists, report, texts)
    rendered = render_translations(translations, kit_files.targets, report, workers)
    pages = tuple(rendered.get(page.source, page) for page in kit.pages)
    done = {t.front.source: t.status for t in translations}
    page_statuses = [done.get(page.source) or TextStatus(
        page.source, "missing", page.location, "a page", page=page.source)
        for page in kit.pages]
    status = LanguageStatus(language, catalogue_path(language),
                            (*texts.statuses, *page_statuses), texts.unknown())
    translated = replace(
        kit, site=site, pages=pages, checklists=checklists, rule_sets=rule_sets,
        sections=build_sections([*(p.source for p in pages),
                                 *checklists_sources(checklists)], pages))
    return translated, status


def _check_catalogues(root: Path, languages: tuple[str, ...], report: Problems) -> None:
    """A catalogue for a language the kit does not have is a mistake worth a word."""
    folder = root / FOLDER
    if not folder.is_dir():
        return
    for path in sorted(folder.glob("*.po")):
        if path.stem not in languages[1:]:
            others = ", ".join(languages[1:]) or "none"
            report.error(Location(f"{FOLDER}/{path.name}"), f"'{path.stem}' is not one of "
                         f"the languages the kit is translated into ({others}); add it to "
                         "'languages' in site.yaml, or rename or delete this file")


def checklists_sources(checklists: dict[str, Checklist]) -> list[str]:
    return [c.source for c in checklists.values()]


def _is_checklist(source: str) -> bool:
    """content/checklists/<id>.yaml, or <section>/checklists/<id>.yaml in a section."""
    return bool(re.match(r"^(?:[^/]+/)*checklists/[^/]+\.ya?ml$", source))


def _checklist_url(source: str) -> str:
    return f"{posixpath.splitext(source)[0]}.html"


def _parse_file(root: Path, shown: str, report: Problems) -> tuple[YNode | None, list[str]]:
    """The file's YAML, and its lines (to find Markdown problems inside YAML values)."""
    text = read(root, shown, report)
    if text is None:
        return None, []
    try:
        node = parse_yaml(text, shown)
    except YamlError as error:
        report.extend([error.diagnostic])
        return None, []
    if node is None:
        report.error(Location(shown, 1, 1), "this file is empty; fill it in or delete it")
    return node, text.splitlines()


def _load_site(root: Path, static: tuple[str, ...], report: Problems
               ) -> tuple[SiteFile | None, Site | None]:
    if not (root / "site.yaml").is_file():
        report.error(Location("site.yaml"), f"no site.yaml in {root}: is this a kit folder? "
                     "(use --kit DIR to name one, or 'site-builder new DIR' to start one)")
        return None, None
    node, _ = _parse_file(root, "site.yaml", report)
    if node is None:
        return None, None
    data = SITE.check(node, report, "site.yaml")
    if data is None:
        return None, None
    return data, check_site(data, static, report)


def _load_checklists(kit_files: _Files, sources: list[str], report: Problems,
                     texts: Texts) -> dict[str, Checklist]:
    checklists: dict[str, Checklist] = {}
    for source in sources:
        shown = f"content/{source}"
        checklist_id = Path(source).stem
        if not re.match(r"^[A-Za-z][A-Za-z0-9_-]*$", checklist_id):
            report.error(Location(shown), f"'{checklist_id}' cannot be a checklist id: name the "
                         "file with a letter, then letters, digits, '_' or '-'")
            continue
        if checklist_id in checklists:
            first = checklists[checklist_id].location.path
            report.error(Location(shown), f"a second checklist with the id '{checklist_id}' "
                         f"(the first is {first}): checklist ids are unique across the kit, "
                         "since rule files name their checklist by id; rename one of the files")
            continue
        node, lines = kit_files.parse(shown, report)
        if node is None:
            continue
        markdown = _markdown_in(shown, source, lines, kit_files.targets, report, texts)
        checklist = build_checklist(checklist_id, source, node, markdown, report, texts)
        if checklist:
            checklists[checklist_id] = checklist
    return checklists


def _markdown_in(shown: str, source: str, lines: list[str], targets: LinkTargets,
                 report: Problems, texts: Texts) -> Callable[[str, Location], str]:
    """Markdown written in the YAML file `shown` (or, translated, in a catalogue), whose
    links count from `source`."""
    catalogue = texts.catalogue
    translated = (catalogue.path, list(catalogue.lines)) if catalogue else ("", [])

    def markdown(text: str, loc: Location) -> str:
        # a problem is looked for in the file the text is written in
        written = lines if loc.path == shown else \
            translated[1] if loc.path == translated[0] else None
        return render_markdown(text, loc, source, targets, report, written)

    return markdown


def _check_urls(pages: tuple[Page, ...], checklists: dict[str, Checklist],
                report: Problems) -> None:
    taken = {c.url: c.location for c in checklists.values()}
    for checklist in checklists.values():  # one in a section named assets/ or pdf/
        if checklist.url.startswith(RESERVED_DIRS):
            report.error(Location(f"content/{checklist.source}"), "this checklist would be "
                         f"published as '{checklist.url}', which the build uses for something "
                         "else; move its folder")
    for page in pages:
        if page.url in BUILT_IN_ONLY:
            report.error(page.location, f"this page would be published as '{page.url}', which "
                         f"is {BUILT_IN_ONLY[page.url]}; rename the file")
        elif page.url in taken or page.url.startswith(RESERVED_DIRS):
            report.error(page.location, f"this page would be published as '{page.url}', which "
                         "the build uses for something else; rename the file")
        taken[page.url] = page.location


def _load_rule_sets(kit_files: _Files, checklists: dict[str, Checklist],
                    report: Problems, texts: Texts) -> tuple[RuleSet, ...]:
    rule_sets = []
    for shown in kit_files.rule_files:
        if shown.startswith(TESTS):
            continue
        node, lines = kit_files.parse(shown, report)
        if node is None:
            continue
        # Advice is shown on pages at many depths: its links count from content/.
        markdown = _markdown_in(shown, "advice.md", lines, kit_files.targets, report, texts)
        rule_set = build_rule_set(shown, node, checklists, markdown, report,
                                  kit_files.failed, texts)
        if rule_set:
            rule_sets.append(rule_set)
    return tuple(rule_sets)


def _load_rule_tests(root: Path, sources: list[str], checklists: dict[str, Checklist],
                     report: Problems, failed: set[str]) -> tuple[RuleTest, ...]:
    # Answers are checked against a checklist only when it has no errors of its own:
    # a question lost to a mistake there would make every test that answers it wrong too.
    broken = {c.id for c in checklists.values()
              if any(d.location.path == f"content/{c.source}" for d in report.errors)}
    tests = []
    for shown in sources:
        node, _ = _parse_file(root, shown, report)
        if node is not None and (test := build_rule_test(shown, node, checklists, report,
                                                         unchecked=broken, failed=failed)):
            tests.append(test)
    return tuple(tests)


def _check_rule_ids(rule_sets: tuple[RuleSet, ...], report: Problems) -> None:
    seen: dict[str, Location] = {}
    for rule_set in rule_sets:
        for rule in rule_set.rules:
            if rule.id in seen:
                report.error(rule.location, f"the rule id '{rule.id}' is already used at "
                             f"{seen[rule.id]}; rule ids must be unique across the kit")
            else:
                seen[rule.id] = rule.location


def choose_checklist(kit: Kit, wanted: str | None, where: Location) -> Checklist:
    """The checklist named (by --checklist or a saved file), or the kit's only one."""
    ids = list(kit.checklists)
    if not ids:
        raise KitError([Diagnostic(where, "the kit has no checklist; add one in "
                                   "content/checklists/")])
    name = wanted if wanted is not None else (ids[0] if len(ids) == 1 else None)
    if name is None:
        raise KitError([Diagnostic(where, "the kit has several checklists "
                                   f"({', '.join(ids)}); name one with --checklist")])
    if name not in kit.checklists:
        raise KitError([Diagnostic(where, f"unknown checklist '{name}'"
                                   f"{did_you_mean(name, ids)}; checklists: {', '.join(ids)}")])
    return kit.checklists[name]
