"""The checklist's 2x2 chart as SVG: one drawing for the page, the worksheet and the reports.

The geometry is chosen so that nothing can collide: tick labels sit outside the frame,
zone names sit in strips at the frame's top and bottom edges, and the participant's mark
is kept to the band between those strips, where the scores 0 to the maximum are drawn.
The page's script (assessment-chart.js) only moves the mark: it reads where 0 and the
maximum are from the SVG's data-* attributes.

Colours are SVG attributes, since WeasyPrint's CSS does not reach SVG paint; the site's
stylesheet overrides them through the classes.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from html import escape

from markupsafe import Markup

from site_builder.i18n import Words, words_for
from site_builder.model import Chart, Checklist
from site_builder.render.words import format_decimal

Value = float | tuple[float, float]
"""A score, or the range it can still take (low, high) while questions are unanswered."""

TICK_SIZE, LABEL_SIZE, ZONE_SIZE = 11.0, 12.0, 11.0
ZONE_LINE = 13.0  # the distance between lines of a zone's name
EM = 0.62  # an average character's width, in font sizes (generous, so estimates fit)
FRAME_WIDTH = 264.0
DATA_HEIGHT = 196.0  # from 0 to the maximum, up
PAD_X = 18.0  # frame edge to 0 or the maximum, across
GAP = 16.0  # a zone strip's text to 0 or the maximum, up
INSET = 6.0  # frame edge to a zone name
MIN_ZONE_TEXT = 56.0  # a zone's name is never wrapped narrower than this
DOT, HALO = 7.0, 12.0  # the mark's radius, and its halo's (less than PAD_X and GAP)
RANGE_ROUND = 8.0  # a range's corners: also how far it reaches past its ends
NUDGE = 6.0  # how far a mark on a split is moved into its zone
# A room's dot: its largest radius (dots half a point apart, one moved off a split, never
# touch), its number's size.
COUNT_MAX, COUNT_SIZE = 10.5, 9.0

AREA = 'fill="#f6f8f9" stroke="#aab4bd"'
SPLIT = 'stroke="#6b7682" stroke-width="1.2" stroke-dasharray="4 3"'
TICK_LINE = 'stroke="#6b7682"'
TICK = f'font-size="{TICK_SIZE:g}" fill="#4b5661"'
AXIS_LABEL = f'font-size="{LABEL_SIZE:g}" font-weight="bold" fill="#1a2026"'
ZONE = f'font-size="{ZONE_SIZE:g}" font-style="italic" fill="#2e3a45"'
MARK = 'fill="#1f5f7a"'
HALO_PAINT = 'fill="#1f5f7a" fill-opacity="0.2"'
RANGE_PAINT = 'fill="#1f5f7a" fill-opacity="0.25" stroke="#1f5f7a" stroke-width="1"'


def text_width(text: str, size: float) -> float:
    """An estimate of the width of `text` (no font is measured on the server)."""
    return len(text) * size * EM


def wrap(text: str, width: float, size: float) -> list[str]:
    """Words of `text` in lines no wider than `width` (a longer word keeps a line)."""
    lines: list[str] = []
    for word in text.split():
        if lines and text_width(f"{lines[-1]} {word}", size) <= width:
            lines[-1] = f"{lines[-1]} {word}"
        else:
            lines.append(word)
    return lines or [""]


@dataclass(frozen=True)
class Axis:
    label: str
    maximum: float
    split: float


@dataclass(frozen=True)
class Layout:
    """Where everything goes, in the SVG's units. `x_from`/`x_to` are 0 and the maximum
    across; `y_from`/`y_to` the same, up (so y_from > y_to)."""

    width: float
    height: float
    left: float  # the frame
    top: float
    right: float
    bottom: float
    x_from: float
    x_to: float
    y_from: float
    y_to: float
    zone_lines: dict[str, list[str]]
    y_label_lines: list[str]

    def across(self, value: float, axis: Axis, mark: bool = False) -> float:
        return _place(value, axis, self.x_from, self.x_to, mark)

    def up(self, value: float, axis: Axis, mark: bool = False) -> float:
        return _place(value, axis, self.y_from, self.y_to, mark)


def _place(value: float, axis: Axis, start: float, end: float, mark: bool) -> float:
    """Where a value is drawn; a mark on a split is moved into the zone it belongs to
    (the right or upper one), so it is never left sitting on the line."""
    at = start + (end - start) * _share(value, axis.maximum)
    if mark and value == axis.split:
        step = NUDGE if end > start else -NUDGE
        at = min(at + step, end) if end > start else max(at + step, end)
    return at


def _share(value: float, maximum: float) -> float:
    """Where a value sits from 0 to the maximum, kept inside it (a mark never leaves)."""
    return min(max(value / maximum, 0.0), 1.0) if maximum > 0 else 0.0


def axes_of(checklist: Checklist, chart: Chart) -> tuple[Axis, Axis]:
    def axis(score_id: str, split: float) -> Axis:
        score = checklist.score(score_id)
        label = score.label if score else score_id
        return Axis(label, checklist.max_score(score) if score else 0.0, split)
    return axis(chart.x.score, chart.x.split_at), axis(chart.y.score, chart.y.split_at)


def _number(value: float) -> str:
    return f"{value:g}"


def layout_chart(chart: Chart, x: Axis, y: Axis) -> Layout:
    tick_width = max(text_width(_number(v), TICK_SIZE) for v in (0, y.split, y.maximum))
    left = max(24.0, tick_width + 14)
    full = left + FRAME_WIDTH + 12
    y_label_lines = wrap(y.label, full - 8, LABEL_SIZE)
    top = 8 + len(y_label_lines) * (LABEL_SIZE + 3) + 6
    x_from, x_to = left + PAD_X, left + FRAME_WIDTH - PAD_X
    split_x = x_from + (x_to - x_from) * _share(x.split, x.maximum)
    left_room, right_room = _zone_widths(split_x - left, left + FRAME_WIDTH - split_x)
    zones = chart.zones
    zone_lines = {
        "top_left": wrap(zones.top_left, left_room, ZONE_SIZE),
        "top_right": wrap(zones.top_right, right_room, ZONE_SIZE),
        "bottom_left": wrap(zones.bottom_left, left_room, ZONE_SIZE),
        "bottom_right": wrap(zones.bottom_right, right_room, ZONE_SIZE),
    }
    top_lines = max(len(zone_lines["top_left"]), len(zone_lines["top_right"]))
    bottom_lines = max(len(zone_lines["bottom_left"]), len(zone_lines["bottom_right"]))
    y_to = top + INSET + top_lines * ZONE_LINE + GAP
    y_from = y_to + DATA_HEIGHT
    bottom = y_from + GAP + bottom_lines * ZONE_LINE + INSET
    x_label_lines = wrap(x.label, full - 8, LABEL_SIZE)
    height = bottom + 22 + len(x_label_lines) * (LABEL_SIZE + 3) + 4
    return Layout(width=full, height=height, left=left, top=top,
                  right=left + FRAME_WIDTH, bottom=bottom, x_from=x_from, x_to=x_to,
                  y_from=y_from, y_to=y_to, zone_lines=zone_lines,
                  y_label_lines=y_label_lines)


def _zone_widths(left_zone: float, right_zone: float) -> tuple[float, float]:
    """The widths the left and right zones' names may take: their zone's, but never so
    narrow that a name cannot be read, and never more than both can share."""
    room = left_zone + right_zone - 3 * INSET
    left = max(left_zone - 2 * INSET, MIN_ZONE_TEXT)
    right = max(right_zone - 2 * INSET, MIN_ZONE_TEXT)
    if left + right > room:  # one zone is narrow: the other gives way
        if left > right:
            left = room - right
        else:
            right = room - left
    return left, right


ENGLISH = words_for("en")


def describe_layout(chart: Chart, x: Axis, y: Axis, words: Words = ENGLISH) -> str:
    """The chart in words, for its text alternative."""
    zones = chart.zones
    number = _numbers(words)
    return words.gettext(
        "%(x)s runs across from 0 to %(x_max)s, divided at %(x_split)s; %(y)s runs up from 0 "
        "to %(y_max)s, divided at %(y_split)s. Top left: %(top_left)s. Top right: "
        "%(top_right)s. Bottom left: %(bottom_left)s. Bottom right: %(bottom_right)s.") % {
        "x": x.label, "x_max": number(x.maximum), "x_split": number(x.split),
        "y": y.label, "y_max": number(y.maximum), "y_split": number(y.split),
        "top_left": zones.top_left, "top_right": zones.top_right,
        "bottom_left": zones.bottom_left, "bottom_right": zones.bottom_right}


def _numbers(words: Words) -> Callable[[float], str]:
    """Numbers in the words' language ("0,5"), as the page's script writes them."""
    return lambda value: format_decimal(value, words.language)


def _ends(value: Value) -> tuple[float, float]:
    return (value, value) if isinstance(value, (int, float)) else value


def zones_of(chart: Chart, x: Value, y: Value) -> list[str]:
    """The names of the zones a mark may be in: one, once the scores are known."""
    (x_low, x_high), (y_low, y_high) = _ends(x), _ends(y)
    right = [side for side, holds in ((False, x_low < chart.x.split_at),
                                      (True, x_high >= chart.x.split_at)) if holds]
    upper = [side for side, holds in ((True, y_high >= chart.y.split_at),
                                      (False, y_low < chart.y.split_at)) if holds]
    names = {(True, False): chart.zones.top_left, (True, True): chart.zones.top_right,
             (False, False): chart.zones.bottom_left, (False, True): chart.zones.bottom_right}
    return [names[(u, r)] for u in upper for r in right]


def describe_mark(chart: Chart, x_axis: Axis, y_axis: Axis, x: Value, y: Value,
                  words: Words = ENGLISH) -> str:
    """E.g. "Instrumental support 2 of 3, Psychosocial support 1 of 3: Connected but alone";
    the same messages as the page's script (its data-text-chart-* words) fill in."""
    number = _numbers(words)

    def part(axis: Axis, value: Value) -> str:
        low, high = _ends(value)
        if low == high:
            return words.gettext("{label} {score} of {max}").format(
                label=axis.label, score=number(low), max=number(axis.maximum))
        return words.gettext("{label} {low} to {high} of {max}").format(
            label=axis.label, low=number(low), high=number(high), max=number(axis.maximum))
    names = zones_of(chart, x, y)
    where = names[0] if len(names) == 1 else words.gettext("{first} or {last}").format(
        first=", ".join(names[:-1]), last=names[-1])
    return words.gettext("{x}, {y}: {zone}").format(
        x=part(x_axis, x), y=part(y_axis, y), zone=where)


