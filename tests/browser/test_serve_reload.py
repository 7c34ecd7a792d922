"""`site-builder serve` in a real Chromium: the page reloads itself after each rebuild and
shows the errors of a change that does not build, under the site's own CSP.

The kit is the default one in English alone (`english_kit`)."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from tests.devserver import (
    OLD_TITLE,
    PAGE,
    RULE_FILE,
    TYPO,
    Server,
    break_yaml,
    edit,
    start_server,
)


@pytest.fixture
def server(english_kit: Path, tmp_path: Path) -> Iterator[Server]:
    served = start_server(english_kit, tmp_path / "tmp")
    yield served
    assert served.stop() == 0


def test_the_page_reloads_itself_and_shows_errors(browser: Any, server: Server,
                                                  english_kit: Path) -> None:
    context = browser.new_context()
    page = context.new_page()
    page.set_default_timeout(15_000)
    console: list[str] = []
    errors: list[str] = []
    loads: list[str] = []
    page.on("console", lambda message: console.append(f"{message.type}: {message.text}"))
    page.on("pageerror", lambda error: errors.append(str(error)))
    page.on("load", lambda: loads.append(page.url))
    try:
        page.goto(f"http://127.0.0.1:{server.port}{PAGE}")
        titles = page.locator(".results-advice-title")
        titles.filter(has_text=OLD_TITLE).first.wait_for(state="attached")

        rules = english_kit / RULE_FILE
        edit(rules, OLD_TITLE, "Ask one person for an honest view")
        titles.filter(has_text="Ask one person for an honest view").first.wait_for(
            state="attached")

        located = break_yaml(rules)
        overlay = page.locator(".sb-overlay[role=alert]")
        overlay.wait_for(state="visible")
        assert located in overlay.inner_text()
        assert overlay.evaluate("e => getComputedStyle(e).position") == "fixed"  # its CSS
        assert titles.filter(has_text="Ask one person for an honest view").count() >= 1
        page.get_by_role("button", name="Hide").click()
        overlay.wait_for(state="hidden")

        edit(rules, TYPO, "pick: all")
        overlay.wait_for(state="detached")
        titles.filter(has_text="Ask one person for an honest view").first.wait_for(
            state="attached")

        page.wait_for_load_state("load")
        # four documents: the first, then one reload per rebuild; none asked for by the test
        assert len(loads) >= 4, loads
        assert {url for url in loads} == {page.url}
        refused = [m for m in console if "Content Security Policy" in m or "Refused" in m]
        assert not refused, refused
        assert not errors, errors
    finally:
        context.close()


def test_warnings_show_in_a_closed_bar_apart_from_errors(browser: Any, server: Server,
                                                         english_kit: Path) -> None:
    context = browser.new_context()
    page = context.new_page()
    page.set_default_timeout(15_000)
    console: list[str] = []
    page.on("console", lambda message: console.append(f"{message.type}: {message.text}"))
    try:
        page.goto(f"http://127.0.0.1:{server.port}{PAGE}")
        (english_kit / "rules" / "extra.yaml").write_text(
            'checklist: network\nrules:\n  - id: never-shows\n    when: {all: '
            '[{sounding_board: "no"}, {sounding_board: "yes"}]}\n    advice: {title: Never}\n',
            encoding="utf-8")
        bar = page.locator("details.sb-warnings")
        bar.wait_for(state="visible")
        assert page.locator(".sb-overlay[role=alert]").count() == 0
        assert bar.evaluate("e => getComputedStyle(e).position") == "fixed"
        assert bar.evaluate("e => getComputedStyle(e).borderTopColor") != \
            "rgb(176, 0, 32)"  # not the errors' red
        item = bar.locator("li")
        assert not item.is_visible()  # closed until asked for
        bar.locator("summary").click()
        assert "rules/extra.yaml:3:5: warning: rule 'never-shows'" in item.inner_text()
        refused = [m for m in console if "Content Security Policy" in m or "Refused" in m]
        assert not refused, refused
    finally:
        context.close()
