/*
 * "Why this advice", in the participant's own answers: the page's copy of
 * site_builder/engine/why.py, whose docstring states the rules. Once the results are final
 * the sentences are the ones `site-builder explain` prints for the same answers (a browser
 * test compares them); while answering, a score still open is given as its range.
 * The words come from the template's data-text-why-* attributes, so a kit can change them.
 *
 * A part of the assessment (assessment.js), loaded after assessment-dom.js: a classic
 * script that adds `why` to the global `SiteBuilderAssessmentParts`.
 */
(function (shared) {
  "use strict";

  var SHORT = 32;  // characters of a question's text in a sentence, as wording.py cuts it

  /** A question's text cut after the last whole word within SHORT characters. */
  function shortText(text) {
    text = String(text).split(/\s+/).filter(Boolean).join(" ");
    if (text.length <= SHORT) return text;
    var head = text.slice(0, SHORT + 1);
    var cut = head.indexOf(" ") >= 0 ? head.slice(0, head.lastIndexOf(" ")) : text.slice(0, SHORT);
    return cut.replace(/[,;:.!?\-\u2013\u2014]+$/, "") + " \u2026";
  }

  /** "Psychosocial support" -> "psychosocial support"; "NPS" stays as it is. */
  function lowerFirst(label) {
    if (label.length > 1 && label.charAt(1) !== label.charAt(1).toLowerCase()) return label;
    return label.charAt(0).toLowerCase() + label.slice(1);
  }

  /** A number as Python's "{:g}" writes it, for these small values. */
  function g(value) {
    var number = Number(value);
    return Number.isInteger(number) ? String(number) : String(parseFloat(number.toPrecision(6)));
  }

  var methods = {};

  /** The sentences of a shown rule: why it shows, then why earlier profiles did not fit. */
  methods.whySentences = function (ruleId, view, trace) {
    var self = this;
    var rule = this.rulesById[ruleId].rule;
    var index = this.ruleIndex[ruleId];
    var reasons = [];
    rule.conditions.forEach(function (condition, i) {
      if (trace.rules[index].conditions[i].holds) reasons = reasons.concat(self.holds(condition, view));
    });
    var passed = [];
    if (rule.pick === "first") {
      this.rules.rules.forEach(function (earlier, e) {
        if (earlier.group !== rule.group || e >= index) return;
        var title = "\u201c" + earlier.advice.title + "\u201d";
        earlier.conditions.forEach(function (condition, i) {
          if (!trace.rules[e].conditions[i].holds) passed = passed.concat(self.needs(title, condition, view));
        });
      });
    }
    if (!reasons.length && !passed.length) reasons = [this.say("whyAlways")];
    return reasons.concat(passed);
  };

  methods.holds = function (condition, view) {
    var subject = condition.subject, relation = condition.relation;
    if (subject === null || subject === undefined || relation === null || relation === undefined) {
      return this.other(condition, view, this.say("whyWhen", { clause: condition.clause || "" }));
    }
    var question = this.questionById[subject];
    var numeric = question && question.type === "number" &&
      relation !== "answered" && relation !== "not answered";
    if (this.scoreById[subject] || numeric) {
      return [this.fact(subject, view).replace(/\.$/, "") + ", " + relation + "."];
    }
    return [this.fact(subject, view)];
  };

  methods.needs = function (title, condition, view) {
    var subject = condition.subject, relation = condition.relation;
    if (subject === null || subject === undefined || relation === null || relation === undefined) {
      return this.other(condition, view,
        this.say("whyNeedsOther", { title: title, clause: condition.clause || "" }));
    }
    var score = this.scoreById[subject];
    if (score) {
      var label = lowerFirst(score.label);
      return [this.say("whyNeedsScore", { title: title, a: /^[aeiou]/i.test(label) ? "an" : "a",
        label: label, relation: of(relation), score: this.scoreText(subject, view) })];
    }
    var question = this.questionById[subject];
    var named = question ? "\u201c" + shortText(question.text) + "\u201d" : subject;
    var answer = this.answerWords(subject);
    var yours = answer === null ? this.say("whyYouSkippedIt") :
      this.say("whyYouAnswered", { answer: answer });
    var values = { title: title, question: named, yours: yours, relation: relation };
    if (relation === "answered") return [this.say("whyNeedsAnswer", values)];
    if (relation === "not answered") return [this.say("whyNeedsBlank", values)];
    if (question && question.type === "number") {
      values.relation = of(relation);
      return [this.say("whyNeedsNumber", values)];
    }
    return [this.say("whyNeedsChoice", values)];
  };

  /** "of at least 2", "below 2": how a requirement reads after "a ... score". */
  function of(relation) {
    return relation.indexOf("at ") === 0 ? "of " + relation : relation;
  }

  methods.other = function (condition, view, sentence) {
    var self = this;
    if (!condition.clause) return [];  // always
    return [sentence].concat((condition.reads || []).map(function (name) {
      return self.fact(name, view);
    }));
  };

  /** "You answered No to “…”." / "You skipped “…”." / "Your … score is 1 of 3." */
  methods.fact = function (name, view) {
    var score = this.scoreById[name];
    if (score) {
      var range = view.scores[name];
      var label = lowerFirst(score.label);
      if (range && range.low !== range.high) {
        if (!isFinite(range.low) || !isFinite(range.high)) {
          return this.say("whyScoreUnknown", { label: label });
        }
        return this.say("whyScoreRange", { label: label, low: g(range.low),
          high: g(range.high), max: g(score.max) });
      }
      return this.say("whyScore", { label: label, score: this.scoreText(name, view) });
    }
    var question = this.questionById[name];
    var named = question ? "\u201c" + shortText(question.text) + "\u201d" : name;
    var answer = this.answerWords(name);
    if (answer === null) return this.say(view.final ? "whySkipped" : "whyOpen", { question: named });
    return this.say("whyAnswered", { answer: answer, question: named });
  };

  /** "1 of 3"; while questions of the score are open, "between 0 and 1 of 3 so far". */
  methods.scoreText = function (name, view) {
    var range = view.scores[name] || { low: 0, high: 0 };
    var max = this.scoreById[name].max;
    if (range.low === range.high) return g(range.low) + " of " + g(max);
    if (!isFinite(range.low) || !isFinite(range.high)) return this.say("whyNotKnown");
    return this.say("whyBetween", { low: g(range.low), high: g(range.high), max: g(max) });
  };

  /** The answer as the participant chose it: a label, a number, a quoted text; or null. */
  methods.answerWords = function (name) {
    var value = this.answers[name];
    var question = this.questionById[name];
    if (value === null || value === undefined) return null;
    if (!question || question.type === "text") return "\u201c" + value + "\u201d";
    if (question.type === "number") return g(value);
    var option = question.options.filter(function (o) { return o.value === value; })[0];
    return option ? option.label : String(value);
  };

  shared.why = {
    methods: methods,
    shortText: shortText,
  };
})(window.SiteBuilderAssessmentParts = window.SiteBuilderAssessmentParts || {});
