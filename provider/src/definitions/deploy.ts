/**
 * Declares loaded IVR definitions as `Ivr` resources, in dependency order, turning each
 * `{ ivr: <name> }` route into a typed reference to that resource.
 */
import * as pulumi from "@pulumi/pulumi";
import { plainJson } from "../core/json";
import { setAt } from "../core/walk";
import { Ivr, IvrArgs } from "../kinds/ivr/resource";
import { ivr as ivrRef } from "../resource/helpers";
import { DefinitionProblem, IvrDefinitionError } from "./errors";
import { dependencyOrder } from "./graph";
import { IvrDefinition, destinationsOf, isReference } from "./types";

export interface DeployIvrDefinitionsOptions {
  /**
   * Resource options for every `Ivr` (e.g. `{ protect: true }`), or a function giving them per
   * definition. Options that change the URN (`parent`) replace IVRs already deployed without them.
   */
  opts?: pulumi.CustomResourceOptions | ((definition: IvrDefinition) => pulumi.CustomResourceOptions | undefined);
}

/**
 * Declares one `Ivr` per definition, named by its resource name, and returns them by that name.
 * The resource names are the same as `new smartflo.Ivr("<name>", ...)` would use, so moving IVRs
 * from code into definition files keeps them (no replacement).
 */
export function deployIvrDefinitions(
  definitions: readonly IvrDefinition[],
  options: DeployIvrDefinitionsOptions = {},
): Record<string, Ivr> {
  const problems: DefinitionProblem[] = [];
  const byName = new Map<string, IvrDefinition>();
  const where = (d: IvrDefinition) => ({ file: d.file, line: d.line });
  for (const d of definitions) {
    if (byName.has(d.resourceName)) {
      problems.push({ ...where(d), property: `ivrs.${d.resourceName}`, reason: `the resource name '${d.resourceName}' is used twice` });
    } else {
      byName.set(d.resourceName, d);
    }
  }
  for (const d of definitions) {
    for (const target of referencesOf(d)) {
      if (!byName.has(target)) {
        problems.push({ ...where(d), property: `ivrs.${d.resourceName}`, reason: `routes to '${target}', which is not among the definitions given` });
      }
    }
  }
  const names = [...byName.keys()];
  const edges = new Map(definitions.map((d) => [d.resourceName, referencesOf(d)]));
  const { order, cycles } = dependencyOrder(names, edges);
  for (const cycle of cycles) {
    const d = byName.get(cycle[0]!)!;
    problems.push({ ...where(d), property: `ivrs.${d.resourceName}`, reason: `reference loop ${[...cycle, cycle[0]].join(" -> ")}: IVRs cannot route to each other by name in a loop` });
  }
  if (problems.length) throw new IvrDefinitionError(problems);

  const created = new Map<string, Ivr>();
  for (const name of order) {
    const d = byName.get(name)!;
    const args = plainJson(d.args) as IvrArgs;
    // Routes to the resource itself: its id stays known while a preview updates the target.
    for (const { path, value } of destinationsOf(d.args)) {
      if (isReference(value)) setAt(args, path, ivrRef(created.get(value.ivr)!));
    }
    const opts = typeof options.opts === "function" ? options.opts(d) : options.opts;
    created.set(name, new Ivr(name, args, opts));
  }
  return Object.fromEntries(names.map((n) => [n, created.get(n)!]));
}

/** Resource names a definition routes to, read from its destinations (not only `references`). */
function referencesOf(d: IvrDefinition): string[] {
  return [...new Set(destinationsOf(d.args).map((r) => r.value).filter(isReference).map((r) => r.ivr))];
}
