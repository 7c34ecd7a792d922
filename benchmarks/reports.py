"""How long a personalised report takes: `site-builder report` in one run (1 and 2 workers),
one fresh process per document, and Chromium printing the same HTML. With `--rows`, a large
export instead: the real CLI over a generated CSV of that many rows, timed to its first
report and stopped after `--first` reports (the rate says how long the rest would take),
with the peak memory of its whole process tree.

Not a test: it prints a table for a person to read and record in benchmarks/README.md.

    python benchmarks/reports.py [--participants 200] [--kit DIR]
    python benchmarks/reports.py --rows 100000 [--first 200] [--jobs 2]
"""

from __future__ import annotations

import argparse
import csv
import functools
import os
import random
import shutil
import signal
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable, Sequence
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path
from typing import Any

from harness import machine, table

from site_builder.answers.responses import Participant
from site_builder.diagnostics import Location
from site_builder.engine.compile import compile_checklist
from site_builder.engine.evaluate import Evaluator
from site_builder.kit.load import load_kit
from site_builder.model import Checklist
from site_builder.render.pdf.report import participant_context, render_report_html, report_css
from site_builder.report import prepare_output, report_participants

ROOT = Path(__file__).resolve().parents[1]


def make_participants(checklist: Checklist, count: int, seed: int = 7) -> list[Participant]:
    """Random answers (about one in ten left blank), the same for the same seed."""
    rng = random.Random(seed)
    people = []
    for number in range(1, count + 1):
        answers: dict[str, Any] = {}
        for question in checklist.questions:
            if rng.random() < 0.1:
                continue
            if question.type == "choice":
                answers[question.id] = rng.choice(question.answers).value
            elif question.type == "number":
                answers[question.id] = rng.randint(int(question.minimum or 0),
                                                   int(question.maximum or 10))
        people.append(Participant(answers, Location("bench.csv", number + 1),
                                  f"Participant {number}", f"bench-{number}"))
    return people


def time_in_process(kit_root: Path, people: Sequence[Participant], jobs: int,
                    work: Path) -> float:
    """ms per document for one `report` run over everyone (the cohort summary included)."""
    kit = load_kit(kit_root)
    checklist = next(iter(kit.checklists.values()))
    out = prepare_output(kit, work / f"jobs-{jobs}")
    started = time.perf_counter()
    outcome = report_participants(kit, checklist, people, 0, out, jobs)
    seconds = time.perf_counter() - started
    assert not outcome.failures, outcome.failures
    return 1000 * seconds / (len(people) + 1)


def time_fresh_processes(kit_root: Path, checklist: Checklist, people: Sequence[Participant],
                         work: Path) -> float:
    """ms per document with one `python -m site_builder report` process per participant."""
    timings = []
    for person in people:
        row = work / f"{person.ident}.csv"
        with row.open("w", newline="", encoding="utf-8") as file:
            writer = csv.writer(file)
            writer.writerow([q.id for q in checklist.questions])
            writer.writerow([person.answers.get(q.id, "") for q in checklist.questions])
        started = time.perf_counter()
        subprocess.run([sys.executable, "-m", "site_builder", "report", str(row), "--kit",
                        str(kit_root), "--out", str(work / "fresh"), "--jobs", "1"],
                       check=True, capture_output=True)
        timings.append(time.perf_counter() - started)
    return 1000 * statistics.mean(timings)


def write_html(kit_root: Path, people: Sequence[Participant], work: Path) -> list[Path]:
    """The same report HTML, with its stylesheets inlined, for Chromium to print."""
    kit = load_kit(kit_root)
    checklist = next(iter(kit.checklists.values()))
    document = compile_checklist(kit, checklist.id)
    evaluator = Evaluator(document)
    style = "<style>" + "\n".join(report_css(kit)) + "</style>"
    folder = kit.root.resolve() / "content" / Path(checklist.source).parent
    files = []
    for person in people:
        context = participant_context(checklist, document, evaluator.evaluate(person.answers),
                                      person.name, "26 November 2026")
        html = render_report_html(kit, "report.html", context, checklist.url)
        html = html.replace("</head>", f'<base href="{folder.as_uri()}/">{style}</head>', 1)
        path = work / f"{person.ident}.html"
        path.write_text(html, encoding="utf-8")
        files.append(path)
    return files


