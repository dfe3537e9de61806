// Which names a function's source uses from its surroundings: the check
// that lets a function exported nowhere cross to a child as its source text
// only when that text stands on its own. A small scanner over the source,
// conservative in one direction: it may miss a free name (the child then
// raises ReferenceError), but never calls a name free that is declared in
// the function, a parameter, a property, a keyword or a global.

const KEYWORDS = new Set(
  ("break case catch class const continue debugger default delete do else " +
    "export extends finally for function if import in instanceof new return " +
    "super switch this throw try typeof var void while with yield let static " +
    "async await of get set true false null undefined arguments NaN Infinity " +
    "eval")
    .split(" "),
);

interface Token {
  t: string;
  id: boolean;
}

function isIdStart(c: string): boolean {
  return /[A-Za-z_$\u0080-\uffff]/.test(c);
}

/** Splits `src` into identifiers and punctuation, skipping literals. */
function scan(src: string): Token[] {
  const out: Token[] = [];
  const templates: number[] = []; // brace depth at each open `${`
  let depth = 0;
  let i = 0;
  const n = src.length;
  const skipTemplate = (): void => {
    // At a template's text: skip to its end or to a `${`.
    while (i < n) {
      const c = src[i]!;
      if (c === "\\") i += 2;
      else if (c === "`") {
        i++;
        out.push({ t: "`", id: false });
        return;
      } else if (c === "$" && src[i + 1] === "{") {
        i += 2;
        templates.push(depth);
        depth++;
        out.push({ t: "(", id: false });
        return;
      } else i++;
    }
  };
  while (i < n) {
    const c = src[i]!;
    if (/\s/.test(c)) {
      i++;
    } else if (c === "/" && src[i + 1] === "/") {
      while (i < n && src[i] !== "\n") i++;
    } else if (c === "/" && src[i + 1] === "*") {
      const end = src.indexOf("*/", i + 2);
      i = end < 0 ? n : end + 2;
    } else if (c === "'" || c === '"') {
      i++;
      while (i < n && src[i] !== c) i += src[i] === "\\" ? 2 : 1;
      i++;
      out.push({ t: "str", id: false });
    } else if (c === "`") {
      i++;
      skipTemplate();
    } else if (c === "/") {
      const prev = out[out.length - 1];
      const division = prev !== undefined &&
        (prev.id && !KEYWORDS.has(prev.t) ||
          /^[\])]$|^num$|^str$/.test(prev.t));
      if (division) {
        i++;
        out.push({ t: "/", id: false });
      } else {
        i++;
        let cls = false;
        while (i < n) {
          const d = src[i]!;
          if (d === "\\") i += 2;
          else if (d === "[") cls = true, i++;
          else if (d === "]") cls = false, i++;
          else if (d === "/" && !cls) break;
          else i++;
        }
        i++;
        while (i < n && /\w/.test(src[i]!)) i++;
        out.push({ t: "str", id: false });
      }
    } else if (isIdStart(c)) {
      let j = i + 1;
      while (j < n && /[\w$\u0080-\uffff]/.test(src[j]!)) j++;
      out.push({ t: src.slice(i, j), id: true });
      i = j;
    } else if (/[0-9]/.test(c)) {
      while (i < n && /[\w.]/.test(src[i]!)) i++;
      out.push({ t: "num", id: false });
    } else if (c === "=" && src[i + 1] === ">") {
      out.push({ t: "=>", id: false });
      i += 2;
    } else if (
      c === "?" && src[i + 1] === "." && !/[0-9]/.test(src[i + 2] ?? "")
    ) {
      out.push({ t: ".", id: false });
      i += 2;
    } else if (c === "." && src[i + 1] === "." && src[i + 2] === ".") {
      out.push({ t: "...", id: false });
      i += 3;
    } else {
      if (c === "{" || c === "(" || c === "[") depth++;
      if (c === "}" || c === ")" || c === "]") {
        depth--;
        if (c === "}" && templates.length > 0 && templates.at(-1) === depth) {
          templates.pop();
          out.push({ t: ")", id: false });
          i++;
          skipTemplate();
          continue;
        }
      }
      out.push({ t: c, id: false });
      i++;
    }
  }
  return out;
}

