"""Pictures of the assessment page for people to look at: one command makes them all,

    SITE_BUILDER_SCREENSHOTS=screenshots pytest tests/browser/test_screenshots.py

Full-page PNGs at 1280 px and 390 px wide of the results in four states (two answers
given; all but one answered; "See my results" with that one skipped; a step committed)
and the final page as it prints. They go to the folder named by SITE_BUILDER_SCREENSHOTS,
or else to `screenshots/` in pytest's temporary folder.
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
TWO_ANSWERS = {"sounding_board": "yes", "cross_org_allies": "yes"}
ALL_BUT_ONE = {"sounding_board": "no", "cross_org_allies": "not_sure", "industry_peers": "no",
               "confidant": "no", "similar_situation": "yes"}
STATES = ["answering", "almost", "final", "step"]
SHOTS = [  # file name, width, media, state
    *((f"results-{state}-{width}.png", width, "screen", state)
      for state in STATES for width in (1280, 390)),
    ("assessment-1280.png", 1280, "screen", "design"),
    ("results-print.png", 800, "print", "step"),
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


def put_in_state(page: Any, state: str) -> None:
    answers = {"answering": TWO_ANSWERS, "design": DESIGN_EXAMPLE}.get(state, ALL_BUT_ONE)
    for question, value in answers.items():
        page.locator(f'#assessment input[name="{question}"][value="{value}"]').check()
    if state in ("final", "step"):
        page.locator("#results-finish").click()
    if state == "step":
        page.locator('.advice-card[data-rule-id="find-a-sounding-board"] .choose-step').click()
        page.fill("#step-who", "Priya, my former manager")
        page.fill("#step-how", "a 20-minute call")
        page.fill("#step-when", "by Friday")


@pytest.mark.parametrize(("name", "width", "media", "state"), SHOTS, ids=[s[0] for s in SHOTS])
def test_screenshot(new_page: Any, built_site: Path, folder: Path, name: str, width: int,
                    media: str, state: str) -> None:
    page = new_page(width=width, height=900, reduced_motion="reduce")
    page.goto(built_site.as_uri() + "/" + PAGE)
    page.wait_for_selector("#results:not([hidden])")
    put_in_state(page, state)
    page.emulate_media(media=media)
    if media == "print":
        page.evaluate("() => window.dispatchEvent(new Event('beforeprint'))")
    page.evaluate("() => window.scrollTo(0, 0)")
    path = folder / name
    page.screenshot(path=str(path), full_page=True)

    data = path.read_bytes()
    shot_width, height = png_size(data)
    assert shot_width == width and height > 1500, (shot_width, height)
    assert len(data) > 50_000, f"{path} is suspiciously small"
    assert page.page_errors == []
