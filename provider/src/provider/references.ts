/**
 * Plan-time checks against the account: every referenced recording, extension/agent,
 * department, time group and IVR must exist, and a new IVR's name must be free. One lookup per
 * kind per provider process (one Pulumi run), through the client's shared rate limiter.
 */
import { DepartmentInfo, listDepartments, listRecordings, listTimeGroups, listUsers } from "../account/lookups";
import type { SmartfloClient } from "../client/client";
import { listIvrs } from "../kinds/ivr/api";
import { sameName } from "../core/names";
import type { Problem } from "../core/problems";
import { UNKNOWN, parseRef } from "../core/refs";
import type { Ivr } from "../kinds/ivr/spec";

type Kind = "recording" | "agent" | "department" | "timegroup" | "ivr";

const KIND_OF_TYPE: Record<string, Kind | undefined> = {
  recording: "recording",
  extension: "agent",
  agent: "agent",
  department: "department",
  timegroup: "timegroup",
  ivr: "ivr",
  // outbound_tts, voicemail, time_condition: Smartflo has no list endpoint to check them against.
};

const ENDPOINT: Record<Kind, string> = {
  recording: "GET /v1/recordings",
  agent: "GET /v1/users",
  department: "GET /v1/departments",
  timegroup: "GET /v1/timegroups",
  ivr: "GET /v1/ivrs",
};

interface Lookup {
  ids: Set<string>;
  /** id -> name, for IVRs (duplicate-name check). */
  names?: Map<string, string>;
  at: number;
}

/** Per account, per kind: the lookups of this process. */
const cache = new Map<string, Map<Kind, Promise<Lookup>>>();
/** Per account: the departments list, which serves two kinds (departments and their agents). */
const departmentLists = new Map<string, Promise<DepartmentInfo[]>>();

function departmentsOf(client: SmartfloClient): Promise<DepartmentInfo[]> {
  let pending = departmentLists.get(client.accountKey);
  if (!pending) {
    pending = listDepartments(client);
    pending.catch(() => departmentLists.delete(client.accountKey));
    departmentLists.set(client.accountKey, pending);
  }
  return pending;
}

async function load(client: SmartfloClient, kind: Kind): Promise<Lookup> {
  const at = Date.now();
  switch (kind) {
    case "recording":
      return { ids: new Set((await listRecordings(client)).map((r) => r.id)), at };
    case "agent": {
      const [users, departments] = await Promise.all([listUsers(client), departmentsOf(client)]);
      const ids = new Set<string>();
      users.forEach((u) => u.agentId && ids.add(u.agentId));
      departments.forEach((d) => d.agentIds.forEach((a) => ids.add(a)));
      return { ids, at };
    }
    case "department":
      return { ids: new Set((await departmentsOf(client)).map((d) => d.id)), at };
    case "timegroup":
      return { ids: new Set((await listTimeGroups(client)).map((t) => t.id)), at };
    case "ivr": {
      const ivrs = await listIvrs(client);
      return { ids: new Set(ivrs.map((i) => i.id)), names: new Map(ivrs.map((i) => [i.id, i.name])), at };
    }
  }
}

function lookup(client: SmartfloClient, kind: Kind, fresh = false): Promise<Lookup> {
  let perAccount = cache.get(client.accountKey);
  if (!perAccount) cache.set(client.accountKey, (perAccount = new Map()));
  let pending = perAccount.get(kind);
  if (!pending || fresh) {
    // A failed lookup is remembered too: an unreachable account is asked once per run, not once
    // per IVR (each attempt would wait through the retries).
    pending = load(client, kind);
    perAccount.set(kind, pending);
  }
  return pending;
}

/** Warnings already printed in this process, so each is printed once per run. */
const warned = new Set<string>();

/** Keeps the IVR lookup true after this process creates or deletes one. */
export function noteIvr(client: SmartfloClient, id: string, name: string | undefined): void {
  const pending = cache.get(client.accountKey)?.get("ivr");
  pending?.then(
    (l) => {
      if (name === undefined) {
        l.ids.delete(id);
        l.names?.delete(id);
      } else {
        l.ids.add(id);
        l.names?.set(id, name);
      }
    },
    () => undefined,
  );
}

