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
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import click

from site_builder.answers.responses import Participant, read_responses
from site_builder.diagnostics import Diagnostic, Location, Log, plural, quiet
from site_builder.engine.compile import compile_checklist
from site_builder.engine.document import RulesDocument
from site_builder.engine.evaluate import Evaluation, Evaluator
from site_builder.model import Checklist, Kit
from site_builder.parallel import Workers
from site_builder.render.dates import format_long_date
from site_builder.render.output import check_output_folder
from site_builder.render.pdf.jobs import PdfJob
from site_builder.render.pdf.make import make_pdf
from site_builder.render.pdf.names import report_file_names
from site_builder.render.pdf.report import (
    SMALL_ROOM,
    cohort_context,
    participant_context,
    render_report_html,
    report_css,
)
from site_builder.render.templating import TemplateError

MARKER = ".site-builder-reports"
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

    @property
    def ok(self) -> bool:
        return not (self.skipped or self.failures
                    or any(p.severity == "error" for p in self.problems))


def make_reports(kit_root: Path, responses: Sequence[Path], checklist_id: str | None,
                 out: Path | None, name_column: str | None, jobs: int | None,
                 progress: bool = False, log: Log = quiet) -> ReportOutcome:
    """The `report` command: every step, in order. `log` hears of each step (`--verbose`)."""
    from site_builder.kit.load import choose_checklist, load_kit

    kit = load_kit(kit_root)
    checklist = choose_checklist(kit, checklist_id, Location(str(responses[0])))
    target = prepare_output(kit, out)
    advice_ids = [r.id for s in kit.rules_for(checklist.id) for r in s.rules]
    result = read_responses(list(responses), checklist, name_column, advice_ids)
    log(f"read {plural(len(result.participants), 'participant')} for checklist "
        f"'{checklist.id}'; {plural(result.skipped, 'row')} skipped")
    outcome = report_participants(kit, checklist, result.participants, result.skipped,
                                  target, jobs, progress, Location(str(responses[0])), log,
                                  by_name=name_column is not None)
    return ReportOutcome(outcome.out, outcome.written, outcome.cohort,
                         tuple(result.problems) + outcome.problems, outcome.failures,
                         outcome.skipped)


def report_participants(kit: Kit, checklist: Checklist, participants: Sequence[Participant],
                        skipped: int, target: Path, jobs: int | None, progress: bool = False,
                        responses: Location = RESPONSES, log: Log = quiet,
                        by_name: bool = False) -> ReportOutcome:
    """Evaluate and render every participant, then the cohort summary, into `target`; with
    `by_name`, each report's file is named after its participant rather than their row."""
    document = compile_checklist(kit, checklist.id)
    evaluator = Evaluator(document)
    evaluations = [evaluator.evaluate(p.answers) for p in participants]
    names = report_file_names([(p.name if by_name else None, p.ident) for p in participants],
                              reserved=[COHORT_FILE])
    documents, failures = plan_documents(kit, checklist, document, participants, evaluations,
                                         names, skipped, target, responses)
    with Workers(jobs, log) as workers:
        written, failed = render_documents(documents, workers, progress, log)
    cohort = target / COHORT_FILE
    reports = tuple(p for p in written if p != cohort)
    return ReportOutcome(target, reports, cohort if cohort in written else None,
                         small_room(len(participants), responses), tuple(failures + failed),
                         skipped)


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


def plan_documents(kit: Kit, checklist: Checklist, document: RulesDocument,
                   participants: Sequence[Participant], evaluations: Sequence[Evaluation],
                   names: Sequence[str], skipped: int, target: Path,
                   responses: Location) -> tuple[list[PdfJob], list[Diagnostic]]:
    """The HTML of every PDF, as jobs; a template problem fails its own. A job's location
    is the participant's row, or the responses for the summary."""
    css = report_css(kit)
    base = (kit.root / "content" / checklist.source).parent.resolve().as_uri() + "/"
    date = format_long_date(datetime.date.today(), kit.site.language)
    documents: list[PdfJob] = []
    failures: list[Diagnostic] = []

    def plan(template: str, context: dict[str, Any], name: str, source: Location) -> None:
        try:
            html = render_report_html(kit, template, context, checklist.url)
        except TemplateError as problem:
            failures.append(Diagnostic(source, f"{name}: {problem.diagnostic}"))
            return
        documents.append(PdfJob(name, html, css, base, str(kit.root.resolve()), False, source,
                                str(target / name)))

    for participant, evaluation, name in zip(participants, evaluations, names, strict=True):
        plan("report.html", participant_context(checklist, document, evaluation,
                                                participant.name, date, participant.step),
             name, participant.source)
    plan("cohort.html", cohort_context(checklist, document, evaluations, skipped),
         COHORT_FILE, responses)
    return documents, failures


def render_documents(documents: Sequence[PdfJob], workers: Workers, progress: bool,
                     log: Log = quiet) -> tuple[list[Path], list[Diagnostic]]:
    """Write every PDF, over `workers` and this process."""
    processes = min(workers.jobs - 1, len(documents))  # this process makes its share too
    batch = workers.submit(make_pdf, documents, processes)
    where = f"over {plural(processes, 'worker')} and" if batch.in_workers else "in"
    log(f"rendering {plural(len(documents), 'PDF')} {where} this process")
    written: list[Path] = []
    failures: list[Diagnostic] = []
    with _progress(len(documents), progress) as advance:
        for index, outcome in batch.outcomes():
            job = documents[index]
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
    return sorted(written), sorted(failures)


@contextlib.contextmanager
def _progress(total: int, shown: bool) -> Iterator[Callable[[], None]]:
    """`click.progressbar` on stderr when asked (a terminal); nothing otherwise."""
    if not shown:
        yield lambda: None
        return
    with click.progressbar(length=total, label="rendering reports", file=sys.stderr) as bar:
        yield lambda: bar.update(1)
