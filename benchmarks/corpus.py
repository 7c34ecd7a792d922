"""A generated workshop kit for benchmarks: N pages of English-like text, a 12-question
checklist with two scores, 30 rules with their tests, and K participants' answers (CSV).

The pages sit at the top of content/ (flat), or in S sections: folders section-01/ ...
each with an index.md giving its title, description and order; page i goes to section
i * S // N, so the sections are of equal size and in page order. The pages' text is the
same in either layout (only their links' paths differ), so the two can be compared.

The same seed gives the same kit. Nothing here is copied text: sentences are drawn from a
small vocabulary with a few grammatical patterns.

    python benchmarks/corpus.py DIR [--pages 1000] [--sections 20] [--responses 200] [--seed 1]
"""

from __future__ import annotations

import argparse
import csv
import posixpath
import random
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

NOUNS = ("network team project meeting plan review budget report colleague mentor client "
         "workshop session question answer idea goal habit career skill habit decision "
         "partner manager friend agenda schedule process tool method result pattern risk "
         "problem solution change priority deadline feedback outcome support practice "
         "draft summary group topic audience message story example choice reason")
ADJECTIVES = ("clear useful quiet early simple regular honest careful open small wide "
              "practical steady short common new important shared final strong busy "
              "personal different weekly formal informal local careful patient")
VERBS = ("shapes supports changes follows builds guides shows reviews explains improves "
         "joins tests records shares outlines prepares tracks compares reaches opens")
ADVERBS = "often rarely slowly usually quickly gently always sometimes carefully openly"
PREPOSITIONS = "with for about from after before during across within beyond"
LANGUAGES = ("python", "yaml", "sh")


@dataclass(frozen=True)
class Corpus:
    """Where a generated kit is, and what a benchmark needs to know about it."""

    kit: Path
    pages: int
    responses: Path
    checklist: str = "practice"
    sections: int = 0  # 0: flat


class Writer:
    """English-like sentences and paragraphs from a seeded RNG."""

    def __init__(self, seed: int) -> None:
        self.rng = random.Random(seed)
        self.nouns = NOUNS.split()
        self.adjectives = ADJECTIVES.split()
        self.verbs = VERBS.split()
        self.adverbs = ADVERBS.split()
        self.prepositions = PREPOSITIONS.split()

    def phrase(self) -> str:
        pick = self.rng.choice
        if self.rng.random() < 0.6:
            return f"the {pick(self.adjectives)} {pick(self.nouns)}"
        noun = pick(self.nouns)
        return f"an {noun}" if noun[0] in "aeiou" else f"a {noun}"

    def sentence(self) -> str:
        pick = self.rng.choice
        words = [self.phrase(), pick(self.verbs), self.phrase()]
        if self.rng.random() < 0.5:
            words.insert(1, pick(self.adverbs))
        if self.rng.random() < 0.7:
            words += [pick(self.prepositions), self.phrase()]
        if self.rng.random() < 0.3:
            words += ["and", pick(self.verbs), self.phrase()]
        text = " ".join(words)
        return text[0].upper() + text[1:] + "."

    def words(self, low: int, high: int) -> str:
        """A short capitalised phrase of low..high words, for titles and list items."""
        chosen = [self.rng.choice(self.adjectives + self.nouns)
                  for _ in range(self.rng.randint(low, high))]
        text = " ".join(chosen)
        return text[0].upper() + text[1:]

    def paragraph(self, sentences: int) -> str:
        return " ".join(self.sentence() for _ in range(sentences))


def page_name(number: int) -> str:
    return f"page-{number:04d}.md"


def section_name(index: int) -> str:
    """The folder of section `index` (from 0): section-01, section-02..."""
    return f"section-{index + 1:02d}"


def page_path(number: int, pages: int, sections: int) -> str:
    """Where page `number` is under content/, in a corpus of `pages` in `sections` (0: flat)."""
    if not sections:
        return page_name(number)
    return f"{section_name(number * sections // pages)}/{page_name(number)}"


def page_text(writer: Writer, number: int, count: int,
              link: Callable[[int], str] = page_name) -> tuple[str, str]:
    """(title, Markdown body) of about 600 words, links to other pages by source path
    (`link` gives the path of page n from this page)."""
    title = writer.words(2, 5)
    rng = writer.rng
    targets = [rng.randrange(count) for _ in range(3)]
    links = [f"[{writer.words(1, 3).lower()}]({link(target)})" for target in targets]
    parts = [
        writer.paragraph(6) + f" See {links[0]} for the background.",
        f"## {writer.words(2, 4)}",
        writer.paragraph(6),
        "\n".join(f"- {writer.words(3, 7)}" for _ in range(5)),
        writer.paragraph(5) + f" It continues in {links[1]}.",
        f"## {writer.words(2, 4)}",
        "| step | owner | minutes |\n| --- | --- | ---: |\n" + "\n".join(
            f"| {writer.words(1, 3)} | {writer.words(1, 2)} | {rng.randint(5, 60)} |"
            for _ in range(4)),
        writer.paragraph(6),
        "\n".join(f"{index}. {writer.words(3, 8)}" for index in range(1, 5)),
        f"### {writer.words(2, 4)}",
        writer.paragraph(5) + f" Compare {links[2]}.",
        f"```{rng.choice(LANGUAGES)}\n" + "\n".join(
            f"{word}_{index} = {rng.randint(0, 99)}"
            for index, word in enumerate(rng.sample(writer.nouns, 4))) + "\n```",
        writer.paragraph(6),
        f"## {writer.words(2, 4)}",
        writer.paragraph(7),
    ]
    return title, "\n\n".join(parts) + "\n"


