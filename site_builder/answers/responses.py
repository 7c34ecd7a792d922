"""A cohort's responses: CSV form exports, saved JSON, YAML and filled PDFs, every row checked.

Every good row or file becomes a Participant; every bad one becomes problems and
is skipped, so one bad row never costs the others their reports. `stream_responses` gives
them one at a time, as the files are read (a CSV a line at a time, never held whole);
`read_responses` collects them.
"""

from __future__ import annotations

import re
from collections.abc import Collection, Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import TextIO

from site_builder.answers.answer_file import AnswerFile, read_answer_file
from site_builder.answers.csv_rows import BadRecord, RecordReader, find_encoding, sniff_delimiter
from site_builder.answers.language import match_language, unknown_language
from site_builder.answers.step import (
    CSV_COLUMNS,
    Step,
    check_step_advice,
    step_from_cells,
    step_from_fields,
)
from site_builder.diagnostics import Diagnostic, Location, Problems, did_you_mean
from site_builder.engine.document import Answer
from site_builder.engine.match import allowed_answers, match_answers, match_value
from site_builder.kit.text import NotTextError
from site_builder.model import Checklist, Question

MAX_FILE_BYTES = 20 * 1024 * 1024
MAX_FIELD_BYTES = 1024 * 1024  # a cell's characters; a longer one costs its row
MAX_IDENT = 60
MAX_SHOWN_NAME = 40  # of a name in a message
SUFFIXES = (".csv", ".json", ".yaml", ".yml", ".pdf")
LANGUAGE_COLUMN = "language"  # a form export's column saying which language a row is in
UNSAFE = re.compile(r"[^A-Za-z0-9_-]+")


@dataclass(frozen=True)
class Participant:
    answers: dict[str, Answer]  # matched, as the engine reads them; blanks left out
    source: Location  # the file, and for CSV the line the row starts on
    name: str | None = None  # from --name-column or a saved JSON's "name"; never a file name
    ident: str = ""  # short, unique within the run, file-name-safe
    step: Step | None = None  # the committed step, when the file or row has one
    language: str | None = None  # one of the kit's languages, when the file or row says


@dataclass(frozen=True)
class Responses:
    participants: tuple[Participant, ...]  # every good row/file, in input order
    problems: tuple[Diagnostic, ...]  # every bad row/file (errors), a file's warnings; sorted
    skipped: int  # rows/files refused because of a problem (blank rows are not counted)


def read_responses(paths: Sequence[Path], checklist: Checklist,
                   name_column: str | None = None,
                   advice_ids: Collection[str] | None = None,
                   versions: Mapping[str, Checklist] | None = None) -> Responses:
    """Read every response file (or folder of them) against one checklist; a saved step's
    `advice` must be one of `advice_ids` (unchecked when None). `versions` is the checklist
    in each of the kit's languages (see ResponseStream)."""
    stream = ResponseStream(paths, checklist, name_column, advice_ids, versions)
    participants: list[Participant] = []
    problems: set[Diagnostic] = set()
    for item in stream:
        if isinstance(item, Participant):
            participants.append(item)
        else:
            problems.add(item)
    return Responses(tuple(participants), tuple(sorted(problems)), stream.skipped)


class ResponseStream:
    """`for item in ResponseStream(...)`: each Participant and each Diagnostic, in input
    order, as the files are read; `skipped` counts the rows and files refused so far.

    `versions` is the checklist in each of the kit's languages, by language, the source
    first (same ids and values, translated texts). A row or file may then say its language
    (a `language` column or key), which must be one of them; a form export's columns may be
    named by a question's text in any of them, and its cells answered with a label in any
    of them. Without `versions`, a language is not read."""

    def __init__(self, paths: Sequence[Path], checklist: Checklist,
                 name_column: str | None = None,
                 advice_ids: Collection[str] | None = None,
                 versions: Mapping[str, Checklist] | None = None) -> None:
        self.paths = list(paths)
        self._reader = _Reader(checklist, name_column, advice_ids, versions)

    @property
    def skipped(self) -> int:
        return self._reader.skipped

    def estimate(self) -> int:
        """About how many rows and files there are, for a progress bar: a CSV's lines
        after the first (a cell over several lines counts each), one per other file."""
        try:
            files = [p for path in self.paths
                     for p in (sorted(path.iterdir()) if path.is_dir() else [path])]
        except OSError:  # said when the folder is read
            return 0
        return sum(_lines_after_header(p) if p.suffix.lower() == ".csv" else 1 for p in files
                   if p.suffix.lower() in SUFFIXES)

    def __iter__(self) -> Iterator[Participant | Diagnostic]:
        for path in self.paths:
            yield from self._reader.read_path(path)


