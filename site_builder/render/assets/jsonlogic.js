/*
 * The JSON Logic evaluator of the site's self-assessment, in plain JavaScript.
 *
 * It must give the same answers as the Python evaluator (site_builder/engine/jsonlogic.py),
 * so that a participant gets the same advice on screen as in a PDF report. Both follow the
 * public conformance suites of json-logic/compat-tables; where those leave room, this file
 * copies the Python evaluator's choices:
 *   - arithmetic or loose comparison on something that is not a number fails with the error
 *     type "NaN" instead of producing NaN ({"==": ["text", null]} fails, it is not false);
 *   - `===` compares arrays and objects by content;
 *   - an unknown operator, and wrong arguments, fail only when that part of the rule is
 *     evaluated (type "Unknown Operator" / "Invalid Arguments"), so `try` can catch them;
 *   - strings are ordered, and cut by `substr`, by code point, as Python does.
 *
 * `compile(logic)` walks the rule once and returns a function of the data: every operator
 * node becomes one closure `(data, scope)`, specialised at compile time for common shapes
 * such as {"===": [{"var": "a"}, "no"]}. `scope` is null at the top and, inside an iteration
 * or a `try` fallback, a linked list {data, up} that {"val": [[n], ...]} climbs.
 * Results never share arrays or objects with the rule: literals are frozen copies.
 *
 * A classic script (ES modules do not load from file:// pages): it defines
 * `SiteBuilderJsonLogic` on the global object, and is also a CommonJS module under Node.
 */
