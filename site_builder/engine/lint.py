"""Static checks of a kit's rules: comparisons outside what they compare (`ranges`), rules
that can never show, questions no rule reads, answers that get no advice.

Each check runs the real evaluator on the compiled rules over combinations of
representative answers (`answer_space`), so it can never disagree with the engine: all
of them when they are few enough, else a seeded sample, and the message says which. The
combinations go through the engine's batch path (`BatchEvaluator`, that of
`Evaluator.matched_many`, given the answers column by column), which gives each rule's
matches as a bit mask over a batch; `pick: first` is then applied to the masks as
`evaluate` applies it to each answer set.
Rules are tried with unanswered questions too (a rule on `answered: false` must be able
to show); the search for answers with no advice tries complete answers only, since a
participant who skips a question is not a gap in the rules (a text question may still
be left empty: it is a notes field).
"""

from __future__ import annotations

import itertools
from collections.abc import Iterator, Mapping, Sequence
from dataclasses import dataclass, field

from site_builder.diagnostics import Diagnostic, Problems, plural, quote_list
from site_builder.engine.answer_space import OTHER_TEXT, AnswerSpace, Part, Space
from site_builder.engine.compile import compile_condition
from site_builder.engine.document import AdviceData, Answer, ConditionData, RulesDocument
from site_builder.engine.evaluate import BatchEvaluator
from site_builder.engine.jsonlogic import JsonValue
from site_builder.engine.jsonlogic.batch import COMBINED, plain_reads
from site_builder.engine.ranges import check_ranges
from site_builder.model import Checklist, Kit
from site_builder.model.rules import Always, Rule, RuleSet

# Under a second of evaluation per check, as before batches; beyond it, a seeded sample.
# Batched, a rule costs 2 to 3 us an answer set where its conditions read a question or
# a score each (what `when` compiles to), against 10 to 20 us one by one; other raw logic
# may be evaluated set by set within the batch, so it keeps the old budget.
EVALUATION_BUDGET = 300_000  # rules evaluated (answer sets x rules in the document)
SET_BY_SET_BUDGET = 60_000
BATCH = 4096  # answer sets evaluated at once, at most
FIRST_BATCH = 64
MAX_SAMPLES = 5_000
SEED = 5  # the same sample on every run, so a warning does not come and go
EXAMPLES = 2


@dataclass(frozen=True)
class Lint:
    diagnostics: tuple[Diagnostic, ...]
    notes: tuple[str, ...]  # how each check was decided, for `check -v`


@dataclass(frozen=True)
class _Tried:
    """How many answer sets a check tried, and whether that settles it."""

    count: int
    total: int
    sampled: bool
    exact: bool
    questions: tuple[str, ...]

    @property
    def proof(self) -> bool:
        return self.exact and not self.sampled

    def words(self, what: str) -> str:
        if not self.questions:
            return "it reads no answers"
        if self.sampled:
            return (f"in {self.count:,} sampled combinations of {what}, out of about "
                    f"{_about(self.total)}")
        if not self.exact:
            return (f"in all {self.count:,} representative combinations of {what}; "
                    "arithmetic on numbers may allow others")
        noun = "combination" if self.count == 1 else "combinations"
        return f"checked all {self.count:,} {noun} of {what}"


@dataclass
class _Group:
    """What one `pick: first` group did over many answer sets."""

    shown: set[str] = field(default_factory=set)
    hidden_by: dict[str, set[str]] = field(default_factory=dict)


def lint_kit(kit: Kit, documents: Mapping[str, RulesDocument]) -> Lint:
    """Every check on every checklist that has rules; `documents` are the compiled rules."""
    report = Problems()
    notes: list[str] = []
    for checklist_id, checklist in kit.checklists.items():
        rule_sets = sorted(kit.rules_for(checklist_id), key=lambda s: s.path)
        rules = [rule for rule_set in rule_sets for rule in rule_set.rules]
        if not rules:
            notes.append(f"{checklist.location}: checklist '{checklist_id}' has no rules; "
                         "the rule checks have nothing to check")
            continue
        space = AnswerSpace(checklist, rules)
        document = documents[checklist_id]
        out_of_range = check_ranges(checklist, rules, report)
        for rule_set in rule_sets:
            _check_rule_set(rule_set, space, document, report, notes, out_of_range)
        _check_unread(checklist, rules, space, report, notes)
        _check_coverage(checklist, rules, space, document, report, notes)
    return Lint(tuple(report), tuple(notes))


