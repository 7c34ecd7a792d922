"""A form export's rows, read as a stream: unbalanced quotes, huge cells and the encodings
Microsoft Forms and Excel save, each costing only its own row."""

from __future__ import annotations

from pathlib import Path

import pytest

from site_builder.answers.responses import Responses, read_responses
from site_builder.kit.load import load_kit
from site_builder.model import Checklist
from tests.kits import ROOT

HEADER = "Your name,sounding_board,confidant,note\n"


@pytest.fixture(scope="module")
def network() -> Checklist:
    return load_kit(ROOT).checklists["network"]


def read(network: Checklist, tmp_path: Path, data: bytes | str) -> Responses:
    path = tmp_path / "r.csv"
    if isinstance(data, str):
        path.write_text(data, encoding="utf-8")
    else:
        path.write_bytes(data)
    return read_responses([path], network, "Your name")


def shown(result: Responses, tmp_path: Path) -> list[str]:
    return [str(d).replace(f"{tmp_path}/", "") for d in result.problems]


def names(result: Responses) -> list[str | None]:
    return [p.name for p in result.participants]


UNCLOSED = ('a quote (") opens a cell on this row and is not closed before the next rows, '
            "so they would be read into it; this row is skipped: close the quote or remove it")


@pytest.mark.parametrize("text", [
    # the quote closes at the end of a later row: a well-formed record that swallowed two
    HEADER + 'Ana,yes,no,"I think\nBob,no,no,fine\nCy,yes,yes,ok\nDee,no,no,done"\n',
    # the quote never closes: everything after it, to the end of the file
    HEADER + 'Ana,yes,no,"I think\nBob,no,no,fine\nCy,yes,yes,ok\nDee,no,no,done\n',
    # the quote closes inside a later row, text after it
    HEADER + 'Ana,yes,no,"I think\nBob,no,no,fine\nCy,yes,yes,ok\nDee,no,no,"done"\n',
])
def test_an_unclosed_quote_costs_its_own_row_only(network: Checklist, tmp_path: Path,
                                                  text: str) -> None:
    result = read(network, tmp_path, text)
    assert shown(result, tmp_path) == [f'r.csv:2: error: row of "Ana": {UNCLOSED}']
    assert names(result) == ["Bob", "Cy", "Dee"]
    assert [p.source.line for p in result.participants] == [3, 4, 5]
    assert result.skipped == 1


def test_a_cell_over_several_lines_is_still_one_cell(network: Checklist, tmp_path: Path) -> None:
    text = HEADER + 'Ana,yes,no,"Work, family\nand, the rest\nno, more"\nBob,no,no,x\n'
    result = read(network, tmp_path, text)
    assert result.problems == ()
    assert names(result) == ["Ana", "Bob"]
    assert [p.source.line for p in result.participants] == [2, 5]


def test_a_10_mb_cell_costs_its_own_row_only(network: Checklist, tmp_path: Path) -> None:
    big = "x" * (10 * 1024 * 1024)
    text = HEADER + "Ana,yes,no,ok\n" + f'Bob,no,no,"{big}"\n' + "Cy,yes,yes,ok\n"
    result = read(network, tmp_path, text)
    assert shown(result, tmp_path) == [
        'r.csv:3: error: row of "Bob": column D "note" holds 10.0 MB; a cell is limited to '
        "1 MB, so this row is skipped"]
    assert names(result) == ["Ana", "Cy"]


def test_utf16_with_a_bom_is_read(network: Checklist, tmp_path: Path) -> None:
    text = (HEADER + "Zoë,yes,no,café\nŁukasz,no,yes,\n").replace("\n", "\r\n")
    for encoding in ("utf-16-le", "utf-16-be"):
        bom = b"\xff\xfe" if encoding.endswith("le") else b"\xfe\xff"
        result = read(network, tmp_path, bom + text.encode(encoding))
        assert result.problems == ()
        assert names(result) == ["Zoë", "Łukasz"]
        assert result.participants[0].answers == {"sounding_board": "yes", "confidant": "no"}


def test_windows_1252_is_read_with_one_warning(network: Checklist, tmp_path: Path) -> None:
    data = (HEADER + "Zoë,yes,no,“quoted” \u2013 café €5\nRenée,no,yes,\n").encode("cp1252")
    result = read(network, tmp_path, data)
    assert shown(result, tmp_path) == [
        "r.csv: warning: this file is not UTF-8; it was read as Windows-1252 (as Excel "
        "saves it), so check the names in the reports, or save it with UTF-8 encoding"]
    assert names(result) == ["Zoë", "Renée"]
    assert result.skipped == 0


def test_bytes_that_are_no_known_encoding_are_refused(network: Checklist,
                                                      tmp_path: Path) -> None:
    # 0x81 is undefined in Windows-1252 and not UTF-8 after a plain letter
    result = read(network, tmp_path, HEADER.encode() + b"Zo\x81,yes,no,\n")
    assert shown(result, tmp_path) == [
        "r.csv:2:3: error: this file is neither UTF-8, UTF-16 nor Windows-1252 text; "
        "save it with UTF-8 encoding"]
    assert result.skipped == 1
