"""Check a loaded kit: compile every checklist's rules, run the rule tests, and lint the
rules (`lint=True`: the rule checks of `engine.lint`).

`check` lints every time; `build` (and so `serve`) hands in a `LintMemo`, which keeps the
findings in the build cache: the rule checks can take a second or more on a kit whose scores
read many questions (they try up to 300,000 answer sets each), which every rebuild after a
changed page would otherwise pay again.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field, replace
from pathlib import Path

from site_builder.cache import BuildCache
from site_builder.diagnostics import Diagnostic, Location, Problems, did_you_mean, quote_list
from site_builder.engine.compile import compile_checklist
from site_builder.engine.document import RulesDocument
from site_builder.engine.evaluate import Evaluator
from site_builder.engine.lint import Lint, lint_kit
from site_builder.engine.match import match_answers
from site_builder.i18n import SOURCE_LANGUAGE, babel_locale, nearest_catalogue
from site_builder.kit.agenda import check_length
from site_builder.kit.load import load_kit
from site_builder.kit.translations import fallback_diagnostic, status_diagnostics
from site_builder.model import ChartAxis, Checklist, Kit
from site_builder.model.rules import (
    NUMERIC_OPS,
    AllOf,
    AnyOf,
    Compare,
    Condition,
    Not,
    RuleTest,
    RuleTestCase,
)

MAX_SCORE_VALUES = 1000  # sums of a score worked out before treating it as any number


@dataclass(frozen=True)
class CheckResult:
    documents: dict[str, RulesDocument]  # checklist id -> compiled rules document
    diagnostics: tuple[Diagnostic, ...]
    cases_run: int
    cases_failed: int
    notes: tuple[str, ...] = ()  # what was checked and how, for `check -v`
    summaries: tuple[str, ...] = ()  # each other language's `fr: 212 of 214 texts`
    # each other language's compiled rules documents (its texts; the same logic)
    translated_documents: Mapping[str, dict[str, RulesDocument]] = field(default_factory=dict)

    @property
    def ok(self) -> bool:
        return not any(d.severity == "error" for d in self.diagnostics)


def check_folder(kit_root: Path) -> tuple[Kit, CheckResult]:
    """The `check` command's work: the kit loaded (`KitError` when a file is broken), then
    its rules checked, tested and linted."""
    kit = load_kit(kit_root)
    result = check_kit(kit, lint=True)
    return kit, replace(result, diagnostics=(*result.diagnostics,
                                             *translation_warnings(kit)))


def translation_warnings(kit: Kit) -> list[Diagnostic]:
    """`check`'s word on each missing or out-of-date text, in each other language."""
    return [d for status in kit.translation_status.values()
            for d in status_diagnostics(status, kit.site.language)] + builtin_word_warnings(kit)


def fallback_warnings(kit: Kit) -> list[Diagnostic]:
    """`build`'s one word per language on the texts it shows in the source language."""
    return [d for status in kit.translation_status.values()
            if (d := fallback_diagnostic(status, kit.site.language))] + \
        builtin_word_warnings(kit)


def builtin_word_warnings(kit: Kit) -> list[Diagnostic]:
    """A language of the kit that site-builder's own words have no catalogue for: they are
    shown in English on its pages, which the author should know (and can change)."""
    found = []
    for language in kit.languages:
        if nearest_catalogue(language) or language.split("-")[0].lower() == SOURCE_LANGUAGE:
            continue
        name = babel_locale(language).english_name if babel_locale(language).language != \
            SOURCE_LANGUAGE else language
        found.append(Diagnostic(Location("site.yaml"), (
            f"{language}: site-builder's own words (menus, buttons, \"Page 1 of 3\") are not "
            f"translated into {name}, so its pages show them in English; give them in your "
            f"words under 'words: {language}:' in site.yaml (see the page \"Translating the "
            f"workshop\")"), "warning"))
    return found


