"""Rule files and rule tests -> RuleSet and RuleTest, every condition checked against
its checklist."""

from __future__ import annotations

from collections.abc import Callable, Collection, Mapping
from dataclasses import dataclass
from typing import get_args

from site_builder.diagnostics import Location, Problems, did_you_mean, quote_list
from site_builder.engine import jsonlogic
from site_builder.engine.match import match_answers
from site_builder.kit.shapes import (
    ID_PATTERN,
    Choice,
    Fields,
    Ident,
    JsonSchema,
    Key,
    ListOf,
    MapOf,
    Number,
    Raw,
    Record,
    Text,
)
from site_builder.kit.yamlfile import YMap, YNode, YScalar, YSeq, items_of, to_plain
from site_builder.model import Checklist, Question
from site_builder.model.rules import (
    CHOICE_OPS,
    NUMERIC_OPS,
    Advice,
    AllOf,
    Always,
    AnyOf,
    Compare,
    CompareOp,
    Condition,
    Not,
    Pick,
    RawLogic,
    Rule,
    RuleSet,
    RuleTest,
    RuleTestCase,
)

# The vocabulary of `when`, read by the parser below (`_entry`, `_comparisons`) and
# stated for editors by `when_schema_defs`, which needs a schema for every name here:
# neither can gain a name the other lacks (tests/test_schemas.py holds them together).
OPERATORS: tuple[CompareOp, ...] = (*CHOICE_OPS, *NUMERIC_OPS, "answered")
COMBINATORS = ("all", "any", "not", "always", "logic")

_ANSWER: JsonSchema = {"type": ["string", "number"]}  # not true/false, not empty
_ANSWERS: JsonSchema = {"type": "array", "items": _ANSWER, "minItems": 1}
_CONDITIONS: JsonSchema = {"$ref": "#/$defs/conditions"}
OPERAND_SCHEMAS: Mapping[CompareOp, JsonSchema] = {
    "is": _ANSWER | {"description": "the answer is this value"},
    "is_not": _ANSWER | {"description": "the answer is not this value"},
    "in": _ANSWERS | {"description": "the answer is one of these values"},
    "not_in": _ANSWERS | {"description": "the answer is none of these values"},
    "at_least": {"type": "number", "description": "the number (or score) is at least this"},
    "at_most": {"type": "number", "description": "the number (or score) is at most this"},
    "above": {"type": "number", "description": "the number (or score) is more than this"},
    "below": {"type": "number", "description": "the number (or score) is less than this"},
    "answered": {"type": "boolean", "description": "true: the question was answered; "
                 "false: it was not"},
}
COMBINATOR_SCHEMAS: Mapping[str, JsonSchema] = {
    "all": {"type": "array", "items": _CONDITIONS, "minItems": 1,
            "description": "every one of these conditions holds"},
    "any": {"type": "array", "items": _CONDITIONS, "minItems": 1,
            "description": "at least one of these conditions holds"},
    "not": {"allOf": [_CONDITIONS], "description": "these conditions do not all hold"},
    "always": {"const": True, "description": "always holds: a default, last in a "
               "'pick: first' file"},
    "logic": {"allOf": [{"$ref": "#/$defs/logic"}], "description": "a raw JSON Logic "
              "expression (jsonlogic.com); an unanswered question reads as null"},
}


def when_schema_defs() -> dict[str, JsonSchema]:
    """The JSON Schema of a `when`, as definitions: 'conditions' refers to the others."""
    operators: JsonSchema = {op: OPERAND_SCHEMAS[op] for op in OPERATORS}
    return {
        "conditions": {
            "type": "object", "minProperties": 1,
            "description": "conditions that must all hold: a question or score id with an "
                           "answer, a list of answers or a comparison; or all, any, not, "
                           "always, logic",
            "propertyNames": {"pattern": ID_PATTERN.pattern},
            "properties": {name: COMBINATOR_SCHEMAS[name] for name in COMBINATORS},
            "additionalProperties": {"$ref": "#/$defs/comparison"},
        },
        "comparison": {"anyOf": [
            _ANSWER | {"description": "the answer is this value"},
            _ANSWERS | {"description": "the answer is one of these values"},
            {"type": "object", "minProperties": 1, "properties": operators,
             "additionalProperties": False},
        ]},
        "logic": _logic_schema(),
    }


