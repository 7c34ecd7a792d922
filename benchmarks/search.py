"""The site's search next to Pagefind, on a generated kit: the time to make the index, its
size, and the time from typing a word to the first result, from disk (file://), over HTTP,
and over HTTP throttled as in a room with bad Wi-Fi.

Not a test: it installs Pagefind (PyPI `pagefind[bin]`) into benchmarks/.peers/search/
(git-ignored) on first run, and prints a table with the machine's details.

    python benchmarks/search.py [--pages 1000] [--runs 3] [--word mentor]
"""

from __future__ import annotations

import argparse
import functools
import gzip
import http.server
import os
import resource
import shutil
import socketserver
import subprocess
import sys
import tempfile
import threading
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

from corpus import make_corpus
from harness import machine, summary, table

ROOT = Path(__file__).resolve().parents[1]
PEERS = Path(__file__).resolve().parent / ".peers" / "search"
PYTHON = Path(sys.executable)
# A room with bad Wi-Fi: 1.5 Mbit/s down, 300 ms round trips.
SLOW = {"offline": False, "latency": 300, "downloadThroughput": 1_500_000 / 8,
        "uploadThroughput": 500_000 / 8}
PAGEFIND_PROBE = """<!DOCTYPE html><html lang="en"><head><meta charset="utf-8"><title>probe</title>
<script defer src="probe.js"></script></head><body><p id="out">waiting</p></body></html>"""
PAGEFIND_SCRIPT = """const out = document.getElementById("out");
const query = new URL(location.href).searchParams;
let started = performance.now();
import("./pagefind/pagefind.js").then(async (pagefind) => {
  const found = await pagefind.search(query.get("q"));
  await found.results[0].data();
  const first = performance.now() - started;
  out.textContent = `first ${first.toFixed(0)}`;
  await new Promise((resolve) => setTimeout(resolve, 200));
  started = performance.now();
  const again = await pagefind.search(query.get("q2"));
  await again.results[0].data();
  out.textContent = `ok ${first.toFixed(0)} ${(performance.now() - started).toFixed(0)}`;
}).catch((error) => { out.textContent = "error " + error; });
"""


def log(message: str) -> None:
    print(message, file=sys.stderr, flush=True)


def pagefind_binary() -> Path:
    venv = PEERS / "venv"
    if not (venv / "bin" / "python").exists():
        log("installing pagefind[bin] into benchmarks/.peers/search/ ...")
        subprocess.run([sys.executable, "-m", "venv", str(venv)], check=True)
        subprocess.run([str(venv / "bin" / "pip"), "install", "-q", "pagefind[bin]"],
                       check=True)
    found = subprocess.run([str(venv / "bin" / "python"), "-c",
                            "import pagefind_bin, pathlib; print(pathlib.Path("
                            "pagefind_bin.__file__).parent / 'pagefind')"],
                           capture_output=True, text=True, check=True)
    return Path(found.stdout.strip())


def timed(command: list[str]) -> tuple[float, float]:
    """(wall seconds, CPU seconds of the children) of one run."""
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    started = time.perf_counter()
    subprocess.run(command, check=True, stdout=subprocess.DEVNULL)
    wall = time.perf_counter() - started
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    return wall, (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)


def own_index_times(kit: Path, runs: int) -> tuple[list[float], list[float]]:
    """Wall and CPU seconds of `search_entries` + `index_script` over the loaded kit."""
    code = (
        "import sys, time, json\n"
        "from pathlib import Path\n"
        "from site_builder.kit.load import load_kit\n"
        "from site_builder.render.search import search_entries, index_script\n"
        f"kit = load_kit(Path({str(kit)!r}))\n"
        "out = []\n"
        f"for _ in range({runs}):\n"
        "    w, c = time.perf_counter(), time.process_time()\n"
        "    index_script(search_entries(kit))\n"
        "    out.append((time.perf_counter() - w, time.process_time() - c))\n"
        "print(json.dumps(out))\n")
    import json
    done = subprocess.run([str(PYTHON), "-c", code], capture_output=True, text=True, check=True)
    pairs = json.loads(done.stdout)
    return [wall for wall, _ in pairs], [cpu for _, cpu in pairs]


def folder_size(folder: Path) -> tuple[int, int, int]:
    """(files, bytes, bytes gzipped file by file) under `folder`."""
    files = [p for p in folder.rglob("*") if p.is_file()]
    raw = sum(p.stat().st_size for p in files)
    packed = sum(len(gzip.compress(p.read_bytes(), 6)) for p in files)
    return len(files), raw, packed


