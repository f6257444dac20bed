/**
 * Problems found in definition files. Each names the file, the line and column where the YAML
 * allows it, and the property path from the document root (`ivrs.support.options[1].key`), in
 * the `file:line:column: ...` form editors and CI log viewers turn into links.
 */
import { RunError } from "@pulumi/pulumi";

export interface DefinitionProblem {
  /** The definitions file, relative to the working directory when it is inside it. */
  file: string;
  /** 1-based; absent when the problem has no place in a file (e.g. a missing value at large). */
  line?: number;
  column?: number;
  /** Property path from the document root, e.g. `ivrs.support.options[1].key`; "" for the file. */
  property: string;
  reason: string;
}

export function formatProblem(p: DefinitionProblem): string {
  const where = p.line === undefined ? p.file : `${p.file}:${p.line}${p.column === undefined ? "" : `:${p.column}`}`;
  return p.property ? `${where}: ${p.property}: ${p.reason}` : `${where}: ${p.reason}`;
}

/**
 * Thrown by `loadDefinitions` and `deployDefinitions` (and their IVR-only forms) before any
 * resource is declared. It is a Pulumi `RunError`, so `pulumi preview` prints the message alone,
 * without a stack trace.
 */
export class DefinitionError extends RunError {
  readonly problems: DefinitionProblem[];

  constructor(problems: DefinitionProblem[]) {
    const sorted = [...problems].sort(byPlace);
    const n = sorted.length;
    super(
      `invalid definitions, so nothing is declared (${n} problem${n === 1 ? "" : "s"}):\n` +
        sorted.map((p) => `  ${formatProblem(p)}`).join("\n"),
    );
    this.name = "DefinitionError";
    this.problems = sorted;
  }
}

/** The name 0.1.0 gave it (the same class). */
export const IvrDefinitionError = DefinitionError;
export type IvrDefinitionError = DefinitionError;

function byPlace(a: DefinitionProblem, b: DefinitionProblem): number {
  if (a.file !== b.file) return a.file < b.file ? -1 : 1;
  return (a.line ?? 0) - (b.line ?? 0) || (a.column ?? 0) - (b.column ?? 0);
}
