"""The HTML site: content pages, assessment pages, print materials, assets, static files.

Every page is a Jinja template (the kit's own first, then the built-in one) given
plain data; every link in the output is relative to the page it is in, so the
site works from disk and at any sub-path.
"""

from __future__ import annotations

import posixpath
import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field, replace
from functools import cached_property
from pathlib import Path
from typing import Any

import jinja2
from markupsafe import Markup, escape

from site_builder import __version__
from site_builder.cache import code_digest, digest
from site_builder.diagnostics import Diagnostic, Location, Problems
from site_builder.engine.compile import compile_checklist
from site_builder.engine.document import RuleData, RulesDocument, document_json
from site_builder.i18n import Words
from site_builder.model import Checklist, Kit, Page, folder_of
from site_builder.parallel import Workers
from site_builder.render.catalogue import advice_catalogue
from site_builder.render.chart import chart_svg
from site_builder.render.dates import date_locale
from site_builder.render.fields import insert_fields
from site_builder.render.hosting import (
    NOT_FOUND_URL,
    Hosting,
    not_found_paths,
    plan_hosting,
    site_files,
    standalone_context,
    write_hosting,
)
from site_builder.render.languages import (
    SiteLanguages,
    language_folder,
    language_kits,
    refuse_language_folders,
    site_languages,
)
from site_builder.render.links import Placement
from site_builder.render.navigation import (
    CONTENTS_URL,
    FACILITATORS_TITLE,
    FACILITATORS_URL,
    HOME_URL,
    MATERIALS_URL,
    Level,
    Menu,
    Navigation,
    build_navigation,
)
from site_builder.render.outline import page_outline, scrolling_tables, split_heading
from site_builder.render.output import SiteOutput, inside
from site_builder.render.pdf.jobs import PdfTarget, pdf_targets
from site_builder.render.search import (
    SEARCH_URL,
    PageTexts,
    search_assets,
    search_wanted,
    write_search,
)
from site_builder.render.site_address import assessment_url
from site_builder.render.templating import (
    TemplateError,
    kit_templates_dir,
    make_environment,
    render_template,
)
from site_builder.render.theme import theme_css
from site_builder.render.words import format_decimal, kit_words
from site_builder.render.worksheet import worksheet_context

BUILTIN_ASSETS = Path(__file__).parent / "assets"
PDF_ONLY_ASSETS = frozenset({"pdf.css", "report.css"})
BUILT_IN = Location("<built-in>")


@dataclass(frozen=True)
class Material:
    """A PDF as the materials page lists it."""

    target: PdfTarget
    details: str  # e.g. "PDF, A4, 48 KB"


@dataclass(frozen=True)
class PageJob:
    """One HTML file to render: where it goes, with which template and data."""

    url: str
    template: str
    title: str
    description: str
    location: Location
    what: str  # how messages name it, e.g. "page 'content/guide.md'"
    extra: Mapping[str, Any] = field(default_factory=dict)
    page: Page | None = None  # a content page: its body is given, re-based, as `content`


def render_site(kit: Kit, compiled: Mapping[str, RulesDocument], out: Path) -> list[Path]:
    """Write the HTML site into the empty folder `out`, in this process; returns the files
    written (its print materials page lists no PDF: there is none)."""
    return write_materials(write_site(kit, compiled, SiteOutput(out, Problems())), ()).written


@dataclass(frozen=True)
class SitePages:
    """The site written but for its print materials pages (see `write_materials`)."""

    works: tuple[SiteWork, ...]  # one per language, the source first
    output: SiteOutput

    @property
    def work(self) -> SiteWork:
        """The source language's."""
        return self.works[0]


@dataclass(frozen=True)
class Version:
    """The site in one language: its kit, rules, navigation and pages."""

    code: str
    kit: Kit
    compiled: Mapping[str, RulesDocument]
    navigation: Navigation
    jobs: list[PageJob]


