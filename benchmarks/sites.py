"""How fast site-builder builds a site of N pages, next to Hugo, Eleventy, Pelican and MkDocs
building the same pages; its rebuilds, its peak memory, and whether its light commands
import WeasyPrint.

With --scale, the scale benchmark instead: site-builder building N pages, flat or in S
sections, against Hugo building the same pages with the same bounded menu and with no menu;
cold builds, no-change rebuilds, peak memory of the process tree, output size and the most
menu links on any page, for every size in --pages and every layout in --sections.

Not a test: it installs its peers into benchmarks/.peers/ (git-ignored) on first run, prints
a table and writes it, with the machine's details, to benchmarks/results/.

    python benchmarks/sites.py [--pages 1000] [--runs 5] [--profile]
    python benchmarks/sites.py --scale --pages 1000 10000 --sections 20 0 --runs 3
"""

from __future__ import annotations

import argparse
import io
import os
import pstats
import re
import shutil
import subprocess
import sys
import tempfile
import threading
import time
from collections.abc import Callable
from dataclasses import replace
from pathlib import Path

from corpus import make_corpus, page_name
from harness import Sample, alternate, machine, summary, table
from peers import ANY_LINK, Project, hugo_pair, install, install_hugo, projects, read_sources

RESULTS = Path(__file__).resolve().parent / "results"
PYTHON = Path(sys.executable)
SITE_BUILDER = PYTHON.parent / "site-builder"
MIB = 1024 * 1024
CACHE = ".site-builder-cache"


def log(message: str) -> None:
    print(message, file=sys.stderr, flush=True)


def tree_rss(root: int) -> int:
    """Resident bytes of a process and all its descendants, summed (from /proc)."""
    parents: dict[int, int] = {}
    rss: dict[int, int] = {}
    page = os.sysconf("SC_PAGE_SIZE")
    for entry in os.scandir("/proc"):
        if not entry.name.isdigit():
            continue
        try:
            with open(f"/proc/{entry.name}/stat", encoding="ascii", errors="replace") as file:
                fields = file.read().rsplit(")", 1)[1].split()
        except OSError:
            continue
        parents[int(entry.name)] = int(fields[1])
        rss[int(entry.name)] = int(fields[21]) * page
    family, total = {root}, 0
    for pid in sorted(parents):  # children have higher pids, save after a pid wrap
        if parents[pid] in family:
            family.add(pid)
    for pid in family:
        total += rss.get(pid, 0)
    return total


def execute(project: Project, sample_tree: bool = False, every: float = 0.02,
            cpu: list[float] | None = None) -> tuple[float, int, int]:
    """Run one build: (seconds, peak RSS of its largest process, peak summed RSS of its
    process tree, sampled `every` seconds when asked, else 0). A fresh child each time, so
    wait4's ru_maxrss is this build's own. Appends to `cpu`, if given, the CPU seconds (user
    and system) of the build and of the processes it waited for, its workers."""
    started = time.perf_counter()
    child = subprocess.Popen(project.command, cwd=project.cwd, stdout=subprocess.PIPE,
                             stderr=subprocess.STDOUT)
    peak = 0
    stop = threading.Event()

    def sample() -> None:
        nonlocal peak
        while not stop.wait(every):
            peak = max(peak, tree_rss(child.pid))

    sampler = threading.Thread(target=sample, daemon=True)
    if sample_tree:
        sampler.start()
    output = child.stdout.read() if child.stdout else b""
    _, status, usage = os.wait4(child.pid, 0)
    seconds = time.perf_counter() - started
    child.returncode = os.waitstatus_to_exitcode(status)
    stop.set()
    if sample_tree:
        sampler.join()
    if child.returncode != 0:
        sys.exit(f"{project.name} failed ({child.returncode}):\n{output.decode()[-3000:]}")
    if cpu is not None:
        cpu.append(usage.ru_utime + usage.ru_stime)
    return seconds, usage.ru_maxrss * 1024, peak