class Handler(http.server.SimpleHTTPRequestHandler):
    """A static host that gzips text as real hosts do, and counts the bytes it sends."""

    sent = 0
    counting = threading.Lock()

    def copyfile(self, source: Any, outputfile: Any) -> None:
        data = source.read()
        with Handler.counting:
            Handler.sent += len(data)
        outputfile.write(data)

    def log_message(self, format: str, *args: Any) -> None:
        pass

    def send_head(self) -> Any:
        path = Path(self.translate_path(self.path))
        if path.is_file() and path.suffix in (".js", ".html", ".css", ".json") and \
                "gzip" in self.headers.get("Accept-Encoding", ""):
            body = gzip.compress(path.read_bytes(), 6)
            self.send_response(200)
            self.send_header("Content-Type", self.guess_type(str(path)))
            self.send_header("Content-Encoding", "gzip")
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            return _Body(body)
        return super().send_head()


class _Body:
    def __init__(self, data: bytes) -> None:
        self.data = data

    def read(self, *_: Any) -> bytes:
        data, self.data = self.data, b""
        return data

    def close(self) -> None:
        pass


def serve(folder: Path) -> tuple[socketserver.ThreadingTCPServer, str]:
    server = socketserver.ThreadingTCPServer(
        ("127.0.0.1", 0), functools.partial(Handler, directory=str(folder)))
    threading.Thread(target=server.serve_forever, daemon=True).start()
    return server, f"http://127.0.0.1:{server.server_address[1]}"


Probe = Callable[[Any, bool], tuple[float, float, int]]


def browser_runs(runs: int, probe: Probe,
                 slow: bool) -> tuple[list[float], list[float], int, str]:
    """Each run in a fresh browser context (an empty cache): ms from typing the first word
    to its first result, the same for a second word, the bytes the server sent for the
    two searches (not the page itself), and the last error."""
    from playwright.sync_api import sync_playwright

    times: list[float] = []
    again: list[float] = []
    received = 0
    error = ""
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(
            executable_path=os.environ.get("CHROMIUM") or shutil.which("chromium") or "chromium")
        for _ in range(runs):
            context = browser.new_context()
            page = context.new_page()
            try:
                took, second, received = probe(page, slow)
                times.append(took)
                again.append(second)
            except Exception as problem:  # a probe that fails is a figure: "does not work"
                error = str(problem).splitlines()[0][:120]
            context.close()
        browser.close()
    return times, again, received, error


def network(page: Any, slow: bool) -> None:
    """Throttle the page's network when asked (its workers' too: the page's session)."""
    session = page.context.new_cdp_session(page)
    session.send("Network.enable")
    if slow:
        session.send("Network.emulateNetworkConditions", SLOW)


def own_probe(base: str, start_page: str, word: str, word2: str) -> Probe:
    def probe(page: Any, slow: bool) -> tuple[float, float, int]:
        network(page, slow)
        page.goto(f"{base}/{start_page}")
        Handler.sent = 0
        timings = []
        for query in (word, word2):
            started = time.perf_counter()
            page.locator("#site-search-input").fill(query)
            page.locator(".site-search-summary").filter(
                has_text=f"“{query}”").wait_for(timeout=120_000)
            page.locator(".site-search-panel .search-result").first.wait_for()
            timings.append((time.perf_counter() - started) * 1000)
        return timings[0], timings[1], Handler.sent
    return probe


