/*
 * Answers + a compiled rules document -> which advice shows, and why: the browser's copy
 * of site_builder/engine/evaluate.py, which must give the same result for the same answers
 * (tests/test_parity.py checks every kit's rules both ways).
 *
 *   var evaluator = SiteBuilderEngine.createEvaluator(document);  // compiles once
 *   var evaluation = evaluator.evaluate({sounding_board: "no"});
 *
 * The evaluation mirrors Python's `Evaluation`:
 *   {checklist, answers, scores: {id: number},
 *    rules: [{id, group, matched, shown, hidden_by, conditions: [{text, holds, error}]}],
 *    shown: [rule ids in display order]}
 *
 * A classic script, like jsonlogic.js (which must load first in a page): it defines
 * `SiteBuilderEngine` on the global object, and is also a CommonJS module under Node.
 */
(function (root) {
  "use strict";

  var jsonLogic = root.SiteBuilderJsonLogic ||
    (typeof require === "function" ? require("./jsonlogic.js") : null);
  if (!jsonLogic) throw new Error("engine.js needs jsonlogic.js, loaded before it");

  var hasOwn = Object.prototype.hasOwnProperty;

  /** Compiles a rules document once; `evaluate` then runs for each set of answers. */
  function createEvaluator(document) {
    var checklist = String(document.checklist.id);
    var questions = questionIds(document.checklist);
    var scores = document.scores.map(function (score) {
      return { id: score.id, logic: jsonLogic.compile(score.logic) };
    });
    var rules = document.rules.map(compileRule);
    var displayOrder = byPriority(rules);
    return {
      evaluate: function (answers) {
        return evaluate(checklist, questions, scores, rules, displayOrder, answers || {});
      },
    };
  }

  function questionIds(checklist) {
    var ids = [];
    checklist.sections.forEach(function (section) {
      section.questions.forEach(function (question) { ids.push(question.id); });
    });
    return ids;
  }

  function compileRule(rule) {
    return {
      id: rule.id,
      group: rule.group,
      first: rule.pick === "first",
      priority: rule.priority,
      conditions: rule.conditions.map(function (condition) {
        return { text: condition.text, test: jsonLogic.compile(condition.logic) };
      }),
    };
  }

  /**
   * Rule indexes in display order: higher priority first. Rules are listed by file, then
   * position, and Array.prototype.sort is stable, so ties keep that order.
   */
  function byPriority(rules) {
    var order = rules.map(function (rule, index) { return index; });
    return order.sort(function (i, j) {
      var a = rules[i].priority;
      var b = rules[j].priority;
      return a > b ? -1 : a < b ? 1 : 0;
    });
  }

  function evaluate(checklist, questions, scores, rules, displayOrder, answers) {
    var given = {};
    var data = {};
    questions.forEach(function (id) {
      var answer = hasOwn.call(answers, id) && answers[id] !== undefined ? answers[id] : null;
      setKey(given, id, answer);
      setKey(data, id, answer);
    });
    var scoreValues = {};
    // Scores first, each added to the data, so rules (and later scores) can read them.
    scores.forEach(function (score) {
      var value = numberOf(score.logic(data));
      setKey(scoreValues, score.id, value);
      setKey(data, score.id, value);
    });
    var results = pickWinners(rules, data);
    var shown = displayOrder.filter(function (i) { return results[i].shown; })
      .map(function (i) { return results[i].id; });
    return { checklist: checklist, answers: given, scores: scoreValues, rules: results, shown: shown };
  }

  /** Each rule's result; in a `pick: first` group only the first match (in file order) shows. */
  function pickWinners(rules, data) {
    var winners = new Map();
    return rules.map(function (rule) {
      var conditions = rule.conditions.map(function (condition) {
        return testCondition(condition, data);
      });
      var matched = conditions.every(function (condition) { return condition.holds; });
      var hiddenBy = rule.first && matched && winners.has(rule.group) ? winners.get(rule.group) : null;
      if (rule.first && matched && hiddenBy === null) winners.set(rule.group, rule.id);
      return {
        id: rule.id,
        group: rule.group,
        matched: matched,
        shown: matched && hiddenBy === null,
        hidden_by: hiddenBy,
        conditions: conditions,
      };
    });
  }

  /** A condition whose raw logic fails (say, "NaN") does not hold, and says why. */
  function testCondition(condition, data) {
    try {
      return { text: condition.text, holds: jsonLogic.truthy(condition.test(data)), error: null };
    } catch (error) {
      if (!(error instanceof jsonLogic.JsonLogicError)) throw error;
      return { text: condition.text, holds: false, error: "JSON Logic error: " + typeText(error.type) };
    }
  }

  /** An error type as Python's str() prints it, for the strings and scalars it can be. */
  function typeText(type) {
    if (typeof type === "string") return type;
    if (type === null || type === undefined) return "None";
    if (typeof type === "boolean") return type ? "True" : "False";
    return typeof type === "number" ? String(type) : JSON.stringify(type);
  }

  /** A score's value: a number, else 0 (true and false are not numbers here). */
  function numberOf(value) {
    return typeof value === "number" ? value : 0;
  }

  /** obj[key] = value, also for a key named "__proto__", which assignment would not set. */
  function setKey(obj, key, value) {
    if (key !== "__proto__") {
      obj[key] = value;
      return;
    }
    Object.defineProperty(obj, key, { value: value, enumerable: true, writable: true, configurable: true });
  }

  var api = { createEvaluator: createEvaluator };
  root.SiteBuilderEngine = api;
  if (typeof module === "object" && module.exports) module.exports = api;
})(typeof globalThis !== "undefined" ? globalThis : this);
