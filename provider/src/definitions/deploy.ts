/**
 * Declares loaded definitions as resources (Ivr, Department, TimeGroup, NumberRouting), in
 * dependency order, turning each route by name (`{ ivr: support }`, `{ department: sales }`,
 * `{ timeGroup: office-hours }`) into a typed reference to that resource.
 */
import * as pulumi from "@pulumi/pulumi";
import { plainJson } from "../core/json";
import { setAt } from "../core/walk";
import { Department } from "../kinds/department/resource";
import { Ivr } from "../kinds/ivr/resource";
import { NumberRouting } from "../kinds/number-routing/resource";
import { TimeGroup } from "../kinds/time-group/resource";
import { department, ivr, timeGroup } from "../resource/helpers";
import { DefinitionError, DefinitionProblem } from "./errors";
import { dependencyOrder } from "./graph";
import { RoutableSection, SECTION_NAMES, Section } from "./sections";
import { Definition, Definitions, IvrDefinition, destinationsOf, routeByName, routesOf } from "./types";

export interface DeployDefinitionsOptions {
  /**
   * Resource options for every resource (e.g. `{ protect: true }`), or a function giving them
   * per definition. Options that change the URN (`parent`) replace resources already deployed
   * without them.
   */
  opts?: pulumi.CustomResourceOptions | ((definition: Definition) => pulumi.CustomResourceOptions | undefined);
}

export interface DeployIvrDefinitionsOptions {
  /** As in `deployDefinitions`, for IVR definitions. */
  opts?: pulumi.CustomResourceOptions | ((definition: IvrDefinition) => pulumi.CustomResourceOptions | undefined);
}

/** The declared resources, by section and resource name. */
export interface DeployedDefinitions {
  ivrs: Record<string, Ivr>;
  departments: Record<string, Department>;
  timeGroups: Record<string, TimeGroup>;
  numbers: Record<string, NumberRouting>;
}

// eslint-disable-next-line @typescript-eslint/no-explicit-any
type AnyArgs = any;

/** How each section's definitions become resources. */
const DECLARE: { [S in Section]: (name: string, args: AnyArgs, opts?: pulumi.CustomResourceOptions) => DeployedDefinitions[S][string] } = {
  ivrs: (name, args, opts) => new Ivr(name, args, opts),
  departments: (name, args, opts) => new Department(name, args, opts),
  timeGroups: (name, args, opts) => new TimeGroup(name, args, opts),
  numbers: (name, args, opts) => new NumberRouting(name, args, opts),
};

/** A route to a declared resource: to the resource itself, whose id stays known while a preview updates it. */
const ROUTE_TO: { [S in RoutableSection]: (target: DeployedDefinitions[S][string]) => pulumi.Input<string> } = {
  ivrs: (target) => ivr(target),
  departments: (target) => department(target),
  timeGroups: (target) => timeGroup(target),
};

const keyOf = (section: Section, name: string) => `${section}.${name}`;

/**
 * Declares one resource per definition, named by its resource name, and returns them by section
 * and name. The resource names are the ones `new smartflo.Ivr("<name>", ...)` (and so on) would
 * use, so moving resources from code into definition files keeps them (no replacement).
 */
export function deployDefinitions(definitions: Definitions | readonly Definition[], options: DeployDefinitionsOptions = {}): DeployedDefinitions {
  const all: Definition[] = Array.isArray(definitions) ? [...definitions] : SECTION_NAMES.flatMap((s): Definition[] => (definitions as Definitions)[s]);
  const problems: DefinitionProblem[] = [];
  const byKey = new Map<string, Definition>();
  const where = (d: Definition) => ({ file: d.file, line: d.line, property: keyOf(d.section, d.resourceName) });
  for (const d of all) {
    if (byKey.has(keyOf(d.section, d.resourceName))) problems.push({ ...where(d), reason: `the resource name '${d.resourceName}' is used twice` });
    else byKey.set(keyOf(d.section, d.resourceName), d);
  }
  // Read from the args themselves (not `routesTo`): definitions may have been built or edited by hand.
  const edges = new Map(all.map((d) => [keyOf(d.section, d.resourceName), routesOf(d.section, d.args).map((r) => keyOf(r.section, r.resourceName))]));
  for (const d of all) {
    for (const target of edges.get(keyOf(d.section, d.resourceName))!) {
      if (byKey.has(target)) continue;
      const [section, name] = [target.slice(0, target.indexOf(".")), target.slice(target.indexOf(".") + 1)];
      problems.push({ ...where(d), reason: `routes to '${name}'${section === d.section ? "" : ` (${section})`}, which is not among the definitions given` });
    }
  }
  const { order, cycles } = dependencyOrder([...byKey.keys()], edges);
  for (const cycle of cycles) {
    const names = [...cycle, cycle[0]!].map((k) => (cycle.every((c) => c.startsWith("ivrs.")) ? k.slice(5) : k));
    problems.push({ ...where(byKey.get(cycle[0]!)!), reason: `reference loop ${names.join(" -> ")}: definitions cannot route to each other by name in a loop` });
  }
  if (problems.length) throw new DefinitionError(problems);

  const created = new Map<string, pulumi.CustomResource>();
  for (const key of order) {
    const d = byKey.get(key)!;
    const args = plainJson(d.args) as Record<string, unknown>;
    for (const { path, value } of destinationsOf(d.section, d.args)) {
      const route = routeByName(value);
      if (route) setAt(args, path, (ROUTE_TO[route.section] as (t: pulumi.CustomResource) => pulumi.Input<string>)(created.get(keyOf(route.section, route.resourceName))!));
    }
    const opts = typeof options.opts === "function" ? options.opts(d) : options.opts;
    created.set(key, DECLARE[d.section](d.resourceName, args, opts));
  }
  const out: DeployedDefinitions = { ivrs: {}, departments: {}, timeGroups: {}, numbers: {} };
  for (const d of all) (out[d.section] as Record<string, pulumi.CustomResource>)[d.resourceName] = created.get(keyOf(d.section, d.resourceName))!;
  return out;
}

/** Declares IVR definitions, as 0.1.0 did: `deployDefinitions(...).ivrs`. */
export function deployIvrDefinitions(definitions: readonly IvrDefinition[], options: DeployIvrDefinitionsOptions = {}): Record<string, Ivr> {
  // 0.1.0's definitions carried no section: every one is an IVR.
  return deployDefinitions(definitions.map((d) => ({ ...d, section: "ivrs" as const })), options as DeployDefinitionsOptions).ivrs;
}
