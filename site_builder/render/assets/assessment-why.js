/*
 * "Why this advice", in the participant's own answers: the page's copy of
 * site_builder/engine/why.py, whose docstring states the rules. Once the results are final
 * the sentences are the ones `site-builder explain` prints for the same answers, in every
 * language (a browser test compares them); while answering, a score still open is given as
 * its range. Every sentence is a pattern from the template's data-text-why-* attributes,
 * in the page's language (the built-in catalogues, or a kit's own words); the words made
 * from the rules (a condition's relation and clause, a score's label in a sentence) come
 * made in that language in the compiled document; numbers are written for the page's
 * language, as Babel writes them for `explain`.
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

  var methods = {};

  /** A number as wording.number writes it: up to six decimals, never grouped, "0,5" in French. */
  methods.whyNumber = function (value) {
    if (!this.whyFormat) {
      var options = { useGrouping: false, maximumFractionDigits: 6 };
      try {
        this.whyFormat = new Intl.NumberFormat(this.language, options);
      } catch (error) {
        this.whyFormat = new Intl.NumberFormat(undefined, options);
      }
    }
    return this.whyFormat.format(Number(value));
  };

  /** A text in the language's quotation marks. */
  methods.whyQuote = function (text) {
    return this.say("whyQuoted", { text: text });
  };

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
        var title = self.whyQuote(earlier.advice.title);
        earlier.conditions.forEach(function (condition, i) {
          if (!trace.rules[e].conditions[i].holds) passed = passed.concat(self.needs(title, condition, view));
        });
      });
    }
    if (!reasons.length && !passed.length) reasons = [this.say("whyAlways")];
    return reasons.concat(passed);
  };

  function bare(value) {
    return value === null || value === undefined;
  }

  methods.holds = function (condition, view) {
    var subject = condition.subject, relation = condition.relation, op = condition.op;
    if (bare(subject) || bare(relation)) {
      return this.other(condition, view, this.say("whyWhen", { clause: condition.clause || "" }));
    }
    if (this.scoreById[subject]) {
      return [this.say("whyScoreRelation", { label: this.scoreLabel(subject),
        score: this.scoreText(subject, view), relation: relation })];
    }
    var question = this.questionById[subject];
    var answer = this.answerWords(subject);
    if (question && question.type === "number" && op !== "answered" && op !== "not_answered" &&
        answer !== null) {
      return [this.say("whyAnsweredRelation", { answer: answer,
        question: this.named(subject), relation: relation })];
    }
    return [this.fact(subject, view)];
  };

  methods.needs = function (title, condition, view) {
    var subject = condition.subject, relation = condition.relation, op = condition.op;
    if (bare(subject) || bare(relation)) {
      return this.other(condition, view,
        this.say("whyNeedsOther", { title: title, clause: condition.clause || "" }));
    }
    if (this.scoreById[subject]) {
      return [this.say("whyNeedsScore", { title: title, label: this.scoreLabel(subject),
        relation: relation, score: this.scoreText(subject, view) })];
    }
    var question = this.questionById[subject];
    var answer = this.answerWords(subject);
    var yours = answer === null ? this.say("whyYouSkippedIt") :
      this.say("whyYouAnswered", { answer: answer });
    var values = { title: title, question: this.named(subject), yours: yours, relation: relation };
    if (op === "answered") return [this.say("whyNeedsAnswer", values)];
    if (op === "not_answered") return [this.say("whyNeedsBlank", values)];
    if (question && question.type === "number") return [this.say("whyNeedsNumber", values)];
    return [this.say("whyNeedsChoice", values)];
  };

  methods.other = function (condition, view, sentence) {
    var self = this;
    if (!condition.clause) return [];  // always
    return [sentence].concat((condition.reads || []).map(function (name) {
      return self.fact(name, view);
    }));
  };

  /** A question in a sentence: its short text in quotation marks (its id if unknown). */
  methods.named = function (name) {
    var question = this.questionById[name];
    return question ? this.whyQuote(shortText(question.text)) : name;
  };

  /** A score's label as the sentences name it ("psychosocial support"). */
  methods.scoreLabel = function (name) {
    var score = this.scoreById[name];
    return typeof score.label_in_sentence === "string" ? score.label_in_sentence :
      lowerFirst(score.label);
  };

  /** "You answered No to “…”." / "You skipped “…”." / "Your … score is 1 of 3." */
  methods.fact = function (name, view) {
    var score = this.scoreById[name];
    if (score) {
      var range = view.scores[name];
      var label = this.scoreLabel(name);
      if (range && range.low !== range.high) {
        if (!isFinite(range.low) || !isFinite(range.high)) {
          return this.say("whyScoreUnknown", { label: label });
        }
        return this.say("whyScoreRange", { label: label, low: this.whyNumber(range.low),
          high: this.whyNumber(range.high), max: this.whyNumber(score.max) });
      }
      return this.say("whyScore", { label: label, score: this.scoreText(name, view) });
    }
    var answer = this.answerWords(name);
    if (answer === null) {
      return this.say(view.final ? "whySkipped" : "whyOpen", { question: this.named(name) });
    }
    return this.say("whyAnswered", { answer: answer, question: this.named(name) });
  };

  /** "1 of 3"; while questions of the score are open, "between 0 and 1 of 3 so far". */
  methods.scoreText = function (name, view) {
    var range = view.scores[name] || { low: 0, high: 0 };
    var max = this.whyNumber(this.scoreById[name].max);
    if (range.low === range.high) return this.say("whyOf", { value: this.whyNumber(range.low), max: max });
    if (!isFinite(range.low) || !isFinite(range.high)) return this.say("whyNotKnown");
    return this.say("whyBetween", { low: this.whyNumber(range.low),
      high: this.whyNumber(range.high), max: max });
  };

  /** The answer as the participant chose it: a label, a number, a quoted text; or null. */
  methods.answerWords = function (name) {
    var value = this.answers[name];
    var question = this.questionById[name];
    if (value === null || value === undefined) return null;
    if (!question || question.type === "text") return this.whyQuote(String(value));
    if (question.type === "number") return this.whyNumber(value);
    var option = question.options.filter(function (o) { return o.value === value; })[0];
    return option ? option.label : String(value);
  };

  shared.why = {
    methods: methods,
    shortText: shortText,
  };
})(window.SiteBuilderAssessmentParts = window.SiteBuilderAssessmentParts || {});
