"""A kit's mistakes that would freeze or quietly spoil a build: a template that never ends,
a page too long to lay out, a broken image, files that collide; each is one located line."""

from __future__ import annotations

import shutil
import struct
import zlib
from pathlib import Path

import pytest

from site_builder.render import deadline
from site_builder.render.pdf import jobs
from tests.bad_cases import diagnostics_of, run
from tests.kits import MINIMAL

# Two nested loops of 100,000 (the sandbox's largest range): 10^10 turns, for ever in practice.
ENDLESS = "{% for i in range(100000) %}{% for j in range(100000) %}{% endfor %}{% endfor %}\n"


def kit_with(tmp_path: Path, files: dict[str, str | bytes]) -> Path:
    kit = shutil.copytree(MINIMAL, tmp_path / "kit")
    for name, data in files.items():
        path = kit / name
        path.parent.mkdir(parents=True, exist_ok=True)
        if isinstance(data, bytes):
            path.write_bytes(data)
        else:
            path.write_text(data, encoding="utf-8")
    return kit


def build_lines(kit: Path, tmp_path: Path) -> list[str]:
    result = run("build", "--kit", kit, "--out", tmp_path / "out", "--no-cache", "--jobs", "1")
    assert result.exit_code == 1, result.output
    return diagnostics_of(result)


def test_a_template_that_never_ends_is_stopped_and_named(tmp_path: Path,
                                                         monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(deadline, "PAGE_SECONDS", 1.0)
    kit = kit_with(tmp_path, {"templates/endless.html": "<p>\n" + ENDLESS,
                              "content/slow.md": "---\ntitle: Slow\nlayout: endless.html\n---\n"
                                                 "# Slow\n"})
    assert build_lines(kit, tmp_path) == [
        "templates/endless.html:2: error: took longer than 1 s to render (while rendering page "
        "'content/slow.md'); does a loop in the template never end?"]


def test_a_printed_page_too_long_to_lay_out_is_stopped_and_named(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(jobs, "TIMEOUT", 0.5)
    rows = "".join(f"| {i} | {'word ' * 20} |\n" for i in range(3000))
    kit = kit_with(tmp_path, {"content/table.md": "---\ntitle: Table\nprint: true\n---\n"
                                                  f"# Table\n\n| n | text |\n|---|---|\n{rows}"})
    assert build_lines(kit, tmp_path) == [
        "content/table.md:1:1: error: pdf/table.pdf took longer than 0.5 s to make; split it up or "
        "shorten its tables"]


def png(width: int, height: int) -> bytes:
    """A black-and-white PNG of any size (1 bit a pixel: small even when huge)."""
    def chunk(kind: bytes, data: bytes) -> bytes:
        body = kind + data
        return struct.pack(">I", len(data)) + body + struct.pack(">I", zlib.crc32(body))

    rows = (b"\x00" + b"\x00" * -(-width // 8)) * height
    return (b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", struct.pack(">IIBBBBB", width, height, 1, 0,
                                                               0, 0, 0))
            + chunk(b"IDAT", zlib.compress(rows, 9)) + chunk(b"IEND", b""))


PRINTED = "---\ntitle: Printed\nprint: true\n---\n# Printed\n\n![A picture](images/{name})\n"


def test_a_broken_image_on_a_printed_page_is_named(tmp_path: Path) -> None:
    kit = kit_with(tmp_path, {"content/printed.md": PRINTED.format(name="broken.png"),
                              "content/images/broken.png": png(4, 4)[:40]})
    assert build_lines(kit, tmp_path) == [
        "content/printed.md:1:1: error: pdf/printed.pdf shows the image "
        "'content/images/broken.png', which is not an image it can read, so the PDF would "
        "leave it out; save it again as a PNG, JPEG, GIF, WebP or SVG file"]


def test_a_huge_image_is_named_in_the_tools_own_words(tmp_path: Path) -> None:
    kit = kit_with(tmp_path, {"content/printed.md": PRINTED.format(name="huge.png"),
                              "content/images/huge.png": png(10_000, 10_000)})
    assert build_lines(kit, tmp_path) == [
        "content/printed.md:1:1: error: pdf/printed.pdf shows the image "
        "'content/images/huge.png', of 100,000,000 pixels, more than the 89,478,485 a PDF "
        "may hold; make it smaller"]


def test_a_time_limit_holds_when_the_code_inside_swallows_its_error() -> None:
    """WeasyPrint (or any library) may catch the TimeoutError raised in its code and go on;
    the limit must still hold when the block ends late."""
    import contextlib
    import time

    from site_builder.render.deadline import time_limit

    with pytest.raises(TimeoutError), time_limit(0.05), \
            contextlib.suppress(TimeoutError):  # as a library's broad `except` would
        time.sleep(0.2)


def test_a_template_embedding_nan_as_json_is_named_not_published(tmp_path: Path) -> None:
    """The assessment page reads its data with JSON.parse, which refuses NaN: a template's
    `json_script` of one is a located error, not a page that silently stops working."""
    kit = kit_with(tmp_path, {
        "templates/data.html": '{% extends "base.html" %}{% block main %}\n'
                               '<script type="application/json">'
                               '{{ {"score": (page.url[:0] ~ "nan")|float}|json_script }}'
                               '</script>{% endblock %}\n',
        "content/data.md": "---\ntitle: Data\nlayout: data.html\n---\n# Data\n"})
    assert build_lines(kit, tmp_path) == [
        "templates/data.html:2: error: json_script was given NaN or an infinity, which JSON "
        "cannot hold (the page could not read it); give it ordinary numbers (while rendering "
        "page 'content/data.md')"]
