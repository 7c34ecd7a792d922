"""`site-builder serve`, the real command in a subprocess, spoken to over raw sockets
(tests/devserver.py starts it and writes the requests).
The kit is the default one in English alone (`english_kit`): an edit of its English would
otherwise add French out-of-date warnings to each rebuild."""

from __future__ import annotations

import os
import re
import socket
import subprocess
import sys
from collections.abc import Iterator
from io import BytesIO
from pathlib import Path

import pytest
from pypdf import PdfReader

from site_builder.new import copy_kit
from site_builder.serve.http import loosen_csp, site_path
from site_builder.serve.rebuild import KitChanges
from tests.devserver import (
    OLD_TITLE,
    PAGE,
    RULE_FILE,
    SECRET,
    TYPO,
    Server,
    break_yaml,
    edit,
    request,
    start_server,
    wait_for,
)
from tests.kits import ROOT


@pytest.fixture(scope="module")
def served(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Server]:
    """One server for the read-only tests, with a few media files in its kit."""
    base = tmp_path_factory.mktemp("serve")
    kit = copy_kit(ROOT, base / "kit")
    media = kit / "content" / "media"
    media.mkdir()
    (media / "dot.png").write_bytes(b"\x89PNG\r\n\x1a\n" + bytes(16))
    (media / "dot.svg").write_text('<svg xmlns="http://www.w3.org/2000/svg"/>\n')
    (media / "font.woff2").write_bytes(b"wOF2" + bytes(16))
    (base / "secret.txt").write_text(SECRET)
    (base / "tmp" / "secret.txt").parent.mkdir()
    (base / "tmp" / "secret.txt").write_text(SECRET)
    server = start_server(kit, base / "tmp")
    yield server
    assert server.stop() == 0


# --- what may be asked -----------------------------------------------------------------

TRAVERSALS = [
    b"/../secret.txt",
    b"/../../secret.txt",
    b"/../../../../../../etc/passwd",
    b"/assets/../../../secret.txt",
    b"/%2e%2e/%2e%2e/secret.txt",
    b"/%2E%2E/%2E%2E/%2E%2E/etc/passwd",
    b"/%252e%252e/%252e%252e/secret.txt",
    b"/%252e%252e/%252e%252e/%252e%252e/%252e%252e/etc/passwd",
    b"/..%2f..%2fsecret.txt",
    b"/..%2F..%2F..%2F..%2Fetc%2Fpasswd",
    b"/assets%2f..%2f..%2f..%2fsecret.txt",
    b"/%2fetc%2fpasswd",
    b"/..\\..\\secret.txt",
    b"/assets\\..\\..\\..\\secret.txt",
    b"/%5c..%5c..%5csecret.txt",
    b"/index.html%00.css",
    b"/%00",
    b"/assets/%c0%ae%c0%ae/%c0%ae%c0%ae/secret.txt",
    b"//etc/passwd",
    b"/etc/passwd",
    b"http://127.0.0.1/../../secret.txt",
    b"/etc/../../../secret.txt",
    b"/./../secret.txt",
    b"/.site-builder/../../secret.txt",
    b"/.site-builder-output",
]


@pytest.mark.parametrize("target", TRAVERSALS, ids=lambda t: t.decode("latin-1"))
def test_paths_that_leave_the_site_are_refused(served: Server, target: bytes) -> None:
    response = request(served.port, target)
    assert response.status in (400, 404)
    assert SECRET.encode() not in response.body
    assert b"root:" not in response.body


def test_an_absolute_path_in_the_request_target_is_refused(served: Server) -> None:
    secret = served.tmp / "secret.txt"
    for target in (str(secret), f"http://{served.host}{secret}", f"file://{secret}"):
        response = served.get(target)
        assert response.status in (400, 404), target
        assert SECRET.encode() not in response.body


def test_symlinks_that_lead_outside_are_refused(served: Server) -> None:
    site = served.builds()[-1]
    outside = served.tmp / "outside"
    outside.mkdir(exist_ok=True)
    (outside / "index.html").write_text(SECRET)
    (site / "leak.txt").symlink_to(served.tmp / "secret.txt")
    (site / "leak-dir").symlink_to(outside, target_is_directory=True)
    (site / "assets" / "up").symlink_to(served.tmp, target_is_directory=True)
    for target in ("/leak.txt", "/leak-dir/", "/leak-dir/index.html", "/leak-dir",
                   "/assets/up/secret.txt", "/assets/up/outside/"):
        response = served.get(target)
        assert response.status in (400, 404), target
        assert SECRET.encode() not in response.body, target
    (site / "inside.html").symlink_to(site / "about.html")
    assert served.get("/inside.html").status == 200  # a link that stays inside is fine


