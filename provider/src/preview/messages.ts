/**
 * How a problem with a resource's input reads, the same at declaration (program side) and in the
 * provider's `check`.
 *
 * The engine prints a check failure with a `property` as `property P value {V} has a problem: R`,
 * where V is `inputs[P]`: it looks P up as a top-level key (pulumi/pulumi
 * pkg/resource/deploy/step_generator.go, issueCheckFailures; format in
 * sdk/go/common/diag/errors.go). For a nested path such as `options[1].key` that key does not
 * exist, so it printed `value {<nil>}`; for an object it prints Go's `{map[...]}`. So failures
 * leave `property` empty (the engine then prints `resource 'x' has a problem: R`) and R starts
 * with the path and the value found at that path, when it is one plain value.
 *
 * No Pulumi import: the provider process loads this file.
 */
import { Problem, parsePath } from "../core/problems";
import { UNKNOWN } from "../core/refs";

/** The value at `property` in `input`; undefined when any step is missing. */
export function valueAt(input: unknown, property: string): unknown {
  let node: unknown = input;
  for (const step of parsePath(property)) {
    if (node === null || typeof node !== "object" || !Object.prototype.hasOwnProperty.call(node, step)) return undefined;
    node = (node as Record<string | number, unknown>)[step];
  }
  return node;
}

const MAX_SHOWN = 80;

/** `options[1].key = "1": duplicate DTMF key '1' (also used by options[0])`. */
export function describeProblem(problem: Problem, input: unknown): string {
  if (!problem.property) return problem.reason;
  const value = valueAt(input, problem.property);
  const plain =
    (typeof value === "string" && value !== UNKNOWN) || (typeof value === "number" && Number.isFinite(value)) || typeof value === "boolean";
  let shown = plain ? JSON.stringify(value) : "";
  if (shown.length > MAX_SHOWN) shown = `${shown.slice(0, MAX_SHOWN - 4)}..."`;
  return `${problem.property}${shown ? ` = ${shown}` : ""}: ${problem.reason}`;
}

/** Check failures for the engine: no `property` (see above), the path and value in the reason. */
export function toCheckFailures(problems: readonly Problem[], input: unknown): Array<{ property: string; reason: string }> {
  return problems.map((p) => ({ property: "", reason: describeProblem(p, input) }));
}

/** The line the engine prints for a failure without `property`, written the same way program side. */
export function resourceProblemLine(type: string, resourceName: string, problem: Problem, input: unknown): string {
  return `${type} resource '${resourceName}' has a problem: ${describeProblem(problem, input)}`;
}