/** Index of the bracket matching the one at `at` (forwards or backwards). */
function match(tokens: Token[], at: number): number {
  const open = tokens[at]!.t;
  const pairs: Record<string, [string, number]> = {
    "(": [")", 1],
    "[": ["]", 1],
    "{": ["}", 1],
    ")": ["(", -1],
    "]": ["[", -1],
    "}": ["{", -1],
  };
  const [close, step] = pairs[open]!;
  let d = 0;
  for (let k = at; k >= 0 && k < tokens.length; k += step) {
    if (tokens[k]!.t === open) d++;
    else if (tokens[k]!.t === close && --d === 0) return k;
  }
  return -1;
}

/**
 * The names `source` (a function's text) reads from outside itself, other
 * than globals of this runtime.
 */
export function freeNames(source: string): string[] {
  const tokens = scan(source);
  const declared = new Set<string>();
  const addIds = (from: number, to: number): void => {
    for (let k = from; k <= to; k++) {
      if (tokens[k]!.id) declared.add(tokens[k]!.t);
    }
  };
  for (let k = 0; k < tokens.length; k++) {
    const tok = tokens[k]!;
    const next = tokens[k + 1];
    if (tok.t === "=>") {
      const prev = tokens[k - 1];
      if (prev?.t === ")") addIds(match(tokens, k - 1), k - 1);
      else if (prev?.id) declared.add(prev.t);
    } else if (tok.t === ")" && next?.t === "{") {
      // A parameter list (or a condition: declaring too much only misses).
      addIds(match(tokens, k), k);
    } else if (tok.id && /^(let|const|var)$/.test(tok.t)) {
      // Up to the initializer, the end of the statement or a for-in/of.
      let d = 0;
      for (let m = k + 1; m < tokens.length; m++) {
        const t = tokens[m]!.t;
        if (t === "{" || t === "[" || t === "(") d++;
        else if (t === "}" || t === "]" || t === ")") {
          if (--d < 0) break;
        } else if (
          d === 0 && (t === "=" || t === ";" || t === "in" || t === "of")
        ) {
          if (t === "=") {
            // `a = 1, b = 2`: later declarators after a comma at depth 0.
            let e = 0;
            for (let q = m + 1; q < tokens.length; q++) {
              const u = tokens[q]!.t;
              if (u === "{" || u === "[" || u === "(") e++;
              else if (u === "}" || u === "]" || u === ")") {
                if (--e < 0) break;
              } else if (e === 0 && u === ";") break;
              else if (e === 0 && u === "," && tokens[q + 1]?.id) {
                declared.add(tokens[q + 1]!.t);
              }
            }
          }
          break;
        }
        if (tokens[m]!.id) declared.add(t);
      }
    } else if (tok.id && (tok.t === "function" || tok.t === "class")) {
      if (next?.id) declared.add(next.t);
    } else if (tok.id && tok.t === "catch" && next?.t === "(") {
      addIds(k + 1, match(tokens, k + 1));
    }
  }
  const globals = globalThis as Record<string, unknown>;
  const free = new Set<string>();
  for (let k = 0; k < tokens.length; k++) {
    const tok = tokens[k]!;
    if (!tok.id || KEYWORDS.has(tok.t) || declared.has(tok.t)) continue;
    const prev = tokens[k - 1];
    const next = tokens[k + 1];
    if (prev?.t === "." || prev?.t === "typeof") continue; // property; typeof probe
    if (next?.t === ":" && (prev?.t === "{" || prev?.t === ",")) continue; // key
    if (next?.t === "(") {
      const close = match(tokens, k + 1);
      if (tokens[close + 1]?.t === "{") continue; // a method's name
    }
    if (tok.t in globals) continue;
    free.add(tok.t);
  }
  return [...free];
}
