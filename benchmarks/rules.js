/*
 * The Node half of benchmarks/rules.py: the browser's evaluator (engine.js, as the site
 * ships it) against json-logic-js (npm), over the same compiled rules document.
 *
 *   NODE_PATH=benchmarks/.peers/rules/node/node_modules \
 *     node benchmarks/rules.js DOCUMENT.json ANSWERS.json RUNS
 *
 * Two engines: engine.js's `select`, set by set, as the assessment page runs it (scores,
 * `pick: first` groups, display order and each rule's matched flag; not `evaluate`'s
 * per-condition trace, which tests and tools compare with Python), and json-logic-js's
 * `apply`, which only computes each condition's value. Checks that both give the same
 * matched rules on every answer set (exits 1 if not), then times each in batches of 1,000
 * answer sets, RUNS rounds with the order turning each round. Prints one JSON object: the
 * versions, each answer set's matched rules as a bit mask (for rules.py to compare with
 * the Python engine) and each engine's answer sets per second, one figure per round.
 */
"use strict";

const fs = require("fs");
const path = require("path");
const engine = require("../site_builder/render/assets/engine.js");
const jsonLogic = require("json-logic-js");

const BATCH = 1000;

function readJson(file) {
  return JSON.parse(fs.readFileSync(file, "utf8"));
}

function maskOf(flags) {
  let mask = 0;
  flags.forEach((flag, i) => { if (flag) mask += 2 ** i; });
  return mask;
}

/** engine.js's `select`, what the results panel runs (scores, groups, display order). */
function ours(document) {
  const evaluator = engine.createEvaluator(document);
  return {
    run: (batch) => batch.map((answers) => evaluator.select(answers)),
    masks: (results) => results.map((selection) => maskOf(selection.matched)),
  };
}

/** json-logic-js on the same JSON Logic, with the data engine.js builds: every question
 * (null when blank), then each score, computed first. */
function peer(document) {
  const questions = [];
  document.checklist.sections.forEach((s) => s.questions.forEach((q) => questions.push(q.id)));
  const scores = document.scores.map((s) => [s.id, s.logic]);
  const rules = document.rules.map((r) => r.conditions.map((c) => c.logic));
  function one(answers) {
    const data = {};
    for (const id of questions) data[id] = answers[id] === undefined ? null : answers[id];
    for (const [id, logic] of scores) {
      const value = jsonLogic.apply(logic, data);
      data[id] = typeof value === "number" ? value : 0;
    }
    return rules.map((conditions) =>
      conditions.every((logic) => jsonLogic.truthy(jsonLogic.apply(logic, data))));
  }
  return {
    run: (batch) => batch.map(one),
    masks: (results) => results.map(maskOf),
  };
}

function rate(run, batches) {
  const start = process.hrtime.bigint();
  let count = 0;
  for (const batch of batches) {
    run(batch);
    count += batch.length;
  }
  return count / (Number(process.hrtime.bigint() - start) / 1e9);
}

function main(documentFile, answersFile, runs) {
  const document = readJson(documentFile);
  const sets = readJson(answersFile);
  const batches = [];
  for (let i = 0; i < sets.length; i += BATCH) batches.push(sets.slice(i, i + BATCH));
  const engines = {
    "engine.js": ours(document),
    "json-logic-js": peer(document),
  };
  const names = Object.keys(engines);
  const matched = engines["engine.js"].masks(engines["engine.js"].run(sets));
  for (const name of names.slice(1)) {
    const theirs = engines[name].masks(engines[name].run(sets));
    const bad = matched.findIndex((mask, i) => mask !== theirs[i]);
    if (bad >= 0) {
      process.stderr.write(`${name} differs from engine.js on answers ${JSON.stringify(sets[bad])}\n`);
      process.exit(1);
    }
    process.stderr.write(`  ${name}: the same matched rules as engine.js on ${sets.length} answer sets\n`);
  }
  const rates = Object.fromEntries(names.map((name) => [name, []]));
  for (let round = 0; round < runs; round++) {
    const order = names.slice(round % names.length).concat(names.slice(0, round % names.length));
    for (const name of order) rates[name].push(rate(engines[name].run, batches));
    process.stderr.write(`  node run ${round + 1}: ` +
      names.map((n) => `${n} ${Math.round(rates[n][round])}/s`).join(", ") + "\n");
  }
  const peerPackage = require(path.join(path.dirname(require.resolve("json-logic-js")), "package.json"));
  process.stdout.write(JSON.stringify({
    node: process.version, "json-logic-js": peerPackage.version, matched, rates,
  }));
}

if (process.argv.length !== 5) {
  process.stderr.write("usage: node benchmarks/rules.js DOCUMENT.json ANSWERS.json RUNS\n");
  process.exit(2);
}
main(process.argv[2], process.argv[3], Number(process.argv[4]));
