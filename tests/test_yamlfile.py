"""The kit YAML loader: strict types, positions, and what it refuses."""

from __future__ import annotations

import pytest

from site_builder.yamlfile import YamlError, YMap, parse_yaml, to_plain


def test_yes_no_on_off_and_times_stay_text() -> None:
    node = parse_yaml("a: yes\nb: no\nc: on\nd: off\ne: 09:30\nf: true\ng: 1.5\nh: null\n", "x")
    assert to_plain(node) == {"a": "yes", "b": "no", "c": "on", "d": "off", "e": "09:30",
                              "f": True, "g": 1.5, "h": None}


def test_every_key_and_value_has_its_position() -> None:
    node = parse_yaml("title: x\nsections:\n  - id: a\n", "k.yaml")
    assert isinstance(node, YMap)
    assert str(node.key_loc("sections")) == "k.yaml:2:1"
    section = node.get("sections").items[0]  # type: ignore[union-attr]
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
])
def test_refused(text: str, message: str) -> None:
    with pytest.raises(YamlError) as caught:
        parse_yaml(text, "k.yaml")
    assert message in str(caught.value)


def test_a_billion_laughs_is_refused_at_the_first_anchor() -> None:
    text = 'a: &a ["x","x"]\nb: &b [*a,*a]\nc: &c [*b,*b]\n'
    with pytest.raises(YamlError, match="anchors"):
        parse_yaml(text, "k.yaml")


def test_an_empty_document_is_none() -> None:
    assert parse_yaml("# only a comment\n", "k.yaml") is None
