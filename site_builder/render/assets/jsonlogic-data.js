/*
 * How the JSON Logic evaluator (jsonlogic.js) reads the data: paths and keys, the scopes
 * that {"val": [[n], ...]} climbs, and the operators `var`, `val`, `exists`, `missing` and
 * `missing_some`.
 *
 * A part of SiteBuilderJsonLogic, loaded after jsonlogic-compile.js: a classic script that
 * adds `data` to the global `SiteBuilderJsonLogicParts`, and a CommonJS module under Node.
 */
(function (root) {
  "use strict";

  var inNode = typeof module === "object" && module.exports;
  var parts = inNode ? null : root.SiteBuilderJsonLogicParts || {};
  var valuesPart = inNode ? require("./jsonlogic-values.js") : parts.values;
  var compilePart = inNode ? require("./jsonlogic-compile.js") : parts.compile;
  if (!valuesPart || !compilePart) {
    throw new Error("jsonlogic-data.js needs jsonlogic-values.js and jsonlogic-compile.js, " +
      "loaded before it");
  }

  var hasOwn = Object.prototype.hasOwnProperty;
  var isArray = Array.isArray;
  var INVALID = valuesPart.INVALID;
  var fail = valuesPart.fail;
  var caught = valuesPart.caught;
  var isObject = valuesPart.isObject;
  var toNumber = valuesPart.toNumber;
  var jsStr = valuesPart.jsStr;
  var isData = compilePart.isData;
  var compileNode = compilePart.compileNode;
  var spread = compilePart.spread;

  // --- data access: paths and scopes -------------------------------------------------

  var MISSING = Object.freeze({}); // what `resolve` gives where a step of the path is absent
  var INDEX_TEXT = /^(?:0|[1-9][0-9]*)$/;

  /** A path step: the key for an object and, where it is one, the index for an array. */
  function makeKey(part) {
    if (typeof part === "number" && Number.isInteger(part)) {
      return { name: String(part), index: part >= 0 ? part : null };
    }
    var name = jsStr(part);
    return { name: name, index: INDEX_TEXT.test(name) ? Number(name) : null };
  }

  /** `var`'s path: a dotted string (or a number); "", null and [] mean the data itself. */
  function dottedKeys(path) {
    if (path === null || path === "" || (isArray(path) && !path.length)) return [];
    if (typeof path === "number") return [makeKey(path)];
    return jsStr(path).split(".").map(makeKey);
  }

  /** Walk `keys` into `data`; MISSING where a step does not exist. */
  function resolve(data, keys) {
    for (var i = 0; i < keys.length; i++) {
      var key = keys[i];
      if (isArray(data)) {
        if (key.index === null || key.index >= data.length) return MISSING;
        data = data[key.index];
      } else if (data !== null && typeof data === "object" && hasOwn.call(data, key.name)) {
        data = data[key.name];
      } else {
        return MISSING;
      }
    }
    return data;
  }

  /** `val`'s path as {up, keys}: a leading [n] climbs n scopes up, the rest are keys. */
  function scopePath(spec) {
    if (spec.length && isArray(spec[0])) {
      var levels = spec[0];
      var up = levels.length ? Math.abs(Math.trunc(toNumber(levels[0]))) : 0;
      return { up: up, keys: spec.slice(1).map(makeKey) };
    }
    return { up: 0, keys: spec.map(makeKey) };
  }

  /** The data `levels` scopes up; past the top, the top's data. */
  function climb(data, scope, levels) {
    for (var i = 0; i < levels && scope !== null; i++) {
      data = scope.data;
      scope = scope.up;
    }
    return data;
  }

  /** `val`'s argument as an array: a key alone stands for [key], null for []. */
  function valSpec(args) {
    if (isArray(args)) return args;
    return args === null ? [] : [args];
  }

  /**
   * The key k of {"var": "k"} or {"val": "k"} (one key, no default, no scope), or "" for
   * the data itself ({"var": ""}, {"val": []}); null for anything else.
   */
  function plainKey(logic) {
    if (!isObject(logic) || Object.keys(logic).length !== 1) return null;
    if (hasOwn.call(logic, "var")) {
      var path = logic.var;
      if (isArray(path) && path.length === 1) path = path[0];
      if (path === null || path === "" || (isArray(path) && !path.length)) return "";
      return typeof path === "string" && path.indexOf(".") === -1 ? path : null;
    }
    if (hasOwn.call(logic, "val")) {
      var spec = logic.val;
      if (isArray(spec) && !spec.length) return "";
      return typeof spec === "string" && spec !== "" ? spec : null;
    }
    return null;
  }

  /** The node of `logic`, or a direct property read where it is a plain `var`. */
  function readerOf(logic, node) {
    var key = plainKey(logic);
    if (!key) return node;
    return framed(key, function (data, scope) {
      if (data !== null && typeof data === "object" && !isArray(data)) {
        return hasOwn.call(data, key) ? data[key] : null;
      }
      return node(data, scope);
    });
  }

  // --- frames: top-level keys read by position ---------------------------------------

  /**
   * A frame, for an evaluator that builds data with the same top-level keys on every call
   * (engine.js's `select`): a plain `var` of one of `names`, compiled in the frame, reads
   * frame.values[slot] instead of looking its key up, which is most of the cost of a
   * typical condition. While `frame.data` is the data given, frame.values[slots.get(k)] must
   * be what reading k from the data would give (its own value, else null); any other data,
   * and all data while `frame.data` is null, is read by name as before.
   */
  function createFrame(names) {
    var slots = new Map();
    names.forEach(function (name) { if (!slots.has(name)) slots.set(name, slots.size); });
    return { data: null, values: new Array(slots.size).fill(null), slots: slots };
  }

  var compiling = null; // the frame the compile in progress reads through, if any

  /** compile() with plain `var`s of the frame's keys reading through `frame`. */
  function compileInFrame(frame, compile) {
    var outer = compiling;
    compiling = frame;
    try {
      return compile();
    } finally {
      compiling = outer;
    }
  }

  /** `read`, or, where `key` has a slot in the frame being compiled in, the slot first. */
  function framed(key, read) {
    var frame = compiling;
    var slot = frame ? frame.slots.get(key) : undefined;
    if (slot === undefined) return read;
    return function (data, scope) {
      return data === frame.data ? frame.values[slot] : read(data, scope);
    };
  }

  // --- data access: the operators that read the data ---------------------------------

  /** `var`: a dotted path (or index), with an optional default for a missing value. */
  function buildVar(args) {
    var path = args;
    var fallbackLogic = null;
    if (isArray(args)) {
      path = args.length ? args[0] : null;
      fallbackLogic = args.length > 1 ? args[1] : null;
    }
    var fallback = compileNode(fallbackLogic);
    if (!isData(path)) {
      var dynamic = compileNode(path);
      return function (data, scope) {
        var found = resolve(data, dottedKeys(dynamic(data, scope)));
        return found === MISSING ? fallback(data, scope) : found;
      };
    }
    var keys = dottedKeys(path);
    if (!keys.length) return function (data) { return data; };
    if (keys.length === 1 && fallbackLogic === null) return lookupOne(keys);
    return function (data, scope) {
      var found = resolve(data, keys);
      return found === MISSING ? fallback(data, scope) : found;
    };
  }

  /** One key and no default, the common case: a direct property read on an object. */
  function lookupOne(keys) {
    var name = keys[0].name;
    return framed(name, function (data) {
      if (isObject(data)) return hasOwn.call(data, name) ? data[name] : null;
      var found = resolve(data, keys);
      return found === MISSING ? null : found;
    });
  }

  /**
   * The value (MISSING where absent) at a `val` / `exists` path: a key, a list of keys, or
   * a list starting with [n] to climb n scopes first.
   */
  function pathGetter(args) {
    if (!isData(args)) {
      var spec = spread(args);
      return function (data, scope) {
        var path = scopePath(spec(data, scope));
        return resolve(climb(data, scope, path.up), path.keys);
      };
    }
    var path;
    try {
      path = scopePath(valSpec(args));
    } catch (error) {
      // a scope level that is not a number fails when evaluated, as an interpreter would
      return rethrower(caught(error));
    }
    if (!path.up) return function (data) { return resolve(data, path.keys); };
    return function (data, scope) {
      return resolve(climb(data, scope, path.up), path.keys);
    };
  }

  function rethrower(error) {
    return function () {
      throw error;
    };
  }

  function buildVal(args) {
    if (typeof args === "string") return lookupOne([makeKey(args)]);
    var getter = pathGetter(args);
    return function (data, scope) {
      var found = getter(data, scope);
      return found === MISSING ? null : found;
    };
  }

  function buildExists(args) {
    var getter = pathGetter(args);
    return function (data, scope) {
      return getter(data, scope) !== MISSING;
    };
  }

  /** `missing`: the paths whose value is absent, null or "". */
  function missingKeys(data, paths) {
    if (paths.length && isArray(paths[0])) paths = paths[0];
    return paths.filter(function (path) {
      var value = resolve(data, dottedKeys(path));
      return value === MISSING || value === null || value === "";
    });
  }

  function missingSome(data, values) {
    if (values.length < 2 || !isArray(values[1])) {
      throw fail(INVALID, "`missing_some` takes [count, [paths]]");
    }
    var need = toNumber(values[0]);
    var absent = missingKeys(data, values[1]);
    return values[1].length - absent.length >= need ? [] : absent;
  }

  /** An operator that reads the data as well as its arguments (`missing`). */
  function reading(fold) {
    return function (args) {
      var values = spread(args);
      return function (data, scope) {
        return fold(data, values(data, scope));
      };
    };
  }

  var api = {
    plainKey: plainKey,
    readerOf: readerOf,
    createFrame: createFrame,
    compileInFrame: compileInFrame,
    buildVar: buildVar,
    buildVal: buildVal,
    buildExists: buildExists,
    missingKeys: missingKeys,
    missingSome: missingSome,
    reading: reading,
  };
  if (inNode) module.exports = api;
  else (root.SiteBuilderJsonLogicParts = root.SiteBuilderJsonLogicParts || {}).data = api;
})(typeof globalThis !== "undefined" ? globalThis : this);