def _cut(document: RulesDocument, rule_ids: Sequence[str]) -> RulesDocument:
    """The document cut down to some rules (faster to run), for the real evaluator."""
    return {**document, "rules": [r for r in document["rules"] if r["id"] in rule_ids]}


def _answer_sets(space: Space, document: RulesDocument
                 ) -> tuple[Iterator[tuple[Answer, ...]], _Tried]:
    batched = (all(_grouped(s["logic"], score=True) for s in document["scores"])
               and all(_grouped(c["logic"]) for r in document["rules"]
                       for c in r["conditions"]))
    budget = EVALUATION_BUDGET if batched else SET_BY_SET_BUDGET
    affordable = budget // max(len(document["rules"]), 1)
    if space.size <= affordable:
        return space.all(), _Tried(space.size, space.size, False, space.exact, space.questions)
    count = min(MAX_SAMPLES, affordable)
    return (space.sample(count, SEED),
            _Tried(count, space.size, True, space.exact, space.questions))


def _grouped(logic: JsonValue, score: bool = False) -> bool:
    """Whether the batch evaluates `logic` once per distinct value of what it reads (see
    jsonlogic/batch.py): it reads two answers at most by name, or combines such parts with
    and, or, !; a score (BatchSum) sums three terms or more that read one answer each."""
    keys = plain_reads(logic)
    op: str | None = None
    args: JsonValue = None
    if isinstance(logic, dict) and len(logic) == 1:
        ((op, args),) = logic.items()
    if score:
        return (op == "+" and isinstance(args, list) and len(args) >= 3
                and all(len(plain_reads(arg) or ()) == 1 for arg in args))
    if keys is None:
        return False
    if len(keys) <= 2:
        return True
    return op in COMBINED and isinstance(args, list) and all(map(_grouped, args))


def _matches(evaluator: BatchEvaluator, space: Space, answer_sets: Iterator[tuple[Answer, ...]]
             ) -> Iterator[tuple[list[tuple[Answer, ...]], list[int]]]:
    """Batch by batch, the answer sets and, per rule of the evaluator, the mask of those
    it matched (bit i for the batch's answer set i)."""
    size = FIRST_BATCH  # small first: a check that finds what it looks for stops early
    while batch := list(itertools.islice(answer_sets, size)):
        columns = dict(zip(space.questions, zip(*batch, strict=True), strict=True))
        yield batch, evaluator.matched_columns(columns, len(batch))
        size = min(size * 4, BATCH)


def _shown(document: RulesDocument, masks: list[int]) -> tuple[list[int], list[set[int]]]:
    """Per rule, where it shows and which rules hide it somewhere, as `evaluate` decides
    for each answer set: a matched `pick: first` rule is hidden by the first matched
    `pick: first` rule before it in its group."""
    shown: list[int] = []
    hidden_by: list[set[int]] = []
    taken: dict[str, int] = {}  # per group, where an earlier rule matched (and so won)
    for i, (rule, mask) in enumerate(zip(document["rules"], masks, strict=True)):
        if rule["pick"] != "first":
            shown.append(mask)
            hidden_by.append(set())
            continue
        earlier = taken.get(rule["group"], 0)
        shown.append(mask & ~earlier)
        hidden_by.append({j for j in range(i) if mask & shown[j]
                          and document["rules"][j]["pick"] == "first"
                          and document["rules"][j]["group"] == rule["group"]})
        taken[rule["group"]] = earlier | mask
    return shown, hidden_by


