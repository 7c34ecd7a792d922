"""The kit's chart: its SVG geometry (nothing the mark covers, nothing overlapping), its
text alternative, where it appears, and `check`'s warning about splits that disagree with
the rules."""

from __future__ import annotations

import re
import shutil
import xml.etree.ElementTree as ET
from dataclasses import dataclass, replace
from pathlib import Path

import pypdf
import pytest
from click.testing import CliRunner

from site_builder.cli import cli
from site_builder.engine.compile import compile_checklist
from site_builder.kit.load import load_kit
from site_builder.model import ChartAxis, Checklist
from site_builder.render.chart import Value, chart_svg, room_chart_svg
from tests.kits import MINIMAL, ROOT

SVG = "{http://www.w3.org/2000/svg}"
NETWORK = load_kit(ROOT).checklists["network"]
ZONES = ["Close but narrow", "Well supported", "Building both sides", "Connected but alone"]
CHART_BLOCK = """chart:
  title: Work and life
  x: {score: work, split_at: %s}
  y: {score: life, split_at: 1}
  zones: {top_left: Close to home, top_right: Well supported all round,
          bottom_left: Starting out, bottom_right: Busy but alone}
"""


@dataclass(frozen=True)
class Box:
    left: float
    top: float
    right: float
    bottom: float

    def overlaps(self, other: Box) -> bool:
        return (self.left < other.right and other.left < self.right
                and self.top < other.bottom and other.top < self.bottom)


def parse(svg: str) -> ET.Element:
    return ET.fromstring(svg)


def attr(node: ET.Element, name: str) -> float:
    return float(node.attrib[name])


def text_boxes(root: ET.Element) -> list[tuple[str, Box]]:
    """Each line of text with a box at least as large as the drawn text: characters are
    taken as 0.7 of the font size wide (wider than any of the fonts used), the line as
    high as the font size, from the ascent above the baseline to the descent below it."""
    boxes = []
    for text in root.iter(f"{SVG}text"):
        size = float(text.attrib["font-size"])
        anchor = text.attrib.get("text-anchor", "start")
        lines = [(span.text or "", span.attrib) for span in text.iter(f"{SVG}tspan")] \
            or [(text.text or "", text.attrib)]
        for words, place in lines:
            width = len(words) * size * 0.7
            x, y = float(place["x"]), float(place["y"])
            left = {"start": x, "middle": x - width / 2, "end": x - width}[anchor]
            boxes.append((words, Box(left, y - size * 0.9, left + width, y + size * 0.25)))
    return boxes


def mark_box(root: ET.Element) -> Box:
    """The visible mark: the dot's halo, or the range's rectangle."""
    for node in root.iter():
        if node.attrib.get("class") in ("chart-dot-halo", "chart-range") \
                and node.attrib.get("visibility") != "hidden":
            if node.tag == f"{SVG}circle":
                cx, cy, r = attr(node, "cx"), attr(node, "cy"), attr(node, "r")
                return Box(cx - r, cy - r, cx + r, cy + r)
            x, y = attr(node, "x"), attr(node, "y")
            return Box(x, y, x + attr(node, "width"), y + attr(node, "height"))
    raise AssertionError("no visible mark")


def frame(root: ET.Element) -> Box:
    area = next(n for n in root.iter(f"{SVG}rect") if n.attrib["class"] == "chart-area")
    x, y = attr(area, "x"), attr(area, "y")
    return Box(x, y, x + attr(area, "width"), y + attr(area, "height"))


def with_split(checklist: Checklist, x: float, y: float) -> Checklist:
    chart = checklist.chart
    assert chart is not None
    return replace(checklist, chart=replace(
        chart, x=ChartAxis(chart.x.score, x), y=ChartAxis(chart.y.score, y)))


SPLITS = [(2, 2), (1.5, 1.5), (0.5, 2.5), (3, 3), (0, 0), (3, 0.5)]
MARKS: list[tuple[Value, Value]] = [
    (3, 0), (0, 3), (3, 3), (0, 0), (2, 2), (1.5, 1.5), (2, 0), (0, 2), (3, 2), (2, 3),
    ((0, 3), (0, 3)), ((1, 2), 3), (0, (0.5, 3)), ((2, 2), (1, 1)),
]


@pytest.mark.parametrize("split", SPLITS, ids=str)
@pytest.mark.parametrize("mark", MARKS, ids=str)
def test_the_mark_never_covers_a_label_and_stays_inside(
        split: tuple[float, float], mark: tuple[Value, Value]) -> None:
    checklist = with_split(NETWORK, *split)
    root = parse(str(chart_svg(checklist, *mark)))
    drawn = mark_box(root)
    inside = frame(root)
    assert inside.left < drawn.left and drawn.right < inside.right
    assert inside.top < drawn.top and drawn.bottom < inside.bottom
    for words, box in text_boxes(root):
        assert not drawn.overlaps(box), f"the mark covers '{words}'"


