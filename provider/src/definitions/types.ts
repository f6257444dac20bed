/**
 * Definitions as data: each kind's canonical model, except that a destination may name another
 * definition of the same set by its resource name (`{ ivr: sales }`, `{ department: sales }`,
 * `{ timeGroup: office-hours }`), which `deployDefinitions` turns into a typed reference to that
 * resource.
 */
import { findReferences } from "../core/walk";
import type { Department as DepartmentModel } from "../kinds/department/spec";
import type { Ivr as IvrModel, IvrFallback, IvrOption } from "../kinds/ivr/spec";
import type { NumberRouting as NumberRoutingModel } from "../kinds/number-routing/spec";
import type { TimeGroup as TimeGroupModel } from "../kinds/time-group/spec";
import { RoutableSection, SECTIONS, Section, sectionOfKey } from "./sections";

/** A route to another IVR of the set, by its resource name: `destination: { ivr: sales }`. */
export interface IvrReference {
  ivr: string;
}
/** A route to a department of the set: `destination: { department: sales }`. */
export interface DepartmentReference {
  department: string;
}
/** A route to a time group of the set: `destination: { timeGroup: office-hours }`. */
export interface TimeGroupReference {
  timeGroup: string;
}
export type ReferenceByName = IvrReference | DepartmentReference | TimeGroupReference;

/** `type||id` (e.g. `extension||05047530000`), or a route to a definition of the set by name. */
export type DefinitionDestination = string | ReferenceByName;

/** `T` with each destination field (`destination`, `failover`) also taking a reference by name. */
type WithReferences<T> = T extends ReadonlyArray<infer E>
  ? Array<WithReferences<E>>
  : T extends object
    ? { [K in keyof T]: K extends "destination" | "failover" ? DefinitionDestination : WithReferences<T[K]> }
    : T;

export type IvrDefinitionOption = WithReferences<IvrOption>;
export type IvrDefinitionFallback = WithReferences<IvrFallback>;

/** The `Ivr` args of one definition, validated and normalised (ids as strings, `type||id`). */
export type IvrDefinitionArgs = WithReferences<IvrModel> & { adopt?: boolean };
export type DepartmentDefinitionArgs = WithReferences<DepartmentModel> & { adopt?: boolean };
export type TimeGroupDefinitionArgs = TimeGroupModel & { adopt?: boolean };
export type NumberRoutingDefinitionArgs = WithReferences<NumberRoutingModel>;

/** A definition a destination routes to by name. */
export interface RouteByName {
  section: RoutableSection;
  resourceName: string;
}

interface DefinitionOf<S extends Section, Args> {
  section: S;
  /** The key under its section; the Pulumi resource name (keep it stable: renaming it replaces the resource). */
  resourceName: string;
  args: Args;
  /** The definitions of the set it routes to by name (they are created first), each once. */
  routesTo: RouteByName[];
  /** Where it is defined (file as named in messages, 1-based line of its key). */
  file: string;
  line?: number;
}

export interface IvrDefinition extends DefinitionOf<"ivrs", IvrDefinitionArgs> {
  /** Resource names of the IVRs of the set this one routes to (`routesTo`, IVRs only). */
  references: string[];
}
export type DepartmentDefinition = DefinitionOf<"departments", DepartmentDefinitionArgs>;
export type TimeGroupDefinition = DefinitionOf<"timeGroups", TimeGroupDefinitionArgs>;
export type NumberRoutingDefinition = DefinitionOf<"numbers", NumberRoutingDefinitionArgs>;
export type Definition = IvrDefinition | DepartmentDefinition | TimeGroupDefinition | NumberRoutingDefinition;

/** Everything a set of definition files defines, by section, each in file order. */
export interface Definitions {
  ivrs: IvrDefinition[];
  departments: DepartmentDefinition[];
  timeGroups: TimeGroupDefinition[];
  numbers: NumberRoutingDefinition[];
}

/** `{ ivr: sales }` -> { section: "ivrs", resourceName: "sales" }; undefined for anything else. */
export function routeByName(destination: unknown): RouteByName | undefined {
  if (typeof destination !== "object" || destination === null || Array.isArray(destination)) return undefined;
  const entries = Object.entries(destination);
  if (entries.length !== 1) return undefined;
  const [key, name] = entries[0]!;
  const section = sectionOfKey(key);
  return section && typeof name === "string" ? { section, resourceName: name } : undefined;
}

/** Kept for 0.1.0's users: true for `{ ivr: <name> }`. */
export function isReference(destination: unknown): destination is IvrReference {
  return routeByName(destination)?.section === "ivrs";
}

/** The destinations of a definition (validated or not), with their property paths and contexts: its spec's walk. */
export function destinationsOf(section: Section, args: unknown) {
  return findReferences(SECTIONS[section].spec.references, args).filter((r) => r.role === "destination");
}

/** Every route by name in a definition's args, each target once, in walk order. */
export function routesOf(section: Section, args: unknown): RouteByName[] {
  const seen = new Set<string>();
  const out: RouteByName[] = [];
  for (const { value } of destinationsOf(section, args)) {
    const route = routeByName(value);
    if (route && !seen.has(`${route.section}.${route.resourceName}`)) {
      seen.add(`${route.section}.${route.resourceName}`);
      out.push(route);
    }
  }
  return out;
}
