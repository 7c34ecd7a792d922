/*
 * The values of the JSON Logic evaluator (jsonlogic.js): its errors, truthiness, JS-like
 * conversion to numbers and strings, equality, ordering, arithmetic, and the operations on
 * strings and arrays, as plain functions of values that know nothing of rules.
 *
 * A part of SiteBuilderJsonLogic, loaded first: a classic script that adds `values` to the
 * global `SiteBuilderJsonLogicParts`, and a CommonJS module under Node.
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

  /** Only evaluation errors are caught; anything else (a bug, a stack overflow) goes on. */
  function caught(error) {
    if (error instanceof JsonLogicError) return error;
    throw error;
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
  // One way only to split the digits, so a long non-number fails fast (no backtracking).
  var NUMBER_TEXT = new RegExp(
    "^(?:[+-]?(?:[0-9]+(?:\\.[0-9]*)?|\\.[0-9]+)(?:[eE][+-]?[0-9]+)?" +
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

  var api = {
    NAN: NAN,
    INVALID: INVALID,
    UNKNOWN: UNKNOWN,
    JsonLogicError: JsonLogicError,
    fail: fail,
    thrown: thrown,
    caught: caught,
    isObject: isObject,
    isScalar: isScalar,
    truthy: truthy,
    toNumber: toNumber,
    jsStr: jsStr,
    looseEq: looseEq,
    looseNe: looseNe,
    strictEq: strictEq,
    strictNe: strictNe,
    lessThan: lessThan,
    lessEq: lessEq,
    greaterThan: greaterThan,
    greaterEq: greaterEq,
    add: add,
    multiply: multiply,
    subtract: subtract,
    divide: divide,
    divide2: divide2,
    modulo: modulo,
    modulo2: modulo2,
    extreme: extreme,
    substr: substr,
    contains: contains,
    merge: merge,
    frozenCopy: frozenCopy,
  };
  if (typeof module === "object" && module.exports) module.exports = api;
  else (root.SiteBuilderJsonLogicParts = root.SiteBuilderJsonLogicParts || {}).values = api;
})(typeof globalThis !== "undefined" ? globalThis : this);
