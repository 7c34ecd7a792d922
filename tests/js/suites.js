/*
 * Runs the JSON Logic conformance suites against site_builder/render/assets/jsonlogic.js.
 *
 *   node tests/js/suites.js SUITE_DIR
 *
 * Prints one JSON line per case: {"id": "<suite file>:<n>", "passed": bool, "detail": str},
 * n counting the cases of a file from 0 with section headings skipped, as the Python test
 * (tests/test_jsonlogic_suites.py) numbers them. Each case runs through both `apply`
 * and `compile`. tests/test_js_suites.py reads the lines.
 */
"use strict";

const fs = require("fs");
const path = require("path");
const jsonLogic = require("../../site_builder/render/assets/jsonlogic.js");

/** JSON equality where true is never 1 (a `decimal` case needs nothing more in JS). */
function same(expected, actual) {
  if (Array.isArray(expected) || Array.isArray(actual)) {
    return Array.isArray(expected) && Array.isArray(actual) &&
      expected.length === actual.length && expected.every((item, i) => same(item, actual[i]));
  }
  if (isObject(expected) || isObject(actual)) {
    if (!isObject(expected) || !isObject(actual)) return false;
    const keys = Object.keys(expected);
    return keys.length === Object.keys(actual).length &&
      keys.every((key) => Object.prototype.hasOwnProperty.call(actual, key) &&
        same(expected[key], actual[key]));
  }
  return typeof expected === typeof actual && expected === actual;
}

function isObject(value) {
  return value !== null && typeof value === "object" && !Array.isArray(value);
}

/** What went wrong with one evaluator on one case, or "" when it passed. */
function check(testCase, evaluate) {
  const data = "data" in testCase ? testCase.data : null;
  let actual;
  try {
    actual = evaluate(testCase.rule, data);
  } catch (error) {
    if (!(error instanceof jsonLogic.JsonLogicError)) return `crashed: ${error.stack}`;
    if (!("error" in testCase)) return `failed with ${show(error.type)}: ${error.message}`;
    return same(testCase.error.type, error.type) ? "" : `failed with ${show(error.type)}`;
  }
  if ("error" in testCase) return `gave ${show(actual)}, expected error ${show(testCase.error.type)}`;
  return same(testCase.result, actual) ? "" : `gave ${show(actual)}, expected ${show(testCase.result)}`;
}

/** A value as JSON, keeping what JSON cannot say (NaN, undefined) visible. */
function show(value) {
  if (value === undefined) return "undefined";
  return JSON.stringify(value, (key, item) =>
    typeof item === "number" && !Number.isFinite(item) ? String(item) : item);
}

const EVALUATORS = {
  apply: (rule, data) => jsonLogic.apply(rule, data),
  compile: (rule, data) => jsonLogic.compile(rule)(data),
};

function runSuites(suiteDir) {
  const index = JSON.parse(fs.readFileSync(path.join(suiteDir, "index.json"), "utf8"));
  for (const name of index) {
    const file = path.join(suiteDir, name);
    if (!fs.existsSync(file)) continue; // its cases are then missing from the count
    const cases = JSON.parse(fs.readFileSync(file, "utf8")).filter((e) => typeof e !== "string");
    cases.forEach((testCase, n) => {
      const problems = Object.entries(EVALUATORS)
        .map(([how, evaluate]) => [how, check(testCase, evaluate)])
        .filter(([, problem]) => problem)
        .map(([how, problem]) => `${how}: ${problem}`);
      const detail = `${testCase.description}: ${show(testCase.rule)} ` + problems.join("; ");
      process.stdout.write(JSON.stringify({ id: `${name}:${n}`, passed: !problems.length, detail }) + "\n");
    });
  }
}

if (process.argv.length !== 3) {
  process.stderr.write("usage: node tests/js/suites.js SUITE_DIR\n");
  process.exit(2);
}
runSuites(process.argv[2]);
