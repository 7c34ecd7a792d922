"""Reports on paper: a participant's evaluation or the cohort's counts -> HTML -> PDF.

The contexts and the HTML are made from plain data (the compiled rules document and the
evaluations); each report is then a `PdfJob`, made by `make.make_pdf` as the site's PDFs are.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Mapping, Sequence
from pathlib import Path
from typing import Any

from markupsafe import Markup

from site_builder.answers.step import Step
from site_builder.engine.document import RuleData, RulesDocument
from site_builder.engine.evaluate import Evaluation
from site_builder.engine.why import Skipped, explain_shown, skipped_questions
from site_builder.engine.wording import short_text
from site_builder.i18n import N_, Words, words_for
from site_builder.model import Checklist, Kit, Question
from site_builder.render.chart import chart_svg, room_chart_svg
from site_builder.render.languages import text_direction
from site_builder.render.pdf.jobs import PDF_STYLESHEET, edition_site, page_css
from site_builder.render.templating import make_environment, render_template
from site_builder.render.words import format_decimal

REPORT_STYLESHEET = Path(__file__).parent.parent / "assets" / "report.css"
GENERAL = N_("General")  # in the report's words where used
ENGLISH = words_for("en")
SMALL_ROOM = 5  # fewer people than this in a room summary may be recognised by their answers
YOUR_PREFIX = re.compile(r"^\s*your\s+[^:]{1,40}:\s*", re.IGNORECASE)


def participant_context(checklist: Checklist, document: RulesDocument,
                        evaluation: Evaluation, name: str | None, date: str,
                        step: Step | None = None, words: Words = ENGLISH) -> dict[str, Any]:
    """What `report.html` shows for one participant: page 1 their results and one step (their
    own, or else the top advice as a first step to try), page 2 the rest of the advice, in
    `words` (the report's language)."""
    rules = {r["id"]: r for r in document["rules"]}
    first_groups = {r["group"] for r in document["rules"] if r["pick"] == "first"}
    why = {w.rule: list(w.sentences) for w in explain_shown(document, evaluation, words)}

    def advice(rule_id: str) -> dict[str, Any]:
        rule = rules[rule_id]
        return {"id": rule_id, "title": rule["advice"]["title"],
                "html": rule["advice"]["html"], "why": why[rule_id]}

    profile = [advice(i) for i in evaluation.shown if rules[i]["group"] in first_groups]
    others = [i for i in evaluation.shown if rules[i]["group"] not in first_groups]
    # Without a step of their own, the top advice is offered as one, and not repeated.
    suggested = advice(others.pop(0)) if step is None and others else None
    scores = [{"label": s["label"], "value": evaluation.scores[s["id"]], "max": s["max"]}
              for s in document["scores"]]
    return {
        "title": words.gettext("Your report: %(title)s") % {"title": checklist.title},
        "name": name,
        "date": date,
        "step": step_context(step, rules, words),
        "suggested": suggested,
        "answers": [{"number": number, "text": short_text(q.text),
                     "answer": answer_text(q, evaluation.answers.get(q.id), words)}
                    for number, q in enumerate(checklist.questions, start=1)],
        "scores": scores,
        "skipped": skipped_note(skipped_questions(document, evaluation, words), words),
        "chart": _chart(checklist, evaluation, words),
        "chart_title": checklist.chart.title if checklist.chart else None,
        "profile": profile,
        "sections": _advice_sections(checklist, [advice(i) for i in others], rules, words),
    }


def skipped_note(skipped: Sequence[Skipped], words: Words = ENGLISH) -> str | None:
    """The skipped questions in one sentence, beside the answers that already say "Skipped":
    "You skipped questions 2 and 3, counted as 0 in Instrumental support, and 5."."""
    if not skipped:
        return None
    by_scores: dict[tuple[str, ...], list[str]] = {}
    for question in skipped:
        by_scores.setdefault(question.scores, []).append(str(question.number))
    parts = [words.gettext("%(questions)s, counted as 0 in %(scores)s") % {
                 "questions": and_list(numbers, words), "scores": and_list(scores, words)}
             if scores else and_list(numbers, words)
             for scores, numbers in by_scores.items()]
    return words.ngettext("You skipped question %(list)s.", "You skipped questions %(list)s.",
                          len(skipped)) % {"list": "; ".join(parts)}


def and_list(items: Sequence[str], words: Words) -> str:
    """'a', 'a and b', 'a, b and c', as the assessment page joins them (its " and ")."""
    if len(items) < 2:
        return "".join(items)
    return ", ".join(items[:-1]) + words.gettext(" and ") + items[-1]


def _advice_sections(checklist: Checklist, items: Sequence[dict[str, Any]],
                     rules: Mapping[str, RuleData], words: Words) -> list[dict[str, Any]]:
    """The advice under its checklist section's title, the rest under "General"."""
    def section_of(item: dict[str, Any]) -> str | None:
        return rules[item["id"]]["advice"]["section"]
    known = {s.id for s in checklist.sections}
    sections = [{"title": s.title, "advice": [i for i in items if section_of(i) == s.id]}
                for s in checklist.sections]
    sections.append({"title": words.gettext(GENERAL),
                     "advice": [i for i in items if section_of(i) not in known]})
    return [s for s in sections if s["advice"]]


def step_context(step: Step | None, rules: Mapping[str, RuleData],
                 words: Words = ENGLISH) -> dict[str, Any] | None:
    """The committed step's box: what, with whom, how, by when, and the advice it came from."""
    if step is None:
        return None
    rule = rules.get(step.advice or "")
    title = rule["advice"]["title"] if rule else None
    return {"what": step.what or title, "from_advice": title if step.what else None,
            "rows": [(label, text) for label, text in ((words.gettext("With whom"), step.who),
                                                       (words.gettext("How"), step.how),
                                                       (words.gettext("By when"), step.when))
                     if text]}


def _chart(checklist: Checklist, evaluation: Evaluation, words: Words) -> Markup | None:
    chart = checklist.chart
    if chart is None:
        return None
    return chart_svg(checklist, float(evaluation.scores.get(chart.x.score, 0)),
                     float(evaluation.scores.get(chart.y.score, 0)), ids="report-chart",
                     words=words)


def answer_text(question: Question, value: Any, words: Words = ENGLISH) -> str:
    """A chosen label, a number or a text, as the participant would recognise it."""
    if value is None:
        return words.gettext("Skipped")
    if question.type == "choice":
        option = question.option(str(value))
        return option.label if option else str(value)
    if question.type == "number":
        return format_decimal(float(value), words.language)
    return str(value)


class Room:
    """The room's counts, added to one evaluation at a time: a summary of any number of
    people holds no one's evaluation, only what `cohort.html` shows."""

    def __init__(self, checklist: Checklist) -> None:
        self.checklist = checklist
        self.people = 0
        self.answers: dict[str, Counter[Any]] = {q.id: Counter() for q in checklist.questions}
        self.shown: Counter[str] = Counter()
        self.points: Counter[tuple[float, float]] = Counter()

    def add(self, evaluation: Evaluation) -> None:
        self.people += 1
        for question_id, counts in self.answers.items():
            counts[evaluation.answers.get(question_id)] += 1
        self.shown.update(evaluation.shown)
        chart = self.checklist.chart
        if chart is not None:
            self.points[(float(evaluation.scores.get(chart.x.score, 0)),
                         float(evaluation.scores.get(chart.y.score, 0)))] += 1

    @classmethod
    def of(cls, checklist: Checklist, evaluations: Sequence[Evaluation]) -> Room:
        room = cls(checklist)
        for evaluation in evaluations:
            room.add(evaluation)
        return room


def cohort_context(checklist: Checklist, document: RulesDocument,
                   room: Room | Sequence[Evaluation], skipped: int,
                   words: Words = ENGLISH) -> dict[str, Any]:
    """What `cohort.html` shows: counts only, never a name, in `words`."""
    if not isinstance(room, Room):
        room = Room.of(checklist, room)
    rules = {r["id"]: r for r in document["rules"]}
    total = room.people
    profiles = Counter({i: n for i, n in room.shown.items() if rules[i]["pick"] == "first"})
    advice = Counter({i: n for i, n in room.shown.items() if rules[i]["pick"] != "first"})
    groups: dict[str, list[RuleData]] = {}
    for rule in document["rules"]:
        if rule["pick"] == "first":
            groups.setdefault(rule["group"], []).append(rule)
    return {
        "title": words.gettext("Room summary: %(title)s") % {"title": checklist.title},
        "participants": total,
        "skipped": skipped,
        "small_room": 0 < total < SMALL_ROOM,
        "chart": _room_chart(checklist, room, words),
        "questions": [{"number": number, "text": q.text, "bars": _bars(q, room, words),
                       "skipped": room.answers[q.id][None],
                       "scores": [s.label for s in checklist.scores if q.id in s.questions]}
                      for number, q in enumerate(checklist.questions, start=1)],
        # Every profile, in its file's order, nobody's included: the room's shape shows.
        "profile_groups": [_bars_of(list(zip(room_labels([r["advice"]["title"] for r in group]),
                                             [profiles[r["id"]] for r in group], strict=True)),
                                    total) for group in groups.values()],
        "top_advice": _bars_of([(rules[i]["advice"]["title"], n)
                                for i, n in advice.most_common(10)], total),
    }


def room_label(title: str) -> str:
    """A profile's title as the room's: "Your profile: well supported" -> "Well supported"."""
    label = YOUR_PREFIX.sub("", title, count=1).strip() or title
    return label[:1].upper() + label[1:]


def room_labels(titles: Sequence[str]) -> list[str]:
    """A group's profile titles as the room's, in any language: the words before a colon
    that every title of the group starts with are left out ("Votre profil : bien soutenu"
    -> "Bien soutenu"); a group of one is read as `room_label` reads it."""
    heads = {title.partition(":")[0] for title in titles}
    if len(titles) < 2 or len(heads) != 1 or not all(":" in title for title in titles):
        return [room_label(title) for title in titles]
    labels = []
    for title in titles:
        label = title.partition(":")[2].strip() or title
        labels.append(label[:1].upper() + label[1:])
    return labels


def _room_chart(checklist: Checklist, room: Room, words: Words) -> Markup | None:
    if checklist.chart is None or not room.people:
        return None
    return room_chart_svg(checklist, list(room.points.elements()), words=words)


def _bars(question: Question, room: Room, words: Words) -> list[dict[str, Any]]:
    values = Counter(room.answers[question.id])
    blank = values.pop(None, 0)
    if question.type == "choice":
        rows = [(a.label, values.pop(a.value, 0)) for a in question.answers]
        rows += [(str(v), n) for v, n in values.items()]
    elif question.type == "number":
        rows = [(format_decimal(float(v), words.language), n)
                for v, n in sorted(values.items()) if v is not None]
    else:
        rows = [(words.gettext("Answered"), sum(values.values()))]
    return _bars_of([*rows, (words.gettext("Skipped"), blank)], room.people)


def _bars_of(rows: Sequence[tuple[str, int]], total: int) -> list[dict[str, Any]]:
    return [{"label": label, "count": count,
             "percent": round(100 * count / total, 1) if total else 0} for label, count in rows]


def render_report_html(kit: Kit, template: str, context: Mapping[str, Any],
                       current_url: str, prefix: str = "") -> str:
    """A report's HTML from its template (a kit's own `templates/` may override it);
    `prefix` is the folder of the report's language on the site ("fr/"), for its links."""
    env = make_environment(kit)
    full = {"site": edition_site(kit.site, prefix), "kit": kit, "target": {"description": ""},
            "current_url": current_url, "pdf_links": True,
            "text_direction": text_direction(kit.site.language), **context}
    return render_template(env, template, full, kit, f"while making a {template[:-5]} report")


def report_css(kit: Kit) -> tuple[str, ...]:
    return (PDF_STYLESHEET.read_text(encoding="utf-8"),
            REPORT_STYLESHEET.read_text(encoding="utf-8"), page_css(kit))
