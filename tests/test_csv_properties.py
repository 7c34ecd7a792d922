"""Properties of the CSV reader over generated exports: rows of every kind, quotes,
delimiters, encodings and long cells. Whatever the bytes, the reader answers with the
project's own located diagnostics only, never an exception, never a hang; a well-formed
export reads back exactly; the CLI exits 0 or 1."""

from __future__ import annotations

import csv
import io
import re
from pathlib import Path
from tempfile import TemporaryDirectory

from click.testing import CliRunner
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from site_builder.answers.responses import MAX_FIELD_BYTES, Responses, read_responses
from site_builder.cli import cli
from site_builder.kit.load import load_kit
from site_builder.model import Checklist
from tests.kits import ROOT

# The profile loaded by tests/conftest.py (`ci`, or `nightly` by HYPOTHESIS_PROFILE), with
# room for the slow generators of whole exports.
CI = settings(suppress_health_check=[HealthCheck.too_slow])
NETWORK = load_kit(ROOT).checklists["network"]
COLUMNS = ["Your name", "sounding_board", "confidant", "note"]
ANSWERS = ["yes", "no", "not_sure", "Not sure", ""]
# Every message the reader may give about a CSV: its own words, located in the file.
OWN = re.compile(
    r"r\.csv(:\d+(:\d+)?)?: (error|warning): (row of \".*?\": )?("
    r"a quote \(\"\) opens a cell on this row|text follows the closing quote|CSV error: |"
    r"column [A-Z]+ \".*\" holds [\d.]+ MB; a cell is limited|column [A-Z]+ \".*\": \".*\" "
    r"is not one of|"
    r"this row has \d+ cells but the header has|this file is not UTF-8; it was read as|"
    r"this file is neither UTF-8|this file starts as UTF-16|this file is empty|"
    r"no column matches a question|no column named|columns \".*\" and \".*\" both answer).*",
    re.DOTALL)
ENCODINGS = ["utf-8", "utf-8-sig", "utf-16", "cp1252"]

text = st.text(st.characters(exclude_categories=["Cs"], exclude_characters="\x00\r"),
               max_size=30)
rows = st.lists(st.tuples(text, st.sampled_from(ANSWERS), st.sampled_from(ANSWERS), text,
                          st.sampled_from([0, 0, 0, MAX_FIELD_BYTES + 1])),
                min_size=1, max_size=8)


def read(data: bytes, folder: Path) -> Responses:
    path = folder / "r.csv"
    path.write_bytes(data)
    result = read_responses([path], NETWORK, "Your name")
    for problem in result.problems:
        assert OWN.fullmatch(str(problem).replace(f"{folder}/", "")), str(problem)
    return result


def expected(row: tuple[str, str, str, str, int], checklist: Checklist = NETWORK
             ) -> dict[str, str]:
    values = {"yes": "yes", "no": "no", "not_sure": "not_sure", "Not sure": "not_sure"}
    return {q: values[a] for q, a in zip(["sounding_board", "confidant"], row[1:3],
                                         strict=True) if a}


@settings(CI)
@given(rows=rows, delimiter=st.sampled_from([",", ";", "\t"]),
       encoding=st.sampled_from(ENCODINGS))
def test_a_well_formed_export_reads_back_row_for_row(
        rows: list[tuple[str, str, str, str, int]], delimiter: str, encoding: str) -> None:
    buffer = io.StringIO(newline="")
    writer = csv.writer(buffer, delimiter=delimiter, lineterminator="\r\n")
    writer.writerow(COLUMNS)
    for name, first, second, note, long in rows:
        writer.writerow(["P" + name, first, second, note + "x" * long])
    try:
        data = buffer.getvalue().encode(encoding)
    except UnicodeEncodeError:
        data = buffer.getvalue().encode("utf-8")  # cp1252 cannot hold every name
    with TemporaryDirectory() as folder:
        result = read(data, Path(folder))
    good = [row for row in rows if not row[4]]
    assert [p.answers for p in result.participants] == [expected(row) for row in good]
    assert result.skipped == len(rows) - len(good)
    assert all(d.severity == "warning" for d in result.problems) == (len(good) == len(rows))


@settings(CI)
@given(lines=st.lists(st.lists(st.sampled_from(
    ["Ana", "yes", "no", '"', '"a', 'b"', '""', "x,y", "\n", ";", "\t", "é", "\x00"]),
    max_size=8), max_size=10),
       encoding=st.sampled_from(ENCODINGS))
def test_any_quoting_gets_only_located_diagnostics(lines: list[list[str]],
                                                   encoding: str) -> None:
    text_ = "Your name,sounding_board,confidant,note\n" + "\n".join(
        ",".join(cells) for cells in lines) + "\n"
    try:
        data = text_.encode(encoding)
    except UnicodeEncodeError:
        data = text_.encode("utf-8")
    with TemporaryDirectory() as folder:
        result = read(data, Path(folder))
    lines_in_file = text_.count("\n")
    assert all(2 <= p.source.line <= lines_in_file for p in result.participants)
    assert len(result.participants) + result.skipped <= lines_in_file


@settings(CI)
@given(data=st.binary(max_size=300))
def test_any_bytes_get_only_located_diagnostics(data: bytes) -> None:
    with TemporaryDirectory() as folder:
        read(b"Your name,sounding_board\n" + data, Path(folder))


@settings(CI, max_examples=20)
@given(lines=st.lists(st.sampled_from(['Ana,yes,no,"open', "Bob,no,no,ok", 'Cy,yes,"x"y,z',
                                       "Dee,maybe,no,", "\x00", 'Eve,no,yes,"a\nb"']),
                      max_size=4))
def test_the_cli_exits_0_or_1(lines: list[str]) -> None:
    with TemporaryDirectory() as folder:
        path = Path(folder) / "r.csv"
        path.write_text("Your name,sounding_board,confidant,note\n" + "\n".join(lines),
                        encoding="utf-8")
        result = CliRunner().invoke(cli, ["report", str(path), "--kit", str(ROOT), "--out",
                                          str(Path(folder) / "out"), "--name-column",
                                          "Your name", "--jobs", "1"])
    assert result.exception is None or isinstance(result.exception, SystemExit)
    assert result.exit_code in (0, 1), result.output
