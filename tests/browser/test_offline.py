"""Offline and self-contained: the built site works from disk and from any sub-path, with no
network, and nothing in it loads anything from another host.

The `new_page` fixture already fails a test whose page sends a request outside the site;
these tests add that no request inside the site fails, that every local link leads to a
file that exists, that no output file even names another host for something a browser
loads by itself, that every page carries a Content-Security-Policy, and that the site
works with the network switched off.
"""

from __future__ import annotations

import json
import re
import urllib.error
import urllib.request
from html.parser import HTMLParser
from pathlib import Path
from typing import Any
from urllib.parse import unquote, urldefrag, urljoin

import pytest

ROOT = Path(__file__).resolve().parents[2]
BASE_TEMPLATE = ROOT / "site_builder" / "render" / "templates" / "base.html"
ASSESSMENT = "checklists/network.html"
SCANNED = (".html", ".css", ".js", ".json", ".svg")


def site_pages(site: Path) -> list[str]:
    """Every HTML page of the build, as paths relative to its root."""
    pages = sorted(path.relative_to(site).as_posix() for path in site.rglob("*.html"))
    assert {"index.html", ASSESSMENT, "materials.html", "about.html"} <= set(pages), pages
    return pages


class Watch:
    """What went wrong while pages loaded: failed requests, HTTP errors, console errors."""

    def __init__(self, page: Any) -> None:
        self.problems: list[str] = []
        self.name = "?"
        page.on("requestfailed", self.request_failed)
        page.on("response", self.response)
        # A Content-Security-Policy refusal (a blocked script, style or image) is only
        # reported on the console.
        page.on("console", self.console)

    def request_failed(self, request: Any) -> None:
        if request.failure == "net::ERR_ABORTED" and "/assets/favicon." in request.url:
            return  # fetched after the page loads, given up when the next one opens
        self.problems.append(f"{self.name}: request failed: {request.url} ({request.failure})")

    def response(self, response: Any) -> None:
        if response.status >= 400:
            self.problems.append(f"{self.name}: HTTP {response.status} for {response.url}")

    def console(self, message: Any) -> None:
        if message.type == "error":
            self.problems.append(f"{self.name}: console error: {message.text}")


# --- Links ------------------------------------------------------------------------------

EXTERNAL_SCHEMES = ("https:", "http:", "mailto:", "tel:")


def local_file(url: str, root_url: str, site: Path) -> Path:
    """The output file a URL under the site's root names (a folder means its index.html)."""
    relative = unquote(url[len(root_url):])
    target = site / relative
    return target / "index.html" if relative == "" or relative.endswith("/") else target


