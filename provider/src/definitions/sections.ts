/**
 * The sections of a definitions file, one per resource kind: what each holds, the spec its
 * entries are validated with, and the key a route to one of its entries is written with
 * (`{ ivr: support }`, `{ department: sales }`, `{ timeGroup: office-hours }`).
 */
import { DestinationContext, DestinationType, destinationTypesIn } from "../core/destinations";
import { DEPARTMENT_SPEC } from "../kinds/department/spec";
import { IVR_SPEC } from "../kinds/ivr/spec";
import type { KindSpec } from "../kinds/kind";
import { NUMBER_ROUTING_SPEC } from "../kinds/number-routing/spec";
import { TIME_GROUP_SPEC } from "../kinds/time-group/spec";

interface SectionFacts {
  // eslint-disable-next-line @typescript-eslint/no-explicit-any
  readonly spec: KindSpec<any>;
  /** What one entry is called in messages. */
  readonly noun: string;
  /** A route to an entry of this section: `{ <referenceKey>: <resource name> }`, a `<routedAs>||id` once deployed. */
  readonly referenceKey?: string;
  readonly routedAs?: DestinationType;
  /** The property unique in the account among the entries, what messages call it, and the rule that compares it. */
  readonly unique: { property: string; label: string; rule: string };
  readonly example: string;
}

export const SECTIONS = {
  ivrs: {
    spec: IVR_SPEC,
    noun: "IVR",
    referenceKey: "ivr",
    routedAs: "ivr",
    unique: { property: "name", label: "IVR name", rule: "Smartflo compares IVR names trimmed and case-insensitively, and they are unique in the account" },
    example: "`ivrs: { sales: { name: Sales IVR, ... } }`",
  },
  departments: {
    spec: DEPARTMENT_SPEC,
    noun: "department",
    referenceKey: "department",
    routedAs: "department",
    unique: {
      property: "name",
      label: "department name",
      rule: "Smartflo compares department names trimmed and case-insensitively, and they are unique in the account",
    },
    example: "`departments: { sales: { name: Sales, ringStrategy: simultaneous, ... } }`",
  },
  timeGroups: {
    spec: TIME_GROUP_SPEC,
    noun: "time group",
    referenceKey: "timeGroup",
    routedAs: "timegroup",
    unique: {
      property: "name",
      label: "time group name",
      rule: "Smartflo compares time group names trimmed and case-insensitively, and they are unique in the account",
    },
    example: "`timeGroups: { office-hours: { name: Office hours, times: [...] } }`",
  },
  numbers: {
    spec: NUMBER_ROUTING_SPEC,
    noun: "number",
    unique: { property: "number", label: "number", rule: "Smartflo compares numbers by their digits, and a number has one route" },
    example: "`numbers: { main-line: { number: \"+918069001234\", destination: { ivr: support } } }`",
  },
} as const satisfies Record<string, SectionFacts>;

export type Section = keyof typeof SECTIONS;
export const SECTION_NAMES = Object.keys(SECTIONS) as Section[];

/** The spec of a section's entries, as any kind's (what generic code reads of it). */
export function specOf(section: Section): SectionFacts["spec"] {
  return SECTIONS[section].spec;
}

/** The sections whose entries can be routed to by name, with their reference keys. */
export type RoutableSection = { [S in Section]: (typeof SECTIONS)[S] extends { referenceKey: string } ? S : never }[Section];
export const ROUTABLE: readonly RoutableSection[] = SECTION_NAMES.filter((s): s is RoutableSection => "referenceKey" in SECTIONS[s]);

/** The sections a destination set in `context` may name (`{ timeGroup: x }` only where time groups may go). */
export function routableIn(context: DestinationContext | undefined): RoutableSection[] {
  const types: readonly string[] = context ? destinationTypesIn(context) : [];
  return ROUTABLE.filter((s) => types.includes(SECTIONS[s].routedAs));
}

/** The section whose reference key is `key` (`timeGroup` -> `timeGroups`). */
export function sectionOfKey(key: string): RoutableSection | undefined {
  return ROUTABLE.find((s) => SECTIONS[s].referenceKey === key);
}
