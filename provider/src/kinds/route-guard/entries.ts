/**
 * What the route guard records about the stack: one entry per resource of a kind that can be
 * routed to or that routes a number. Program side (track.ts) and provider side (runtime.ts)
 * share this shape.
 */
import type { DestinationType } from "../../core/destinations";
import { UNKNOWN } from "../../core/refs";

/** The kinds that can be routed to, and the destination type a route to one of them has. */
export const ROUTED_AS = { Ivr: "ivr", Department: "department", TimeGroup: "timegroup" } as const satisfies Record<string, DestinationType>;

export type RoutedKind = keyof typeof ROUTED_AS;
export type TrackedKind = RoutedKind | "NumberRouting";

export interface GuardEntry {
  kind: TrackedKind;
  /** The Pulumi resource name. */
  name: string;
  /** The resource's id: the Smartflo id; unknown during a preview that creates or replaces it. */
  id: string;
  /** For a NumberRouting: its `number` input (a number when the program gave an id as one). */
  number?: string | number;
}

const KINDS: readonly string[] = [...Object.keys(ROUTED_AS), "NumberRouting"];

/** The entries of guard inputs or state; anything malformed is left out (the guard only warns early). */
export function entriesOf(props: unknown): GuardEntry[] {
  const list = (props as { resources?: unknown } | undefined)?.resources;
  if (!Array.isArray(list)) return [];
  return list.filter(
    (e): e is GuardEntry => typeof e === "object" && e !== null && KINDS.includes((e as GuardEntry).kind) && typeof (e as GuardEntry).name === "string",
  );
}

export function isKnownId(id: unknown): id is string {
  return typeof id === "string" && id !== "" && id !== UNKNOWN;
}

/** What messages call a resource: `Ivr 'support'`. */
export function describeEntry(e: GuardEntry): string {
  return `${e.kind} '${e.name}'`;
}
