// Python's multiprocessing.connection authentication: the HMAC challenge
// both ends of a Listener/Client connection run when they share an
// authkey. The server's challenge names its digest (`{sha256}`, Python
// 3.12+); a Python 3.11 (legacy) end answers with a bare HMAC-MD5, which is
// accepted, and a legacy 20-byte challenge is answered the legacy way.
// Digests are compared in constant time.

import { createHmac, randomBytes, timingSafeEqual } from "node:crypto";
import { ValueError } from "../../builtins/exceptions.ts";
import { bytearray } from "../../builtins/bytearray.ts";
import { bind } from "../../_shared/args.ts";
import { pyTypeName } from "../../_shared/type_name.ts";
import { AuthenticationError } from "../errors.ts";
import type { Connection } from "./connection.ts";

const CHALLENGE = new TextEncoder().encode("#CHALLENGE#");
const WELCOME = new TextEncoder().encode("#WELCOME#");
const FAILURE = new TextEncoder().encode("#FAILURE#");
/** Random bytes in a challenge (Python 3.12+). */
const MESSAGE_LENGTH = 40;
/** A legacy (Python 3.11) challenge's length, and an HMAC-MD5's. */
const LEGACY_LENGTHS = [20, 16];
const DIGESTS: Record<string, string> = {
  md5: "md5",
  sha256: "sha256",
  sha384: "sha384",
  sha3_256: "sha3-256",
  sha3_384: "sha3-384",
};
const MAX_DIGEST_NAME = 8;

function checkKey(authkey: unknown): Uint8Array {
  if (!(authkey instanceof Uint8Array) || authkey instanceof bytearray) {
    const t = authkey instanceof bytearray ? "bytearray" : pyTypeName(authkey);
    throw new ValueError(`Authkey must be bytes, not <class '${t}'>`);
  }
  return authkey;
}

function hmac(key: Uint8Array, msg: Uint8Array, digest: string): Uint8Array {
  return new Uint8Array(
    createHmac(DIGESTS[digest]!, key).update(msg).digest(),
  );
}

function startsWith(b: Uint8Array, prefix: Uint8Array): boolean {
  if (b.length < prefix.length) return false;
  for (let i = 0; i < prefix.length; i++) if (b[i] !== prefix[i]) return false;
  return true;
}

function equal(a: Uint8Array, b: Uint8Array): boolean {
  return a.length === b.length && startsWith(a, b);
}

function reprBytes(b: Uint8Array): string {
  let s = "b'";
  for (const c of b) {
    if (c === 0x27 || c === 0x5c) s += "\\" + String.fromCharCode(c);
    else if (c >= 0x20 && c < 0x7f) s += String.fromCharCode(c);
    else s += `\\x${c.toString(16).padStart(2, "0")}`;
  }
  return s + "'";
}

/** A message's digest name ("" for the legacy form) and its payload. */
function digestAndPayload(message: Uint8Array): [string, Uint8Array] {
  if (LEGACY_LENGTHS.includes(message.length)) return ["", message];
  if (message[0] === 0x7b) {
    const end = message.subarray(0, MAX_DIGEST_NAME + 2).indexOf(0x7d, 1);
    if (end > 0) {
      const name = new TextDecoder().decode(message.subarray(1, end));
      if (Object.hasOwn(DIGESTS, name)) {
        return [name, message.subarray(end + 1)];
      }
    }
  }
  throw new AuthenticationError(
    "unsupported message length, missing digest prefix, or unsupported " +
      `digest: message=${reprBytes(message)}`,
  );
}

/** The answer to a challenge `message`. */
function response(authkey: Uint8Array, message: Uint8Array): Uint8Array {
  const [name] = digestAndPayload(message);
  if (name === "") return hmac(authkey, message, "md5");
  const mac = hmac(authkey, message, name);
  const prefix = new TextEncoder().encode(`{${name}}`);
  const out = new Uint8Array(prefix.length + mac.length);
  out.set(prefix);
  out.set(mac, prefix.length);
  return out;
}

/** Checks an answer to our challenge `message`. */
function verify(
  authkey: Uint8Array,
  message: Uint8Array,
  answer: Uint8Array,
): void {
  const [name, mac] = digestAndPayload(answer);
  const digest = name === "" ? "md5" : name;
  const expected = hmac(authkey, message, digest);
  if (expected.length !== mac.length) {
    throw new AuthenticationError(
      `expected '${digest}' of length ${expected.length} got ${mac.length}`,
    );
  }
  if (!timingSafeEqual(expected, mac)) {
    throw new AuthenticationError("digest received was wrong");
  }
}