(function (root) {
  "use strict";

  var hasOwn = Object.prototype.hasOwnProperty;
  var isArray = Array.isArray;

  // --- errors ------------------------------------------------------------------------

  var NAN = "NaN";
  var INVALID = "Invalid Arguments";
  var UNKNOWN = "Unknown Operator";

  /**
   * Evaluation failed. `type` is "NaN", "Invalid Arguments", "Unknown Operator" or the
   * value given to `throw`; `error` is the object a `try` fallback sees as its data.
   */
  class JsonLogicError extends Error {
    constructor(type, error, detail) {
      super(detail || "JSON Logic evaluation failed: " + JSON.stringify(type));
      this.name = "JsonLogicError";
      this.type = type;
      this.error = error === undefined || error === null ? { type: type } : error;
    }
  }

  function fail(type, detail) {
    return new JsonLogicError(type, null, detail);
  }

  /** The error raised by `throw`: an object with a "type" key gives its type. */
  function thrown(value) {
    if (isObject(value) && hasOwn.call(value, "type")) {
      return new JsonLogicError(value.type, value);
    }
    return new JsonLogicError(value);
  }

  // --- values: truthiness and coercion -----------------------------------------------

  function isObject(value) {
    return value !== null && typeof value === "object" && !isArray(value);
  }

  function isScalar(value) {
    return value === null || typeof value !== "object";
  }

  /** JS truthiness, except that an empty array is falsy (as JSON Logic defines it). */
  function truthy(value) {
    if (value === true) return true;
    if (value === false || value === null || value === undefined) return false;
    if (isArray(value)) return value.length > 0;
    return Boolean(value);
  }

  /** JS `Number(value)`, failing with "NaN" wherever JS would give NaN. */
  function toNumber(value) {
    if (typeof value === "number") {
      if (value !== value) throw fail(NAN, "not a number: NaN");
      return value;
    }
    if (typeof value === "string") return parseNumber(value);
    if (value === null) return 0;
    if (typeof value === "boolean") return value ? 1 : 0;
    throw fail(NAN, "not a number: " + jsStr(value));
  }

  // What Number(text) reads as a number: decimals with an optional exponent, 0x/0o/0b
  // integers and Infinity. Arrays count as "NaN" errors too, unlike JS, as in Python.
  var NUMBER_TEXT = new RegExp(
    "^(?:[+-]?(?:[0-9]+\\.?[0-9]*|\\.[0-9]+)(?:[eE][+-]?[0-9]+)?" +
      "|0[xX][0-9a-fA-F]+|0[oO][0-7]+|0[bB][01]+|[+-]?Infinity)$"
  );

  function parseNumber(text) {
    var trimmed = text.trim();
    if (trimmed === "") return 0;
    if (!NUMBER_TEXT.test(trimmed)) throw fail(NAN, "not a number: " + JSON.stringify(text));
    return Number(trimmed);
  }

  /** String conversion as `cat` does it: null is "", numbers print as JS prints them. */
  function jsStr(value) {
    if (typeof value === "string") return value;
    if (value === null || value === undefined) return "";
    if (isArray(value)) return value.map(jsStr).join(",");
    if (typeof value === "object") return "[object Object]";
    return String(value);
  }

  // --- values: equality and ordering -------------------------------------------------

  /** `==`: two strings compare as strings, anything else as numbers. */
  function looseEq(a, b) {
    if (typeof a === "string" && typeof b === "string") return a === b;
    return toNumber(a) === toNumber(b);
  }

  function looseNe(a, b) {
    return !looseEq(a, b);
  }

  function kindOf(value) {
    if (value === null) return "null";
    return isArray(value) ? "array" : typeof value;
  }

  /** `===`: same JSON type and same value; arrays and objects are compared by content. */
  function strictEq(a, b) {
    var kind = kindOf(a);
    if (kind !== kindOf(b)) return false;
    if (kind === "array") return sameItems(a, b);
    if (kind === "object") return sameEntries(a, b);
    return a === b;
  }

  function strictNe(a, b) {
    return !strictEq(a, b);
  }

  function sameItems(a, b) {
    if (a.length !== b.length) return false;
    for (var i = 0; i < a.length; i++) if (!strictEq(a[i], b[i])) return false;
    return true;
  }

  function sameEntries(a, b) {
    var keys = Object.keys(a);
    if (keys.length !== Object.keys(b).length) return false;
    return keys.every(function (key) {
      return hasOwn.call(b, key) && strictEq(a[key], b[key]);
    });
  }

  // Python orders strings by code point, JS by UTF-16 unit: the two differ only where a
  // surrogate pair meets a character from U+E000 up, so only strings with surrogates take
  // the slow way.
  var SURROGATE = /[\uD800-\uDFFF]/;

  function textOrder(a, b) {
    if (!SURROGATE.test(a) && !SURROGATE.test(b)) return a < b ? -1 : a > b ? 1 : 0;
    var i = 0;
    while (i < a.length && i < b.length && a.charCodeAt(i) === b.charCodeAt(i)) i++;
    if (i === a.length || i === b.length) return a.length - b.length;
    return a.codePointAt(i) - b.codePointAt(i);
  }

  function bothText(a, b) {
    return typeof a === "string" && typeof b === "string";
  }

  // Orderings: two strings compare as strings, anything else as numbers.
  function lessThan(a, b) {
    return bothText(a, b) ? textOrder(a, b) < 0 : toNumber(a) < toNumber(b);
  }

  function lessEq(a, b) {
    return bothText(a, b) ? textOrder(a, b) <= 0 : toNumber(a) <= toNumber(b);
  }

  function greaterThan(a, b) {
    return bothText(a, b) ? textOrder(a, b) > 0 : toNumber(a) > toNumber(b);
  }

  function greaterEq(a, b) {
    return bothText(a, b) ? textOrder(a, b) >= 0 : toNumber(a) >= toNumber(b);
  }

  // --- values: arithmetic ------------------------------------------------------------

  function add(values) {
    var total = 0;
    for (var i = 0; i < values.length; i++) {
      var value = values[i];
      total += typeof value === "number" ? value : toNumber(value);
    }
    return total;
  }

  function multiply(values) {
    var product = 1;
    for (var i = 0; i < values.length; i++) {
      var value = values[i];
      product *= typeof value === "number" ? value : toNumber(value);
    }
    return product;
  }

  function subtract(values) {
    if (!values.length) throw fail(INVALID, "`-` needs at least one argument");
    var result = toNumber(values[0]);
    if (values.length === 1) return -result;
    for (var i = 1; i < values.length; i++) result -= toNumber(values[i]);
    return result;
  }

  function divide2(a, b) {
    if (b === 0) throw fail(NAN, "division by zero");
    return a / b;
  }

  function divide(values) {
    if (!values.length) throw fail(INVALID, "`/` needs at least one argument");
    if (values.length === 1) return divide2(1, toNumber(values[0]));
    var result = toNumber(values[0]);
    for (var i = 1; i < values.length; i++) result = divide2(result, toNumber(values[i]));
    return result;
  }

  /** JS remainder (the sign of the dividend), but a zero divisor is an error, not NaN. */
  function modulo2(a, b) {
    if (b === 0) throw fail(NAN, "modulo by zero");
    return a % b;
  }

  function modulo(values) {
    if (values.length < 2) throw fail(INVALID, "`%` needs at least two arguments");
    var result = toNumber(values[0]);
    for (var i = 1; i < values.length; i++) result = modulo2(result, toNumber(values[i]));
    return result;
  }

  /** `min` / `max`: every value converted first; null for no values. */
  function extreme(values, better) {
    if (!values.length) return null;
    var numbers = values.map(toNumber);
    var best = numbers[0];
    for (var i = 1; i < numbers.length; i++) if (better(numbers[i], best)) best = numbers[i];
    return best;
  }

  // --- values: strings and arrays ----------------------------------------------------

  /** `substr`: negative start counts from the end, negative length stops before the end. */
  function substr(values) {
    var text = values.length ? jsStr(values[0]) : "";
    var chars = SURROGATE.test(text) ? Array.from(text) : text; // an emoji is one character
    var start = values.length > 1 ? Math.trunc(toNumber(values[1])) : 0;
    if (start < 0) start = Math.max(chars.length + start, 0);
    if (values.length < 3 || values[2] === null) return joinChars(chars.slice(start));
    var length = Math.trunc(toNumber(values[2]));
    var end = length < 0 ? chars.length + length : start + length;
    return joinChars(chars.slice(start, end));
  }

  function joinChars(chars) {
    return typeof chars === "string" ? chars : chars.join("");
  }

  /** `in`: substring test for a string, member test (strict equality) for an array. */
  function contains(values) {
    var needle = values.length ? values[0] : null;
    var haystack = values.length > 1 ? values[1] : null;
    if (typeof haystack === "string") return haystack.indexOf(jsStr(needle)) !== -1;
    if (isArray(haystack)) {
      return haystack.some(function (item) {
        return strictEq(needle, item);
      });
    }
    return false;
  }

  function merge(values) {
    var merged = [];
    values.forEach(function (value) {
      if (isArray(value)) merged.push.apply(merged, value);
      else merged.push(value);
    });
    return merged;
  }

  /** A frozen deep copy: a literal of the rule, safe to return again and again. */
  function frozenCopy(value) {
    if (isArray(value)) return Object.freeze(value.map(frozenCopy));
    if (!isObject(value)) return value;
    var copy = {};
    Object.keys(value).forEach(function (key) {
      // defineProperty, because assigning to "__proto__" would set the prototype instead
      Object.defineProperty(copy, key, {
        value: frozenCopy(value[key]), enumerable: true, writable: true, configurable: true,
      });
    });
    return Object.freeze(copy);
  }

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
    return function (data) {
      if (isObject(data)) return hasOwn.call(data, name) ? data[name] : null;
      var found = resolve(data, keys);
      return found === MISSING ? null : found;
    };
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

  // --- arithmetic and comparison -----------------------------------------------------

  /** Variadic arithmetic, with a fast path for exactly two arguments. */
  function arithmetic(fold, pair) {
    return function (args) {
      if (!isArray(args) || args.length !== 2) return onValues(fold)(args);
      var left = compileNode(args[0]);
      var right = compileNode(args[1]);
      return function (data, scope) {
        var a = left(data, scope);
        var b = right(data, scope);
        if (typeof a === "number" && typeof b === "number") return pair(a, b);
        return pair(toNumber(a), toNumber(b));
      };
    };
  }

  // The plain operator for two numbers (or two strings, for equality): what the
  // comparison of a value with a literal of the same type comes down to.
  var PLAIN_TESTS = {
    "==": function (a, b) { return a === b; },
    "===": function (a, b) { return a === b; },
    "!=": function (a, b) { return a !== b; },
    "!==": function (a, b) { return a !== b; },
    "<": function (a, b) { return a < b; },
    "<=": function (a, b) { return a <= b; },
    ">": function (a, b) { return a > b; },
    ">=": function (a, b) { return a >= b; },
  };
  var EQUALITIES = { "==": true, "===": true, "!=": true, "!==": true };

  /** A comparison; `full` has its complete coercion rules. Three or more values chain. */
  function comparison(name, full) {
    return function (args) {
      var invalid = needsList(args, 2, name);
      if (invalid) return invalid;
      var nodes = args.map(compileNode);
      if (nodes.length > 2 || !isScalar(args[1])) return compareChain(nodes, full);
      return compareLiteral(name, args[0], nodes[0], args[1], full);
    };
  }

  /** {"<": [a, b, c]}: a < b and b < c, evaluating c only if a < b. */
  function compareChain(nodes, full) {
    return function (data, scope) {
      var previous = nodes[0](data, scope);
      for (var i = 1; i < nodes.length; i++) {
        var current = nodes[i](data, scope);
        if (!full(previous, current)) return false;
        previous = current;
      }
      return true;
    };
  }

  /**
   * Against a literal, the most common node: a value of the literal's type (a number; a
   * string, for equality) takes the plain operator, anything else the full rules. Strict
   * equality with null or a boolean is identity. A plain `var` on the left is read inline.
   */
  function compareLiteral(name, leftLogic, left, literal, full) {
    var strict = name === "===" || name === "!==";
    var plain = PLAIN_TESTS[name];
    var fastType = typeof literal;
    if (strict && (literal === null || fastType === "boolean")) {
      fastType = "any";
      full = plain;
    } else if (fastType !== "number" && !(fastType === "string" && EQUALITIES[name])) {
      fastType = "none"; // string orderings go by code point, in `full`
    }
    var read = readerOf(leftLogic, left);
    return function (data, scope) {
      var a = read(data, scope);
      return typeof a === fastType ? plain(a, literal) : full(a, literal);
    };
  }

  /** The node of `logic`, or a direct property read where it is a plain `var`. */
  function readerOf(logic, node) {
    var key = plainKey(logic);
    if (!key) return node;
    return function (data, scope) {
      if (data !== null && typeof data === "object" && !isArray(data)) {
        return hasOwn.call(data, key) ? data[key] : null;
      }
      return node(data, scope);
    };
  }

  // --- logic: if, and, or, !, !!, ??, in ---------------------------------------------

  /** `if` / `?:`: condition, value pairs, then an optional value for "else". */
  function buildIf(args) {
    var invalid = needsList(args, 0, "if");
    if (invalid) return invalid;
    if (args.length < 2) return args.length ? compileNode(args[0]) : constant(null);
    var table = switchOf(args);
    if (table) return table;
    var tests = [];
    var values = [];
    for (var i = 0; i + 1 < args.length; i += 2) {
      tests.push(compileNode(args[i]));
      values.push(compileNode(args[i + 1]));
    }
    var otherwise = args.length % 2 ? compileNode(args[args.length - 1]) : constant(null);
    return function (data, scope) {
      for (var j = 0; j < tests.length; j++) {
        if (truthy(tests[j](data, scope))) return values[j](data, scope);
      }
      return otherwise(data, scope);
    };
  }

  /**
   * {"if": [{"===": [{"var": k}, "a"]}, 1, {"===": [{"var": k}, "b"]}, 2, 0]}, the shape
   * of a score, as one table lookup; null where `args` has another shape.
   */
  function switchOf(args) {
    var key = null;
    var table = new Map();
    for (var i = 0; i + 1 < args.length; i += 2) {
      var test = isObject(args[i]) && Object.keys(args[i]).length === 1 ? args[i]["==="] : null;
      if (!isArray(test) || test.length !== 2 || typeof test[1] !== "string") return null;
      var thisKey = plainKey(test[0]);
      if (!thisKey || (key !== null && thisKey !== key) || !isScalar(args[i + 1])) return null;
      key = thisKey;
      if (!table.has(test[1])) table.set(test[1], args[i + 1]); // the first case wins
    }
    var otherwise = args.length % 2 ? args[args.length - 1] : null;
    if (!isScalar(otherwise)) return null;
    var read = readerOf(args[0]["==="][0], compileNode(args[0]["==="][0]));
    return function (data, scope) {
      var value = read(data, scope);
      if (typeof value !== "string") return otherwise;
      var found = table.get(value); // one lookup, not has() then get(): values are never undefined
      return found === undefined ? otherwise : found;
    };
  }

  /**
   * `and` gives the first falsy value, `or` the first truthy one (`stopWhen` says which),
   * else the last value; false for no arguments.
   */
  function junction(name, stopWhen) {
    return function (args) {
      var invalid = needsList(args, 0, name);
      if (invalid) return invalid;
      if (!args.length) return constant(false);
      var nodes = args.map(compileNode);
      return function (data, scope) {
        var value;
        for (var i = 0; i < nodes.length; i++) {
          value = nodes[i](data, scope);
          if (truthy(value) === stopWhen) return value;
        }
        return value;
      };
    };
  }

  /** `!` and `!!` of the first argument (none: undefined, which is falsy). */
  function truth(negate) {
    return function (args) {
      if (isArray(args) && args.length === 1) {
        var node = compileNode(args[0]);
        return function (data, scope) {
          return truthy(node(data, scope)) !== negate;
        };
      }
      var values = spread(args);
      return function (data, scope) {
        var given = values(data, scope);
        return given.length ? truthy(given[0]) !== negate : negate;
      };
    };
  }

  /** `??`: the first argument that is not null, evaluating no further. */
  function buildCoalesce(args) {
    var values = isArray(args) ? args.map(compileNode) : null;
    if (!values) {
      var spreadValues = spread(args);
      return function (data, scope) {
        return firstNonNull(spreadValues(data, scope));
      };
    }
    return function (data, scope) {
      for (var i = 0; i < values.length; i++) {
        var value = values[i](data, scope);
        if (value !== null) return value;
      }
      return null;
    };
  }

  function firstNonNull(values) {
    for (var i = 0; i < values.length; i++) if (values[i] !== null) return values[i];
    return null;
  }

  /** `in`; against a literal array of strings, a set lookup. */
  function buildIn(args) {
    var words = isArray(args) && args.length === 2 && isArray(args[1]) ? args[1] : null;
    if (words && words.every(function (word) { return typeof word === "string"; })) {
      var set = new Set(words);
      var read = readerOf(args[0], compileNode(args[0]));
      return function (data, scope) {
        var value = read(data, scope);
        return typeof value === "string" && set.has(value);
      };
    }
    var values = spread(args);
    return function (data, scope) {
      return contains(values(data, scope));
    };
  }

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

  // --- errors: throw and try ---------------------------------------------------------

  function buildThrow(args) {
    var values = spread(args);
    return function (data, scope) {
      var given = values(data, scope);
      throw thrown(given.length ? given[0] : null);
    };
  }

  /** Only evaluation errors are caught; anything else (a bug, a stack overflow) goes on. */
  function caught(error) {
    if (error instanceof JsonLogicError) return error;
    throw error;
  }

  /**
   * `try`: the first argument that evaluates without error. A fallback sees the error
   * ({type: ...}) as its data, two scope levels below the data of the `try`.
   */
  function buildTry(args) {
    var nodes = isArray(args) ? args.map(compileNode) : [compileNode(args)];
    if (!nodes.length) return constant(null);
    return function (data, scope) {
      var last;
      try {
        return nodes[0](data, scope);
      } catch (error) {
        last = caught(error);
      }
      for (var i = 1; i < nodes.length; i++) {
        var context = last.error;
        try {
          return nodes[i](context, { data: context, up: { data: data, up: scope } });
        } catch (error) {
          last = caught(error);
        }
      }
      throw last;
    };
  }

  // --- the operator table and the public face ----------------------------------------

  Object.assign(BUILDERS, {
    "==": comparison("==", looseEq),
    "!=": comparison("!=", looseNe),
    "===": comparison("===", strictEq),
    "!==": comparison("!==", strictNe),
    "<": comparison("<", lessThan),
    "<=": comparison("<=", lessEq),
    ">": comparison(">", greaterThan),
    ">=": comparison(">=", greaterEq),
    "+": arithmetic(add, function (a, b) { return a + b; }),
    "*": arithmetic(multiply, function (a, b) { return a * b; }),
    "-": arithmetic(subtract, function (a, b) { return a - b; }),
    "/": arithmetic(divide, divide2),
    "%": arithmetic(modulo, modulo2),
    min: onValues(function (values) { return extreme(values, function (a, b) { return a < b; }); }),
    max: onValues(function (values) { return extreme(values, function (a, b) { return a > b; }); }),
    if: buildIf,
    "?:": buildIf,
    and: junction("and", false),
    or: junction("or", true),
    "!": truth(true),
    "!!": truth(false),
    "??": buildCoalesce,
    in: buildIn,
    cat: onValues(function (values) { return values.map(jsStr).join(""); }),
    substr: onValues(substr),
    merge: onValues(merge),
    var: buildVar,
    val: buildVal,
    exists: buildExists,
    missing: reading(missingKeys),
    missing_some: reading(missingSome),
    map: iterator("map", true, mapItems),
    filter: iterator("filter", true, filterItems),
    reduce: buildReduce,
    all: iterator("all", false, allItems),
    some: iterator("some", false, someItems),
    none: iterator("none", false, noItems),
    try: buildTry,
    throw: buildThrow,
    preserve: constant,
  });

  /** Compile `logic` once; the result evaluates it against any data, like `apply`. */
  function compile(logic) {
    var node = compileNode(logic);
    return function (data) {
      return node(data === undefined ? null : data, null);
    };
  }

  /** Evaluate `logic` against `data` once. */
  function apply(logic, data) {
    return compile(logic)(data);
  }

  var api = {
    apply: apply,
    compile: compile,
    OPERATORS: Object.freeze(Object.keys(BUILDERS)), // every operator name, in table order
    JsonLogicError: JsonLogicError,
    truthy: truthy, // how a condition's value counts as holding, for engine.js
  };
  root.SiteBuilderJsonLogic = api;
  if (typeof module === "object" && module.exports) module.exports = api;
})(typeof globalThis !== "undefined" ? globalThis : this);
