"""Load a kit folder into the Kit model, reporting every problem of every file at once."""

from __future__ import annotations

import re
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from site_builder.agenda import AGENDA_KEYS, build_agenda, is_valid_agenda
from site_builder.cache import BuildCache
from site_builder.checklist import build_checklist
from site_builder.content import LinkTargets, plain_meta, read_front_matter, render_markdown
from site_builder.diagnostics import Diagnostic, KitError, Location, Report, did_you_mean
from site_builder.engine.model import RuleSet, RuleTest
from site_builder.model import Checklist, Kit, Page, Site
from site_builder.page_cache import PageMemo, RememberedPage
from site_builder.rulefile import build_rule_set, build_rule_test
from site_builder.schema import (
    INVALID,
    Choice,
    Fields,
    Flag,
    JsonSchema,
    Key,
    Number,
    Shape,
    Text,
    is_valid,
)
from site_builder.workers import SERIAL, Workers
from site_builder.yamlfile import YamlError, YMap, YNode, parse_yaml, read_text

HEX_COLOUR = re.compile(r"^#(?:[0-9a-fA-F]{3}|[0-9a-fA-F]{6})$")
LANGUAGE = re.compile(r"^[a-zA-Z]{2,3}(?:-[a-zA-Z0-9]{2,8})*$")
TEMPLATE_NAME = re.compile(r"^[A-Za-z0-9_-]+\.html$")
GENERATED_PAGES = frozenset({"materials.html", "about.html", "index.html"})
RESERVED_DIRS = ("assets/", "pdf/")
MAX_FILE_BYTES = 2_000_000


@dataclass
class Pattern(Shape):
    """Text that must match a pattern; `hint` says what is expected."""

    pattern: re.Pattern[str] = re.compile(".*")
    hint: str = ""
    description = "text"

    def check(self, node: YNode, report: Report, what: str) -> Any:
        value = Text().check(node, report, what)
        if is_valid(value) and not self.pattern.match(value):
            report.error(node.loc, f"{what} '{value}' is not valid: {self.hint}")
            return INVALID
        return value

    def json_schema(self, defs: dict[str, JsonSchema]) -> JsonSchema:
        # No pattern here matches a number's text or blank text, which `check` also refuses.
        return {"type": "string", "minLength": 1, "pattern": self.pattern.pattern}


SITE = Fields({
    "title": Key(Text(), required=True, doc="the workshop's title, on every page and PDF"),
    "subtitle": Key(Text(), doc="a line under the title on the home page"),
    "organisation": Key(Text(), doc="who publishes the workshop, shown in the footer"),
    "language": Key(Pattern(pattern=LANGUAGE, hint="use a language tag such as en or en-GB"),
                    doc="the language tag of the content, e.g. en or en-GB (default: en)"),
    "base_url": Key(Pattern(pattern=re.compile(r"^(https?://\S+)?$"),
                            hint="use the site's address, e.g. https://example.org/workshop/"),
                    doc="the published site's address, for links in PDFs back to the site"),
    "paper": Key(Choice(values=("A4", "Letter")), doc="the PDFs' paper size (default: A4)"),
    "colors": Key(Fields({
        "primary": Key(Pattern(pattern=HEX_COLOUR, hint="use a colour such as #1f5f8b"),
                       doc="the main brand colour (links, buttons), e.g. #1f5f8b"),
        "accent": Key(Pattern(pattern=HEX_COLOUR, hint="use a colour such as #c0562b"),
                      doc="the second brand colour, e.g. #c0562b"),
    }, name="'colors'"), doc="brand colours; text colours are derived with safe contrast"),
    "logo": Key(Text(), doc="an image file in content/, e.g. images/logo.svg"),
}, name="site.yaml")
FRONT_MATTER = Fields({
    "title": Key(Text(), required=True, doc="the page's title, in the menu and the tab"),
    "description": Key(Text(), doc="a one-line summary, on the home page and in metadata"),
    "order": Key(Number(), doc="the page's place in the menu (lower first)"),
    "layout": Key(Pattern(pattern=TEMPLATE_NAME, hint="name a template file such as wide.html"),
                  doc="a template in templates/ for this page, e.g. wide.html"),
    "print": Key(Flag(), doc="true: also render the page as a PDF"),
    "draft": Key(Flag(), doc="true: leave the page out of the build"),
    **AGENDA_KEYS,
}, name="the front matter", open=True)


