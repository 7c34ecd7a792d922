"""`report`, step by step: load the kit -> read the responses -> evaluate each participant
-> render their PDFs over the worker processes -> the summary of what was written.

Reports are in the kit's languages: each participant's in the language their row or file
says, else in `--language` (default: the kit's source language), as is the cohort summary.
The answers' values are the same in every language, so everyone is evaluated alike.

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

from site_builder.answers.language import language_list, match_language
from site_builder.answers.responses import Participant, ResponseStream
from site_builder.diagnostics import Diagnostic, KitError, Location, Log, plural, quiet
from site_builder.engine.compile import compile_checklist
from site_builder.engine.document import RulesDocument
from site_builder.engine.evaluate import Evaluator
from site_builder.i18n import Words
from site_builder.model import Checklist, Kit
from site_builder.parallel import Outcome, Workers, attempt, cpus
from site_builder.render.dates import format_long_date
from site_builder.render.languages import language_folder, language_kits
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
LANGUAGE_OPTION = Location("--language")


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
                 progress: bool = False, log: Log = quiet,
                 language: str | None = None) -> ReportOutcome:
    """The `report` command: every step, in order. `log` hears of each step (`--verbose`).
    The responses are read as a stream: each report is made as its row is read."""
    from site_builder.kit.load import choose_checklist, load_kit

    kit = load_kit(kit_root)
    chosen = report_language(kit, language)
    checklist = choose_checklist(kit, checklist_id, Location(str(responses[0])))
    target = prepare_output(kit, out)
    advice_ids = [r.id for s in kit.rules_for(checklist.id) for r in s.rules]
    versions = {lang: edition.checklists[checklist.id]
                for lang, edition in editions(kit).items()}
    stream = ResponseStream(list(responses), checklist, name_column, advice_ids, versions)
    log(f"reading the responses for checklist '{checklist.id}', a report made as each "
        f"participant is read, in {chosen} unless a participant's language is given")
    outcome = report_participants(kit, checklist, stream, lambda: stream.skipped, target,
                                  jobs, progress, Location(str(responses[0])), log,
                                  by_name=name_column is not None,
                                  expected=stream.estimate() if progress else 0,
                                  language=chosen)
    log(f"{plural(outcome.skipped, 'row')} skipped")
    return outcome


def editions(kit: Kit) -> dict[str, Kit]:
    """The kit in each of its languages, by language, the source first."""
    return dict(language_kits(kit))


def report_language(kit: Kit, wanted: str | None) -> str:
    """The reports' language: `--language` when the kit has it (its code, or its name, as a
    row may give it), else the kit's source language; one the kit lacks is an error that
    names those it has."""
    languages = tuple(editions(kit))
    if wanted is None:
        return languages[0]
    found = match_language(wanted, languages)
    if found is None:
        raise KitError([Diagnostic(LANGUAGE_OPTION, f"this kit is not in '{wanted}'; its "
                                   f"languages: {language_list(languages)}. Give one of "
                                   f"them, or add '{wanted}' to 'languages' in site.yaml "
                                   "and run site-builder translations")])
    return found


def report_participants(kit: Kit, checklist: Checklist,
                        participants: Iterable[Participant | Diagnostic],
                        skipped: int | Callable[[], int], target: Path, jobs: int | None,
                        progress: bool = False, responses: Location = RESPONSES,
                        log: Log = quiet, by_name: bool = False,
                        expected: int = 0, language: str | None = None) -> ReportOutcome:
    """Evaluate and render every participant as `participants` gives them (a problem given
    there is kept for the outcome), then the cohort summary, into `target`; with `by_name`,
    each report's file is named after its participant rather than their row. At most a
    few reports per process wait at once, however many participants there are: the room
    is counted as they go by (`Room`). `skipped` is a count, or what gives it at the end.
    Each report is in its participant's language, else in `language` (default: the
    source's), as the cohort summary is."""
    planner = _Planner(kit, checklist, target, by_name, language or kit.languages[0])
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


@dataclass(frozen=True)
class _Edition:
    """What one language's reports are made from: the kit, checklist and compiled rules in
    that language (the same ids and logic, translated texts), its stylesheets and date."""

    kit: Kit
    checklist: Checklist
    document: RulesDocument
    css: tuple[str, ...]
    date: str
    words: Words  # the built-in words of the edition's language, the kit's own first

    @classmethod
    def of(cls, kit: Kit, checklist_id: str, today: datetime.date) -> _Edition:
        return cls(kit, kit.checklists[checklist_id], compile_checklist(kit, checklist_id),
                   report_css(kit), format_long_date(today, kit.site.language), kit_words(kit))


class _Planner:
    """Each participant to a `PdfJob` (evaluated, counted in the room, named), and the
    summary's job at the end; a template problem fails its own document."""

    def __init__(self, kit: Kit, checklist: Checklist, target: Path, by_name: bool,
                 language: str) -> None:
        self.kits = editions(kit)
        self.today = datetime.date.today()
        self.language = language
        self._editions: dict[str, _Edition] = {}
        self.kit, self.checklist = kit, checklist
        self.target, self.by_name = target, by_name
        # The source's rules decide for every language: their logic is never translated.
        self.evaluator = Evaluator(self.edition(kit.languages[0]).document)
        self.room = Room(checklist)
        self.names = ReportNames(reserved=[COHORT_FILE])
        self.base = (kit.root / "content" / checklist.source).parent.resolve().as_uri() + "/"
        self.problems: list[Diagnostic] = []
        self.failures: list[Diagnostic] = []

    def edition(self, language: str) -> _Edition:
        """One language's edition, made when a report first needs it."""
        if language not in self._editions:
            self._editions[language] = _Edition.of(self.kits[language], self.checklist.id,
                                                   self.today)
        return self._editions[language]

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
            edition = self.edition(item.language or self.language)
            job = self.plan(edition, "report.html", participant_context(
                edition.checklist, edition.document, evaluation, item.name, edition.date,
                item.step, edition.words), name, item.source)
            if job is not None:
                yield job

    def cohort(self, skipped: int, responses: Location) -> PdfJob | None:
        edition = self.edition(self.language)
        return self.plan(edition, "cohort.html", cohort_context(
            edition.checklist, edition.document, self.room, skipped, edition.words),
            COHORT_FILE, responses)

    def plan(self, edition: _Edition, template: str, context: dict[str, Any], name: str,
             source: Location) -> PdfJob | None:
        try:
            html = render_report_html(edition.kit, template, context, self.checklist.url,
                                      language_folder(self.kit, edition.kit.site.language))
        except TemplateError as problem:
            self.failures.append(Diagnostic(source, f"{name}: {problem.diagnostic}"))
            return None
        return PdfJob(name, html, edition.css, self.base, str(self.kit.root.resolve()), False,
                      source, str(self.target / name), language=edition.kit.site.language)


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
