/*
 * The self-assessment, live: as the participant answers, the kit's rules are evaluated in
 * the browser and the results panel shows their progress, profile, scores and advice.
 *
 * Progressive enhancement. Without this script the page is a plain form followed by the
 * advice catalogue, and stays so if anything here is missing. With it:
 *   - the compiled rules document embedded in the page (<script type="application/json"
 *     id="rules-data">, advice links already re-based for this page by the build) is
 *     evaluated by SiteBuilderEngine (assets/engine.js), the mirror of Python's Evaluator;
 *   - answers are kept in localStorage only, under a key named by kit, checklist and
 *     version; nothing is sent anywhere and no cookie is set;
 *   - every element is built with DOM APIs; the only HTML inserted is the advice bodies,
 *     which the build sanitised; the words shown come from the template's data-text-*
 *     attributes, so a kit can change them.
 * Each answer change re-evaluates and re-renders synchronously, touching only what changed.
 *
 * Classic scripts (ES modules do not load from file:// pages), split by job, each loaded
 * before the ones that use it: assessment-dom.js (building and updating elements),
 * assessment-answers.js (the form's answers and their storage), assessment-chart.js (the
 * 2x2 chart of two scores), assessment-results.js (the results panel), then this file: the
 * assessment itself, its buttons, and the start. The parts share their functions through
 * the global `SiteBuilderAssessmentParts`; this file defines no global of its own.
 */
