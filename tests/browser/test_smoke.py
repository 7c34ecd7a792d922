"""The built site opens in a real browser, from disk and from an HTTP sub-path."""

from __future__ import annotations

from typing import Any


def test_home_page_opens_with_working_menu(new_page: Any, site_url: str) -> None:
    page = new_page()
    page.goto(site_url + "index.html")
    assert page.title().endswith("Two kinds of support")
    for link in page.locator("nav a").all():
        href = link.get_attribute("href")
        assert href and not href.startswith(("/", "http")), href
    page.get_by_role("link", name="Self-assessment").first.click()
    page.wait_for_url("**/checklists/network.html")
    assert page.locator("fieldset.question").count() == 6
    assert page.page_errors == []
