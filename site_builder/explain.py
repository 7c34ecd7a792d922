"""`explain`: one participant's answers, every rule, and why it showed or not."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import click

from site_builder.answers.answer_file import read_answer_file
from site_builder.answers.step import Step, check_step_advice
from site_builder.diagnostics import Diagnostic, KitError, Location, Problems
from site_builder.engine.compile import compile_checklist
from site_builder.engine.document import RulesDocument
from site_builder.engine.evaluate import Evaluation, Evaluator
from site_builder.engine.match import match_answers
from site_builder.engine.why import RuleWhy, Skipped, explain_shown, skipped_questions
from site_builder.engine.wording import site_words
from site_builder.i18n import Words
from site_builder.model import Checklist, Kit


@dataclass(frozen=True)
class Explanation:
    checklist: Checklist
    document: RulesDocument
    evaluation: Evaluation
    warnings: tuple[Diagnostic, ...]
    step: Step | None = None
    words: Words | None = None  # the sentences' words; None: the document's language's

    @property
    def why(self) -> tuple[RuleWhy, ...]:
        return explain_shown(self.document, self.evaluation, self.words)

    @property
    def skipped(self) -> tuple[Skipped, ...]:
        return skipped_questions(self.document, self.evaluation, self.words)

    def as_json(self) -> dict[str, Any]:
        titles = {r["id"]: r["advice"]["title"] for r in self.document["rules"]}
        why = {w.rule: list(w.sentences) for w in self.why}
        return {
            "step": self.step_json(),
            "language": self.document.get("language"),  # the language of the sentences
            "checklist": self.checklist.id,
            "version": self.checklist.version,
            "answers": dict(self.evaluation.answers),
            "skipped": [{"question": s.question, "number": s.number, "scores": list(s.scores),
                         "sentence": s.sentence} for s in self.skipped],
            "scores": dict(self.evaluation.scores),
            "shown": list(self.evaluation.shown),
            "rules": [
                {"id": r.id, "group": r.group, "title": titles[r.id], "shown": r.shown,
                 "matched": r.matched, "hidden_by": r.hidden_by, "why": why.get(r.id, []),
                 "conditions": [{"text": c.text, "holds": c.holds, "error": c.error}
                                for c in r.conditions]}
                for r in self.evaluation.rules
            ],
        }


    def step_json(self) -> dict[str, str | None] | None:
        step = self.step
        if step is None:
            return None
        return {"advice": step.advice, "advice_title": self.advice_title(step.advice),
                "what": step.what, "who": step.who, "how": step.how, "when": step.when}

    def advice_title(self, rule_id: str | None) -> str | None:
        return next((r["advice"]["title"] for r in self.document["rules"]
                     if r["id"] == rule_id), None)


def explain_answers(kit_root: Path, answers_path: Path, checklist_id: str | None,
                    language: str | None = None) -> Explanation:
    """`language`: the kit's language the sentences are in (its source language if None)."""
    from site_builder.kit.load import choose_checklist, load_kit

    kit = kit_in_language(load_kit(kit_root), language)
    report = Problems()
    answer_file = read_answer_file(answers_path, report)
    report.raise_if_errors()
    assert answer_file is not None
    checklist = choose_checklist(kit, checklist_id or answer_file.checklist,
                                 Location(answer_file.path))
    if answer_file.version and answer_file.version != checklist.version:
        report.warning(Location(answer_file.path), f"these answers were saved for version "
                       f"{answer_file.version} of '{checklist.id}', which is now version "
                       f"{checklist.version}; check they still fit")
    answers = match_answers(answer_file.answers, checklist, answer_file.locate, report)
    check_step_advice(answer_file.step, [r.id for s in kit.rules_for(checklist.id)
                                         for r in s.rules], checklist.id, report)
    report.raise_if_errors()
    document = compile_checklist(kit, checklist.id)
    evaluation = Evaluator(document).evaluate(answers)
    return Explanation(checklist, document, evaluation, tuple(report.warnings),
                       answer_file.step, site_words(kit.site))


def kit_in_language(kit: Kit, language: str | None) -> Kit:
    """The kit in one of its languages; a language it is not in is an error that names
    the ones it is in."""
    if language is None or language == kit.site.language:
        return kit
    if language in kit.translations:
        return kit.translations[language]
    known = ", ".join(kit.languages)
    raise KitError([Diagnostic(
        Location("site.yaml"),
        f"this kit is not in the language '{language}'; its languages are {known}: give "
        f"one of them, or add '{language}' to `languages:` here and translate the kit")])


def format_explanation(explanation: Explanation, colour: bool = False) -> str:
    """The explanation as text for a terminal."""
    evaluation = explanation.evaluation
    titles = {r["id"]: r["advice"]["title"] for r in explanation.document["rules"]}

    def style(text: str, **kwargs: Any) -> str:
        return click.style(text, **kwargs) if colour else text

    lines = [*_step_lines(explanation, style),
             style(f"Checklist '{explanation.checklist.id}': "
                   f"{explanation.checklist.title}", bold=True), "", "Answers:"]
    for question in explanation.checklist.questions:
        value = evaluation.answers.get(question.id)
        option = question.option(str(value)) if value is not None else None
        shown = option.label if option else ("(skipped)" if value is None else str(value))
        lines.append(f"  {question.id}: {shown}")
    if skipped := explanation.skipped:
        lines += ["", "Skipped (these answers are final, so a skipped question adds 0):"]
        lines += [f"  {s.sentence}" for s in skipped]
    lines += ["", "Scores:"]
    lines += [f"  {s.label} ({s.id}): {evaluation.scores[s.id]:g} of "
              f"{explanation.checklist.max_score(s):g}" for s in explanation.checklist.scores]
    lines += ["", f"Advice shown, in order ({len(evaluation.shown)}):"]
    for number, why in enumerate(explanation.why, 1):
        lines.append(f"  {number}. {why.rule}: {titles[why.rule]}")
        lines += [f"       {sentence}" for sentence in why.sentences]
    if not evaluation.shown:
        lines.append("  (none)")
    lines += ["", "Every rule:"]
    for result in evaluation.rules:
        if result.shown:
            verdict = style("shown", fg="green")
        elif result.hidden_by:
            verdict = style(f"not shown: '{result.hidden_by}' came first in {result.group}",
                            fg="yellow")
        else:
            verdict = style("not shown", fg="red")
        lines.append(f"  {result.id} ({result.group}): {verdict}")
        for condition in result.conditions:
            mark = "yes" if condition.holds else "no "
            failed = f" ({condition.error})" if condition.error else ""
            lines.append(f"      [{mark}] {condition.text}{failed}")
    return "\n".join(lines)


def _step_lines(explanation: Explanation, style: Callable[..., str]) -> list[str]:
    """The committed step first: what, with whom, how, by when, from which advice."""
    step = explanation.step
    if step is None:
        return []
    title = explanation.advice_title(step.advice)
    lines = [style(f"Your step: {step.what or title or '(not written down)'}", bold=True)]
    parts = (("with whom", step.who), ("how", step.how), ("by when", step.when),
             ("from the advice", title if step.what else None))
    return [*lines, *(f"  {name}: {text}" for name, text in parts if text), ""]
