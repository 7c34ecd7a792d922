"""How fast the rules engines evaluate 30 rules over 100,000 answer sets.

    python benchmarks/rules.py [--answer-sets 100000] [--runs 5] [--sample-batches 3]

Writes a seeded kit (a 12-question checklist: 8 yes/no questions, 2 rated 1 to 5 by
choice and 2 by number; two scores; 30 seeded rules in three files, one of them
`pick: first`), compiles it with site-builder's own compiler (the document the site
ships) and makes 100,000 seeded answer sets. Then, in batches of 1,000 answer sets, each
engine evaluates all 30 rules for every set:

  Python  site-builder's Evaluator, both `matched_many` (the batch at once: each set's
          matched rules) and `evaluate` (set by set, with the whole trace);
          panzi-json-logic (PyPI) on the same JSON Logic; zen-engine (PyPI, GoRules) on
          the same conditions written as one ZEN expression.
  Node    site-builder's browser evaluator (engine.js's `select`, set by set, as the
          assessment page runs it: scores, `pick: first` groups, display order and each
          rule's matched flag, without the per-condition trace of `evaluate`, which is what
          tests and tools compare with Python; no batch path, since the page evaluates one
          answer set at a time) and json-logic-js (npm), by benchmarks/rules.js.

Every engine must give the same matched rules as site-builder's `evaluate` on every
answer set (panzi-json-logic, about 1,000 sets a second, on the first 30,000; it and
`evaluate` are timed on the first 5 batches), and engine.js's `select` the same as the
Python engine; the script stops at the first difference. The
peers live in benchmarks/.peers/rules/ (a venv and an npm folder, made on the first run;
benchmarks/.peers/ is git-ignored): the script re-runs itself in that venv, with this
checkout first on the path. Prints the machine, answer sets per second (the median of
the rounds, the engines alternating) and the ratios against the targets: for Python's
batch API, and for engine.js's `select` against json-logic-js; exits 1 if any target
is missed. A missed Node target is reported with what engine.js does beyond its peer.
"""

from __future__ import annotations

import argparse
import json
import os
import random
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable, Iterable, Mapping
from functools import partial
from pathlib import Path
from typing import Any, NamedTuple

from harness import alternate, machine, summary, table

ROOT = Path(__file__).resolve().parents[1]
PEERS = ROOT / "benchmarks" / ".peers" / "rules"  # this benchmark's own, beside others'
VENV = PEERS / "venv"
NODE_PEERS = PEERS / "node"
IN_VENV = "SITE_BUILDER_RULES_PEERS"  # set when the script runs itself in VENV
PYPI_PEERS = ("panzi-json-logic==1.0.1", "zen-engine==2.1.3")
NPM_PEERS = ("json-logic-js@2.0.5",)
SEED = 2026
BATCH = 1000
RULES = 30
# The targets of issue 6: ours over each peer, in answer sets per second.
TARGETS = {"panzi-json-logic": 20.0, "zen-engine": 3.0, "json-logic-js": 10.0}
# Node's target is measured on `select`, the path the page runs, which does more than its peer.
WHY_NODE = ("engine.js's select, which the page runs, also computes the scores, applies "
            "pick: first groups and sorts the shown advice into display order for every "
            "answer set; json-logic-js only computes each condition's value")

Answers = dict[str, Any]
Matches = list[int]  # per answer set, bit i set where rule i matched


class Engine(NamedTuple):
    """`run` evaluates a batch into the engine's own result; `masks` turns that result
    into Matches (outside the timing) to check it against site-builder's."""

    run: Callable[[list[Answers]], list[Any]]
    masks: Callable[[list[Any]], Matches]


# --- the kit -------------------------------------------------------------------------

YES_NO = [f"y{i}" for i in range(1, 9)]
RATED = ["r1", "r2"]  # choice questions, answers "1" to "5" scored 1 to 5
NUMBERS = ["n1", "n2"]  # number questions from 1 to 5
SCORES = {"habits": (0, 8), "ratings": (4, 20)}

CHECKLIST = """title: Benchmark checklist
answers:
  - {value: "yes", label: "Yes", score: 1}
  - {value: "no", label: "No", score: 0}
sections:
  - id: habits
    title: Habits
    questions:
%s
  - id: ratings
    title: Ratings
    questions:
%s
scores:
  habits: {label: Habits, sum: {section: habits}}
  ratings: {label: Ratings, sum: {section: ratings}}
"""
SCALE = ("answers: [" + ", ".join(f'{{value: "{n}", label: "{n}", score: {n}}}'
                                  for n in range(1, 6)) + "]")


