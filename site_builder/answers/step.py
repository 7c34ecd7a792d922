"""The participant's committed step: one action they chose, saved with their answers.

In an answer file (the site's download, or plain YAML or JSON) it is the optional `step`
mapping; in a form export, the optional columns named in CSV_COLUMNS; in a filled
worksheet or handout PDF, the fields named in STEP_FIELDS.
"""

from __future__ import annotations

from collections.abc import Callable, Collection, Mapping
from dataclasses import dataclass

from site_builder.diagnostics import NOWHERE, Location, Problems, did_you_mean, quote_list
from site_builder.model import STEP_FIELDS

KEYS = ("advice", "what", "who", "how", "when")
# A form export's columns (matched ignoring case) and the key of the step each fills.
CSV_COLUMNS: Mapping[str, str] = {"step": "what", "step_who": "who", "step_how": "how",
                                  "step_when": "when"}
EXAMPLE = '{"what": "Ask Sam for twenty minutes", "who": "Sam", "when": "by Friday"}'


@dataclass(frozen=True)
class Step:
    """Every part optional; text as the participant wrote it."""

    advice: str | None = None  # the id of the rule whose advice it came from
    what: str | None = None
    who: str | None = None
    how: str | None = None
    when: str | None = None  # free text: "by Friday"
    advice_location: Location = NOWHERE  # where `advice` is written, for a wrong id

    @property
    def empty(self) -> bool:
        return not any((self.advice, self.what, self.who, self.how, self.when))


def read_step(value: object, where: Location, locate: Callable[[str], Location],
              report: Problems) -> Step | None:
    """The `step` of an answer file, checked; `where` is the step itself, `locate` finds
    one of its keys. None when it is absent, empty or wrong (reported)."""
    if value is None:
        return None
    if not isinstance(value, Mapping):
        report.error(where, f"'step' must be a mapping of {quote_list(KEYS)} to text, "
                     f"e.g. {EXAMPLE}")
        return None
    parts: dict[str, str | None] = {}
    for key, part in value.items():
        if key not in KEYS:
            report.error(locate(str(key)), f"'{key}' is not a part of 'step'"
                         f"{did_you_mean(str(key), KEYS)}; its parts: {quote_list(KEYS)}")
        elif part is not None and not isinstance(part, str):
            kind = "true or false" if isinstance(part, bool) else "a number" if \
                isinstance(part, (int, float)) else "a list" if isinstance(part, list) \
                else "a mapping"
            report.error(locate(key), f"'{key}' in 'step' must be text, not {kind}; put it "
                         'in quotes, e.g. "by Friday"')
        else:
            parts[key] = part.strip() if part and part.strip() else None
    step = Step(parts.get("advice"), parts.get("what"), parts.get("who"), parts.get("how"),
                parts.get("when"), locate("advice"))
    return None if step.empty else step


def check_step_advice(step: Step | None, advice_ids: Collection[str], checklist: str,
                      report: Problems) -> None:
    """A step's `advice` must name a rule of the checklist the answers are for."""
    if step is None or step.advice is None or step.advice in advice_ids:
        return
    report.error(step.advice_location, f"'{step.advice}' in 'step' is not advice of "
                 f"checklist '{checklist}'{did_you_mean(step.advice, advice_ids)}; leave "
                 "'advice' out for a step in the participant's own words")


def step_from_cells(cells: Mapping[str, str]) -> Step | None:
    """A step from a form export's step columns (CSV_COLUMNS), blanks left out."""
    parts = {CSV_COLUMNS[column]: text.strip() or None for column, text in cells.items()}
    step = Step(what=parts.get("what"), who=parts.get("who"), how=parts.get("how"),
                when=parts.get("when"))
    return None if step.empty else step


def step_from_fields(fields: Mapping[str, str]) -> Step | None:
    """A step from a filled worksheet's or handout's form fields (STEP_FIELDS)."""
    parts = {part: fields.get(name, "").strip() or None for part, name in STEP_FIELDS.items()}
    step = Step(what=parts["what"], who=parts["who"], how=parts["how"], when=parts["when"])
    return None if step.empty else step