def test_a_folder_without_index_is_not_listed(served: Server) -> None:
    for target in ("/checklists/", "/assets/", "/pdf/"):
        response = served.get(target)
        assert response.status == 404, target
        assert b"network" not in response.body and b"site.css" not in response.body
    moved = served.get("/checklists")
    assert moved.status == 301 and moved.headers["location"] == "/checklists/"


def test_a_missing_favicon_is_no_content_not_an_error(served: Server) -> None:
    # Browsers ask for /favicon.ico by themselves; a 404 would show in their console.
    response = served.get("/favicon.ico")
    assert response.status == 204 and response.body == b""
    assert served.get("/assets/favicon.ico").status == 404


def test_a_folder_with_an_index_serves_it(served: Server) -> None:
    response = served.get("/")
    assert response.status == 200
    assert response.text == served.get("/index.html").text


@pytest.mark.parametrize("host", [
    "evil.example", "evil.example:{port}", "127.0.0.1", "127.0.0.1:1", "localhost.evil:{port}",
    "127.0.0.1:{port}.evil", "",
])
def test_other_host_names_are_refused(served: Server, host: str) -> None:
    response = served.get("/index.html", host=host.format(port=served.port))
    assert response.status in (400, 421)
    assert b"<html" not in response.body


def test_local_host_names_are_served(served: Server) -> None:
    for host in (f"127.0.0.1:{served.port}", f"localhost:{served.port}", f"[::1]:{served.port}",
                 f"LOCALHOST:{served.port}"):
        assert served.get("/index.html", host=host).status == 200, host
    assert request(served.port, b"/index.html", host=None).status == 400
    twice = request(served.port, b"/index.html",
                    extra=b"Host: evil.example\r\n")
    assert twice.status == 400


def test_only_get_and_head(served: Server) -> None:
    head = request(served.port, b"/index.html", method=b"HEAD")
    get = served.get("/index.html")
    assert head.status == 200 and head.body == b""
    assert head.headers["content-length"] == get.headers["content-length"]
    for method in (b"POST", b"PUT", b"DELETE", b"OPTIONS", b"PATCH"):
        response = request(served.port, b"/index.html", method=method)
        assert response.status == 405
        assert response.headers["allow"] == "GET, HEAD"
    assert request(served.port, b"/index.html", method=b"BREW").status in (405, 501)


@pytest.mark.parametrize(("target", "kind"), [
    ("/index.html", "text/html; charset=utf-8"),
    ("/assets/site.css", "text/css; charset=utf-8"),
    ("/assets/engine.js", "text/javascript; charset=utf-8"),
    ("/checklists/network.json", "application/json"),
    ("/pdf/network-worksheet.pdf", "application/pdf"),
    ("/media/dot.svg", "image/svg+xml"),
    ("/media/dot.png", "image/png"),
    ("/media/font.woff2", "font/woff2"),
    ("/.site-builder/reload.js", "text/javascript; charset=utf-8"),
    ("/.site-builder/overlay.css", "text/css; charset=utf-8"),
])
def test_files_are_served_with_their_type(served: Server, target: str, kind: str) -> None:
    response = served.get(target)
    assert response.status == 200
    assert response.headers["content-type"] == kind
    assert response.headers["x-content-type-options"] == "nosniff"
    assert response.headers["cache-control"] == "no-store"
    assert int(response.headers["content-length"]) == len(response.body)
    if not target.startswith("/.site-builder/") and not target.endswith(".html"):
        assert response.body == (served.builds()[-1] / target[1:]).read_bytes()


def test_the_site_worker_is_answered_by_one_that_retires_itself(served: Server) -> None:
    """A worker left on this address by a published site would hide each rebuild."""
    response = served.get("/service-worker.js")
    assert response.status == 200
    assert response.headers["content-type"] == "text/javascript; charset=utf-8"
    assert "self.registration.unregister()" in response.text
    assert response.body != (served.builds()[-1] / "service-worker.js").read_bytes()


def test_pages_get_the_reload_script_and_files_on_disk_do_not(served: Server) -> None:
    site = served.builds()[-1]
    for target in ("/index.html", PAGE, "/materials.html"):
        page = served.get(target).text
        assert '<script src="/.site-builder/reload.js"' in page
        assert "connect-src 'self'" in page and "connect-src 'none'" not in page
        assert "script-src 'self'" in page and "default-src 'none'" in page
        assert "sb-overlay" not in page
        on_disk = (site / target[1:]).read_text(encoding="utf-8")
        assert ".site-builder" not in on_disk and "connect-src 'none'" in on_disk
    assert b".site-builder" not in served.get("/assets/site.css").body