def check_kit(kit: Kit, lint: bool = False, memo: LintMemo | None = None) -> CheckResult:
    """Errors stop the build; warnings do not. The lint runs only on a kit without errors:
    a failing rule test or a broken file says more. `memo` reuses an earlier lint."""
    report = Problems()
    notes: list[str] = []
    documents = {cid: compile_checklist(kit, cid) for cid in kit.checklists}
    evaluators = {cid: Evaluator(doc) for cid, doc in documents.items()}
    _check_advice_sections(kit, report)
    _check_chart_splits(kit, report)
    for page in kit.pages:
        if page.agenda is not None:
            check_length(page.agenda, report)
    run = failed = 0
    for test in kit.rule_tests:
        for case in test.cases:
            run += 1
            if _run_case(kit, test, case, evaluators[test.checklist], report):
                notes.append(f"{case.location}: rule test '{case.name}' passed")
            else:
                failed += 1
    if lint and not report.errors:
        linted = memo.lint(kit, documents) if memo else lint_kit(kit, documents)
        report.extend(linted.diagnostics)
        notes.extend(linted.notes)
    elif lint:
        notes.append("rule checks skipped until the errors are fixed")
    translated = {language: _check_translation(kit, language, evaluators, report)
                  for language in kit.translations}
    summaries = tuple(status.summary() for status in kit.translation_status.values())
    return CheckResult(documents, tuple(report), run, failed, tuple(notes), summaries,
                       translated)


def _check_translation(kit: Kit, language: str, evaluators: Mapping[str, Evaluator],
                       report: Problems) -> dict[str, RulesDocument]:
    """The language's compiled rules; each rule test's answers must get the same advice
    in it as in the source language (the logic is the same: a difference is a bug)."""
    translated = kit.translations[language]
    documents = {cid: compile_checklist(translated, cid) for cid in translated.checklists}
    for test in kit.rule_tests:
        theirs = Evaluator(documents[test.checklist])
        # matched as in the source language: a case may answer with an answer's label
        checklist = kit.checklists[test.checklist]
        for case in test.cases:
            answers = match_answers(case.answers, checklist, _at(case.location), Problems())
            source = evaluators[test.checklist].evaluate(answers).shown
            shown = theirs.evaluate(answers).shown
            if shown != source:
                report.error(case.location, f"{language}: rule test '{case.name}' gets "
                             f"other advice in this language ({', '.join(shown)}) than in "
                             f"{kit.site.language} ({', '.join(source)})")
    return documents


class LintMemo:
    """The rule checks' findings, kept in the build cache under what the checks read: the
    compiled rules documents (what the rules do) and the checklists' and rule files'
    models, which add where each question, rule and comparison is written, since every
    finding names its line. `reused` says whether the last `lint` came from the cache."""

    KIND = "lint"

    def __init__(self, cache: BuildCache) -> None:
        self.cache = cache
        self.reused = False

    def lint(self, kit: Kit, documents: Mapping[str, RulesDocument]) -> Lint:
        rule_sets = sorted(kit.rule_sets, key=lambda s: s.path)
        # Frozen dataclasses of text, numbers and tuples: the same repr in every run.
        model = repr((sorted(kit.checklists.items()), rule_sets))
        key = self.cache.key(self.KIND, json.dumps(documents, sort_keys=True), model)
        found = _stored_lint(self.cache.get_json(self.KIND, key))
        self.reused = found is not None
        if found is not None:
            return found
        linted = lint_kit(kit, documents)
        self.cache.put_json(self.KIND, key, {
            "diagnostics": [[d.location.path, d.location.line, d.location.col, d.message,
                             d.severity] for d in linted.diagnostics],
            "notes": list(linted.notes)})
        return linted


def _stored_lint(stored: object) -> Lint | None:
    """The findings as `LintMemo.lint` stored them; None for anything else."""
    if not isinstance(stored, dict):
        return None
    rows, notes = stored.get("diagnostics"), stored.get("notes")
    if not isinstance(rows, list) or not isinstance(notes, list) or \
            not all(isinstance(note, str) for note in notes):
        return None
    diagnostics = []
    for row in rows:
        match row:
            case [str(path), int(line), int(col), str(message), "warning" | "error" as level]:
                diagnostics.append(Diagnostic(Location(path, line, col), message, level))
            case _:
                return None  # written by other code
    return Lint(tuple(diagnostics), tuple(notes))


def _check_advice_sections(kit: Kit, report: Problems) -> None:
    for rule_set in kit.rule_sets:
        sections = [s.id for s in kit.checklists[rule_set.checklist].sections]
        for rule in rule_set.rules:
            section = rule.advice.section
            if section is not None and section not in sections:
                report.warning(rule.location, f"rule '{rule.id}': advice section '{section}' "
                               f"is not a section of checklist '{rule_set.checklist}'"
                               f"{did_you_mean(section, sections)}; it will show under "
                               "'General'")


def _check_chart_splits(kit: Kit, report: Problems) -> None:
    """Warn where a chart divides a score elsewhere than a rule comparing it: a participant
    would then read one zone on the chart and get another zone's advice."""
    for checklist in kit.checklists.values():
        chart = checklist.chart
        if chart is None:
            continue
        for rule_set in kit.rules_for(checklist.id):
            for rule in rule_set.rules:
                for compare in _comparisons(rule.when):
                    for name, axis in (("x", chart.x), ("y", chart.y)):
                        if compare.subject == axis.score:
                            _compare_split(checklist, name, axis, rule.id, compare, report)