def _logic_schema() -> JsonSchema:
    """JSON Logic as `jsonlogic.unknown_operators` reads it: a mapping of one key is an
    operation (its name must be known), any other mapping is data."""
    logic: JsonSchema = {"$ref": "#/$defs/logic"}
    return {"anyOf": [
        {"type": ["string", "number", "boolean", "null"]},
        {"type": "array", "items": logic},
        {"type": "object", "minProperties": 1, "maxProperties": 1,
         "propertyNames": {"enum": sorted(jsonlogic.OPERATORS)},
         "properties": {"preserve": {}},  # its argument is data, never read as logic
         "additionalProperties": logic},
        {"type": "object", "not": {"minProperties": 1, "maxProperties": 1}},
    ]}


# An answer a condition compares with: a choice's value or a number.
AnswerValue = str | int | float


@dataclass(frozen=True)
class AdviceEntry(Record):
    title: str
    body: str | None = None
    section: str | None = None


@dataclass(frozen=True)
class RuleEntry(Record):
    id: str
    when: YNode
    advice: AdviceEntry | None = None  # None when wrong (reported)
    priority: int | float | None = None  # None when absent or wrong (reported)


@dataclass(frozen=True)
class RuleFile(Record):
    checklist: str | None = None  # each key None when absent or wrong (reported)
    pick: Pick | None = None
    rules: tuple[RuleEntry, ...] | None = None


@dataclass(frozen=True)
class CaseEntry(Record):
    name: str
    answers: dict[str, YNode]
    expect: tuple[str, ...] = ()
    expect_not: tuple[str, ...] = ()


@dataclass(frozen=True)
class RuleTestFile(Record):
    checklist: str | None = None  # each key None when absent or wrong (reported)
    cases: tuple[CaseEntry, ...] | None = None


ADVICE = Fields(AdviceEntry, {
    "title": Key(Text(), required=True, doc="the advice's heading"),
    "body": Key(Text(allow_empty=True), doc="the advice itself (Markdown)"),
    "section": Key(Ident(), doc="the checklist section it appears under on the results"),
}, name="the advice")
RULE = Fields(RuleEntry, {
    "id": Key(Ident(), required=True, doc="the rule's id, unique across the kit"),
    "when": Key(Raw(schema=_CONDITIONS, defs=when_schema_defs()), required=True,
                doc="the conditions on the answers that must all hold for the advice to show"),
    "advice": Key(ADVICE, required=True, doc="what the participant is told", lenient=True),
    "priority": Key(Number(), doc="higher shows first (default: 0)", lenient=True),
}, name="a rule")
# A rule file's keys are lenient so that each is checked as far as the others allow.
RULE_FILE = Fields(RuleFile, {
    "checklist": Key(Ident(), required=True, doc="the id of the checklist the rules read "
                     "(its file name in content/checklists/, without .yaml)", lenient=True),
    "pick": Key(Choice(values=get_args(Pick)), doc="all (default): every matching rule "
                "shows; first: only the first matching rule of this file", lenient=True),
    "rules": Key(ListOf(RULE, min_items=1), required=True, doc="the rules, in order",
                 lenient=True),
}, name="the rule file")
CASE = Fields(CaseEntry, {
    "name": Key(Text(), required=True, doc="what the case is about, named when it fails"),
    "answers": Key(MapOf(Raw(schema={"type": ["string", "number", "null"]})), required=True,
                   doc="example answers: question id to answer value or label"),
    "expect": Key(ListOf(Ident()), doc="ids of the rules that must show"),
    "expect_not": Key(ListOf(Ident()), doc="ids of the rules that must not show"),
}, name="a test case")
RULE_TEST_FILE = Fields(RuleTestFile, {
    "checklist": Key(Ident(), required=True, doc="the id of the checklist the cases answer",
                     lenient=True),
    "cases": Key(ListOf(CASE, min_items=1), required=True,
                 doc="example answers and the advice they must (and must not) get",
                 lenient=True),
}, name="the rule test file")

