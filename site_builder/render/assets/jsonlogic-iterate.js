/*
 * The iterators of the JSON Logic evaluator (jsonlogic.js): `map`, `filter`, `reduce`,
 * `all`, `some` and `none`, and the scope each item's body sees.
 *
 * A part of SiteBuilderJsonLogic, loaded after jsonlogic-compile.js: a classic script that
 * adds `iterate` to the global `SiteBuilderJsonLogicParts`, and a CommonJS module under Node.
 */
(function (root) {
  "use strict";

  var inNode = typeof module === "object" && module.exports;
  var parts = inNode ? null : root.SiteBuilderJsonLogicParts || {};
  var valuesPart = inNode ? require("./jsonlogic-values.js") : parts.values;
  var compilePart = inNode ? require("./jsonlogic-compile.js") : parts.compile;
  if (!valuesPart || !compilePart) {
    throw new Error("jsonlogic-iterate.js needs jsonlogic-values.js and jsonlogic-compile.js, " +
      "loaded before it");
  }

  var isArray = Array.isArray;
  var INVALID = valuesPart.INVALID;
  var fail = valuesPart.fail;
  var isObject = valuesPart.isObject;
  var truthy = valuesPart.truthy;
  var jsStr = valuesPart.jsStr;
  var isData = compilePart.isData;
  var compileNode = compilePart.compileNode;
  var raiser = compilePart.raiser;
  var needsList = compilePart.needsList;

  // --- iterators: map, filter, reduce, all, some, none -------------------------------

  /**
   * The items, the body and whether the body climbs scopes, or a raiser. `map`, `filter`
   * and `reduce` treat a computed null as no items but reject a literal null for the items
   * or the body (`nullOk`); `all`, `some` and `none` reject any null items.
   */
  function iteration(args, name, nullOk) {
    var invalid = needsList(args, 2, name);
    if (invalid) return { invalid: invalid };
    if (nullOk && (args[0] === null || args[1] === null)) {
      return { invalid: raiser(INVALID, "`" + name + "` needs an array and a rule") };
    }
    return { source: compileNode(args[0]), body: compileNode(args[1]), scoped: needsScope(args[1]) };
  }

  function itemsOf(value, name, nullOk) {
    if (isArray(value)) return value;
    if (value === null && nullOk) return [];
    throw fail(INVALID, "`" + name + "` needs an array, not " + JSON.stringify(jsStr(value)));
  }

  /** The scope of item `index`: the body is two levels below the data of the iteration. */
  function itemScope(index, data, scope) {
    return { data: { index: index }, up: { data: data, up: scope } };
  }

  /**
   * `map`, `filter`, `all`, `some`, `none`: `finish(items, run)` where `run(i)` is the
   * body's value for item i. A scope is built for each item only if the body can climb.
   */
  function iterator(name, nullOk, finish) {
    return function (args) {
      var parts = iteration(args, name, nullOk);
      if (parts.invalid) return parts.invalid;
      var source = parts.source;
      var body = parts.body;
      var scoped = parts.scoped;
      return function (data, scope) {
        var items = itemsOf(source(data, scope), name, nullOk);
        return finish(items, function (i) {
          return body(items[i], scoped ? itemScope(i, data, scope) : null);
        });
      };
    };
  }

  function mapItems(items, run) {
    return items.map(function (item, i) { return run(i); });
  }

  function filterItems(items, run) {
    return items.filter(function (item, i) { return truthy(run(i)); });
  }

  function allItems(items, run) {
    return items.length > 0 && items.every(function (item, i) { return truthy(run(i)); });
  }

  function someItems(items, run) {
    return items.some(function (item, i) { return truthy(run(i)); });
  }

  function noItems(items, run) {
    return !someItems(items, run);
  }

  /**
   * `reduce`: the body sees {current, accumulator}; without an initial value the first
   * item starts the accumulator (as Array.prototype.reduce does).
   */
  function buildReduce(args) {
    var parts = iteration(args, "reduce", true);
    if (parts.invalid) return parts.invalid;
    var initial = args.length > 2 ? compileNode(args[2]) : null;
    return function (data, scope) {
      var items = itemsOf(parts.source(data, scope), "reduce", true);
      var accumulator;
      var start = 0;
      if (initial) {
        accumulator = initial(data, scope);
      } else if (!items.length) {
        return null;
      } else {
        accumulator = items[0];
        start = 1;
      }
      for (var i = start; i < items.length; i++) {
        var context = { current: items[i], accumulator: accumulator };
        accumulator = parts.body(context, parts.scoped ? itemScope(i, data, scope) : null);
      }
      return accumulator;
    };
  }

  /** Whether any `val` or `exists` in `logic` may climb scopes ([[n], ...] or computed). */
  function needsScope(logic) {
    if (isArray(logic)) return logic.some(needsScope);
    if (!isObject(logic) || Object.keys(logic).length !== 1) return false;
    var op = Object.keys(logic)[0];
    var args = logic[op];
    if (op === "preserve") return false;
    var climbs = !isData(args) || (isArray(args) && args.length > 0 && isArray(args[0]));
    if ((op === "val" || op === "exists") && climbs) return true;
    return needsScope(args);
  }

  var api = {
    iterator: iterator,
    mapItems: mapItems,
    filterItems: filterItems,
    allItems: allItems,
    someItems: someItems,
    noItems: noItems,
    buildReduce: buildReduce,
  };
  if (inNode) module.exports = api;
  else (root.SiteBuilderJsonLogicParts = root.SiteBuilderJsonLogicParts || {}).iterate = api;
})(typeof globalThis !== "undefined" ? globalThis : this);