def write_site(kit: Kit, compiled: Mapping[str, RulesDocument], output: SiteOutput,
               workers: Workers | None = None, texts: PageTexts | None = None) -> SitePages:
    """Write the HTML site through `output`, all but the print materials pages, which give
    the sizes of the PDFs; problems are collected in `output.report`. A kit in several
    languages gets the source's site at the root and each translation's in its folder
    (`fr/`), the assets and static files shared (see `render/languages.py`).

    A page whose inputs are those of the previous build's page is linked from it; the
    others are rendered and written over `workers` (none: in this process), each into the
    file this process claimed for it (so pages need not travel back, nor wait in memory)."""
    shipped = shipped_assets(kit)
    hosting, made = plan_hosting(kit, shipped, output.report)
    shared = frozenset([*site_files(kit, shipped, made), *kit.static_files])
    if refuse_language_folders(kit, output.report):
        return SitePages((), output)
    versions = plan_versions(kit, compiled, shared)
    languages = site_languages(
        kit, {v.code: {*(job.url for job in v.jobs), MATERIALS_URL, NOT_FOUND_URL}
              for v in versions}, shared)
    works = []
    for version in versions:
        work = SiteWork(version.kit, version.navigation,
                        PageKeys(version.kit, version.navigation, hosting, languages),
                        hosting, languages, version.code)
        works.append(work)
        folder = work.placement.folder
        write_pages(work, version.jobs, output, workers)
        for checklist in version.kit.checklists.values():
            document = document_json(version.compiled[checklist.id], checklist.location,
                                     indent=2) + "\n"
            output.write_text(folder + compiled_path(checklist), document,
                              checklist.location, "the compiled rules")
        write_search(version.kit, output, texts, folder)
        claim_pdfs(version.kit, output, folder)
    write_assets(kit, output)
    write_hosting(kit, hosting, made, {v.code: [job.url for job in v.jobs] + [MATERIALS_URL]
                                       for v in versions},
                  {language.code: language.folder for language in languages.languages}, output)
    for version, work in zip(versions, works, strict=True):
        if NOT_FOUND_URL not in {job.url for job in version.jobs}:  # a kit's own 404.md is kept
            write_not_found(work, site_files(kit, shipped, made), output)
    copy_static_files(kit, output)
    return SitePages(tuple(works), output)


def plan_versions(kit: Kit, compiled: Mapping[str, RulesDocument],
                  shared: frozenset[str]) -> list[Version]:
    """The site in each of the kit's languages, the source first. A translation's rules are
    compiled from its own kit (the same logic, its texts translated)."""
    versions = []
    for code, version in language_kits(kit):
        documents = compiled if version is kit else {
            cid: compile_checklist(version, cid) for cid in version.checklists}
        navigation = build_navigation(version)
        placement = Placement(language_folder(kit, code), shared)
        jobs = plan_pages(version, documents, navigation, placement)
        if version is not kit:
            jobs = mark_untranslated(jobs, kit)
        versions.append(Version(code, version, documents, navigation, jobs))
    return versions


def mark_untranslated(jobs: list[PageJob], source: Kit) -> list[PageJob]:
    """A translation's pages that are the source's as they are (not translated yet: the
    source's shown in their place) say the source's language, so that a screen reader
    reads them in it (WCAG 3.1.2)."""
    html = {page.url: page.html for page in source.pages}
    marked = []
    for job in jobs:
        page = job.extra.get("page")
        if isinstance(page, Page) and html.get(page.url) == page.html:
            job = replace(job, extra={**job.extra, "untranslated": source.languages[0]})
        marked.append(job)
    return marked


def compiled_path(checklist: Checklist) -> str:
    """The compiled rules, beside the assessment page: checklists/network.json."""
    return f"{posixpath.splitext(checklist.url)[0]}.json"


def claim_pdfs(kit: Kit, output: SiteOutput, folder: str = "") -> None:
    """The PDF step writes straight into the folder: its files are claimed here, so that a
    kit file published at the same path is reported, not silently replaced. A
    translation's PDFs are in its language's folder, as its pages are."""
    for target in pdf_targets(kit):
        output.claim(folder + target.path, target.location, f"the PDF {folder}{target.path}")


def write_materials(site: SitePages, pdfs: Sequence[Path]) -> SiteOutput:
    """The print materials page of each language, with the size of each of the `pdfs`
    written; then any problem of the whole site raises `KitError`."""
    for work in site.works:
        job = materials_job(work.kit, site.output.root / work.placement.folder,
                            frozenset(pdfs), work.navigation)
        write_pages(work, [job], site.output, None)
    site.output.report.raise_if_errors()
    return site.output