def clean(project: Project) -> None:
    """Cold build: no output folder, no cache of the tool's own."""
    for path in (project.out, *project.scratch):
        shutil.rmtree(path, ignore_errors=True)


def site_builder(kit: Path, out: Path, name: str) -> Project:
    return Project(name, [str(SITE_BUILDER), "build", "--kit", str(kit), "--out", str(out)],
                   kit.parent, out, lambda stem: out / f"{stem}.html", [kit / CACHE])


def verify(project: Project, content: Path) -> int:
    """Build once and check every page is there with its text and a rewritten link;
    returns the number of HTML files written."""
    clean(project)
    execute(project)
    sources = read_sources(content)
    missing = [page.name for page in sources if not project.page_file(page.name).is_file()]
    if missing:
        sys.exit(f"{project.name}: {len(missing)} pages missing, e.g. {missing[:3]}")
    page = sources[min(42, len(sources) - 1)]
    html = project.page_file(page.name).read_text(encoding="utf-8")
    first_sentence = page.body.split(".", 1)[0]
    target = ANY_LINK.search(page.body)
    if first_sentence not in html or page.title not in html or target is None:
        sys.exit(f"{project.name}: {page.stem} lacks its text or title")
    stem = target[1].rsplit("/", 1)[-1]
    link = re.search(rf'href="([^"]*{stem}[^"]*)"', html)
    if not link or link[1].endswith(".md"):
        sys.exit(f"{project.name}: the link to {target[1]} in {page.stem} is not rewritten")
    return sum(1 for _ in project.out.rglob("*.html"))


def imports_weasyprint(arguments: list[str], cwd: Path) -> bool:
    """Whether `site-builder ARGUMENTS` imports WeasyPrint (python -X importtime)."""
    done = subprocess.run([str(PYTHON), "-X", "importtime", str(SITE_BUILDER), *arguments],
                          cwd=cwd, capture_output=True, text=True)
    return "weasyprint" in done.stderr.lower()


def profile(project: Project, work: Path) -> str:
    """One cold site-builder build under cProfile (main process only): the top 25 lines by
    cumulative time, then the top 15 by own time, which say more about where it goes."""
    clean(project)
    stats_file = work / "build.prof"
    subprocess.run([str(PYTHON), "-m", "cProfile", "-o", str(stats_file), *project.command],
                   cwd=project.cwd, capture_output=True, check=True)
    text = io.StringIO()
    stats = pstats.Stats(str(stats_file), stream=text).strip_dirs()
    stats.sort_stats("cumulative").print_stats(25)
    stats.sort_stats("tottime").print_stats(15)
    noise = ("   Ordered by", "   List reduced", "build.prof")
    lines = [line for line in text.getvalue().splitlines()
             if line.strip() and not any(part in line for part in noise)]
    return "\n".join(lines)


def seconds(value: float) -> str:
    return f"{value:.2f} s" if value < 100 else f"{value:.0f} s"


def spread(sample: Sample) -> str:
    return f"{seconds(sample.min)} - {seconds(sample.max)}"


