/** Problems with a resource's inputs, by property path in the user's terms. */
import { z } from "zod";
import { didYouMean } from "./text";

export interface Problem {
  /** Property path in the user's terms, e.g. `options[1].key` or `noInput.retries`. */
  property: string;
  reason: string;
}

export type Path = ReadonlyArray<string | number>;

/**
 * A key that would read as something else in a dotted path (empty, surrounding spaces, `.`, `[`,
 * `]` or `"`) is written quoted: `["options "]`.
 */
const PLAIN_KEY = /^(?=\S)[^.[\]"]*(?<=\S)$/;

/** `["options", 1, "key"]` -> `options[1].key`. */
export function formatPath(path: Path): string {
  let out = "";
  for (const part of path) {
    if (typeof part === "number") out += `[${part}]`;
    else if (!PLAIN_KEY.test(part)) out += `[${JSON.stringify(part)}]`;
    else out += out ? `.${part}` : part;
  }
  return out;
}

/** `options[1].key` -> `["options", 1, "key"]` (the inverse of formatPath). */
export function parsePath(property: string): Array<string | number> {
  const out: Array<string | number> = [];
  for (const m of property.matchAll(/\[("(?:[^"\\]|\\.)*")\]|\[(\d+)\]|([^.[\]]+)/g)) {
    if (m[1] !== undefined) out.push(JSON.parse(m[1]) as string);
    else if (m[2] !== undefined) out.push(Number(m[2]));
    else out.push(m[3]!);
  }
  return out;
}

/** `a: reason; b: reason`, for one-line messages. */
export function describeProblems(problems: readonly Problem[]): string {
  return problems.map((p) => (p.property ? `${p.property}: ${p.reason}` : p.reason)).join("; ");
}

/**
 * zod's issues as problems: one per issue, an unknown property named with the nearest known one.
 * Never zod's own JSON rendering of the issues.
 */
export function problemsFromZod(
  error: z.ZodError,
  opts: { prefix?: Path; knownProperties?: readonly string[] } = {},
): Problem[] {
  const prefix = opts.prefix ?? [];
  const problems: Problem[] = [];
  for (const issue of error.issues) {
    if (issue.code === z.ZodIssueCode.unrecognized_keys) {
      for (const key of issue.keys) {
        const near = didYouMean(key, opts.knownProperties ?? [], 2);
        problems.push({
          property: formatPath([...prefix, ...issue.path, key]),
          reason: `unknown property '${key}'${near ? ` (did you mean '${near}'?)` : ""}`,
        });
      }
      continue;
    }
    problems.push({ property: formatPath([...prefix, ...issue.path]), reason: issue.message });
  }
  return problems;
}