def write_pages(work: SiteWork, jobs: list[PageJob], output: SiteOutput,
                workers: Workers | None) -> None:
    todo: list[tuple[PageJob, Path, str | None]] = []
    folder = work.placement.folder
    for job in jobs:
        # A page's key is needed here only to compare it with the previous build's; else
        # the process that renders the page makes it (for the next build).
        key = work.keys.key(job) if output.had(folder + job.url) else None
        if key is None or not output.reuse(folder + job.url, key, job.location, job.what):
            path = output.claim(folder + job.url, job.location, job.what)
            if path is not None:
                todo.append((job, path, key))
    if workers is None:
        made = _render_html_chunk(work, todo)
    else:
        made = workers.map(_render_html_chunk, work, todo, "HTML page")
    for (job, path, _), (problem, key) in zip(todo, made, strict=True):
        if problem is None:
            output.wrote(folder + job.url, path, key)
        else:
            output.report.extend([problem])


@dataclass(frozen=True)
class SiteWork:
    """What a process needs to render pages; it compiles the templates once, however many
    chunks of pages it is given (a worker is sent this once per build)."""

    kit: Kit  # in the language of its pages
    navigation: Navigation
    keys: PageKeys
    hosting: Hosting
    languages: SiteLanguages
    language: str  # the code of the language of its pages

    @property
    def placement(self) -> Placement:
        return self.languages.placement(self.language)

    @cached_property
    def templates(self) -> tuple[jinja2.Environment, Menu]:
        return make_environment(self.kit), Menu(self.navigation.menu)

    def __getstate__(self) -> dict[str, Any]:
        # compiled where the pages are rendered
        return {"kit": self.kit, "navigation": self.navigation, "keys": self.keys,
                "hosting": self.hosting, "languages": self.languages,
                "language": self.language}


def _render_html_chunk(work: SiteWork, jobs: Sequence[tuple[PageJob, Path, str | None]]
                  ) -> list[tuple[Diagnostic | None, str]]:
    """Each page rendered and written to its path: the problem of each that failed, and the
    key of each (made here when not given)."""
    env, menu = work.templates
    results = []
    for job, path, key in jobs:
        html, problem = page_html(env, work, job, menu)
        if html is not None:
            path.write_text(html, encoding="utf-8")
        results.append((problem, key or (work.keys.key(job) if problem is None else "")))
    return results


# Built-in templates (with those they extend and include) that read nothing of `kit`:
# a page made from one depends only on its own job, the site and the navigation.
KIT_FREE_TEMPLATES = frozenset({"page.html", "home.html", "checklist.html", "about.html",
                                "materials.html", "facilitators.html", "search.html",
                                "404.html"})


class PageKeys:
    """The key of a page: a hash of everything its HTML is made from, so that an unchanged
    page is reused, never stale. Its job holds its own data (a content page's model, a
    checklist's compiled rules, the PDFs' sizes); a template that may read the whole kit
    (home.html, or any kit template) adds the whole kit to the key."""

    def __init__(self, kit: Kit, navigation: Navigation, hosting: Hosting,
                 languages: SiteLanguages | None = None) -> None:
        self.kit = kit
        folder = kit_templates_dir(kit)
        files = sorted(p for p in folder.rglob("*") if p.is_file()) if folder else []
        self.own_templates = any(p.suffix == ".html" for p in files)
        self.shared = digest(*(part for p in files for part in (str(p), p.read_bytes())),
                             repr(kit.site), repr(navigation), repr(search_wanted(kit)),
                             repr(hosting), languages.fingerprint() if languages else "")
        self._kit: str | None = None

    def key(self, job: PageJob) -> str:
        parts = [self.shared, repr(job)]
        if self.own_templates or job.template not in KIT_FREE_TEMPLATES:
            if self._kit is None:
                self._kit = digest(repr(self.kit))
            parts.append(self._kit)
        return digest(code_digest(), *parts)


# ... and those of sections, which read their level from the navigation
KIT_FREE_TEMPLATES |= {"section.html", "contents.html"}


