// Running a request handler's life: setup -> handle -> finish.

/** What a server needs of a request handler object. */
export interface HandlerLike {
  setup?(): unknown;
  handle?(): unknown;
  finish?(): unknown;
}

/**
 * Python runs setup(), handle() and finish() inside the handler's
 * constructor; a JavaScript constructor can neither await nor call a
 * subclass's methods before the subclass's fields exist, so the server
 * runs them here, right after constructing the handler. finish() runs even
 * when handle() throws.
 */
export async function runHandler(h: HandlerLike): Promise<void> {
  await h.setup?.();
  try {
    await h.handle?.();
  } finally {
    await h.finish?.();
  }
}