def measure(args: argparse.Namespace, work: Path) -> tuple[str, dict[str, str]]:
    """Generate, verify, time; the report in Markdown and the machine's details."""
    versions = install()
    log(f"generating {args.pages} pages in {work}...")
    corpus = make_corpus(work / "corpus", args.pages, args.responses)
    pages_only = work / "pages-only" / "kit"
    shutil.copytree(corpus.kit / "content", pages_only / "content",
                    ignore=shutil.ignore_patterns("checklists"))
    shutil.copy(corpus.kit / "site.yaml", pages_only / "site.yaml")
    check = subprocess.run([str(SITE_BUILDER), "check", "--strict", "--kit", str(corpus.kit)],
                           capture_output=True, text=True)
    if check.returncode != 0:
        sys.exit(f"the generated kit is not clean:\n{check.stdout}{check.stderr}")
    log(check.stdout.strip())

    full = site_builder(corpus.kit, work / "out-site-builder", "site-builder")
    bare = site_builder(pages_only, work / "out-pages-only", "site-builder, pages only")
    tools = [full, bare, *projects(corpus.kit / "content", work / "peers")]
    html_files = {}
    for project in tools:
        log(f"checking {project.name}...")
        html_files[project.name] = verify(project, corpus.kit / "content")

    rss: dict[str, list[int]] = {project.name: [] for project in tools}
    rebuilds: dict[str, list[float]] = {"nothing changed": [], "one page changed": []}
    changed = corpus.kit / "content" / page_name(0)
    original = changed.read_text(encoding="utf-8")

    def cold(project: Project) -> Callable[[], float]:
        def build() -> float:
            clean(project)
            took, peak, _ = execute(project)
            rss[project.name].append(peak)
            if project is full:  # its rebuilds follow at once, on the build just made
                rebuilds["nothing changed"].append(execute(project)[0])
                changed.write_text(original + f"\nEdited in round {len(rss[full.name])}.\n",
                                   encoding="utf-8")
                rebuilds["one page changed"].append(execute(project)[0])
            return took
        return build

    log(f"timing {args.runs} rounds, the tools in alternating order...")
    times = alternate(args.runs, {project.name: cold(project) for project in tools}, log)
    changed.write_text(original, encoding="utf-8")
    log("peak memory of site-builder's full build, process tree sampled...")
    tree_peaks = []
    for _ in range(3):
        clean(full)
        tree_peaks.append(execute(full, sample_tree=True)[2])
    weasy = {"site-builder --help": imports_weasyprint(["--help"], work),
             "site-builder check": imports_weasyprint(["check", "--kit", str(corpus.kit)],
                                                      work)}
    profile_text = profile(full, work) if args.profile else ""

    versions["site-builder"] = subprocess.run([str(SITE_BUILDER), "--version"],
                                              capture_output=True, text=True).stdout.split()[-1]
    details = machine(versions)
    report = render(args, times, rebuilds, rss, tree_peaks, weasy, html_files)
    if profile_text:
        report += ("\n\nProfile of one cold `site-builder build` of the corpus (main process "
                   "only, `python -m cProfile`): top 25 by cumulative time, top 15 by own "
                   f"time:\n\n```\n{profile_text}\n```")
    return report, details