def load_kit(root: Path, cache: BuildCache | None = None, workers: Workers = SERIAL) -> Kit:
    """Read and validate the whole kit; raise KitError with every problem found.

    With a `cache`, pages read cleanly at an earlier build are taken from it; the others'
    Markdown is rendered over `workers`."""
    report = Report()
    root = root.resolve()
    if not root.is_dir():
        raise KitError([Diagnostic(Location(str(root)), "this kit folder does not exist")])
    _check_links_out(root, report)
    content = root / "content"
    sources = sorted(_files(content)) if content.is_dir() else []
    if not content.is_dir():
        report.error(Location("content"), "the kit has no content/ folder; add one with "
                     "at least an index.md page")
    page_files = [s for s in sources if s.endswith(".md")]
    checklist_files = [s for s in sources if _is_checklist(s)]
    static = tuple(s for s in sources if s not in page_files and s not in checklist_files)
    site = _load_site(root, static, report)
    memo = PageMemo(cache) if cache is not None else None
    fronts = _read_pages(root, page_files, report, memo)
    _expect_work(fronts, bool(checklist_files), workers)
    targets = LinkTargets(
        pages={**{s: _page_url(s) for s in fronts},
               **{s: _checklist_url(s) for s in checklist_files}},
        files=frozenset(static), generated=GENERATED_PAGES,
    )
    checklists = _load_checklists(root, checklist_files, targets, report)
    pages = _render_pages(fronts, targets, report, memo, workers)
    if memo is not None:  # kept even when another file has errors: those pages are sound
        memo.save()
    _check_urls(pages, checklists, report)
    rule_sets = _load_rule_sets(root, checklists, targets, report)
    rule_tests = _load_rule_tests(root, checklists, report)
    _check_rule_ids(rule_sets, report)
    report.raise_if_errors()
    assert site is not None
    templates = root / "templates"
    return Kit(root, site, pages, checklists, rule_sets, rule_tests, static,
               templates if templates.is_dir() else None)


def _check_links_out(root: Path, report: Report) -> None:
    """Links leading out of the kit that the reading of files one by one would not see: a
    kit folder, or a folder inside one, that is a link (its files would be left out, or read
    from elsewhere), and any link among the templates, which Jinja would follow."""
    for name in ("content", "rules", "templates"):
        folder = root / name
        entries = [folder, *folder.rglob("*")] if folder.is_dir() else [folder]
        for path in entries:
            if not path.is_symlink() or path.resolve().is_relative_to(root):
                continue
            kind = "folder" if path.is_dir() else "file"
            if kind == "file" and name != "templates":
                continue  # reported where the file is read
            report.error(Location(path.relative_to(root).as_posix()),
                         f"this {kind} is a link to '{path.resolve()}', outside the kit; "
                         f"copy the {kind} into the kit instead")


def _files(folder: Path) -> Iterator[str]:
    """Paths of the files under `folder`, relative and with '/', hidden files skipped."""
    for path in folder.rglob("*"):
        relative = path.relative_to(folder).as_posix()
        if path.is_file() and not any(part.startswith(".") for part in relative.split("/")):
            yield relative


def _is_checklist(source: str) -> bool:
    return bool(re.match(r"^checklists/[^/]+\.ya?ml$", source))


def _page_url(source: str) -> str:
    return source[: -len(".md")] + ".html"


def _checklist_url(source: str) -> str:
    return f"checklists/{Path(source).stem}.html"


def _read(root: Path, shown: str, report: Report,
          folders: dict[Path, Path] | None = None) -> str | None:
    """A kit file's text; None (reported) when it is too big, not UTF-8 or unreadable.
    `folders` keeps the folders resolved so far, for reading many files."""
    path = root / shown
    try:
        if not _real_path(path, {} if folders is None else folders).is_relative_to(root):
            report.error(Location(shown), f"this file is a link to '{path.resolve()}', outside "
                         "the kit; copy the file into the kit instead")
            return None
        if path.stat().st_size > MAX_FILE_BYTES:
            report.error(Location(shown), "this file is larger than 2 MB; split it up")
            return None
        return read_text(str(path), shown)
    except YamlError as error:
        report.extend([error.diagnostic])
    except OSError as error:
        report.error(Location(shown), f"cannot read this file: {error.strerror}")
    return None


def _real_path(path: Path, folders: dict[Path, Path]) -> Path:
    """`path.resolve()`, resolving each folder once: a file that is not a link is where its
    folder really is."""
    if path.is_symlink():
        return path.resolve()
    folder = folders.get(path.parent)
    if folder is None:
        folder = folders[path.parent] = path.parent.resolve()
    return folder / path.name


