"""A checklist file -> Checklist: its questions, answer scales and scores, validated."""

from __future__ import annotations

import hashlib
import json
import posixpath
from collections.abc import Callable
from dataclasses import dataclass, replace
from typing import get_args

from site_builder.diagnostics import Location, Problems, did_you_mean, quote_list
from site_builder.kit.shapes import (
    Choice,
    Fields,
    Ident,
    Key,
    ListOf,
    MapOf,
    Number,
    Record,
    Text,
    WholeNumber,
    is_id,
)
from site_builder.kit.translations import Texts
from site_builder.kit.yamlfile import YMap, YNode
from site_builder.model import (
    AnswerOption,
    Chart,
    ChartAxis,
    ChartZones,
    Checklist,
    Question,
    QuestionType,
    Score,
    Section,
)

RESERVED_IDS = frozenset({"all", "any", "not", "always", "logic"})
MAX_WRITE_IN = 12
QUESTION_TYPES: tuple[QuestionType, ...] = get_args(QuestionType)


@dataclass(frozen=True)
class AnswerEntry(Record):
    value: str
    label: str
    score: int | float | None = None


@dataclass(frozen=True)
class QuestionEntry(Record):
    id: str
    text: str
    type: QuestionType = "choice"
    help: str | None = None  # this key and the ones below: None when absent or wrong
    answers: tuple[AnswerEntry, ...] | None = None
    min: int | float | None = None
    max: int | float | None = None
    write_in: int | None = None


@dataclass(frozen=True)
class SectionEntry(Record):
    id: str
    title: str | None = None  # None when wrong (reported): the section is still kept
    intro: str | None = None
    questions: tuple[QuestionEntry, ...] = ()


@dataclass(frozen=True)
class SumEntry(Record):
    section: str | None = None
    questions: tuple[str, ...] | None = None


@dataclass(frozen=True)
class ScoreEntry(Record):
    label: str | None = None  # None when wrong (reported): the score is still a score
    sum: SumEntry | None = None


@dataclass(frozen=True)
class AxisEntry(Record):
    score: str
    split_at: int | float


@dataclass(frozen=True)
class ZonesEntry(Record):
    top_left: str
    top_right: str
    bottom_left: str
    bottom_right: str


@dataclass(frozen=True)
class ChartEntry(Record):
    x: AxisEntry | None = None  # None when wrong (reported): the rest is still checked
    y: AxisEntry | None = None
    zones: ZonesEntry | None = None
    title: str | None = None


@dataclass(frozen=True)
class ChecklistFile(Record):
    title: str
    sections: tuple[SectionEntry, ...]
    intro: str | None = None
    version: str | None = None
    answers: tuple[AnswerEntry, ...] | None = None
    scores: dict[str, ScoreEntry] | None = None
    chart: ChartEntry | None = None