Item = Participant | Diagnostic


class _Reader:
    """Reads participants and problems across every input of one run."""

    def __init__(self, checklist: Checklist, name_column: str | None,
                 advice_ids: Collection[str] | None = None,
                 versions: Mapping[str, Checklist] | None = None) -> None:
        self.checklist = checklist
        self.versions = dict(versions or {})
        self.languages = tuple(self.versions)
        self.name_column = name_column
        self.advice_ids = advice_ids
        self.skipped = 0
        self.idents: set[str] = set()

    def read_path(self, path: Path) -> Iterator[Item]:
        shown = str(path)
        if path.is_dir():
            yield from self.read_folder(path)
        elif not path.exists():
            yield self.refuse(Location(shown), "no such file or folder")
        elif path.suffix.lower() not in SUFFIXES:
            yield self.refuse(Location(shown), "not a response file; give CSV, JSON, YAML or "
                              "PDF files, or a folder of them")
        else:
            yield from self.read_file(path)

    def read_folder(self, folder: Path) -> Iterator[Item]:
        try:
            entries = sorted(folder.iterdir(), key=lambda p: p.name)
        except OSError as error:
            yield self.refuse(Location(str(folder)), f"cannot read this folder: {error.strerror}")
            return
        files = [p for p in entries if p.suffix.lower() in SUFFIXES
                 and not p.name.startswith(".") and p.is_file()]
        if not files:
            yield self.refuse(Location(str(folder)), "no response files in this folder; "
                              "expected CSV, JSON, YAML or PDF files")
        for path in files:
            yield from self.read_file(path)

    def read_file(self, path: Path) -> Iterator[Item]:
        shown = str(path)
        try:
            size = path.stat().st_size
        except OSError as error:
            yield self.refuse(Location(shown), f"cannot read this file: {error.strerror}")
            return
        if size > MAX_FILE_BYTES:
            yield self.refuse(Location(shown), f"this file is {size / 1024 / 1024:.1f} MB; "
                              f"response files are limited to {MAX_FILE_BYTES // 1024 // 1024} "
                              "MB, so split it")
            return
        suffix = path.suffix.lower()
        if suffix == ".csv":
            yield from self.read_csv(path)
        elif suffix == ".pdf":
            yield from self.read_pdf(path)
        else:
            yield from self.read_answers(path)

    def refuse(self, location: Location, message: str) -> Diagnostic:
        self.skipped += 1
        return Diagnostic(location, message)

    def participant(self, answers: dict[str, Answer], source: Location, name: str | None,
                    wanted: str, step: Step | None = None,
                    language: str | None = None) -> Participant:
        return Participant(answers, source, _clean_name(name), self.unique_ident(wanted), step,
                           language)

    def unique_ident(self, wanted: str) -> str:
        base = UNSAFE.sub("-", wanted).strip("-_")[:MAX_IDENT].strip("-_").lower()
        base = base or "response"
        ident, count = base, 1
        while ident in self.idents:
            count += 1
            ident = f"{base}-{count}"
        self.idents.add(ident)
        return ident

    # JSON, YAML and PDF: one participant per file

    def read_answers(self, path: Path) -> Iterator[Item]:
        file_report = Problems()
        answer_file = read_answer_file(path, file_report)
        if answer_file is not None:
            self.check_saved(answer_file, file_report)
        yield from self.finish_file(path, answer_file, file_report)

    def check_saved(self, answer_file: AnswerFile, report: Problems) -> None:
        wanted = answer_file.checklist
        if wanted is not None and wanted != self.checklist.id:
            report.error(Location(answer_file.path), f"these answers are for checklist "
                         f"'{wanted}', not '{self.checklist.id}'")

    def finish_file(self, path: Path, answer_file: AnswerFile | None, report: Problems
                    ) -> Iterator[Item]:
        answers: dict[str, Answer] = {}
        if answer_file is not None and not report.errors:
            answers = match_answers(answer_file.answers, self.checklist, answer_file.locate,
                                    report)
            if self.advice_ids is not None:
                check_step_advice(answer_file.step, self.advice_ids, self.checklist.id, report)
            language = self.file_language(answer_file, report)
            version = answer_file.version
            if report.errors and version and version != self.checklist.version:
                report.error(Location(answer_file.path), f"these answers were saved for "
                             f"version {version} of '{self.checklist.id}', which is now "
                             f"version {self.checklist.version}")
        if answer_file is None or report.errors:
            yield from report.errors
            self.skipped += 1
            return
        name = answer_file.name
        yield self.participant(answers, Location(answer_file.path), name,
                               f"{path.stem}-{path.suffix.lstrip('.')}", answer_file.step,
                               language)

    def file_language(self, answer_file: AnswerFile, report: Problems) -> str | None:
        """The kit's language an answer file names, if it names one; one the kit does not
        have is an error where it is written. A filled PDF's own language (which nobody
        typed) is used when it is one of the kit's, else left aside."""
        given = answer_file.language
        if given is None or not self.languages:
            return None
        language = match_language(given, self.languages)
        if language is None and answer_file.language_location.path:
            report.error(answer_file.language_location,
                         f"'language': {unknown_language(given, self.languages)}")
        return language

    def read_pdf(self, path: Path) -> Iterator[Item]:
        """A filled worksheet (answers and step) or handout (its step alone)."""
        shown = str(path)
        # Imported here: pypdf is needed only when a form export is a PDF.
        from site_builder.answers.filled_pdf import (
            DAMAGED,
            NAME_KEY,
            FilledPdfError,
            read_filled_pdf,
        )

        try:
            filled = read_filled_pdf(path)
        except FilledPdfError as error:
            message = str(error)
            yield self.refuse(Location(shown), message.removeprefix(f"{path}: "))
            return
        if filled.damaged:
            yield Diagnostic(Location(shown), DAMAGED, "warning")
        fields = filled.values
        step = step_from_fields(fields)
        ids = {q.id for q in self.checklist.questions}
        if step is None and not filled.names & ids:
            yield self.refuse(Location(shown), "this handout's step is blank, so there is "
                              "nothing to report; fill in its four lines (what, with whom, how, "
                              "by when)")
            return
        # Fields that are no question start with "_" or hold "__" (write-in names, the step).
        raw = {k: v for k, v in fields.items() if not k.startswith("_") and "__" not in k}
        answer_file = AnswerFile(shown, raw, locate=lambda key: Location(shown),
                                 name=fields.get(NAME_KEY), step=step,
                                 language=filled.language)
        yield from self.finish_file(path, answer_file, Problems())

    # CSV: one participant per row

    def read_csv(self, path: Path) -> Iterator[Item]:
        shown = str(path)
        try:
            encoding, warning = find_encoding(path, shown)
            with path.open(encoding=encoding, newline="") as stream:
                if warning is not None:
                    yield warning
                yield from self.read_rows(shown, stream)
        except NotTextError as error:
            yield self.refuse(error.diagnostic.location, error.diagnostic.message)
        except UnicodeDecodeError:  # a UTF-16 mark on bytes that are not UTF-16
            yield self.refuse(Location(shown), "this file starts as UTF-16 text but is not; "
                              "save it with UTF-8 encoding")
        except OSError as error:
            yield self.refuse(Location(shown), f"cannot read this file: {error.strerror}")

    def read_rows(self, shown: str, stream: TextIO) -> Iterator[Item]:
        first_line = stream.readline()
        stream.seek(0)
        records = RecordReader(stream, sniff_delimiter(first_line), MAX_FILE_BYTES)
        rows = iter(records)
        first = next(rows, None)
        if first is None:
            yield self.refuse(Location(shown), "this file is empty; a CSV needs a header row "
                              "naming the questions")
            return
        if isinstance(first, BadRecord):
            yield self.refuse(Location(shown, first.line), first.message)
            return
        header = _Header.parse(first[1], self.checklist, self.name_column, self.versions)
        if header.problems:
            for message in header.problems:
                yield Diagnostic(Location(shown, first[0]), message)
            self.skipped += 1
            return
        records.set_row_check(header.is_row)
        stem = Path(shown).stem
        for record in rows:
            if isinstance(record, BadRecord):
                whose = _whose(header.name_of(record.cells))
                yield self.refuse(Location(shown, record.line), whose + record.message)
                continue
            line, cells = record
            if all(not cell.strip() for cell in cells):
                continue
            language, problems = header.language_of(cells)
            answers, answer_problems = header.match_row(cells, language)
            problems += answer_problems
            name = header.name_of(cells)
            # The facilitator finds a refused row by its person faster than by its line.
            whose = _whose(name)
            for message in problems:
                yield Diagnostic(Location(shown, line), whose + message)
            if problems:
                self.skipped += 1
            else:
                yield self.participant(answers, Location(shown, line), name,
                                       f"{stem}-row-{line}", header.step_of(cells), language)