class Anchors(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.hrefs: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.hrefs += [value for key, value in attrs if tag == "a" and key == "href" and value]


def anchors(html: str) -> list[str]:
    """The href of every <a> in a piece of HTML."""
    parser = Anchors()
    parser.feed(html)
    parser.close()
    return parser.hrefs


def has_anchor(html: str, fragment: str) -> bool:
    name = re.escape(unquote(fragment))
    return re.search(rf"""\s(?:id|name)\s*=\s*["']?{name}["'\s>]""", html) is not None


def link_problems(page: Any, root_url: str, site: Path, name: str,
                  exists: Any) -> list[str]:
    """Every <a href> of the loaded page, resolved against the page's URL and followed."""
    problems = []
    links: list[list[str]] = page.eval_on_selector_all(
        "a[href]", "links => links.map(a => [a.getAttribute('href'), a.href, ''])")
    # The advice a script will insert into this page (the JSON embedded in it) must link
    # right from this page too, whichever answers make it show.
    for document in page.eval_on_selector_all('script[type="application/json"]',
                                               "scripts => scripts.map(s => s.textContent)"):
        links += [[href, urljoin(page.url, href), " in the embedded JSON"]
                  for text in json_strings(json.loads(document)) for href in anchors(text)]
    for written, resolved, origin in links:
        where = f"{name}{origin}: <a href={written!r}>"
        if not resolved.startswith(root_url):
            if written.strip().lower().startswith(EXTERNAL_SCHEMES):
                continue  # an author's link to another site: allowed, and never loaded
            problems.append(f"{where} leads out of the site, to {resolved}")
            continue
        address, fragment = urldefrag(resolved)
        target = local_file(address, root_url, site)
        if not exists(address, target):
            problems.append(f"{where} leads to a missing file: {resolved}")
        elif fragment and target.suffix == ".html":
            if address == urldefrag(page.url)[0]:
                found = page.evaluate("id => document.getElementById(id) !== null"
                                      " || document.getElementsByName(id).length > 0",
                                      unquote(fragment))
            else:
                found = has_anchor(target.read_text(encoding="utf-8"), fragment)
            if not found:
                problems.append(f"{where}: no element with id {fragment!r} in {target.name}")
    return problems


def test_every_page_loads_cleanly_and_its_links_lead_to_files(
        new_page: Any, site_url: str, built_site: Path) -> None:
    """Every page, from disk with the network switched off and from the HTTP sub-path:
    no request fails, no script error, and every local link leads to a file that is there
    (and that the server gives). Requests leaving the site fail the test in `new_page`."""
    checked: dict[str, bool] = {}

    def exists(address: str, target: Path) -> bool:
        """From disk, the file is there; over HTTP, the server also gives it."""
        if address not in checked:
            ok = target.is_file()
            if ok and address.startswith("http"):
                request = urllib.request.Request(address, method="HEAD")
                try:
                    with urllib.request.urlopen(request, timeout=5) as response:
                        ok = response.status == 200
                except urllib.error.URLError:
                    ok = False
            checked[address] = ok
        return checked[address]

    page = new_page()
    if site_url.startswith("file:"):
        page.context.set_offline(True)
    watch = Watch(page)
    links = []
    for name in site_pages(built_site):
        watch.name = name
        response = page.goto(site_url + name)
        if response is not None and response.status >= 400:
            watch.problems.append(f"{name}: opened with status {response.status}")
        links += link_problems(page, site_url, built_site, name, exists)
    problems = watch.problems + [f"script error: {error}" for error in page.page_errors]
    assert not problems, "\n".join(problems)
    assert checked, "no local link was found at all"
    assert not links, "\n".join(links)


# --- Nothing in the output names another host for something loaded by itself -----------

CSS_URL = re.compile(r"""url\(\s*(['"]?)([^'")]*)\1\s*\)|@import\s+(['"])([^'"]*)\3""", re.I)
JS_LOADS = re.compile(
    r"""(?:\b(?:fetch|import|importScripts|sendBeacon|WebSocket|EventSource)\s*\(\s*"""
    r"""|\bfrom\s+|\.(?:src|href|action|srcset|poster|data)\s*=\s*)[`'"]((?:[a-z][a-z0-9+.-]*:)?//[^`'"]*)""",
    re.I)
# <link rel> values that only name another document; every other rel loads or prefetches.
NAVIGATION_RELS = {"alternate", "author", "bookmark", "canonical", "help", "license", "me",
                   "next", "prev", "search", "external", "nofollow", "noopener", "noreferrer"}
LOADING_ATTRIBUTES = {"src", "srcset", "poster", "data", "action", "formaction", "background",
                      "xlink:href", "ping", "manifest"}


def foreign(url: str) -> bool:
    """A URL with a scheme or a host (another site, or a file: path), as opposed to a
    relative one or data:/blob: content. (A root-relative `/x` fails the browser tests.)"""
    url = url.strip().lower()
    if not url or url.startswith(("data:", "blob:", "#", "about:blank")):
        return False
    return url.startswith("//") or re.match(r"[a-z][a-z0-9+.-]*:", url) is not None


class Loads(HTMLParser):
    """The URLs an HTML document makes a browser load by itself."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.found: list[tuple[int, str]] = []
        self.in_style = False
        self.json_script: list[str] | None = None
        self.json_line = 0
        self.embedded_json: list[tuple[int, str]] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        values = {key: value or "" for key, value in attrs}
        line = self.getpos()[0]
        for key, value in values.items():
            urls = [part.split()[0] for part in value.split(",") if part.strip()] \
                if key in ("srcset", "imagesrcset") else [value]
            if key in LOADING_ATTRIBUTES or key == "imagesrcset":
                self.found += [(line, f"<{tag} {key}={url!r}>") for url in urls if foreign(url)]
            if key == "style":
                self.found += [(line, f"<{tag} style> {url!r}") for url in css_urls(value)]
        rels = set(values.get("rel", "").lower().split())
        if tag == "link" and not rels <= NAVIGATION_RELS and foreign(values.get("href", "")):
            self.found.append((line, f"<link rel={values.get('rel')!r} href={values['href']!r}>"))
        if tag in ("use", "image", "feimage", "base") and foreign(values.get("href", "")):
            self.found.append((line, f"<{tag} href={values['href']!r}>"))
        if tag == "meta" and values.get("http-equiv", "").lower() == "refresh":
            target = values.get("content", "").partition("=")[2].strip(" '\"")
            if foreign(target):
                self.found.append((line, f"<meta http-equiv=refresh> to {target!r}"))
        self.in_style = tag == "style"
        if tag == "script" and values.get("type", "").endswith("json"):
            self.json_script = []
            self.json_line = line

    def handle_endtag(self, tag: str) -> None:
        self.in_style = False
        if tag == "script" and self.json_script is not None:
            self.embedded_json.append((self.json_line, "".join(self.json_script)))
            self.json_script = None

    def handle_data(self, data: str) -> None:
        if self.in_style:
            self.found += [(self.getpos()[0], f"<style> {url!r}") for url in css_urls(data)]
        if self.json_script is not None:
            self.json_script.append(data)


def css_urls(css: str) -> list[str]:
    return [match.group(2) or match.group(4) or "" for match in CSS_URL.finditer(css)
            if foreign(match.group(2) or match.group(4) or "")]


def json_strings(value: Any) -> list[str]:
    if isinstance(value, str):
        return [value]
    if isinstance(value, dict):
        value = list(value.values())
    if isinstance(value, list):
        return [text for item in value for text in json_strings(item)]
    return []


def html_loads(html: str) -> list[tuple[int, str]]:
    """Foreign loads in an HTML document, and in the HTML inside its embedded JSON (advice
    text that the assessment script will put on the page)."""
    parser = Loads()
    parser.feed(html)
    parser.close()
    found = parser.found
    for line, document in parser.embedded_json:
        for text in json_strings(json.loads(document)):
            found += [(line, f"in embedded JSON: {what}") for _, what in html_loads(text)]
    return found


def foreign_loads(path: Path) -> list[str]:
    text = path.read_text(encoding="utf-8")
    if path.suffix in (".html", ".svg"):
        found = html_loads(text)
    elif path.suffix == ".css":
        found = [(text.count("\n", 0, match.start()) + 1, repr(match.group(0)))
                 for match in CSS_URL.finditer(text) if foreign(match.group(2) or match.group(4))]
    elif path.suffix == ".js":
        found = [(text.count("\n", 0, match.start()) + 1, repr(match.group(0)))
                 for match in JS_LOADS.finditer(text)]
    else:  # .json: its strings may be HTML (rendered advice) that a script puts on a page
        found = [(0, what) for string in json_strings(json.loads(text))
                 for _, what in html_loads(string)]
    return [f"{line}: {what}" for line, what in found]


def test_no_output_file_loads_anything_from_another_host(built_site: Path) -> None:
    files = sorted(path for path in built_site.rglob("*") if path.suffix in SCANNED)
    assert {".html", ".css", ".json"} <= {path.suffix for path in files}
    problems = [f"{path.relative_to(built_site).as_posix()}:{where}"
                for path in files for where in foreign_loads(path)]
    assert not problems, "output files load from another host:\n" + "\n".join(problems)


def test_the_scan_catches_foreign_loads() -> None:
    """The scanner itself: each way of loading from elsewhere is caught, links are not."""
    html = """<link rel="stylesheet" href="https://cdn.example/x.css">
    <link rel="icon" href="//example.org/favicon.ico"><link rel="canonical" href="https://a.b/">
    <script src="https://example.org/a.js"></script><img srcset="a.png 1x, http://x/b.png 2x">
    <div style="background: url('https://x/y.png')"></div><style>@import "https://x/z.css";</style>
    <a href="https://fine.example/">fine</a><img src="data:image/png;base64,AAAA" alt="">
    <script type="application/json">{"advice": "<img src=\\"https://x/p.gif\\" alt>"}</script>
    """
    found = "\n".join(what for _, what in html_loads(html))
    for needle in ("cdn.example", "favicon", "a.js", "b.png", "y.png", "z.css", "p.gif"):
        assert needle in found, needle
    assert "https://a.b/" not in found and "fine.example" not in found
    js = "fetch('https://x.example/data'); import x from \"//cdn/y.js\"; img.src = `http://t/p`;"
    assert len(JS_LOADS.findall(js)) == 3


# --- Content-Security-Policy -------------------------------------------------------------

CSP_IN_TEMPLATE = "Content-Security-Policy" in BASE_TEMPLATE.read_text(encoding="utf-8")
SCHEMES_INSIDE = {"data:", "blob:"}
UNSAFE_FOR_SCRIPTS = {"'unsafe-inline'", "'unsafe-eval'", "'unsafe-hashes'"}


class Head(HTMLParser):
    """The CSP meta tags of a document, whether each is in <head>, and what precedes it."""

    def __init__(self) -> None:
        super().__init__()
        self.in_head = False
        self.loaded_before: list[str] = []
        self.policies: list[tuple[str, bool, list[str]]] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        values = {key: value or "" for key, value in attrs}
        if tag == "head":
            self.in_head = True
        elif tag == "body":
            self.in_head = False
        elif tag == "meta" and values.get("http-equiv", "").lower() == "content-security-policy":
            self.policies.append((values.get("content", ""), self.in_head,
                                  list(self.loaded_before)))
        elif tag in ("script", "style") or (tag == "link" and "href" in values):
            self.loaded_before.append(tag)

    def handle_endtag(self, tag: str) -> None:
        if tag == "head":
            self.in_head = False


def policy_problems(policy: str) -> list[str]:
    """A policy that lets a request leave the site, or lets inline script run, is a problem."""
    directives: dict[str, list[str]] = {}
    for part in policy.split(";"):
        if part.strip():
            name, *sources = part.split()
            directives[name.lower()] = sources
    problems = []
    if "default-src" not in directives:
        problems.append("no default-src: whatever it does not name may load from anywhere")
    for name, sources in directives.items():
        if name.endswith("-src") or name in ("form-action", "base-uri"):
            # Keywords ('self', 'none', hashes, nonces) are quoted; anything unquoted but
            # data: and blob: is a host or a scheme, i.e. somewhere else.
            problems += [f"{name} allows {source}: another host" for source in sources
                         if not source.startswith("'") and source.lower() not in SCHEMES_INSIDE]
    script = directives.get("script-src", directives.get("default-src", []))
    problems += [f"scripts allow {source}" for source in script
                 if source.lower() in UNSAFE_FOR_SCRIPTS]
    return problems


def test_the_policy_check_catches_loose_policies() -> None:
    strict = ("default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self' data:; "
              "connect-src 'none'; form-action 'none'; base-uri 'none'")
    assert policy_problems(strict) == []
    loose = policy_problems("script-src 'self' https://cdn.example 'unsafe-inline'; img-src *")
    assert loose == ["no default-src: whatever it does not name may load from anywhere",
                     "script-src allows https://cdn.example: another host",
                     "img-src allows *: another host", "scripts allow 'unsafe-inline'"]


@pytest.mark.xfail(not CSP_IN_TEMPLATE, strict=True,
                   reason="the Content-Security-Policy meta tag is not in templates/base.html "
                          "yet (the assessment page's owner is adding it); this xfail lifts "
                          "itself once the template names it")
def test_every_page_has_one_strict_content_security_policy(built_site: Path) -> None:
    problems = []
    for name in site_pages(built_site):
        head = Head()
        head.feed((built_site / name).read_text(encoding="utf-8"))
        if len(head.policies) != 1:
            problems.append(f"{name}: {len(head.policies)} Content-Security-Policy meta tags")
            continue
        policy, in_head, before = head.policies[0]
        if not in_head:
            problems.append(f"{name}: the Content-Security-Policy meta tag is outside <head>")
        if before:
            problems.append(f"{name}: the Content-Security-Policy comes after {before}, "
                            "which it therefore does not govern")
        problems += [f"{name}: {problem}" for problem in policy_problems(policy)]
    assert not problems, "\n".join(problems)


# --- No network at all ------------------------------------------------------------------

def test_the_assessment_works_with_the_network_off(new_page: Any, built_site: Path) -> None:
    page = new_page()
    page.context.set_offline(True)
    watch = Watch(page)
    watch.name = ASSESSMENT
    page.goto(built_site.as_uri() + "/" + ASSESSMENT)
    compiled = json.loads((built_site / "checklists" / "network.json").read_text("utf-8"))
    expected = sum(len(section["questions"]) for section in compiled["checklist"]["sections"])
    questions = page.locator("fieldset.question")
    assert questions.count() == expected
    for index in range(expected):
        assert questions.nth(index).is_visible()
        assert questions.nth(index).locator("input[type=radio]").count() >= 2
    if page.locator("script[src]").count():
        # With its script, the page still works offline: answering shows the results.
        for index in range(expected):
            questions.nth(index).locator("label.option").nth(index % 2).click()
        page.locator("#results").wait_for(state="visible", timeout=5_000)
    assert not watch.problems, "\n".join(watch.problems)
    assert page.page_errors == []