def chart_svg(checklist: Checklist, x: Value | None = None, y: Value | None = None,
              ids: str = "chart", mark_slot: bool = False,
              words: Words = ENGLISH) -> Markup | None:
    """The checklist's chart (None when it has none), with the participant's mark when both
    scores are given; `mark_slot` draws a hidden mark for the page's script to place.
    `ids` starts the ids of the SVG's title and description: one per page."""
    chart = checklist.chart
    if chart is None:
        return None
    x_axis, y_axis = axes_of(checklist, chart)
    box = layout_chart(chart, x_axis, y_axis)
    marked = x is not None and y is not None
    layout_text = describe_layout(chart, x_axis, y_axis, words)
    desc = layout_text
    if x is not None and y is not None:
        desc = f"{describe_mark(chart, x_axis, y_axis, x, y, words)}. {layout_text}"
    marks = _mark(box, x_axis, y_axis, x, y) if marked or mark_slot else []
    title = chart.title or words.gettext("%(x)s and %(y)s") % {"x": x_axis.label,
                                                              "y": y_axis.label}
    return _svg(box, x_axis, y_axis, ids, title, desc, layout_text, marks, words)


def room_chart_svg(checklist: Checklist, points: Sequence[tuple[float, float]],
                   ids: str = "room-chart", words: Words = ENGLISH) -> Markup | None:
    """The checklist's chart with one dot per place where participants' scores fall, the
    number of them written in it: where the room is, never who is where."""
    chart = checklist.chart
    if chart is None:
        return None
    x_axis, y_axis = axes_of(checklist, chart)
    box = layout_chart(chart, x_axis, y_axis)
    counts = Counter(points)
    zones = Counter(zones_of(chart, x, y)[0] for x, y in points)
    layout_text = describe_layout(chart, x_axis, y_axis, words)
    where = "; ".join(f"{name}: {_numbers(words)(zones[name])}" for name in (
        chart.zones.top_left, chart.zones.top_right, chart.zones.bottom_left,
        chart.zones.bottom_right))
    people = words.ngettext("%(num)s participant.", "%(num)s participants.", len(points)) % {
        "num": _numbers(words)(len(points))}
    desc = f"{people} {where}. {layout_text}"
    marks = [part for (x, y), n in sorted(counts.items())
             for part in _count_dot(box, x_axis, y_axis, x, y, n)]
    # The chart's own title speaks to one participant ("Your ..."): the room's names its axes.
    title = words.gettext("Where the room is: %(x)s and %(y)s") % {"x": x_axis.label,
                                                                   "y": y_axis.label}
    return _svg(box, x_axis, y_axis, ids, title, desc, layout_text,
                ['<g class="chart-room">', *marks, "</g>"], words)


