"""A checklist file -> Checklist: its questions, answer scales and scores, validated."""

from __future__ import annotations

import hashlib
import json
from collections.abc import Callable
from typing import Any

from site_builder.diagnostics import Location, Problems, did_you_mean, quote_list
from site_builder.kit.shapes import (
    INVALID,
    Choice,
    Fields,
    Ident,
    Key,
    ListOf,
    MapOf,
    Number,
    Text,
    is_valid,
)
from site_builder.kit.yamlfile import YMap, YNode, items_of
from site_builder.model import AnswerOption, Checklist, Question, QuestionType, Score, Section

RESERVED_IDS = frozenset({"all", "any", "not", "always", "logic"})
MAX_WRITE_IN = 12

ANSWER = Fields({
    "value": Key(Text(), required=True, doc="what is stored and what rules compare"),
    "label": Key(Text(), required=True, doc="what the participant sees"),
    "score": Key(Number(), doc="what the answer adds to a score"),
}, name="an answer")
SCALE = ListOf(ANSWER, min_items=1)
QUESTION = Fields({
    "id": Key(Ident(), required=True, doc="the question's id, which rules and scores use"),
    "text": Key(Text(), required=True, doc="the question, as the participant reads it"),
    "help": Key(Text(), doc="a hint under the question (Markdown)"),
    "type": Key(Choice(values=("choice", "number", "text")),
                doc="choice (default): one of the answers; number; text: free text"),
    "answers": Key(SCALE, doc="this question's own answer scale, instead of the default"),
    "min": Key(Number(), doc="the smallest answer of a number question"),
    "max": Key(Number(), doc="the largest answer of a number question"),
    "write_in": Key(Number(integer=True, minimum=0),
                    doc="lines for names or initials on the printed worksheet"),
}, name="a question")
SECTION = Fields({
    "id": Key(Ident(), required=True, doc="the section's id, for scores and advice"),
    "title": Key(Text(), required=True, doc="the section's heading"),
    "intro": Key(Text(), doc="shown above the section's questions (Markdown)"),
    "questions": Key(ListOf(QUESTION, min_items=1), required=True, doc="the questions"),
}, name="a section")
# `_summed` below refuses a sum naming both or neither: the schema says one key.
SCORE_SUM = Fields({
    "section": Key(Ident(), doc="add up the answers of this section's questions"),
    "questions": Key(ListOf(Ident(), min_items=1), doc="add up the answers of these questions"),
}, name="a score's 'sum'", schema_extra={"minProperties": 1, "maxProperties": 1})
SCORE = Fields({
    "label": Key(Text(), required=True, doc="the score's name on the results"),
    "sum": Key(SCORE_SUM, required=True, doc="what it adds up: a 'section' or 'questions'"),
}, name="a score")
CHECKLIST = Fields({
    "title": Key(Text(), required=True, doc="the checklist's title"),
    "intro": Key(Text(), doc="shown above the questions (Markdown)"),
    "version": Key(Text(), doc="saved answers carry it (default: a hash of the questions)"),
    "answers": Key(SCALE, doc="the default answer scale of every question"),
    "sections": Key(ListOf(SECTION, min_items=1), required=True,
                    doc="the questions, in titled sections"),
    "scores": Key(MapOf(SCORE), doc="named sums of answer scores, by id"),
}, name="the checklist")

# Renders Markdown found at a location into safe HTML (provided by the kit loader).
MarkdownFn = Callable[[str, Location], str]


def build_checklist(
    checklist_id: str, source: str, node: YNode, markdown: MarkdownFn, report: Problems
) -> Checklist | None:
    """Validate a parsed checklist file; None (with errors reported) when it is unusable."""
    data = CHECKLIST.check(node, report, "the checklist")
    if data is INVALID or not is_valid(data["title"], data.get("sections")):
        return None
    assert isinstance(node, YMap)
    default_scale = _scale(data.get("answers"), node.get("answers"), report)
    sections = _sections(data["sections"], node.get("sections"), default_scale, markdown, report)
    scores = _scores(data.get("scores") or {}, node.get("scores"), sections, report)
    _check_unique_ids(sections, scores, report)
    questions = tuple(q for s in sections for q in s.questions)
    intro = data.get("intro")
    return Checklist(
        id=checklist_id,
        title=data["title"],
        intro_html=markdown(intro, _value_loc(node, "intro")) if is_valid(intro) and intro else "",
        sections=sections,
        scores=scores,
        version=data.get("version") or checklist_version(questions),
        source=source,
        url=f"checklists/{checklist_id}.html",
        location=node.loc,
    )


def _value_loc(node: YNode | None, key: str) -> Location:
    if isinstance(node, YMap) and (value := node.get(key)) is not None:
        return value.loc
    return node.loc if node is not None else Location("")


def _scale(raw: Any, node: YNode | None, report: Problems) -> tuple[AnswerOption, ...]:
    if not raw or raw is INVALID:
        return ()
    options: list[AnswerOption] = []
    for item, item_node in zip(raw, items_of(node), strict=False):
        if item is INVALID or not is_valid(item["value"], item["label"], item.get("score")):
            continue
        for other in options:
            for field in ("value", "label"):
                if getattr(other, field).casefold() == item[field].casefold():
                    report.error(item_node.loc, f"two answers have the {field} "
                                 f"'{item[field]}'; each answer needs its own {field}")
        options.append(AnswerOption(item["value"], item["label"], item.get("score")))
    return tuple(options)