ANSWER = Fields(AnswerEntry, {
    "value": Key(Text(), required=True, doc="what is stored and what rules compare"),
    "label": Key(Text(), required=True, doc="what the participant sees"),
    "score": Key(Number(), doc="what the answer adds to a score"),
}, name="an answer")
SCALE = ListOf(ANSWER, min_items=1)
# A question with a wrong id, text or type is left out; with any other wrong key it is kept.
QUESTION = Fields(QuestionEntry, {
    "id": Key(Ident(), required=True, doc="the question's id, which rules and scores use"),
    "text": Key(Text(), required=True, doc="the question, as the participant reads it"),
    "help": Key(Text(), doc="a hint under the question (Markdown)", lenient=True),
    "type": Key(Choice(values=QUESTION_TYPES),
                doc="choice (default): one of the answers; number; text: free text"),
    "answers": Key(SCALE, doc="this question's own answer scale, instead of the default",
                   lenient=True),
    "min": Key(Number(), doc="the smallest answer of a number question", lenient=True),
    "max": Key(Number(), doc="the largest answer of a number question", lenient=True),
    "write_in": Key(WholeNumber(minimum=0), lenient=True,
                    doc="lines for names or initials on the printed worksheet"),
}, name="a question")
# A section with a wrong title or question list is kept, with the questions that are
# right, so scores summing it are not refused as well.
SECTION = Fields(SectionEntry, {
    "id": Key(Ident(), required=True, doc="the section's id, for scores and advice"),
    "title": Key(Text(), required=True, doc="the section's heading", lenient=True),
    "intro": Key(Text(), doc="shown above the section's questions (Markdown)", lenient=True),
    "questions": Key(ListOf(QUESTION, min_items=1), required=True, doc="the questions",
                     lenient=True),
}, name="a section")
# `_summed` below refuses a sum naming both or neither: the schema says one key.
SCORE_SUM = Fields(SumEntry, {
    "section": Key(Ident(), doc="add up the answers of this section's questions",
                   lenient=True),
    "questions": Key(ListOf(Ident(), min_items=1), doc="add up the answers of these questions",
                     lenient=True),
}, name="a score's 'sum'", schema_extra={"minProperties": 1, "maxProperties": 1})
SCORE = Fields(ScoreEntry, {
    "label": Key(Text(), required=True, doc="the score's name on the results", lenient=True),
    "sum": Key(SCORE_SUM, required=True, doc="what it adds up: a 'section' or 'questions'",
               lenient=True),
}, name="a score")
AXIS = Fields(AxisEntry, {
    "score": Key(Ident(), required=True, doc="the id of the score along this axis"),
    "split_at": Key(Number(minimum=0), required=True,
                    doc="where the axis divides: a score this high or higher is in the "
                        "right (x) or upper (y) half, as 'at_least' says"),
}, name="a chart axis")
ZONES = Fields(ZonesEntry, {
    corner: Key(Text(), required=True,
                doc=f"the name printed in the {corner.replace('_', ' ')} zone")
    for corner in ("top_left", "top_right", "bottom_left", "bottom_right")
}, name="the chart's 'zones'")
CHART = Fields(ChartEntry, {
    "title": Key(Text(), doc="the chart's heading (optional)", lenient=True),
    "x": Key(AXIS, required=True, doc="the score across: its id and where it divides",
             lenient=True),
    "y": Key(AXIS, required=True, doc="the score up: its id and where it divides",
             lenient=True),
    "zones": Key(ZONES, required=True, doc="the names of the four zones", lenient=True),
}, name="the chart")
# Only a wrong title or section list makes the whole checklist unusable.
CHECKLIST = Fields(ChecklistFile, {
    "title": Key(Text(), required=True, doc="the checklist's title"),
    "intro": Key(Text(), doc="shown above the questions (Markdown)", lenient=True),
    "version": Key(Text(), doc="saved answers carry it (default: a hash of the questions)",
                   lenient=True),
    "answers": Key(SCALE, doc="the default answer scale of every question", lenient=True),
    "sections": Key(ListOf(SECTION, min_items=1), required=True,
                    doc="the questions, in titled sections"),
    "scores": Key(MapOf(SCORE), doc="named sums of answer scores, by id", lenient=True),
    "chart": Key(CHART, lenient=True,
                 doc="two scores drawn as a 2x2 chart, with the names of its zones"),
}, name="the checklist")

# Renders Markdown found at a location into safe HTML (provided by the kit loader).
MarkdownFn = Callable[[str, Location], str]


@dataclass(frozen=True)
class _Words:
    """A checklist's translatable texts, each through the `Texts` hook under its key."""

    checklist: str
    texts: Texts
    markdown: MarkdownFn

    def plain(self, key: str, text: str, where: Location, what: str) -> str:
        return self.texts(f"checklist {self.checklist} {key}", text, where, what).value

    def html(self, key: str, text: str | None, where: Location, what: str) -> str:
        if not text:
            return ""
        got = self.texts(f"checklist {self.checklist} {key}", text, where, what, "markdown")
        return self.markdown(got.value, got.location)


def build_checklist(
    checklist_id: str, source: str, node: YNode, markdown: MarkdownFn, report: Problems,
    texts: Texts | None = None,
) -> Checklist | None:
    """Validate a parsed checklist file; None (with errors reported) when it is unusable.
    Its texts come through `texts` (the source's, or a translation's)."""
    data = CHECKLIST.check(node, report, "the checklist")
    if data is None:
        return None
    words = _Words(checklist_id, texts if texts is not None else Texts(), markdown)
    default_scale = _scale(data.answers, report, words, "")
    sections = _sections(data.sections, default_scale, words, report)
    scores = _scores(data, sections, report, words)
    _check_unique_ids(sections, scores, report)
    questions = tuple(q for s in sections for q in s.questions)
    checklist = Checklist(
        id=checklist_id,
        title=words.plain("title", data.title, data.value_loc("title"), "a checklist's title"),
        intro_html=words.html("intro", data.intro, data.value_loc("intro"),
                              "a checklist's introduction, in Markdown"),
        sections=sections,
        scores=scores,
        version=data.version or checklist_version(questions),
        source=source,
        url=f"{posixpath.splitext(source)[0]}.html",
        location=data.node.loc,
    )
    if data.chart is None:
        return checklist
    return replace(checklist, chart=_chart(data.chart, checklist, report, words))