def time_chromium(chromium: str, pages: Sequence[Path], at_once: int) -> float:
    """ms per document with `at_once` headless Chromium processes printing side by side."""

    def print_one(page: Path) -> None:
        subprocess.run([chromium, "--headless", "--no-sandbox", "--disable-gpu",
                        "--no-pdf-header-footer", f"--print-to-pdf={page.with_suffix('.pdf')}",
                        page.as_uri()], check=True, capture_output=True, timeout=120)

    started = time.perf_counter()
    with ThreadPoolExecutor(max_workers=at_once) as pool:
        list(pool.map(print_one, pages))
    return 1000 * (time.perf_counter() - started) / len(pages)


def write_export(checklist: Checklist, rows: int, path: Path) -> None:
    """A Google-Forms-like export: name, e-mail and every question, by its text."""
    people = make_participants(checklist, min(rows, 1000))
    labels = {q.id: {a.value: a.label for a in q.answers} for q in checklist.questions}
    with path.open("w", newline="", encoding="utf-8") as file:
        writer = csv.writer(file)
        writer.writerow(["Timestamp", "Email address", "Your name",
                         *(q.text for q in checklist.questions)])
        for number in range(rows):
            answers = people[number % len(people)].answers
            writer.writerow(["2026/11/20 9:14:00 AM GMT", f"p{number}@example.org",
                             f"Participant {number}",
                             *(labels[q.id].get(answers.get(q.id), answers.get(q.id, ""))
                               for q in checklist.questions)])


def tree_rss(pid: int) -> int:
    """Bytes resident in `pid` and every process below it, now."""
    total, stack = 0, [pid]
    while stack:
        current = stack.pop()
        try:
            with open(f"/proc/{current}/status") as status:
                total += next((int(line.split()[1]) * 1024 for line in status
                               if line.startswith("VmRSS:")), 0)
            with open(f"/proc/{current}/task/{current}/children") as children:
                stack.extend(int(child) for child in children.read().split())
        except (OSError, ValueError):
            continue
    return total


def time_stream(kit_root: Path, rows: int, first: int, jobs: int, work: Path,
                limit: float) -> dict[str, str]:
    """The real CLI over a `rows`-row export: seconds to the first report, the rate, and
    the peak memory of its process tree (sampled every 50 ms) and of its largest process
    (`/usr/bin/time -v`)."""
    checklist = next(iter(load_kit(kit_root).checklists.values()))
    export = work / f"export-{rows}.csv"
    write_export(checklist, rows, export)
    out = work / "stream-out"
    command = [sys.executable, "-m", "site_builder", "report", str(export), "--kit",
               str(kit_root), "--out", str(out), "--name-column", "Your name",
               "--jobs", str(jobs)]
    if shutil.which("time") or Path("/usr/bin/time").exists():
        command = ["/usr/bin/time", "-v", *command]
    started = time.perf_counter()
    process = subprocess.Popen(command, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE,
                               text=True, start_new_session=True)
    first_at = done_at = None
    peak = 0
    written = 0
    while process.poll() is None:
        peak = max(peak, tree_rss(process.pid))
        elapsed = time.perf_counter() - started
        written = sum(1 for p in out.glob("*.pdf") if p.name != "cohort-summary.pdf") \
            if out.exists() else 0
        if written and first_at is None:
            first_at = elapsed
        if written >= first or elapsed > limit:
            done_at = elapsed
            os.killpg(process.pid, signal.SIGINT)
            break
        time.sleep(0.05)
    try:
        _, errors = process.communicate(timeout=60)
    except subprocess.TimeoutExpired:
        os.killpg(process.pid, signal.SIGKILL)
        _, errors = process.communicate()
    total = time.perf_counter() - started
    largest = next((int(line.split()[-1]) * 1024 for line in errors.splitlines()
                    if "Maximum resident set size" in line), 0)
    rate = (written - 1) / (done_at - first_at) if done_at and first_at and written > 1 else 0
    mib = 1024 * 1024
    return {
        "rows": f"{rows:,}",
        "export size": f"{export.stat().st_size / mib:.1f} MiB",
        "--jobs": str(jobs),
        "first report": f"{first_at:.2f} s" if first_at is not None else f"none in {limit:g} s",
        "reports when stopped": f"{written} at {done_at or total:.1f} s",
        "rate": f"{rate:.1f} reports/s",
        "all rows at that rate": f"{rows / rate / 60:.0f} min" if rate else "-",
        "peak memory, process tree": f"{peak / mib:.0f} MiB",
        "peak memory, largest process (/usr/bin/time -v)": f"{largest / mib:.0f} MiB",
    }


