"""How long a personalised report takes: `site-builder report` in one run (1 and 2 workers),
one fresh process per document, and Chromium printing the same HTML.

Not a test: it prints a table for a person to read and record in benchmarks/README.md.

    python benchmarks/reports.py [--participants 200] [--kit DIR]
"""

from __future__ import annotations

import argparse
import csv
import functools
import random
import shutil
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


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0] if __doc__ else None)
    parser.add_argument("--kit", type=Path, default=ROOT)
    parser.add_argument("--participants", type=int, default=200)
    parser.add_argument("--fresh-sample", type=int, default=10)
    parser.add_argument("--chromium-sample", type=int, default=20)
    args = parser.parse_args()
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
