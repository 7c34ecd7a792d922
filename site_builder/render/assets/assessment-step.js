/*
 * The participant's one committed step (assessment.js): once the results are final, one
 * piece of advice (or a step of their own) becomes "my step", with what, who, how and by
 * when. It is kept with the answers in this browser, printed first on the results and
 * written into the downloaded answers as `step`, which `explain` and `report` read back:
 *   {advice: rule id or null, what, who, how, when}
 * These are methods of an Assessment, which assessment.js mixes into Assessment.prototype.
 *
 * A part of the assessment (assessment.js), loaded after assessment-dom.js: a classic
 * script that adds `step` to the global `SiteBuilderAssessmentParts`.
 */
(function (shared) {
  "use strict";

  var dom = shared.dom;
  if (!dom) throw new Error("assessment-step.js needs assessment-dom.js, loaded before it");
  var setText = dom.setText;
  var setHidden = dom.setHidden;

  var FIELDS = ["what", "who", "how", "when"];
  var LONGEST = 500;  // characters kept of each field

  var methods = {};

  /** A saved step as the page keeps it, or null when it is not one. */
  methods.cleanStep = function (raw) {
    if (!raw || typeof raw !== "object") return null;
    var step = { advice: null };
    if (typeof raw.advice === "string" && this.rulesById[raw.advice]) step.advice = raw.advice;
    FIELDS.forEach(function (name) {
      step[name] = typeof raw[name] === "string" ? raw[name].slice(0, LONGEST) : "";
    });
    return step;
  };

  methods.startStep = function () {
    var self = this;
    var nodes = this.nodes;
    this.stepInputs = { what: nodes.stepWhat, who: nodes.stepWho, how: nodes.stepHow,
      when: nodes.stepWhen };
    FIELDS.forEach(function (name) {
      self.stepInputs[name].addEventListener("input", function () {
        if (!self.step) return;
        self.step[name] = self.stepInputs[name].value.slice(0, LONGEST);
        self.save();
      });
    });
    nodes.stepOwn.addEventListener("click", function () {
      self.chooseStep(null);
      nodes.stepWhat.focus();
    });
    nodes.stepRemove.addEventListener("click", function () {
      self.step = null;
      self.save();
      self.renderStep();
      nodes.stepOwn.focus();
    });
  };

  /** Makes a piece of advice (or, with null, the participant's own words) their step. */
  methods.chooseStep = function (ruleId) {
    var title = ruleId ? this.rulesById[ruleId].rule.advice.title : "";
    var keep = this.step || {};
    this.step = { advice: ruleId, what: title, who: keep.who || "", how: keep.how || "",
      when: keep.when || "" };
    this.save();
    this.renderStep();
  };

  /** The step panel, and each card's "Make this my step" button; only once final. */
  methods.renderStep = function () {
    var self = this;
    var nodes = this.nodes;
    var step = this.step;
    setHidden(nodes.step, !this.final && !step);
    setHidden(nodes.stepIntro, Boolean(step));
    setHidden(nodes.stepFields, !step);
    setHidden(nodes.stepRemove, !step);
    setHidden(nodes.stepOwn, Boolean(step));
    var advice = step && step.advice ? this.rulesById[step.advice].rule.advice.title : "";
    setText(nodes.stepAdvice, advice ? this.say("stepFrom", { title: advice }) : "");
    setHidden(nodes.stepAdvice, !advice);
    FIELDS.forEach(function (name) {
      var input = self.stepInputs[name];
      var value = step ? step[name] : "";
      if (input.value !== value) input.value = value;
      // Printed: the field's words, not an empty box.
      input.parentNode.classList.toggle("is-empty", !value);
    });
    document.body.classList.toggle("has-step", Boolean(step));
    // Printed as text: a form field would cut long words off at its edge.
    var rows = [];
    FIELDS.forEach(function (name) {
      var value = step ? step[name].trim() : "";
      if (!value) return;
      var row = dom.element("div", "step-row");
      row.appendChild(dom.element("dt", null, self.say("step" + name.charAt(0).toUpperCase() +
        name.slice(1))));
      row.appendChild(dom.element("dd", null, value));
      rows.push(row);
    });
    var key = JSON.stringify(step);
    if (this.stepPrintKey !== key) {
      this.stepPrintKey = key;
      nodes.stepPrint.replaceChildren.apply(nodes.stepPrint, rows);
    }
    Object.keys(this.cards).forEach(function (ruleId) {
      var card = self.cards[ruleId];
      if (!card.choose) return;
      var chosen = Boolean(step && step.advice === ruleId);
      setHidden(card.choose, !self.final);
      setText(card.choose, self.say(chosen ? "chosen" : "choose"));
      card.choose.setAttribute("aria-pressed", chosen ? "true" : "false");
      card.node.classList.toggle("is-step", chosen);
    });
  };

  shared.step = {
    methods: methods,
  };
})(window.SiteBuilderAssessmentParts = window.SiteBuilderAssessmentParts || {});
