"""Rule files and rule tests -> RuleSet and RuleTest, every condition checked against
its checklist."""

from __future__ import annotations

from collections.abc import Callable, Collection
from dataclasses import dataclass
from typing import get_args

from site_builder.diagnostics import Location, Problems, did_you_mean
from site_builder.engine.match import match_answers
from site_builder.engine.wording import title_from_path
from site_builder.kit.conditions import CONDITIONS_SCHEMA, parse_when, when_schema_defs
from site_builder.kit.shapes import (
    Choice,
    Fields,
    Ident,
    Key,
    ListOf,
    MapOf,
    Number,
    Raw,
    Record,
    Text,
)
from site_builder.kit.translations import Texts
from site_builder.kit.yamlfile import YMap, YNode, items_of, to_plain
from site_builder.model import Checklist
from site_builder.model.rules import (
    Advice,
    Pick,
    Rule,
    RuleSet,
    RuleTest,
    RuleTestCase,
)


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
    title: str | None = None
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
    "when": Key(Raw(schema=CONDITIONS_SCHEMA, defs=when_schema_defs()), required=True,
                doc="the conditions on the answers that must all hold for the advice to show"),
    "advice": Key(ADVICE, required=True, doc="what the participant is told", lenient=True),
    "priority": Key(Number(), doc="higher shows first (default: 0)", lenient=True),
}, name="a rule")
# A rule file's keys are lenient so that each is checked as far as the others allow.
RULE_FILE = Fields(RuleFile, {
    "checklist": Key(Ident(), required=True, doc="the id of the checklist the rules read "
                     "(its file name in content/checklists/ or a section's checklists/, "
                     "without .yaml)", lenient=True),
    "title": Key(Text(), doc="the group's title for participants, e.g. Your profile "
                 "(default: the file name in words, 'profiles.yaml' -> Profiles)",
                 lenient=True),
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
    data: RuleFile | RuleTestFile, checklists: dict[str, Checklist], report: Problems,
    failed: Collection[str] = (),
) -> Checklist | None:
    """The checklist a rule or test file names, or None (reported, unless it is one of the
    `failed` checklists, whose own file's errors say what is wrong)."""
    name = data.checklist
    if name is None:
        return None
    checklist = checklists.get(name)
    if checklist is None and name not in failed:
        known = ", ".join(checklists) or "none: add one in content/checklists/"
        report.error(data.value_loc("checklist"),
                     f"unknown checklist '{name}'{did_you_mean(name, checklists)}; "
                     f"checklists: {known}")
    return checklist


def build_rule_set(
    path: str, node: YNode, checklists: dict[str, Checklist], markdown: MarkdownFn,
    report: Problems, failed: Collection[str] = (), texts: Texts | None = None,
) -> RuleSet | None:
    """A rule file; its group title and advice come through `texts` (the source's, or a
    translation's). The rules' logic is never translated."""
    texts = texts if texts is not None else Texts()
    data = RULE_FILE.check(node, report, "the rule file")
    if data is None:
        return None
    checklist = checklist_of(data, checklists, report, failed)
    if checklist is None or data.rules is None:
        return None
    # A rule's position is its index among all the items written, wrong ones included.
    positions = {id(item): i for i, item in enumerate(items_of(data.node.get("rules")))}
    rules = []
    for entry in data.rules:
        rule = _rule(entry, path, positions[id(entry.node)], checklist, markdown, report,
                     texts)
        if rule:
            rules.append(rule)
    # A title made from the file's name is a text to translate too.
    title = texts(f"group {path} title", data.title or title_from_path(path),
                  data.value_loc("title") if data.title else Location(path, 1, 1),
                  "the title of a group of advice").value
    return RuleSet(path, checklist.id, data.pick or "all", tuple(rules), data.node.loc,
                   title)



def _rule(
    entry: RuleEntry, path: str, position: int, checklist: Checklist, markdown: MarkdownFn,
    report: Problems, texts: Texts,
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
    title = texts(f"advice {entry.id} title", advice.title, advice.value_loc("title"),
                  "the title of a piece of advice").value
    body, html = advice.body or "", ""
    if body:
        got = texts(f"advice {entry.id} body", body, advice.value_loc("body"),
                    "a piece of advice, in Markdown", "markdown")
        body, html = got.value, markdown(got.value, got.location)
    return Rule(
        id=entry.id, when=when,
        advice=Advice(title, body, html, advice.section),
        group=path, position=position,
        priority=entry.priority if entry.priority is not None else 0,
        location=node.key_loc("id"),
    )


def build_rule_test(
    path: str, node: YNode, checklists: dict[str, Checklist], report: Problems,
    unchecked: Collection[str] = (), failed: Collection[str] = (),
) -> RuleTest | None:
    """A rule test file; its answers are checked now, unless its checklist is `unchecked`
    (one with errors of its own, which would make its answers look wrong too)."""
    data = RULE_TEST_FILE.check(node, report, "the rule test file")
    if data is None:
        return None
    checklist = checklist_of(data, checklists, report, failed)
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