/**
 * Python's `multiprocessing.connection.deliver_challenge(connection,
 * authkey)`: the server's half of the authentication. Sends a random
 * challenge, checks the HMAC that comes back, and says welcome or failure.
 *
 * @example
 * ```ts
 * import {
 *   answer_challenge,
 *   deliver_challenge,
 *   Pipe,
 * } from "@pyport/std/multiprocessing/connection";
 * import { AuthenticationError } from "@pyport/std/multiprocessing";
 * import assert from "node:assert/strict";
 *
 * const [a, b] = Pipe();
 * const key = new TextEncoder().encode("secret");
 * await Promise.all([deliver_challenge(a, key), answer_challenge(b, key)]);
 * const wrong = new TextEncoder().encode("wrong");
 * const [r1, r2] = await Promise.allSettled([
 *   deliver_challenge(a, key),
 *   answer_challenge(b, wrong),
 * ]);
 * assert.ok((r1 as PromiseRejectedResult).reason instanceof AuthenticationError);
 * assert.ok((r2 as PromiseRejectedResult).reason instanceof AuthenticationError);
 * a.close();
 * b.close();
 * ```
 *
 * @param connection The connection.
 * @param authkey The shared secret (bytes).
 * @param digest_name The HMAC digest asked for (`"sha256"` by default).
 * @throws {ValueError} `authkey` is not bytes.
 * @throws {AuthenticationError} The other end does not know the key.
 */
export async function deliver_challenge(
  connection: Connection,
  authkey: Uint8Array,
  digest_name?: string | { digest_name?: string },
): Promise<void> {
  const [d] = bind("deliver_challenge", ["digest_name"], [digest_name]);
  digest_name = (d ?? "sha256") as string;
  const key = checkKey(authkey);
  if (!Object.hasOwn(DIGESTS, digest_name)) {
    throw new ValueError(`unsupported digest: ${digest_name}`);
  }
  const prefix = new TextEncoder().encode(`{${digest_name}}`);
  const message = new Uint8Array(prefix.length + MESSAGE_LENGTH);
  message.set(prefix);
  message.set(randomBytes(MESSAGE_LENGTH), prefix.length);
  const out = new Uint8Array(CHALLENGE.length + message.length);
  out.set(CHALLENGE);
  out.set(message, CHALLENGE.length);
  await connection.send_bytes(out);
  const answer = await connection.recv_bytes(256);
  try {
    verify(key, message, answer);
  } catch (e) {
    await connection.send_bytes(FAILURE);
    throw e;
  }
  await connection.send_bytes(WELCOME);
}

/**
 * Python's `multiprocessing.connection.answer_challenge(connection,
 * authkey)`: the client's half of the authentication. Answers the
 * challenge with an HMAC of it and waits to be welcomed.
 *
 * @example
 * ```ts
 * import {
 *   answer_challenge,
 *   deliver_challenge,
 *   Pipe,
 * } from "@pyport/std/multiprocessing/connection";
 * import assert from "node:assert/strict";
 *
 * const [a, b] = Pipe();
 * const key = new Uint8Array([1, 2, 3]);
 * await Promise.all([deliver_challenge(a, key), answer_challenge(b, key)]);
 * await a.send("authenticated");
 * assert.equal(await b.recv(), "authenticated");
 * a.close();
 * b.close();
 * ```
 *
 * @param connection The connection.
 * @param authkey The shared secret (bytes).
 * @throws {ValueError} `authkey` is not bytes.
 * @throws {AuthenticationError} The key was rejected, or the challenge is malformed.
 */
export async function answer_challenge(
  connection: Connection,
  authkey: Uint8Array,
): Promise<void> {
  const key = checkKey(authkey);
  const message = await connection.recv_bytes(256);
  if (!startsWith(message, CHALLENGE)) {
    throw new AuthenticationError(
      `Protocol error, expected challenge: message=${reprBytes(message)}`,
    );
  }
  const body = message.subarray(CHALLENGE.length);
  if (body.length < 20) {
    throw new AuthenticationError(
      `challenge too short: ${body.length} bytes`,
    );
  }
  await connection.send_bytes(response(key, body));
  const welcome = await connection.recv_bytes(256);
  if (!equal(welcome, WELCOME)) {
    throw new AuthenticationError("digest sent was rejected");
  }
}