def write_kit(folder: Path, seed: int = SEED) -> None:
    """A real kit: site.yaml, one page, the checklist and three seeded rule files."""
    rng = random.Random(seed)
    (folder / "content" / "checklists").mkdir(parents=True)
    (folder / "rules").mkdir()
    (folder / "site.yaml").write_text("title: Rules benchmark\n", encoding="utf-8")
    (folder / "content" / "index.md").write_text(
        "---\ntitle: Rules benchmark\n---\n\n[The checklist](checklists/bench.yaml).\n",
        encoding="utf-8")
    habits = "\n".join(f"      - {{id: {q}, text: Habit {q}}}" for q in YES_NO)
    ratings = "\n".join([f"      - {{id: {q}, text: Rating {q}, {SCALE}}}" for q in RATED]
                        + [f"      - {{id: {q}, text: Number {q}, type: number, min: 1, max: 5}}"
                           for q in NUMBERS])
    (folder / "content" / "checklists" / "bench.yaml").write_text(
        CHECKLIST % (habits, ratings), encoding="utf-8")
    files = [("habits", "all", 12), ("ratings", "all", 12), ("profiles", "first", 6)]
    for name, pick, count in files:
        rules = [_rule(f"{name}-{n + 1}", rng, last=pick == "first" and n == count - 1)
                 for n in range(count)]
        text = f"checklist: bench\npick: {pick}\nrules:\n" + "".join(rules)
        (folder / "rules" / f"{name}.yaml").write_text(text, encoding="utf-8")


def _rule(rule_id: str, rng: random.Random, last: bool) -> str:
    when = {"always": True} if last else _when(rng, 0, set())
    return (f"  - id: {rule_id}\n    when: {json.dumps(when)}\n"
            f"    advice: {{title: Advice {rule_id}, body: Do something.}}\n"
            f"    priority: {rng.randrange(3)}\n")


def _when(rng: random.Random, depth: int, used: set[str]) -> dict[str, Any]:
    """A `when` mapping of one to three entries; combinations nest once. A rule names
    each question or score once (`used`), so that few rules contradict themselves."""
    when: dict[str, Any] = {}
    for _ in range(rng.randint(1, 3)):
        kind = rng.random()
        if depth == 0 and kind < 0.3:
            word = rng.choice(["all", "any", "not"])
            if word == "not":
                when["not"] = _when(rng, depth + 1, used)
            else:
                when[word] = [_when(rng, depth + 1, used) for _ in range(rng.randint(2, 3))]
        else:
            when.update(_atom(rng, used))
    return when


def _atom(rng: random.Random, used: set[str]) -> dict[str, Any]:
    """One entry: a question's answer, a rating, a number or a score compared."""
    kind = rng.random()

    def pick(names: list[str]) -> str:
        fresh = [name for name in names if name not in used] or names
        used.add(name := rng.choice(fresh))
        return name

    if kind < 0.45:
        question = pick(YES_NO)
        return {question: rng.choice(["yes", "no", {"is_not": "yes"}, {"answered": False},
                                      {"in": ["yes", "no"]}])}
    if kind < 0.65:
        question = pick(RATED)
        level = str(rng.randint(1, 5))
        return {question: rng.choice([{"at_least": int(level)}, {"below": int(level)},
                                      [level, str(rng.randint(1, 5))], {"not_in": [level]}])}
    if kind < 0.8:
        question = pick(NUMBERS)
        op = rng.choice(["at_least", "at_most", "above", "below"])
        return {question: {op: rng.randint(1, 5)}}
    score = pick(list(SCORES))
    low, high = SCORES[score]
    return {score: {rng.choice(["at_least", "below"]): rng.randint(low, high)}}


def compile_kit(folder: Path) -> dict[str, Any]:
    """The kit's compiled rules document, as `site-builder build` ships it."""
    from site_builder.check import check_kit
    from site_builder.kit.load import load_kit

    checked = check_kit(load_kit(folder))
    problems = [str(d) for d in checked.diagnostics if d.severity == "error"]
    if not checked.ok:
        sys.exit("the benchmark kit does not check:\n" + "\n".join(problems))
    document = json.loads(json.dumps(checked.documents["bench"]))
    assert len(document["rules"]) == RULES, len(document["rules"])
    return document


