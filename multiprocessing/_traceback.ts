// An exception as Python prints it: "Traceback (most recent call last):",
// the frames oldest first, then "Name: message".

/** Python-style text for an exception that escaped a process's run(). */
export function formatException(e: unknown): string {
  if (!(e instanceof Error)) {
    return `Traceback (most recent call last):\nException: ${String(e)}`;
  }
  const frames: string[] = [];
  for (const line of (e.stack ?? "").split("\n").slice(1)) {
    const m = /^\s*at (?:async )?(?:(.*?) \()?(.*?):(\d+):\d+\)?$/.exec(line);
    if (m === null) continue;
    if (/^(node|ext):/.test(m[2]!)) continue;
    frames.push(`  File "${m[2]}", line ${m[3]}, in ${m[1] ?? "<module>"}`);
  }
  frames.reverse();
  const head = e.message === "" ? e.name : `${e.name}: ${e.message}`;
  return ["Traceback (most recent call last):", ...frames, head].join("\n");
}