def _svg(box: Layout, x_axis: Axis, y_axis: Axis, ids: str, title: str, desc: str,
         layout_text: str, marks: list[str], words: Words) -> Markup:
    parts = [
        f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {box.width:g} '
        f'{box.height:g}" class="chart-svg" role="img" aria-labelledby="{ids}-title" '
        f'aria-describedby="{ids}-desc" font-family="DejaVu Sans, Arial, sans-serif" '
        + _data_attributes(box, x_axis, y_axis) + ">",
        f'<title id="{ids}-title">{escape(title)}</title>',
        f'<desc id="{ids}-desc" data-layout="{escape(layout_text)}">{escape(desc)}</desc>',
        *_frame(box, x_axis, y_axis),
        *_ticks(box, x_axis, y_axis, _numbers(words)),
        *_zone_names(box),
        *_axis_labels(box, x_axis),
        *marks,
        "</svg>",
    ]
    return Markup("".join(parts))


def _count_dot(box: Layout, x_axis: Axis, y_axis: Axis, x: float, y: float,
               count: int) -> list[str]:
    """A dot that grows a little with how many share its place, with the number in it."""
    radius = min(DOT + 2.2 * (count - 1) ** 0.5, COUNT_MAX)
    # A dot on a split is moved wholly into its zone (right, upper), so each count is in one.
    at_x = box.across(x, x_axis) + (radius + 0.5 if x == x_axis.split else 0)
    at_y = box.up(y, y_axis) - (radius + 0.5 if y == y_axis.split else 0)
    size = COUNT_SIZE if count < 100 else COUNT_SIZE - 2
    return [
        f'<circle class="chart-count-dot" cx="{at_x:.1f}" cy="{at_y:.1f}" r="{radius:.1f}" '
        f'{MARK} stroke="#ffffff" stroke-width="1.5"/>',
        f'<text class="chart-count" x="{at_x:.1f}" y="{at_y + size * 0.36:.1f}" '
        f'text-anchor="middle" font-size="{size:g}" font-weight="bold" fill="#ffffff">'
        f"{count}</text>",
    ]


