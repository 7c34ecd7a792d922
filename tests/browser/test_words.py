"""The assessment page of a French kit in Chromium: its script takes its words from the
page, picks a plural with Intl.PluralRules and writes numbers as French does."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest

from site_builder.check import check_kit
from site_builder.render.site import render_site
from tests.browser.pages import page_of_site
from tests.test_words import NBSP, french_kit


@pytest.fixture(scope="module")
def french_page(browser: Any, tmp_path_factory: pytest.TempPathFactory) -> Iterator[Any]:
    tmp = tmp_path_factory.mktemp("french-page")
    kit = french_kit(tmp)
    out = tmp / "site"
    render_site(kit, check_kit(kit).documents, out)
    with page_of_site(browser, out, (out / "checklists" / "habits.html").as_uri()) as page:
        yield page


def test_progress_takes_the_french_plural(french_page: Any) -> None:
    page = french_page
    progress = page.locator("#results-progress-text")
    assert progress.text_content() == "0 réponse sur 9"  # French counts 0 as one
    page.check("#q-ask_for_feedback-1")
    assert progress.text_content() == "1 réponse sur 9"
    page.check("#q-act_on_feedback-2")
    assert progress.text_content() == "2 réponses sur 9"


def test_scores_and_numbers_are_written_in_french(french_page: Any) -> None:
    page = french_page
    page.locator("#q-one_to_one_hours-input").fill("1.5")
    page.check("#q-follow_up-1")
    scores = page.locator("#results-scores").inner_text()
    assert f"Asking{NBSP}: " in scores, scores
    assert " sur 6" in scores and " of " not in scores, scores
    assert page.locator("#results-finish").inner_text() == "Voir mes résultats"