def plan_pages(kit: Kit, compiled: Mapping[str, RulesDocument], navigation: Navigation,
               placement: Placement | None = None) -> list[PageJob]:
    """Every page but the print materials (see `materials_job`)."""
    targets = pdf_targets(kit)
    words = kit_words(kit)
    title = {"title": kit.site.title}
    jobs = [content_job(page, targets, navigation, words) for page in kit.pages]
    jobs += [checklist_job(c, compiled[c.id], targets, words, placement or Placement())
             for c in kit.checklists.values()]
    urls = {page.url for page in kit.pages}
    for level in navigation.sections:
        if level.url not in urls:
            jobs.append(PageJob(level.url, "section.html", level.title, level.description,
                                kit.sections[level.folder].location,
                                f"the index page of the section 'content/{level.folder}/'",
                                section_extra(level, targets)))
    root = navigation.root
    if root is not None and root.shown != root.entries and CONTENTS_URL not in urls:
        jobs.append(PageJob(CONTENTS_URL, "contents.html", words.gettext("All pages"),
                            words.gettext("Every page of %(title)s.") % title, BUILT_IN,
                            "the built-in contents page", {"level": root}))
    if HOME_URL not in urls and navigation.library:  # the built-in home page, a library
        jobs.append(PageJob(HOME_URL, "home.html", kit.site.title, kit.site.subtitle,
                            BUILT_IN, "the built-in home page",
                            {"heading": kit.site.title,
                             "library": library_cards(navigation, targets)}))
        urls.add(HOME_URL)
    if "about.html" not in urls:
        jobs.append(PageJob("about.html", "about.html", words.gettext("About"),
                            words.gettext("About %(title)s.") % title,
                            BUILT_IN, "the built-in about page"))
    if HOME_URL not in urls:
        jobs.append(PageJob(HOME_URL, "home.html", kit.site.title, kit.site.subtitle,
                            BUILT_IN, "the built-in home page", {"heading": kit.site.title}))
    if SEARCH_URL not in urls and search_wanted(kit):
        jobs.append(PageJob(SEARCH_URL, "search.html", words.gettext("Search"),
                            words.gettext("Search the pages of %(title)s.") % title,
                            BUILT_IN,
                            "the built-in search page"))
    if navigation.facilitators and not navigation.own_index:
        jobs.append(PageJob(FACILITATORS_URL, "facilitators.html",
                            words.gettext(FACILITATORS_TITLE), words.gettext(
                                "Everything for running the workshop: guides and print "
                                "materials."),
                            BUILT_IN, "the built-in facilitators' page"))
    return jobs


def materials_job(kit: Kit, out: Path, pdfs: frozenset[Path],
                  navigation: Navigation) -> PageJob:
    materials = [Material(t, material_details(kit, out / t.path, pdfs))
                 for t in pdf_targets(kit)]
    words = kit_words(kit)
    return PageJob("materials.html", "materials.html", words.gettext("Print materials"),
                   words.gettext("Worksheets and handouts to print for the workshop."), BUILT_IN,
                   "the print materials page",
                   {"materials": materials, "groups": material_groups(navigation, materials)})


@dataclass(frozen=True)
class MaterialGroup:
    """The print materials of one section (the root's first, titled ""), for the materials
    page of a kit with sections."""

    title: str
    anchor: str  # its id on the materials page
    materials: tuple[Material, ...]


def material_groups(navigation: Navigation, materials: list[Material]
                    ) -> tuple[MaterialGroup, ...]:
    """The materials by section, in the order of the site; () for a kit without sections."""
    if not navigation.levels:
        return ()
    groups = []
    for level in (navigation.levels[""], *navigation.sections):
        own = tuple(m for m in materials if target_folder(m.target) == level.folder)
        if own:
            # a section inside another is named with those it is in: "Networking: Extras"
            titles = [i.title for i in navigation.trail(level.url)[1:]]
            title = ": ".join([*titles, level.title]) if level.folder else ""
            groups.append(MaterialGroup(title, materials_anchor(level.folder), own))
    # all of them the root's: one list, as in a kit without sections
    return tuple(groups) if any(group.title for group in groups) else ()


def target_folder(target: PdfTarget) -> str:
    """The section a PDF belongs to: its checklist's or its page's."""
    if target.checklist is not None:
        return folder_of(target.checklist.source)
    return folder_of(target.page.source) if target.page is not None else ""


def materials_anchor(folder: str) -> str:
    """The id of a section's group on the materials page: materials-networking."""
    return "materials-" + (re.sub(r"[^A-Za-z0-9_-]+", "-", folder).strip("-") or "general")


@dataclass(frozen=True)
class SectionCard:
    """A top-level section as the library's home page shows it."""

    level: Level
    materials: int  # its PDFs and its sections' PDFs
    anchor: str  # its group on the materials page


