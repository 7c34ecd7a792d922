"""JSON Schemas of the kit's YAML files, made from the shapes the loader checks them with.

An editor given a schema (VS Code's YAML extension reads the
`# yaml-language-server: $schema=...` line at the top of each file) checks a kit file
as it is typed, completes its keys and shows their `doc` on hover. The schemas are
generated, never written by hand, so they say what the loader accepts, no more and no
less; the default kit commits them, and a test fails when they are out of date.
"""

from __future__ import annotations

import json
import posixpath
from dataclasses import dataclass
from pathlib import Path

from site_builder.kit.checklist import CHECKLIST
from site_builder.kit.handout import FILL_BLOCK
from site_builder.kit.load import SITE
from site_builder.kit.pages import FRONT_MATTER_SHAPE
from site_builder.kit.rules import RULE_FILE, RULE_TEST_FILE
from site_builder.kit.shapes import JsonSchema, Shape

DIALECT = "https://json-schema.org/draft/2020-12/schema"
ID_BASE = "urn:site-builder:kit-format-1:"
FOLDER = "schemas"


@dataclass(frozen=True)
class KitSchema:
    file_name: str
    shape: Shape[object]
    title: str
    description: str


SITE_SCHEMA = KitSchema(
    "site.schema.json", SITE, "site-builder site settings",
    "site.yaml of a site-builder kit (kit format 1): the workshop's title and settings.")
CHECKLIST_SCHEMA = KitSchema(
    "checklist.schema.json", CHECKLIST, "site-builder checklist",
    "content/checklists/<id>.yaml (or <section>/checklists/<id>.yaml) of a site-builder kit: "
    "questions, answer scales, scores.")
RULES_SCHEMA = KitSchema(
    "rules.schema.json", RULE_FILE, "site-builder rule file",
    "rules/**/*.yaml of a site-builder kit: conditions over one checklist's answers, "
    "each with its advice.")
RULE_TESTS_SCHEMA = KitSchema(
    "rule-tests.schema.json", RULE_TEST_FILE, "site-builder rule tests",
    "rules/tests/**/*.yaml of a site-builder kit: example answers and the advice they "
    "must (and must not) get.")
# Markdown has no modeline: this one documents the front matter's keys (`for`, `order`...)
# for the author and for editors that check front matter against a schema.
FRONT_MATTER_SCHEMA = KitSchema(
    "front-matter.schema.json", FRONT_MATTER_SHAPE, "site-builder page front matter",
    "The YAML between the '---' lines at the top of a content/*.md page of a site-builder "
    "kit: its title, menu place, audience, printing, and a facilitator's timed agenda; "
    "other keys reach templates as page.meta.")
FILL_SCHEMA = KitSchema(
    "fill.schema.json", FILL_BLOCK, "site-builder handout field",
    "A ```fill block in a handout page (content/*.md with 'handout: true'): one field for "
    "participants to fill in.")
KIT_SCHEMAS = (SITE_SCHEMA, CHECKLIST_SCHEMA, RULES_SCHEMA, RULE_TESTS_SCHEMA,
               FRONT_MATTER_SCHEMA, FILL_SCHEMA)


def build_schema(kit_schema: KitSchema) -> JsonSchema:
    defs: dict[str, JsonSchema] = {}
    body = kit_schema.shape.json_schema(defs)
    schema: JsonSchema = {
        "$schema": DIALECT,
        "$id": ID_BASE + kit_schema.file_name,
        "title": kit_schema.title,
        "description": kit_schema.description,
        **body,
    }
    if defs:
        schema["$defs"] = dict(sorted(defs.items()))
    return schema


def schema_text(kit_schema: KitSchema) -> str:
    """The schema as written to its file: stable, so a fresh one compares equal."""
    return json.dumps(build_schema(kit_schema), indent=2, ensure_ascii=False) + "\n"


def write_schemas(folder: Path) -> list[Path]:
    """Write every schema into `folder` (created if missing); the paths written."""
    folder.mkdir(parents=True, exist_ok=True)
    written = []
    for kit_schema in KIT_SCHEMAS:
        path = folder / kit_schema.file_name
        path.write_text(schema_text(kit_schema), encoding="utf-8")
        written.append(path)
    return written


def schema_for(kit_path: str) -> KitSchema | None:
    """The schema of a kit file, by its path in the kit ('/'-separated), as the loader
    reads it; None for a file no schema describes."""
    if not kit_path.endswith((".yaml", ".yml")):
        return None
    if kit_path == "site.yaml":
        return SITE_SCHEMA
    if kit_path.startswith("content/") and posixpath.basename(
            posixpath.dirname(kit_path)) == "checklists":  # a section's own too
        return CHECKLIST_SCHEMA
    if kit_path.startswith("rules/tests/"):
        return RULE_TESTS_SCHEMA
    if kit_path.startswith("rules/"):
        return RULES_SCHEMA
    return None


def modeline(kit_path: str) -> str | None:
    """The first line that points an editor at the kit file's schema, by a path relative
    to the file (as yaml-language-server resolves it), so a copied kit keeps working."""
    kit_schema = schema_for(kit_path)
    if kit_schema is None:
        return None
    target = posixpath.relpath(f"{FOLDER}/{kit_schema.file_name}",
                               posixpath.dirname(kit_path) or ".")
    return f"# yaml-language-server: $schema={target}"