HABITS = [f"habit_{index}" for index in range(1, 9)]
SCALES = [f"confidence_{index}" for index in range(1, 5)]


def checklist_yaml(writer: Writer) -> str:
    def question(ident: str) -> str:
        text = writer.sentence().rstrip(".")
        return f"      - id: {ident}\n        text: {text}?\n"

    scale = "".join(f'          - {{value: "{value}", label: "{value}", score: {value}}}\n'
                    for value in range(1, 6))
    scaled = "".join(question(ident) + "        answers:\n" + scale for ident in SCALES)
    return (
        "title: How steady is your practice?\n"
        "intro: Answer each question as things are today.\n"
        "answers:\n"
        '  - {value: "yes", label: "Yes", score: 1}\n'
        '  - {value: "no", label: "No", score: 0}\n'
        "sections:\n"
        "  - id: habits\n    title: Habits\n    questions:\n"
        + "".join(question(ident) for ident in HABITS)
        + "  - id: confidence\n    title: Confidence\n    questions:\n" + scaled
        + "scores:\n"
        "  habits: {label: Habits, sum: {section: habits}}\n"
        "  confidence: {label: Confidence, sum: {section: confidence}}\n"
    )


def rule(ident: str, when: str, title: str, priority: int) -> str:
    return (f"  - id: {ident}\n    when:\n      {when}\n    advice:\n      title: \"{title}\"\n"
            f"      body: Advice for {ident}.\n    priority: {priority}\n")


def rule_files(writer: Writer) -> dict[str, str]:
    """30 rules: one per question, twelve combinations, six profiles (pick: first)."""
    head = "checklist: practice\npick: {pick}\nrules:\n"
    single = [rule(f"improve-{q}", f'{q}: "no"', writer.words(3, 6), 10) for q in HABITS]
    single += [rule(f"raise-{q}", f"{q}: {{at_most: 2}}", writer.words(3, 6), 10)
               for q in SCALES]
    combined_when = [
        'all: [{habit_1: "yes"}, {habit_2: "yes"}]',
        'any: [{habit_3: "no"}, {habit_4: "no"}]',
        'not: {habit_5: "yes"}',
        'all: [{habit_6: "no"}, {not: {habit_7: "no"}}]',
        'any: [{confidence_1: {below: 3}}, {confidence_2: {below: 3}}]',
        'all: [{confidence_3: {above: 3}}, {confidence_4: {at_least: 4}}]',
        "habits: {at_least: 6}",
        "habits: {below: 3}",
        "confidence: {above: 15}",
        "all: [{habits: {at_least: 4}}, {confidence: {at_most: 10}}]",
        'any: [{all: [{habit_8: "yes"}, {confidence_1: {at_least: 4}}]}, '
        "{not: {confidence: {at_least: 8}}}]",
        'all: [{habit_1: ["yes"]}, {confidence_2: {in: ["4", "5"]}}, '
        "{habits: {above: 2}}]",
    ]
    combined = [rule(f"combination-{index}", when, writer.words(3, 6), 20)
                for index, when in enumerate(combined_when, 1)]
    profiles = [
        rule("profile-steady", "all: [{habits: {at_least: 6}}, {confidence: {at_least: 15}}]",
             "Your profile: steady", 100),
        rule("profile-busy", "habits: {at_least: 6}", "Your profile: busy", 100),
        rule("profile-sure", "confidence: {at_least: 15}", "Your profile: sure", 100),
        rule("profile-growing", "all: [{habits: {at_least: 3}}, {confidence: {at_least: 9}}]",
             "Your profile: growing", 100),
        rule("profile-starting", "any: [{habits: {below: 2}}, {confidence: {below: 7}}]",
             "Your profile: starting", 100),
        rule("profile-other", "always: true", "Your profile: in between", 100),
    ]
    return {
        "questions.yaml": head.format(pick="all") + "".join(single),
        "combinations.yaml": head.format(pick="all") + "".join(combined),
        "profiles.yaml": head.format(pick="first") + "".join(profiles),
    }