def _check_rule_set(rule_set: RuleSet, space: AnswerSpace, document: RulesDocument,
                    report: Problems, notes: list[str], out_of_range: set[str]) -> None:
    """`out_of_range`: rules already reported as never showing by the range check."""
    reachable = [rule for rule in rule_set.rules
                 if _check_condition(rule, space, document, report, notes,
                                     rule.id not in out_of_range)]
    if rule_set.pick == "first" and len(rule_set.rules) > 1 and reachable:
        _check_pick_first(rule_set, reachable, space, document, report, notes)


def _check_condition(rule: Rule, space: AnswerSpace, document: RulesDocument,
                     report: Problems, notes: list[str], warn: bool) -> bool:
    """Whether the rule's condition can hold; warns when it cannot (check 1a)."""
    reads = space.reads(rule)
    read = f" (reads {', '.join(reads)})" if reads else ""
    tried_all: list[str] = []
    for part in space.components(rule):
        tried_space = space.space(part)
        cut = _part_document(document, rule, part, space.checklist)
        answer_sets, tried = _answer_sets(tried_space, cut)
        evaluator = BatchEvaluator(cut)
        what = "the answers it reads" if part.questions == set(reads) else \
            f"answers to {', '.join(space.ordered(part.questions))}"
        tried_all.append(tried.words(what))
        if any(masks[0] for _, masks in _matches(evaluator, tried_space, answer_sets)):
            continue
        verb = "cannot hold" if tried.proof else "did not hold"
        notes.append(f"{rule.location}: rule '{rule.id}'{read}: its condition {verb} "
                     f"({tried.words(what)})")
        if warn:
            report.warning(rule.location, f"rule '{rule.id}' {_never(tried)}: its condition "
                           f"{verb} ({tried.words(what)}); look for parts of 'when' that "
                           "contradict each other")
        return False
    notes.append(f"{rule.location}: rule '{rule.id}'{read}: its condition can hold "
                 f"({'; '.join(tried_all)})")
    return True


def _part_document(document: RulesDocument, rule: Rule, part: Part,
                   checklist: Checklist) -> RulesDocument:
    """The document cut down to one rule with some of its conditions, compiled by the
    real compiler, for the real evaluator."""
    conditions: list[ConditionData] = [{"text": "", "logic": compile_condition(c, checklist),
                                        "reads": []}
                                       for c in part.conditions]
    advice: AdviceData = {"title": rule.advice.title, "html": rule.advice.html,
                          "section": rule.advice.section}  # unread here, but every rule has one
    return {**document, "rules": [{"id": rule.id, "group": rule.group, "pick": "all",
                                   "priority": 0, "conditions": conditions,
                                   "advice": advice}]}


def _check_pick_first(rule_set: RuleSet, reachable: list[Rule], space: AnswerSpace,
                      document: RulesDocument, report: Problems, notes: list[str]) -> None:
    """Rules of a `pick: first` group that some other rule always beats (check 1b).

    The whole group is evaluated, so whatever order the engine gives it is the one used."""
    ids = [rule.id for rule in rule_set.rules]
    cut = _cut(document, ids)
    evaluator = BatchEvaluator(cut)
    group_space = space.space(space.whole(rule_set.rules))
    answer_sets, tried = _answer_sets(group_space, cut)
    group = _Group()
    order = [rule["id"] for rule in cut["rules"]]
    for _, masks in _matches(evaluator, group_space, answer_sets):
        shown, hidden_by = _shown(cut, masks)
        for rule_id, where, beaten_by in zip(order, shown, hidden_by, strict=True):
            if where:
                group.shown.add(rule_id)
            if beaten_by:
                group.hidden_by.setdefault(rule_id, set()).update(order[j] for j in beaten_by)
        if len(group.shown) == len(ids):
            break  # every rule shows for some answers: nothing left to find
    what = "the answers the group reads"
    notes.append(f"{rule_set.path}: pick: first group: {tried.words(what)}; "
                 f"{len(group.shown)} of {plural(len(ids), 'rule')} can show")
    for rule in reachable:
        winners = group.hidden_by.get(rule.id)
        if rule.id in group.shown or not winners:
            continue  # shows, or did not match in a sample: check 1a had its say
        if len(winners) == 1:
            (winner,) = winners
            by = f"the earlier rule '{winner}' shows instead"
            fix = f"move it above '{winner}' or narrow that rule's 'when'"
        else:
            earlier = quote_list(i for i in ids if i in winners)
            by = f"earlier rules of this pick: first group ({earlier}) show instead"
            fix = "move it up or narrow those rules' 'when'"
        report.warning(rule.location, f"rule '{rule.id}' {_never(tried)}: whenever it "
                       f"matches, {by} ({tried.words(what)}); {fix}")


