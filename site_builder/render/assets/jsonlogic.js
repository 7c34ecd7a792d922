/*
 * The JSON Logic evaluator of the site's self-assessment, in plain JavaScript.
 *
 * It must give the same answers as the Python evaluator (site_builder/engine/jsonlogic/),
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
 * Classic scripts (ES modules do not load from file:// pages), split by job, each loaded
 * before the ones that use it: jsonlogic-values.js (errors, coercion, equality, arithmetic),
 * jsonlogic-compile.js (the operator table and the compiler's core), jsonlogic-data.js
 * (var, val, exists, missing and scopes), jsonlogic-iterate.js (map, filter, reduce, all,
 * some, none), then this file: the other operators, the table and the public face. The
 * parts share their functions through the global `SiteBuilderJsonLogicParts`; this file
 * defines `SiteBuilderJsonLogic` on the global object. Under Node each is a CommonJS module,
 * and requiring this file requires the parts.
 */
(function (root) {
  "use strict";

  var inNode = typeof module === "object" && module.exports;
  var parts = inNode ? null : root.SiteBuilderJsonLogicParts || {};
  var valuesPart = inNode ? require("./jsonlogic-values.js") : parts.values;
  var compilePart = inNode ? require("./jsonlogic-compile.js") : parts.compile;
  var dataPart = inNode ? require("./jsonlogic-data.js") : parts.data;
  var iteratePart = inNode ? require("./jsonlogic-iterate.js") : parts.iterate;
  if (!valuesPart || !compilePart || !dataPart || !iteratePart) {
    throw new Error("jsonlogic.js needs jsonlogic-values.js, " +
      "jsonlogic-compile.js, jsonlogic-data.js and jsonlogic-iterate.js, loaded before it");
  }

  var isArray = Array.isArray;
  var JsonLogicError = valuesPart.JsonLogicError;
  var thrown = valuesPart.thrown;
  var caught = valuesPart.caught;
  var isObject = valuesPart.isObject;
  var isScalar = valuesPart.isScalar;
  var truthy = valuesPart.truthy;
  var toNumber = valuesPart.toNumber;
  var jsStr = valuesPart.jsStr;
  var extreme = valuesPart.extreme;
  var contains = valuesPart.contains;
  var BUILDERS = compilePart.BUILDERS;
  var compileNode = compilePart.compileNode;
  var constant = compilePart.constant;
  var spread = compilePart.spread;
  var onValues = compilePart.onValues;
  var needsList = compilePart.needsList;
  var plainKey = dataPart.plainKey;
  var readerOf = dataPart.readerOf;

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

  // Against a literal of a value's own type (a number; a string, for equality), a
  // comparison comes down to its plain JS operator. A closure of its own for each operator,
  // not a call through a table, runs that operator inline: most of a rule's nodes are these.
  var LITERAL_TESTS = {
    "==": equalTo,
    "===": equalTo,
    "!=": notEqualTo,
    "!==": notEqualTo,
    "<": function (read, literal, fastType, full) {
      return function (data, scope) {
        var a = read(data, scope);
        return typeof a === fastType ? a < literal : full(a, literal);
      };
    },
    "<=": function (read, literal, fastType, full) {
      return function (data, scope) {
        var a = read(data, scope);
        return typeof a === fastType ? a <= literal : full(a, literal);
      };
    },
    ">": function (read, literal, fastType, full) {
      return function (data, scope) {
        var a = read(data, scope);
        return typeof a === fastType ? a > literal : full(a, literal);
      };
    },
    ">=": function (read, literal, fastType, full) {
      return function (data, scope) {
        var a = read(data, scope);
        return typeof a === fastType ? a >= literal : full(a, literal);
      };
    },
  };
  var EQUALITIES = { "==": true, "===": true, "!=": true, "!==": true };

  function equalTo(read, literal, fastType, full) {
    return function (data, scope) {
      var a = read(data, scope);
      return typeof a === fastType ? a === literal : full(a, literal);
    };
  }

  function notEqualTo(read, literal, fastType, full) {
    return function (data, scope) {
      var a = read(data, scope);
      return typeof a === fastType ? a !== literal : full(a, literal);
    };
  }

  /** Strict equality (`negate`: inequality) with null or a boolean: identity. */
  function identity(read, literal, negate) {
    return function (data, scope) {
      return (read(data, scope) === literal) !== negate;
    };
  }

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
    var read = readerOf(leftLogic, left);
    var fastType = typeof literal;
    if ((name === "===" || name === "!==") && (literal === null || fastType === "boolean")) {
      return identity(read, literal, name === "!==");
    }
    if (fastType !== "number" && !(fastType === "string" && EQUALITIES[name])) {
      fastType = "none"; // string orderings go by code point, in `full`
    }
    return LITERAL_TESTS[name](read, literal, fastType, full);
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

  // --- errors: throw and try ---------------------------------------------------------

  function buildThrow(args) {
    var values = spread(args);
    return function (data, scope) {
      var given = values(data, scope);
      throw thrown(given.length ? given[0] : null);
    };
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
    "==": comparison("==", valuesPart.looseEq),
    "!=": comparison("!=", valuesPart.looseNe),
    "===": comparison("===", valuesPart.strictEq),
    "!==": comparison("!==", valuesPart.strictNe),
    "<": comparison("<", valuesPart.lessThan),
    "<=": comparison("<=", valuesPart.lessEq),
    ">": comparison(">", valuesPart.greaterThan),
    ">=": comparison(">=", valuesPart.greaterEq),
    "+": arithmetic(valuesPart.add, function (a, b) { return a + b; }),
    "*": arithmetic(valuesPart.multiply, function (a, b) { return a * b; }),
    "-": arithmetic(valuesPart.subtract, function (a, b) { return a - b; }),
    "/": arithmetic(valuesPart.divide, valuesPart.divide2),
    "%": arithmetic(valuesPart.modulo, valuesPart.modulo2),
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
    substr: onValues(valuesPart.substr),
    merge: onValues(valuesPart.merge),
    var: dataPart.buildVar,
    val: dataPart.buildVal,
    exists: dataPart.buildExists,
    missing: dataPart.reading(dataPart.missingKeys),
    missing_some: dataPart.reading(dataPart.missingSome),
    map: iteratePart.iterator("map", true, iteratePart.mapItems),
    filter: iteratePart.iterator("filter", true, iteratePart.filterItems),
    reduce: iteratePart.buildReduce,
    all: iteratePart.iterator("all", false, iteratePart.allItems),
    some: iteratePart.iterator("some", false, iteratePart.someItems),
    none: iteratePart.iterator("none", false, iteratePart.noItems),
    try: buildTry,
    throw: buildThrow,
    preserve: constant,
  });

  /**
   * Compile `logic` once; the result evaluates it against any data, like `apply`. With a
   * `frame` (from createFrame), plain `var`s of its keys read the frame's values while
   * its data is the data given.
   */
  function compile(logic, frame) {
    var node = frame ? dataPart.compileInFrame(frame, function () { return compileNode(logic); })
      : compileNode(logic);
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
    createFrame: dataPart.createFrame,
    OPERATORS: Object.freeze(Object.keys(BUILDERS)), // every operator name, in table order
    JsonLogicError: JsonLogicError,
    truthy: truthy, // how a condition's value counts as holding, for engine.js
  };
  root.SiteBuilderJsonLogic = api;
  if (typeof module === "object" && module.exports) module.exports = api;
})(typeof globalThis !== "undefined" ? globalThis : this);
