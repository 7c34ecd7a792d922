"""Conditions in a participant's words: what the compiled document's `subject`, `op`,
`relation`, `clause` and `reads` hold (engine/document.py), made from the rules' model.

The engine's own `describe` (compile.py) names every part of a condition for an author;
these words are for someone answering the checklist, in the kit's language: "your
psychosocial support score is at least 2", "you answer No or Not sure to “Someone who gives
you an honest …”". Every sentence is one translatable pattern of the built-in catalogues
(site_builder/i18n) with named placeholders, filled by `fill`, as the page's script fills
the same patterns; lists are Babel's (`format_list`), numbers Babel's for the language.
"""

from __future__ import annotations

import functools
import re
import unicodedata
from collections.abc import Iterable
from pathlib import PurePosixPath
from typing import Literal

from babel import Locale, UnknownLocaleError
from babel.lists import format_list
from babel.numbers import format_decimal

from site_builder.engine.jsonlogic.analysis import variable_paths
from site_builder.i18n import SOURCE_LANGUAGE, Words, nearest_catalogue, words_for
from site_builder.model import Checklist, Question, Site
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
# The languages whose sentences put a score's label in lower case mid-sentence ("your
# psychosocial support score"); the French and German sentences quote it as written.
LOWER_CASE_LABELS = frozenset({"en", "es"})
_PLACEHOLDER = re.compile(r"\{(\w+)\}")


def site_words(site: Site) -> Words:
    """The built-in words of a kit's language, with the kit's own `words` first."""
    return words_for(site.language, site.words.get(site.language, {}))


def fill(pattern: str, **values: object) -> str:
    """A pattern's {name}s replaced by the values given; any other {name} left as written,
    as the page's script fills them (a kit's own word with a stray brace still shows)."""
    return _PLACEHOLDER.sub(
        lambda m: str(values[m[1]]) if m[1] in values else m[0], pattern)


@functools.cache
def _locale(language: str) -> Locale:
    try:
        return Locale.parse(language.strip().replace("-", "_"))
    except (UnknownLocaleError, ValueError):
        return Locale.parse(SOURCE_LANGUAGE)


def number(value: object, language: str) -> str:
    """A number as the language writes it, up to six decimals, never grouped: "2", "0.5"
    in English, "0,5" in French (the page: Intl.NumberFormat with the same options)."""
    if isinstance(value, bool) or not isinstance(value, (int, float)):
        return str(value)
    return format_decimal(value, format="0.######", locale=_locale(language))


def sentence_language(language: str) -> str:
    """The language the sentences are written in: the kit's, when the built-in catalogues
    have it or it is a kind of English; else English, the words they fall back to (so a
    list in them says "or", never "ou" in an English sentence)."""
    base = language.strip().replace("_", "-").split("-")[0].lower()
    return language if nearest_catalogue(language) or base == SOURCE_LANGUAGE \
        else SOURCE_LANGUAGE


def or_list(items: Iterable[str], language: str = SOURCE_LANGUAGE) -> str:
    """'No', 'No or Not sure', 'Yes, No, or Not sure' (in French 'Oui, Non ou Peut-être')."""
    return _listed(list(items), "or", language)


def and_list(items: Iterable[str], language: str = SOURCE_LANGUAGE) -> str:
    """'a', 'a and b', 'a, b, and c' (in French 'a, b et c')."""
    return _listed(list(items), "standard", language)


def _listed(items: list[str], style: Literal["or", "standard"], language: str) -> str:
    locale = _locale(sentence_language(language))
    if locale.language != "es" or len(items) < 2:
        return format_list(items, style=style, locale=locale)
    # CLDR's Spanish says "u" for "o" before an o sound, "e" for "y" before an i sound
    # ("siete u ocho", "padres e hijos"); Babel's lists leave that out, the browser's not.
    word = "o" if style == "or" else "y"
    head = format_list([*items[:-1], "\0"], style=style, locale=locale)
    return head.replace(f" {word} \0", f" {_spanish(word, items[-1])} \0").replace(
        "\0", items[-1])


def _spanish(word: str, following: str) -> str:
    letters = "".join(c for c in unicodedata.normalize("NFD", following.lower())
                      if not unicodedata.combining(c)).lstrip("¡¿«“\"'(")
    if word == "o" and re.match(r"h?o", letters):
        return "u"
    if word == "y" and re.match(r"h?i(?![aeiou])", letters):  # "y hielo": a diphthong
        return "e"
    return word


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


def label_in_sentence(label: str, language: str) -> str:
    """A score's label as a sentence names it: lower case first where the language's
    sentences want it ('psychosocial support'), else as written ('Soutien psychosocial')."""
    lowers = (nearest_catalogue(language) or SOURCE_LANGUAGE) in LOWER_CASE_LABELS
    return lower_first(label) if lowers else label


def quote(text: str, words: Words) -> str:
    """A text in the language's quotation marks: “…”, « … », „…“."""
    # Translators: the quotation marks around a question, an advice title or a typed answer
    # inside a sentence, as your language writes them (French: « {text} » with no-break
    # spaces).
    return fill(words.gettext("“{text}”"), text=text)


def quoted(question: Question, words: Words) -> str:
    return quote(short_text(question.text), words)


