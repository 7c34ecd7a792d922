"""Every HTML page of the built default site, and of the second kit, is valid HTML, by the
Nu HTML Checker (vnu.jar).

No browser is needed, only Java: the test lives here because it is slow (the
checker's JVM takes seconds to start), so it is marked `browser` with the rest.
All pages go to ONE checker process.
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
from pathlib import Path
from urllib.parse import unquote, urlparse

import pytest

ROOT = Path(__file__).resolve().parents[2]
VNU = ROOT / "node_modules" / "vnu-jar" / "build" / "dist" / "vnu.jar"
# The checker needs a large thread stack; C1-only compilation roughly halves its run
# time on a handful of small files (the JVM's start-up dominates, not the checking).
JAVA_OPTIONS = ["-Xss4m", "-XX:TieredStopAtLevel=1", "-XX:+UseSerialGC"]


def _missing(what: str) -> None:
    if os.environ.get("CI") == "true":
        pytest.fail(f"{what} is missing; CI must install it (see .ci/run)")
    pytest.skip(f"{what} is missing: install it to run the HTML validity test (see README)")


def _where(url: str, site: Path, second: Path) -> str:
    """The checker's `file:/tmp/.../site/checklists/network.html` as `checklists/network.html`
    (`second kit: ...` for the second kit's pages)."""
    path = Path(unquote(urlparse(url).path))
    if path.is_relative_to(second):
        return "second kit: " + path.relative_to(second).as_posix()
    return path.relative_to(site).as_posix() if path.is_relative_to(site) else url


def test_every_page_is_valid_html(built_site: Path, second_site: Path,
                                  search_site: Path) -> None:
    java = shutil.which("java")
    if not java:
        _missing("Java (Debian package 'default-jre-headless')")
    if not VNU.is_file():
        _missing(f"The Nu HTML Checker ({VNU}; run `npm ci`)")
    pages = sorted(built_site.rglob("*.html"))
    names = {page.relative_to(built_site).as_posix() for page in pages}
    assert {"index.html", "checklists/network.html", "materials.html"} <= names, names
    pages += sorted(second_site.rglob("*.html"))  # a second kit: numbers, text, no chart
    pages += sorted(search_site.rglob("*.html"))  # a kit with search: its box and page

    result = subprocess.run(
        [str(java), *JAVA_OPTIONS, "-jar", str(VNU), "--errors-only", "--format", "json",
         "--stdout", *map(str, pages)],
        capture_output=True, text=True, timeout=180, check=False)
    try:
        report = json.loads(result.stdout)
    except json.JSONDecodeError:
        pytest.fail(f"vnu.jar gave no JSON report (exit {result.returncode}):\n"
                    f"{result.stdout[-2000:]}\n{result.stderr[-2000:]}")

    errors = [
        f"{_where(message.get('url', '?'), built_site, second_site)}:"
        f"{message.get('lastLine', '?')}:"
        f"{message.get('firstColumn', message.get('lastColumn', '?'))}: "
        f"{message.get('type')}{'/' + message['subType'] if 'subType' in message else ''}: "
        f"{message.get('message', '').strip()}\n    {message.get('extract', '').strip()!r}"
        for message in report.get("messages", [])
        if message.get("type") in ("error", "non-document-error")
    ]
    assert not errors, f"{len(errors)} HTML error(s) in the built site:\n" + "\n".join(errors)
    assert result.returncode == 0, result.stderr[-2000:]
