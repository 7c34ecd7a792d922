"""How fast site-builder builds a site of N pages, next to Hugo, Eleventy, Pelican and MkDocs
building the same pages; its rebuilds, its peak memory, and whether its light commands
import WeasyPrint.

Not a test: it installs its peers into benchmarks/.peers/ (git-ignored) on first run, prints
a table and writes it, with the machine's details, to benchmarks/results/.

    python benchmarks/sites.py [--pages 1000] [--runs 5] [--profile]
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
from pathlib import Path

from corpus import make_corpus, page_name
from harness import Sample, alternate, machine, summary, table
from peers import Project, install, projects, read_sources

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


def execute(project: Project, sample_tree: bool = False) -> tuple[float, int, int]:
    """Run one build: (seconds, peak RSS of its largest process, peak summed RSS of its
    process tree, sampled every 20 ms when asked, else 0). A fresh child each time, so
    wait4's ru_maxrss is this build's own."""
    started = time.perf_counter()
    child = subprocess.Popen(project.command, cwd=project.cwd, stdout=subprocess.PIPE,
                             stderr=subprocess.STDOUT)
    peak = 0
    stop = threading.Event()

    def sample() -> None:
        nonlocal peak
        while not stop.wait(0.02):
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
    missing = [page.stem for page in sources if not project.page_file(page.stem).is_file()]
    if missing:
        sys.exit(f"{project.name}: {len(missing)} pages missing, e.g. {missing[:3]}")
    page = sources[min(42, len(sources) - 1)]
    html = project.page_file(page.stem).read_text(encoding="utf-8")
    first_sentence = page.body.split(".", 1)[0]
    target = re.search(r"\]\((page-\d{4})\.md\)", page.body)
    if first_sentence not in html or page.title not in html or target is None:
        sys.exit(f"{project.name}: {page.stem} lacks its text or title")
    link = re.search(rf'href="([^"]*{target[1]}[^"]*)"', html)
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


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0] if __doc__ else None)
    parser.add_argument("--pages", type=int, default=1000)
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--responses", type=int, default=200,
                        help="participants' answers written beside the corpus kit")
    parser.add_argument("--profile", action="store_true",
                        help="add a cProfile of one site-builder build to the report")
    parser.add_argument("--keep", type=Path, help="generate into this folder and keep it")
    args = parser.parse_args()
    # Every tool runs as on a user's machine, where Python keeps the bytecode it compiles:
    # with this set (some CI images set it), a tool run from a source checkout, as an
    # editable install is, would compile its whole code again at each build.
    os.environ.pop("PYTHONDONTWRITEBYTECODE", None)
    if not SITE_BUILDER.exists():
        sys.exit(f"no site-builder beside {PYTHON}: run this with the project's venv python")
    with tempfile.TemporaryDirectory(prefix="sites-bench-") as temporary:
        work = args.keep or Path(temporary)
        report, details = measure(args, work)
    text = (f"## {args.pages} pages, {time.strftime('%Y-%m-%d %H:%M UTC', time.gmtime())}\n\n"
            + "Machine: " + "; ".join(f"{key} {value}" for key, value in details.items())
            + f"\n\n{report}\n")
    print(text)
    RESULTS.mkdir(exist_ok=True)
    path = RESULTS / f"sites-{time.strftime('%Y%m%d-%H%M', time.gmtime())}-{args.pages}.md"
    path.write_text(text, encoding="utf-8")
    log(f"written to {path}: paste it into benchmarks/README.md")


if __name__ == "__main__":
    main()
