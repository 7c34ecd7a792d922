"""Pictures of the assessment page with advice shown, for people to look at.

Full-page PNGs at 1280 px and 390 px wide, and the page as it prints, answered as in
DESIGN.md's example. They go to the folder named by SITE_BUILDER_SCREENSHOTS, or else to
`screenshots/` in pytest's temporary folder; the test prints where.
"""

from __future__ import annotations

import os
import struct
from pathlib import Path
from typing import Any

import pytest

PAGE = "checklists/network.html"
DESIGN_EXAMPLE = {"sounding_board": "yes", "cross_org_allies": "yes", "industry_peers": "yes",
                  "confidant": "no", "similar_situation": "no",
                  "long_time_friends": "not_sure"}
SHOTS = [  # file name, width, media
    ("assessment-1280.png", 1280, "screen"),
    ("assessment-390.png", 390, "screen"),
    ("assessment-print.png", 800, "print"),
]


@pytest.fixture(scope="module")
def folder(tmp_path_factory: pytest.TempPathFactory) -> Path:
    named = os.environ.get("SITE_BUILDER_SCREENSHOTS")
    path = Path(named) if named else tmp_path_factory.getbasetemp() / "screenshots"
    path.mkdir(parents=True, exist_ok=True)
    return path.resolve()


def png_size(data: bytes) -> tuple[int, int]:
    """A PNG's width and height, from its IHDR chunk."""
    assert data[:8] == b"\x89PNG\r\n\x1a\n" and data[12:16] == b"IHDR", "not a PNG"
    width, height = struct.unpack(">II", data[16:24])
    return width, height


@pytest.mark.parametrize(("name", "width", "media"), SHOTS, ids=[s[0] for s in SHOTS])
def test_screenshot_of_the_answered_assessment(new_page: Any, built_site: Path, folder: Path,
                                               capsys: pytest.CaptureFixture[str], name: str,
                                               width: int, media: str) -> None:
    page = new_page(width=width, height=900, reduced_motion="reduce")
    page.goto(built_site.as_uri() + "/" + PAGE)
    page.wait_for_selector("#results:not([hidden])")
    for question, value in DESIGN_EXAMPLE.items():
        page.locator(f'#assessment input[name="{question}"][value="{value}"]').check()
    page.emulate_media(media=media)
    page.evaluate("() => window.scrollTo(0, 0)")
    path = folder / name
    page.screenshot(path=str(path), full_page=True)

    data = path.read_bytes()
    shot_width, height = png_size(data)
    assert shot_width == width and height > 1500, (shot_width, height)
    assert len(data) > 50_000, f"{path} is suspiciously small"
    assert page.page_errors == []
    with capsys.disabled():
        print(f"\nscreenshot: {path}")
