/**
 * Per-stack values: `${recordings.welcome}` placeholders in definition strings, filled from a
 * values object (the program reads it from stack config) over the defaults written under
 * `values:` in definition files.
 */
import { didYouMean } from "../core/text";

export type Values = { [key: string]: unknown };

/** `${a.b.c}`, path segments of letters, digits, `_` and `-`; `$${` writes a literal `${`. */
const TOKEN = /\$\$\{|\$\{([^}]*)\}|\$\{/g;
const VALUE_PATH = /^[A-Za-z0-9_-]+(?:\.[A-Za-z0-9_-]+)*$/;

export interface Substitution {
  /** The value (a whole-string placeholder keeps its type: `${timeouts.ring}` may give 30). */
  value: unknown;
  /** Placeholder paths used, for the unused-values warning. */
  used: string[];
  /** Reasons, when a placeholder is malformed or has no value. */
  problems: string[];
}

/**
 * `target[key] = value` as an own property, whatever the key: a plain assignment of `__proto__`
 * would replace the object's prototype instead (and smuggle the value's properties past the
 * unknown-key checks, which look at own keys only).
 */
export function setOwn(target: Values, key: string, value: unknown): void {
  Object.defineProperty(target, key, { value, writable: true, enumerable: true, configurable: true });
}

export function isPlainObject(v: unknown): v is Values {
  return typeof v === "object" && v !== null && !Array.isArray(v);
}

/** True when objects and arrays in `value` nest more than `limit` levels deep (iterative: any depth is safe). */
export function nestedDeeperThan(value: unknown, limit: number): boolean {
  const stack: Array<{ node: unknown; depth: number }> = [{ node: value, depth: 0 }];
  while (stack.length) {
    const { node, depth } = stack.pop()!;
    if (typeof node !== "object" || node === null) continue;
    if (depth >= limit) return true;
    for (const child of Object.values(node)) stack.push({ node: child, depth: depth + 1 });
  }
  return false;
}

/** Looks up `a.b.c`; undefined when any step is missing. */
export function lookupValue(values: Values, path: string): unknown {
  let node: unknown = values;
  for (const segment of path.split(".")) {
    if (Array.isArray(node) && /^\d+$/.test(segment)) node = node[Number(segment)];
    else if (isPlainObject(node) && Object.prototype.hasOwnProperty.call(node, segment)) node = node[segment];
    else return undefined;
  }
  return node;
}

/** Every leaf path of a values object, e.g. `recordings.welcome`. */
export function leafPaths(values: unknown, prefix = ""): string[] {
  if (isPlainObject(values)) {
    return Object.entries(values).flatMap(([k, v]) => leafPaths(v, prefix ? `${prefix}.${k}` : k));
  }
  if (Array.isArray(values)) return values.flatMap((v, i) => leafPaths(v, `${prefix}.${i}`));
  return prefix ? [prefix] : [];
}

/**
 * Deep merge: objects merge key by key, anything else in `over` replaces what is in `base`.
 * `null` in `over` removes a default.
 */
export function mergeValues(base: Values, over: Values): Values {
  const out: Values = { ...base };
  for (const [k, v] of Object.entries(over)) {
    if (v === null) delete out[k];
    else if (isPlainObject(v) && isPlainObject(out[k])) setOwn(out, k, mergeValues(out[k] as Values, v));
    else setOwn(out, k, v);
  }
  return out;
}

export function hasPlaceholder(text: string): boolean {
  return text.includes("${");
}

/** Fills the placeholders of one string. */
export function substitute(text: string, values: Values, describeMissing: (path: string) => string): Substitution {
  const used: string[] = [];
  const problems: string[] = [];
  const whole = /^\$\{([^}]*)\}$/.exec(text);
  if (whole) {
    const path = whole[1]!.trim();
    const value = resolveOne(path, values, describeMissing, problems, used, true);
    return { value, used, problems };
  }
  const out = text.replace(TOKEN, (match, inner: string | undefined) => {
    if (match === "$${") return "${";
    if (inner === undefined) {
      problems.push(`'${text}' has a '\${' with no closing '}' (write $\${ for a literal \${)`);
      return match;
    }
    const value = resolveOne(inner.trim(), values, describeMissing, problems, used, false);
    return value === undefined ? match : String(value);
  });
  return { value: out, used, problems };
}

function resolveOne(
  path: string,
  values: Values,
  describeMissing: (path: string) => string,
  problems: string[],
  used: string[],
  whole: boolean,
): unknown {
  if (!VALUE_PATH.test(path)) {
    problems.push(`'\${${path}}' is not a value name: use dotted names of letters, digits, _ and -, like \${recordings.welcome}`);
    return undefined;
  }
  used.push(path);
  const value = lookupValue(values, path);
  if (value === undefined || value === null) {
    problems.push(describeMissing(path));
    return undefined;
  }
  if (typeof value === "object") {
    const leaves = leafPaths(value, path).slice(0, 3);
    problems.push(
      `'\${${path}}' is a group of values, not one value${leaves.length ? ` (did you mean \${${leaves[0]}}?)` : ""}`,
    );
    return undefined;
  }
  if (!whole && typeof value !== "string" && typeof value !== "number" && typeof value !== "boolean") {
    problems.push(`'\${${path}}' cannot be written into text`);
    return undefined;
  }
  return value;
}

/** The known value path nearest to `path`, for "did you mean" hints (longer paths allow more edits). */
export function nearestPath(path: string, known: readonly string[]): string | undefined {
  return didYouMean(path, known, Math.max(2, Math.floor(path.length / 5)));
}
