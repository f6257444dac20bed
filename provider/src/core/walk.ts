/**
 * The one walk over the references a resource holds. A kind's spec lists the properties that
 * hold references and their role; this finds them in any value, validated or not (definitions
 * files, preview inputs with unknowns), so account checks, definitions' references by name and
 * later tools all see the same references in the same order.
 */
import type { DestinationContext } from "./destinations";
import type { Path } from "./problems";

export type ReferenceRole = "recording" | "destination";

/** A property that holds a reference: its path, with "*" for every element of a list. */
export interface ReferenceField {
  readonly path: readonly string[];
  readonly role: ReferenceRole;
  /** For a destination: where it is set, which decides the types it may have. */
  readonly context?: DestinationContext;
}

export interface FoundReference {
  /** Where it is, e.g. `["options", 1, "destination"]`. */
  path: Array<string | number>;
  /** Whatever is written there: a `type||id` string, an unknown, a reference by name... */
  value: unknown;
  role: ReferenceRole;
  context?: DestinationContext;
}

function isRecord(v: unknown): v is Record<string, unknown> {
  return typeof v === "object" && v !== null && !Array.isArray(v);
}

/** Every reference property present in `root`, in the order of `fields`. */
export function findReferences(fields: readonly ReferenceField[], root: unknown): FoundReference[] {
  const found: FoundReference[] = [];
  const visit = (
    node: unknown,
    rest: readonly string[],
    at: Array<string | number>,
    role: ReferenceRole,
    context: { context?: DestinationContext },
  ): void => {
    const [head, ...tail] = rest;
    if (head === "*") {
      if (Array.isArray(node)) node.forEach((item, i) => visit(item, tail, [...at, i], role, context));
      return;
    }
    if (!isRecord(node) || head === undefined || !Object.prototype.hasOwnProperty.call(node, head)) return;
    if (tail.length === 0) found.push({ path: [...at, head], value: node[head], role, ...context });
    else visit(node[head], tail, [...at, head], role, context);
  };
  for (const field of fields) visit(root, field.path, [], field.role, field.context ? { context: field.context } : {});
  return found;
}

/** Sets the value at `path` (which must exist up to its last step) in place. */
export function setAt(root: unknown, path: Path, value: unknown): void {
  let node = root as Record<string | number, unknown>;
  for (const step of path.slice(0, -1)) node = node[step] as Record<string | number, unknown>;
  node[path[path.length - 1]!] = value;
}