def answer_sets(count: int, seed: int = SEED) -> list[Answers]:
    """Seeded answers; about one question in ten is left blank."""
    rng = random.Random(seed)
    sets = []
    for _ in range(count):
        answers: Answers = {}
        for q in YES_NO:
            answers[q] = rng.choice(["yes", "no"])
        for q in RATED:
            answers[q] = str(rng.randint(1, 5))
        for q in NUMBERS:
            answers[q] = rng.randint(1, 5)
        sets.append({q: a for q, a in answers.items() if rng.random() >= 0.1})
    return sets


def batches(sets: list[Answers]) -> list[list[Answers]]:
    return [sets[i:i + BATCH] for i in range(0, len(sets), BATCH)]


# --- the Python engines --------------------------------------------------------------


def mask(flags: Iterable[Any]) -> int:
    return sum(1 << i for i, flag in enumerate(flags) if flag)


def ours(document: Mapping[str, Any]) -> Engine:
    """site-builder's Evaluator.evaluate: the whole evaluation (scores, each rule and each
    condition with its result, `pick: first` groups, display order), set by set."""
    from site_builder.engine.evaluate import Evaluator

    evaluator = Evaluator(document)
    return Engine(lambda batch: [evaluator.evaluate(a) for a in batch],
                  lambda results: [mask(r.matched for r in e.rules) for e in results])


def ours_matched(document: Mapping[str, Any]) -> Engine:
    """site-builder's Evaluator.matched_many: each set's matched rules, the whole batch at
    once."""
    from site_builder.engine.evaluate import Evaluator

    evaluator = Evaluator(document)
    index = {rule["id"]: i for i, rule in enumerate(document["rules"])}
    return Engine(evaluator.matched_many,
                  lambda results: [sum(1 << index[i] for i in ids) for ids in results])


def panzi(document: Mapping[str, Any]) -> Engine:
    """panzi-json-logic's `jsonLogic` on the document's JSON Logic, with the data that
    site-builder's engines build: every question (null when blank), then each score."""
    from json_logic import jsonLogic

    questions = [q["id"] for s in document["checklist"]["sections"] for q in s["questions"]]
    scores = [(s["id"], s["logic"]) for s in document["scores"]]
    rules = [[c["logic"] for c in r["conditions"]] for r in document["rules"]]

    def one(answers: Answers) -> list[bool]:
        data = {q: answers.get(q) for q in questions}
        for score_id, logic in scores:
            value = jsonLogic(logic, data)
            data[score_id] = value if isinstance(value, (int, float)) else 0
        return [all(bool(jsonLogic(c, data)) for c in conditions) for conditions in rules]

    return Engine(lambda batch: [one(a) for a in batch],
                  lambda results: [mask(flags) for flags in results])


def zen_expression(document: Mapping[str, Any]) -> str:
    """The 30 rules as one ZEN expression: a list of 30 booleans, each score written
    out where a rule reads it (ZEN has no way to name a value inside an expression)."""
    score_text = {s["id"]: _zen(s["logic"], {}) for s in document["scores"]}
    rules = [" and ".join(f"({_zen(c['logic'], score_text)})" for c in r["conditions"])
             for r in document["rules"]]
    return "[" + ", ".join(f"({rule})" for rule in rules) + "]"


def _zen(logic: Any, scores: dict[str, str]) -> str:
    """The JSON Logic that site-builder's compiler writes, as a ZEN expression."""
    if logic is True or logic is False:
        return "true" if logic else "false"
    if logic is None:
        return "null"
    if isinstance(logic, str):
        return "'" + logic.replace("\\", "\\\\").replace("'", "\\'") + "'"
    if isinstance(logic, (int, float)):
        return repr(logic)
    if isinstance(logic, list):
        return "[" + ", ".join(_zen(item, scores) for item in logic) + "]"
    ((op, args),) = logic.items()
    if op == "var":
        return f"({scores[args]})" if args in scores else str(args)
    if op in ("and", "or"):
        return f" {op} ".join(f"({_zen(a, scores)})" for a in args)
    if op == "!":
        return f"not ({_zen(args[0], scores)})"
    if op == "+":
        return " + ".join(f"({_zen(a, scores)})" for a in args)
    if op == "if":
        text = _zen(args[-1], scores) if len(args) % 2 else "null"
        for test, value in reversed(list(zip(args[0:-1:2], args[1::2], strict=True))):
            text = f"({_zen(test, scores)}) ? ({_zen(value, scores)}) : ({text})"
        return text
    words = {"===": "==", "!==": "!=", "<": "<", "<=": "<=", ">": ">", ">=": ">=", "in": "in"}
    return f"{_zen(args[0], scores)} {words[op]} {_zen(args[1], scores)}"