def test_the_event_stream_sends_the_build_number(served: Server) -> None:
    with socket.create_connection(("127.0.0.1", served.port), timeout=10) as sock:
        sock.sendall(f"GET /.site-builder/events HTTP/1.1\r\nHost: {served.host}\r\n\r\n"
                     .encode())
        data = b""
        while b"data: " not in data or not data.endswith(b"\n\n"):
            data += sock.recv(4096)
    assert b"content-type: text/event-stream" in data.lower()
    assert re.search(rb"data: \d+\n\n", data)


def test_port_in_use_is_one_clear_line(served: Server, tmp_path: Path) -> None:
    kit = served.builds()[-1].parents[2] / "kit"
    result = subprocess.run(
        [sys.executable, "-m", "site_builder", "serve", "--kit", str(kit),
         "--port", str(served.port)],
        capture_output=True, text=True, timeout=60, env={**os.environ, "NO_COLOR": "1"})
    assert result.returncode == 1
    assert result.stderr.count("\n") == 1, result.stderr
    assert str(served.port) in result.stderr and "--port" in result.stderr
    assert "Traceback" not in result.stderr


def test_a_folder_that_is_not_a_kit_is_refused(tmp_path: Path) -> None:
    result = subprocess.run([sys.executable, "-m", "site_builder", "serve", "--kit",
                             str(tmp_path), "--port", "0"],
                            capture_output=True, text=True, timeout=60)
    assert result.returncode == 1
    assert "no site.yaml" in result.stderr and "Traceback" not in result.stderr


# --- rebuilding --------------------------------------------------------------------------

def test_edits_rebuild_errors_show_in_the_page_and_go_away(english_kit: Path,
                                                          tmp_path: Path) -> None:
    server = start_server(english_kit, tmp_path / "tmp")
    try:
        rules = english_kit / RULE_FILE
        assert OLD_TITLE in server.get(PAGE).text
        edit(rules, OLD_TITLE, "Find a sounding board, edited")
        wait_for(lambda: "Find a sounding board, edited" in server.get(PAGE).text,
                 "the new title")

        located = break_yaml(rules)
        wait_for(lambda: located in server.get(PAGE).text, "the overlay")
        page = server.get(PAGE).text
        assert '<section class="sb-overlay" role="alert"' in page
        assert "Find a sounding board, edited" in page  # the last good build, still served
        assert '<link rel="stylesheet" href="/.site-builder/overlay.css">' in page
        wait_for(lambda: any(line.startswith(located) for line in server.stderr),
                 "the diagnostic on stderr")

        edit(rules, TYPO, "pick: all")
        wait_for(lambda: "sb-overlay" not in server.get(PAGE).text, "the overlay to go")
        assert "Find a sounding board, edited" in server.get(PAGE).text
    finally:
        assert server.stop() == 0
    assert "stopped" in "".join(server.stderr)
    assert not list((tmp_path / "tmp").glob("site-builder-serve-*")), "left its folder behind"


NEVER_SHOWS = """\
checklist: network
rules:
  - id: never-shows
    when: {all: [{sounding_board: "no"}, {sounding_board: "yes"}]}
    advice: {title: Never}
"""


def test_warnings_show_in_a_bar_of_their_own_and_in_the_terminal(english_kit: Path,
                                                                tmp_path: Path) -> None:
    server = start_server(english_kit, tmp_path / "tmp")
    extra = english_kit / "rules" / "extra.yaml"
    located = "rules/extra.yaml:3:5: warning: rule 'never-shows' can never show"
    try:
        assert "sb-warnings" not in server.get(PAGE).text
        extra.write_text(NEVER_SHOWS, encoding="utf-8")
        wait_for(lambda: "sb-warnings" in server.get(PAGE).text, "the warnings")
        page = server.get(PAGE).text
        bar = page[page.index('<details class="sb-warnings">'):]
        assert bar.index(located) < bar.index("</details>")
        assert "The kit built, with 1 warning<" in bar
        assert "sb-overlay" not in page.replace("sb-overlay-list", "")  # no error overlay
        assert '<link rel="stylesheet" href="/.site-builder/overlay.css">' in page
        assert "never-shows" not in page[:page.index('<details class="sb-warnings">')]
        wait_for(lambda: any(line.startswith(located) for line in server.stderr),
                 "the warning on stderr")
        css = server.get("/.site-builder/overlay.css").text
        assert ".sb-warnings {" in css

        break_yaml(english_kit / RULE_FILE)  # errors and the warnings, each in its place
        wait_for(lambda: "sb-overlay" in server.get(PAGE).text.replace("sb-overlay-list", ""),
                 "the overlay")
        page = server.get(PAGE).text
        assert "warning:" not in page[page.index('<section class="sb-overlay"'):
                                      page.index("</section>")]

        edit(english_kit / RULE_FILE, TYPO, "pick: all")
        extra.unlink()
        wait_for(lambda: "sb-warnings" not in server.get(PAGE).text, "the warnings to go")
    finally:
        assert server.stop() == 0


