/**
 * The route guard: one resource per stack (declared by track.ts) whose inputs list the stack's
 * IVRs, departments, time groups and number routings by id. It exists because the engine calls no
 * provider method at preview for a resource the program no longer declares: its own check does
 * see the old list (its state) and the new one, so it can tell at preview what is to be deleted,
 * and whether anything outside the stack still routes there. Its inputs hold every such
 * resource's id, so it depends on all of them: `pulumi destroy` deletes it first, and its delete
 * can refuse before anything else is deleted; in `up`, its update runs after every create and
 * update, before the deletes of what the program dropped.
 *
 * It also holds the rule that spans resources: two NumberRouting resources for one number.
 */
import type { SmartfloClient } from "../../client/client";
import { plainJson } from "../../core/json";
import { containsUnknown } from "../../core/refs";
import { EngineProps, KindProvider, accountToCheck, guarded } from "../../provider/lifecycle";
import type { Listing } from "../../provider/references";
import { session } from "../../provider/session";
import { listNumberRecords } from "../number-routing/api";
import { ApiNumber, resolveNumber } from "../number-routing/mapping";
import { GuardEntry, describeEntry, entriesOf, isKnownId } from "./entries";
import { outsideUsages } from "./usages";

/** The one id of a stack's guard (it names nothing in Smartflo). */
export const GUARD_ID = "route-guard";

/** The guard's own inputs: only `resources` (plain JSON). */
function inputsOf(props: EngineProps | undefined): { resources: GuardEntry[] } {
  return { resources: plainJson(entriesOf(props)) };
}

/** What is in `before` but not in `after` (by kind and id): deleted, or replaced by a new one. */
export function removedEntries(before: readonly GuardEntry[], after: readonly GuardEntry[]): GuardEntry[] {
  const kept = new Set(after.filter((e) => isKnownId(e.id)).map((e) => `${e.kind}|${e.id}`));
  return before.filter((e) => isKnownId(e.id) && !kept.has(`${e.kind}|${e.id}`));
}

/** The number a NumberRouting entry routes: its id when the account's list says, else its text. */
function numberKey(e: GuardEntry, numbers: Listing | undefined): string | undefined {
  const text = e.number === undefined || containsUnknown(e.number) ? undefined : String(e.number).replace(/[^\d+]/g, "");
  const found = text && numbers?.names ? resolveNumber(numbers.names, text) : undefined;
  return found?.id ?? text ?? (isKnownId(e.id) ? e.id : undefined);
}

/** Two NumberRouting resources of the stack for one number: one problem naming them all. */
export function duplicateNumbers(entries: readonly GuardEntry[], numbers: Listing | undefined): string[] {
  const byNumber = new Map<string, GuardEntry[]>();
  for (const e of entries.filter((x) => x.kind === "NumberRouting")) {
    const key = numberKey(e, numbers);
    if (key !== undefined) byNumber.set(key, [...(byNumber.get(key) ?? []), e]);
  }
  return [...byNumber]
    .filter(([, routings]) => routings.length > 1)
    .map(([key, routings]) => {
      const did = numbers?.names?.get(key);
      const which = did ? `${did} (id ${key})` : key;
      return `${routings.map(describeEntry).join(" and ")} route the same number, ${which}: a number has one route, so declare one NumberRouting for it`;
    });
}

interface Verdict {
  problems: string[];
  warnings: string[];
}

/** Everything the guard says about going from `before` to `after`, asking the account through `client`. */
async function judge(client: SmartfloClient | undefined, before: readonly GuardEntry[], after: readonly GuardEntry[], duplicates: boolean): Promise<Verdict> {
  const warnings: string[] = [];
  const removed = removedEntries(before, after);
  const routings = [...before, ...after].filter((e) => e.kind === "NumberRouting");
  // The numbers are read only when something is deleted, or two routings might name one number.
  let numbers: Listing | undefined;
  let listed: ApiNumber[] | undefined;
  if (client && (removed.length > 0 || (duplicates && after.filter((e) => e.kind === "NumberRouting").length > 1))) {
    try {
      if (removed.length > 0) {
        listed = await listNumberRecords(client);
        numbers = { ids: new Set(listed.map((n) => n.id)), names: new Map(listed.map((n) => [n.id, n.did])), at: Date.now() };
      } else {
        numbers = await session().accountLists(client).get("numbers");
      }
    } catch (err) {
      warnings.push(`could not read the account's numbers (GET /v1/my_number): ${client.redact((err as Error).message)}`);
      listed = []; // said once: not asked again below
    }
  }
  const problems = duplicates ? duplicateNumbers(after, numbers) : [];
  if (client && removed.length > 0) {
    const numberIds = new Set([...routings.map((e) => e.id).filter(isKnownId), ...routings.flatMap((e) => numberKey(e, numbers) ?? [])]);
    const usages = await outsideUsages(client, removed, [...before, ...after], numberIds, listed);
    problems.push(...usages.problems);
    warnings.push(...usages.warnings);
  }
  return { problems, warnings };
}

function warn(warnings: readonly string[]): void {
  for (const w of warnings) session().warnOnce(w, `${w}; leaving the decision to Smartflo`);
}

/** An error that stops the step, listing every problem. */
function refusal(what: string, problems: readonly string[]): Error {
  return new Error(`${what}:\n${problems.map((p) => `  - ${p}`).join("\n")}`);
}

async function check(olds: EngineProps, news: EngineProps) {
  const inputs = inputsOf(news);
  const verdict = await judge(accountToCheck(), entriesOf(olds), inputs.resources, true);
  warn(verdict.warnings);
  return { inputs, failures: verdict.problems.map((reason) => ({ property: "", reason })) };
}

async function diff(_id: string, olds: EngineProps, news: EngineProps) {
  const changes = containsUnknown(news?.resources) || JSON.stringify(inputsOf(olds)) !== JSON.stringify(inputsOf(news));
  return { changes, replaces: [], deleteBeforeReplace: false };
}

async function create(inputs: EngineProps) {
  return { id: GUARD_ID, outs: inputsOf(inputs) };
}

async function read(id: string, props: EngineProps | undefined) {
  const outs = inputsOf(props);
  return { id, props: outs, inputs: outs };
}

/** Runs after every create and update of the stack and before its deletes: the last word. */
async function update(_id: string, olds: EngineProps, news: EngineProps) {
  return guarded("checking what this stack is about to delete", async () => {
    const outs = inputsOf(news);
    const verdict = await judge(session().client(), entriesOf(olds), outs.resources, false);
    warn(verdict.warnings);
    if (verdict.problems.length > 0) throw refusal("nothing was deleted", verdict.problems);
    return { outs };
  });
}

/** Runs first in `pulumi destroy` (everything depends on nothing else, the guard on everything). */
async function remove(_id: string, props: EngineProps) {
  return guarded("checking what this stack is about to delete", async () => {
    const verdict = await judge(session().client(), entriesOf(props), [], false);
    warn(verdict.warnings);
    if (verdict.problems.length > 0) throw refusal("nothing was deleted", verdict.problems);
  });
}

export const routeGuardProvider: KindProvider = {
  configure: async (config) => session().configure(config),
  check,
  diff,
  create,
  read,
  update,
  delete: remove,
};
