/**
 * One read of a whole Smartflo account for the tools (export, lint --account, show, diagram,
 * simulate): its IVRs, departments and time groups in the canonical model, its numbers, and the
 * lists that references are checked against, with names for people to read. Everything goes
 * through the client and the lookups the provider uses (account/lookups.ts, each kind's api.ts),
 * so the tools see the account exactly as the provider does: the same rate limiter, retries and
 * list reading.
 */
import { NumberInfo, departmentInfo, listNumbers, listRecordings, listUsers } from "../account/lookups";
import type { SmartfloClient } from "../client/client";
import type { AccountList } from "../core/destinations";
import { referenceFacts } from "../core/destinations";
import { parseRef } from "../core/refs";
import { listDepartmentRecords } from "../kinds/department/api";
import { fromReadShape as departmentFromReadShape } from "../kinds/department/mapping";
import type { Department } from "../kinds/department/spec";
import { listIvrs } from "../kinds/ivr/api";
import { fromReadShape as ivrFromReadShape } from "../kinds/ivr/mapping";
import type { Ivr } from "../kinds/ivr/spec";
import { listTimeGroupRecords } from "../kinds/time-group/api";
import { fromReadShape as timeGroupFromReadShape } from "../kinds/time-group/mapping";
import type { TimeGroup } from "../kinds/time-group/spec";

export interface AccountIvr {
  id: string;
  ivr: Ivr;
}

export interface AccountDepartment {
  id: string;
  department: Department;
}

export interface AccountTimeGroup {
  id: string;
  timeGroup: TimeGroup;
}

/** An object the account lists but whose fields could not be read into its kind's model. */
export interface UnreadableObject {
  /** "IVR", "department" or "time group". */
  noun: string;
  id: string;
  name: string;
  reason: string;
}

export interface AccountSnapshot {
  /** Where it was read from (origin only: never a credential). */
  baseUrl: string;
  ivrs: AccountIvr[];
  /** `GET /v1/departments`, in the model; undefined when that list could not be read. */
  departments?: AccountDepartment[];
  /** `GET /v1/timegroups`, in the model; undefined when that list could not be read. */
  timeGroups?: AccountTimeGroup[];
  unreadable: UnreadableObject[];
  /** `GET /v1/my_number`; undefined when that list could not be read. */
  numbers?: NumberInfo[];
  /** id -> name for each list references are checked against; a list missing here could not be read. */
  lists: Partial<Record<AccountList, Map<string, string>>>;
  /** Lookups that failed (the snapshot is usable without them, with less to say). */
  warnings: string[];
}

/** One step of reading the account, for progress displays. */
export interface ReadStep {
  endpoint: string;
  what: string;
}

/** The lookups, in the order they are made: the IVRs first (nothing works without them). */
export const READ_STEPS: readonly ReadStep[] = [
  { endpoint: "GET /v1/ivrs", what: "IVRs" },
  { endpoint: "GET /v1/my_number", what: "numbers" },
  { endpoint: "GET /v1/recordings", what: "recordings" },
  { endpoint: "GET /v1/users", what: "users (agents)" },
  { endpoint: "GET /v1/departments", what: "departments" },
  { endpoint: "GET /v1/timegroups", what: "time groups" },
];

export interface ReadAccountOptions {
  /** Called before each lookup starts and after it ends (`done` counts finished steps). */
  onStep?: (step: ReadStep, done: number, total: number) => void;
}

/**
 * Reads the account, one lookup at a time (the account's request budget is shared with live
 * calls; nothing is gained by queueing them all at once). Fails only when the IVRs cannot be read;
 * any other list that fails is left out, with a warning.
 */