def render(args: argparse.Namespace, times: dict[str, list[float]],
           rebuilds: dict[str, list[float]], rss: dict[str, list[int]], tree_peaks: list[int],
           weasy: dict[str, bool], html_files: dict[str, int]) -> str:
    """The Markdown tables: full builds, site-builder's rebuilds, the targets."""
    stats = {name: summary(values) for name, values in times.items()}
    ours, bare = stats["site-builder"], stats["site-builder, pages only"]
    hugo = stats["Hugo"].median
    rows = [(name, html_files[name], seconds(sample.median), spread(sample),
             f"{max(rss[name]) / MIB:.0f} MiB", f"{bare.median / sample.median:.2f}x",
             f"{ours.median / sample.median:.2f}x")
            for name, sample in stats.items()]
    builds = table(rows, ["tool", "HTML files", "full build, median", "min - max",
                          "peak RSS (largest process)", "site-builder pages only / tool",
                          "site-builder / tool"], right=(1, 2, 4, 5, 6))
    again = {name: summary(values) for name, values in rebuilds.items()}
    rebuild_rows = [(f"rebuild, {name}", seconds(sample.median), spread(sample),
                     f"{sample.median / hugo:.2f}x") for name, sample in again.items()]
    rebuild_table = table(rebuild_rows, ["site-builder", "median", "min - max",
                                         "/ Hugo's full build"], right=(1, 3))

    peak_rss = max(rss["site-builder"]) / MIB
    peak_tree = max(tree_peaks) / MIB
    targets: list[tuple[str, str, str, str]] = []

    def ratio(label: str, value: float, limit: float, unit: str) -> None:
        """A target `value <= limit`; the gap says how many times faster it must get."""
        gap = f"{value / limit:.1f}x too slow" if value > limit else "met"
        targets.append((label, f"{value:.2f}x {unit}", "met" if value <= limit else "missed",
                        gap))

    # The targets compare builds of the same pages; the whole kit, which also makes an
    # assessment page and a PDF that no peer makes, is shown beside them, without a verdict.
    ratio("full build of the pages <= 1.0x Hugo's", bare.median / hugo, 1.0, "Hugo's time")
    for peer in ("Pelican", "MkDocs"):
        ratio(f"full build of the pages: >= 5x faster than {peer}",
              bare.median / stats[peer].median, 0.2, f"{peer}'s time")
    for name, sample in again.items():
        ratio(f"rebuild, {name}: <= 0.25x Hugo's full build", sample.median / hugo, 0.25,
              "Hugo's full build")
    over = max(peak_rss, peak_tree) / 300
    targets.append(("peak memory of the full build < 300 MiB",
                    f"{peak_rss:.0f} MiB largest process, {peak_tree:.0f} MiB whole tree",
                    "met" if over < 1 else "missed",
                    "met" if over < 1 else f"{over:.1f}x too much"))
    for words, imported in weasy.items():
        targets.append((f"`{words}` does not import WeasyPrint",
                        "imports it" if imported else "does not",
                        "missed" if imported else "met", ""))
    target_table = table(targets, ["target (issue 6)", "measured", "verdict", "gap"])
    whole = table([(peer, f"{ours.median / stats[peer].median:.2f}x",
                    f"{stats[peer].median / ours.median:.1f}x faster")
                   for peer in ("Hugo", "Pelican", "MkDocs")],
                  ["whole kit, against the peers' pages", "time / peer's", "speed"],
                  right=(1, 2))
    return (f"{args.pages} pages, {args.runs} cold builds per tool in alternating order "
            "(output folder and caches removed before each). \"site-builder\" is the whole "
            "corpus kit (the pages, a 12-question checklist: its assessment page and "
            "worksheet PDF, 30 rules); \"pages only\" is the same pages without the "
            "checklist, as the peers build them. The targets are for the pages only, the "
            "same work as the peers'; the rebuilds and memory are the whole kit's.\n\n"
            f"{builds}\n\n{rebuild_table}\n\n{target_table}\n\n"
            "The whole kit does more than the peers: its ratios to their builds of the "
            f"pages, for information:\n\n{whole}")


# The scale benchmark (issue 16) ------------------------------------------------------------

SCALE_TOOLS = ["site-builder", "hugo-menu", "hugo-no-menu"]
SAMPLE_EVERY = 0.05  # seconds between two readings of a build's process tree (~2 ms each)
NAV = re.compile(rb"<nav\b([^>]*)>.*?</nav>", re.S | re.I)
ANCHOR = re.compile(rb"<a\s", re.I)
OUTLINE = b'aria-label="On this page"'  # a page's own headings, not the site's navigation
# The targets of issue 16, against Hugo building the same pages with no menu.
BUILD_TARGET, OUTPUT_TARGET, REBUILD_TARGET = 1.0, 1.5, 0.25
MEMORY_TARGET = 500 * MIB
MENU_TARGET = 100  # "no page with more than about 100 menu links"


def menu_links(out: Path) -> int:
    """The most links (<a>) inside the <nav> elements of any one HTML page of `out`: the
    site's menu, and the breadcrumbs and previous/next links where a page has them; not
    site-builder's "On this page" list of the page's own headings."""
    most = 0
    for path in out.rglob("*.html"):
        links = sum(len(ANCHOR.findall(nav[0])) for nav in NAV.finditer(path.read_bytes())
                    if OUTLINE not in nav[1])
        most = max(most, links)
    return most


def output_bytes(out: Path) -> int:
    """The bytes of every file under `out` (their lengths, not the blocks they take)."""
    total = 0
    for folder, _, files in os.walk(out):
        total += sum(os.lstat(os.path.join(folder, name)).st_size for name in files)
    return total