def zen_engine(document: Mapping[str, Any]) -> Engine:
    """zen-engine's compiled expression, its fastest path: one call per answer set, which
    gives the 30 rules' booleans. (A decision graph with an expression node, even through
    `evaluate_batch`, costs ten times as much per answer set.)"""
    import zen

    questions = [q["id"] for s in document["checklist"]["sections"] for q in s["questions"]]
    expression = zen.compile_expression(zen_expression(document))
    return Engine(
        lambda batch: [expression.evaluate({q: a.get(q) for q in questions}) for a in batch],
        lambda results: [mask(flags) for flags in results])


# --- measuring -----------------------------------------------------------------------


def verify(name: str, engine: Engine, reference: Matches, sets: list[Answers]) -> None:
    """Stop loudly unless `engine` matches the reference on every answer set given."""
    got = [m for batch in batches(sets) for m in engine.masks(engine.run(batch))]
    bad = [i for i, (a, b) in enumerate(zip(got, reference, strict=True)) if a != b]
    if bad:
        i = bad[0]
        sys.exit(f"{name} differs from site-builder on {len(bad)} of {len(sets)} answer sets;"
                 f" the first: {sets[i]}: {name} {got[i]:030b}, ours {reference[i]:030b}")
    print(f"  {name}: the same matched rules on {len(sets):,} answer sets", flush=True)


def rate(engine: Engine, work: list[list[Answers]]) -> float:
    """Answer sets per second over the given batches."""
    start = time.perf_counter()
    for batch in work:
        engine.run(batch)
    return sum(map(len, work)) / (time.perf_counter() - start)


def node_measure(document: dict[str, Any], sets: list[Answers], runs: int,
                 folder: Path) -> dict[str, Any]:
    (folder / "document.json").write_text(json.dumps(document), encoding="utf-8")
    (folder / "answers.json").write_text(json.dumps(sets), encoding="utf-8")
    command = ["node", str(ROOT / "benchmarks" / "rules.js"), str(folder / "document.json"),
               str(folder / "answers.json"), str(runs)]
    done = subprocess.run(command, capture_output=True, text=True, check=False,
                          env=os.environ | {"NODE_PATH": str(NODE_PEERS / "node_modules")})
    sys.stderr.write(done.stderr)
    if done.returncode != 0:
        sys.exit(f"benchmarks/rules.js failed (status {done.returncode})")
    result: dict[str, Any] = json.loads(done.stdout)
    return result


# --- the peers' environment ----------------------------------------------------------


def ensure_peers() -> None:
    """Re-run in benchmarks/.peers/rules/venv (made on the first run, with site-builder's
    dependencies and the peers) unless the peers import here."""
    try:
        import json_logic  # noqa: F401
        import zen  # noqa: F401
    except ImportError:
        if os.environ.get(IN_VENV):
            sys.exit(f"{sys.executable} lacks the peers: remove {VENV} and run again")
        python = VENV / "bin" / "python"
        if not python.exists():
            print(f"making {VENV.relative_to(ROOT)} (once) ...", flush=True)
            subprocess.run([sys.executable, "-m", "venv", str(VENV)], check=True)
            subprocess.run([str(python), "-m", "pip", "install", "-q", str(ROOT),
                            *PYPI_PEERS], check=True)
        # PYTHONPATH: this checkout's site_builder, not the copy installed for its dependencies
        env = os.environ | {"PYTHONPATH": str(ROOT), IN_VENV: "1"}
        os.execve(str(python), [str(python), *sys.argv], env)
    if not (NODE_PEERS / "node_modules" / "json-logic-js").exists():
        print(f"installing json-logic-js into {NODE_PEERS.relative_to(ROOT)} (once) ...",
              flush=True)
        NODE_PEERS.mkdir(parents=True, exist_ok=True)
        subprocess.run(["npm", "install", "--silent", "--no-save", "--prefix", str(NODE_PEERS),
                        *NPM_PEERS], check=True)


def version(package: str) -> str:
    from importlib.metadata import version as installed

    return installed(package)


