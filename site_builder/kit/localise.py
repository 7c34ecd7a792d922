"""A kit rewritten in one of its other languages: each translated text written into its
source file in place of the original, comments and layout kept; each translated page put
in place of its source page. `site-builder new --language fr` starts a kit this way.

Texts are replaced where YAML says they are (a scalar's start and end, which PyYAML's
composer gives), so nothing else in a file moves. A text with no translation stays as it
was written.
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import yaml

from site_builder.diagnostics import Problems
from site_builder.kit.markdown import FRONT_MATTER_FENCE
from site_builder.kit.translations import (
    FOLDER,
    PAGE_TEXT_KEYS,
    read_catalogue,
    translated_name,
)
from site_builder.model import Kit

# A plain scalar that reads back as the same text in any YAML context: words, spaces and
# the punctuation that means nothing to YAML (no ':', '#', ',', brackets or quotes).
SPACES = "\u00a0\u202f"  # no-break spaces, as French puts before ? and :
SAFE_PLAIN = re.compile(rf"^[^\W\d_][\w .()?!'\u2019\u00ab\u00bb{SPACES}\-]*(?<![ {SPACES}])$")
DEBRIEF_KEYS = ("what", "so_what", "now_what")
AGENDA_TEXT_KEYS = ("activity", "purpose", "groups", "space", "materials", "say",
                    "instructions", "debrief")


@dataclass(frozen=True)
class Localised:
    """The files to write (path in the kit -> text) and those to delete."""

    files: dict[str, str]
    deleted: tuple[str, ...]


def localise_kit(kit: Kit, language: str) -> Localised:
    """The kit's files with `language` as their source language (see the module's doc)."""
    status = {t.key: t for t in kit.translation_status[language].texts}
    # the kit loaded without errors, so its catalogue reads without any
    new_texts = read_catalogue(kit.root, language, Problems()).entries
    edits: dict[str, list[tuple[tuple[int, int], str]]] = {}
    inserts: dict[str, list[tuple[str, str]]] = {}
    for text in kit.texts:
        state = status.get(text.key)
        mine = new_texts.get(text.key)
        if state is None or state.state != "translated" or mine is None:
            continue
        if text.key.startswith("group ") and text.key.endswith(" title") and \
                not _has_title(kit.root, text.location.path):
            inserts.setdefault(text.location.path, []).append(("title", mine.msgstr))
            continue
        edits.setdefault(text.location.path, []).append(
            ((text.location.line, text.location.col), mine.msgstr))
    files = {path: _replace_scalars(_read(kit.root, path), wanted, inserts.get(path, []))
             for path, wanted in edits.items()}
    for path, wanted_inserts in inserts.items():
        if path not in files:
            files[path] = _replace_scalars(_read(kit.root, path), [], wanted_inserts)
    files["site.yaml"] = set_languages(files.get("site.yaml") or _read(kit.root, "site.yaml"),
                                        language)
    for page in kit.pages:
        if page.source in status and status[page.source].state != "missing":
            shown = f"content/{page.source}"
            translation = f"content/{translated_name(page.source, language)}"
            files[shown] = _page(_read(kit.root, shown), _read(kit.root, translation))
    deleted = [f"content/{translated_name(p.source, lang)}" for p in kit.pages
               for lang in kit.languages[1:]
               if (kit.root / "content" / translated_name(p.source, lang)).is_file()]
    deleted += [f"{FOLDER}/{p.name}" for p in sorted((kit.root / FOLDER).glob("*"))
                if p.is_file()]
    return Localised(files, tuple(deleted))


def _read(root: Path, path: str) -> str:
    return (root / path).read_text(encoding="utf-8")


def _has_title(root: Path, path: str) -> bool:
    node = yaml.compose(_read(root, path), Loader=yaml.SafeLoader)
    return isinstance(node, yaml.MappingNode) and any(
        k.value == "title" for k, _ in node.value)


def _scalars(node: yaml.Node | None) -> Iterator[yaml.ScalarNode]:
    if isinstance(node, yaml.ScalarNode):
        yield node
    elif isinstance(node, yaml.SequenceNode):
        for item in node.value:
            yield from _scalars(item)
    elif isinstance(node, yaml.MappingNode):
        for key, value in node.value:
            yield from _scalars(key)
            yield from _scalars(value)


def _replace_scalars(text: str, wanted: list[tuple[tuple[int, int], str]],
                     inserts: list[tuple[str, str]], first_line: int = 1) -> str:
    """`text` with the scalar starting at each (line, col) replaced by its new text, and
    each (key, value) of `inserts` written as a top-level line before the last key."""
    root = yaml.compose(text, Loader=yaml.SafeLoader)
    at = {(n.start_mark.line + first_line, n.start_mark.column + 1): n for n in _scalars(root)}
    spans = [((n.start_mark.index, n.end_mark.index), _scalar(n, new, text))
             for where, new in wanted if (n := at.get(where)) is not None]
    if inserts and isinstance(root, yaml.MappingNode) and root.value:
        last_key = root.value[-1][0]
        line_start = text.rfind("\n", 0, last_key.start_mark.index) + 1
        lines = "".join(f"{key}: {_inline(value, plain=True)}\n" for key, value in inserts)
        spans.append(((line_start, line_start), lines))
    for (start, end), new in sorted(spans, reverse=True):
        text = text[:start] + new + text[end:]
    return text


def _scalar(node: yaml.ScalarNode, new: str, text: str) -> str:
    """`new` written as the scalar `node` was: a block stays a block, at its indentation."""
    if node.style in ("|", ">"):
        body = text[node.start_mark.index:node.end_mark.index].split("\n")[1:]
        indent = next((len(line) - len(line.lstrip(" ")) for line in body if line.strip()),
                      2)
        chomp = "" if new.endswith("\n") else "-"
        lines = [(" " * indent + line) if line else "" for line in new.rstrip("\n").split("\n")]
        return f"|{chomp}\n" + "\n".join(lines) + "\n"
    return _inline(new, plain=node.style is None)


def _inline(new: str, plain: bool) -> str:
    """A one-line scalar: plain when the original was and the text is safe so, else in
    double quotes (a JSON string is a YAML double-quoted scalar)."""
    if plain and SAFE_PLAIN.match(new) and new.lower() not in ("yes", "no", "on", "off",
                                                                 "true", "false", "null"):
        return new
    return json.dumps(new, ensure_ascii=False)


def set_languages(text: str, language: str) -> str:
    """site.yaml with `language` as the kit's one language: `languages: [fr]`."""
    root = yaml.compose(text, Loader=yaml.SafeLoader)
    spans = []
    for key, value in root.value if isinstance(root, yaml.MappingNode) else []:
        if key.value == "languages":
            spans.append(((value.start_mark.index, value.end_mark.index), f"[{language}]"))
        elif key.value == "language":
            spans.append(((key.start_mark.index, value.end_mark.index),
                          f"languages: [{language}]"))
    for (start, end), new in sorted(spans, reverse=True):
        text = text[:start] + new + text[end:]
    return text