def test_a_first_build_that_fails_serves_the_errors(english_kit: Path, tmp_path: Path) -> None:
    rules = english_kit / RULE_FILE
    located = break_yaml(rules)
    server = start_server(english_kit, tmp_path / "tmp")
    try:
        for target in ("/", PAGE):
            response = server.get(target)
            assert response.status == 503
            assert located in response.text
            assert '<script src="/.site-builder/reload.js"' in response.text
        assert server.get("/../secret").status == 400  # the checks come first
        edit(rules, TYPO, "pick: all")
        wait_for(lambda: server.get(PAGE).status == 200, "the first good build")
        assert "sb-overlay" not in server.get(PAGE).text
    finally:
        assert server.stop() == 0


def test_another_host_is_served_only_when_asked_with_a_warning(english_kit: Path,
                                                              tmp_path: Path) -> None:
    (english_kit / "site.yaml").write_text("title: [broken\n")  # builds (fails) at once
    server = start_server(english_kit, tmp_path / "tmp", "--host", "0.0.0.0")
    try:
        wait_for(lambda: "anyone" in "".join(server.stderr), "the warning")
        warning = next(line for line in server.stderr if "anyone" in line)
        assert warning.startswith("--host: warning: ") and "network" in warning
        assert server.get("/", host=f"workshop.lan:{server.port}").status == 503
    finally:
        assert server.stop() == 0


def pdf_text(data: bytes) -> str:
    return "".join(page.extract_text() for page in PdfReader(BytesIO(data)).pages)


def test_pdfs_are_reused_unless_a_change_can_affect_them(english_kit: Path,
                                                        tmp_path: Path) -> None:
    server = start_server(english_kit, tmp_path / "tmp")
    names = ("network-worksheet", "facilitator-guide", "network-map")
    try:
        first = {n: server.get(f"/pdf/{n}.pdf").body for n in names}
        count = len(server.builds())
        edit(english_kit / RULE_FILE, OLD_TITLE, "A rules-only change")
        wait_for(lambda: "A rules-only change" in server.get(PAGE).text, "the rules change")
        assert {n: server.get(f"/pdf/{n}.pdf").body for n in names} == first
        assert len(server.builds()) > count

        edit(english_kit / "content/checklists/network.yaml", "Someone who gives you an honest",
             "Someone who tells you an honest")
        wait_for(lambda: "tells you an honest" in server.get(PAGE).text, "the checklist change")
        worksheet = server.get("/pdf/network-worksheet.pdf").body
        assert worksheet != first["network-worksheet"]
        assert "tells you an honest" in pdf_text(worksheet)

        edit(english_kit / "content/facilitator-guide.md", "Write the three ground rules",
             "Copy the three ground rules")
        wait_for(lambda: "Copy the three" in server.get("/facilitator-guide.html").text,
                 "the guide change")
        assert "Copy the three" in pdf_text(server.get("/pdf/facilitator-guide.pdf").body)
    finally:
        assert server.stop() == 0


# --- the pieces, directly ----------------------------------------------------------------

def test_request_targets_are_decoded_once() -> None:
    assert site_path("/a/b%20c.html?x=1") == ("a", "b c.html")
    assert site_path("/checklists/") == ("checklists", "")
    assert site_path("/%252e%252e/x") == ("%2e%2e", "x")
    for bad in ("/%2e%2e/x", "/a/..", "/a%2fb", "/a\\b", "/a%00", "x", "//x", "/a//b", "/%ff"):
        assert site_path(bad) is None, bad


def test_the_policy_is_loosened_for_the_reload_channel_only() -> None:
    assert loosen_csp("default-src 'none'; connect-src 'none'") == \
        "default-src 'none'; connect-src 'self'"
    assert loosen_csp("default-src 'self' data:") == \
        "default-src 'self' data:; connect-src 'self' data:"
    assert loosen_csp("script-src 'self'") == "script-src 'self'"
    assert loosen_csp("connect-src https://a.example") == \
        "connect-src https://a.example 'self'"


def test_the_watcher_ignores_what_builds_write_and_editors_leave(english_kit: Path) -> None:
    kit = english_kit.resolve()
    relevant = KitChanges(kit)
    for path in ("rules/a.yaml", "content/index.md", "site.yaml", "templates/page.html",
                 "content/media/photo.png", "notes.txt"):
        assert relevant(None, str(kit / path)), path
    for path in ("output/index.html", "reports/cohort.pdf", ".git/index",
                 ".site-builder-cache/x", "content/.index.md.swp", "rules/a.yaml~",
                 "content/#index.md#", "rules/4913", "content/.#index.md",
                 ".output.building-x/index.html", "node_modules/axe-core/axe.js"):
        assert not relevant(None, str(kit / path)), path