# --- the report ----------------------------------------------------------------------


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--answer-sets", type=int, default=100_000)
    parser.add_argument("--runs", type=int, default=5, help="rounds, engines alternating")
    parser.add_argument("--sample-batches", type=int, default=5,
                        help="batches the slow engines are timed on (panzi-json-logic and "
                             "site-builder's evaluate; panzi is checked on 6x that)")
    options = parser.parse_args()
    ensure_peers()
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        write_kit(folder / "kit")
        document = compile_kit(folder / "kit")
        sets = answer_sets(options.answer_sets)
        every = batches(sets)
        print(f"{len(document['rules'])} rules, {len(sets):,} answer sets in batches of "
              f"{BATCH:,}; checking every engine against site-builder's evaluate ...",
              flush=True)
        engines = {"site-builder matched_many": ours_matched(document),
                   "site-builder evaluate": ours(document),
                   "panzi-json-logic": panzi(document), "zen-engine": zen_engine(document)}
        first = engines["site-builder evaluate"]
        reference = [m for batch in every for m in first.masks(first.run(batch))]
        sample = min(len(sets), options.sample_batches * 6 * BATCH)
        verify("site-builder matched_many", engines["site-builder matched_many"], reference,
               sets)
        verify("zen-engine", engines["zen-engine"], reference, sets)
        verify("panzi-json-logic", engines["panzi-json-logic"], reference[:sample],
               sets[:sample])
        print("Node: engine.js and json-logic-js ...", flush=True)
        node = node_measure(document, sets, options.runs, folder)
        if node["matched"] != reference:
            bad = sum(a != b for a, b in zip(node["matched"], reference, strict=True))
            sys.exit(f"engine.js differs from the Python engine on {bad} answer sets")
        print("  engine.js: the same matched rules as the Python engine on every set")
        work = {name: every for name in engines}
        for slow in ("panzi-json-logic", "site-builder evaluate"):  # 1,000 to 2,000 sets/s
            work[slow] = every[:options.sample_batches]
        print(f"timing, {options.runs} rounds ...", flush=True)
        rates = alternate(options.runs, {name: partial(rate, engine, work[name])
                                         for name, engine in engines.items()})
    report(rates | node["rates"], node, options, len(sets))


def report(rates: dict[str, list[float]], node: dict[str, Any],
           options: argparse.Namespace, count: int) -> None:
    medians = {name: summary(values).median for name, values in rates.items()}
    tools = {"Node": node["node"], "panzi-json-logic": version("panzi-json-logic"),
             "zen-engine": version("zen-engine"), "json-logic-js": node["json-logic-js"]}
    print(f"\nRules: {RULES} rules over a 12-question checklist, {count:,} answer sets, "
          f"batches of {BATCH:,}; answer sets per second, median of {options.runs} rounds "
          "(engines alternating)")
    print("; ".join(f"{key}: {value}" for key, value in machine(tools).items()) + "\n")
    rows = [[name, f"{medians[name]:,.0f}",
             f"{summary(values).min:,.0f} to {summary(values).max:,.0f}"]
            for name, values in rates.items()]
    print(table(rows, ["engine", "answer sets/s (median)", "range"], right=[1]) + "\n")
    # (ours, peer, whether the target applies)
    checks = [("site-builder matched_many", "panzi-json-logic", True),
              ("site-builder matched_many", "zen-engine", True),
              ("site-builder evaluate", "panzi-json-logic", False),
              ("site-builder evaluate", "zen-engine", False),
              ("engine.js", "json-logic-js", True)]
    rows = []
    missed = []
    for ours_name, peer, targeted in checks:
        ratio = medians[ours_name] / medians[peer]
        target = TARGETS[peer]
        rows.append([ours_name, peer, f"{ratio:.1f}x", f"{target:g}x" if targeted else "-",
                     ("yes" if ratio >= target else "NO") if targeted else "-"])
        if targeted and ratio < target:
            missed.append((ours_name, peer))
    print(table(rows, ["ours", "peer", "ratio", "target", "met"], right=[2, 3]))
    if ("engine.js", "json-logic-js") in missed:
        print(f"\nengine.js misses its {TARGETS['json-logic-js']:g}x target: {WHY_NODE}.")
    if missed:
        sys.exit("missed: " + ", ".join(f"{a} vs {b}" for a, b in missed))


if __name__ == "__main__":
    main()
