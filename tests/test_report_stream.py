"""`report` over a stream of responses: a report is made as its row is read, a few wait at
once whatever the number of rows, earlier runs' reports are counted, and a damaged filled
PDF is spoken of in the tool's own words."""

from __future__ import annotations

import signal
import subprocess
import sys
import time
import tracemalloc
from collections.abc import Iterator
from pathlib import Path

import pytest

from site_builder.answers.responses import Participant, ResponseStream
from site_builder.diagnostics import Diagnostic, Location
from site_builder.kit.load import load_kit
from site_builder.parallel import Workers
from site_builder.report import prepare_output, report_participants
from tests.kits import ROOT
from tests.pdfs import fill

NETWORK_30 = ROOT / "tests" / "fixtures" / "responses" / "network-30.csv"


def site_builder(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-m", "site_builder", "report", "--kit", str(ROOT),
                           *args], capture_output=True, text=True, timeout=300, check=False)


def _square(number: int) -> int:
    return number * number


@pytest.mark.parametrize("jobs", [1, 3])
def test_the_pool_takes_a_stream_a_window_at_a_time(jobs: int) -> None:
    taken: list[int] = []
    waiting: list[int] = []
    done = 0

    def numbers() -> Iterator[int]:
        for number in range(40):
            waiting.append(len(taken) - done)
            taken.append(number)
            yield number

    results = []
    with Workers(jobs) as workers:
        for number, outcome in workers.stream(_square, numbers(), jobs - 1, 2 * jobs):
            done += 1
            results.append((number, outcome.get()))
    assert sorted(results) == [(n, n * n) for n in range(40)]
    assert max(waiting) <= 2 * jobs  # never more than the window waits


def test_a_report_is_written_before_the_next_row_is_read(tmp_path: Path) -> None:
    kit = load_kit(ROOT)
    network = kit.checklists["network"]
    out = prepare_output(kit, tmp_path / "reports")
    seen: list[int] = []

    def rows() -> Iterator[Participant | Diagnostic]:
        for number in range(1, 4):
            seen.append(len(list(out.glob("*.pdf"))))
            yield Participant({"sounding_board": "yes"}, Location("r.csv", number + 1),
                              f"P{number}", f"r-row-{number + 1}")
        yield Diagnostic(Location("r.csv", 5), "a bad row")

    outcome = report_participants(kit, network, rows(), 1, out, jobs=1)
    assert seen == [0, 1, 2]
    assert len(outcome.written) == 3 and outcome.cohort is not None
    assert [str(p) for p in outcome.problems][:1] == ["r.csv:5: error: a bad row"]
    assert outcome.skipped == 1


def test_reading_5000_rows_holds_their_short_names_not_the_rows(tmp_path: Path) -> None:
    network = load_kit(ROOT).checklists["network"]
    path = tmp_path / "big.csv"
    cells = ["yes", "no", "not_sure"]
    with path.open("w", encoding="utf-8") as file:
        file.write("Your name,sounding_board,confidant,note\n")
        for number in range(5000):
            file.write(f'P{number},{cells[number % 3]},{cells[number % 2]},"a note\n'
                       f'over two lines {"x" * 200}"\n')
    stream = ResponseStream([path], network, "Your name")
    tracemalloc.start()
    try:
        count = 0
        for item in stream:
            assert isinstance(item, Participant)
            count += 1
            if count == 100:
                tracemalloc.reset_peak()
                base = tracemalloc.get_traced_memory()[0]
        peak = tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()
    assert count == 5000
    # The file is 1.2 MB, its text 2.4 MB or more in memory. What grows is each row's short
    # name (its ident, kept to keep names unique across files): about 200 bytes a row.
    assert peak - base < 4900 * 250


