"""Conditions in a participant's words: what the compiled document's `subject`,
`relation`, `clause` and `reads` hold (engine/document.py), made from the rules' model.

The engine's own `describe` (compile.py) names every part of a condition for an author;
these words are for someone answering the checklist: "your psychosocial support score is
at least 2", "you answer No or Not sure to “Someone who gives you an honest …”".
"""

from __future__ import annotations

from collections.abc import Iterable
from pathlib import PurePosixPath

from site_builder.engine.jsonlogic.analysis import variable_paths
from site_builder.model import Checklist, Question
from site_builder.model.rules import (
    AllOf,
    Always,
    AnyOf,
    Compare,
    Condition,
    Not,
    Operand,
    RawLogic,
)

SHORT = 32  # characters of a question's text kept in a sentence
_WORDS = {"at_least": "at least", "at_most": "at most", "above": "above", "below": "below"}


def title_from_path(path: str) -> str:
    """A rule file's name in words: 'rules/career-profiles.yaml' -> 'Career profiles'."""
    text = " ".join(PurePosixPath(path).stem.replace("_", " ").replace("-", " ").split())
    return text[:1].upper() + text[1:]


def short_text(text: str) -> str:
    """A question's text cut after the last whole word within 32 characters, trailing
    punctuation dropped, with " …" when cut: "Someone who gives you an honest …"."""
    text = " ".join(text.split())
    if len(text) <= SHORT:
        return text
    cut = text[:SHORT + 1].rsplit(" ", 1)[0] if " " in text[:SHORT + 1] else text[:SHORT]
    return cut.rstrip(",;:.!?-\u2013\u2014") + " …"  # also en and em dashes


def lower_first(label: str) -> str:
    """'Psychosocial support' -> 'psychosocial support'; 'NPS' stays as it is."""
    if len(label) > 1 and label[1].isupper():
        return label
    return label[:1].lower() + label[1:]


def or_list(words: Iterable[str]) -> str:
    """'No', 'No or Not sure', 'Yes, No or Not sure'."""
    return _joined(list(words), "or")


def and_list(words: Iterable[str]) -> str:
    """'a', 'a and b', 'a, b and c'."""
    return _joined(list(words), "and")


def _joined(items: list[str], word: str) -> str:
    if len(items) < 2:
        return "".join(items)
    return ", ".join(items[:-1]) + f" {word} " + items[-1]


def quoted(question: Question) -> str:
    return f"“{short_text(question.text)}”"


def subject_of(condition: Condition) -> str | None:
    """The question or score id a condition compares, when it compares exactly one."""
    return condition.subject if isinstance(condition, Compare) else None


def relation(condition: Condition, checklist: Checklist) -> str | None:
    """A comparison in words: "below 2", "No or Not sure", "answered"; None unless the
    condition compares one question or score."""
    if not isinstance(condition, Compare):
        return None
    op, value = condition.op, condition.value
    if op == "answered":
        return "answered" if value else "not answered"
    question = checklist.question(condition.subject)
    if question is not None and question.type == "choice":
        if op in ("is", "in"):  # in the order the author wrote them
            labels = [_label(question, v) for v in _values(value)]
        else:
            labels = [a.label for a in question.answers if _passes(a.value, a.score, op, value)]
        return or_list(labels) or "none of the answers"
    if op in _WORDS:
        return f"{_WORDS[op]} {_number(value)}"
    listed = " or ".join(_number(v) for v in _values(value))
    return listed if op in ("is", "in") else f"anything but {listed}"


def _passes(answer: str, score: float | None, op: str, value: Operand) -> bool:
    """Whether a choice answer (its value, its score) passes a comparison other than
    `is` and `in`."""
    if op in ("is_not", "not_in"):
        return answer not in _values(value)
    if score is None or isinstance(value, (str, tuple)):
        return False
    return {"at_least": score >= value, "at_most": score <= value,
            "above": score > value, "below": score < value}[op]


def _label(question: Question, value: object) -> str:
    option = question.option(str(value))
    return option.label if option else str(value)


def _values(value: Operand) -> tuple[object, ...]:
    return value if isinstance(value, tuple) else (value,)


def _number(value: object) -> str:
    return f"{value:g}" if isinstance(value, (int, float)) and not isinstance(value, bool) \
        else str(value)


def clause(condition: Condition, checklist: Checklist, nested: bool = False) -> str:
    """The condition as a clause for a participant, to follow "When": "your instrumental
    support score is at least 2"; "" for `always`."""
    if isinstance(condition, Always):
        return ""
    if isinstance(condition, RawLogic):
        names = and_list(_name(i, checklist) for i in reads(condition, checklist))
        return f"{names or 'your answers'} meet a condition set for this workshop"
    if isinstance(condition, Not):
        if isinstance(condition.item, Compare) and condition.item.op != "answered":
            return _compare_clause(condition.item, checklist, negated=True)
        return f"it is not so that {clause(condition.item, checklist, True)}"
    if isinstance(condition, (AllOf, AnyOf)):
        word = " and " if isinstance(condition, AllOf) else " or "
        text = word.join(c for c in (clause(i, checklist, True) for i in condition.items) if c)
        return f"({text})" if nested and len(condition.items) > 1 else text
    return _compare_clause(condition, checklist)


def _compare_clause(compare: Compare, checklist: Checklist, negated: bool = False) -> str:
    words = relation(compare, checklist) or ""
    question = checklist.question(compare.subject)
    is_ = "is not" if negated else "is"
    if question is None:
        score = checklist.score(compare.subject)
        label = lower_first(score.label) if score else compare.subject
        return f"your {label} score {is_} {words}"
    if compare.op == "answered":
        return f"you answer {quoted(question)}" if compare.value else \
            f"you skip {quoted(question)}"
    if question.type == "choice":
        return f"you {'do not ' if negated else ''}answer {words} to {quoted(question)}"
    return f"your answer to {quoted(question)} {is_} {words}"


def _name(subject: str, checklist: Checklist) -> str:
    """How a sentence names what a condition reads: "your answer to “…”" or
    "your ... score"."""
    question = checklist.question(subject)
    if question is not None:
        return f"your answer to {quoted(question)}"
    score = checklist.score(subject)
    return f"your {lower_first(score.label)} score" if score else subject


def reads(condition: Condition, checklist: Checklist) -> list[str]:
    """The question and score ids a condition reads, in checklist order."""
    found = set(_read(condition))
    order = [q.id for q in checklist.questions] + [s.id for s in checklist.scores]
    return [i for i in order if i in found]


def _read(condition: Condition) -> Iterable[str]:
    if isinstance(condition, Compare):
        yield condition.subject
    elif isinstance(condition, RawLogic):
        yield from variable_paths(condition.logic)
    elif isinstance(condition, Not):
        yield from _read(condition.item)
    elif isinstance(condition, (AllOf, AnyOf)):
        for item in condition.items:
            yield from _read(item)
