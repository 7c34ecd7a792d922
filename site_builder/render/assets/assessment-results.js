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

  var ACTIONS_SHOWN = 2;  // list items of an advice card shown before "Show more"
  var CARDS_SHOWN = 2;  // cards of an advice group shown before "Show more"

  /** A score's range as the chart takes it: a number once settled, else {lo, hi}. */
  function rangeFor(range, max) {
    if (!range) return 0;
    if (range.low === range.high) return range.low;
    return { lo: isFinite(range.low) ? range.low : 0, hi: isFinite(range.high) ? range.high : max };
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
      var more = element("button", "button button-quiet button-small advice-more");
      more.type = "button";
      more.hidden = true;
      more.setAttribute("aria-expanded", "false");
      group.appendChild(heading);
      group.appendChild(list);
      group.appendChild(more);
      group.hidden = true;
      self.nodes.groups.appendChild(group);
      var entry = { node: group, list: list, more: more, open: false };
      more.addEventListener("click", function () {
        entry.open = !entry.open;
        self.render(self.lastView);
      });
      self.groups[key] = entry;
    });
  };

  methods.isProfile = function (ruleId) {
    return this.rulesById[ruleId].rule.pick === "first";
  };

  methods.groupOf = function (ruleId) {
    var section = (this.rulesById[ruleId].rule.advice || {}).section;
    return this.sections.indexOf(section) >= 0 ? section : "";
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
   * The card of one shown rule: title, body (its actions folded after the first few), a
   * "Why this advice" disclosure and the button that makes it the participant's step.
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
    var body = adviceBody(advice.html);
    node.appendChild(body);
    this.foldActions(body);

    // "Why this advice": its sentences are made at each render, from the answers then.
    var why = element("details", "why");
    why.appendChild(element("summary", "why-summary", this.say("why")));
    var reasons = element("ul", "why-list");
    why.appendChild(reasons);
    node.appendChild(why);
    var choose = null;
    if (!profile) {
      choose = element("button", "button button-secondary button-small choose-step");
      choose.type = "button";
      choose.hidden = true;
      choose.addEventListener("click", function () {
        self.chooseStep(self.step && self.step.advice === ruleId ? null : ruleId);
        self.nodes.stepWhat.focus();
      });
      node.appendChild(choose);
    }
    this.cards[ruleId] = { node: node, reasons: reasons, choose: choose, key: null };
    return this.cards[ruleId];
  };

  /**
   * Shows the first ACTIONS_SHOWN items of each list in an advice body, and a "Show n
   * more" button for the rest: a few steps to read at once, not a wall of them.
   */
  methods.foldActions = function (body) {
    var self = this;
    Array.prototype.forEach.call(body.querySelectorAll("ul, ol"), function (list) {
      var items = Array.prototype.filter.call(list.children, function (child) {
        return child.tagName === "LI";
      });
      var extra = items.slice(ACTIONS_SHOWN);
      if (!extra.length) return;
      extra.forEach(function (item) { item.classList.add("is-folded"); });
      list.classList.add("is-folding");
      var more = element("button", "button button-quiet button-small actions-more",
        self.sayCount("more", extra.length, { count: extra.length }));
      more.type = "button";
      more.setAttribute("aria-expanded", "false");
      more.addEventListener("click", function () {
        var open = list.classList.toggle("is-unfolded");
        more.setAttribute("aria-expanded", open ? "true" : "false");
        setText(more, open ? self.say("fewer") :
          self.sayCount("more", extra.length, { count: extra.length }));
      });
      list.parentNode.insertBefore(more, list.nextSibling);
    });
  };

  /**
   * Renders a view (assessment.js `view`): final results, or while answering only what no
   * later answer can change, the scores as ranges, the advice that may appear counted.
   */
  methods.render = function (view) {
    var self = this;
    var nodes = this.nodes;
    this.lastView = view;
    var total = this.questions.length;
    var answered = view.answered;
    var started = answered > 0 || view.final;
    setText(nodes.progressText,
      this.sayCount("progress", answered, { answered: answered, total: total }));
    setHidden(nodes.progressNote, view.final || answered === 0);
    if (nodes.progressBar.value !== answered) nodes.progressBar.value = answered;
    document.body.classList.toggle("has-answers", started);
    document.body.classList.toggle("has-final-results", view.final);
    setHidden(nodes.summaryPrompt, started);
    setHidden(nodes.summaryBody, !started);
    setHidden(nodes.advicePrompt, started);
    setHidden(nodes.adviceIntro, !started);
    // The buttons appear with the first answer and then stay, so focus is never lost.
    if (started) setHidden(nodes.actions, false);
    setHidden(nodes.finish, view.final);
    setHidden(nodes.print, !view.final);

    var shown = started ? view.shown : [];
    // What the results stand for, in display order, for anyone reading the page's state.
    setAttribute(this.panel, "data-shown", shown.join(" "));
    setAttribute(this.panel, "data-pending", started ? view.pending.join(" ") : "");
    setAttribute(this.panel, "data-final", view.final ? "true" : "false");
    var profiles = shown.filter(function (id) { return self.isProfile(id); });
    this.renderHeadline(profiles, view);
    this.renderScores(view);
    this.renderAnswers(view);
    this.renderSkipped(view);

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
      var all = lists[key];
      var hidden = group.open || self.printAll ? 0 : Math.max(all.length - CARDS_SHOWN, 0);
      setHidden(group.node, all.length === 0);
      setChildren(group.list, all.slice(0, all.length - hidden));
      var extra = Math.max(all.length - CARDS_SHOWN, 0);
      setHidden(group.more, extra === 0);
      setText(group.more, group.open ? this.say("fewer") :
        this.sayCount("moreAdvice", extra, { count: extra }));
      group.more.setAttribute("aria-expanded", group.open ? "true" : "false");
    }, this);
    if (cards.length) {
      // The trace of the answers as they stand (unanswered as skipped): each shown rule's
      // conditions hold in it, and an earlier profile's failing ones are why it was passed.
      var trace = this.evaluator.evaluate(this.answers);
      shown.forEach(function (id, i) {
        var sentences = self.whySentences(id, view, trace);
        var key = sentences.join("\n");
        if (cards[i].key === key) return;
        cards[i].key = key;
        setChildren(cards[i].reasons, sentences.map(function (text) {
          return element("li", null, text);
        }));
      });
    }
    var pending = started ? view.pending.filter(function (id) { return !self.isProfile(id); }) : [];
    setText(nodes.pending, this.sayCount("pending", pending.length, { count: pending.length }));
    setHidden(nodes.pending, pending.length === 0);
    this.renderStep();
  };

  /** The questions still open that a pending rule reads, as "4, 5 and 6". */
  methods.deciding = function (view, ruleIds) {
    var self = this;
    var wanted = dict();
    ruleIds.forEach(function (id) {
      self.rulesById[id].rule.conditions.forEach(function (condition) {
        (condition.reads || []).forEach(function (name) {
          var score = self.scoreById[name];
          (score ? score.questions : [name]).forEach(function (q) { wanted[q] = true; });
        });
      });
    });
    var numbers = this.questions.filter(function (q) {
      return wanted[q.id] && view.open.indexOf(q.id) >= 0;
    }).map(function (q) { return String(q.number); });
    if (numbers.length < 2) return numbers.join("");
    return numbers.slice(0, -1).join(", ") + this.say("and") + numbers[numbers.length - 1];
  };

  methods.renderSkipped = function (view) {
    var self = this;
    var node = this.nodes.skipped;
    var key = view.skipped.map(function (q) { return q.id; }).join(" ");
    if (this.skippedKey === key) return;
    this.skippedKey = key;
    setHidden(node, view.skipped.length === 0);
    if (!view.skipped.length) {
      node.replaceChildren();
      return;
    }
    var list = element("ul", "skipped-list");
    view.skipped.forEach(function (question) {
      var labels = self.scores.filter(function (score) {
        return (score.questions || []).indexOf(question.id) >= 0;
      }).map(function (score) { return score.label; });
      var item = element("li", null, self.say("skipped", { number: question.number,
        question: question.text }));
      if (labels.length) {
        item.appendChild(document.createTextNode(" "));
        item.appendChild(element("span", "skipped-scores",
          self.say("skippedScores", { scores: labels.join(self.say("and")) })));
      }
      list.appendChild(item);
    });
    node.replaceChildren(element("p", "skipped-intro", this.say("skippedIntro")), list);
  };

  methods.renderHeadline = function (profiles, view) {
    var self = this;
    var titles = profiles.map(function (id) { return self.rulesById[id].rule.advice.title; });
    var waiting = view.pending.filter(function (id) { return self.isProfile(id); });
    var note = !profiles.length && waiting.length ?
      this.say("profileWaiting", { questions: this.deciding(view, waiting) }) : "";
    var key = titles.join("\n") + "\n" + note;
    if (this.headlineKey === key) return;
    this.headlineKey = key;
    var nodes = titles.map(function (title) { return element("p", "profile-title", title); });
    if (note) nodes.push(element("p", "profile-waiting", note));
    setChildren(this.nodes.headline, nodes);
  };

  methods.renderScores = function (view) {
    var self = this;
    this.scoreRows.forEach(function (row) {
      var range = view.scores[row.score.id] || { low: 0, high: 0 };
      var settled = range.low === range.high;
      // An open number question with no min or max leaves a score without bounds.
      var bounded = isFinite(range.low) && isFinite(range.high);
      setText(row.text, settled ? self.say("score", {
        label: row.score.label, score: self.number(range.low), max: self.number(row.score.max),
      }) : bounded ? self.say("scoreRange", {
        label: row.score.label, low: self.number(range.low), high: self.number(range.high),
        max: self.number(row.score.max),
      }) : self.say("scoreUnknown", { label: row.score.label }));
      setAttribute(row.row, "data-score", settled ? String(range.low) : "");
      setAttribute(row.row, "data-score-range", range.low + " " + range.high);
      // The meter shows what is certain so far: the least the score can be.
      var least = isFinite(range.low) ? range.low : 0;
      if (row.meter.value !== least) row.meter.value = least;
    });
    if (this.chart) {
      // A score is a number, or {lo, hi} while some of its questions are open.
      var chart = this.rules.chart;
      this.chart.place(rangeFor(view.scores[chart.x.score], chart.x.max),
        rangeFor(view.scores[chart.y.score], chart.y.max));
    }
  };

  methods.renderAnswers = function (view) {
    var self = this;
    this.questions.forEach(function (question, index) {
      var value = self.answers[question.id];
      setText(self.answerCells[index], value === null && view.final ? self.say("skippedAnswer") :
        self.answerText(question, value));
    });
  };

  shared.results = {
    methods: methods,
  };
})(window.SiteBuilderAssessmentParts = window.SiteBuilderAssessmentParts || {});