@pytest.mark.parametrize("split", SPLITS, ids=str)
def test_labels_never_overlap_each_other_and_stay_in_the_picture(
        split: tuple[float, float]) -> None:
    root = parse(str(chart_svg(with_split(NETWORK, *split), 1, 1)))
    width, height = (float(v) for v in root.attrib["viewBox"].split()[2:])
    boxes = text_boxes(root)
    for i, (words, box) in enumerate(boxes):
        assert box.left >= 0 and box.top >= 0 and box.right <= width + 1
        assert box.bottom <= height, words
        for other_words, other in boxes[i + 1:]:
            assert not box.overlaps(other), f"'{words}' overlaps '{other_words}'"


def test_zone_names_are_printed_inside_their_zones_clear_of_the_scores() -> None:
    root = parse(str(chart_svg(NETWORK)))
    inside = frame(root)
    band_top, band_bottom = attr(root, "data-y-to"), attr(root, "data-y-from")
    split_x = attr(root, "data-x-from") + (attr(root, "data-x-to") - attr(root, "data-x-from")) \
        * 2 / 3
    names = {}
    for node in root.iter(f"{SVG}text"):
        corner = node.attrib.get("data-zone")
        if corner is None:
            continue
        names[corner] = " ".join(str(s.text) for s in node.iter(f"{SVG}tspan"))
        for _, box in text_boxes(ET.fromstring(ET.tostring(node))):
            assert inside.left < box.left and box.right < inside.right
            if corner.startswith("top"):  # above the band where a mark can be
                assert inside.top < box.top and box.bottom < band_top
            else:
                assert band_bottom < box.top and box.bottom < inside.bottom
            if corner.endswith("right"):
                assert box.left > split_x - 1
    assert names == {"top_left": ZONES[0], "top_right": ZONES[1],
                     "bottom_left": ZONES[2], "bottom_right": ZONES[3]}


def test_ticks_are_zero_the_split_and_the_maximum_on_both_axes() -> None:
    root = parse(str(chart_svg(NETWORK)))
    ticks = [str(n.text) for n in root.iter(f"{SVG}text") if "chart-tick" in n.attrib["class"]]
    assert sorted(ticks) == ["0", "0", "2", "2", "3", "3"]
    labels = [" ".join(s.text or "" for s in n.iter(f"{SVG}tspan"))
              for n in root.iter(f"{SVG}text") if "chart-label" in n.attrib["class"]]
    assert labels == ["Psychosocial support", "Instrumental support"]


def test_a_tick_that_would_touch_the_split_is_left_out() -> None:
    root = parse(str(chart_svg(with_split(NETWORK, 0.1, 2.9))))
    ticks = sorted(str(n.text) for n in root.iter(f"{SVG}text")
                   if "chart-tick" in n.attrib["class"])
    assert ticks == ["0", "0.1", "2.9", "3"]  # no 0 across, no 3 up: they would touch


def test_a_mark_on_a_split_is_drawn_in_the_zone_it_belongs_to() -> None:
    root = parse(str(chart_svg(NETWORK, 2, 2)))
    splits = [n for n in root.iter(f"{SVG}line") if n.attrib["class"] == "chart-split"]
    dot = next(n for n in root.iter(f"{SVG}circle") if n.attrib["class"] == "chart-dot")
    assert attr(dot, "cx") > attr(splits[0], "x1")  # right of the line
    assert attr(dot, "cy") < attr(splits[1], "y1")  # above it


def test_the_room_chart_counts_each_place_and_no_dot_touches_another_or_a_split() -> None:
    grid = [i / 2 for i in range(7)]
    points = [(x, y) for x in grid for y in grid for _ in range(int(4 * x + y) % 5 + 1)]
    root = parse(str(room_chart_svg(NETWORK, points)))
    dots = [n for n in root.iter(f"{SVG}circle") if n.attrib["class"] == "chart-count-dot"]
    counts = [int(n.text or "") for n in root.iter(f"{SVG}text")
              if n.attrib["class"] == "chart-count"]
    assert len(dots) == 49 and sum(counts) == len(points) and max(counts) == 5
    circles = [(attr(d, "cx"), attr(d, "cy"), attr(d, "r")) for d in dots]
    for i, (x1, y1, r1) in enumerate(circles):
        for x2, y2, r2 in circles[i + 1:]:
            assert ((x1 - x2) ** 2 + (y1 - y2) ** 2) ** 0.5 > r1 + r2
    splits = [n for n in root.iter(f"{SVG}line") if n.attrib["class"] == "chart-split"]
    across, up = attr(splits[0], "x1"), attr(splits[1], "y1")
    for x, y, r in circles:
        assert abs(x - across) > r and abs(y - up) > r
    desc = next(root.iter(f"{SVG}desc")).text or ""
    assert desc.startswith(f"{len(points)} participants. Close but narrow: ")
    assert "Your" not in (next(root.iter(f"{SVG}title")).text or "")


