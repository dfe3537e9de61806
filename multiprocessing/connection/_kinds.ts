// The classes whose instances are Connections besides the Pipe ends (the
// socket connections of Listener and Client), for `instanceof Connection`.

// deno-lint-ignore ban-types
export const connectionClasses: Function[] = [];