def _data_attributes(box: Layout, x: Axis, y: Axis) -> str:
    values = {"x-from": box.x_from, "x-to": box.x_to, "x-max": x.maximum,
              "y-from": box.y_from, "y-to": box.y_to, "y-max": y.maximum,
              "x-split": x.split, "y-split": y.split, "nudge": NUDGE,
              "round": RANGE_ROUND}
    return "".join(f' data-{name}="{value:g}"' for name, value in values.items())


def _frame(box: Layout, x: Axis, y: Axis) -> list[str]:
    split_x, split_y = box.across(x.split, x), box.up(y.split, y)
    return [
        f'<rect class="chart-area" x="{box.left:g}" y="{box.top:g}" '
        f'width="{box.right - box.left:g}" height="{box.bottom - box.top:g}" {AREA}/>',
        f'<line class="chart-split" x1="{split_x:.1f}" y1="{box.top:g}" x2="{split_x:.1f}" '
        f'y2="{box.bottom:g}" {SPLIT}/>',
        f'<line class="chart-split" x1="{box.left:g}" y1="{split_y:.1f}" x2="{box.right:g}" '
        f'y2="{split_y:.1f}" {SPLIT}/>',
    ]


def _tick_values(axis: Axis, room: float, extent: Callable[[float], float]) -> list[float]:
    """0, the split and the maximum, leaving out 0 or the maximum where its label would
    touch the split's; `extent` is a label's size along the axis."""
    kept = []
    for value in sorted({0.0, axis.split, axis.maximum}):
        apart = abs(value - axis.split) / axis.maximum * room
        if value == axis.split or apart >= (extent(value) + extent(axis.split)) / 2 + 4:
            kept.append(value)
    return kept


def _ticks(box: Layout, x: Axis, y: Axis, number: Callable[[float], str]) -> list[str]:
    """The ticks' labels in the language ("1,5"); a comma is as wide as a point."""
    parts = []
    def wide(value: float) -> float:
        return text_width(_number(value), TICK_SIZE)
    for value in _tick_values(x, box.x_to - box.x_from, wide):
        at = box.across(value, x)
        parts += [
            f'<line class="chart-tick-mark" x1="{at:.1f}" y1="{box.bottom:g}" x2="{at:.1f}" '
            f'y2="{box.bottom + 4:g}" {TICK_LINE}/>',
            f'<text class="{_tick_class(value, x)}" x="{at:.1f}" y="{box.bottom + 16:g}" '
            f'text-anchor="middle" {TICK}{_bold(value, x)}>{number(value)}</text>',
        ]
    for value in _tick_values(y, box.y_from - box.y_to, lambda value: TICK_SIZE):
        at = box.up(value, y)
        parts += [
            f'<line class="chart-tick-mark" x1="{box.left - 4:g}" y1="{at:.1f}" '
            f'x2="{box.left:g}" y2="{at:.1f}" {TICK_LINE}/>',
            f'<text class="{_tick_class(value, y)}" x="{box.left - 7:g}" y="{at + 4:.1f}" '
            f'text-anchor="end" {TICK}{_bold(value, y)}>{number(value)}</text>',
        ]
    return parts