def subject_of(condition: Condition) -> str | None:
    """The question or score id a condition compares, when it compares exactly one."""
    return condition.subject if isinstance(condition, Compare) else None


def op_of(condition: Condition) -> str | None:
    """What a condition on one subject asks, for the sentences to choose their pattern:
    its operator, with `answered: false` as "not_answered"; None without a subject."""
    if not isinstance(condition, Compare):
        return None
    if condition.op == "answered":
        return "answered" if condition.value else "not_answered"
    return condition.op


def relation(condition: Condition, checklist: Checklist, words: Words) -> str | None:
    """A comparison in words: "below 2", "No or Not sure", "answered"; None unless the
    condition compares one question or score."""
    if not isinstance(condition, Compare):
        return None
    op, value, language = condition.op, condition.value, words.language
    if op == "answered":
        return words.gettext("answered") if value else words.gettext("not answered")
    question = checklist.question(condition.subject)
    if question is not None and question.type == "choice":
        if op in ("is", "in"):  # in the order the author wrote them
            labels = [_label(question, v) for v in _values(value)]
        else:
            labels = [a.label for a in question.answers if _passes(a.value, a.score, op, value)]
        return or_list(labels, language) if labels else words.gettext("none of the answers")
    if op in ("is", "in"):
        return or_list((number(v, language) for v in _values(value)), language)
    if op in ("is_not", "not_in"):
        listed = or_list((number(v, language) for v in _values(value)), language)
        return fill(words.gettext("anything but {numbers}"), numbers=listed)
    return fill(_bound(op, words), number=number(value, language))


def _bound(op: str, words: Words) -> str:
    # one literal call each, so that the catalogues' extraction finds every pattern
    if op == "at_least":
        # Translators: a relation, {relation} in other patterns: it follows "is", "to be"
        # and a comma ("Your ... score is 1 of 3, below 2.").
        return words.gettext("at least {number}")
    if op == "at_most":
        return words.gettext("at most {number}")
    if op == "above":
        return words.gettext("above {number}")
    return words.gettext("below {number}")


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


def clause(condition: Condition, checklist: Checklist, words: Words,
           nested: bool = False) -> str:
    """The condition as a clause for a participant, to follow "When": "your instrumental
    support score is at least 2"; "" for `always`."""
    if isinstance(condition, Always):
        return ""
    if isinstance(condition, RawLogic):
        names = [_name(i, checklist, words) for i in reads(condition, checklist)]
        if not names:
            # Translators: a clause, {clause} in other patterns: it follows "when" (in
            # German the verb comes last: "wenn Sie ... antworten").
            return words.gettext("your answers meet a condition set for this workshop")
        return fill(words.ngettext("{names} meets a condition set for this workshop",
                                   "{names} meet a condition set for this workshop",
                                   len(names)),
                    names=and_list(names, words.language))
    if isinstance(condition, Not):
        if isinstance(condition.item, Compare) and condition.item.op != "answered":
            return _compare_clause(condition.item, checklist, words, negated=True)
        return fill(words.gettext("it is not so that {clause}"),
                    clause=clause(condition.item, checklist, words, True))
    if isinstance(condition, (AllOf, AnyOf)):
        parts = [c for c in (clause(i, checklist, words, True) for i in condition.items) if c]
        join = and_list if isinstance(condition, AllOf) else or_list
        text = join(parts, words.language)
        return f"({text})" if nested and len(parts) > 1 else text
    return _compare_clause(condition, checklist, words)


def _compare_clause(compare: Compare, checklist: Checklist, words: Words,
                    negated: bool = False) -> str:
    said = relation(compare, checklist, words) or ""
    question = checklist.question(compare.subject)
    if question is None:
        score = checklist.score(compare.subject)
        label = label_in_sentence(score.label, words.language) if score else compare.subject
        # Translators: a clause, {clause} in other patterns: it follows "when"; {label}
        # is a score's label, {relation} "at least 2".
        pattern = words.gettext("your {label} score is not {relation}") if negated else \
            words.gettext("your {label} score is {relation}")
        return fill(pattern, label=label, relation=said)
    named = quoted(question, words)
    if compare.op == "answered":
        pattern = words.gettext("you answer {question}") if compare.value else \
            words.gettext("you skip {question}")
        return fill(pattern, question=named)
    if question.type == "choice":
        # Translators: a clause; {answers} is a list of answers, "No or Not sure".
        pattern = words.gettext("you do not answer {answers} to {question}") if negated \
            else words.gettext("you answer {answers} to {question}")
        return fill(pattern, answers=said, question=named)
    pattern = words.gettext("your answer to {question} is not {relation}") if negated else \
        words.gettext("your answer to {question} is {relation}")
    return fill(pattern, question=named, relation=said)


def _name(subject: str, checklist: Checklist, words: Words) -> str:
    """How a sentence names what a condition reads: "your answer to “…”" or
    "your ... score"."""
    question = checklist.question(subject)
    if question is not None:
        return fill(words.gettext("your answer to {question}"),
                    question=quoted(question, words))
    score = checklist.score(subject)
    if score is None:
        return subject
    return fill(words.gettext("your {label} score"),
                label=label_in_sentence(score.label, words.language))


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
