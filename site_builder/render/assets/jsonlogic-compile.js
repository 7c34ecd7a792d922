/*
 * The core of the JSON Logic compiler (jsonlogic.js): the operator table, and turning a
 * node of a rule into a closure `(data, scope)`, with the builders every operator uses to
 * compile its arguments. jsonlogic.js fills the table.
 *
 * A part of SiteBuilderJsonLogic, loaded after jsonlogic-values.js: a classic script that
 * adds `compile` to the global `SiteBuilderJsonLogicParts`, and a CommonJS module under Node.
 */
(function (root) {
  "use strict";

  var inNode = typeof module === "object" && module.exports;
  var parts = inNode ? null : root.SiteBuilderJsonLogicParts || {};
  var valuesPart = inNode ? require("./jsonlogic-values.js") : parts.values;
  if (!valuesPart) {
    throw new Error("jsonlogic-compile.js needs jsonlogic-values.js, " +
      "loaded before it");
  }

  var isArray = Array.isArray;
  var INVALID = valuesPart.INVALID;
  var UNKNOWN = valuesPart.UNKNOWN;
  var fail = valuesPart.fail;
  var isObject = valuesPart.isObject;
  var frozenCopy = valuesPart.frozenCopy;

  // --- the compiler core -------------------------------------------------------------

  /** Every operator's builder by name: it compiles the operator's arguments. */
  var BUILDERS = Object.create(null);

  /** True where `logic` holds no operator (an object with exactly one key is one). */
  function isData(logic) {
    if (isArray(logic)) return logic.every(isData);
    if (isObject(logic)) return Object.keys(logic).length !== 1;
    return true;
  }

  function compileNode(logic) {
    if (isObject(logic) && !isData(logic)) {
      var op = Object.keys(logic)[0];
      var build = BUILDERS[op];
      if (!build) return raiser(UNKNOWN, "unknown JSON Logic operator " + JSON.stringify(op));
      return build(logic[op]);
    }
    if (isArray(logic) && !isData(logic)) return listOf(logic.map(compileNode));
    return constant(logic);
  }

  function listOf(nodes) {
    return function (data, scope) {
      var values = new Array(nodes.length);
      for (var i = 0; i < nodes.length; i++) values[i] = nodes[i](data, scope);
      return values;
    };
  }

  function constant(value) {
    var frozen = frozenCopy(value);
    return function () {
      return frozen;
    };
  }

  function raiser(type, detail) {
    return function () {
      throw fail(type, detail);
    };
  }

  /** Arguments as an array: a literal array item by item, else the value (an array spreads). */
  function spread(args) {
    if (isArray(args)) return listOf(args.map(compileNode));
    var node = compileNode(args);
    return function (data, scope) {
      var value = node(data, scope);
      return isArray(value) ? value : [value];
    };
  }

  /** An operator that evaluates all its arguments, then combines them. */
  function onValues(fold) {
    return function (args) {
      var values = spread(args);
      return function (data, scope) {
        return fold(values(data, scope));
      };
    };
  }

  /** A raiser unless `args` is a literal array of at least `least` items, else null. */
  function needsList(args, least, name) {
    if (isArray(args) && args.length >= least) return null;
    return raiser(INVALID, "`" + name + "` takes a list of " + least + " or more arguments");
  }
  var api = {
    BUILDERS: BUILDERS,
    isData: isData,
    compileNode: compileNode,
    listOf: listOf,
    constant: constant,
    raiser: raiser,
    spread: spread,
    onValues: onValues,
    needsList: needsList,
  };
  if (inNode) module.exports = api;
  else (root.SiteBuilderJsonLogicParts = root.SiteBuilderJsonLogicParts || {}).compile = api;
})(typeof globalThis !== "undefined" ? globalThis : this);