def _chart(entry: ChartEntry, checklist: Checklist, report: Problems, words: _Words
           ) -> Chart | None:
    """The chart, its scores and splits checked against the checklist; None when wrong."""
    x, y = (_axis(name, axis, checklist, report) if axis else None
            for name, axis in (("x", entry.x), ("y", entry.y)))
    if x is not None and y is not None and x.score == y.score and entry.y:
        report.error(entry.y.value_loc("score"), f"the chart's x and y are both the score "
                     f"'{x.score}'; give y another score")
        return None
    zones = entry.zones
    if x is None or y is None or zones is None:
        return None
    title = entry.title and words.plain("chart title", entry.title, entry.value_loc("title"),
                                        "the chart's title")
    names = {corner: words.plain(f"chart zone {corner}", getattr(zones, corner),
                                 zones.value_loc(corner), f"the name of the chart's "
                                 f"{corner.replace('_', ' ')} zone")
             for corner in ("top_left", "top_right", "bottom_left", "bottom_right")}
    return Chart(x=x, y=y, title=title, location=entry.node.loc, zones=ChartZones(**names))


def _axis(name: str, entry: AxisEntry, checklist: Checklist, report: Problems
          ) -> ChartAxis | None:
    score = checklist.score(entry.score)
    if score is None:
        ids = [s.id for s in checklist.scores]
        report.error(entry.value_loc("score"), f"the chart's {name} names unknown score "
                     f"'{entry.score}'{did_you_mean(entry.score, ids)}; scores: "
                     f"{', '.join(ids) or 'none (add scores: to the checklist)'}")
        return None
    top = checklist.max_score(score)
    if top <= 0:
        report.error(entry.value_loc("score"), f"the chart's {name} score '{score.id}' can "
                     "never be above 0, so it cannot be drawn; choose a score of questions "
                     "whose answers score above 0")
        return None
    if entry.split_at > top:
        report.error(entry.value_loc("split_at"), f"the chart's {name} splits at "
                     f"{entry.split_at:g}, but '{score.id}' is at most {top:g}; choose a number "
                     f"from 0 to {top:g}")
        return None
    return ChartAxis(score=score.id, split_at=entry.split_at,
                     location=entry.value_loc("split_at"))


def _scale(entries: tuple[AnswerEntry, ...] | None, report: Problems, words: _Words,
           owner: str) -> tuple[AnswerOption, ...]:
    """A scale; `owner` is "" for the checklist's default one, else "question <id> "."""
    options: list[AnswerOption] = []
    labels: list[str] = []  # as written: two translations may be alike, not two sources
    for item in entries or ():
        for other_label, other in zip(labels, options, strict=True):
            for field, mine, theirs in (("value", item.value, other.value),
                                        ("label", item.label, other_label)):
                if theirs.casefold() == mine.casefold():
                    report.error(item.node.loc, f"two answers have the {field} "
                                 f"'{mine}'; each answer needs its own {field}")
        labels.append(item.label)
        label = words.plain(f"{owner}answer {item.value} label", item.label,
                            item.value_loc("label"), "an answer as the participant sees it")
        options.append(AnswerOption(item.value, label, item.score))
    return tuple(options)


def _sections(
    entries: tuple[SectionEntry, ...], default_scale: tuple[AnswerOption, ...],
    words: _Words, report: Problems,
) -> tuple[Section, ...]:
    sections = []
    for item in entries:
        questions = tuple(
            question for entry in item.questions
            if (question := _question(entry, item.id, default_scale, words, report))
        )
        title = item.id if item.title is None else words.plain(
            f"section {item.id} title", item.title, item.value_loc("title"),
            "a section's heading")
        sections.append(Section(
            id=item.id, title=title,
            intro_html=words.html(f"section {item.id} intro", item.intro,
                                  item.value_loc("intro"), "a section's introduction, "
                                  "in Markdown"),
            questions=questions, location=item.node.loc,
        ))
    return tuple(sections)


def _question(
    entry: QuestionEntry, section: str, default_scale: tuple[AnswerOption, ...],
    words: _Words, report: Problems,
) -> Question:
    node, kind = entry.node, entry.type
    if entry.id in RESERVED_IDS:
        report.error(node.key_loc("id"), f"'{entry.id}' is a reserved word in rules; "
                     "choose another question id")
    scale = _scale(entry.answers, report, words, f"question {entry.id} ") or default_scale
    if kind == "choice" and not scale:
        report.error(node.loc, f"question '{entry.id}' has no answers: give it 'answers' "
                     "or give the checklist a default 'answers' scale")
    if kind != "choice" and entry.has("answers"):
        report.error(node.key_loc("answers"), f"a {kind} question has no 'answers'; remove "
                     "them or remove 'type'")
    low, high = entry.min, entry.max
    if kind != "number" and (entry.has("min") or entry.has("max")):
        report.error(node.loc, "'min' and 'max' are only for questions of type number")
    elif low is not None and high is not None and low > high:
        report.error(node.key_loc("min"), f"'min' ({low}) is larger than 'max' ({high})")
    write_in = entry.write_in or 0
    if write_in > MAX_WRITE_IN:
        report.error(node.key_loc("write_in"), f"'write_in' is at most {MAX_WRITE_IN} lines")
    return Question(
        id=entry.id, section=section, type=kind,
        text=words.plain(f"question {entry.id} text", entry.text, entry.value_loc("text"),
                         "a question, as the participant reads it"),
        answers=scale if kind == "choice" else (),
        help_html=words.html(f"question {entry.id} help", entry.help,
                             entry.value_loc("help"), "a hint under a question, in Markdown"),
        minimum=low, maximum=high, write_in=write_in, location=node.loc,
    )


