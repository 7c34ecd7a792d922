/*
 * The results panel of the self-assessment (assessment.js): its scores, chart, answers
 * and advice groups, built once, then rendered for each selection (engine.js's `select`:
 * scores and shown rules), touching only what changed; and the advice cards with their
 * "Why this advice". These are methods of an Assessment, which assessment.js mixes into
 * Assessment.prototype.
 *
 * A part of the assessment (assessment.js), loaded after assessment-chart.js: a classic
 * script that adds `results` to the global `SiteBuilderAssessmentParts`.
 */
(function (shared) {
  "use strict";

  var dom = shared.dom;
  var chartPart = shared.chart;
  if (!dom || !chartPart) {
    throw new Error("assessment-results.js needs assessment-dom.js and assessment-chart.js, " +
      "loaded before it");
  }
  var dict = dom.dict;
  var element = dom.element;
  var setText = dom.setText;
  var setAttribute = dom.setAttribute;
  var setHidden = dom.setHidden;
  var setChildren = dom.setChildren;
  var makeChart = chartPart.makeChart;

  /** Every name a JSON Logic expression reads with `var`, in order of first use. */
  function variablesOf(logic, found) {
    found = found || [];
    if (Array.isArray(logic)) {
      logic.forEach(function (item) { variablesOf(item, found); });
    } else if (logic !== null && typeof logic === "object") {
      Object.keys(logic).forEach(function (operator) {
        var argument = logic[operator];
        if (operator === "var") {
          var name = Array.isArray(argument) ? argument[0] : argument;
          if (typeof name === "string" && found.indexOf(name) < 0) found.push(name);
        } else {
          variablesOf(argument, found);
        }
      });
    }
    return found;
  }

  /** The results panel's methods of an Assessment (`this`). */
  var methods = {};

  methods.buildScores = function () {
    var self = this;
    this.scoreRows = this.scores.map(function (score) {
      var row = element("li", "score");
      row.dataset.scoreId = score.id;
      var text = element("span", "score-text");
      var meter = element("meter", "score-meter");
      meter.min = 0;
      meter.max = score.max > 0 ? score.max : 1;
      meter.setAttribute("aria-hidden", "true");
      row.appendChild(text);
      row.appendChild(meter);
      self.nodes.scores.appendChild(row);
      return { score: score, row: row, text: text, meter: meter };
    });
    this.nodes.scores.hidden = this.scores.length === 0;
  };

  methods.buildChart = function () {
    // The build drew the chart when the checklist has one; this only places the mark.
    var svg = this.nodes.chart.querySelector("svg.chart-svg");
    if (!svg || !this.rules.chart) return;
    var self = this;
    this.chart = makeChart(svg, this.rules.chart, {
      say: function (name, values) { return self.say(name, values); },
      number: function (value) { return self.number(value); },
    });
    // The scores, as text, are the chart's visible caption.
    this.nodes.chartCaption.appendChild(this.nodes.scores);
    this.nodes.chart.hidden = false;
  };

  methods.buildAnswerList = function () {
    var self = this;
    this.answerCells = this.questions.map(function (question) {
      var row = element("div", "answer-row");
      row.appendChild(element("dt", null, question.number + ". " + question.text));
      var cell = element("dd");
      row.appendChild(cell);
      self.nodes.answers.appendChild(row);
      return cell;
    });
  };

  /** One titled group per checklist section (in order), then "General", each hidden when empty. */
  methods.buildGroups = function () {
    var self = this;
    var titles = dict();
    this.rules.checklist.sections.forEach(function (section) { titles[section.id] = section.title; });
    this.groups = dict();
    this.groupOrder = this.sections.concat([""]);
    this.groupOrder.forEach(function (key) {
      // Not a labelled region: the questions' sections are the regions of those names.
      var group = element("div", "advice-group");
      var heading = element("h3", "advice-group-title", key ? titles[key] : self.say("general"));
      heading.id = "results-group-" + (key || "_general");  // section ids start with a letter
      var list = element("div", "advice-list");
      group.appendChild(heading);
      group.appendChild(list);
      group.hidden = true;
      self.nodes.groups.appendChild(group);
      self.groups[key] = { node: group, list: list };
    });
  };

  methods.isProfile = function (ruleId) {
    return this.rulesById[ruleId].rule.pick === "first";
  };

  methods.groupOf = function (ruleId) {
    var section = (this.rulesById[ruleId].rule.advice || {}).section;
    return this.sections.indexOf(section) >= 0 ? section : "";
  };

  /** The answer to a question or the value of a score, in words, for "why this advice". */
  methods.describeValue = function (name, selection) {
    var question = this.questionById[name];
    if (question) {
      var value = this.answers[name];
      if (value === null || value === undefined || question.type === "text") return null;
      return this.say("youAnswered", { answer: this.answerText(question, value) });
    }
    var score = this.scoreById[name];
    if (score) {
      return this.say("yourScore", {
        score: this.number(selection.scores[name]), max: this.number(score.max),
      });
    }
    return null;
  };

  methods.answerText = function (question, value) {
    if (value === null || value === undefined) return this.say("notAnswered");
    if (question.type === "choice") {
      var option = question.options.filter(function (o) { return o.value === value; })[0];
      return option ? option.label : String(value);
    }
    return question.type === "number" ? this.number(value) : String(value);
  };

  /** A parsed copy of sanitised advice HTML (its links already re-based for this page). */
  function adviceBody(html) {
    var body = element("div", "advice-card-body prose");
    if (html) {
      var parsed = new DOMParser().parseFromString(html, "text/html");
      Array.prototype.slice.call(parsed.body.childNodes).forEach(function (node) {
        body.appendChild(document.importNode(node, true));
      });
    }
    return body;
  }

  /**
   * The card of one shown rule: title, body and a "Why this advice" disclosure naming its
   * conditions (a shown rule matched, so all of them hold), except those that always hold.
   * Built once and kept, so an open disclosure stays open.
   */
  methods.card = function (ruleId) {
    if (this.cards[ruleId]) return this.cards[ruleId];
    var self = this;
    var entry = this.rulesById[ruleId];
    var rule = entry.rule, advice = rule.advice || {};
    var profile = rule.pick === "first";
    var node = element("article", "advice-card" + (profile ? " advice-card-profile" : ""));
    node.dataset.ruleId = ruleId;
    var heading = element(profile ? "h3" : "h4", "advice-card-title", advice.title);
    heading.id = "results-rule-" + ruleId;
    node.setAttribute("aria-labelledby", heading.id);
    node.appendChild(heading);
    node.appendChild(adviceBody(advice.html));

    var why = element("details", "why");
    why.appendChild(element("summary", "why-summary", this.say("why")));
    var notes = [];
    var reasons = rule.conditions.filter(function (condition) {
      return condition.logic !== true;
    }).map(function (condition) {
      return { text: condition.text, names: variablesOf(condition.logic) };
    });
    if (reasons.length) {
      why.appendChild(element("p", "why-intro", this.say("whyIntro")));
      var list = element("ul", "why-list");
      reasons.forEach(function (reason) {
        var item = element("li", null, reason.text);
        if (reason.names.length === 1) {
          var note = element("span", "why-answer");
          item.appendChild(document.createTextNode(" "));
          item.appendChild(note);
          notes.push({ node: note, name: reason.names[0] });
        }
        list.appendChild(item);
      });
      why.appendChild(list);
      if (profile && entry.positionInGroup > 0) {
        why.appendChild(element("p", "why-intro", this.say("whyFirst")));
      }
    } else {
      why.appendChild(element("p", "why-intro",
        this.say(profile && entry.positionInGroup > 0 ? "whyDefault" : "whyAlways")));
    }
    node.appendChild(why);
    this.cards[ruleId] = { node: node, notes: notes };
    return this.cards[ruleId];
  };

  methods.render = function (selection, answered) {
    var self = this;
    var nodes = this.nodes;
    var total = this.questions.length;
    var started = answered > 0;
    setText(nodes.progressText, this.say("progress", { answered: answered, total: total }));
    if (nodes.progressBar.value !== answered) nodes.progressBar.value = answered;
    document.body.classList.toggle("has-answers", started);
    setHidden(nodes.summaryPrompt, started);
    setHidden(nodes.summaryBody, !started);
    setHidden(nodes.advicePrompt, started);
    setHidden(nodes.adviceIntro, !started);
    // The buttons appear with the first answer and then stay, so focus is never lost.
    if (started) setHidden(nodes.actions, false);

    var shown = started ? selection.shown : [];
    var profiles = shown.filter(function (id) { return self.isProfile(id); });
    this.renderHeadline(profiles);
    this.renderScores(selection);
    this.renderAnswers();

    var lists = dict();
    this.groupOrder.forEach(function (key) { lists[key] = []; });
    var cards = [];
    shown.forEach(function (id) {
      var card = self.card(id);
      cards.push(card);
      if (!self.isProfile(id)) lists[self.groupOf(id)].push(card.node);
    });
    setChildren(nodes.profile, profiles.map(function (id) { return self.cards[id].node; }));
    this.groupOrder.forEach(function (key) {
      var group = self.groups[key];
      setHidden(group.node, lists[key].length === 0);
      setChildren(group.list, lists[key]);
    });
    cards.forEach(function (card) {
      card.notes.forEach(function (note) {
        var text = self.describeValue(note.name, selection);
        setText(note.node, text ? "(" + text + ")" : "");
      });
    });
  };

  methods.renderHeadline = function (profiles) {
    var self = this;
    var titles = profiles.map(function (id) { return self.rulesById[id].rule.advice.title; });
    if (this.headlineKey === titles.join("\n")) return;
    this.headlineKey = titles.join("\n");
    setChildren(this.nodes.headline, titles.map(function (title) {
      return element("p", "profile-title", title);
    }));
  };

  methods.renderScores = function (selection) {
    var self = this;
    this.scoreRows.forEach(function (row) {
      var value = Number(selection.scores[row.score.id]) || 0;
      setText(row.text, self.say("score", {
        label: row.score.label, score: self.number(value), max: self.number(row.score.max),
      }));
      setAttribute(row.row, "data-score", String(value));
      if (row.meter.value !== value) row.meter.value = value;
    });
    if (this.chart) {
      // A score is a number, or {lo, hi} while some of its questions are unanswered.
      this.chart.place(selection.scores[this.rules.chart.x.score],
        selection.scores[this.rules.chart.y.score]);
    }
  };

  methods.renderAnswers = function () {
    var self = this;
    this.questions.forEach(function (question, index) {
      setText(self.answerCells[index], self.answerText(question, self.answers[question.id]));
    });
  };

  shared.results = {
    methods: methods,
  };
})(window.SiteBuilderAssessmentParts = window.SiteBuilderAssessmentParts || {});