def answers_yaml(habits: str, confidence: str) -> str:
    pairs = [f'{q}: "{habits}"' for q in HABITS] + [f'{q}: "{confidence}"' for q in SCALES]
    return "{" + ", ".join(pairs) + "}"


RULE_TESTS = f"""checklist: practice
cases:
  - name: every habit, full confidence
    answers: {answers_yaml("yes", "5")}
    expect: [profile-steady, combination-1, combination-6, combination-7, combination-9]
    expect_not: [profile-busy, improve-habit_1, raise-confidence_1, combination-2]
  - name: no habit, little confidence
    answers: {answers_yaml("no", "1")}
    expect: [profile-starting, improve-habit_1, raise-confidence_4, combination-8]
    expect_not: [profile-steady, combination-1, combination-7]
"""


def section_index(writer: Writer, index: int) -> str:
    """A section's index.md: title, description and order, and a short introduction."""
    title = writer.words(2, 4)
    description = writer.sentence()
    return (f"---\ntitle: {title}\ndescription: {description}\norder: {index + 1}\n---\n\n"
            f"{writer.paragraph(4)}\n")


def write_kit(root: Path, pages: int, seed: int = 1, checklist: bool = True,
              sections: int = 0) -> None:
    """Write the kit into `root` (created); without `checklist`, pages only; with
    `sections`, the pages in that many folders (see the module's docstring)."""
    if sections < 0 or sections > max(pages, 0):
        raise ValueError(f"{sections} sections for {pages} pages")
    writer = Writer(seed)
    (root / "content").mkdir(parents=True)
    (root / "site.yaml").write_text(
        "title: Benchmark corpus\nsubtitle: Generated pages\norganisation: benchmarks\n",
        encoding="utf-8")
    # Sections' words from their own RNG, so that the pages are the same in every layout.
    titles = Writer(seed + 1000)
    for index in range(sections):
        folder = root / "content" / section_name(index)
        folder.mkdir()
        (folder / "index.md").write_text(section_index(titles, index), encoding="utf-8")
    for number in range(pages):
        where = page_path(number, pages, sections)
        here = posixpath.dirname(where) or "."

        def link(target: int, here: str = here) -> str:
            return posixpath.relpath(page_path(target, pages, sections), here)

        title, body = page_text(writer, number, pages, link)
        (root / "content" / where).write_text(
            f"---\ntitle: {title}\norder: {number + 1}\n---\n\n{body}", encoding="utf-8")
    if not checklist:
        return
    (root / "content" / "checklists").mkdir()
    (root / "content" / "checklists" / "practice.yaml").write_text(
        checklist_yaml(writer), encoding="utf-8")
    (root / "rules" / "tests").mkdir(parents=True)
    for name, text in rule_files(writer).items():
        (root / "rules" / name).write_text(text, encoding="utf-8")
    (root / "rules" / "tests" / "practice.yaml").write_text(RULE_TESTS, encoding="utf-8")


def write_responses(path: Path, count: int, seed: int = 7) -> None:
    """`count` participants' answers as a form export would give them (about 1 in 10 blank)."""
    rng = random.Random(seed)
    with path.open("w", newline="", encoding="utf-8") as file:
        writer = csv.writer(file)
        writer.writerow(["name", *HABITS, *SCALES])
        for number in range(1, count + 1):
            row = [f"Participant {number}"]
            row += ["" if rng.random() < 0.1 else rng.choice(("yes", "no")) for _ in HABITS]
            row += ["" if rng.random() < 0.1 else str(rng.randint(1, 5)) for _ in SCALES]
            writer.writerow(row)


def make_corpus(folder: Path, pages: int, responses: int = 200, seed: int = 1,
                checklist: bool = True, sections: int = 0) -> Corpus:
    """A kit in folder/kit and its responses in folder/responses.csv."""
    write_kit(folder / "kit", pages, seed, checklist, sections)
    write_responses(folder / "responses.csv", responses)
    return Corpus(folder / "kit", pages, folder / "responses.csv", sections=sections)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0] if __doc__ else None)
    parser.add_argument("folder", type=Path, help="where to write kit/ and responses.csv")
    parser.add_argument("--pages", type=int, default=1000)
    parser.add_argument("--sections", type=int, default=0, metavar="S",
                        help="put the pages in S folders under content/, each with an "
                             "index.md (default 0: all at the top of content/)")
    parser.add_argument("--no-checklist", action="store_true",
                        help="pages only: no checklist, rules or rule tests")
    parser.add_argument("--responses", type=int, default=200)
    parser.add_argument("--seed", type=int, default=1)
    args = parser.parse_args()
    corpus = make_corpus(args.folder, args.pages, args.responses, args.seed,
                         not args.no_checklist, args.sections)
    print(f"kit: {corpus.kit}\nresponses: {corpus.responses}")


if __name__ == "__main__":
    main()
