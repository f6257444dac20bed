/**
 * The program side of the route guard (runtime.ts): every IVR, Department, TimeGroup and
 * NumberRouting the program declares is noted here, and once the program has declared
 * everything, one `RouteGuard` listing them all is declared.
 *
 * "Once the program has declared everything" is when Node's event loop has nothing left to do:
 * the `beforeExit` event, which is what the Pulumi SDK itself waits for before it ends a run, and
 * when Pulumi's own libraries declare resources that depend on the whole program (pulumi-aws's
 * bucket notifications): the program's own code has run to its end. This happens only when it runs
 * under the Pulumi CLI's Node.js language host (which sets PULUMI_NODEJS_MONITOR), so unit tests
 * with `pulumi.runtime.setMocks` see no guard. A program run another way (an Automation API
 * inline program) declares it itself, last: `smartflo.routeGuard()`.
 */
import type * as pulumi from "@pulumi/pulumi";
import type { TrackedKind } from "./entries";
import { RouteGuard } from "./resource";

/** The guard's resource name in every stack. */
export const ROUTE_GUARD_NAME = "smartflo-route-guard";

interface Tracked {
  kind: TrackedKind;
  name: string;
  resource: pulumi.CustomResource;
  number?: pulumi.Input<string | number>;
}

const tracked: Tracked[] = [];
let guard: RouteGuard | undefined;
let scheduled = false;
let warnedLate = false;

/** Called by each kind's resource constructor. */
export function trackForRouteGuard(entry: Tracked): void {
  if (guard) {
    if (!warnedLate) {
      warnedLate = true;
      // pulumi.log is the program's logger; loaded here, not at the top, to keep this file's imports types only.
      // eslint-disable-next-line @typescript-eslint/no-var-requires
      (require("@pulumi/pulumi") as typeof pulumi).log.warn(
        `${entry.kind} '${entry.name}' was declared after the route guard (smartflo.routeGuard()), so it is not protected: ` +
          "declare the guard after every Smartflo resource",
      );
    }
    return;
  }
  tracked.push(entry);
  if (!scheduled && process.env.PULUMI_NODEJS_MONITOR) {
    scheduled = true;
    process.once("beforeExit", (code) => {
      if (code === 0 && !guard) routeGuard();
    });
  }
}

/**
 * Declares the stack's route guard now, over every Smartflo resource declared so far. Needed
 * only where the guard is not declared automatically (see above); call it after the last one.
 */
export function routeGuard(opts?: pulumi.CustomResourceOptions): RouteGuard {
  // Sorted, so that declaring the same resources in another order changes nothing.
  const sorted = [...tracked].sort((a, b) => (a.kind === b.kind ? (a.name < b.name ? -1 : 1) : a.kind < b.kind ? -1 : 1));
  guard ??= new RouteGuard(
    ROUTE_GUARD_NAME,
    { resources: sorted.map((t) => ({ kind: t.kind, name: t.name, id: t.resource.id, ...(t.number !== undefined ? { number: t.number } : {}) })) },
    opts,
  );
  return guard;
}
