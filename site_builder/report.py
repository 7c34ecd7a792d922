"""`report`, step by step: load the kit -> read the responses -> evaluate each participant
-> render their PDFs over the worker processes -> the summary of what was written.

Every PDF is a `PdfJob`, as the site's are: it goes through a temporary file in the output
folder and is renamed into place,
so a re-run overwrites its own outputs and an interrupted run leaves no half-written PDF.
One document that fails fails alone; the others are still written.
"""

from __future__ import annotations

import contextlib
import datetime
import sys
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import click

from site_builder.answers.responses import Participant, ResponseStream
from site_builder.diagnostics import Diagnostic, Location, Log, plural, quiet
from site_builder.engine.compile import compile_checklist
from site_builder.engine.document import RulesDocument
from site_builder.engine.evaluate import Evaluator
from site_builder.model import Checklist, Kit
from site_builder.parallel import Outcome, Workers, attempt, cpus
from site_builder.render.dates import format_long_date
from site_builder.render.output import check_output_folder
from site_builder.render.pdf.jobs import PdfJob, PdfResult
from site_builder.render.pdf.make import make_pdf
from site_builder.render.pdf.names import ReportNames
from site_builder.render.pdf.report import (
    SMALL_ROOM,
    Room,
    cohort_context,
    participant_context,
    render_report_html,
    report_css,
)
from site_builder.render.templating import TemplateError
from site_builder.render.words import kit_words

MARKER = ".site-builder-reports"
WINDOW_PER_PROCESS = 2  # reports planned and waiting, per process: memory is bounded by --jobs
COHORT_FILE = "cohort-summary.pdf"
RESPONSES = Location("responses")


@dataclass(frozen=True)
class ReportOutcome:
    out: Path
    written: tuple[Path, ...]  # the participants' reports that were written
    cohort: Path | None  # the cohort summary, when it was written
    problems: tuple[Diagnostic, ...]  # bad rows and files, and a small room's warning
    failures: tuple[Diagnostic, ...]  # documents that could not be made
    skipped: int
    earlier: int = 0  # reports in the folder from an earlier run, not written by this one

    @property
    def ok(self) -> bool:
        return not (self.skipped or self.failures
                    or any(p.severity == "error" for p in self.problems))


def make_reports(kit_root: Path, responses: Sequence[Path], checklist_id: str | None,
                 out: Path | None, name_column: str | None, jobs: int | None,
                 progress: bool = False, log: Log = quiet) -> ReportOutcome:
    """The `report` command: every step, in order. `log` hears of each step (`--verbose`).
    The responses are read as a stream: each report is made as its row is read."""
    from site_builder.kit.load import choose_checklist, load_kit

    kit = load_kit(kit_root)
    checklist = choose_checklist(kit, checklist_id, Location(str(responses[0])))
    target = prepare_output(kit, out)
    advice_ids = [r.id for s in kit.rules_for(checklist.id) for r in s.rules]
    stream = ResponseStream(list(responses), checklist, name_column, advice_ids)
    log(f"reading the responses for checklist '{checklist.id}', a report made as each "
        "participant is read")
    outcome = report_participants(kit, checklist, stream, lambda: stream.skipped, target,
                                  jobs, progress, Location(str(responses[0])), log,
                                  by_name=name_column is not None,
                                  expected=stream.estimate() if progress else 0)
    log(f"{plural(outcome.skipped, 'row')} skipped")
    return outcome


def report_participants(kit: Kit, checklist: Checklist,
                        participants: Iterable[Participant | Diagnostic],
                        skipped: int | Callable[[], int], target: Path, jobs: int | None,
                        progress: bool = False, responses: Location = RESPONSES,
                        log: Log = quiet, by_name: bool = False,
                        expected: int = 0) -> ReportOutcome:
    """Evaluate and render every participant as `participants` gives them (a problem given
    there is kept for the outcome), then the cohort summary, into `target`; with `by_name`,
    each report's file is named after its participant rather than their row. At most a
    few reports per process wait at once, however many participants there are: the room
    is counted as they go by (`Room`). `skipped` is a count, or what gives it at the end."""
    document = compile_checklist(kit, checklist.id)
    planner = _Planner(kit, checklist, document, target, by_name)
    workers_jobs = jobs or cpus()
    with Workers(workers_jobs, log) as workers, _progress(expected, progress) as advance:
        made = workers.stream(make_pdf, planner.jobs(participants, advance),
                              workers_jobs - 1, WINDOW_PER_PROCESS * workers_jobs)
        written = collect(made, planner.failures, advance, log)
        refused = skipped if isinstance(skipped, int) else skipped()
        cohort_job = planner.cohort(refused, responses)
        if cohort_job is not None:
            written += collect([(cohort_job, attempt(make_pdf, cohort_job))],
                               planner.failures, advance, log)
    cohort = target / COHORT_FILE
    reports = tuple(sorted(p for p in written if p != cohort))
    earlier = len({p.name for p in target.glob("*.pdf")} - {p.name for p in written})
    return ReportOutcome(target, reports, cohort if cohort in written else None,
                         tuple(sorted(set(planner.problems)))
                         + small_room(planner.room.people, responses),
                         tuple(sorted(planner.failures)), refused, earlier)


