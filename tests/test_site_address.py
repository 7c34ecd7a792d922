"""The site's address and its QR code on the guide, the poster and the worksheet; the
poster itself. The codes are read back from the real PDFs, rasterised, by a QR decoder."""

from __future__ import annotations

import shutil
import subprocess
from io import BytesIO
from pathlib import Path

import pytest
import segno
import zxingcpp
from PIL import Image
from pypdf import PdfReader

from site_builder.new import copy_kit
from site_builder.render.site_address import absolute_url, qr_svg, site_address
from tests.bad_cases import run

ROOT = Path(__file__).resolve().parents[1]
BASE = "https://example.org/workshop/"
ASSESSMENT = BASE + "checklists/network.html"


def build(tmp: Path, base_url: str | None) -> Path:
    kit = copy_kit(ROOT, tmp / "kit")
    if base_url:
        site = kit / "site.yaml"
        site.write_text(site.read_text(encoding="utf-8") + f"base_url: {base_url}\n",
                        encoding="utf-8")
    out = tmp / "out"
    result = run("build", "--kit", kit, "--out", out, "--no-cache")
    assert result.exit_code == 0, result.output
    return out


@pytest.fixture(scope="module")
def published(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return build(tmp_path_factory.mktemp("published"), BASE)


@pytest.fixture(scope="module")
def unpublished(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return build(tmp_path_factory.mktemp("unpublished"), None)


def page_text(pdf: Path, index: int = 0) -> str:
    return " ".join(PdfReader(pdf).pages[index].extract_text().split())


def decoded(pdf: Path, page: int = 1) -> list[str]:
    """The QR codes on a page of the PDF, as a phone would read them from the paper."""
    if shutil.which("pdftoppm") is None:
        pytest.skip("pdftoppm (poppler-utils) is not installed")
    png = subprocess.run(["pdftoppm", "-png", "-r", "200", "-f", str(page), "-l", str(page),
                          str(pdf)], check=True, capture_output=True).stdout
    return [code.text for code in zxingcpp.read_barcodes(Image.open(BytesIO(png)))]


def test_an_address_is_the_base_url_joined_with_the_page() -> None:
    assert absolute_url("https://x.org/w", "checklists/a.html") == "https://x.org/w/checklists/a.html"
    assert absolute_url("https://x.org/w/", "index.html") == "https://x.org/w/"
    assert absolute_url("https://x.org/", "guides/index.html") == "https://x.org/guides/"
    assert site_address("", "checklists/a.html") is None


def test_the_qr_code_is_segnos_for_the_address() -> None:
    svg = str(qr_svg(ASSESSMENT, "QR code"))
    code = segno.make(ASSESSMENT, error="m", micro=False)
    assert svg == code.svg_inline(scale=1, border=4, omitsize=True, title="QR code",
                                  svgclass="qr-code", lineclass="qr-line", dark="#000")
    assert svg.startswith('<svg viewBox="0 0 ') and "<title>QR code</title>" in svg


@pytest.mark.parametrize(("pdf", "label"), [
    ("facilitator-guide", "Participants go to"),
    ("poster", "Take the self-assessment:"),
    ("network-worksheet", "Answer online:"),
])
def test_each_printout_sends_the_room_to_the_self_assessment(published: Path, pdf: str,
                                                            label: str) -> None:
    path = published / "pdf" / f"{pdf}.pdf"
    text = page_text(path)
    assert label in text
    assert ASSESSMENT in text.replace(" ", "")  # a long address may wrap
    assert decoded(path) == [ASSESSMENT]


def test_the_guide_web_page_shows_the_address_too(published: Path) -> None:
    html = (published / "facilitator-guide.html").read_text(encoding="utf-8")
    assert f'href="{ASSESSMENT}"' in html
    assert html.count('class="qr-code"') == 1


def test_without_a_base_url_the_facilitator_writes_it_in(unpublished: Path) -> None:
    for pdf in ("facilitator-guide", "poster"):
        text = page_text(unpublished / "pdf" / f"{pdf}.pdf")
        assert "Write the site's address here" in text, pdf
        assert "https://" not in text, pdf
        assert decoded(unpublished / "pdf" / f"{pdf}.pdf") == [], pdf
    worksheet = page_text(unpublished / "pdf" / "network-worksheet.pdf")
    assert "Answer online" not in worksheet and "Write the site's address" not in worksheet


def test_the_poster_is_one_landscape_sheet_with_both_kinds_side_by_side(
        published: Path) -> None:
    reader = PdfReader(published / "pdf" / "poster.pdf")
    assert len(reader.pages) == 1
    box = reader.pages[0].mediabox
    assert (round(float(box.width)), round(float(box.height))) == (842, 595)  # A4 landscape
    text = page_text(published / "pdf" / "poster.pdf")
    assert "Getting things done: instrumental support" in text
    assert "Keeping going: psychosocial support" in text
    assert "Page 1 of 1" not in text  # a poster has no running heads


def test_the_poster_is_on_the_print_materials_page(published: Path) -> None:
    html = (published / "materials.html").read_text(encoding="utf-8")
    assert 'href="pdf/poster.pdf"' in html and "The two kinds of support" in html