(function () {
  "use strict";

  var shared = window.SiteBuilderAssessmentParts || {};
  var dom = shared.dom;
  var answersPart = shared.answers;
  var resultsPart = shared.results;
  var stepPart = shared.step;
  var whyPart = shared.why;
  if (!dom || !answersPart || !resultsPart || !stepPart || !whyPart) {
    throw new Error("assessment.js needs assessment-dom.js, assessment-answers.js, " +
      "assessment-chart.js, assessment-results.js, assessment-why.js and assessment-step.js, " +
      "loaded before it");
  }
  var dict = dom.dict;
  var byId = dom.byId;
  var element = dom.element;
  var setText = dom.setText;
  var makeStore = answersPart.makeStore;
  var readQuestions = answersPart.readQuestions;
  var cleanAnswer = answersPart.cleanAnswer;
  var readAnswer = answersPart.readAnswer;
  var writeAnswer = answersPart.writeAnswer;
  var showInvalid = answersPart.showInvalid;

  var ANSWERS_FORMAT = "site-builder/answers";

  /** "{answered} of {total} answered" with values filled in; unknown names stay as they are. */
  function fill(template, values) {
    return String(template || "").replace(/\{(\w+)\}/g, function (whole, name) {
      return Object.prototype.hasOwnProperty.call(values, name) ? String(values[name]) : whole;
    });
  }

  /** Lower-case words joined by hyphens: "Two kinds of support" -> "two-kinds-of-support". */
  function slug(text) {
    return String(text || "").toLowerCase().normalize("NFKD").replace(/[\u0300-\u036f]/g, "")
      .replace(/[^a-z0-9]+/g, "-").replace(/^-+|-+$/g, "") || "kit";
  }

  function numberFormat(language) {
    try {
      return new Intl.NumberFormat(language || undefined, { maximumFractionDigits: 2 });
    } catch (error) {
      return new Intl.NumberFormat(undefined, { maximumFractionDigits: 2 });
    }
  }

  // --- the assessment ------------------------------------------------------------------

  /** The results panel's parts, by the ids the template gives them; null if one is missing. */
  function findParts() {
    var ids = {
      progressText: "results-progress-text", progressBar: "results-progress-bar",
      summaryPrompt: "results-summary-prompt", progressNote: "results-progress-note", summaryBody: "results-summary-body",
      headline: "results-profile-headline", chart: "results-chart",
      chartCaption: "results-chart-caption", scores: "results-scores",
      answers: "results-answers", date: "results-date",
      advicePrompt: "results-advice-prompt", adviceIntro: "results-advice-intro",
      profile: "results-profile", groups: "results-groups", status: "results-status",
      actions: "results-actions", print: "results-print", download: "results-download",
      clear: "results-clear", finish: "results-finish", pending: "results-pending",
      skipped: "results-skipped", step: "results-step", stepIntro: "results-step-intro",
      stepAdvice: "results-step-advice", stepFields: "results-step-fields",
      stepOwn: "results-step-own", stepPrint: "results-step-print", stepRemove: "results-step-remove",
      stepWhat: "step-what", stepWho: "step-who", stepHow: "step-how", stepWhen: "step-when",
    };
    var parts = {};
    var missing = Object.keys(ids).filter(function (name) {
      parts[name] = byId(ids[name]);
      return !parts[name];
    });
    return missing.length ? null : parts;
  }

  function Assessment(rules, evaluator, provisional, form, panel, nodes) {
    var self = this;
    var language = document.documentElement.lang;
    this.rules = rules;
    this.evaluator = evaluator;
    this.provisional = provisional;
    // Final once the participant asks for their results or has answered everything: from
    // then on an unanswered question counts as skipped, as `explain` and `report` count it.
    this.final = false;
    this.step = null;  // {advice: rule id or null, what, who, how, when}
    this.form = form;
    this.panel = panel;
    this.format = numberFormat(language);
    this.language = language || undefined;
    // Dates in the locale the build chose (day first for plain `en`), as the reports write them.
    this.dateLocale = form.getAttribute("data-date-locale") || this.language;
    this.questions = readQuestions(rules, form);
    this.questionById = dict();
    this.questions.forEach(function (question) { self.questionById[question.id] = question; });
    this.scores = rules.scores || [];
    this.scoreById = dict();
    this.scores.forEach(function (score) { self.scoreById[score.id] = score; });
    this.rulesById = dict();
    this.ruleIndex = dict();
    rules.rules.forEach(function (rule, index) {
      self.ruleIndex[rule.id] = index;
      var group = rules.rules.filter(function (other) { return other.group === rule.group; });
      self.rulesById[rule.id] = { rule: rule, positionInGroup: group.indexOf(rule) };
    });
    this.sections = rules.checklist.sections.map(function (section) { return section.id; });
    this.store = makeStore(["site-builder", slug(rules.kit), rules.checklist.id].join(":"),
      String(rules.checklist.version), language);
    this.cards = dict();
    this.lastKey = null;
    this.answers = dict();

    this.nodes = nodes;
    this.buildScores();
    this.buildChart();
    this.buildAnswerList();
    this.buildGroups();
  }

  // Building and rendering the results panel: assessment-results.js.
  Object.assign(Assessment.prototype, resultsPart.methods);
  // The participant's one committed step: assessment-step.js.
  Object.assign(Assessment.prototype, stepPart.methods);
  // "Why this advice" in the participant's words: assessment-why.js.
  Object.assign(Assessment.prototype, whyPart.methods);

  /** A word or sentence of the interface, from the template's data-text-* attributes. */
  Assessment.prototype.say = function (name, values) {
    var key = "text" + name.charAt(0).toUpperCase() + name.slice(1);
    return fill(this.panel.dataset[key] || "", values || {});
  };

  /**
   * A sentence that depends on a number, in the form the language uses for it: the template
   * gives one data-text-NAME-CATEGORY attribute per plural category of the language ("one",
   * "few", "many", "other"...), and Intl.PluralRules says which category `count` is in.
   * Numbers among the values are written as the page's language writes them.
   */
  Assessment.prototype.sayCount = function (name, count, values) {
    var category = "other";
    try {
      category = new Intl.PluralRules(this.language).select(count);
    } catch (error) { /* a language the browser does not know: "other" */ }
    var base = "text" + name.charAt(0).toUpperCase() + name.slice(1);
    var data = this.panel.dataset;
    var key = base + category.charAt(0).toUpperCase() + category.slice(1);
    var written = {};
    Object.keys(values || {}).forEach(function (k) {
      written[k] = typeof values[k] === "number" ? this.number(values[k]) : values[k];
    }, this);
    return fill(data[key] || data[base + "Other"] || "", written);
  };

  Assessment.prototype.number = function (value) {
    return this.format.format(value);
  };

  /** Reads the form, evaluates when an answer changed, and renders. */
  Assessment.prototype.update = function (options) {
    var answers = dict();
    var answered = 0;
    this.questions.forEach(function (question) {
      var read = readAnswer(question);
      showInvalid(question, read.invalid);
      answers[question.id] = read.value;
      if (read.value !== null) answered += 1;
    });
    if (answered === this.questions.length) this.final = true;
    var key = JSON.stringify([answers, this.final]);
    if (key === this.lastKey && !(options && options.force)) return;
    this.lastKey = key;
    this.answers = answers;
    this.render(this.view(answers, answered));
    if (options && options.save === false) return;
    this.save();
  };

  /**
   * What the results show. Final: `select`, the advice and scores without the trace.
   * Still answering: provisional.js, only what no later answer can change, with the
   * scores as ranges and the advice that may still appear as `pending`.
   */
  Assessment.prototype.view = function (answers, answered) {
    var self = this;
    var view = { final: this.final, answered: answered, scores: dict(), pending: [], open: [] };
    if (this.final) {
      var selection = this.evaluator.select(answers);
      view.shown = selection.shown;
      this.scores.forEach(function (score) {
        var value = Number(selection.scores[score.id]) || 0;
        view.scores[score.id] = { low: value, high: value };
      });
      view.skipped = this.questions.filter(function (q) { return answers[q.id] === null; });
      return view;
    }
    var outlook = this.provisional.evaluate(answers);
    view.shown = outlook.shown;
    view.pending = outlook.pending;
    view.open = outlook.open;
    view.outlook = outlook;
    this.scores.forEach(function (score) { view.scores[score.id] = outlook.scores[score.id]; });
    view.skipped = [];
    return view;
  };

  Assessment.prototype.save = function () {
    var answers = this.answers;
    var any = Object.keys(answers).some(function (id) { return answers[id] !== null; });
    if (any || this.step) this.store.save(answers, { final: this.final, step: this.step });
    else this.store.forget();
  };

  /** "See my results": the answers are final; the unanswered questions count as skipped. */
  Assessment.prototype.finish = function () {
    this.final = true;
    this.update({ force: true });
    this.announce(this.say("finished"));
    // Beside the questions (a wide screen) the summary stays in sight, so the page goes on
    // to the step and the advice; on a phone, to the summary, which comes first.
    var summary = byId("results-summary");
    summary.scrollTop = 0;
    var beside = window.getComputedStyle(summary).position === "sticky";
    var target = beside ? this.nodes.step : summary;
    var heading = target.querySelector("h2, h3");
    if (heading) {
      heading.tabIndex = -1;
      heading.focus({ preventScroll: true });
    }
    target.scrollIntoView({ block: "start" });
  };

  // --- status messages and the buttons --------------------------------------------------

  Assessment.prototype.announce = function (message, action) {
    var status = this.nodes.status;
    var nodes = message ? [element("p", "status-message", message)] : [];
    if (message && action) {
      var button = element("button", "button button-quiet button-small", action.label);
      button.type = "button";
      button.addEventListener("click", action.run);
      nodes[0].appendChild(document.createTextNode(" "));
      nodes[0].appendChild(button);
    }
    status.replaceChildren.apply(status, nodes);
  };

  Assessment.prototype.stampDate = function () {
    var date;
    try {
      date = new Date().toLocaleDateString(this.dateLocale, { dateStyle: "long" });
    } catch (error) {
      date = new Date().toDateString();
    }
    setText(this.nodes.date, this.say("printed", { date: date }));
  };

  Assessment.prototype.download = function () {
    var self = this;
    var answers = dict();
    this.questions.forEach(function (question) {
      var value = self.answers[question.id];
      answers[question.id] = value === undefined ? null : value;
    });
    var file = {
      format: ANSWERS_FORMAT,
      kit: this.rules.kit,
      checklist: this.rules.checklist.id,
      version: this.rules.checklist.version,
      language: this.language,
      saved: new Date().toISOString(),
      answers: answers,
    };
    if (this.step) file.step = this.step;
    var blob = new Blob([JSON.stringify(file, null, 2) + "\n"], { type: "application/json" });
    var url = URL.createObjectURL(blob);
    var link = element("a");
    link.href = url;
    link.download = this.rules.checklist.id + "-answers.json";
    link.hidden = true;
    document.body.appendChild(link);
    link.click();
    link.remove();
    window.setTimeout(function () { URL.revokeObjectURL(url); }, 60000);
  };

  Assessment.prototype.clear = function () {
    var self = this;
    var previous = this.answers;
    var had = Object.keys(previous).some(function (id) { return previous[id] !== null; });
    var previousState = { final: this.final, step: this.step };
    this.form.reset();
    this.store.forget();
    this.final = false;
    this.step = null;
    this.update({ force: true });
    this.announce(this.say("cleared"), had ? {
      label: this.say("undo"),
      run: function () {
        self.questions.forEach(function (question) { writeAnswer(question, previous[question.id]); });
        self.final = previousState.final;
        self.step = previousState.step;
        self.update({ force: true });
        self.announce("");
        self.nodes.clear.focus();
      },
    } : null);
  };

  Assessment.prototype.restore = function () {
    var saved = this.store.load();
    var self = this;
    if (!saved) return null;
    var any = false;
    this.questions.forEach(function (question) {
      var value = cleanAnswer(question, saved.answers[question.id]);
      writeAnswer(question, value);
      any = any || value !== null;
    });
    this.final = saved.final === true;
    this.step = this.cleanStep(saved.step);
    return any || this.step ? saved : null;
  };

  Assessment.prototype.when = function (iso) {
    var date = new Date(iso);
    if (!iso || isNaN(date.getTime())) return "";
    try {
      return date.toLocaleString(this.dateLocale, { dateStyle: "medium", timeStyle: "short" });
    } catch (error) {
      return date.toString();
    }
  };

  Assessment.prototype.start = function () {
    var self = this;
    this.startStep();
    var saved = this.restore();
    this.update({ force: true, save: false });
    if (saved) this.announce(this.say("restored", { when: this.when(saved.saved) }));
    this.stampDate();

    function changed() {
      if (self.nodes.status.childNodes.length) self.announce("");
      self.update();
    }
    this.form.addEventListener("input", changed);
    this.form.addEventListener("change", changed);
    this.form.addEventListener("submit", function (event) { event.preventDefault(); });
    this.nodes.print.addEventListener("click", function () {
      self.stampDate();
      window.print();
    });
    this.nodes.download.addEventListener("click", function () { self.download(); });
    this.nodes.finish.addEventListener("click", function () { self.finish(); });
    this.nodes.clear.addEventListener("click", function () { self.clear(); });
    // Printed results hold every piece of advice, not only the first of each group.
    window.addEventListener("beforeprint", function () {
      self.stampDate();
      self.printAll = true;
      if (self.lastView) self.render(self.lastView);
    });
    window.addEventListener("afterprint", function () {
      self.printAll = false;
      if (self.lastView) self.render(self.lastView);
    });

    this.panel.hidden = false;
    var layout = byId("assessment-layout");
    if (layout) layout.classList.add("is-live");
    document.body.classList.add("assessment-live");
  };

  // --- start -----------------------------------------------------------------------------

  function start() {
    if (typeof document === "undefined") return;
    var form = byId("assessment");
    var panel = byId("results");
    var data = byId("rules-data");
    var engine = window.SiteBuilderEngine;
    if (!form || !panel || !data || !engine) return;
    var parts = findParts();
    if (!parts) return;  // a kit's own template without the results panel: the plain form
    var rules = JSON.parse(data.textContent);
    var provisional = window.SiteBuilderProvisional;
    if (!provisional) return;
    new Assessment(rules, engine.createEvaluator(rules), provisional.create(rules), form, panel,
      parts).start();
  }

  start();
})();
