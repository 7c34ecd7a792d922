/*
 * The answers of the self-assessment (assessment.js): the questions and their form
 * controls, an answer read from, checked against and written back to them, and the
 * answers kept in localStorage (only there, and never fatally).
 *
 * A part of the assessment (assessment.js), loaded after assessment-dom.js: a classic
 * script that adds `answers` to the global `SiteBuilderAssessmentParts`.
 */
(function (shared) {
  "use strict";

  var dom = shared.dom;
  if (!dom) throw new Error("assessment-answers.js needs assessment-dom.js, loaded before it");
  var byId = dom.byId;
  var setHidden = dom.setHidden;

  // --- storage: localStorage only, and never fatal -------------------------------------

  /**
   * The answers saved for one checklist version in one language, under
   * "site-builder:<kit>:<checklist>@<language>:<version>": each language's page keeps its
   * own (a participant may answer in French and a colleague in English on one computer).
   * Saving also forgets what was saved for the checklist's other versions in this language,
   * which no longer fit. Answers saved before pages had a language (under
   * "site-builder:<kit>:<checklist>:<version>") are read when there are no others, and
   * forgotten, with any other version's, at the first save: answer values are the same in
   * every language.
   */
  function makeStore(prefix, version, language) {
    var own = prefix + "@" + (language || "und");
    var key = own + ":" + version;
    var before = prefix + ":" + version;
    var tidied = false;
    function forgetOtherVersions() {
      var stale = [];
      for (var i = 0; i < window.localStorage.length; i++) {
        var name = window.localStorage.key(i);
        var mine = name && (name.indexOf(own + ":") === 0 || name.indexOf(prefix + ":") === 0);
        if (mine && name !== key) stale.push(name);
      }
      stale.forEach(function (name) { window.localStorage.removeItem(name); });
    }
    function read(name) {
      var saved = JSON.parse(window.localStorage.getItem(name) || "null");
      return saved && typeof saved === "object" && saved.answers ? saved : null;
    }
    return {
      key: key,
      load: function () {
        try {
          return read(key) || read(before);
        } catch (error) {
          return null;  // storage disabled, or a value that is not ours
        }
      },
      save: function (answers, extra) {
        try {
          var record = { saved: new Date().toISOString(), language: language, answers: answers };
          // `final` (see my results) and `step` (the participant's committed step)
          Object.keys(extra || {}).forEach(function (name) { record[name] = extra[name]; });
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
          window.localStorage.removeItem(before);
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

  shared.answers = {
    makeStore: makeStore,
    readQuestions: readQuestions,
    cleanAnswer: cleanAnswer,
    readAnswer: readAnswer,
    writeAnswer: writeAnswer,
    showInvalid: showInvalid,
  };
})(window.SiteBuilderAssessmentParts = window.SiteBuilderAssessmentParts || {});