def small_room(people: int, responses: Location) -> tuple[Diagnostic, ...]:
    """A warning when so few are in the "anonymous" summary that a count may name someone."""
    if not 0 < people < SMALL_ROOM:
        return ()
    who = "1 person" if people == 1 else f"{people} people"
    return (Diagnostic(responses, f"only {who} in "
                       f"{COHORT_FILE}: answers may be identifiable; share it with care",
                       "warning"),)


def prepare_output(kit: Kit, out: Path | None) -> Path:
    """The reports folder (default `reports/` in the kit), checked as the build's is."""
    target = check_output_folder(kit.root, out or kit.root / "reports", marker=MARKER)
    target.mkdir(parents=True, exist_ok=True)
    (target / MARKER).write_text("This folder holds reports written by site-builder. "
                                 "They contain participants' answers: never commit them.\n")
    return target


class _Planner:
    """Each participant to a `PdfJob` (evaluated, counted in the room, named), and the
    summary's job at the end; a template problem fails its own document."""

    def __init__(self, kit: Kit, checklist: Checklist, document: RulesDocument, target: Path,
                 by_name: bool) -> None:
        self.kit, self.checklist, self.document = kit, checklist, document
        self.target, self.by_name = target, by_name
        self.evaluator = Evaluator(document)
        self.room = Room(checklist)
        self.names = ReportNames(reserved=[COHORT_FILE])
        self.css = report_css(kit)
        self.base = (kit.root / "content" / checklist.source).parent.resolve().as_uri() + "/"
        self.date = format_long_date(datetime.date.today(), kit.site.language)
        self.words = kit_words(kit)  # the built-in words of the reports' language
        self.problems: list[Diagnostic] = []
        self.failures: list[Diagnostic] = []

    def jobs(self, items: Iterable[Participant | Diagnostic],
             advance: Callable[[], None]) -> Iterator[PdfJob]:
        for item in items:
            if isinstance(item, Diagnostic):
                self.problems.append(item)
                if item.severity == "error":
                    advance()
                continue
            evaluation = self.evaluator.evaluate(item.answers)
            self.room.add(evaluation)
            name = self.names.name(item.name if self.by_name else None, item.ident)
            job = self.plan("report.html", participant_context(
                self.checklist, self.document, evaluation, item.name, self.date, item.step,
                self.words),
                name, item.source)
            if job is not None:
                yield job

    def cohort(self, skipped: int, responses: Location) -> PdfJob | None:
        return self.plan("cohort.html", cohort_context(self.checklist, self.document,
                                                       self.room, skipped, self.words),
                         COHORT_FILE, responses)

    def plan(self, template: str, context: dict[str, Any], name: str,
             source: Location) -> PdfJob | None:
        try:
            html = render_report_html(self.kit, template, context, self.checklist.url)
        except TemplateError as problem:
            self.failures.append(Diagnostic(source, f"{name}: {problem.diagnostic}"))
            return None
        return PdfJob(name, html, self.css, self.base, str(self.kit.root.resolve()), False,
                      source, str(self.target / name))


def collect(made: Iterable[tuple[PdfJob, Outcome[PdfResult]]], failures: list[Diagnostic],
            advance: Callable[[], None], log: Log = quiet) -> list[Path]:
    """The paths written; a document that failed is added to `failures`, alone."""
    written: list[Path] = []
    for job, outcome in made:
        try:
            if messages := outcome.get().messages:
                raise ValueError("; ".join(messages))
            written.append(Path(job.out))
            log(f"wrote {job.path}")
        except Exception as error:  # one document fails alone; the others go on
            reason = str(error) or type(error).__name__
            failures.append(Diagnostic(job.location, f"could not write {job.path}: "
                                       f"{type(error).__name__}: {reason}"))
        advance()
    return written


def render_documents(documents: Sequence[PdfJob], workers: Workers, progress: bool,
                     log: Log = quiet) -> tuple[list[Path], list[Diagnostic]]:
    """Write every PDF, over `workers` and this process."""
    failures: list[Diagnostic] = []
    with _progress(len(documents), progress) as advance:
        made = workers.stream(make_pdf, documents, workers.jobs - 1,
                              WINDOW_PER_PROCESS * workers.jobs)
        written = collect(made, failures, advance, log)
    return sorted(written), sorted(failures)


@contextlib.contextmanager
def _progress(total: int, shown: bool) -> Iterator[Callable[[], None]]:
    """`click.progressbar` on stderr when asked (a terminal); nothing otherwise."""
    if not shown:
        yield lambda: None
        return
    with click.progressbar(length=max(total, 1), label="writing reports",
                           file=sys.stderr) as bar:
        yield lambda: bar.update(1)