MarkdownFn = Callable[[str, Location], str]


def checklist_of(
    data: RuleFile | RuleTestFile, checklists: dict[str, Checklist], report: Problems
) -> Checklist | None:
    """The checklist a rule or test file names, or None (reported)."""
    name = data.checklist
    if name is None:
        return None
    checklist = checklists.get(name)
    if checklist is None:
        known = ", ".join(checklists) or "none: add one in content/checklists/"
        report.error(data.value_loc("checklist"),
                     f"unknown checklist '{name}'{did_you_mean(name, checklists)}; "
                     f"checklists: {known}")
    return checklist


def build_rule_set(
    path: str, node: YNode, checklists: dict[str, Checklist], markdown: MarkdownFn,
    report: Problems,
) -> RuleSet | None:
    data = RULE_FILE.check(node, report, "the rule file")
    if data is None:
        return None
    checklist = checklist_of(data, checklists, report)
    if checklist is None or data.rules is None:
        return None
    # A rule's position is its index among all the items written, wrong ones included.
    positions = {id(item): i for i, item in enumerate(items_of(data.node.get("rules")))}
    rules = []
    for entry in data.rules:
        rule = _rule(entry, path, positions[id(entry.node)], checklist, markdown, report)
        if rule:
            rules.append(rule)
    return RuleSet(path, checklist.id, data.pick or "all", tuple(rules), data.node.loc)


def _rule(
    entry: RuleEntry, path: str, position: int, checklist: Checklist, markdown: MarkdownFn,
    report: Problems,
) -> Rule | None:
    node = entry.node
    # The conditions are checked even when a key of the advice is wrong, not when the
    # advice is no mapping at all.
    if not isinstance(node.get("advice"), YMap):
        return None
    when = parse_when(entry.when, checklist, report)
    advice = entry.advice
    if when is None or advice is None:
        return None
    body = advice.body or ""
    html = markdown(body, advice.value_loc("body")) if body else ""
    return Rule(
        id=entry.id, when=when,
        advice=Advice(advice.title, body, html, advice.section),
        group=path, position=position,
        priority=entry.priority if entry.priority is not None else 0,
        location=node.key_loc("id"),
    )


def parse_when(node: YNode, checklist: Checklist, report: Problems) -> tuple[Condition, ...] | None:
    """A `when` mapping -> its conditions (all must hold); None when any part is wrong."""
    before = len(report.errors)
    if not isinstance(node, YMap):
        report.error(node.loc, "'when' must be a mapping of conditions, e.g. "
                     "'when: {question_id: \"no\"}'")
        return None
    if not node.entries:
        report.error(node.loc, "'when' is empty; to show advice always, write "
                     "'when: {always: true}'")
        return None
    conditions = tuple(c for key, (loc, value) in node.entries.items()
                       for c in _entry(key, loc, value, checklist, report))
    return conditions if len(report.errors) == before else None


def _entry(
    key: str, loc: Location, value: YNode, checklist: Checklist, report: Problems
) -> list[Condition]:
    if key in ("all", "any"):
        if not isinstance(value, YSeq) or not value.items:
            report.error(value.loc, f"'{key}' needs a list of conditions")
            return []
        parts = tuple(_group(item, checklist, report) for item in value.items)
        return [AllOf(parts, loc) if key == "all" else AnyOf(parts, loc)]
    if key == "not":
        return [Not(_group(value, checklist, report), loc)]
    if key == "always":
        if not (isinstance(value, YScalar) and value.value is True):
            report.error(value.loc, "'always' can only be 'true'")
        return [Always(loc)]
    if key == "logic":
        return [_raw_logic(value, loc, checklist, report)]
    return _comparisons(key, loc, value, checklist, report)


