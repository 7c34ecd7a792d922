"""Load a kit folder into the Kit model, reporting every problem of every file at once."""

from __future__ import annotations

import posixpath
import re
from dataclasses import dataclass
from pathlib import Path
from typing import get_args

from site_builder.diagnostics import Diagnostic, KitError, Location, Problems, did_you_mean
from site_builder.kit.active_content import check_static_file
from site_builder.kit.checklist import build_checklist
from site_builder.kit.files import check_templates, files, read
from site_builder.kit.markdown import LinkTargets, render_markdown
from site_builder.kit.page_memo import PageMemo
from site_builder.kit.pages import expect_work, page_url, read_pages, render_pages
from site_builder.kit.rules import build_rule_set, build_rule_test
from site_builder.kit.sections import build_sections, draft_folders, in_drafts
from site_builder.kit.shapes import Choice, Fields, Key, Pattern, Record, Text
from site_builder.kit.yamlfile import YamlError, YNode, parse_yaml
from site_builder.model import Checklist, Kit, Page, Paper, Site, folder_of
from site_builder.model.rules import RuleSet, RuleTest
from site_builder.parallel import Workers

HEX_COLOUR = re.compile(r"^#(?:[0-9a-fA-F]{3}|[0-9a-fA-F]{6})$")
LANGUAGE = re.compile(r"^[a-zA-Z]{2,3}(?:-[a-zA-Z0-9]{2,8})*$")
GENERATED_PAGES = frozenset({"materials.html", "about.html", "index.html"})
RESERVED_DIRS = ("assets/", "pdf/")
BUILT_IN_ONLY = {"materials.html": "the built-in print materials page (it lists the PDFs)"}
TESTS = "rules/tests/"  # rule tests; the other YAML files in rules/ are rules


@dataclass(frozen=True)
class ColorsEntry(Record):
    primary: str | None = None  # None when absent or wrong (reported)
    accent: str | None = None

    def given(self) -> dict[str, str]:
        return {key: value for key, value in (("primary", self.primary),
                                              ("accent", self.accent)) if value is not None}


@dataclass(frozen=True)
class SiteFile(Record):
    title: str
    subtitle: str | None = None
    organisation: str | None = None
    language: str | None = None
    base_url: str | None = None
    paper: Paper | None = None
    colors: ColorsEntry | None = None
    logo: str | None = None


SITE = Fields(SiteFile, {
    "title": Key(Text(), required=True, doc="the workshop's title, on every page and PDF"),
    "subtitle": Key(Text(), doc="a line under the title on the home page"),
    "organisation": Key(Text(), doc="who publishes the workshop, shown in the footer"),
    "language": Key(Pattern(pattern=LANGUAGE, hint="use a language tag such as en or en-GB"),
                    doc="the language tag of the content, e.g. en or en-GB (default: en)"),
    "base_url": Key(Pattern(pattern=re.compile(r"^(https?://\S+)?$"),
                            hint="use the site's address, e.g. https://example.org/workshop/"),
                    doc="the published site's address, e.g. https://example.org/workshop/: "
                    "printed with a QR code and in PDFs' links; with it, each page names its "
                    "canonical address and link preview, sitemap.xml and robots.txt are "
                    "written, and 404.html links from the host's root"),
    "paper": Key(Choice(values=get_args(Paper)), doc="the PDFs' paper size (default: A4)"),
    "colors": Key(Fields(ColorsEntry, {
        "primary": Key(Pattern(pattern=HEX_COLOUR, hint="use a colour such as #1f5f8b"),
                       doc="the main brand colour (links, buttons), e.g. #1f5f8b", lenient=True),
        "accent": Key(Pattern(pattern=HEX_COLOUR, hint="use a colour such as #c0562b"),
                      doc="the second brand colour, e.g. #c0562b", lenient=True),
    }, name="'colors'"), doc="brand colours; text colours are derived with safe contrast"),
    "logo": Key(Text(), doc="an image file in content/, e.g. images/logo.svg: in every "
                "page's header and the favicon (a PNG or JPEG also the link-preview image)"),
}, name="site.yaml")


def load_kit(root: Path, memo: PageMemo | None = None, workers: Workers | None = None
             ) -> Kit:
    """Read and validate the whole kit; raise KitError with every problem found.

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
    site = _load_site(root, static, report)
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
    checklists = _load_checklists(root, checklist_files, targets, report)
    # A checklist refused for its own errors is no unknown checklist to its rule files;
    # nor is one in a draft section, whose rules are left out with it.
    failed = ({Path(source).stem for source in checklist_files} - set(checklists)
              | draft_checklists)
    pages = render_pages(fronts, targets, report, memo, workers)
    if memo is not None:  # kept even when another file has errors: those pages are sound
        memo.save()
    _check_urls(pages, checklists, report)
    rule_files = [f"rules/{p}" for p in files(root, "rules", report)
                  if p.endswith((".yaml", ".yml"))]
    rule_sets = _load_rule_sets(root, [f for f in rule_files if not f.startswith(TESTS)],
                                checklists, targets, report, failed)
    rule_tests = _load_rule_tests(root, [f for f in rule_files if f.startswith(TESTS)],
                                  checklists, report, failed)
    _check_rule_ids(rule_sets, report)
    report.raise_if_errors()
    assert site is not None
    templates = root / "templates"
    return Kit(root, site, pages, checklists, rule_sets, rule_tests, static,
               templates if templates.is_dir() else None,
               build_sections([*(p.source for p in pages), *checklists_sources(checklists)], pages))


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


def _load_site(root: Path, static: tuple[str, ...], report: Problems) -> Site | None:
    if not (root / "site.yaml").is_file():
        report.error(Location("site.yaml"), f"no site.yaml in {root}: is this a kit folder? "
                     "(use --kit DIR to name one, or 'site-builder new DIR' to start one)")
        return None
    node, _ = _parse_file(root, "site.yaml", report)
    if node is None:
        return None
    data = SITE.check(node, report, "site.yaml")
    if data is None:
        return None
    logo = data.logo or ""
    if logo and logo not in static:
        report.error(data.value_loc("logo"), f"'logo' names '{logo}', which is not a "
                     f"file in content/{did_you_mean(logo, static)}")
    return Site(
        title=data.title, subtitle=data.subtitle or "",
        organisation=data.organisation or "", language=data.language or "en",
        base_url=data.base_url or "", paper=data.paper or "A4",
        colors=data.colors.given() if data.colors else {},
        logo=logo,
    )


def _load_checklists(root: Path, sources: list[str], targets: LinkTargets,
                     report: Problems) -> dict[str, Checklist]:
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
        node, lines = _parse_file(root, shown, report)
        if node is None:
            continue

        def markdown(text: str, loc: Location, source: str = source,
                     lines: list[str] = lines) -> str:
            return render_markdown(text, loc, source, targets, report, lines)

        checklist = build_checklist(checklist_id, source, node, markdown, report)
        if checklist:
            checklists[checklist_id] = checklist
    return checklists


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


def _load_rule_sets(root: Path, sources: list[str], checklists: dict[str, Checklist],
                    targets: LinkTargets, report: Problems,
                    failed: set[str]) -> tuple[RuleSet, ...]:
    rule_sets = []
    for shown in sources:
        node, lines = _parse_file(root, shown, report)
        if node is None:
            continue

        def markdown(text: str, loc: Location, lines: list[str] = lines) -> str:
            # Advice is shown on pages at many depths: its links count from content/.
            return render_markdown(text, loc, "advice.md", targets, report, lines)

        rule_set = build_rule_set(shown, node, checklists, markdown, report, failed)
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
