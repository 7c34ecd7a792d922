/*
 * Evaluates many answer sets against one compiled rules document with
 * site_builder/render/assets/engine.js, in one process.
 *
 *   node tests/js/parity.js DOCUMENT.json ANSWERS.json
 *
 * ANSWERS.json is an array of answer sets; prints one JSON line per set, in order:
 *   {"shown": [ids], "scores": {id: number},
 *    "rules": [[id, matched, shown, hidden_by, [[holds, error], ...]], ...]}
 * (the evaluation without the texts, which are copied from the document, and in arrays to
 * keep thousands of lines quick to write and to compare), or {"crash": message} where
 * evaluating a set threw. tests/test_parity.py compares the lines with the Python results.
 * Each set also runs through `select`, the page's lean path; where it disagrees with
 * `evaluate` (shown, scores, or any rule's matched), the line has "select": what differs.
 *
 *   node tests/js/parity.js DOCUMENT.json ANSWERS.json provisional
 *
 * evaluates each set as answers still being given, with provisional.js: one line each,
 *   {"shown": [ids], "pending": [ids], "open": [ids], "scores": {id: [low, high]},
 *    "rules": [[id, verdict, shown], ...]}
 * (an unbounded high as null, as JSON has no infinity).
 */
"use strict";

const fs = require("fs");
const engine = require("../../site_builder/render/assets/engine.js");
const provisional = require("../../site_builder/render/assets/provisional.js");

function readJson(file) {
  return JSON.parse(fs.readFileSync(file, "utf8"));
}

function summaryOf(evaluation) {
  return {
    shown: evaluation.shown,
    scores: evaluation.scores,
    rules: evaluation.rules.map((rule) => [
      rule.id, rule.matched, rule.shown, rule.hidden_by,
      rule.conditions.map((condition) => [condition.holds, condition.error]),
    ]),
  };
}

/** How `select` differs from `evaluate` on the same answers, or null where it does not. */
function selectDifference(evaluator, answers, evaluation) {
  let selection;
  try {
    selection = evaluator.select(answers);
  } catch (error) {
    return `select threw: ${String(error && error.stack)}`;
  }
  const found = [];
  if (JSON.stringify(selection.shown) !== JSON.stringify(evaluation.shown)) {
    found.push(`shown ${JSON.stringify(selection.shown)}`);
  }
  const ids = Object.keys(evaluation.scores);
  const sameScores = JSON.stringify(Object.keys(selection.scores)) === JSON.stringify(ids) &&
    ids.every((id) => Object.is(selection.scores[id], evaluation.scores[id]));
  if (!sameScores) found.push(`scores ${JSON.stringify(selection.scores)}`);
  if (selection.matched.length !== evaluation.rules.length) {
    found.push(`matched has ${selection.matched.length} rules`);
  }
  evaluation.rules.forEach((rule, i) => {
    if (Boolean(selection.matched[i]) !== rule.matched) {
      found.push(`rule ${rule.id} matched ${Boolean(selection.matched[i])}`);
    }
  });
  return found.length ? found.join("; ") : null;
}

function outlookOf(outlook) {
  const scores = {};
  Object.keys(outlook.scores).forEach((id) => {
    const range = outlook.scores[id];
    scores[id] = [range.low, Number.isFinite(range.high) ? range.high : null];
  });
  return {
    shown: outlook.shown, pending: outlook.pending, open: outlook.open, scores: scores,
    rules: outlook.rules.map((rule) => [rule.id, rule.verdict, rule.shown]),
  };
}

function mainProvisional(documentFile, answersFile) {
  const evaluator = provisional.create(readJson(documentFile));
  const lines = readJson(answersFile).map((answers) => {
    try {
      return JSON.stringify(outlookOf(evaluator.evaluate(answers)));
    } catch (error) {
      return JSON.stringify({ crash: String(error && error.stack) });
    }
  });
  process.stdout.write(lines.join("\n") + "\n");
}

function main(documentFile, answersFile) {
  const evaluator = engine.createEvaluator(readJson(documentFile));
  const lines = readJson(answersFile).map((answers) => {
    let summary;
    try {
      const evaluation = evaluator.evaluate(answers);
      summary = summaryOf(evaluation);
      const difference = selectDifference(evaluator, answers, evaluation);
      if (difference !== null) summary.select = difference;
    } catch (error) {
      return JSON.stringify({ crash: String(error && error.stack) });
    }
    return JSON.stringify(summary);
  });
  process.stdout.write(lines.join("\n") + "\n");
}

if (process.argv.length === 5 && process.argv[4] === "provisional") {
  mainProvisional(process.argv[2], process.argv[3]);
} else if (process.argv.length === 4) {
  main(process.argv[2], process.argv[3]);
} else {
  process.stderr.write("usage: node tests/js/parity.js DOCUMENT.json ANSWERS.json [provisional]\n");
  process.exit(2);
}