def _group(node: YNode, checklist: Checklist, report: Problems) -> Condition:
    """One item of all/any/not: a mapping whose entries must all hold."""
    if not isinstance(node, YMap) or not node.entries:
        report.error(node.loc, "a condition must be a mapping such as '{question_id: \"no\"}'")
        return Always(node.loc)
    parts = [c for key, (loc, value) in node.entries.items()
             for c in _entry(key, loc, value, checklist, report)]
    return parts[0] if len(parts) == 1 else AllOf(tuple(parts), node.loc)


def _raw_logic(node: YNode, loc: Location, checklist: Checklist, report: Problems) -> Condition:
    logic = to_plain(node)
    for name in jsonlogic.unknown_operators(logic):
        report.error(_find(node, name, key=True) or node.loc,
                     f"unknown JSON Logic operator '{name}'"
                     f"{did_you_mean(name, jsonlogic.OPERATORS)}")
    known = _subjects(checklist)
    for path in jsonlogic.variable_paths(logic):
        head = path.split(".")[0]
        if head and head not in known:
            report.error(_find(node, path, key=False) or node.loc,
                         f"'logic' reads unknown question or score '{head}'"
                         f"{did_you_mean(head, known)}")
    return RawLogic(logic, loc)


def _find(node: YNode, text: str, key: bool) -> Location | None:
    """Where `text` is written inside `node`, as a mapping key or as a scalar value."""
    if isinstance(node, YScalar):
        return node.loc if not key and node.text == text else None
    if isinstance(node, YMap) and key and text in node.entries:
        return node.key_loc(text)
    children = node.items if isinstance(node, YSeq) else \
        tuple(value for _, value in node.entries.values())
    return next((loc for child in children if (loc := _find(child, text, key))), None)


def _subjects(checklist: Checklist) -> list[str]:
    return [q.id for q in checklist.questions] + [s.id for s in checklist.scores]


def _comparisons(
    subject: str, loc: Location, value: YNode, checklist: Checklist, report: Problems
) -> list[Condition]:
    question = checklist.question(subject)
    if question is None and checklist.score(subject) is None:
        report.error(loc, f"unknown question '{subject}'"
                     f"{did_you_mean(subject, [*_subjects(checklist), *COMBINATORS])}; "
                     f"checklist '{checklist.id}' has {', '.join(_subjects(checklist))}")
        return []
    if isinstance(value, YMap):
        if not value.entries:  # else a rule with an empty comparison would always show
            report.error(value.loc, f"the comparison for '{subject}' is empty; write an answer, "
                         f"or a comparison such as {{at_least: 2}} ({', '.join(OPERATORS)})")
            return []
        found = []
        for op, (op_loc, operand) in value.entries.items():
            if op not in OPERATORS:
                report.error(op_loc, f"unknown comparison '{op}'{did_you_mean(op, OPERATORS)}; "
                             f"use one of {', '.join(OPERATORS)}")
                continue
            compare = _compare(subject, _as_op(op), operand, op_loc, question, report)
            if compare:
                found.append(compare)
        return list(found)
    implied: CompareOp = "in" if isinstance(value, YSeq) else "is"
    compare = _compare(subject, implied, value, value.loc, question, report)
    return [compare] if compare else []


def _as_op(name: str) -> CompareOp:
    return next(op for op in OPERATORS if op == name)


