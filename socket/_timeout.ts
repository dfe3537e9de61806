// Python's checks of a timeout argument.

import { ValueError } from "../builtins/exceptions.ts";
import { pyTypeName } from "./_address.ts";

/**
 * Checks a timeout argument as Python does: `null` (or `undefined`) means
 * blocking, a number must not be negative.
 *
 * @param value The timeout in seconds.
 * @returns The timeout, or `null`.
 */
export function checkTimeout(value: unknown): number | null {
  if (value === null || value === undefined) return null;
  if (typeof value !== "number") {
    throw new TypeError(
      `'${pyTypeName(value)}' object cannot be interpreted as an integer`,
    );
  }
  if (Number.isNaN(value)) {
    throw new ValueError("Invalid value NaN (not a number)");
  }
  if (value < 0) throw new ValueError("Timeout value out of range");
  return value;
}
