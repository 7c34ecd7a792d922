/*
 * The 2x2 chart of the self-assessment's two scores (assessment.js), in SVG.
 *
 * A part of the assessment (assessment.js), loaded after assessment-dom.js: a classic
 * script that adds `chart` to the global `SiteBuilderAssessmentParts`.
 */
(function (shared) {
  "use strict";

  var dom = shared.dom;
  if (!dom) throw new Error("assessment-chart.js needs assessment-dom.js, loaded before it");
  var svgElement = dom.svgElement;
  var setAttribute = dom.setAttribute;

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

  shared.chart = {
    makeChart: makeChart,
  };
})(window.SiteBuilderAssessmentParts = window.SiteBuilderAssessmentParts || {});