def layout_name(sections: int) -> str:
    return f"{sections} sections" if sections else "flat"


def size(value: float) -> str:
    for unit, factor in (("GB", 1e9), ("MB", 1e6), ("kB", 1e3)):
        if value >= factor:
            return f"{value / factor:.1f} {unit}"
    return f"{value:.0f} B"


def load_range(loads: list[float]) -> str:
    low, high = min(loads), max(loads)
    return f"{low:.1f}" if f"{low:.1f}" == f"{high:.1f}" else f"{low:.1f} - {high:.1f}"


class ScaleRow:
    """What was measured of one tool on one corpus."""

    def __init__(self, pages: int, sections: int, name: str) -> None:
        self.pages, self.sections, self.name = pages, sections, name
        self.html_files = self.output = self.links = 0
        self.builds: list[float] = []
        self.rebuilds: list[float] = []
        self.cpu: list[float] = []  # CPU seconds of each cold build, its workers included
        self.peaks: list[int] = []  # summed RSS of the process tree, one per cold build
        self.loads: list[float] = []  # the 1-minute load average as each build started


def scale_case(pages: int, sections: int, args: argparse.Namespace,
               folder: Path) -> list[ScaleRow]:
    """Generate one corpus (pages only), check each tool's build of it, then time
    `args.runs` rounds of cold builds (and site-builder's no-change rebuild after each)."""
    log(f"generating {pages} pages, {layout_name(sections)}, in {folder}...")
    corpus = make_corpus(folder / "corpus", pages, 0, checklist=False, sections=sections)
    content = corpus.kit / "content"
    tools: list[Project] = []
    rebuild: Project | None = None
    if "site-builder" in args.tools:
        # Cold: `build --no-cache`, which neither reads nor writes the cache, into a removed
        # output folder. The rebuild: `build` with the cache, which the check below fills.
        rebuild = site_builder(corpus.kit, folder / "out-site-builder", "site-builder")
        tools.append(replace(rebuild, command=[*rebuild.command, "--no-cache"], scratch=[]))
    hugo_menu, hugo_bare = hugo_pair(content, folder / "hugo")
    tools += [project for key, project in (("hugo-menu", hugo_menu),
                                           ("hugo-no-menu", hugo_bare)) if key in args.tools]
    rows = {project.name: ScaleRow(pages, sections, project.name) for project in tools}
    for project in tools:
        log(f"checking {project.name}...")
        row = rows[project.name]
        row.html_files = verify(rebuild if rebuild and project.name == rebuild.name
                                else project, content)
        row.output, row.links = output_bytes(project.out), menu_links(project.out)
        log(f"  {row.html_files} HTML files, {size(row.output)}, at most {row.links} menu links")

    def cold(project: Project) -> Callable[[], float]:
        def build() -> float:
            row = rows[project.name]
            clean(project)
            row.loads.append(os.getloadavg()[0])
            took, _, peak = execute(project, sample_tree=True, every=SAMPLE_EVERY,
                                    cpu=row.cpu)
            row.peaks.append(peak)
            return took
        return build

    log(f"timing {args.runs} rounds, the tools in alternating order...")
    times = alternate(args.runs, {project.name: cold(project) for project in tools}, log)
    for name, values in times.items():
        rows[name].builds = values
    if rebuild is not None:
        # A build with the cache first: the cold builds' files are not the ones the cache
        # names (their size and time differ), so only the builds after it change nothing.
        log("site-builder with its cache, then no-change rebuilds...")
        execute(rebuild)
        for _ in range(args.runs):
            rows[rebuild.name].rebuilds.append(execute(rebuild)[0])
            log(f"  no-change rebuild: {rows[rebuild.name].rebuilds[-1]:.3f}")
    return list(rows.values())