def test_a_range_is_a_rectangle_and_a_score_a_dot() -> None:
    root = parse(str(chart_svg(NETWORK, (1, 3), 2)))
    hidden = {n.attrib["class"]: n.attrib.get("visibility") for n in root.iter()
              if n.attrib.get("class", "").startswith("chart-dot")
              or n.attrib.get("class") == "chart-range"}
    assert hidden == {"chart-range": None, "chart-dot-halo": "hidden", "chart-dot": "hidden"}
    root = parse(str(chart_svg(NETWORK, 1, 2)))
    hidden = {n.attrib["class"]: n.attrib.get("visibility") for n in root.iter()
              if n.attrib.get("class", "").startswith("chart-dot")
              or n.attrib.get("class") == "chart-range"}
    assert hidden == {"chart-range": "hidden", "chart-dot-halo": None, "chart-dot": None}


def test_the_text_alternative_says_the_scores_and_the_zone() -> None:
    root = parse(str(chart_svg(NETWORK, 2, 1, ids="mine")))
    assert root.attrib["role"] == "img"
    assert root.attrib["aria-labelledby"] == "mine-title"
    assert root.attrib["aria-describedby"] == "mine-desc"
    assert root.find(f"{SVG}title").text == "Your two kinds of support"  # type: ignore[union-attr]
    desc = root.find(f"{SVG}desc").text or ""  # type: ignore[union-attr]
    assert desc.startswith("Instrumental support 2 of 3, Psychosocial support 1 of 3: "
                           "Connected but alone. Instrumental support runs across from 0 to 3, "
                           "divided at 2;")
    assert "Top left: Close but narrow." in desc
    ranged = parse(str(chart_svg(NETWORK, (1, 3), 2))).find(f"{SVG}desc").text or ""  # type: ignore[union-attr]
    assert ranged.startswith("Instrumental support 1 to 3 of 3, Psychosocial support 2 of 3: "
                             "Close but narrow or Well supported.")


def test_the_empty_chart_has_no_mark_and_the_page_copy_a_hidden_one() -> None:
    empty = str(chart_svg(NETWORK))
    assert "chart-mark" not in empty
    root = parse(str(chart_svg(NETWORK, mark_slot=True)))
    mark = next(n for n in root.iter(f"{SVG}g") if n.attrib["class"] == "chart-mark")
    assert mark.attrib["visibility"] == "hidden"
    assert {"data-x-from", "data-x-to", "data-y-from", "data-y-to", "data-x-split",
            "data-y-split"} <= set(root.attrib)


def test_no_chart_block_means_no_chart() -> None:
    quiz = load_kit(MINIMAL).checklists["quiz"]
    assert len(quiz.scores) == 2 and quiz.chart is None
    assert chart_svg(quiz, 1, 1) is None
    assert compile_checklist(load_kit(MINIMAL), "quiz")["chart"] is None


def test_the_compiled_document_carries_the_chart() -> None:
    document = compile_checklist(load_kit(ROOT), "network")
    assert document["chart"] == {
        "title": "Your two kinds of support",
        "x": {"score": "instrumental", "label": "Instrumental support", "max": 3,
              "split_at": 2},
        "y": {"score": "psychosocial", "label": "Psychosocial support", "max": 3,
              "split_at": 2},
        "zones": {"top_left": ZONES[0], "top_right": ZONES[1], "bottom_left": ZONES[2],
                  "bottom_right": ZONES[3]},
    }


# --- check: a split the rules do not share -----------------------------------------------


def kit_with_chart(tmp_path: Path, split: str, rule: str | None = None) -> Path:
    kit = Path(shutil.copytree(MINIMAL, tmp_path / "kit"))
    quiz = kit / "content" / "checklists" / "quiz.yaml"
    quiz.write_text(quiz.read_text(encoding="utf-8") + CHART_BLOCK % split, encoding="utf-8")
    if rule is not None:
        advice = kit / "rules" / "advice.yaml"
        advice.write_text(advice.read_text(encoding="utf-8").replace(
            "life: {below: 1}", rule), encoding="utf-8")
    return kit


