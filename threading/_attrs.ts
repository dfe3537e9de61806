// Setters for the module attributes Python programs assign, filled in by the
// files that declare them (an exported `let` can only be reassigned by its
// own module). setattr.ts is the public door.

/** name → setter of the live binding. */
export const attrSetters: Map<string, (value: unknown) => void> = new Map();
