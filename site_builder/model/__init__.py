"""The data model: frozen data that loading produces and every later step reads.

It imports nothing but `site_builder.diagnostics` (for `Location`): no parsing, no
rendering. `kit` is the whole kit, `checklist` its questionnaires, `rules` the rules and
rule tests, `agenda` a facilitator's timed agenda.
"""

from site_builder.model.agenda import Activity, Agenda
from site_builder.model.checklist import (
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
from site_builder.model.handout import FIELD_KINDS, STEP_FIELDS, FieldKind, FillField
from site_builder.model.kit import Kit, Page, Paper, Site
from site_builder.model.sections import SiteSection, folder_of, folder_title

__all__ = [
    "FIELD_KINDS",
    "STEP_FIELDS",
    "Activity",
    "Agenda",
    "AnswerOption",
    "Chart",
    "ChartAxis",
    "ChartZones",
    "Checklist",
    "FieldKind",
    "FillField",
    "Kit",
    "Page",
    "Paper",
    "Question",
    "QuestionType",
    "Score",
    "Section",
    "Site",
    "SiteSection",
    "folder_of",
    "folder_title",
]