def _page(source: str, translation: str) -> str:
    """The source page with the translation's texts in its front matter and its body."""
    mine, theirs = FRONT_MATTER_FENCE.match(source), FRONT_MATTER_FENCE.match(translation)
    body = translation[theirs.end():] if theirs else translation
    if mine is None:
        return body
    front = mine.group(1)
    wanted = []
    if theirs:
        wanted = _front_texts(yaml.compose(front, Loader=yaml.SafeLoader),
                              yaml.compose(theirs.group(1), Loader=yaml.SafeLoader))
    spans = sorted(wanted, reverse=True)
    for (start, end), new in spans:
        front = front[:start] + new + front[end:]
    return source[:mine.start(1)] + front + source[mine.end(1):mine.end()] + body


def _front_texts(source: yaml.Node | None, translation: yaml.Node | None
                 ) -> list[tuple[tuple[int, int], str]]:
    """(span in the source's front matter, new text) for each text the translation has."""
    found: list[tuple[tuple[int, int], str]] = []
    if not isinstance(source, yaml.MappingNode) or not isinstance(translation, yaml.MappingNode):
        return found
    theirs = {k.value: v for k, v in translation.value}
    for key, node in source.value:
        other = theirs.get(key.value)
        if other is None:
            continue
        if key.value in PAGE_TEXT_KEYS:
            found += _pair(node, other, front=True)
        elif key.value == "agenda" and isinstance(node, yaml.SequenceNode) and \
                isinstance(other, yaml.SequenceNode) and len(node.value) == len(other.value):
            for item, translated in zip(node.value, other.value, strict=True):
                found += _activity(item, translated)
    return found


def _activity(source: yaml.Node, translation: yaml.Node) -> list[tuple[tuple[int, int], str]]:
    if not isinstance(source, yaml.MappingNode) or not isinstance(translation, yaml.MappingNode):
        return []
    theirs = {k.value: v for k, v in translation.value}
    found = []
    for key, node in source.value:
        other = theirs.get(key.value)
        if other is None or key.value not in AGENDA_TEXT_KEYS:
            continue
        if key.value == "debrief" and isinstance(node, yaml.MappingNode):
            found += _activity(node, other) if isinstance(other, yaml.MappingNode) else []
        else:
            found += _pair(node, other, front=True)
    return found


def _pair(source: yaml.Node, translation: yaml.Node, front: bool
          ) -> list[tuple[tuple[int, int], str]]:
    """A text (or a list of texts) of the source replaced by the translation's."""
    span = (source.start_mark.index, source.end_mark.index)
    if isinstance(source, yaml.ScalarNode) and isinstance(translation, yaml.ScalarNode):
        text = translation.value
        if source.style in ("|", ">"):
            return [(span, _scalar(source, text, _document(source)))]
        return [(span, _inline(text, plain=source.style is None))]
    if isinstance(source, yaml.SequenceNode) and isinstance(translation, yaml.SequenceNode) \
            and len(source.value) == len(translation.value):
        return [pair for a, b in zip(source.value, translation.value, strict=True)
                for pair in _pair(a, b, front)]
    value = yaml.safe_load(yaml.serialize(translation))
    return [(span, json.dumps(value, ensure_ascii=False))]


def _document(node: yaml.Node) -> str:
    """The text a node was composed from (PyYAML keeps it in the node's marks)."""
    buffer = node.start_mark.buffer
    return buffer.rstrip("\0") if isinstance(buffer, str) else ""