def _check_unread(checklist: Checklist, rules: list[Rule], space: AnswerSpace,
                  report: Problems, notes: list[str]) -> None:
    """Questions whose answer changes no advice (check 2). Text questions are notes for
    the participant and need no rule."""
    read = {question for rule in rules for question in space.reads(rule)}
    unread = [q for q in checklist.questions if q.type != "text" and q.id not in read]
    notes.append(f"{checklist.location}: the rules read "
                 f"{plural(len(read), 'question')}; {len(unread)} unread")
    for question in unread:
        report.warning(question.location, f"no rule reads question '{question.id}' (directly, "
                       "through a score or in 'logic'), so its answer changes no advice; use "
                       "it in a rule's 'when' or a score, or remove it")


def _check_coverage(checklist: Checklist, rules: list[Rule], space: AnswerSpace,
                    document: RulesDocument, report: Problems, notes: list[str]) -> None:
    """Complete answers for which no rule of any group shows (check 3)."""
    default = next((r for r in rules if all(isinstance(c, Always) for c in r.when)), None)
    if default is not None:  # it matches, so it or an earlier rule of its group shows
        notes.append(f"{checklist.location}: every answer gets advice: rule '{default.id}' "
                     "holds always")
        return
    cut = _cut(document, [rule.id for rule in rules])
    evaluator = BatchEvaluator(cut)
    complete = space.space(space.whole(rules), unanswered=False)
    answer_sets, tried = _answer_sets(complete, cut)
    gaps = 0
    examples: list[str] = []
    for batch, masks in _matches(evaluator, complete, answer_sets):
        empty = ((1 << len(batch)) - 1) & ~_union(_shown(cut, masks)[0])
        gaps += empty.bit_count()
        while empty and len(examples) < EXAMPLES:
            first = (empty & -empty).bit_length() - 1
            examples.append(_written(complete.answers(batch[first]), checklist))
            empty &= empty - 1
    what = "answers to the questions the rules read, each one answered"
    notes.append(f"{checklist.location}: answers with no advice: {gaps:,} "
                 f"({tried.words(what)})")
    if not gaps:
        return
    count = f"{gaps:,} of {tried.count:,}" if not tried.sampled else f"{gaps:,}"
    report.warning(checklist.location, f"{count} combinations of answers get no advice at all "
                   f"({tried.words(what)}), for example: {'; '.join(examples)}; add rules "
                   "for them, or a default rule with 'when: {always: true}'")


def _union(masks: list[int]) -> int:
    found = 0
    for mask in masks:
        found |= mask
    return found


def _never(tried: _Tried) -> str:
    return "can never show" if tried.proof else "may never show"


def _written(answers: Mapping[str, Answer], checklist: Checklist) -> str:
    """Answers as an author writes them: `question=value`, blanks left out."""
    parts = []
    for question_id, value in answers.items():
        question = checklist.question(question_id)
        if value is None or question is None:
            continue
        if question.type == "number":
            parts.append(f"{question_id}={value:g}")
        elif value == OTHER_TEXT:
            parts.append(f"{question_id}=(any text)")
        else:
            parts.append(f"{question_id}={value}")
    return ", ".join(parts) or "nothing answered"


def _about(total: int) -> str:
    """3,456 or 3.5e12: a count as it is best read."""
    if total < 1_000_000:
        return f"{total:,}"
    mantissa, exponent = f"{total:.1e}".split("e")
    return f"{mantissa}e{int(exponent)}"