def _parse_file(root: Path, shown: str, report: Report) -> tuple[YNode | None, list[str]]:
    """The file's YAML, and its lines (to find Markdown problems inside YAML values)."""
    text = _read(root, shown, report)
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


def _load_site(root: Path, static: tuple[str, ...], report: Report) -> Site | None:
    if not (root / "site.yaml").is_file():
        report.error(Location("site.yaml"), f"no site.yaml in {root}: is this a kit folder? "
                     "(use --kit DIR to name one, or 'site-builder new DIR' to start one)")
        return None
    node, _ = _parse_file(root, "site.yaml", report)
    if node is None:
        return None
    data = SITE.check(node, report, "site.yaml")
    if data is INVALID or not all(is_valid(v) for v in data.values()):
        return None
    logo = data.get("logo") or ""
    if logo and logo not in static:
        assert isinstance(node, YMap)
        report.error(node.entries["logo"][1].loc, f"'logo' names '{logo}', which is not a "
                     f"file in content/{did_you_mean(logo, static)}")
    colors = data.get("colors") or {}
    return Site(
        title=data["title"], subtitle=data.get("subtitle") or "",
        organisation=data.get("organisation") or "", language=data.get("language") or "en",
        base_url=data.get("base_url") or "", paper=data.get("paper") or "A4",
        colors={k: v for k, v in colors.items() if k != "__extra__"},
        logo=logo,
    )


@dataclass
class _Front:
    """A page file read up to its Markdown, which a worker may render: it carries its text
    once (the body and lines are cut from it there)."""

    source: str
    url: str
    data: dict[str, Any]
    body_start: int  # where the Markdown starts in `text`
    body_location: Location
    node: YNode  # the front matter, for the places of values rendered later
    text: str  # the whole file, the key of its cache entry

    @property
    def body(self) -> str:
        return self.text[self.body_start:]

    @property
    def lines(self) -> list[str]:
        """The file's lines, to locate Markdown written in the front matter."""
        return self.text.splitlines()


def _read_pages(root: Path, sources: list[str], report: Report, memo: PageMemo | None
                ) -> dict[str, _Front | RememberedPage]:
    """Each page file, from the cache when it holds the same text, else parsed."""
    fronts: dict[str, _Front | RememberedPage] = {}
    folders: dict[Path, Path] = {}
    for source in sources:
        text = _read(root, f"content/{source}", report, folders)
        if text is None:
            continue
        remembered = memo.recall(source, text) if memo else None
        if remembered is not None:
            if not remembered.draft:
                fronts[source] = remembered
            continue
        front = _parse_page(source, text, report, memo)
        if front is not None:
            fronts[source] = front
    return fronts


def _expect_work(fronts: dict[str, _Front | RememberedPage], checklists: bool,
                 workers: Workers) -> None:
    """Start the workers while this process goes on reading, when enough pages need their
    Markdown rendered. When the kit also prints, one of them loads WeasyPrint meanwhile
    (a second): the PDFs come last, and a worker that must load it then holds up the end
    of the build while the other processes have nothing left to do."""
    todo = [front for front in fronts.values() if isinstance(front, _Front)]
    modules = ["site_builder.kit", "site_builder.render.site"]
    if checklists or any(front.data.get("print") for front in todo):
        workers.expect(len(todo), *modules, once="site_builder.render.weasy")
    else:
        workers.expect(len(todo), *modules)


def _parse_page(source: str, text: str, report: Report,
                memo: PageMemo | None = None) -> _Front | None:
    """The page's front matter and body; None for a draft or a page with errors."""
    shown = f"content/{source}"
    before = len(report.items)
    parts = read_front_matter(text, shown, report)
    if parts is None:
        return None
    node, body, body_line = parts
    if node is None:
        report.error(Location(shown, 1, 1), "this page has no front matter: start it with "
                     "a line '---', then 'title: Your title', then '---'")
        return None
    data = FRONT_MATTER.check(node, report, "the front matter")
    if data is INVALID or not all(is_valid(v) for v in data.values()) \
            or not is_valid_agenda(data):
        return None
    if data.get("draft"):
        if memo and len(report.items) == before:
            memo.remember_draft(source, text)
        return None
    return _Front(source, _page_url(source), data, len(text) - len(body),
                  Location(shown, body_line, 1), node, text)


