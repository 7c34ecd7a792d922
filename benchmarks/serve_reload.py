"""How long from saving a kit file to the reloaded page showing the change, under `serve`.

    python benchmarks/serve_reload.py [--runs 10]

Copies the default kit to a temporary folder, starts `python -m site_builder serve` on it,
opens its assessment page in Debian's Chromium through Playwright, then `runs` times saves
a rule file with a new advice title and times, from just before the save to the moment the
page (reloaded by itself) has parsed the HTML holding the new title, by the page's own
clock. A second series does the same with a question's text in the checklist, which the
worksheet PDF prints, so the PDFs are rendered again. Prints the median, p95 and max of
each series, the server's own rebuild times and the load average. The target is under
1 second for a rule change. Not a test: run it by hand, and record the figures in
benchmarks/README.md.
"""

from __future__ import annotations

import argparse
import os
import re
import shutil
import signal
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

from harness import machine, summary

from site_builder.new import copy_kit

ROOT = Path(__file__).resolve().parents[1]
PAGE = "checklists/network.html"
RULE_FILE = "rules/instrumental.yaml"
RULE_TITLE = "Find an impartial sounding board for your career"
CHECKLIST_FILE = "content/checklists/network.yaml"
QUESTION = "Someone who gives you an honest, impartial view"
TARGET_S = 1.0
# When the reloaded page's HTML was parsed (its text in place, its deferred scripts run),
# in milliseconds since the epoch, the same clock as Python's time.time().
SHOWN_AT = """() => performance.timeOrigin
  + performance.getEntriesByType('navigation')[0].domContentLoadedEventEnd"""


def start_server(kit: Path, log: Path) -> tuple[subprocess.Popen[str], str]:
    with log.open("w") as stderr:  # the child keeps its own copy of the file
        process = subprocess.Popen(
            [sys.executable, "-m", "site_builder", "serve", "--kit", str(kit), "--port", "0"],
            stdout=subprocess.PIPE, stderr=stderr, text=True, cwd=ROOT)
    assert process.stdout is not None
    first = process.stdout.readline()
    found = re.search(r"http://\S+/", first)
    if not found:
        process.kill()
        sys.exit(f"serve did not start: {first!r}")
    return process, found.group(0)


def series(page: Any, path: Path, old: str, make: Callable[[int], str], selector: str,
           runs: int) -> list[float]:
    """Seconds from each save to the page showing the saved text."""
    times = []
    current = old
    for run in range(runs):
        new = make(run)
        text = path.read_text(encoding="utf-8").replace(current, new, 1)
        time.sleep(0.3)  # let the previous reload settle, so runs do not overlap
        started = time.time()
        path.write_text(text, encoding="utf-8")
        page.locator(selector, has_text=new).first.wait_for(state="attached", timeout=30_000)
        page.wait_for_load_state("domcontentloaded")
        # The page's own clock: Playwright's polling would add up to half a second.
        shown = page.evaluate(SHOWN_AT)
        times.append(shown / 1000 - started)
        current = new
    return times


def report(name: str, times: list[float]) -> None:
    sample = summary(times)
    print(f"{name:<34} median {sample.median * 1000:6.0f} ms   "
          f"p95 {sample.p95 * 1000:6.0f} ms   max {sample.max * 1000:6.0f} ms")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--runs", type=int, default=10)
    args = parser.parse_args()
    from playwright.sync_api import sync_playwright

    chromium = os.environ.get("CHROMIUM") or shutil.which("chromium") or "/usr/bin/chromium"
    with tempfile.TemporaryDirectory() as tmp:
        kit = copy_kit(ROOT, Path(tmp) / "kit")
        log = Path(tmp) / "serve.log"
        process, url = start_server(kit, log)
        try:
            with sync_playwright() as playwright:
                browser = playwright.chromium.launch(executable_path=chromium,
                                                     args=["--no-sandbox", "--disable-gpu"])
                page = browser.new_page()
                page.goto(url + PAGE)
                rules = series(page, kit / RULE_FILE, RULE_TITLE,
                               lambda run: f"Benchmark advice title {run}",
                               ".results-advice-title", args.runs)
                checklist = series(page, kit / CHECKLIST_FILE, QUESTION,
                                   lambda run: f"Benchmark question {run}, honest",
                                   "fieldset.question", args.runs)
                browser.close()
        finally:
            process.send_signal(signal.SIGINT)
            process.wait(timeout=30)
        # the server's own figure for each rebuild, from its "rebuilt in 0.31 s" lines
        built = [float(s) for s in re.findall(r"rebuilt in (\d+\.\d+) s", log.read_text())]
    print(f"{args.runs} saves each; " + "; ".join(f"{key}: {value}"
                                                  for key, value in machine().items()))
    report("rule file (PDFs from the cache)", rules)
    report("  of which the rebuild", built[:args.runs])
    report("checklist (PDFs rendered again)", checklist)
    report("  of which the rebuild", built[args.runs:])
    ok = statistics.median(rules) < TARGET_S
    print(f"target: a rule change under {TARGET_S:.0f} s: {'met' if ok else 'NOT met'}")
    sys.exit(0 if ok else 1)


if __name__ == "__main__":
    main()
