import { describe, test } from "node:test";
import assert from "node:assert/strict";
import {
  type BaseException,
  Exception,
  KeyError,
  OSError,
  ValueError,
} from "../../builtins/mod.ts";
import { b } from "../../builtins/mod.ts";

// Each expected string is what CPython 3.11 prints for str() of the same
// exception.
describe("str() of exceptions is Python's", () => {
  const cases: [string, BaseException, string][] = [
    ["Exception()", new Exception(), ""],
    ["Exception(1, 2)", new Exception(1, 2), "(1, 2)"],
    [
      "Exception('a', None, True, b'x', 1.5)",
      new Exception("a", null, true, b("x"), 1.5),
      "('a', None, True, b'x', 1.5)",
    ],
    ["Exception(None)", new Exception(null), "None"],
    ["Exception([1, 'a'])", new Exception([1, "a"]), "[1, 'a']"],
    ['ValueError("it\'s")', new ValueError("it's"), "it's"],
    ["KeyError('missing-key')", new KeyError("missing-key"), "'missing-key'"],
    ["KeyError(1)", new KeyError(1), "1"],
    ['KeyError("it\'s")', new KeyError("it's"), `"it's"`],
    ["KeyError('a', 'b')", new KeyError("a", "b"), "('a', 'b')"],
    [
      "OSError(1, 2, 3, 4, 5, 6)",
      new OSError(1, 2, 3, 4, 5, 6),
      "(1, 2, 3, 4, 5, 6)",
    ],
  ];
  for (const [python, e, str] of cases) {
    test(`str(${python}) is ${JSON.stringify(str)}`, () => {
      assert.equal(e.message, str);
    });
  }
});
