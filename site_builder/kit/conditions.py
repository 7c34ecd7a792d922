"""Conditions: a rule's `when` -> frozen `Condition`s, every question, answer and
operator checked against its checklist; and the same vocabulary stated as JSON Schema for
editors, so the parser and the schema cannot drift apart."""

from __future__ import annotations

from collections.abc import Mapping

from site_builder.diagnostics import Location, Problems, did_you_mean, quote_list
from site_builder.engine import jsonlogic
from site_builder.kit.shapes import ID_PATTERN, JsonSchema
from site_builder.kit.yamlfile import YMap, YNode, YScalar, YSeq, to_plain
from site_builder.model import Checklist, Question
from site_builder.model.rules import (
    CHOICE_OPS,
    NUMERIC_OPS,
    AllOf,
    Always,
    AnyOf,
    Compare,
    CompareOp,
    Condition,
    Not,
    RawLogic,
)

# The vocabulary of `when`, read by the parser below (`_entry`, `_comparisons`) and
# stated for editors by `when_schema_defs`, which needs a schema for every name here:
# neither can gain a name the other lacks (tests/test_schemas.py holds them together).
OPERATORS: tuple[CompareOp, ...] = (*CHOICE_OPS, *NUMERIC_OPS, "answered")
COMBINATORS = ("all", "any", "not", "always", "logic")

_ANSWER: JsonSchema = {"type": ["string", "number"]}  # not true/false, not empty
_ANSWERS: JsonSchema = {"type": "array", "items": _ANSWER, "minItems": 1}
CONDITIONS_SCHEMA: JsonSchema = {"$ref": "#/$defs/conditions"}
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
    "all": {"type": "array", "items": CONDITIONS_SCHEMA, "minItems": 1,
            "description": "every one of these conditions holds"},
    "any": {"type": "array", "items": CONDITIONS_SCHEMA, "minItems": 1,
            "description": "at least one of these conditions holds"},
    "not": {"allOf": [CONDITIONS_SCHEMA], "description": "these conditions do not all hold"},
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
