"""PDFs in tests: a small kit that prints, made in memory; a worksheet filled in as a PDF
viewer fills it; and a build's output files compared with PDFs read as text."""

from __future__ import annotations

import struct
import zlib
from collections.abc import Mapping
from io import BytesIO
from pathlib import Path
from typing import Any

from pypdf import PdfReader, PdfWriter
from pypdf.generic import NameObject

from site_builder.diagnostics import Location
from site_builder.model import AnswerOption, Checklist, Kit, Page, Question, Score, Section, Site

HANDOUT = Location("content/handouts/handout.md", 1, 1)


def tiny_png() -> bytes:
    """A valid 1x1 PNG, made here so the test needs no image library."""
    def chunk(kind: bytes, data: bytes) -> bytes:
        body = kind + data
        return struct.pack(">I", len(data)) + body + struct.pack(">I", zlib.crc32(body))

    header = struct.pack(">IIBBBBB", 1, 1, 8, 2, 0, 0, 0)
    return (b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", header)
            + chunk(b"IDAT", zlib.compress(b"\x00\xff\x00\x00")) + chunk(b"IEND", b""))


def make_kit(root: Path, html: str = "<h1>Handout</h1><p>Plain words.</p>",
             template: str | None = None, paper: Any = "A4") -> Kit:
    (root / "content" / "handouts").mkdir(parents=True)
    (root / "content" / "images").mkdir()
    (root / "content" / "images" / "dot.png").write_bytes(tiny_png())
    templates_dir = None
    if template is not None:
        templates_dir = root / "templates"
        templates_dir.mkdir()
        (templates_dir / "print-page.html").write_text(template)
    scale = (AnswerOption("yes", "Yes", 1), AnswerOption("no", "No", 0))
    checklist = Checklist(
        id="quiz", title="Quick quiz", intro_html="<p>Answer honestly.</p>",
        sections=(Section("s", "Only section", "<p>Intro.</p>", (
            Question("mentor", "Someone wise to ask", "s", answers=scale, write_in=2),
            Question("hours", "Hours spent meeting people", "s", type="number",
                     minimum=0, maximum=40),
            Question("notes", "Anything else to add", "s", type="text"),
        )),),
        scores=(Score("total", "Total", ("mentor",)),), version="v1",
        source="checklists/quiz.yaml", url="checklists/quiz.html",
        location=Location("content/checklists/quiz.yaml", 1, 1),
    )
    page = Page("handouts/handout.md", "handouts/handout.html", "Handout", html, print=True,
                location=HANDOUT)
    return Kit(root=root, site=Site(title="Paper kit", language="en-GB", paper=paper),
               pages=(page,), checklists={"quiz": checklist}, rule_sets=(), rule_tests=(),
               static_files=("images/dot.png",), templates_dir=templates_dir)


def fill(blank: Path, out: Path, values: Mapping[str, str]) -> Path:
    """Fill the worksheet as a PDF viewer does: a radio group's /V names the ticked
    button's appearance state, each button's /AS shows it or /Off; text fields get /V."""
    writer = PdfWriter(clone_from=blank)
    form: Any = writer.root_object["/AcroForm"]
    texts: dict[str, str] = {}
    groups = {str(f.get_object()["/T"]): f.get_object() for f in form["/Fields"]
              if "/Opt" in f.get_object()}
    for name, value in values.items():
        group = groups.get(name)
        if group is None:
            texts[name] = value
            continue
        index = [str(option) for option in group["/Opt"]].index(value)
        group[NameObject("/V")] = NameObject(f"/{index}")
        for position, kid in enumerate(group["/Kids"]):
            state = f"/{index}" if position == index else "/Off"
            kid.get_object()[NameObject("/AS")] = NameObject(state)
    if texts:
        writer.update_page_form_field_values(None, texts, auto_regenerate=True)
    writer.write(out)
    return out


def contents(out: Path) -> dict[str, object]:
    """Every output file: HTML and other files by bytes, PDFs by page count and text."""
    files: dict[str, object] = {}
    for path in sorted(out.rglob("*")):
        if path.is_file():
            name = path.relative_to(out).as_posix()
            if path.suffix == ".pdf":
                reader = PdfReader(BytesIO(path.read_bytes()))
                files[name] = (len(reader.pages),
                               [page.extract_text() for page in reader.pages])
            else:
                files[name] = path.read_bytes()
    return files
