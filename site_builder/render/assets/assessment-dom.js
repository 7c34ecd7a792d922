/*
 * The page's elements for the self-assessment (assessment.js): looking them up, building
 * them (HTML and SVG), and updating them only where something changed, so that live regions
 * speak only on a change and an unchanged answer costs no style or layout work.
 *
 * A part of the assessment (assessment.js), loaded first: a classic script that adds `dom`
 * to the global `SiteBuilderAssessmentParts`.
 */
(function (shared) {
  "use strict";

  var SVG_NS = "http://www.w3.org/2000/svg";

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

  shared.dom = {
    dict: dict,
    byId: byId,
    element: element,
    svgElement: svgElement,
    setText: setText,
    setAttribute: setAttribute,
    setHidden: setHidden,
    setChildren: setChildren,
  };
})(window.SiteBuilderAssessmentParts = window.SiteBuilderAssessmentParts || {});
