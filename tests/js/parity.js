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
 */
"use strict";

const fs = require("fs");
const engine = require("../../site_builder/render/assets/engine.js");

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

function main(documentFile, answersFile) {
  const evaluator = engine.createEvaluator(readJson(documentFile));
  const lines = readJson(answersFile).map((answers) => {
    try {
      return JSON.stringify(summaryOf(evaluator.evaluate(answers)));
    } catch (error) {
      return JSON.stringify({ crash: String(error && error.stack) });
    }
  });
  process.stdout.write(lines.join("\n") + "\n");
}

if (process.argv.length !== 4) {
  process.stderr.write("usage: node tests/js/parity.js DOCUMENT.json ANSWERS.json\n");
  process.exit(2);
}
main(process.argv[2], process.argv[3]);
