/*
 * Results while a participant is still answering: what no later answer can change. The
 * browser's copy of site_builder/engine/provisional.py, which must give the same result
 * for the same answers (tests/test_parity.py checks both over partial answers); the
 * semantics are written down there.
 *
 *   var provisional = SiteBuilderProvisional.create(document);  // compiles once
 *   var outlook = provisional.evaluate({sounding_board: "no"});
 *
 * The outlook mirrors Python's `Provisional`:
 *   {answers, open: [question ids], scores: {id: {low, high}},
 *    rules: [{id, group, verdict: "holds"|"fails"|"pending", shown: "yes"|"no"|"pending"}],
 *    shown: [rule ids in display order], pending: [rule ids in display order]}
 *
 * A classic script, loaded after jsonlogic.js and engine.js (whose answer and ordering
 * helpers it shares): it defines
 * `SiteBuilderProvisional` on the global object, and is also a CommonJS module under Node.
 */
(function (root) {
  "use strict";

  var jsonLogic = root.SiteBuilderJsonLogic ||
    (typeof require === "function" ? require("./jsonlogic.js") : null);
  var engine = root.SiteBuilderEngine ||
    (typeof require === "function" ? require("./engine.js") : null);
  if (!jsonLogic || !engine) {
    throw new Error("provisional.js needs jsonlogic.js and engine.js, loaded before it");
  }
  var byPriority = engine.byPriority;
  var numberOf = engine.numberOf;
  var setKey = engine.setKey;

  var LIMIT = 4096; // combinations tried for one part of a rule, at most
  var hasOwn = Object.prototype.hasOwnProperty;

  function create(document) {
    var questions = [];
    document.checklist.sections.forEach(function (section) {
      section.questions.forEach(function (question) { questions.push(question); });
    });
    var plan = {
      questions: questions.map(function (q) { return q.id; }),
      classes: new Map(), kinds: new Map(), adds: new Map(),
      scoreIds: document.scores.map(function (s) { return s.id; }),
      scoreQuestions: new Map(),
      scoreLogic: document.scores.map(function (s) { return jsonLogic.compile(s.logic); }),
    };
    questions.forEach(function (q) {
      plan.classes.set(q.id, q.classes.concat([null]));
      plan.kinds.set(q.id, q.type);
      plan.adds.set(q.id, contributions(q));
    });
    document.scores.forEach(function (s) { plan.scoreQuestions.set(s.id, s.questions); });
    var scores = new Set(plan.scoreIds);
    plan.rules = document.rules.map(function (rule) {
      return {
        id: rule.id, group: rule.group, first: rule.pick === "first",
        conditions: rule.conditions.map(function (condition) {
          return {
            test: jsonLogic.compile(condition.logic),
            questions: condition.reads.filter(function (n) { return !scores.has(n); }),
            scores: condition.reads.filter(function (n) { return scores.has(n); }),
          };
        }),
      };
    });
    plan.displayOrder = byPriority(document.rules);
    return { evaluate: function (answers) { return evaluate(plan, answers || {}); } };
  }

  /** What each answer adds to a score; for a number question, its least and most. */
  function contributions(question) {
    var adds = new Map();
    if (question.type === "number") {
      adds.set("min", question.min === null || question.min === undefined ? -Infinity : question.min);
      adds.set("max", question.max === null || question.max === undefined ? Infinity : question.max);
      return adds;
    }
    (question.answers || []).forEach(function (a) { adds.set(a.value, a.score || 0); });
    return adds;
  }

  function evaluate(plan, answers) {
    var given = {};
    var open = [];
    plan.questions.forEach(function (id) {
      var value = hasOwn.call(answers, id) && answers[id] !== undefined ? answers[id] : null;
      setKey(given, id, value);
      if (value === null) open.push(id);
    });
    var isOpen = new Set(open);
    var verdicts = plan.rules.map(function (rule) { return verdictOf(plan, rule, given, isOpen); });
    var shown = pick(plan.rules, verdicts);
    var rules = plan.rules.map(function (rule, i) {
      return { id: rule.id, group: rule.group, verdict: verdicts[i], shown: shown[i] };
    });
    var scores = {};
    plan.scoreIds.forEach(function (id) { setKey(scores, id, rangeOf(plan, id, given)); });
    function inOrder(state) {
      return plan.displayOrder.filter(function (i) { return rules[i].shown === state; })
        .map(function (i) { return rules[i].id; });
    }
    return {
      answers: given, open: open, scores: scores, rules: rules,
      shown: inOrder("yes"), pending: inOrder("pending"),
    };
  }

  function rangeOf(plan, scoreId, given) {
    var low = 0, high = 0;
    plan.scoreQuestions.get(scoreId).forEach(function (question) {
      var value = given[question];
      if (value !== null && value !== undefined) {
        var added = addedBy(plan, question, value);
        low += added;
        high += added;
      } else {
        var spread = spreadOf(plan, question);
        low += spread[0];
        high += spread[1];
      }
    });
    return { low: low, high: high };
  }

  function addedBy(plan, question, value) {
    if (plan.kinds.get(question) === "number") return typeof value === "number" ? value : 0;
    var adds = plan.adds.get(question);
    return typeof value === "string" && adds.has(value) ? adds.get(value) : 0;
  }

  /** The least and most an open question can add to a score (0 when skipped). */
  function spreadOf(plan, question) {
    var adds = plan.adds.get(question);
    if (plan.kinds.get(question) === "number") {
      return [Math.min(0, adds.get("min")), Math.max(0, adds.get("max"))];
    }
    var values = Array.from(adds.values());
    return [Math.min.apply(null, [0].concat(values)), Math.max.apply(null, [0].concat(values))];
  }

  function verdictOf(plan, rule, given, isOpen) {
    var verdict = "holds";
    var parts = partsOf(plan, rule, isOpen);
    for (var i = 0; i < parts.length; i++) {
      var found = tryPart(plan, parts[i], given, isOpen);
      if (found === "fails") return "fails";
      if (found === "pending") verdict = "pending";
    }
    return verdict;
  }

  /** The rule's conditions, grouped so that no two groups read an open question in common. */
  function partsOf(plan, rule, isOpen) {
    var parts = [];
    rule.conditions.forEach(function (condition) {
      var reads = new Set(condition.questions.filter(function (q) { return isOpen.has(q); }));
      condition.scores.forEach(function (score) {
        plan.scoreQuestions.get(score).forEach(function (q) { if (isOpen.has(q)) reads.add(q); });
      });
      var joined = reads.size ? parts.filter(function (part) { return intersects(part.reads, reads); }) : [];
      var merged = { reads: new Set(reads), conditions: [] };
      joined.forEach(function (part) {
        part.reads.forEach(function (q) { merged.reads.add(q); });
        merged.conditions = merged.conditions.concat(part.conditions);
      });
      merged.conditions.push(condition);
      parts = parts.filter(function (part) { return joined.indexOf(part) < 0; }).concat([merged]);
    });
    return parts.map(function (part) { return part.conditions; });
  }

  function intersects(a, b) {
    var found = false;
    a.forEach(function (item) { if (b.has(item)) found = true; });
    return found;
  }

  function tryPart(plan, part, given, isOpen) {
    var tried = planPart(plan, part, isOpen);
    if (tried === null) return "pending";
    var data = {};
    Object.keys(given).forEach(function (id) { setKey(data, id, given[id]); });
    var seenTrue = false, seenFalse = false;
    var values = tried.questions.map(function (q) { return plan.classes.get(q); });
    var summed = tried.sums.map(function (entry) { return entry[1]; });
    var outcome = null;
    product(values, function (combination) {
      tried.questions.forEach(function (q, i) { setKey(data, q, combination[i]); });
      var base = scoresOf(plan, data);
      return product(summed, function (extra) {
        plan.scoreIds.forEach(function (id) { setKey(data, id, base[id]); });
        tried.sums.forEach(function (entry, i) { setKey(data, entry[0], base[entry[0]] + extra[i]); });
        var all = part.every(function (condition) { return holds(condition.test, data); });
        if (all) seenTrue = true;
        else seenFalse = true;
        if (seenTrue && seenFalse) {
          outcome = "pending";
          return false; // stop
        }
        return true;
      });
    });
    return outcome || (seenTrue ? "holds" : "fails");
  }

  /**
   * Calls visit(combination) for each combination of one value from each list, in order,
   * until visit returns false; returns false when stopped.
   */
  function product(lists, visit) {
    var combination = new Array(lists.length);
    function step(i) {
      if (i === lists.length) return visit(combination);
      for (var k = 0; k < lists[i].length; k++) {
        combination[i] = lists[i][k];
        if (step(i + 1) === false) return false;
      }
      return true;
    }
    return step(0);
  }

  /**
   * The open questions to try answer by answer, and for each score read, the sums its
   * other open questions can add ([score, sums]); null when that is more than LIMIT tries.
   */
  function planPart(plan, part, isOpen) {
    var direct = new Set();
    var scores = [];
    part.forEach(function (condition) {
      condition.questions.forEach(function (q) { if (isOpen.has(q)) direct.add(q); });
      condition.scores.forEach(function (s) { if (scores.indexOf(s) < 0) scores.push(s); });
    });
    var count = new Map();
    scores.forEach(function (score) {
      new Set(plan.scoreQuestions.get(score)).forEach(function (q) {
        if (isOpen.has(q)) count.set(q, (count.get(q) || 0) + 1);
      });
    });
    // Tried one by one: read directly, in two scores, or a number (no finite sums).
    var tried = new Set(direct);
    count.forEach(function (n, q) {
      if (n > 1 || plan.kinds.get(q) !== "choice") tried.add(q);
    });
    var sums = [];
    for (var s = 0; s < scores.length; s++) {
      var totals = new Set([0]);
      var questions = plan.scoreQuestions.get(scores[s]);
      for (var k = 0; k < questions.length; k++) {
        var question = questions[k];
        if (!isOpen.has(question) || tried.has(question)) continue;
        var adds = new Set([0].concat(Array.from(plan.adds.get(question).values())));
        var next = new Set();
        totals.forEach(function (t) { adds.forEach(function (a) { next.add(t + a); }); });
        totals = next;
        if (totals.size > LIMIT) return null;
      }
      if (totals.size > 1) {
        sums.push([scores[s], Array.from(totals).sort(function (a, b) { return a - b; })]);
      }
    }
    var ordered = plan.questions.filter(function (q) { return tried.has(q); });
    var size = 1;
    ordered.forEach(function (q) { size *= plan.classes.get(q).length; });
    sums.forEach(function (entry) { size *= entry[1].length; });
    return size <= LIMIT ? { questions: ordered, sums: sums } : null;
  }

  function scoresOf(plan, data) {
    var scores = {};
    plan.scoreIds.forEach(function (id, i) { setKey(scores, id, numberOf(plan.scoreLogic[i](data))); });
    return scores;
  }

  function holds(test, data) {
    try {
      return jsonLogic.truthy(test(data));
    } catch (error) {
      if (!(error instanceof jsonLogic.JsonLogicError)) throw error;
      return false; // a condition that fails with an error does not hold
    }
  }

  /**
   * Whether each rule shows: its verdict, unless an earlier rule of its `pick: first`
   * group holds (it does not show) or is pending (it is pending, unless it fails).
   */
  function pick(rules, verdicts) {
    var winners = new Set(), waiting = new Set();
    return rules.map(function (rule, i) {
      var verdict = verdicts[i];
      if (!rule.first) return verdict === "holds" ? "yes" : verdict === "fails" ? "no" : "pending";
      if (winners.has(rule.group) || verdict === "fails") return "no";
      if (waiting.has(rule.group) || verdict === "pending") {
        waiting.add(rule.group);
        return "pending";
      }
      winners.add(rule.group);
      return "yes";
    });
  }

  var api = { create: create, LIMIT: LIMIT };
  root.SiteBuilderProvisional = api;
  if (typeof module === "object" && module.exports) module.exports = api;
})(typeof globalThis !== "undefined" ? globalThis : this);