def _comparisons(conditions: tuple[Condition, ...]) -> list[Compare]:
    found: list[Compare] = []
    for condition in conditions:
        if isinstance(condition, Compare):
            found.append(condition)
        elif isinstance(condition, (AllOf, AnyOf)):
            found += _comparisons(condition.items)
        elif isinstance(condition, Not):
            found += _comparisons((condition.item,))
    return found


def _compare_split(checklist: Checklist, name: str, axis: ChartAxis, rule_id: str,
                   compare: Compare, report: Problems) -> None:
    bound, split = compare.value, axis.split_at
    if compare.op not in NUMERIC_OPS or isinstance(bound, (bool, str, tuple)):
        return
    inclusive = compare.op in ("at_least", "below")  # both divide at the bound itself
    score = checklist.score(axis.score)
    values = _score_values(checklist, score.questions) if score else None
    between = _between(bound, split, inclusive, values)
    if between is None:
        return
    divides = (f"at {bound:g}" if inclusive else
               f"just above {bound:g} ('{compare.op}' leaves {bound:g} itself below)")
    fix = ("use the same number in both" if inclusive else
           f"write 'at_least: {split:g}' (or 'below: {split:g}') in the rule, or move "
           "'split_at'")

    def side(high: bool) -> str:
        return "above the line" if high else "below the line"
    report.warning(compare.location, f"rule '{rule_id}': '{compare.op}: {bound:g}' divides "
                   f"'{axis.score}' {divides}, but the chart's {name} splits it at {split:g} "
                   f"({axis.location}), so a score of {between:g} is "
                   f"{side(_upper(between, bound, inclusive))} for the rule and "
                   f"{side(between >= split)} on the chart; {fix}")


def _upper(value: float, bound: float, inclusive: bool) -> bool:
    return value >= bound if inclusive else value > bound


def _between(bound: float, split: float, inclusive: bool,
             values: frozenset[float] | None) -> float | None:
    """A score the rule and the chart put on different sides (the smallest found), or None
    when they agree on every score it can take (`values`; None: any number)."""
    def differs(value: float) -> bool:
        return _upper(value, bound, inclusive) != (value >= split)
    if values is not None:
        return min((v for v in values if differs(v)), default=None)
    candidates = [bound, split, (bound + split) / 2]
    return min((v for v in candidates if differs(v)), default=None)


def _score_values(checklist: Checklist, question_ids: tuple[str, ...]
                  ) -> frozenset[float] | None:
    """Every total a score can reach (an unanswered question adds nothing); None when a
    number question or too many totals make it any number."""
    sums = {0.0}
    for question in (checklist.question(q) for q in question_ids):
        if question is None or question.type != "choice":
            return None
        scores = {0.0, *(a.score or 0.0 for a in question.answers)}
        sums = {round(s + t, 9) for s in sums for t in scores}
        if len(sums) > MAX_SCORE_VALUES:
            return None
    return frozenset(sums)


def _run_case(kit: Kit, test: RuleTest, case: RuleTestCase, evaluator: Evaluator,
              report: Problems) -> bool:
    checklist = kit.checklists[test.checklist]
    before = len(report.errors)
    answers = match_answers(case.answers, checklist, lambda key: case.location, report)
    rule_ids = [rule.id for rule in evaluator.rules]
    for rule_id in (*case.expect, *case.expect_not):
        if rule_id not in rule_ids:
            report.error(case.location, f"rule test '{case.name}' names unknown rule "
                         f"'{rule_id}'{did_you_mean(rule_id, rule_ids)}")
    if len(report.errors) > before:
        return False
    shown = evaluator.evaluate(answers).shown
    missing = [r for r in case.expect if r not in shown]
    unwanted = [r for r in case.expect_not if r in shown]
    if not missing and not unwanted:
        return True
    problems = []
    if missing:
        problems.append(f"expected {quote_list(missing)} to show")
    if unwanted:
        problems.append(f"{quote_list(unwanted)} showed but must not")
    given = ", ".join(f"{k}={v}" for k, v in answers.items()) or "none"
    report.error(case.location, f"rule test '{case.name}' failed: {'; '.join(problems)}; "
                 f"answers: {given}; shown: {', '.join(shown) or 'nothing'}")
    return False


def _at(location: Location) -> Callable[[str], Location]:
    """Every answer's problem at one place (a rule test case's)."""
    return lambda key: location