def scale(args: argparse.Namespace, work: Path) -> tuple[str, dict[str, str]]:
    """Every size in every layout; the report in Markdown and the machine's details."""
    versions = {"Hugo": install_hugo()}
    rows: list[ScaleRow] = []
    last: Path | None = None
    for pages in args.pages:
        for sections in args.sections:
            if last is not None and not args.keep:
                shutil.rmtree(last, ignore_errors=True)  # a 10,000-page case's outputs are big
            folder = work / f"{pages}-{layout_name(sections).replace(' ', '-')}"
            rows += scale_case(pages, sections, args, folder)
            last = folder
    profile_text = ""
    if args.profile and last is not None and "site-builder" in args.tools:
        cold = site_builder(last / "corpus" / "kit", last / "out-site-builder", "site-builder")
        profile_text = profile_tree(replace(cold, command=[*cold.command, "--no-cache"]), work)
    versions["site-builder"] = subprocess.run([str(SITE_BUILDER), "--version"],
                                              capture_output=True,
                                              text=True).stdout.split()[-1]
    versions["commit"] = subprocess.run(["git", "rev-parse", "--short", "HEAD"],
                                        capture_output=True, text=True,
                                        cwd=Path(__file__).parent).stdout.strip()
    report = scale_report(args, rows)
    if profile_text:
        report += f"\n\n{profile_text}"
    return report, machine(versions)


def scale_report(args: argparse.Namespace, rows: list[ScaleRow]) -> str:
    """The measures table, one line per tool and corpus, then the targets table."""
    def reference(row: ScaleRow) -> ScaleRow | None:
        return next((other for other in rows if other.name == "Hugo, no menu"
                     and (other.pages, other.sections) == (row.pages, row.sections)), None)

    lines = []
    for row in rows:
        build, base = summary(row.builds), reference(row)
        bare = summary(base.builds).median if base else None
        rebuild = (f"{seconds(summary(row.rebuilds).median)}"
                   + (f" ({summary(row.rebuilds).median / bare:.2f}x)" if bare else "")
                   if row.rebuilds else "")
        lines.append((
            f"{row.pages:,}", layout_name(row.sections), row.name, f"{row.html_files:,}",
            f"{seconds(build.median)} ({spread(build)})",
            f"{build.median / bare:.2f}x" if bare else "",
            f"{seconds(summary(row.cpu).median)}"
            + (f" ({summary(row.cpu).median / summary(base.cpu).median:.2f}x)" if base else ""),
            rebuild,
            f"{max(row.peaks) / MIB:.0f} MiB", size(row.output),
            f"{row.output / base.output:.2f}x" if base else "", str(row.links),
            load_range(row.loads)))
    measures = table(lines, ["pages", "layout", "tool", "HTML files",
                             "cold build, median (min - max)", "/ Hugo no menu",
                             "CPU time, median (/ Hugo no menu)",
                             "no-change rebuild (/ Hugo no menu's build)",
                             "peak memory, process tree", "output", "/ Hugo no menu",
                             "most menu links on a page", "load average"],
                     right=(3, 4, 5, 6, 7, 8, 9, 10, 11, 12))

    def verdict(value: float, limit: float, text: str, below: bool = False) -> str:
        met = value < limit if below else value <= limit
        return f"{text}: {'met' if met else 'missed'}"

    targets = []
    for row in rows:
        base = reference(row)
        if row.name != "site-builder" or base is None:
            continue
        ratio = summary(row.builds).median / summary(base.builds).median
        again = summary(row.rebuilds).median / summary(base.builds).median
        peak = max(row.peaks)
        targets.append((
            f"{row.pages:,}", layout_name(row.sections),
            verdict(ratio, BUILD_TARGET, f"{ratio:.2f}x"),
            verdict(peak, MEMORY_TARGET, f"{peak / MIB:.0f} MiB", below=True),
            verdict(row.output / base.output, OUTPUT_TARGET,
                    f"{row.output / base.output:.2f}x"),
            verdict(again, REBUILD_TARGET, f"{again:.2f}x"),
            verdict(row.links, MENU_TARGET, str(row.links))))
    target_table = table(targets, [
        "pages", "layout", "cold build <= 1.0x Hugo no menu", "peak memory < 500 MiB",
        "output <= 1.5x Hugo no menu", "no-change rebuild <= 0.25x Hugo no menu's build",
        "menu links <= about 100"]) if targets else ""
    return (f"{args.runs} cold builds per tool and corpus, in alternating order (output "
            "folder removed before each; site-builder's is `build --no-cache`, Hugo's cache "
            "removed). site-builder's no-change rebuilds: `build` once with its cache, then "
            "as many times again, timed. site-builder builds the pages only (no checklist); "
            "\"Hugo, same menu\" lists Home, the top-level sections and the current level's "
            "first 30 pages with a link to its contents page; \"Hugo, no menu\" has none, "
            "and is what the targets compare with. Peak memory: the RSS of the build's "
            f"whole process tree, summed every {SAMPLE_EVERY * 1000:.0f} ms. Output: the "
            "bytes of every file written. Menu links: the most <a> inside <nav> elements on "
            "any one page (the menu, previous/next, breadcrumbs; not site-builder's \"On "
            "this page\" outline). CPU time: user and system, the build's workers "
            "included, which the load moves less than the wall clock. Load average: 1 "
            "minute, as each cold build started (2 CPUs).\n\n"
            f"{measures}\n\n{target_table}").rstrip()


