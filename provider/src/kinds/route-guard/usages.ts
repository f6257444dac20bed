/**
 * Who in the account, outside this stack, routes to something this stack is about to delete:
 * numbers (their destination), IVRs (options and fallbacks) and departments (failover). Smartflo
 * refuses to delete anything still routed to, so each of these would fail the delete at `up`.
 */
import type { SmartfloClient } from "../../client/client";
import { DestinationContext, destinationTypesIn } from "../../core/destinations";
import { formatPath } from "../../core/problems";
import { ReferenceField, findReferences } from "../../core/walk";
import { listIvrs } from "../ivr/api";
import { fromReadShape as ivrFromReadShape } from "../ivr/mapping";
import { IVR_SPEC } from "../ivr/spec";
import { listDepartmentRecords } from "../department/api";
import { fromReadShape as departmentFromReadShape } from "../department/mapping";
import { DEPARTMENT_SPEC } from "../department/spec";
import { listNumberRecords } from "../number-routing/api";
import { ApiNumber, readDestination } from "../number-routing/mapping";
import { GuardEntry, ROUTED_AS, RoutedKind, TrackedKind, describeEntry, isKnownId } from "./entries";

/** Something in the account that routes calls: what it is called, and where it routes. */
interface Router {
  id: string;
  label: string;
  routes: Array<{ where: string; to: string }>;
}

interface RouterSource {
  /** The kind of this stack that manages such routers (they are then not "outside"). */
  managedAs: TrackedKind;
  /** Where its routes are set (which decides what it can route to). */
  context: DestinationContext;
  endpoint: string;
  /** `numbers`: the account's numbers, when the caller has read them already. */
  load(client: SmartfloClient, numbers: readonly ApiNumber[] | undefined): Promise<Router[]>;
}

/**
 * The routers of a list of named objects: each entry read into its kind's model (one the API
 * lists in a shape we cannot read is skipped: the guard only warns early), its routes found by
 * its kind's reference walk.
 */
function routersOf<V>(
  records: ReadonlyArray<{ id: string; name: string; raw: unknown }>,
  noun: string,
  read: (raw: unknown) => V,
  fields: readonly ReferenceField[],
): Router[] {
  return records.flatMap((r) => {
    let value: V;
    try {
      value = read(r.raw);
    } catch {
      return [];
    }
    const routes = findReferences(fields, value)
      .filter((f) => f.role === "destination" && typeof f.value === "string")
      .map((f) => ({ where: formatPath(f.path), to: f.value as string }));
    return [{ id: r.id, label: `${noun} ${r.id} '${r.name}'`, routes }];
  });
}

const ROUTERS: readonly RouterSource[] = [
  {
    managedAs: "NumberRouting",
    context: "number",
    endpoint: "GET /v1/my_number",
    load: async (client, numbers) =>
      (numbers ?? (await listNumberRecords(client))).map((n) => {
        const to = readDestination(n.destination);
        return { id: n.id, label: `number ${n.did} (id ${n.id})`, routes: to ? [{ where: "destination", to }] : [] };
      }),
  },
  {
    managedAs: "Ivr",
    context: "ivr",
    endpoint: "GET /v1/ivrs",
    load: async (client) => routersOf(await listIvrs(client), "IVR", (raw) => ivrFromReadShape(raw).ivr, IVR_SPEC.references),
  },
  {
    managedAs: "Department",
    context: "departmentFailover",
    endpoint: "GET /v1/departments",
    load: async (client) =>
      routersOf(await listDepartmentRecords(client), "department", (raw) => departmentFromReadShape(raw).department, DEPARTMENT_SPEC.references),
  },
];

export interface UsageCheck {
  problems: string[];
  /** Lists that could not be read: nothing was decided about what they hold. */
  warnings: string[];
}

/**
 * For each entry of `removed`, the routers outside this stack that route to it. `managed` is
 * every entry of the stack, before and after (its routers are this stack's business: Pulumi
 * orders their changes); `numberIds` the ids of the numbers this stack routes; `numbers` the
 * account's numbers, if already read.
 */
export async function outsideUsages(
  client: SmartfloClient,
  removed: readonly GuardEntry[],
  managed: readonly GuardEntry[],
  numberIds: ReadonlySet<string>,
  numbers?: readonly ApiNumber[],
): Promise<UsageCheck> {
  const targets = removed.filter((e): e is GuardEntry & { kind: RoutedKind } => e.kind in ROUTED_AS && isKnownId(e.id));
  const problems: string[] = [];
  const warnings: string[] = [];
  if (targets.length === 0) return { problems, warnings };
  const found = new Map(targets.map((t): [typeof t, string[]] => [t, []]));
  await Promise.all(
    ROUTERS.map(async (source) => {
      const types: readonly string[] = destinationTypesIn(source.context);
      const relevant = targets.filter((t) => types.includes(ROUTED_AS[t.kind]));
      if (relevant.length === 0) return;
      const ours = source.managedAs === "NumberRouting" ? numberIds : new Set(managed.filter((m) => m.kind === source.managedAs).map((m) => m.id));
      let routers: Router[];
      try {
        routers = await source.load(client, numbers);
      } catch (err) {
        warnings.push(`could not check what routes to the objects this stack deletes (${source.endpoint}): ${client.redact((err as Error).message)}`);
        return;
      }
      for (const router of routers) {
        if (ours.has(router.id)) continue;
        for (const target of relevant) {
          const ref = `${ROUTED_AS[target.kind]}||${target.id}`;
          const where = router.routes.filter((r) => r.to === ref).map((r) => r.where);
          if (where.length > 0) found.get(target)!.push(source.managedAs === "NumberRouting" ? router.label : `${router.label} (${where.join(", ")})`);
        }
      }
    }),
  );
  for (const [target, users] of found) {
    if (users.length === 0) continue;
    const one = users.length === 1;
    problems.push(
      `${describeEntry(target)} (${ROUTED_AS[target.kind]}||${target.id}) is to be deleted, but ${users.join(", ")} ` +
        `${one ? "routes" : "route"} to it from outside this stack, and Smartflo refuses to delete what is still routed to: ` +
        `route ${one ? "it" : "them"} elsewhere first (in the Smartflo panel, or by managing ${one ? "it" : "them"} in this stack, ` +
        "e.g. a number with smartflo.NumberRouting)",
    );
  }
  return { problems, warnings };
}