def section_extra(level: Level, targets: list[PdfTarget]) -> dict[str, Any]:
    """What a section's index page shows beside its introduction: its entries, and how many
    of the print materials are its own."""
    count = sum(1 for t in targets if target_folder(t) == level.folder)
    return {"level": level, "heading": level.title, "materials_count": count,
            "materials_anchor": materials_anchor(level.folder)}


def library_cards(navigation: Navigation, targets: list[PdfTarget]) -> tuple[SectionCard, ...]:
    cards = []
    for level in navigation.top_sections:
        inside_it = [t for t in targets if (target_folder(t) + "/").startswith(level.folder + "/")]
        cards.append(SectionCard(level, len(inside_it), materials_anchor(level.folder)))
    return tuple(cards)


def content_job(page: Page, targets: list[PdfTarget], navigation: Navigation,
                words: Words) -> PageJob:
    pdf = next((t for t in targets if t.page is not None and t.page.url == page.url), None)
    extra: dict[str, Any] = {"page": page, "pdf": pdf, "outline": page_outline(page, words)}
    shown = page
    level = navigation.levels.get(navigation.folder(page.url))
    if level is not None and level.folder and level.url == page.url:
        extra.update(section_extra(level, targets))
        extra["heading"], shown = split_heading(page)
    if page.url == HOME_URL:
        # The home page's banner holds its heading: its body goes on without it.
        extra["heading"], shown = split_heading(page)
        if navigation.library:
            extra["library"] = library_cards(navigation, targets)
    return PageJob(page.url, page.layout, page.title, page.description, page.location,
                   f"page '{page.location.path}'", extra, shown)


def checklist_job(checklist: Checklist, document: RulesDocument,
                  targets: list[PdfTarget], words: Words, placement: Placement) -> PageJob:
    worksheet = next(t for t in targets if t.checklist == checklist)
    extra = {
        **worksheet_context(checklist, words=words),
        "compiled": embedded_document(document, checklist.url, placement),
        "catalogue": advice_catalogue(checklist, document, words),
        "worksheet": worksheet,
        "chart": chart_svg(checklist, ids="results-chart-svg", mark_slot=True, words=words),
    }
    return PageJob(checklist.url, "checklist.html", checklist.title,
                   f"A self-assessment: {checklist.title}", checklist.location,
                   f"checklist '{checklist.location.path}'", extra)


def embedded_document(document: RulesDocument, page_url: str,
                      placement: Placement | None = None) -> RulesDocument:
    """The compiled document as the assessment page at `page_url` embeds it: the same rules,
    with the links in each advice's HTML re-based for that page, so the page's script can
    insert the HTML as it is (the `.json` file beside it keeps content-root links)."""

    def rebased(rule: RuleData) -> RuleData:
        advice = rule["advice"]
        html = (placement or Placement()).rebase(advice["html"], page_url)
        return {**rule, "advice": {**advice, "html": html}}

    return {**document, "rules": [rebased(rule) for rule in document["rules"]]}


def material_details(kit: Kit, path: Path, pdfs: frozenset[Path]) -> str:
    """"PDF, A4, 48 KB": the size only when the PDF was written."""
    parts = ["PDF", kit.site.paper]
    if path in pdfs:
        size = format_decimal(max(1, round(path.stat().st_size / 1024)), kit.site.language)
        parts.append(kit_words(kit).gettext("%(size)s KB") % {"size": size})
    return ", ".join(parts)


