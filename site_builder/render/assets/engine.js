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
 * `evaluator.select(answers)` is the page's lean path to the same advice, without the trace:
 *   {scores: {id: number}, shown: [rule ids in display order],
 *    matched: Uint8Array, 1 where the rule (in document order) matched}
 * A shown rule has matched, so every one of its conditions holds: the page needs no more.
 * tests/test_parity.py checks that the two agree.
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
    var scoreIds = document.scores.map(function (score) { return score.id; });
    // What `select` builds as the data: plain `var`s of these keys read the frame.
    var frame = jsonLogic.createFrame(questions.concat(scoreIds));
    var scores = document.scores.map(function (score) {
      return { id: score.id, source: score.logic, logic: jsonLogic.compile(score.logic, frame) };
    });
    var rules = document.rules.map(function (rule) { return compileRule(rule, frame); });
    var displayOrder = byPriority(rules);
    var plan = planOf(frame, questions, scores, rules, displayOrder);
    return {
      evaluate: function (answers) {
        return evaluate(checklist, questions, scores, rules, displayOrder, answers || {});
      },
      select: function (answers) {
        return select(plan, answers || {});
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

  function compileRule(rule, frame) {
    return {
      id: rule.id,
      group: rule.group,
      first: rule.pick === "first",
      priority: rule.priority,
      conditions: rule.conditions.map(function (condition) {
        return {
          text: condition.text, source: condition.logic,
          test: jsonLogic.compile(condition.logic, frame),
        };
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

  // --- select: the advice without the trace -------------------------------------------

  /**
   * The compiled rules as flat arrays for `select`: rule r's tests are
   * tests[starts[r]] .. tests[starts[r + 1] - 1]; groups[r] numbers its `pick: first` group
   * (-1 for none); each question's and score's slot in the frame.
   */
  function planOf(frame, questions, scores, rules, displayOrder) {
    var tests = [];
    var starts = new Int32Array(rules.length + 1);
    var groups = new Int32Array(rules.length);
    var groupNumbers = new Map();
    rules.forEach(function (rule, r) {
      starts[r] = tests.length;
      rule.conditions.forEach(function (condition) { tests.push(condition.test); });
      if (!rule.first) {
        groups[r] = -1;
      } else {
        if (!groupNumbers.has(rule.group)) groupNumbers.set(rule.group, groupNumbers.size);
        groups[r] = groupNumbers.get(rule.group);
      }
    });
    starts[rules.length] = tests.length;
    function slotOf(id) { return frame.slots.get(id); }
    var every = scores.map(function (score) { return score.source; });
    rules.forEach(function (rule) {
      rule.conditions.forEach(function (condition) { every.push(condition.source); });
    });
    return {
      frame: frame,
      // Where the frame serves every read of the data, `select` fills only the frame's
      // values and gives the compiled logic an empty stand-in for the data object.
      standIn: every.every(function (logic) { return readsOnlyFrame(logic, frame.slots); })
        ? Object.freeze({}) : null,
      questions: questions,
      questionSlots: Int32Array.from(questions.map(slotOf)),
      scoreIds: scores.map(function (score) { return score.id; }),
      scoreSlots: Int32Array.from(scores.map(function (score) { return slotOf(score.id); })),
      scoreLogic: scores.map(function (score) { return score.logic; }),
      ruleIds: rules.map(function (rule) { return rule.id; }),
      tests: tests,
      starts: starts,
      groups: groups,
      winners: new Int32Array(groupNumbers.size), // scratch: each group's shown rule, or -1
      displayOrder: Int32Array.from(displayOrder),
    };
  }

  /** `evaluate`'s scores and shown advice, and each rule's `matched`, with no trace. */
  function select(plan, answers) {
    var frame = plan.frame;
    // A select within a select (only a getter in the answers could start one) must leave
    // the outer one's frame alone: its data is then read by name.
    var own = frame.data === null;
    try {
      return selectIn(plan, own ? frame : null, answers);
    } finally {
      if (own) frame.data = null;
    }
  }

  function selectIn(plan, frame, answers) {
    var standIn = frame ? plan.standIn : null;
    var data = standIn || {};
    // The frame's values mirror the data's keys as they are set, scores included.
    var values = frame ? frame.values : new Array(plan.frame.values.length);
    values.fill(null);
    var questions = plan.questions;
    for (var q = 0; q < questions.length; q++) {
      var id = questions[q];
      var answer = hasOwn.call(answers, id) ? answers[id] : null;
      if (answer === undefined) answer = null;
      if (!standIn) setKey(data, id, answer);
      values[plan.questionSlots[q]] = answer;
    }
    if (frame) frame.data = data;
    var scores = {};
    var scoreIds = plan.scoreIds;
    for (var s = 0; s < scoreIds.length; s++) {
      var value = numberOf(plan.scoreLogic[s](data));
      setKey(scores, scoreIds[s], value);
      if (!standIn) setKey(data, scoreIds[s], value);
      values[plan.scoreSlots[s]] = value;
    }
    var count = plan.ruleIds.length;
    var matched = new Uint8Array(count);
    var groups = plan.groups;
    var winners = plan.winners;
    winners.fill(-1);
    for (var r = 0; r < count; r++) {
      if (!holdsAll(plan.tests, plan.starts[r], plan.starts[r + 1], data)) continue;
      matched[r] = 1;
      if (groups[r] >= 0 && winners[groups[r]] < 0) winners[groups[r]] = r;
    }
    // Shown: matched, and the first match of its `pick: first` group, if it has one.
    var shown = [];
    var order = plan.displayOrder;
    for (var i = 0; i < count; i++) {
      var rule = order[i];
      if (matched[rule] && (groups[rule] < 0 || winners[groups[rule]] === rule)) {
        shown.push(plan.ruleIds[rule]);
      }
    }
    return { scores: scores, shown: shown, matched: matched };
  }

  // The operators that hand the data to their arguments and read nothing of it themselves
  // (jsonlogic.js): under them, only `var`s read the data.
  var PASSING_DATA = new Set(["==", "===", "!=", "!==", "<", "<=", ">", ">=", "+", "-", "*",
    "/", "%", "min", "max", "if", "?:", "and", "or", "!", "!!", "??", "in", "cat", "substr",
    "merge", "preserve"]);

  /**
   * Whether `logic` reads the data only through `slots`: plain `var`s of those keys (which
   * jsonlogic.js compiles into reads of the frame) under passing operators. Anything else
   * (a dotted path, a default, `missing`, `val`, an iteration) may read the data itself.
   */
  function readsOnlyFrame(logic, slots) {
    if (Array.isArray(logic)) {
      return logic.every(function (item) { return readsOnlyFrame(item, slots); });
    }
    if (logic === null || typeof logic !== "object") return true;
    var keys = Object.keys(logic);
    if (keys.length !== 1) return true; // an object literal, not an operator
    var op = keys[0];
    var args = logic[op];
    if (op === "var") return typeof args === "string" && args.indexOf(".") < 0 && slots.has(args);
    if (op === "preserve") return true;
    return PASSING_DATA.has(op) && readsOnlyFrame(args, slots);
  }

  /** Whether tests[start..end) all hold, stopping at the first that does not. */
  function holdsAll(tests, start, end, data) {
    try {
      for (var i = start; i < end; i++) {
        if (!jsonLogic.truthy(tests[i](data))) return false;
      }
      return true;
    } catch (error) {
      if (!(error instanceof jsonLogic.JsonLogicError)) throw error;
      return false; // a condition that fails with an error does not hold
    }
  }

  // --- for evaluate and select -----------------------------------------------------

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

  // Shared with provisional.js, so both read answers and order advice the same way.
  var api = { createEvaluator: createEvaluator, byPriority: byPriority, numberOf: numberOf,
    setKey: setKey };
  root.SiteBuilderEngine = api;
  if (typeof module === "object" && module.exports) module.exports = api;
})(typeof globalThis !== "undefined" ? globalThis : this);