def profile_tree(project: Project, work: Path) -> str:
    """One cold build under py-spy, the worker processes included (else cProfile of the
    main process): the functions with the most samples, by own time and in total."""
    clean(project)
    spy = shutil.which("py-spy") or str(PYTHON.parent / "py-spy")
    if not Path(spy).exists():
        log("py-spy is not installed: profiling the main process with cProfile")
        return ("Profile of one cold `site-builder build` (main process only, cProfile):\n\n"
                f"```\n{profile(project, work)}\n```")
    raw = work / "build.spy.txt"
    log("profiling one cold build with py-spy...")
    subprocess.run([spy, "record", "--subprocesses", "--rate", "200", "--format", "raw",
                    "--output", str(raw), "--", *project.command],
                   cwd=project.cwd, capture_output=True, check=True)
    return ("Profile of one cold `site-builder build` of the last corpus (py-spy, 200 samples "
            "a second, every process of the build; a function's share of all samples):\n\n"
            f"```\n{collapsed_summary(raw.read_text(encoding='utf-8'))}\n```")


def collapsed_summary(text: str, top: int = 25) -> str:
    """py-spy's collapsed stacks ("frame;frame;frame count" lines) summed by function: the
    `top` by own samples and the `top` by samples that include them."""
    own: dict[str, int] = {}
    inclusive: dict[str, int] = {}
    total = 0
    for line in text.splitlines():
        stack, _, count_text = line.rpartition(" ")
        if not stack or not count_text.isdigit():
            continue
        count = int(count_text)
        total += count
        # "function (file.py:line)" -> "function (file.py)": one entry per function
        frames = [re.sub(r":\d+\)$", ")", frame) for frame in stack.split(";")]
        frames = [frame for frame in frames if not frame.startswith("process ")]
        if frames:
            own[frames[-1]] = own.get(frames[-1], 0) + count
        for frame in set(frames):
            inclusive[frame] = inclusive.get(frame, 0) + count

    def listing(counts: dict[str, int]) -> list[str]:
        ranked = sorted(counts.items(), key=lambda item: -item[1])[:top]
        return [f"{100 * count / max(total, 1):5.1f}%  {name}" for name, count in ranked]

    return "\n".join([f"{total} samples", "", "by own time:", *listing(own), "",
                      "including what they call:", *listing(inclusive)])