def page_html(env: jinja2.Environment, work: SiteWork, job: PageJob, menu: Menu
              ) -> tuple[str | None, Diagnostic | None]:
    """The page's HTML, or the problem that stopped it."""
    kit, navigation, hosting = work.kit, work.navigation, work.hosting
    placement = work.placement
    language = work.languages.language(work.language)
    context = {
        "site": kit.site,
        "kit": kit,
        "menu": menu.items_for(job.url),
        "menu_html": menu.html_for(job.url),
        "current_url": job.url,
        "page_title": job.title,
        "description": job.description or kit.site.subtitle,
        "navigation": navigation,
        "pager": navigation.pager(job.url),
        "area_index": navigation.area_index(job.url),
        "trail": navigation.trail(job.url),
        "section_menu": navigation.section_menu(job.url),
        "date_locale": date_locale(kit.site.language),
        "version": __version__,
        "assessment_url": assessment_url(kit, job.page.source if job.page else ""),
        "hosting": hosting,  # the `url` filter adds a shipped file's version
        # where the page's language is: links to the assets leave a translation's folder
        "placement": placement,
        "text_direction": language.direction,
        "languages": work.languages.switcher(work.language, job.url),
        "alternates": work.languages.alternates(job.url, hosting.address)
        if hosting.base_url else (),
        **hosting.head_for(job.url, placement.folder),
        **job.extra,
    }
    if job.page is not None:
        # Tables scroll in their own box; the handout's fields are drawn in afterwards.
        context["content"] = insert_fields(
            env, scrolling_tables(placement.rebase(job.page.html, job.page.url), kit_words(kit)),
            job.page,
            forms=False)
        if "untranslated" in job.extra:
            source = work.languages.language(str(job.extra["untranslated"]))
            context["content"] = Markup(
                f'<div class="untranslated" lang="{escape(source.code)}" '
                f'dir="{source.direction}">\n') + context["content"] + Markup("</div>\n")
    try:
        return render_template(env, job.template, context, kit, f"while rendering {job.what}"), None
    except jinja2.TemplateNotFound:
        return None, Diagnostic(job.location, f"layout '{job.template}' not found: there is no "
                                f"templates/{job.template} in the kit and no built-in template "
                                "of that name")
    except TemplateError as problem:
        return None, problem.diagnostic


def write_not_found(work: SiteWork, files: Mapping[str, bytes], output: SiteOutput) -> None:
    """`404.html`, for the host to serve at any missing address, at any depth: with a
    `base_url`, a page of the site whose links start at the host's root; without, a page
    that needs no other file (see `hosting.standalone_context`). A translation has its own
    in its folder (hosts that serve the nearest 404.html up the path show it in its
    language)."""
    kit = work.kit
    folder = work.placement.folder
    extra = {"canonical_url": ""}  # a missing page has no address of its own
    if not kit.site.base_url:
        extra |= standalone_context(kit, work.hosting, files)
    job = PageJob(NOT_FOUND_URL, "404.html", kit_words(kit).gettext("Page not found"), "",
                  BUILT_IN,
                  "the page for missing addresses (404.html)", extra)
    key = work.keys.key(job)
    if output.had(folder + job.url) and output.reuse(folder + job.url, key, job.location,
                                                      job.what):
        return
    env, menu = work.templates
    html, problem = page_html(env, work, job, menu)
    path = output.claim(folder + job.url, job.location, job.what) if html is not None else None
    if html is None or path is None:
        output.report.extend([problem] if problem else [])
        return
    if kit.site.base_url:
        html = not_found_paths(html, kit.site.base_url, folder)
    path.write_text(html, encoding="utf-8")
    output.wrote(folder + job.url, path, key)


def shipped_assets(kit: Kit) -> dict[str, bytes]:
    """What `write_assets` writes, by path in the site: the hosting plan versions them."""
    files = {f"assets/{source.name}": source.read_bytes()
             for source in sorted(BUILTIN_ASSETS.iterdir())
             if source.is_file() and source.name not in PDF_ONLY_ASSETS}
    files["assets/theme.css"] = theme_css(kit.site.colors).encode("utf-8")
    files.update(search_assets(kit))
    return files


def write_assets(kit: Kit, output: SiteOutput) -> None:
    """The built-in CSS (and scripts) under `assets/`, and `assets/theme.css` from site.yaml."""
    for source in sorted(BUILTIN_ASSETS.iterdir()):
        if source.is_file() and source.name not in PDF_ONLY_ASSETS:
            output.copy(f"assets/{source.name}", source, BUILT_IN, f"the asset '{source.name}'")
    output.write_text("assets/theme.css", theme_css(kit.site.colors), Location("site.yaml"),
                      "the colour theme")


def copy_static_files(kit: Kit, output: SiteOutput) -> None:
    """Publish the kit's non-page files at the same path; only real files inside the kit."""
    content = kit.root / "content"
    for relative in kit.static_files:
        source = content / relative
        location = Location(f"content/{relative}")
        if not inside(source, kit.root):
            output.report.extend([Diagnostic(location, "is a link to a file outside the kit; "
                                             "only files inside the kit are published")])
        elif not source.is_file():
            output.report.error(location, "is not a readable file")
        else:
            output.copy(relative, source, location, "the static file")
