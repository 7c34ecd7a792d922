"""The kit YAML loader: strict types, positions, and what it refuses."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from site_builder.kit import yamlfile
from site_builder.kit.markdown import FRONT_MATTER_FENCE
from site_builder.kit.yamlfile import YamlError, YMap, YSeq, parse_yaml, to_plain


def test_yes_no_on_off_and_times_stay_text() -> None:
    node = parse_yaml("a: yes\nb: no\nc: on\nd: off\ne: 09:30\nf: true\ng: 1.5\nh: null\n", "x")
    assert to_plain(node) == {"a": "yes", "b": "no", "c": "on", "d": "off", "e": "09:30",
                              "f": True, "g": 1.5, "h": None}


def test_every_key_and_value_has_its_position() -> None:
    node = parse_yaml("title: x\nsections:\n  - id: a\n", "k.yaml")
    assert isinstance(node, YMap)
    assert str(node.key_loc("sections")) == "k.yaml:2:1"
    sections = node.get("sections")
    assert isinstance(sections, YSeq)
    section = sections.items[0]
    assert isinstance(section, YMap)
    assert str(section.key_loc("id")) == "k.yaml:3:5"


def test_front_matter_positions_count_from_the_given_line() -> None:
    node = parse_yaml("title: x\norder: 2\n", "p.md", first_line=2)
    assert isinstance(node, YMap)
    assert node.key_loc("order").line == 3


@pytest.mark.parametrize(("text", "message"), [
    ("a: 1\nb: 2\na: 3\n", "k.yaml:3:1: error: duplicate key 'a' (first defined at line 1)"),
    ("a: &x 1\nb: *x\n", "k.yaml:1:4: error: anchors (&name) are not allowed"),
    ("a: !!python/object:os.system 1\n", "k.yaml:1:4: error: tags such as"),
    ("a:\n\t- 1\n", "k.yaml:2:1: error: a tab is used for indentation"),
    ("a: [1, 2\n", "k.yaml:2:1: error: YAML syntax error"),
    ("a: b: c\n", "k.yaml:1:5: error: YAML syntax error: mapping values are not allowed here"),
    ("[" * 60 + "]" * 60, "k.yaml:1:25: error: nesting is deeper than 24 levels"),
    ("<<: {a: 1}\n", "merge keys"),
    ("a: 1\nb: x\x01y\n", "k.yaml:2:5: error: this file holds an invisible control character "
     "(U+0001)"),
    ('a: "\\uD800"\n', "k.yaml:1:4: error: '\\uD800' is half of a character pair"),
    ('"x\\uDC00": 1\n', "k.yaml:1:1: error: '\\uDC00' is half of a character pair"),
])
def test_refused(text: str, message: str) -> None:
    with pytest.raises(YamlError) as caught:
        parse_yaml(text, "k.yaml")
    assert message in str(caught.value)


MISPLACED = "YAML syntax error: this key is indented"
NO_COLON = "YAML syntax error: a colon is missing after the key"
QUOTES = ("YAML syntax error: mapping values are not allowed here; a value containing ': ' "
          "needs quotes")


@pytest.mark.parametrize(("text", "message"), [
    # between two levels: both are offered
    ("a:\n  - id: x\n    when:\n      q: 1\n     advice:\n      t: 2\n",
     f"5:6: error: {MISPLACED} differently from the keys above it: line it up with 'when' on "
     "line 3 (column 5) or with 'q' on line 4 (column 7)"),
    ("a:\n    b: 1\n   c: 2\n", f"3:4: error: {MISPLACED} differently from the keys above "
     "it: line it up with 'a' on line 1 (column 1) or with 'b' on line 2 (column 5)"),
    # deeper than a key that has a value: after text, quoted text, a flow mapping
    ("title: x\n  language: en\n", f"2:3: error: {MISPLACED} more than the keys above it: "
     "line it up with 'title' on line 1 (column 1)"),
    ('a:\n  b: "x"\n    c: 1\n', f"3:5: error: {MISPLACED} more than the keys above it: "
     "line it up with 'b' on line 2 (column 3)"),
    ("a:\n  b: {x: 1}\n    c: 1\n", f"3:5: error: {MISPLACED} more"),
    ("a: 1\nb: 2\n c: 3", f"3:2: error: {MISPLACED} more than the keys above it: line it up "
     "with 'b' on line 2 (column 1)"),
    # a block scalar's text is not a key
    ("a:\n  body: |\n    Note: this\n   c: 1\n", f"4:4: error: {MISPLACED} more than the keys "
     "above it: line it up with 'body' on line 2 (column 3)"),
    # a missing colon, on its own line: at the top, in a list item, before a nested block,
    # on the last line (with and without its line break)
    ("title My kit\nlanguage: en\n", f"1:6: error: {NO_COLON} 'title'; write 'title: My kit'"),
    ("rules:\n  - id a\n    when: x\n", f"2:7: error: {NO_COLON} 'id'; write 'id: a'"),
    ("rules:\n  - id: a\n    title x\n    advice: y\n", f"3:10: error: {NO_COLON} 'title'"),
    ("rules:\n  - id: a\n    when\n      q1: x\n", f"3:9: error: {NO_COLON} 'when'; write "
     "'when:'"),
    ("title: x\ncolors\n  primary: red\n", f"2:7: error: {NO_COLON} 'colors'; write "
     "'colors:'"),
    ("title: x\nlanguage en\n", f"2:9: error: {NO_COLON} 'language'; write 'language: en'"),
    ("title: x\nlanguage en", f"2:9: error: {NO_COLON} 'language'"),
    # still a value with ': ' in it, on one line or several
    ("a:\n  title: Next step: find\n", f"2:19: error: {QUOTES}"),
    ("body: first\n  second line\n  third: x\n", f"3:8: error: {QUOTES}"),
])
def test_a_misplaced_key_or_a_missing_colon_is_named_where_it_is(text: str,
                                                                 message: str) -> None:
    with pytest.raises(YamlError) as caught:
        parse_yaml(text, "k.yaml")
    assert str(caught.value).startswith(f"k.yaml:{message}")


def test_a_missing_colon_in_front_matter_counts_from_its_line() -> None:
    with pytest.raises(YamlError) as caught:
        parse_yaml("title: x\ndescription A page\n", "p.md", first_line=2)
    assert str(caught.value).startswith(f"p.md:3:12: error: {NO_COLON} 'description'")


def test_a_billion_laughs_is_refused_at_the_first_anchor() -> None:
    text = 'a: &a ["x","x"]\nb: &b [*a,*a]\nc: &c [*b,*b]\n'
    with pytest.raises(YamlError, match="anchors"):
        parse_yaml(text, "k.yaml")


def test_an_empty_document_is_none() -> None:
    assert parse_yaml("# only a comment\n", "k.yaml") is None


# libyaml reads kit files when PyYAML has it; it must give the very nodes, places and
# errors of PyYAML's Python parser, whose messages the kit author sees. (It reads some
# valid YAML that parser refuses: see `test_what_only_libyaml_reads`.)
REPO = Path(__file__).parents[1]
TRICKY = [
    "a: 1\r\nb: [x, y]\r\n", "café: thé\nnote: \"\\u00e9 \\t\"\n", "emoji: 🙂 ok\nnext: 🙂🙂: no\n",
    "- a\n-   b\n- - c\n  - d\n", "text: |\n  line one\n   indented\n\nafter: 1\n",
    "folded: >-\n  one\n  two\n\n  three\n", "q: 'it''s'\nd: \"a\\\"b\"\n",
    "multi: plain\n  continued\n  again\n", "{a: 1, b: [2, 3]}\n", "--- \na: 1\n...\n",
    "# only a comment\n", "", "a: b # comment\n#x\n", "a:\n  - {x: 1}\n  - [y]\n",
    "a: 1\n---\nb: 2\n", "a: b: c\n", "a: [1, 2\n", "a: \"open\n", "? complex\n: value\n",
    "a: 1\n a: 2\n", "line\u2028sep: 1\n", "nel\x85x: 1\n", "ctrl: \x01\n", "bom: \ufeffx\n",
    "a: &x 1\nb: *x\n", "a: !tag 1\n", "a: ! 1\n", "x: 0o17\ny: 0x1F\nz: .inf\nn: ~\n",
    "key with spaces: value\n'quoted key': 2\n", "a: 'multi\n  line'\n", "- " * 30 + "x\n",
    "\"\\ud800\": 1\n", "a: \"\\x41\\u263A\\U0001F600\"\n", "%YAML 1.1\n---\na: 1\n",
    "%TAG ! tag:example.com,2000:\n---\na: !x 1\n", "a: |+\n  keep\n\n", "a: -\nb: - x\n",
]


def _outcome(text: str, path: str = "k.yaml", first_line: int = 1) -> object:
    try:
        return ("ok", repr(parse_yaml(text, path, first_line)))
    except YamlError as error:
        return ("error", str(error.diagnostic))


def _kit_yaml() -> list[tuple[str, str, int]]:
    """Every YAML file and page front matter of the repository's kits and fixtures."""
    found = []
    for folder in ("content", "rules", "tests/fixtures", "site_builder"):
        for path in sorted((REPO / folder).rglob("*")):
            if path.suffix in (".yaml", ".yml", ".md") and path.is_file():
                text = path.read_text(encoding="utf-8", errors="replace")
                if path.suffix == ".md":
                    match = FRONT_MATTER_FENCE.match(text)
                    if not match:
                        continue
                    text = match.group(1)
                found.append((str(path.relative_to(REPO)), text, 2 if path.suffix == ".md" else 1))
    return found