def _scores(
    data: ChecklistFile, sections: tuple[Section, ...], report: Problems, words: _Words
) -> tuple[Score, ...]:
    node = data.node.get("scores")
    if not isinstance(node, YMap):
        return ()  # absent, or not a mapping (reported)
    questions = {q.id: q for s in sections for q in s.questions}
    entries = data.scores or {}
    scores = []
    for score_id in filter(is_id, node.entries):  # a wrong id is reported, and no score
        loc = node.key_loc(score_id)
        if score_id in RESERVED_IDS:
            report.error(loc, f"'{score_id}' is a reserved word in rules; choose another "
                         "score id")
        spec = entries.get(score_id)
        label, total = (spec.label, spec.sum) if spec is not None else (None, None)
        if label is None or total is None:
            # A score whose definition is wrong is still a score: rules that read it are
            # not refused as well (the kit is refused anyway, for the one real error).
            scores.append(Score(score_id, score_id, (), loc))
            continue
        ids = _summed(score_id, total, sections, report)
        for question_id in ids:
            _check_scored(score_id, question_id, questions, loc, report)
        label = words.plain(f"score {score_id} label", label, spec.value_loc("label")
                            if spec else loc, "a score's name on the results")
        scores.append(Score(score_id, label, tuple(ids), loc))
    return tuple(scores)


def _summed(score_id: str, total: SumEntry, sections: tuple[Section, ...],
            report: Problems) -> list[str]:
    """The ids of the questions a score adds up ([] when its 'sum' is wrong, reported)."""
    if total.has("section") == total.has("questions"):
        report.error(total.node.loc, f"score '{score_id}': 'sum' needs exactly one "
                     "of 'section' or 'questions'")
        return []
    if total.has("questions"):
        return list(total.questions or ())
    if total.section is None:
        return []  # not an id (reported)
    section_ids = [s.id for s in sections]
    if total.section not in section_ids:
        report.error(total.value_loc("section"), f"score '{score_id}' sums unknown "
                     f"section '{total.section}'{did_you_mean(total.section, section_ids)}"
                     f"; sections: {', '.join(section_ids)}")
        return []
    return [q.id for s in sections if s.id == total.section for q in s.questions
            if q.type != "text"]


def _check_scored(
    score_id: str, question_id: str, questions: dict[str, Question], loc: Location,
    report: Problems,
) -> None:
    question = questions.get(question_id)
    if question is None:
        report.error(loc, f"score '{score_id}' sums unknown question '{question_id}'"
                     f"{did_you_mean(question_id, questions)}")
    elif question.type == "text":
        report.error(loc, f"score '{score_id}' cannot sum the text question '{question_id}'")
    elif question.type == "choice" and any(a.score is None for a in question.answers):
        missing = [a.value for a in question.answers if a.score is None]
        report.error(loc, f"score '{score_id}' sums question '{question_id}', but its "
                     f"answers {quote_list(missing)} have no 'score'")


def _check_unique_ids(
    sections: tuple[Section, ...], scores: tuple[Score, ...], report: Problems
) -> None:
    seen: dict[str, Location] = {}
    named = [(s.id, s.location, "section") for s in sections]
    for kind, items in (("question", [(q.id, q.location) for s in sections
                                      for q in s.questions]),
                        ("score", [(s.id, s.location) for s in scores])):
        for item_id, loc in items:
            if item_id in seen:
                report.error(loc, f"the {kind} id '{item_id}' is already used at line "
                             f"{seen[item_id].line}; ids of questions and scores must be unique")
            else:
                seen[item_id] = loc
    section_seen: dict[str, Location] = {}
    for item_id, loc, _ in named:
        if item_id in section_seen:
            report.error(loc, f"the section id '{item_id}' is already used at line "
                         f"{section_seen[item_id].line}")
        section_seen[item_id] = loc


def checklist_version(questions: tuple[Question, ...]) -> str:
    """A short hash of the questions and their scales: changes when saved answers may not fit."""
    shape = [[q.id, q.type, q.minimum, q.maximum, [[a.value, a.score] for a in q.answers]]
             for q in questions]
    digest = hashlib.sha256(json.dumps(shape, sort_keys=True).encode()).hexdigest()
    return digest[:10]
