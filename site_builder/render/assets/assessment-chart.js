/*
 * The participant's mark on the checklist's chart (assessment.js).
 *
 * The build draws the chart (site_builder/render/chart.py) into the page, with a hidden
 * mark; this script only moves that mark and rewrites the chart's text alternative. Where
 * 0 and each maximum are drawn comes from the SVG's data-* attributes, so the two never
 * disagree about the geometry.
 *
 * A part of the assessment (assessment.js), loaded after assessment-dom.js: a classic
 * script that adds `chart` to the global `SiteBuilderAssessmentParts`.
 */
(function (shared) {
  "use strict";

  var dom = shared.dom;
  if (!dom) throw new Error("assessment-chart.js needs assessment-dom.js, loaded before it");
  var setAttribute = dom.setAttribute;
  var setText = dom.setText;

  /** [low, high] of a score: a number, or {lo, hi} while questions are unanswered. */
  function ends(value) {
    if (value !== null && typeof value === "object") {
      var low = Number(value.lo) || 0, high = Number(value.hi) || 0;
      return [Math.min(low, high), Math.max(low, high)];
    }
    var number = Number(value) || 0;
    return [number, number];
  }

  /**
   * Places the mark in the chart `svg` (drawn by the build) for scores x and y, each a
   * number (a dot) or {lo, hi} (a rounded rectangle over the range, a dot when lo == hi).
   * `chart` is the rules document's `chart` entry (labels, maxima, splits and zone names);
   * `words.say(name, values)` gives the template's sentences, `words.number(value)` a
   * number in the page's language. Returns {place(x, y)}.
   */
  function makeChart(svg, chart, words) {
    function data(name) { return Number(svg.getAttribute("data-" + name)); }
    var nudge = data("nudge"), round = data("round");
    var across = { from: data("x-from"), to: data("x-to"), max: data("x-max"), split: data("x-split") };
    var up = { from: data("y-from"), to: data("y-to"), max: data("y-max"), split: data("y-split") };
    var group = svg.querySelector(".chart-mark");
    var range = svg.querySelector(".chart-range");
    var dots = Array.prototype.slice.call(svg.querySelectorAll(".chart-dot-halo, .chart-dot"));
    var desc = svg.querySelector("desc");
    var layout = desc ? desc.getAttribute("data-layout") || "" : "";

    /** Where a score is drawn: kept inside the chart, and moved off a split into its zone. */
    function position(value, axis) {
      var share = axis.max > 0 ? Math.min(Math.max(value / axis.max, 0), 1) : 0;
      var at = axis.from + (axis.to - axis.from) * share;
      if (value === axis.split) {
        at = axis.to > axis.from ? Math.min(at + nudge, axis.to) : Math.max(at - nudge, axis.to);
      }
      return at;
    }

    function part(axis, pair) {
      var values = { label: axis.label, max: words.number(axis.max) };
      if (pair[0] === pair[1]) {
        values.score = words.number(pair[0]);
        return words.say("chartScore", values);
      }
      values.low = words.number(pair[0]);
      values.high = words.number(pair[1]);
      return words.say("chartRange", values);
    }

    /** The names of the zones the scores may be in: one, once they are known. */
    function zones(xs, ys) {
      var right = [], upper = [];
      if (xs[0] < chart.x.split_at) right.push("left");
      if (xs[1] >= chart.x.split_at) right.push("right");
      if (ys[1] >= chart.y.split_at) upper.push("top");
      if (ys[0] < chart.y.split_at) upper.push("bottom");
      var names = [];
      upper.forEach(function (row) {
        right.forEach(function (side) { names.push(chart.zones[row + "_" + side]); });
      });
      return names;
    }

    function describe(xs, ys) {
      var names = zones(xs, ys);
      var zone = names.length === 1 ? names[0] : words.say("chartOr", {
        first: names.slice(0, -1).join(", "), last: names[names.length - 1],
      });
      return words.say("chartPlace", { x: part(chart.x, xs), y: part(chart.y, ys), zone: zone });
    }

    function place(x, y) {
      var xs = ends(x), ys = ends(y);
      var left = position(xs[0], across), right = position(xs[1], across);
      var lower = position(ys[0], up), upper = position(ys[1], up);
      var isRange = xs[0] !== xs[1] || ys[0] !== ys[1];
      setAttribute(group, "visibility", "visible");
      setAttribute(range, "visibility", isRange ? "visible" : "hidden");
      dots.forEach(function (dot) { setAttribute(dot, "visibility", isRange ? "hidden" : "visible"); });
      if (isRange) {
        setAttribute(range, "x", (left - round).toFixed(1));
        setAttribute(range, "y", (upper - round).toFixed(1));
        setAttribute(range, "width", (right - left + 2 * round).toFixed(1));
        setAttribute(range, "height", (lower - upper + 2 * round).toFixed(1));
      } else {
        dots.forEach(function (dot) {
          setAttribute(dot, "cx", left.toFixed(1));
          setAttribute(dot, "cy", lower.toFixed(1));
        });
      }
      if (desc) setText(desc, describe(xs, ys) + ". " + layout);
    }
    return { place: place };
  }

  shared.chart = {
    makeChart: makeChart,
  };
})(window.SiteBuilderAssessmentParts = window.SiteBuilderAssessmentParts || {});