@pytest.mark.parametrize("text", TRICKY + [text for _, text, _ in _kit_yaml()])
def test_libyaml_and_the_python_parser_agree(text: str, monkeypatch: pytest.MonkeyPatch) -> None:
    if not yamlfile.LIBYAML:
        if os.environ.get("CI") == "true":
            pytest.fail("PyYAML has no libyaml here; CI must test the fast path")
        pytest.skip("this PyYAML is built without libyaml, so only its Python parser runs")
    fast = _outcome(text)
    monkeypatch.setattr(yamlfile, "LIBYAML", False)
    assert fast == _outcome(text)


@pytest.mark.parametrize(("text", "plain"), [
    ("advice: {title: Why?}\nlist: [Who?, x]\n", {"advice": {"title": "Why?"},
                                                  "list": ["Who?", "x"]}),
    ("title: Welcome\t\nnote: x\t# a comment\n", {"title": "Welcome", "note": "x"}),
    ("a:\tb\nlist: [x,\ty]\n", {"a": "b", "list": ["x", "y"]}),
])
def test_what_only_libyaml_reads(text: str, plain: object,
                                 monkeypatch: pytest.MonkeyPatch) -> None:
    # YAML allows a question mark inside a flow value and a tab between tokens (not in the
    # indentation); PyYAML's Python parser alone refuses them. Kits are read by libyaml
    # where PyYAML has it, as in its wheels for every common system.
    if not yamlfile.LIBYAML:
        pytest.skip("this PyYAML is built without libyaml")
    assert to_plain(parse_yaml(text, "k.yaml")) == plain
    monkeypatch.setattr(yamlfile, "LIBYAML", False)
    with pytest.raises(YamlError):
        parse_yaml(text, "k.yaml")


def test_the_fast_path_reads_the_kits() -> None:
    # The differential test above is only worth something if libyaml reads these files.
    if not yamlfile.LIBYAML:
        pytest.skip("this PyYAML is built without libyaml")
    for name, text, first_line in _kit_yaml()[:20]:
        yamlfile._fast_parse(text, name, first_line)
