"""The examples of the "Editing the rules" page (content/editing-the-rules.md), read and
applied to a kit as a reader would, and the output each ```text block should quote.
tests/test_editing_page.py says how the page is tested.
"""

from __future__ import annotations

import re
import shlex
from collections.abc import Callable, Sequence
from dataclasses import dataclass, replace
from pathlib import Path

from click.testing import CliRunner
from markdown_it import MarkdownIt

from site_builder.cli import cli
from site_builder.new import copy_kit, drop_translations
from tests.kits import ROOT

PAGE = ROOT / "content" / "editing-the-rules.md"
PAGE_NAME = "content/editing-the-rules.md"
REFRESH = "python -m tests.refresh_editing_page"
HEADER = re.compile(r"^# (?P<file>[\w./-]+): (?P<where>.+)\n")
AT_END = "add at the end of the file"
BEFORE_RULE = re.compile(r"add just before the rule (?P<id>[\w-]+)")
REPLACE_QUESTION = re.compile(r"replace the question (?P<id>\w+) with")
NEW_FILE = "a new file in the kit folder"
OMITTED = "..."


@dataclass(frozen=True)
class Edit:
    """A ```yaml example: the lines to put into `file`, and where."""

    file: str
    where: str
    body: str  # the block below its comment line
    line: int  # where the block starts in the page

    @property
    def rule_ids(self) -> list[str]:
        if not self.file.startswith("rules/") or self.file.startswith("rules/tests/"):
            return []
        return re.findall(r"^  - id: ([\w-]+)$", self.body, re.MULTILINE)


@dataclass(frozen=True)
class Output:
    """A ```text example: a command and what it prints, after the edits above it."""

    name: str
    command: list[str]  # after `$ site-builder`
    text: str  # the whole block, command line included
    line: int
    edits: tuple[Edit, ...]


def read_page(text: str | None = None) -> tuple[list[Edit], list[Output]]:
    """The page's examples, in page order."""
    source = PAGE.read_text(encoding="utf-8") if text is None else text
    edits: list[Edit] = []
    outputs: list[Output] = []
    for token in MarkdownIt("commonmark").parse(source):
        if token.type != "fence":
            continue
        line = (token.map[0] if token.map else 0) + 1
        info = token.info.split()
        if info[:1] == ["yaml"]:
            header = HEADER.match(token.content)
            assert header, (f"{PAGE_NAME}:{line}: a yaml example must start with a comment "
                            "'# FILE: where the lines go'")
            edits.append(Edit(header["file"], header["where"],
                              token.content[header.end():], line))
        elif info[:1] == ["text"]:
            assert len(info) == 2, (f"{PAGE_NAME}:{line}: name the output in its info "
                                    "string, e.g. ```text check")
            first = token.content.split("\n", 1)[0]
            assert first.startswith("$ site-builder "), (
                f"{PAGE_NAME}:{line}: an output block starts with '$ site-builder ...'")
            outputs.append(Output(info[1], shlex.split(first)[2:], token.content, line,
                                  tuple(edits)))
    return edits, outputs


def apply_edit(kit: Path, edit: Edit, with_comment: bool = False) -> None:
    """Do what the edit's comment says, to the kit's file."""
    path = kit / edit.file
    body = f"# {edit.file}: {edit.where}\n{edit.body}" if with_comment else edit.body
    if edit.where == NEW_FILE:
        path.write_text(edit.body, encoding="utf-8")
        return
    text = path.read_text(encoding="utf-8")
    lines = text.splitlines(keepends=True)
    if edit.where == AT_END:
        new = text + ("" if text.endswith("\n") else "\n") + body
    elif match := BEFORE_RULE.fullmatch(edit.where):
        at = _find_item(lines, match["id"], edit)
        new = "".join(lines[:at]) + body + "".join(lines[at:])
    elif match := REPLACE_QUESTION.fullmatch(edit.where):
        at = _find_item(lines, match["id"], edit)
        indent = len(lines[at]) - len(lines[at].lstrip())
        end = at + 1
        while end < len(lines) and (not lines[end].strip()
                                    or len(lines[end]) - len(lines[end].lstrip()) > indent):
            end += 1
        new = "".join(lines[:at]) + body + "".join(lines[end:])
    else:
        raise AssertionError(f"{PAGE_NAME}:{edit.line}: this test does not know how to "
                             f"'{edit.where}'; say it as the other examples do")
    path.write_text(new, encoding="utf-8")


def _find_item(lines: Sequence[str], item_id: str, edit: Edit) -> int:
    for index, line in enumerate(lines):
        if re.fullmatch(rf"\s*- id: {re.escape(item_id)}\s*", line):
            return index
    raise AssertionError(f"{PAGE_NAME}:{edit.line}: no '- id: {item_id}' in {edit.file}")


# What the page supposes in its mistakes, on top of the examples above each output.
TYPO = ("industry_peers", "industy_peers")


def _typo(edits: tuple[Edit, ...]) -> tuple[Edit, ...]:
    """The new advice, with the question id in its `when` misspelled."""
    right, wrong = TYPO
    return tuple(replace(e, body=e.body.replace(f"      {right}:", f"      {wrong}:", 1))
                 if e.file == "rules/instrumental.yaml" else e for e in edits)


def profile_last(edits: tuple[Edit, ...]) -> tuple[Edit, ...]:
    """The new profile at the very end of its file, below the catch-all."""
    return tuple(replace(e, where=AT_END) if e.file == "rules/profiles.yaml" else e
                 for e in edits)


TWISTS: dict[str, Callable[[tuple[Edit, ...]], tuple[Edit, ...]]] = {
    "typo": _typo, "failed-test": profile_last,
}


def one_language_kit(folder: Path) -> Path:
    """A copy of the default kit as `site-builder new` writes it, in one language: the
    page is about editing a kit of one's own."""
    copy_kit(ROOT, folder)
    drop_translations(folder)
    return folder


def run(kit: Path, command: Sequence[str]) -> tuple[int, str]:
    """The real command line, in the kit: exit status and what a terminal would show."""
    args = [str(kit / a) if a.endswith((".yaml", ".json", ".csv")) else a for a in command]
    result = CliRunner().invoke(cli, [*args, "--kit", str(kit)])
    assert result.exception is None or isinstance(result.exception, SystemExit), \
        repr(result.exception)
    return result.exit_code, result.output


def excerpt(output: Output, printed: str) -> str:
    """What the page quotes of `explain`: the advice shown, then each new rule's entry."""
    paragraphs = printed.rstrip("\n").split("\n\n")
    shown = next(p for p in paragraphs if p.startswith("Advice shown"))
    every = paragraphs[-1].splitlines()
    entries = []
    for rule_id in (i for e in output.edits for i in e.rule_ids):
        start = next(n for n, line in enumerate(every) if line.startswith(f"  {rule_id} ("))
        end = start + 1
        while end < len(every) and every[end].startswith("      "):
            end += 1
        entries += every[start:end]
    return "\n".join([OMITTED, shown, OMITTED, *entries, OMITTED]) + "\n"


def produce(kit: Path, output: Output) -> tuple[int, str]:
    """Apply the output's edits (and twist) to `kit`, a fresh copy of the default kit, run
    its command, and return the exit status and the block as the page should show it."""
    twist = TWISTS.get(output.name)
    for edit in twist(output.edits) if twist else output.edits:
        apply_edit(kit, edit)
    status, printed = run(kit, output.command)
    if output.name == "explain":
        printed = excerpt(output, printed)
    return status, f"$ site-builder {shlex.join(output.command)}\n{printed}"