/** Forget every lookup (tests; a new run in the same process). */
export function clearReferenceCache(): void {
  cache.clear();
  warned.clear();
  departmentLists.clear();
}

export interface ReferenceCheck {
  problems: Problem[];
  /** Lookups that failed: the account could not be reached, so nothing was decided. */
  warnings: string[];
}

/**
 * `ivr` is the checked (possibly partly unknown) IVR. `isNew`: the resource has no state yet
 * (its name must not be taken, unless `adopt`). `renamedFrom`: the previous name, on rename.
 */
export async function checkReferences(
  client: SmartfloClient,
  ivr: Ivr,
  opts: { isNew: boolean; adopt: boolean; previousName?: string },
): Promise<ReferenceCheck> {
  const refs: Array<{ property: string; value: string }> = [];
  const add = (property: string, value: unknown) => {
    if (typeof value === "string" && value !== UNKNOWN) refs.push({ property, value });
  };
  add("greeting", ivr.greeting);
  if (Array.isArray(ivr.options)) ivr.options.forEach((o, i) => add(`options[${i}].destination`, o?.destination));
  for (const f of ["invalidInput", "noInput"] as const) {
    const fb = ivr[f] as Partial<Ivr["invalidInput"]> | string | undefined;
    if (fb && typeof fb === "object") {
      add(`${f}.retryRecording`, fb.retryRecording);
      add(`${f}.finalRecording`, fb.finalRecording);
      add(`${f}.destination`, fb.destination);
    }
  }

  const problems: Problem[] = [];
  const warnings: string[] = [];
  const needed = new Set<Kind>();
  for (const r of refs) {
    const kind = KIND_OF_TYPE[parseRef(r.value)?.type ?? ""];
    if (kind) needed.add(kind);
  }
  const checkName = typeof ivr.name === "string" && ivr.name !== UNKNOWN && !opts.adopt &&
    (opts.isNew || (opts.previousName !== undefined && !sameName(opts.previousName, ivr.name)));
  if (checkName) needed.add("ivr");

  const lookups = new Map<Kind, Lookup>();
  await Promise.all(
    [...needed].map(async (kind) => {
      try {
        lookups.set(kind, await lookup(client, kind));
      } catch (err) {
        const warning = `could not check ${kind} references (${ENDPOINT[kind]}): ${client.redact((err as Error).message)}`;
        if (!warned.has(`${client.accountKey}|${warning}`)) warnings.push(warning);
        warned.add(`${client.accountKey}|${warning}`);
      }
    }),
  );

  for (const r of refs) {
    const ref = parseRef(r.value)!;
    const kind = KIND_OF_TYPE[ref.type];
    if (!kind) continue;
    let known = lookups.get(kind);
    if (!known) continue;
    if (!known.ids.has(ref.id) && kind === "ivr" && Date.now() - known.at > 1000) {
      // Created since the lookup (by another tool, or earlier in this run): look once more.
      try {
        known = await lookup(client, kind, true);
        lookups.set(kind, known);
      } catch {
        continue;
      }
    }
    if (!known.ids.has(ref.id)) {
      problems.push({ property: r.property, reason: missingReason(ref.type, ref.id, kind, known) });
    }
  }

  if (checkName) {
    const ivrs = lookups.get("ivr");
    const clash = ivrs?.names && [...ivrs.names].find(([, n]) => sameName(n, ivr.name));
    if (clash) {
      problems.push({
        property: "name",
        reason: `an IVR named '${clash[1]}' already exists in this Smartflo account (id ${clash[0]}); set adopt: true to manage it with Pulumi, or choose another name`,
      });
    }
  }
  return { problems, warnings };
}

function missingReason(type: string, id: string, kind: Kind, known: Lookup): string {
  const sample = [...known.ids].slice(0, 8);
  const listed = known.ids.size === 0 ? "it lists none" : `it lists ${sample.join(", ")}${known.ids.size > sample.length ? ", ..." : ""}`;
  const what = type === "extension" || type === "agent" ? `${type} ${id} (an agent/extension id)` : `${type} ${id}`;
  return `${what} does not exist in this Smartflo account (${ENDPOINT[kind]}: ${listed})`;
}