def pagefind_probe(base: str, word: str, word2: str) -> Probe:
    def probe(page: Any, slow: bool) -> tuple[float, float, int]:
        network(page, slow)
        page.goto(f"{base}/probe.html?q={word}&q2={word2}")
        Handler.sent = 0  # the probe page and its script are loaded: the search's own bytes
        out = page.locator("#out")
        deadline = time.monotonic() + 120
        while not (out.text_content() or "").startswith(("ok", "error")) \
                and time.monotonic() < deadline:
            time.sleep(0.02)
        text = out.text_content() or ""
        if not text.startswith("ok "):
            raise RuntimeError(text)
        # Timed by the page itself, from its script's start: the page's own HTML is not
        # counted, as in the site's probe.
        return float(text.split()[1]), float(text.split()[2]), Handler.sent
    return probe


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0] if __doc__ else None)
    parser.add_argument("--pages", type=int, default=1000)
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--word", default="mentor")
    parser.add_argument("--word2", default="budget")
    options = parser.parse_args()
    binary = pagefind_binary()
    version = subprocess.run([str(binary), "--version"], capture_output=True,
                             text=True).stdout.strip()
    with tempfile.TemporaryDirectory(prefix="search-bench-") as scratch:
        folder = Path(scratch)
        corpus = make_corpus(folder / "corpus", options.pages, responses=1)
        site = folder / "site"
        subprocess.run([str(PYTHON.parent / "site-builder"), "build", "--kit", str(corpus.kit),
                        "--out", str(site), "--no-cache"], check=True, stdout=subprocess.DEVNULL)
        own_wall, own_cpu = own_index_times(corpus.kit, options.runs)

        pagefind_site = folder / "pagefind-site"
        shutil.copytree(site, pagefind_site)
        for html in pagefind_site.rglob("*.html"):  # index the page's main text, not its menu
            text = html.read_text(encoding="utf-8")
            html.write_text(text.replace('<main id="main"', '<main data-pagefind-body id="main"'),
                            encoding="utf-8")
        (pagefind_site / "probe.html").write_text(PAGEFIND_PROBE, encoding="utf-8")
        (pagefind_site / "probe.js").write_text(PAGEFIND_SCRIPT, encoding="utf-8")
        pf_wall, pf_cpu = [], []
        for _ in range(options.runs):
            shutil.rmtree(pagefind_site / "pagefind", ignore_errors=True)
            wall, cpu = timed([str(binary), "--site", str(pagefind_site), "--silent"])
            pf_wall.append(wall)
            pf_cpu.append(cpu)

        own_size = folder_size(site / "search")
        pf_size = folder_size(pagefind_site / "pagefind")
        deep = f"page-{options.pages - 1:04d}.html"
        rows: list[list[object]] = []
        own_server, own_base = serve(site)
        pf_server, pf_base = serve(pagefind_site)
        try:
            for where, own_at, pf_at, slow in (
                    ("file://", site.as_uri(), pagefind_site.as_uri(), False),
                    ("HTTP, local", own_base, pf_base, False),
                    ("HTTP, 1.5 Mbit/s, 300 ms", own_base, pf_base, True)):
                for name, probe in (
                        ("site-builder", own_probe(own_at, deep, options.word, options.word2)),
                        ("Pagefind", pagefind_probe(pf_at, options.word, options.word2))):
                    log(f"{name}, {where} ...")
                    times, again, received, error = browser_runs(options.runs, probe, slow)
                    if times:
                        first, second = summary(times), summary(again)
                        sent = f"{received / 1024:.0f} KB" if where != "file://" else "(disk)"
                        rows.append([name, where,
                                     f"{first.median:.0f} ms ({first.min:.0f}-{first.max:.0f})",
                                     f"{second.median:.0f} ms ({second.min:.0f}-{second.max:.0f})",
                                     sent])
                    else:
                        rows.append([name, where, f"does not work: {error}", "", ""])
        finally:
            own_server.shutdown()
            pf_server.shutdown()

    own_w, own_c, pf_w, pf_c = (summary(v) for v in (own_wall, own_cpu, pf_wall, pf_cpu))
    print(f"# Search on {options.pages} pages ({options.runs} runs, word '{options.word}')\n")
    print(table([
        ["site-builder (search/index.js)", f"{own_w.median:.2f} s", f"{own_c.median:.2f} s",
         own_size[0], f"{own_size[1] / 1024:.0f} KB", f"{own_size[2] / 1024:.0f} KB"],
        [f"Pagefind {version}", f"{pf_w.median:.2f} s", f"{pf_c.median:.2f} s", pf_size[0],
         f"{pf_size[1] / 1024:.0f} KB", f"{pf_size[2] / 1024:.0f} KB"],
    ], ["index", "time to make (wall)", "CPU", "files", "size", "gzipped"], right=(1, 2, 3, 4, 5)))
    print()
    print(table(rows, ["search", "opened", f"first word ('{options.word}') to first result",
                       f"second word ('{options.word2}')", "sent by the server for both"],
                right=(4,)))
    print()
    for key, value in machine({"Pagefind": version}).items():
        print(f"- {key}: {value}")


if __name__ == "__main__":
    main()