export async function readAccount(client: SmartfloClient, options: ReadAccountOptions = {}): Promise<AccountSnapshot> {
  const snapshot: AccountSnapshot = { baseUrl: client.baseUrl, ivrs: [], unreadable: [], lists: {}, warnings: [] };
  const total = READ_STEPS.length;
  let done = 0;
  const step = async <T>(index: number, run: () => Promise<T>, optional: boolean): Promise<T | undefined> => {
    const s = READ_STEPS[index]!;
    options.onStep?.(s, done, total);
    try {
      return await run();
    } catch (err) {
      if (!optional) throw err;
      snapshot.warnings.push(`could not read the ${s.what} (${s.endpoint}): ${client.redact((err as Error).message)}`);
      return undefined;
    } finally {
      options.onStep?.(s, ++done, total);
    }
  };

  const records = (await step(0, () => listIvrs(client), false))!;
  snapshot.ivrs = readEach(records, "IVR", (raw) => ivrFromReadShape(raw), snapshot.unreadable);
  snapshot.lists.ivrs = new Map(records.map((r) => [r.id, r.name]));

  snapshot.numbers = await step(1, () => listNumbers(client), true);
  const recordings = await step(2, () => listRecordings(client), true);
  if (recordings) snapshot.lists.recordings = new Map(recordings.map((r) => [r.id, r.name]));
  const users = await step(3, () => listUsers(client), true);
  const departments = await step(4, () => listDepartmentRecords(client), true);
  if (departments) {
    snapshot.lists.departments = new Map(departments.map((d) => [d.id, d.name]));
    snapshot.departments = readEach(departments, "department", (raw) => departmentFromReadShape(raw), snapshot.unreadable);
  }
  if (users) {
    // As the provider checks agents: users' agent ids, and the members of departments.
    const agents = new Map<string, string>();
    for (const u of users) if (u.agentId) agents.set(u.agentId, u.name);
    for (const d of departments ?? []) for (const a of departmentInfo(d.raw).agentIds) if (!agents.has(a)) agents.set(a, "");
    snapshot.lists.agents = agents;
  }
  const timeGroups = await step(5, () => listTimeGroupRecords(client), true);
  if (timeGroups) {
    snapshot.lists.timegroups = new Map(timeGroups.map((t) => [t.id, t.name]));
    snapshot.timeGroups = readEach(timeGroups, "time group", (raw) => timeGroupFromReadShape(raw), snapshot.unreadable);
  }
  return snapshot;
}

/** Each record in its kind's model, in id order; one that cannot be read is noted instead. */
function readEach<T extends { id: string }>(records: ReadonlyArray<{ id: string; name: string; raw: unknown }>, noun: string, read: (raw: unknown) => T, unreadable: UnreadableObject[]): T[] {
  const out: T[] = [];
  for (const record of records) {
    try {
      out.push(read(record.raw));
    } catch (err) {
      unreadable.push({ noun, id: record.id, name: record.name, reason: (err as Error).message });
    }
  }
  return out.sort((a, b) => compareIds(a.id, b.id));
}

/** Numeric ids in numeric order, others after them as text. */
export function compareIds(a: string, b: string): number {
  const na = /^\d+$/.test(a) ? Number(a) : NaN;
  const nb = /^\d+$/.test(b) ? Number(b) : NaN;
  if (!Number.isNaN(na) && !Number.isNaN(nb)) return na - nb;
  if (!Number.isNaN(na)) return -1;
  if (!Number.isNaN(nb)) return 1;
  return a < b ? -1 : a > b ? 1 : 0;
}

/**
 * Whether a `type||id` reference names something the account lists: true or false when its list
 * was read, undefined when Smartflo lists no such thing or the list could not be read.
 */
export function existsInAccount(lists: AccountSnapshot["lists"], ref: string): boolean | undefined {
  const parsed = parseRef(ref);
  if (!parsed) return undefined;
  const list = referenceFacts(parsed.type)?.checkedAgainst;
  if (!list) return undefined;
  return lists[list]?.has(parsed.id);
}

/** The account's name for what a `type||id` reference names ("" or undefined when it has none). */
export function nameInAccount(lists: AccountSnapshot["lists"] | undefined, ref: string): string | undefined {
  const parsed = parseRef(ref);
  if (!parsed || !lists) return undefined;
  const list = referenceFacts(parsed.type)?.checkedAgainst;
  const name = list ? lists[list]?.get(parsed.id) : undefined;
  return name ? name : undefined;
}