def _sections(
    raw: list[Any], node: YNode | None, default_scale: tuple[AnswerOption, ...],
    markdown: MarkdownFn, report: Problems,
) -> tuple[Section, ...]:
    sections = []
    for item, item_node in zip(raw, items_of(node), strict=False):
        if item is INVALID or not is_valid(item["id"]):
            continue
        assert isinstance(item_node, YMap)
        # A section with a wrong title or question list (reported) is kept, with the
        # questions that are right, so scores summing it are not refused as well.
        listed = item["questions"] if is_valid(item["questions"]) else []
        questions = tuple(
            question
            for q, q_node in zip(listed, items_of(item_node.get("questions")), strict=False)
            if (question := _question(q, q_node, item["id"], default_scale, markdown, report))
        )
        intro = item.get("intro")
        sections.append(Section(
            id=item["id"], title=item["title"] if is_valid(item["title"]) else item["id"],
            intro_html=markdown(intro, _value_loc(item_node, "intro"))
            if is_valid(intro) and intro else "",
            questions=questions, location=item_node.loc,
        ))
    return tuple(sections)


def _question(
    raw: Any, node: YNode, section: str, default_scale: tuple[AnswerOption, ...],
    markdown: MarkdownFn, report: Problems,
) -> Question | None:
    if raw is INVALID or not is_valid(raw["id"], raw["text"]):
        return None
    assert isinstance(node, YMap)
    kind: QuestionType = raw.get("type") or "choice"
    if kind is INVALID:
        return None
    if raw["id"] in RESERVED_IDS:
        report.error(node.key_loc("id"), f"'{raw['id']}' is a reserved word in rules; "
                     "choose another question id")
    scale = _scale(raw.get("answers"), node.get("answers"), report) or default_scale
    if kind == "choice" and not scale:
        report.error(node.loc, f"question '{raw['id']}' has no answers: give it 'answers' "
                     "or give the checklist a default 'answers' scale")
    if kind != "choice" and "answers" in raw:
        report.error(node.key_loc("answers"), f"a {kind} question has no 'answers'; remove "
                     "them or remove 'type'")
    low, high = raw.get("min"), raw.get("max")
    if kind != "number" and ("min" in raw or "max" in raw):
        report.error(node.loc, "'min' and 'max' are only for questions of type number")
    elif is_valid(low, high) and low is not None and high is not None and low > high:
        report.error(node.key_loc("min"), f"'min' ({low}) is larger than 'max' ({high})")
    write_in = raw.get("write_in") or 0
    if is_valid(write_in) and write_in > MAX_WRITE_IN:
        report.error(node.key_loc("write_in"), f"'write_in' is at most {MAX_WRITE_IN} lines")
    help_text = raw.get("help")
    return Question(
        id=raw["id"], text=raw["text"], section=section, type=kind,
        answers=scale if kind == "choice" else (),
        help_html=markdown(help_text, _value_loc(node, "help"))
        if is_valid(help_text) and help_text else "",
        minimum=low if is_valid(low) else None, maximum=high if is_valid(high) else None,
        write_in=write_in if is_valid(write_in) else 0, location=node.loc,
    )


def _scores(
    raw: dict[str, Any], node: YNode | None, sections: tuple[Section, ...], report: Problems
) -> tuple[Score, ...]:
    questions = {q.id: q for s in sections for q in s.questions}
    scores = []
    for score_id, spec in raw.items():
        assert isinstance(node, YMap)
        loc = node.key_loc(score_id)
        if score_id in RESERVED_IDS:
            report.error(loc, f"'{score_id}' is a reserved word in rules; choose another "
                         "score id")
        valid = spec is not INVALID and is_valid(spec["label"], spec["sum"])
        ids = _summed(score_id, spec["sum"], node.get(score_id), sections, report) \
            if valid else []
        for question_id in ids:
            _check_scored(score_id, question_id, questions, loc, report)
        # A score whose 'sum' is wrong is still a score: rules that read it are not
        # refused as well (the kit is refused anyway, for the one real error).
        scores.append(Score(score_id, spec["label"] if valid else score_id, tuple(ids), loc))
    return tuple(scores)


def _summed(score_id: str, total: dict[str, Any], node: YNode | None,
            sections: tuple[Section, ...], report: Problems) -> list[str]:
    """The ids of the questions a score adds up ([] when its 'sum' is wrong, reported)."""
    if ("section" in total) == ("questions" in total):
        report.error(_value_loc(node, "sum"), f"score '{score_id}': 'sum' needs exactly one "
                     "of 'section' or 'questions'")
        return []
    if "questions" in total:
        return [q for q in total["questions"] if is_valid(q)]
    section_ids = [s.id for s in sections]
    if total["section"] not in section_ids:
        where = _value_loc(node.get("sum") if isinstance(node, YMap) else None, "section")
        report.error(where, f"score '{score_id}' sums unknown "
                     f"section '{total['section']}'{did_you_mean(total['section'], section_ids)}"
                     f"; sections: {', '.join(section_ids)}")
        return []
    return [q.id for s in sections if s.id == total["section"] for q in s.questions
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