@dataclass(frozen=True)
class _Header:
    """Which column answers which question, and which holds the name (and the language)."""

    titles: tuple[str, ...]
    questions: Mapping[int, Question]
    name_index: int | None
    problems: tuple[str, ...] = ()
    steps: Mapping[str, int] = field(default_factory=dict)  # step column -> its index
    language_index: int | None = None
    # Each question in every language of the kit, by language: a cell may be answered with
    # a label in any of them (the values are the same).
    versions: Mapping[str, Mapping[str, Question]] = field(default_factory=dict)

    @classmethod
    def parse(cls, cells: list[str], checklist: Checklist,
              name_column: str | None, languages: Mapping[str, Checklist] | None = None
              ) -> _Header:
        titles = tuple(cell.strip() for cell in cells)
        languages = languages or {}
        keys = {q.id.casefold(): q for q in checklist.questions}
        keys.update({q.text.strip().casefold(): q for q in checklist.questions})
        for version in languages.values():  # a form in French names its columns in French
            for translated in version.questions:
                keys.setdefault(translated.text.strip().casefold(),
                                checklist.question(translated.id) or translated)
        questions: dict[int, Question] = {}
        problems: list[str] = []
        seen: dict[str, int] = {}
        for index, title in enumerate(titles):
            question = keys.get(title.casefold()) if title else None
            if question is None:
                continue
            if question.id in seen:
                problems.append(f'columns "{titles[seen[question.id]]}" and "{title}" both '
                                f"answer question '{question.id}'; keep one")
                continue
            seen[question.id] = index
            questions[index] = question
        name_index = _find_name(titles, name_column, problems)
        if not questions and not problems:
            problems.append(f"no column matches a question of checklist '{checklist.id}'; "
                            "name a column by a question's id or its exact text")
        # A question's own column wins over a step column, or a language one, of its name.
        steps = {t.casefold(): i for i, t in enumerate(titles)
                 if t.casefold() in CSV_COLUMNS and i not in questions}
        language_index = next((i for i, t in enumerate(titles) if languages and i not in
                               questions and t.casefold() == LANGUAGE_COLUMN), None)
        versions = {language: {q.id: q for q in version.questions}
                    for language, version in languages.items()}
        return cls(titles, questions, name_index, tuple(problems), steps, language_index,
                   versions)

    def is_row(self, cells: list[str]) -> bool:
        """Whether a line's cells read as a row of this file: as many as the header has
        columns, at least one question answered, and every answer one the question allows."""
        if len(cells) != len(self.titles) or len(self.titles) < 2:
            return False
        given = [(q, cells[i].strip()) for i, q in self.questions.items() if cells[i].strip()]
        return bool(given) and all(self.match(q, cell) is not None for q, cell in given)

    def match(self, question: Question, cell: str, language: str | None = None) -> Answer:
        """The cell's value: a value or label of the question as the source language has it,
        else as the row's language has it, else as any other language has it."""
        value = match_value(question, cell)
        if value is not None or question.type != "choice":
            return value
        order = sorted(self.versions, key=lambda lang: lang != language)
        for lang in order:
            translated = self.versions[lang].get(question.id)
            if translated is not None and (value := match_value(translated, cell)) is not None:
                return value
        return None

    def language_of(self, cells: list[str]) -> tuple[str | None, list[str]]:
        """The row's language from its `language` cell (None when blank or no such column),
        and the problem with it."""
        index = self.language_index
        cell = cells[index].strip() if index is not None and index < len(cells) else ""
        if not cell:
            return None, []
        languages = tuple(self.versions)
        language = match_language(cell, languages)
        if language is None:
            return None, [f"{self.column(index or 0)}: {unknown_language(cell, languages)}"]
        return language, []

    def match_row(self, cells: list[str], language: str | None = None
                  ) -> tuple[dict[str, Answer], list[str]]:
        answers: dict[str, Answer] = {}
        problems: list[str] = []
        for index, cell in enumerate(cells):
            if len(cell) > MAX_FIELD_BYTES:
                size = len(cell) / 1024 / 1024
                return {}, [f"{self.column(index)} holds {size:.1f} MB; a cell is limited to "
                            f"{MAX_FIELD_BYTES // 1024 // 1024} MB, so this row is skipped"]
        extra = [c for c in cells[len(self.titles):] if c.strip()]
        if extra:
            problems.append(f"this row has {len(cells)} cells but the header has "
                            f"{len(self.titles)}; check the quoting of this row")
        for index, question in self.questions.items():
            cell = cells[index].strip() if index < len(cells) else ""
            if not cell:
                continue
            value = self.match(question, cell, language)
            if value is None:
                shown = self.versions.get(language or "", {}).get(question.id, question)
                problems.append(f'{self.column(index)}: "{cell}" is not '
                                f"{allowed_answers(shown)}")
            else:
                answers[question.id] = value
        return answers, problems

    def column(self, index: int) -> str:
        """A column as a spreadsheet shows it, by letter, and as the form named it."""
        letters, number = "", index + 1
        while number:
            number, digit = divmod(number - 1, 26)
            letters = chr(ord("A") + digit) + letters
        if index >= len(self.titles):
            return f"column {letters}"
        return f'column {letters} "{self.titles[index]}"'

    def step_of(self, cells: list[str]) -> Step | None:
        return step_from_cells({column: cells[index] if index < len(cells) else ""
                                for column, index in self.steps.items()})

    def name_of(self, cells: list[str]) -> str | None:
        if self.name_index is None or self.name_index >= len(cells):
            return None
        return cells[self.name_index]


