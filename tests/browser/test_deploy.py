"""What `deploy` pushes is a working site: the bare repository's gh-pages tree, taken out
with `git archive`, served by a static server at a sub-path (as GitHub Pages serves a
project's site) and opened in Chromium, home page and self-assessment."""

from __future__ import annotations

import subprocess
import tarfile
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from tests.browser.pages import serve_site
from tests.git_repos import isolate_git, make_repo
from tests.kits import MINIMAL
from tests.runner import RunCli


@pytest.fixture
def pushed_root(run_cli: RunCli, tmp_path: Path,
                monkeypatch: pytest.MonkeyPatch) -> Iterator[str]:
    isolate_git(tmp_path, monkeypatch)
    repo = make_repo(MINIMAL, tmp_path)
    result = run_cli("deploy", "--kit", str(repo.kit))
    assert result.exit_code == 0, result.stderr
    archive = tmp_path / "gh-pages.tar"
    subprocess.run(["git", "archive", "--format=tar", "-o", str(archive), "gh-pages"],
                   cwd=repo.origin, check=True)
    pushed = tmp_path / "pushed"
    with tarfile.open(archive) as tar:
        tar.extractall(pushed, filter="data")
    assert (pushed / ".nojekyll").is_file()
    yield from serve_site(pushed, tmp_path / "docroot")


def test_the_pushed_site_works_when_served(browser: Any, pushed_root: str) -> None:
    context = browser.new_context(viewport={"width": 1280, "height": 900})
    foreign: list[str] = []
    errors: list[str] = []
    failed: list[str] = []

    def route(request_route: Any) -> None:
        if request_route.request.url.startswith((pushed_root, "data:", "blob:")):
            request_route.continue_()
        else:
            foreign.append(request_route.request.url)
            request_route.abort()

    context.route("**/*", route)
    page = context.new_page()
    page.set_default_timeout(10_000)
    page.on("pageerror", lambda error: errors.append(str(error)))
    page.on("console", lambda m: errors.append(m.text) if m.type == "error" else None)
    page.on("response", lambda r: failed.append(r.url) if r.status >= 400 else None)
    try:
        response = page.goto(pushed_root + "index.html")
        assert response is not None and response.ok
        # Styles and scripts load from the pushed tree: the chart's zones and the advice
        # come from them.
        assert page.evaluate("document.styleSheets.length") >= 1
        page.locator('a[href$="checklists/quiz.html"]').first.click()
        page.wait_for_url("**/checklists/quiz.html")
        page.wait_for_selector("#results:not([hidden])")
        page.locator('#assessment input[name="mentor"][value="no"]').check()
        advice = page.locator('.advice-card[data-rule-id="find-a-mentor"]')
        advice.first.wait_for()
        assert "Find a mentor" in advice.first.inner_text()
        page.goto(pushed_root + "materials.html")
        pdfs = page.eval_on_selector_all('a[href$=".pdf"]', "links => links.map(a => a.href)")
        assert pdfs and all(context.request.get(url).ok for url in pdfs)
    finally:
        context.close()
    assert foreign == [] and errors == [] and failed == []