def _render_pages(fronts: dict[str, _Front | RememberedPage], targets: LinkTargets,
                  report: Report, memo: PageMemo | None, workers: Workers) -> tuple[Page, ...]:
    """Each page's Markdown, over `workers` for a large site; in the order of `fronts`."""
    slots: list[Page | _Front] = []
    for front in fronts.values():
        if isinstance(front, RememberedPage):
            page = front.page_for(memo.targets_digest(targets)) if memo else None
            if page is not None:
                slots.append(page)
                continue
            parsed = _parse_page(front.source, front.text, report)
            if parsed is None:
                continue
            front = parsed
        slots.append(front)
    todo = [slot for slot in slots if isinstance(slot, _Front)]
    made = iter(workers.map(_render_chunk, targets, todo, "Markdown page"))
    pages = []
    for slot in slots:
        if isinstance(slot, Page):
            pages.append(slot)
            continue
        page, diagnostics = next(made)
        report.extend(diagnostics)
        pages.append(page)
        if memo and not diagnostics:
            memo.remember(slot.text, targets, page)
    return tuple(pages)


def _render_chunk(targets: LinkTargets, chunk: Sequence[_Front]
                  ) -> list[tuple[Page, list[Diagnostic]]]:
    """Pages made from their front matter and Markdown, each with what it reported."""
    results = []
    for front in chunk:
        report = Report()
        results.append((_render_page(front, targets, report), report.items))
    return results


def _render_page(front: _Front, targets: LinkTargets, report: Report) -> Page:
    data = front.data
    html = render_markdown(front.body, front.body_location, front.source, targets, report)

    lines: list[str] | None = None

    def markdown(text: str, loc: Location) -> str:
        nonlocal lines
        lines = front.lines if lines is None else lines
        return render_markdown(text, loc, front.source, targets, report, lines)

    return Page(
        source=front.source, url=front.url, title=data["title"], html=html,
        description=data.get("description") or "", order=data.get("order"),
        layout=data.get("layout") or "page.html", print=bool(data.get("print")),
        meta=plain_meta(data["__extra__"]), location=Location(f"content/{front.source}", 1, 1),
        agenda=build_agenda(data, front.node, markdown),
    )


def _load_checklists(root: Path, sources: list[str], targets: LinkTargets,
                     report: Report) -> dict[str, Checklist]:
    checklists: dict[str, Checklist] = {}
    for source in sources:
        shown = f"content/{source}"
        checklist_id = Path(source).stem
        if not re.match(r"^[A-Za-z][A-Za-z0-9_-]*$", checklist_id):
            report.error(Location(shown), f"'{checklist_id}' cannot be a checklist id: name the "
                         "file with a letter, then letters, digits, '_' or '-'")
            continue
        if checklist_id in checklists:
            report.error(Location(shown), f"a second checklist named '{checklist_id}'")
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
                report: Report) -> None:
    taken = {c.url: c.location for c in checklists.values()}
    for page in pages:
        if page.url in taken or page.url.startswith(RESERVED_DIRS):
            report.error(page.location, f"this page would be published as '{page.url}', which "
                         "the build uses for something else; rename the file")
        taken[page.url] = page.location


def _yaml_files(root: Path, folder: str) -> list[str]:
    base = root / folder
    if not base.is_dir():
        return []
    return sorted(f"{folder}/{p}" for p in _files(base) if p.endswith((".yaml", ".yml")))


def _load_rule_sets(root: Path, checklists: dict[str, Checklist], targets: LinkTargets,
                    report: Report) -> tuple[RuleSet, ...]:
    rule_sets = []
    for shown in _yaml_files(root, "rules"):
        if shown.startswith("rules/tests/"):
            continue
        node, lines = _parse_file(root, shown, report)
        if node is None:
            continue

        def markdown(text: str, loc: Location, lines: list[str] = lines) -> str:
            # Advice is shown on pages at many depths: its links count from content/.
            return render_markdown(text, loc, "advice.md", targets, report, lines)

        rule_set = build_rule_set(shown, node, checklists, markdown, report)
        if rule_set:
            rule_sets.append(rule_set)
    return tuple(rule_sets)


def _load_rule_tests(root: Path, checklists: dict[str, Checklist],
                     report: Report) -> tuple[RuleTest, ...]:
    # Answers are checked against a checklist only when it has no errors of its own:
    # a question lost to a mistake there would make every test that answers it wrong too.
    broken = {c.id for c in checklists.values()
              if any(d.location.path == f"content/{c.source}" for d in report.errors)}
    tests = []
    for shown in _yaml_files(root, "rules/tests"):
        node, _ = _parse_file(root, shown, report)
        if node is not None and (test := build_rule_test(shown, node, checklists, report,
                                                         unchecked=broken)):
            tests.append(test)
    return tuple(tests)


def _check_rule_ids(rule_sets: tuple[RuleSet, ...], report: Report) -> None:
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