def _find_name(titles: tuple[str, ...], name_column: str | None,
               problems: list[str]) -> int | None:
    if name_column is None:
        return None
    wanted = name_column.strip().casefold()
    for index, title in enumerate(titles):
        if title.casefold() == wanted:
            return index
    shown = [t for t in titles if t]
    problems.append(f'no column named "{name_column}" (--name-column)'
                    f"{did_you_mean(name_column, shown)}; columns: "
                    + ", ".join(f'"{t}"' for t in shown))
    return None


def _lines_after_header(path: Path) -> int:
    lines = 0
    try:
        with path.open("rb") as file:
            while chunk := file.read(1024 * 1024):
                lines += chunk.count(b"\n")
    except OSError:
        return 1
    return max(1, lines - 1)


def _whose(name: str | None) -> str:
    """`"Ivy" (--name-column): ` before a refused row's message, shortened; "" without one."""
    cleaned = _clean_name(name)
    if cleaned is None:
        return ""
    if len(cleaned) > MAX_SHOWN_NAME:
        cleaned = cleaned[:MAX_SHOWN_NAME].rstrip() + "…"
    return f'row of "{cleaned}": '


def _clean_name(name: str | None) -> str | None:
    """The name as given, without control characters or surrounding spaces; None if blank."""
    if name is None:
        return None
    cleaned = "".join(" " if ord(c) < 32 or ord(c) == 127 else c for c in name).strip()
    return cleaned or None