def _compare(
    subject: str, op: CompareOp, operand: YNode, loc: Location, question: Question | None,
    report: Problems,
) -> Compare | None:
    if op == "answered":
        if question is None:
            report.error(loc, f"'{subject}' is a score; 'answered' is only for questions")
            return None
        if not (isinstance(operand, YScalar) and isinstance(operand.value, bool)):
            report.error(operand.loc, "'answered' must be true or false")
            return None
        return Compare(subject, op, operand.value, loc)
    if question is not None and question.type == "text":
        report.error(loc, f"'{subject}' is a text question; rules never read free text "
                     "(only 'answered: true/false')")
        return None
    if op in NUMERIC_OPS:
        return _numeric(subject, op, operand, loc, question, report)
    if question is None:
        report.error(loc, f"'{subject}' is a score; compare it with "
                     f"{', '.join(NUMERIC_OPS)}")
        return None
    values = _values(op, operand, question, report)
    return Compare(subject, op, values, loc) if values is not None else None


def _numeric(
    subject: str, op: CompareOp, operand: YNode, loc: Location, question: Question | None,
    report: Problems,
) -> Compare | None:
    number = operand.value if isinstance(operand, YScalar) else None
    if isinstance(number, bool) or not isinstance(number, (int, float)):
        report.error(operand.loc, f"'{op}' needs a number, not {to_plain(operand)!r}")
        return None
    if question is not None and question.type == "choice" and \
            any(a.score is None for a in question.answers):
        report.error(loc, f"'{op}' compares the answer's score, but the answers of "
                     f"'{subject}' have no 'score'")
        return None
    return Compare(subject, op, number, loc)


def _values(op: CompareOp, operand: YNode, question: Question, report: Problems
            ) -> AnswerValue | tuple[AnswerValue, ...] | None:
    """The operand of is/is_not/in/not_in, checked against the question's answers."""
    many = op in ("in", "not_in")
    nodes = list(operand.items) if isinstance(operand, YSeq) else [operand]
    if many != isinstance(operand, YSeq) or not nodes:
        shape = "a list of answers" if many else "a single answer"
        report.error(operand.loc, f"'{op}' needs {shape}")
        return None
    checked = [_answer_value(node, question, report) for node in nodes]
    values = [value for value in checked if value is not None]
    if len(values) < len(checked):
        return None
    return tuple(values) if many else values[0]


def _answer_value(node: YNode, question: Question, report: Problems) -> AnswerValue | None:
    """The answer a condition names; None when it is no answer of the question (reported)."""
    if not isinstance(node, YScalar) or isinstance(node.value, bool) or node.value is None:
        report.error(node.loc, f"expected an answer of '{question.id}', not "
                     f"{to_plain(node)!r}")
        return None
    if question.type == "number":
        if isinstance(node.value, (int, float)):
            return node.value
        report.error(node.loc, f"'{question.id}' is a number question; compare it with a number")
        return None
    allowed = [a.value for a in question.answers]
    if node.text in allowed:
        return node.text
    report.error(node.loc, f"'{node.text}' is not an answer of '{question.id}'"
                 f"{did_you_mean(node.text, allowed)}; allowed: {quote_list(allowed)}")
    return None


def build_rule_test(
    path: str, node: YNode, checklists: dict[str, Checklist], report: Problems,
    unchecked: Collection[str] = (),
) -> RuleTest | None:
    """A rule test file; its answers are checked now, unless its checklist is `unchecked`
    (one with errors of its own, which would make its answers look wrong too)."""
    data = RULE_TEST_FILE.check(node, report, "the rule test file")
    if data is None:
        return None
    checklist = checklist_of(data, checklists, report)
    if checklist is None or data.cases is None:
        return None
    cases = []
    for case in data.cases:
        answers = {key: to_plain(value) for key, value in case.answers.items()}
        answers_node = case.node.get("answers")
        if isinstance(answers_node, YMap) and checklist.id not in unchecked:
            match_answers(answers, checklist, answers_node.key_loc, report)
        cases.append(RuleTestCase(case.name, answers, case.expect, case.expect_not,
                                  case.node.loc))
    return RuleTest(path, checklist.id, tuple(cases))
