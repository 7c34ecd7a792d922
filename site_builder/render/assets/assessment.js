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
 */
(function () {
  "use strict";

  var SVG_NS = "http://www.w3.org/2000/svg";
  var ANSWERS_FORMAT = "site-builder/answers";

  // --- small helpers -------------------------------------------------------------------

  /** A map keyed by ids, with no prototype: an id such as "constructor" is just a key. */
  function dict() {
    return Object.create(null);
  }

  function byId(id) {
    return document.getElementById(id);
  }

  function element(tag, className, text) {
    var node = document.createElement(tag);
    if (className) node.className = className;
    if (text !== undefined && text !== null) node.textContent = text;
    return node;
  }

  function svgElement(tag, attributes) {
    var node = document.createElementNS(SVG_NS, tag);
    Object.keys(attributes || {}).forEach(function (name) {
      node.setAttribute(name, String(attributes[name]));
    });
    return node;
  }

  /** Sets a node's text only when it differs, so live regions speak only on a change. */
  function setText(node, text) {
    if (node.textContent !== text) node.textContent = text;
  }

  /** Sets an attribute only when it differs: an unchanged answer costs no style work. */
  function setAttribute(node, name, value) {
    if (node.getAttribute(name) !== value) node.setAttribute(name, value);
  }

  function setHidden(node, hidden) {
    if (node.hidden !== hidden) node.hidden = hidden;
  }

  /**
   * Makes `nodes` the children of `parent`, in that order, moving as little as possible: a
   * child that stays is left in place, so the browser need not lay it out again.
   */
  function setChildren(parent, nodes) {
    var wanted = new Set(nodes);
    Array.prototype.slice.call(parent.children).forEach(function (child) {
      if (!wanted.has(child)) parent.removeChild(child);
    });
    nodes.forEach(function (node, index) {
      var current = parent.children[index] || null;
      if (current !== node) parent.insertBefore(node, current);
    });
  }

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

  // --- storage: localStorage only, and never fatal -------------------------------------

  /**
   * The answers saved for one checklist version, under "site-builder:<kit>:<checklist>:<version>".
   * Saving also forgets what was saved for the checklist's other versions, which no longer fit.
   */
  function makeStore(prefix, version) {
    var key = prefix + ":" + version;
    var tidied = false;
    function forgetOtherVersions() {
      var stale = [];
      for (var i = 0; i < window.localStorage.length; i++) {
        var name = window.localStorage.key(i);
        if (name && name !== key && name.indexOf(prefix + ":") === 0) stale.push(name);
      }
      stale.forEach(function (name) { window.localStorage.removeItem(name); });
    }
    return {
      key: key,
      load: function () {
        try {
          var saved = JSON.parse(window.localStorage.getItem(key) || "null");
          return saved && typeof saved === "object" && saved.answers ? saved : null;
        } catch (error) {
          return null;  // storage disabled, or a value that is not ours
        }
      },
      save: function (answers) {
        try {
          var record = { saved: new Date().toISOString(), answers: answers };
          window.localStorage.setItem(key, JSON.stringify(record));
          if (!tidied) {
            tidied = true;
            forgetOtherVersions();
          }
        } catch (error) {
          // storage disabled or full: the page still works, it just will not remember
        }
      },
      forget: function () {
        try {
          window.localStorage.removeItem(key);
        } catch (error) {
          // nothing to forget
        }
      },
    };
  }

  // --- the questions and their form controls -------------------------------------------

  function readQuestions(rules, form) {
    var questions = [];
    rules.checklist.sections.forEach(function (section) {
      section.questions.forEach(function (question) {
        var controls = Array.prototype.filter.call(form.elements, function (control) {
          return control.name === question.id;
        });
        questions.push({
          id: question.id,
          text: question.text,
          type: question.type,
          min: question.min,
          max: question.max,
          options: question.answers || [],
          number: questions.length + 1,
          controls: controls,
          error: byId("q-" + question.id + "-error"),
        });
      });
    });
    return questions;
  }

  /** A stored or typed answer as the engine reads it, or null when it does not fit. */
  function cleanAnswer(question, value) {
    if (value === null || value === undefined) return null;
    if (question.type === "choice") {
      var fits = question.options.some(function (option) { return option.value === value; });
      return fits ? value : null;
    }
    if (question.type === "number") {
      var number = typeof value === "number" ? value : Number(String(value).trim());
      if (String(value).trim() === "" || !isFinite(number)) return null;
      if (question.min !== null && question.min !== undefined && number < question.min) return null;
      if (question.max !== null && question.max !== undefined && number > question.max) return null;
      return number;
    }
    return typeof value === "string" && value.trim() !== "" ? value : null;
  }

  function readAnswer(question) {
    if (question.type === "choice") {
      var checked = question.controls.filter(function (control) { return control.checked; })[0];
      return { value: checked ? cleanAnswer(question, checked.value) : null, invalid: false };
    }
    var control = question.controls[0];
    if (!control) return { value: null, invalid: false };
    if (question.type === "number") {
      var blank = control.value.trim() === "" && !(control.validity && control.validity.badInput);
      var value = cleanAnswer(question, control.value);
      return { value: value, invalid: !blank && value === null };
    }
    return { value: cleanAnswer(question, control.value), invalid: false };
  }

  function writeAnswer(question, value) {
    var clean = cleanAnswer(question, value);
    if (question.type === "choice") {
      question.controls.forEach(function (control) { control.checked = control.value === clean; });
    } else if (question.controls[0]) {
      question.controls[0].value = clean === null ? "" : String(clean);
    }
  }

  function showInvalid(question, invalid) {
    var control = question.controls[0];
    if (!control || question.type !== "number") return;
    if (invalid) {
      control.setAttribute("aria-invalid", "true");
      if (question.error) control.setAttribute("aria-describedby", question.error.id);
    } else {
      control.removeAttribute("aria-invalid");
      control.removeAttribute("aria-describedby");
    }
    if (question.error) setHidden(question.error, !invalid);
  }

  // --- the 2x2 chart of two scores ------------------------------------------------------

  /**
   * An SVG chart: x is the first score, y the second, each from 0 to its maximum, with
   * lines at half of each maximum and the participant's point. Its accessible name is the
   * visible caption. Returns {node, place(x, y)}.
   */
  function makeChart(first, second, captionId, youLabel, format) {
    var size = 240, left = 52, top = 14, right = 18, bottom = 50;
    var width = left + size + right, height = top + size + bottom;
    var svg = svgElement("svg", {
      viewBox: "0 0 " + width + " " + height, class: "chart-svg", role: "img",
      "aria-labelledby": captionId,
    });
    var half = size / 2;
    svg.appendChild(svgElement("rect", { x: left, y: top, width: size, height: size, class: "chart-area" }));
    svg.appendChild(svgElement("line", { x1: left + half, y1: top, x2: left + half, y2: top + size, class: "chart-midline" }));
    svg.appendChild(svgElement("line", { x1: left, y1: top + half, x2: left + size, y2: top + half, class: "chart-midline" }));
    svg.appendChild(svgElement("path", {
      d: "M" + left + " " + top + "V" + (top + size) + "H" + (left + size), class: "chart-axis",
    }));

    function text(content, attributes) {
      var node = svgElement("text", attributes);
      node.textContent = content;
      svg.appendChild(node);
      return node;
    }
    // Ticks: 0, half and the maximum on each axis.
    [0, 0.5, 1].forEach(function (share) {
      text(format.format(first.max * share), {
        x: left + size * share, y: top + size + 18, class: "chart-tick", "text-anchor": "middle",
      });
      if (share > 0) {
        text(format.format(second.max * share), {
          x: left - 8, y: top + size - size * share + 4, class: "chart-tick", "text-anchor": "end",
        });
      }
    });
    text(first.label, {
      x: left + half, y: top + size + 42, class: "chart-label", "text-anchor": "middle",
    });
    text(second.label, {
      x: 0, y: 0, class: "chart-label", "text-anchor": "middle",
      transform: "translate(16 " + (top + half) + ") rotate(-90)",
    });

    var point = svgElement("g", { class: "chart-point" });
    var halo = svgElement("circle", { r: 15, class: "chart-point-halo" });
    var dot = svgElement("circle", { r: 8, class: "chart-point-dot" });
    var label = svgElement("text", { class: "chart-point-label" });
    label.textContent = youLabel;
    point.appendChild(halo);
    point.appendChild(dot);
    point.appendChild(label);
    svg.appendChild(point);

    function place(x, y) {
      var shareX = first.max > 0 ? Math.min(Math.max(x / first.max, 0), 1) : 0;
      var shareY = second.max > 0 ? Math.min(Math.max(y / second.max, 0), 1) : 0;
      var cx = left + size * shareX, cy = top + size - size * shareY;
      [halo, dot].forEach(function (circle) {
        setAttribute(circle, "cx", cx.toFixed(1));
        setAttribute(circle, "cy", cy.toFixed(1));
      });
      var onLeft = shareX > 0.72;
      setAttribute(label, "x", (cx + (onLeft ? -20 : 20)).toFixed(1));
      setAttribute(label, "y", (cy + (shareY > 0.9 ? 20 : -12)).toFixed(1));
      setAttribute(label, "text-anchor", onLeft ? "end" : "start");
    }
    return { node: svg, place: place };
  }

  // --- the assessment ------------------------------------------------------------------

  /** The results panel's parts, by the ids the template gives them; null if one is missing. */
  function findParts() {
    var ids = {
      progressText: "results-progress-text", progressBar: "results-progress-bar",
      summaryPrompt: "results-summary-prompt", summaryBody: "results-summary-body",
      headline: "results-profile-headline", chart: "results-chart",
      chartCaption: "results-chart-caption", scores: "results-scores",
      answers: "results-answers", date: "results-date",
      advicePrompt: "results-advice-prompt", adviceIntro: "results-advice-intro",
      profile: "results-profile", groups: "results-groups", status: "results-status",
      actions: "results-actions", print: "results-print", download: "results-download",
      clear: "results-clear",
    };
    var parts = {};
    var missing = Object.keys(ids).filter(function (name) {
      parts[name] = byId(ids[name]);
      return !parts[name];
    });
    return missing.length ? null : parts;
  }

  function Assessment(rules, evaluator, form, panel, nodes) {
    var self = this;
    var language = document.documentElement.lang;
    this.rules = rules;
    this.evaluator = evaluator;
    this.form = form;
    this.panel = panel;
    this.format = numberFormat(language);
    this.language = language || undefined;
    this.questions = readQuestions(rules, form);
    this.questionById = dict();
    this.questions.forEach(function (question) { self.questionById[question.id] = question; });
    this.scores = rules.scores || [];
    this.scoreById = dict();
    this.scores.forEach(function (score) { self.scoreById[score.id] = score; });
    this.rulesById = dict();
    rules.rules.forEach(function (rule) {
      var group = rules.rules.filter(function (other) { return other.group === rule.group; });
      self.rulesById[rule.id] = { rule: rule, positionInGroup: group.indexOf(rule) };
    });
    this.sections = rules.checklist.sections.map(function (section) { return section.id; });
    this.store = makeStore(["site-builder", slug(rules.kit), rules.checklist.id].join(":"),
      String(rules.checklist.version));
    this.cards = dict();
    this.lastKey = null;
    this.answers = dict();

    this.nodes = nodes;
    this.buildScores();
    this.buildChart();
    this.buildAnswerList();
    this.buildGroups();
  }

  /** A word or sentence of the interface, from the template's data-text-* attributes. */
  Assessment.prototype.say = function (name, values) {
    var key = "text" + name.charAt(0).toUpperCase() + name.slice(1);
    return fill(this.panel.dataset[key] || "", values || {});
  };

  Assessment.prototype.number = function (value) {
    return this.format.format(value);
  };

  Assessment.prototype.buildScores = function () {
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

  Assessment.prototype.buildChart = function () {
    var pair = this.scores.length === 2 ? this.scores : null;
    if (!pair || !(pair[0].max > 0) || !(pair[1].max > 0)) return;
    this.chart = makeChart(pair[0], pair[1], this.nodes.chartCaption.id, this.say("you"), this.format);
    this.nodes.chart.insertBefore(this.chart.node, this.nodes.chartCaption);
    // The scores, as text, are the chart's visible caption and its accessible name.
    this.nodes.chartCaption.appendChild(this.nodes.scores);
    this.nodes.chart.hidden = false;
  };

  Assessment.prototype.buildAnswerList = function () {
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
  Assessment.prototype.buildGroups = function () {
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

  Assessment.prototype.isProfile = function (ruleId) {
    return this.rulesById[ruleId].rule.pick === "first";
  };

  Assessment.prototype.groupOf = function (ruleId) {
    var section = (this.rulesById[ruleId].rule.advice || {}).section;
    return this.sections.indexOf(section) >= 0 ? section : "";
  };

  /** The answer to a question or the value of a score, in words, for "why this advice". */
  Assessment.prototype.describeValue = function (name, evaluation) {
    var question = this.questionById[name];
    if (question) {
      var value = evaluation.answers[name];
      if (value === null || value === undefined || question.type === "text") return null;
      return this.say("youAnswered", { answer: this.answerText(question, value) });
    }
    var score = this.scoreById[name];
    if (score) {
      return this.say("yourScore", {
        score: this.number(evaluation.scores[name]), max: this.number(score.max),
      });
    }
    return null;
  };

  Assessment.prototype.answerText = function (question, value) {
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
   * The card of one shown rule: title, body and a "Why this advice" disclosure naming the
   * conditions that hold. Built once and kept, so an open disclosure stays open.
   */
  Assessment.prototype.card = function (ruleId, result) {
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
    var reasons = result.conditions.map(function (condition, index) {
      var compiled = rule.conditions[index] || {};
      return { text: condition.text, holds: condition.holds, always: compiled.logic === true,
        names: variablesOf(compiled.logic) };
    }).filter(function (reason) { return reason.holds && !reason.always; });
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

  /** Reads the form, evaluates when an answer changed, and renders. */
  Assessment.prototype.update = function (options) {
    var self = this;
    var answers = dict();
    var answered = 0;
    this.questions.forEach(function (question) {
      var read = readAnswer(question);
      showInvalid(question, read.invalid);
      answers[question.id] = read.value;
      if (read.value !== null) answered += 1;
    });
    var key = JSON.stringify(answers);
    if (key === this.lastKey && !(options && options.force)) return;
    this.lastKey = key;
    this.answers = answers;
    var evaluation = this.evaluator.evaluate(answers);
    this.render(evaluation, answered);
    if (options && options.save === false) return;
    if (answered > 0) this.store.save(answers);
    else this.store.forget();
  };

  Assessment.prototype.render = function (evaluation, answered) {
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

    var shown = started ? evaluation.shown : [];
    var results = dict();
    evaluation.rules.forEach(function (result) { results[result.id] = result; });
    var profiles = shown.filter(function (id) { return self.isProfile(id); });
    this.renderHeadline(profiles);
    this.renderScores(evaluation);
    this.renderAnswers();

    var lists = dict();
    this.groupOrder.forEach(function (key) { lists[key] = []; });
    var cards = [];
    shown.forEach(function (id) {
      var card = self.card(id, results[id]);
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
        var text = self.describeValue(note.name, evaluation);
        setText(note.node, text ? "(" + text + ")" : "");
      });
    });
  };

  Assessment.prototype.renderHeadline = function (profiles) {
    var self = this;
    var titles = profiles.map(function (id) { return self.rulesById[id].rule.advice.title; });
    if (this.headlineKey === titles.join("\n")) return;
    this.headlineKey = titles.join("\n");
    setChildren(this.nodes.headline, titles.map(function (title) {
      return element("p", "profile-title", title);
    }));
  };

  Assessment.prototype.renderScores = function (evaluation) {
    var self = this;
    this.scoreRows.forEach(function (row) {
      var value = Number(evaluation.scores[row.score.id]) || 0;
      setText(row.text, self.say("score", {
        label: row.score.label, score: self.number(value), max: self.number(row.score.max),
      }));
      setAttribute(row.row, "data-score", String(value));
      if (row.meter.value !== value) row.meter.value = value;
    });
    if (this.chart) {
      this.chart.place(Number(evaluation.scores[this.scores[0].id]) || 0,
        Number(evaluation.scores[this.scores[1].id]) || 0);
    }
  };

  Assessment.prototype.renderAnswers = function () {
    var self = this;
    this.questions.forEach(function (question, index) {
      setText(self.answerCells[index], self.answerText(question, self.answers[question.id]));
    });
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
      date = new Date().toLocaleDateString(this.language, { dateStyle: "long" });
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
      saved: new Date().toISOString(),
      answers: answers,
    };
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
    this.form.reset();
    this.store.forget();
    this.update({ force: true });
    this.announce(this.say("cleared"), had ? {
      label: this.say("undo"),
      run: function () {
        self.questions.forEach(function (question) { writeAnswer(question, previous[question.id]); });
        self.update();
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
    return any ? saved : null;
  };

  Assessment.prototype.when = function (iso) {
    var date = new Date(iso);
    if (!iso || isNaN(date.getTime())) return "";
    try {
      return date.toLocaleString(this.language, { dateStyle: "medium", timeStyle: "short" });
    } catch (error) {
      return date.toString();
    }
  };

  Assessment.prototype.start = function () {
    var self = this;
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
    this.nodes.clear.addEventListener("click", function () { self.clear(); });
    window.addEventListener("beforeprint", function () { self.stampDate(); });

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
    new Assessment(rules, engine.createEvaluator(rules), form, panel, parts).start();
  }

  start();
})();