def _tick_class(value: float, axis: Axis) -> str:
    return "chart-tick chart-tick-split" if value == axis.split else "chart-tick"


def _bold(value: float, axis: Axis) -> str:
    return ' font-weight="bold"' if value == axis.split else ""


def _zone_names(box: Layout) -> list[str]:
    parts = []
    for corner, lines in box.zone_lines.items():
        upper, on_left = corner.startswith("top"), corner.endswith("left")
        x = box.left + INSET if on_left else box.right - INSET
        anchor = "start" if on_left else "end"
        first = (box.top + INSET + ZONE_SIZE * 0.8 if upper
                 else box.bottom - INSET - (len(lines) - 1) * ZONE_LINE - ZONE_SIZE * 0.2)
        spans = "".join(f'<tspan x="{x:g}" y="{first + i * ZONE_LINE:.1f}">{escape(line)}'
                        "</tspan>" for i, line in enumerate(lines))
        parts.append(f'<text class="chart-zone" data-zone="{corner}" text-anchor="{anchor}" '
                     f'{ZONE}>{spans}</text>')
    return parts


def _axis_labels(box: Layout, x: Axis) -> list[str]:
    y_spans = "".join(f'<tspan x="4" y="{8 + (i + 1) * (LABEL_SIZE + 3) - 3:g}">'
                      f"{escape(line)}</tspan>" for i, line in enumerate(box.y_label_lines))
    x_lines = wrap(x.label, box.width - 8, LABEL_SIZE)
    middle = (box.left + box.right) / 2
    if text_width(max(x_lines, key=len), LABEL_SIZE) / 2 > box.width - middle - 4:
        middle = box.width / 2  # a long label is centred on the whole width
    x_spans = "".join(f'<tspan x="{middle:g}" y="{box.bottom + 34 + i * (LABEL_SIZE + 3):g}">'
                      f"{escape(line)}</tspan>" for i, line in enumerate(x_lines))
    return [f'<text class="chart-label chart-label-y" {AXIS_LABEL}>{y_spans}</text>',
            f'<text class="chart-label chart-label-x" text-anchor="middle" {AXIS_LABEL}>'
            f"{x_spans}</text>"]


def _mark(box: Layout, x_axis: Axis, y_axis: Axis, x: Value | None, y: Value | None
          ) -> list[str]:
    """A dot for known scores, a rounded rectangle over the ranges still possible; hidden
    (for the page's script to place) when there are no scores."""
    off = ' visibility="hidden"'
    group = "" if x is not None and y is not None else off
    (x_low, x_high), (y_low, y_high) = _ends(x or 0.0), _ends(y or 0.0)
    left, right = box.across(x_low, x_axis, True), box.across(x_high, x_axis, True)
    lower, upper = box.up(y_low, y_axis, True), box.up(y_high, y_axis, True)
    is_range = x_low != x_high or y_low != y_high
    area, dot = ("", off) if is_range else (off, "")
    return [
        f'<g class="chart-mark"{group}>',
        f'<rect class="chart-range" x="{left - RANGE_ROUND:.1f}" y="{upper - RANGE_ROUND:.1f}" '
        f'width="{right - left + 2 * RANGE_ROUND:.1f}" '
        f'height="{lower - upper + 2 * RANGE_ROUND:.1f}" rx="{RANGE_ROUND:g}" '
        f'{RANGE_PAINT}{area}/>',
        f'<circle class="chart-dot-halo" cx="{left:.1f}" cy="{lower:.1f}" r="{HALO:g}" '
        f'{HALO_PAINT}{dot}/>',
        f'<circle class="chart-dot" cx="{left:.1f}" cy="{lower:.1f}" r="{DOT:g}" {MARK} '
        f'stroke="#ffffff" stroke-width="2"{dot}/>',
        "</g>",
    ]
