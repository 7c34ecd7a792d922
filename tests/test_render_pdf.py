"""The PDFs, made for real with WeasyPrint and read back with pypdf."""

from __future__ import annotations

import subprocess
import sys
from io import BytesIO
from pathlib import Path
from typing import Any

import pytest
from pypdf import PdfReader

from site_builder.diagnostics import KitError, Location
from site_builder.model import Kit
from site_builder.render.pdf.batch import render_pdfs
from site_builder.render.pdf.jobs import pdf_targets
from site_builder.render.pdf.weasy import write_pdf
from site_builder.render.templating import make_environment, render_template
from tests.pdfs import HANDOUT, make_kit, tiny_png

REPO = Path(__file__).resolve().parent.parent


def text_of(reader: PdfReader) -> str:
    return " ".join(" ".join(page.extract_text().split()) for page in reader.pages)


def xobjects(reader: PdfReader) -> dict[str, Any]:
    resources: Any = reader.pages[0]["/Resources"]
    return dict(resources.get("/XObject", {}))


def assert_accessible_and_self_contained(reader: PdfReader, title: str, lang: str) -> None:
    root: Any = reader.trailer["/Root"]
    assert "/StructTreeRoot" in root and root["/MarkInfo"]["/Marked"]
    assert root["/Lang"] == lang
    assert reader.metadata is not None and reader.metadata.title == title
    assert "/EmbeddedFiles" not in root.get("/Names", {})
    for page in reader.pages:
        for annotation in page.get("/Annots") or []:
            assert annotation.get_object()["/Subtype"] != "/FileAttachment"


def test_default_kit_worksheet(tmp_path: Path) -> None:
    from site_builder.kit.load import load_kit

    kit = load_kit(REPO)
    [worksheet] = [t for t in pdf_targets(kit) if t.checklist is not None]
    html = render_template(make_environment(kit), worksheet.template,
                           _context(kit, worksheet), kit, "test")
    data, problems = write_pdf(kit, worksheet, html)
    assert problems == []
    reader = PdfReader(BytesIO(data))
    assert len(reader.pages) <= 2
    text = text_of(reader)
    for question in kit.checklists["network"].questions:
        assert " ".join(question.text.split()) in text
    assert "One step this week" in text and "Scoring key" in text
    assert "Page 1 of" in text and kit.site.title in text
    assert_accessible_and_self_contained(reader, worksheet.title, "en")
    width, height = reader.pages[0].mediabox.width, reader.pages[0].mediabox.height
    assert (round(float(width)), round(float(height))) == (595, 842)


def _context(kit: Kit, target: Any) -> dict[str, Any]:
    from site_builder.render.pdf.jobs import pdf_context

    return pdf_context(kit, target)


def test_render_pdfs_writes_every_target_on_letter_paper(tmp_path: Path) -> None:
    kit = make_kit(tmp_path / "kit", paper="Letter", html=(
        '<h1>Handout</h1><table><tr><th>When</th><td>Now</td></tr></table>'
        '<p><img src="images/dot.png" alt="dot"> <a href="index.html">home</a></p>'))
    out = tmp_path / "out"
    written = render_pdfs(kit, out)
    assert sorted(p.relative_to(out).as_posix() for p in written) == [
        "pdf/handouts-handout.pdf", "pdf/quiz-worksheet.pdf"]
    worksheet = PdfReader(out / "pdf/quiz-worksheet.pdf")
    text = text_of(worksheet)
    for question in ("Someone wise to ask", "Hours spent meeting people", "Anything else to add"):
        assert question in text
    handout = PdfReader(out / "pdf/handouts-handout.pdf")
    assert_accessible_and_self_contained(handout, "Handout", "en-GB")
    assert "When Now" in text_of(handout)
    box = handout.pages[0].mediabox
    assert (round(float(box.width)), round(float(box.height))) == (612, 792)
    images = [x for x in xobjects(handout).values() if x.get_object()["/Subtype"] == "/Image"]
    assert len(images) == 1  # the kit's own image is allowed
    uris = [a.get_object().get("/A", {}).get("/URI") for a in handout.pages[0].get("/Annots") or []]
    assert not any(str(uri).startswith("file:") for uri in uris)  # no local paths in a PDF


ATTACKS = """{% extends "pdf-base.html" %}
{% block head %}<link rel="attachment" href="/etc/passwd">{% endblock %}
{% block body %}<h1>{{ page.title }}</h1>
<img src="/etc/passwd" alt="one">
<img src="file:///etc/passwd" alt="two">
<img src="http://example.com/x.png" alt="three">
<img src="leak.png" alt="four">
<a rel="attachment" href="file:///etc/passwd">attached</a>
<img src="data:image/png;base64,{{ dot }}" alt="allowed">
{% endblock %}
"""


def test_nothing_outside_the_kit_gets_in(tmp_path: Path) -> None:
    import base64

    kit = make_kit(tmp_path / "kit", template=ATTACKS.replace(
        "{{ dot }}", base64.b64encode(tiny_png()).decode()))
    (kit.root / "content" / "handouts" / "leak.png").symlink_to("/etc/passwd")
    out = tmp_path / "out"
    with pytest.raises(KitError) as caught:
        render_pdfs(kit, out)
    messages = [d.message for d in caught.value.diagnostics]
    assert {d.location for d in caught.value.diagnostics} == {HANDOUT}
    for needle in ("'/etc/passwd', which is outside the kit",
                   "'http://example.com/x.png', which is outside the kit",
                   "'content/handouts/leak.png' (a link to '/etc/passwd')",
                   "<link rel=\"attachment\">", "attach 'file:///etc/passwd'"):
        assert any(needle in m for m in messages), needle
    assert not (out / "pdf/handouts-handout.pdf").exists()
    [target] = [t for t in pdf_targets(kit) if t.page is not None]
    html = render_template(make_environment(kit), target.template, _context(kit, target),
                           kit, "test")
    data, problems = write_pdf(kit, target, html)
    assert len(problems) == len(messages)
    reader = PdfReader(BytesIO(data))
    assert_accessible_and_self_contained(reader, "Handout", "en-GB")
    assert len(xobjects(reader)) == 1  # only the data: image
    assert b"root:" not in data


def test_template_error_in_a_pdf_template(tmp_path: Path) -> None:
    kit = make_kit(tmp_path / "kit", template='{% extends "pdf-base.html" %}\n'
                   "{% block body %}{{ missing.thing }}{% endblock %}\n")
    with pytest.raises(KitError) as caught:
        render_pdfs(kit, tmp_path / "out")
    [diagnostic] = caught.value.diagnostics
    assert diagnostic.location == Location("templates/print-page.html", 2)


def test_importing_the_pdf_module_does_not_load_weasyprint() -> None:
    code = ("import sys, site_builder.render.pdf.jobs, site_builder.render.site; "
            "sys.exit('weasyprint' in sys.modules)")
    result = subprocess.run([sys.executable, "-c", code], cwd=REPO, check=False)
    assert result.returncode == 0
