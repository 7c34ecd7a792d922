"""A handout's `fill` blocks: fenced blocks of YAML in a page's Markdown, each one field
for participants to write in (lines, a box, initials slots, circles, the four-part step).

A block is checked like every kit file (located problems, unknown keys refused) and
becomes a `FillField`; in the page's HTML it leaves a placeholder that `render/fields.py`
fills with the field's drawing, on the web page and, as form fields, in the PDF.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from markdown_it.token import Token

from site_builder.diagnostics import Location, Problems, quote_list
from site_builder.kit.shapes import Fields, Flag, Key, ListOf, Record, Text, WholeNumber
from site_builder.kit.yamlfile import YamlError, YMap, parse_yaml
from site_builder.model import FIELD_KINDS, FillField

FENCE_INFO = "fill"
PLACEHOLDER = '<div class="fill-slot" data-fill="{number}"></div>\n'
LIMITS = {"lines": 30, "box": 40, "initials": 20, "circles": 5}
EXAMPLE = "```fill\nlines: 3\nlabel: What did you notice?\n```"


@dataclass(frozen=True)
class FillBlock(Record):
    lines: int | None = None
    box: int | None = None
    initials: int | None = None
    circles: tuple[str, ...] | None = None
    step: bool | None = None
    label: str | None = None
    code: str | None = None
    centre: str | None = None


FILL_BLOCK = Fields(FillBlock, {
    "lines": Key(WholeNumber(minimum=1), doc="write-in lines: how many"),
    "box": Key(WholeNumber(minimum=1), doc="a box for notes: its height, in lines"),
    "initials": Key(WholeNumber(minimum=1), doc="numbered slots for initials: how many"),
    "circles": Key(ListOf(Text(), min_items=1), doc="concentric circles to map people "
                   "on: the rings' names, from the centre out"),
    "step": Key(Flag(), doc="true: the four-part step (what, with whom, how, by when)"),
    "label": Key(Text(), doc="the field's heading, printed above it"),
    "code": Key(Text(), doc="initials only: the heading of a short code column beside "
                "each slot"),
    "centre": Key(Text(), doc="circles only: the word at the centre (default: You)"),
}, name="a fill block", schema_extra={
    "oneOf": [{"required": [kind]} for kind in FIELD_KINDS]})


@dataclass
class FillReader:
    """Reads a page's `fill` blocks in order; `handout` says whether the page is one."""

    path: str  # the page file, as messages name it
    handout: bool
    report: Problems
    fields: list[FillField] = field(default_factory=list)

    def __call__(self, token: Token, body: Location) -> str:
        """The placeholder for one fence; "" when the block is wrong (reported)."""
        start = body.line + (token.map[0] if token.map else 0)
        where = Location(self.path, start, 1)
        if not self.handout:
            self.report.error(where, "a fill block makes this page a handout: add "
                              "'handout: true' to its front matter")
            return ""
        try:
            node = parse_yaml(token.content, self.path, first_line=start + 1)
        except YamlError as error:
            self.report.extend([error.diagnostic])
            return ""
        if not isinstance(node, YMap):
            self.report.error(where, f"a fill block holds keys such as 'lines: 3' "
                              f"(one of {quote_list(FIELD_KINDS)}), e.g.\n{EXAMPLE}")
            return ""
        before = len(self.report.items)
        block = FILL_BLOCK.check(node, self.report, "the fill block")
        if len(self.report.items) > before:
            return ""  # its keys are wrong: what they would make is not worth a guess
        made = _make_field(block, len(self.fields) + 1, where, self.report, self.fields)
        if made is None:
            return ""
        self.fields.append(made)
        return PLACEHOLDER.format(number=made.number)


def _make_field(block: FillBlock | None, number: int, where: Location, report: Problems,
                earlier: list[FillField]) -> FillField | None:
    if block is None:
        return None
    kinds = [kind for kind in FIELD_KINDS if block.has(kind)]
    if len(kinds) != 1:
        said = "none" if not kinds else quote_list(kinds)
        report.error(block.node.loc, f"a fill block is one field: give exactly one of "
                     f"{quote_list(FIELD_KINDS)} (this one has {said})")
        return None
    kind = kinds[0]
    fine = True
    for key, owner in (("code", "initials"), ("centre", "circles")):
        if block.has(key) and kind != owner:
            report.error(block.node.key_loc(key),
                         f"'{key}' belongs with '{owner}', not with '{kind}'")
            fine = False
    if block.step is False:
        report.error(block.value_loc("step"), "'step: false' asks for nothing; leave the "
                     "block out, or write 'step: true'")
        fine = False
    if kind == "step" and any(f.kind == "step" for f in earlier):
        report.error(block.value_loc("step"), "this page already has a step: a handout has "
                     "one, which 'site-builder report' reads back; keep one of the two")
        fine = False
    count = {"lines": block.lines, "box": block.box, "initials": block.initials,
             "circles": len(block.circles or ())}.get(kind) or 0
    limit = LIMITS.get(kind)
    if limit is not None and count > limit:
        report.error(block.value_loc(kind), f"'{kind}' may be at most {limit}, not {count}: "
                     "a handout is printed on a page or two")
        fine = False
    if not fine:
        return None
    return FillField(kind=kind, number=number, count=count, label=block.label or "",
                     code=block.code or "", rings=block.circles or (),
                     centre=block.centre or "", location=where)