def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__.split("\n\n")[0] if __doc__ else None,
        epilog="Scale benchmark (issue 16): --scale --pages 1000 10000 --sections 20 0 "
               "--runs 3 measures each size in each layout; with --tools, only some of its "
               "three builds (say, Hugo alone at a size site-builder cannot yet build).")
    parser.add_argument("--pages", type=int, nargs="+", default=[1000], metavar="N",
                        help="pages in the generated corpus (default 1000); with --scale, "
                             "several sizes may be given")
    parser.add_argument("--runs", type=int, default=5,
                        help="cold builds per tool, in alternating order (default 5)")
    parser.add_argument("--responses", type=int, default=200,
                        help="participants' answers written beside the corpus kit")
    parser.add_argument("--profile", action="store_true",
                        help="add a profile of one cold site-builder build to the report: "
                             "cProfile of the main process; with --scale, py-spy over the "
                             "whole process tree if it is installed (pip install py-spy), "
                             "of the last size and layout measured")
    parser.add_argument("--keep", type=Path, help="generate into this folder and keep it")
    scale_options = parser.add_argument_group(
        "scale benchmark", "site-builder building the pages only (no checklist), against Hugo "
        "with the same sectioned menu (Home, the top-level sections, the current level's "
        "first 30 pages and a link to its contents page) and Hugo with no menu at all")
    scale_options.add_argument("--scale", action="store_true",
                               help="run the scale benchmark instead of the peers' comparison")
    scale_options.add_argument("--sections", type=int, nargs="+", metavar="S",
                               help="layouts to measure: S sections of equal size, each a "
                                    "folder under content/ with an index.md (title, "
                                    "description, order); 0 is flat, every page at the top "
                                    "of content/ (default: 20)")
    scale_options.add_argument("--tools", nargs="+", choices=SCALE_TOOLS,
                               help="which builds to measure (default: all three)")
    args = parser.parse_args()
    if not args.scale and len(args.pages) > 1:
        parser.error("several --pages are for --scale; the peers' comparison takes one")
    if not args.scale and (args.sections or args.tools):
        parser.error("--sections and --tools are for --scale; the peers' comparison is flat")
    args.sections = args.sections if args.sections is not None else [20]
    args.tools = args.tools or SCALE_TOOLS
    if any(sections < 0 for sections in args.sections):
        parser.error("--sections must be 0 (flat) or more")
    if args.scale and max(args.sections) > min(args.pages):
        parser.error("every section needs a page: --sections at most the smallest --pages")
    if not args.scale:
        args.pages = args.pages[0]
    if args.runs < 1 or any(n < 1 for n in ([args.pages] if not args.scale else args.pages)):
        parser.error("--runs and --pages must be at least 1")
    # Every tool runs as on a user's machine, where Python keeps the bytecode it compiles:
    # with this set (some CI images set it), a tool run from a source checkout, as an
    # editable install is, would compile its whole code again at each build.
    os.environ.pop("PYTHONDONTWRITEBYTECODE", None)
    if not SITE_BUILDER.exists():
        sys.exit(f"no site-builder beside {PYTHON}: run this with the project's venv python")
    with tempfile.TemporaryDirectory(prefix="sites-bench-") as temporary:
        work = args.keep or Path(temporary)
        report, details = scale(args, work) if args.scale else measure(args, work)
    sizes = "-".join(map(str, args.pages)) if args.scale else str(args.pages)
    heading = (f"Scale: {', '.join(map(str, args.pages))} pages" if args.scale
               else f"{args.pages} pages")
    text = (f"## {heading}, {time.strftime('%Y-%m-%d %H:%M UTC', time.gmtime())}\n\n"
            + "Machine: " + "; ".join(f"{key} {value}" for key, value in details.items())
            + f"\n\n{report}\n")
    print(text)
    RESULTS.mkdir(exist_ok=True)
    kind = "scale" if args.scale else "sites"
    path = RESULTS / f"{kind}-{time.strftime('%Y%m%d-%H%M', time.gmtime())}-{sizes}.md"
    path.write_text(text, encoding="utf-8")
    log(f"written to {path}: paste it into benchmarks/README.md")


if __name__ == "__main__":
    main()
