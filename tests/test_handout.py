"""Handouts: the default kit's network map as a real PDF form, on A4 and Letter, filled in
as a viewer would, and its step read back by the real `site-builder report`."""

from __future__ import annotations

import shutil
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner
from pypdf import PdfReader

from site_builder.cli import cli
from site_builder.kit.load import load_kit
from site_builder.model import STEP_FIELDS
from site_builder.render.pdf.jobs import pdf_context, pdf_targets
from site_builder.render.pdf.weasy import write_pdf
from site_builder.render.templating import make_environment, render_template
from tests.pdfs import fill

ROOT = Path(__file__).resolve().parent.parent
STEP = {"_step_what": "Ask about the data team's plans", "_step_who": "Priya",
        "_step_how": "Over a coffee", "_step_when": "by Friday"}


def make_pdf(kit_root: Path, name: str, folder: Path) -> Path:
    kit = load_kit(kit_root)
    [target] = [t for t in pdf_targets(kit) if t.name == name]
    html = render_template(make_environment(kit), target.template, pdf_context(kit, target),
                           kit, "test")
    data, problems = write_pdf(kit, target, html)
    assert problems == []
    path = folder / f"{name}.pdf"
    path.write_bytes(data)
    return path


@pytest.fixture(scope="module")
def letter_kit(tmp_path_factory: pytest.TempPathFactory) -> Path:
    kit = tmp_path_factory.mktemp("letter") / "kit"
    for part in ("site.yaml", "content", "rules"):
        source = ROOT / part
        if source.is_dir():
            shutil.copytree(source, kit / part)
        else:
            kit.mkdir(parents=True, exist_ok=True)
            shutil.copyfile(source, kit / part)
    site = kit / "site.yaml"
    lines = [line for line in site.read_text().splitlines() if not line.startswith("paper:")]
    site.write_text("\n".join([*lines, "paper: Letter", ""]))
    return kit


@pytest.fixture(scope="module")
def handout(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return make_pdf(ROOT, "network-map", tmp_path_factory.mktemp("handout"))


def text_fields(path: Path) -> set[str]:
    root: Any = PdfReader(path).trailer["/Root"]
    return {str(f.get_object()["/T"]) for f in root["/AcroForm"]["/Fields"]
            if f.get_object().get("/FT") == "/Tx"}


def test_the_network_map_is_a_form_with_every_field_it_asks_for(handout: Path) -> None:
    names = text_fields(handout)
    assert {f"_f1_initials_{n}" for n in range(1, 9)} <= names
    assert {f"_f1_code_{n}" for n in range(1, 9)} <= names
    assert {f"_f2_initials_{n}" for n in range(1, 6)} <= names
    assert "_f2_initials_6" not in names
    assert {"_f3_ring_1", "_f3_ring_2", "_f3_ring_3"} <= names
    assert {"_f4_line_1", "_f4_line_2"} <= names
    assert set(STEP_FIELDS.values()) <= names
    text = " ".join(page.extract_text() for page in PdfReader(handout).pages)
    for words in ("One step this week", "With whom", "By when", "Close", "Regular",
                  "Occasional", "You"):
        assert words in text


@pytest.mark.parametrize("paper", ["A4", "Letter"])
def test_the_network_map_and_worksheet_fit_two_pages(paper: str, handout: Path,
                                                    letter_kit: Path, tmp_path: Path) -> None:
    kit = ROOT if paper == "A4" else letter_kit
    for name in ("network-map", "network-worksheet"):
        path = handout if (paper, name) == ("A4", "network-map") else \
            make_pdf(kit, name, tmp_path)
        reader = PdfReader(path)
        assert len(reader.pages) == 2, name
        width = float(reader.pages[0].mediabox.width)
        assert round(width) == (612 if paper == "Letter" else 595)


def test_the_worksheet_keeps_its_questions_on_the_first_page(tmp_path: Path) -> None:
    reader = PdfReader(make_pdf(ROOT, "network-worksheet", tmp_path))
    first, second = (page.extract_text() for page in reader.pages)
    assert "People who knew you long before this job" in first  # question 6
    assert "Scoring key" in second and "Well supported" in second
    assert "Name" not in first.split("Self-assessment", 1)[0] + first[:200]
    assert "One step this week" in second and "With whom" in second


def report(*args: str | Path) -> Any:
    return CliRunner().invoke(cli, ["report", *map(str, args), "--kit", str(ROOT)])


def test_report_reads_the_step_from_a_filled_handout(handout: Path, tmp_path: Path) -> None:
    filled = fill(handout, tmp_path / "sam-handout.pdf", STEP | {"_f1_initials_1": "JD"})
    out = tmp_path / "reports"
    result = report(filled, "--out", out)
    assert result.exit_code == 0, result.output
    text = " ".join(page.extract_text() for page in PdfReader(out / "sam-handout-pdf.pdf")
                    .pages)
    for value in STEP.values():
        assert value in " ".join(text.split())


def test_report_reads_the_step_from_a_filled_worksheet(tmp_path: Path) -> None:
    worksheet = make_pdf(ROOT, "network-worksheet", tmp_path)
    filled = fill(worksheet, tmp_path / "ws.pdf", {"sounding_board": "no",
                                                   "_step_who": "Priya"})
    out = tmp_path / "reports"
    result = report(filled, "--out", out)
    assert result.exit_code == 0, result.output
    text = " ".join(page.extract_text() for page in PdfReader(out / "ws-pdf.pdf").pages)
    assert "Priya" in text


def test_a_handout_with_a_blank_step_is_refused_with_its_file(handout: Path,
                                                              tmp_path: Path) -> None:
    filled = fill(handout, tmp_path / "blank.pdf", {"_f1_initials_1": "JD"})
    result = report(filled, "--out", tmp_path / "reports")
    assert result.exit_code == 1
    assert f"{filled}: error: this handout's step is blank" in result.output


def test_the_web_page_draws_the_fields_without_form_controls(tmp_path: Path) -> None:
    from site_builder.build import build

    out = tmp_path / "out"
    build(ROOT, out)
    html = (out / "network-map.html").read_text(encoding="utf-8")
    assert 'class="hf hf-step"' in html and 'class="hf-circles-svg"' in html
    assert "<input" not in html and "```" not in html