def test_reports_of_an_earlier_run_are_counted(tmp_path: Path) -> None:
    out = tmp_path / "reports"
    first = site_builder(str(NETWORK_30), "--out", str(out), "--name-column", "Your name",
                         "--jobs", "2")
    assert first.returncode == 1, first.stderr  # the fixture has bad rows
    two = tmp_path / "two.csv"
    two.write_text("Your name,sounding_board\nAmira,yes\nBen,no\n", encoding="utf-8")
    second = site_builder(str(two), "--out", str(out), "--name-column", "Your name")
    assert second.returncode == 0, second.stderr
    written = len(list(out.glob("*.pdf")))
    assert second.stdout.splitlines()[-1] == (
        f"wrote 2 reports and a cohort summary to {out}/; 0 rows skipped; "
        f"{written - 3} reports from an earlier run are also there (delete them, or give "
        "each run its own --out)")


def test_a_damaged_filled_pdf_is_one_located_warning(tmp_path: Path) -> None:
    from site_builder.render.pdf.jobs import pdf_context, pdf_targets
    from site_builder.render.pdf.weasy import write_pdf
    from site_builder.render.templating import make_environment, render_template

    kit = load_kit(ROOT)
    [target] = [t for t in pdf_targets(kit) if t.checklist is kit.checklists["network"]]
    html = render_template(make_environment(kit), target.template, pdf_context(kit, target),
                           kit, "test")
    blank = tmp_path / "blank.pdf"
    blank.write_bytes(write_pdf(kit, target, html)[0])
    data = fill(blank, tmp_path / "ok.pdf", {"sounding_board": "not_sure"}).read_bytes()
    damaged = tmp_path / "damaged.pdf"  # its pointer to the cross-reference table is wrong
    damaged.write_bytes(data[:data.rindex(b"startxref")] + b"startxref\n999999\n%%EOF\n")
    truncated = tmp_path / "truncated.pdf"
    truncated.write_bytes(data[:data.rindex(b"%%EOF")])
    result = site_builder(str(damaged), str(truncated), "--out", str(tmp_path / "out"))
    assert result.returncode == 1
    assert result.stderr.splitlines() == [  # sorted by file, then message
        f"{damaged}: warning: only 1 person in cohort-summary.pdf: answers may be "
        "identifiable; share it with care",
        f"{damaged}: warning: this PDF is damaged (its table of contents is wrong), so it "
        "was read by searching it; check this person's answers in their report, or save "
        "the filled PDF again from the viewer",
        f"{truncated}: error: not a readable PDF: it is damaged or cut short; save the "
        "filled PDF again from the viewer",
        f"wrote 1 report and a cohort summary to {tmp_path / 'out'}/; 1 row skipped",
    ]


@pytest.mark.parametrize("sent", [signal.SIGTERM, signal.SIGINT], ids=["kill", "ctrl-c"])
def test_a_stopped_report_run_says_one_line_and_leaves_no_part_file(
        tmp_path: Path, sent: signal.Signals) -> None:
    """`kill` (SIGTERM) or Ctrl-C in the middle of a long run: one line of our own (no
    "Aborted!"), exit 143 or 130, every PDF in the folder whole, no temporary file left."""
    rows = ["Your name,sounding_board,cross_org_allies,industry_peers,confidant,"
            "similar_situation,long_time_friends"]
    rows += [f"P{i},yes,no,not_sure,no,yes,no" for i in range(400)]
    export = tmp_path / "room.csv"
    export.write_text("\n".join(rows) + "\n", encoding="utf-8")
    out = tmp_path / "reports"
    process = subprocess.Popen(
        [sys.executable, "-m", "site_builder", "report", str(export), "--kit", str(ROOT),
         "--out", str(out), "--jobs", "1"], stdout=subprocess.PIPE, stderr=subprocess.PIPE,
        text=True, preexec_fn=lambda: signal.signal(signal.SIGINT, signal.SIG_DFL))
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline and not list(out.glob("*.pdf")):
        time.sleep(0.1)
    process.send_signal(sent)
    _, stderr = process.communicate(timeout=60)
    assert process.returncode == 128 + sent, stderr
    assert "Aborted" not in stderr and "Traceback" not in stderr
    assert stderr.strip().splitlines()[-1].startswith("stopped; the reports written so far")
    assert not [p.name for p in out.iterdir() if p.name.endswith(".tmp")]
    for pdf in out.glob("*.pdf"):
        assert pdf.read_bytes().rstrip().endswith(b"%%EOF"), pdf.name