def check(kit: Path, *options: str) -> tuple[int, list[str]]:
    result = CliRunner().invoke(cli, ["check", "--kit", str(kit), *options])
    # The minimal kit has lint warnings of its own: only the chart's are kept.
    return result.exit_code, [line for line in result.stderr.splitlines()
                              if ": warning: " in line and "the chart's" in line]


def test_a_chart_that_divides_where_the_rules_do_gets_no_warning(tmp_path: Path) -> None:
    assert check(kit_with_chart(tmp_path, "1")) == (0, [])


def test_a_split_elsewhere_than_a_rule_is_a_located_warning(tmp_path: Path) -> None:
    kit = kit_with_chart(tmp_path, "1", "life: {below: 1.5}")
    status, warnings = check(kit)
    assert status == 0
    assert warnings == [
        "rules/advice.yaml:12:14: warning: rule 'widen-your-circle': 'below: 1.5' divides "
        "'life' at 1.5, but the chart's y splits it at 1 (content/checklists/quiz.yaml:27:30), "
        "so a score of 1 is below the line for the rule and above the line on the chart; "
        "use the same number in both"]


def test_above_and_at_most_divide_just_above_their_number(tmp_path: Path) -> None:
    warnings = check(kit_with_chart(tmp_path, "1", "life: {at_most: 1}"))[1]
    assert len(warnings) == 1
    assert "'at_most: 1' divides 'life' just above 1 ('at_most' leaves 1 itself below)" \
        in warnings[0]
    assert "write 'at_least: 1' (or 'below: 1') in the rule, or move 'split_at'" in warnings[0]


def test_an_equivalent_threshold_between_two_possible_scores_is_no_disagreement(
        tmp_path: Path) -> None:
    # 'life' goes up in halves: 'at_most: 0.5' and 'split_at: 1' part the same scores.
    assert check(kit_with_chart(tmp_path, "1", "life: {at_most: 0.5}")) == (0, [])
    assert check(kit_with_chart(tmp_path / "b", "1", "life: {below: 0.8}"))[1] == []
    assert check(kit_with_chart(tmp_path / "c", "1", "life: {below: 1.2}"))[1]


def test_build_prints_the_warning_too(tmp_path: Path) -> None:
    kit = kit_with_chart(tmp_path, "1", "life: {below: 1.5}")
    result = CliRunner().invoke(cli, ["build", "--kit", str(kit), "--out",
                                      str(tmp_path / "out")])
    assert result.exit_code == 0
    assert re.search(r"rules/advice\.yaml:12:14: warning: rule 'widen-your-circle'",
                     result.stderr)


# --- where the chart appears ---------------------------------------------------------------


def test_the_page_worksheet_and_report_carry_the_chart(tmp_path: Path) -> None:
    kit = kit_with_chart(tmp_path, "1")
    out = tmp_path / "out"
    assert CliRunner().invoke(cli, ["build", "--kit", str(kit), "--out", str(out)]).exit_code == 0
    page = (out / "checklists" / "quiz.html").read_text(encoding="utf-8")
    figure = page[page.index('id="results-chart"'):page.index("</figure>")]
    assert 'class="chart-svg"' in figure and "Busy but alone" in figure
    worksheet = "".join(p.extract_text() for p in
                        pypdf.PdfReader(out / "pdf" / "quiz-worksheet.pdf").pages)
    for name in ("Close to home", "Starting out", "Busy but alone", "Work and life"):
        assert name in worksheet.replace("\n", " ")
    answers = tmp_path / "me.yaml"
    answers.write_text('mentor: "yes"\nallies: "yes"\nconfidant: "no"\n', encoding="utf-8")
    result = CliRunner().invoke(cli, ["report", "--kit", str(kit), str(answers), "--out",
                                      str(tmp_path / "reports")])
    assert result.exit_code == 0, result.output
    report = "".join(p.extract_text() for p in
                     pypdf.PdfReader(next((tmp_path / "reports").glob("me*.pdf"))).pages)
    assert "Busy but alone" in report.replace("\n", " ")


def test_without_a_chart_block_nothing_draws_one(tmp_path: Path) -> None:
    kit, out = shutil.copytree(MINIMAL, tmp_path / "kit"), tmp_path / "out"
    assert CliRunner().invoke(cli, ["build", "--kit", str(kit), "--out", str(out)]
                              ).exit_code == 0
    page = (out / "checklists" / "quiz.html").read_text(encoding="utf-8")
    assert "<svg" not in page