def stream_main(args: argparse.Namespace) -> None:
    with tempfile.TemporaryDirectory(prefix="reports-stream-") as temporary:
        figures = time_stream(args.kit, args.rows, args.first, args.jobs, Path(temporary),
                              args.limit)
    print(table(list(figures.items()), ["measure", "value"], right=(1,)))
    print()
    print("; ".join(f"{key}: {value}" for key, value in machine().items()))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0] if __doc__ else None)
    parser.add_argument("--kit", type=Path, default=ROOT)
    parser.add_argument("--participants", type=int, default=200)
    parser.add_argument("--fresh-sample", type=int, default=10)
    parser.add_argument("--chromium-sample", type=int, default=20)
    parser.add_argument("--rows", type=int, default=0,
                        help="time the CLI over a generated export of this many rows instead")
    parser.add_argument("--first", type=int, default=200,
                        help="with --rows: stop after this many reports")
    parser.add_argument("--jobs", type=int, default=2, help="with --rows: --jobs")
    parser.add_argument("--limit", type=float, default=300,
                        help="with --rows: stop after this many seconds")
    args = parser.parse_args()
    if args.rows:
        stream_main(args)
        return
    checklist = next(iter(load_kit(args.kit).checklists.values()))
    people = make_participants(checklist, args.participants)
    rows: list[tuple[str, float]] = []
    with tempfile.TemporaryDirectory(prefix="reports-bench-") as temporary:
        work = Path(temporary)

        def measure(label: str, run: Callable[[], float]) -> None:
            rows.append((label, run()))
            print(f"  {label}: {rows[-1][1]:.0f} ms", file=sys.stderr)

        for jobs in (1, 2):
            measure(f"site-builder report, --jobs {jobs} ({len(people)} + summary)",
                    functools.partial(time_in_process, args.kit, people, jobs, work))
        sample = people[:args.fresh_sample]
        measure(f"one fresh process per document (sample {len(sample)})",
                lambda: time_fresh_processes(args.kit, checklist, sample, work))
        chromium = shutil.which("chromium") or shutil.which("chromium-browser")
        if chromium:
            pages = write_html(args.kit, people[:args.chromium_sample], work)
            for at_once in (1, 2):
                measure(f"chromium --print-to-pdf, {at_once} at a time "
                        f"(sample {len(pages)})",
                        functools.partial(time_chromium, chromium, pages, at_once))
    print(table([(label, f"{ms:.0f}", f"{ms * 200 / 1000:.1f} s") for label, ms in rows],
                ["way", "ms per document", "200 documents"], right=(1, 2)))
    print()
    print("; ".join(f"{key}: {value}" for key, value in machine().items()))


if __name__ == "__main__":
    main()
