/**
 * The read-only checks of `smartflo doctor`: list shapes, id fields, the read shapes of IVRs,
 * departments, time groups and numbers, the reference types read back, pagination, and the
 * status of a refused token. Each asks the account
 * through the client (raw answers where the shape itself is the question) and then the package's
 * own reading of the same list, so a check fails exactly when the package would misread the account.
 */
import {
  listDepartments, listNumbers, listRecordings, listTimeGroups, listUsers,
} from "../../account/lookups";
import { ClientOptions, SmartfloClient } from "../../client/client";
import { AuthenticationError, SmartfloError } from "../../client/errors";
import { RateLimiters } from "../../client/ratelimit";
import { DESTINATIONS, writeTypeOf } from "../../core/destinations";
import { describeProblems, problemsFromZod } from "../../core/problems";
import { parseRef } from "../../core/refs";
import { listDepartmentRecords } from "../../kinds/department/api";
import { fromReadShape as readDepartment } from "../../kinds/department/mapping";
import { validateDepartment } from "../../kinds/department/spec";
import { listIvrs } from "../../kinds/ivr/api";
import { ApiIvrReadSchema } from "../../kinds/ivr/mapping";
import { listNumberRecords } from "../../kinds/number-routing/api";
import { listTimeGroupRecords } from "../../kinds/time-group/api";
import { fromReadShape as readTimeGroup } from "../../kinds/time-group/mapping";
import { validateTimeGroup } from "../../kinds/time-group/spec";
import type { DoctorCheck } from "./report";
import { Checks, OpenCheck } from "./checks";

/** What the read checks learnt that the write checks use. */
export interface AccountFacts {
  ivrs: Array<Record<string, unknown>>;
  recordingIds: string[];
  departmentIds: string[];
}

type Raw = Record<string, unknown>;

/** Keys that say a list answer is one page of more. */
const PAGING_KEYS = ["page", "limit", "per_page", "current_page", "last_page", "total", "has_more", "next", "next_page", "next_page_url", "last_seen_id"];

export async function readChecks(client: SmartfloClient, clientOptions: ClientOptions, checks: Checks): Promise<AccountFacts> {
  const facts: AccountFacts = { ivrs: [], recordingIds: [], departmentIds: [] };

  // 1. The credentials, and the IVR list's shape.
  let body: unknown;
  const credentials = checks.start("credentials", "the token (or email and password) is accepted for GET /v1/ivrs");
  try {
    body = await client.request({ method: "GET", path: "/v1/ivrs" });
    credentials.holds("GET /v1/ivrs answered");
  } catch (err) {
    credentials.breaks(`GET /v1/ivrs failed: ${client.redact((err as Error).message)}`);
    throw new DoctorStop();
  }
  const list = checks.start("ivrs-list-shape", "GET /v1/ivrs answers {ivrs: [...]} (a bare array is read too)");
  const ivrs = Array.isArray(body) ? body : (body as Raw | undefined)?.ivrs;
  if (!Array.isArray(ivrs)) {
    list.breaks(`GET /v1/ivrs answered ${shapeOf(body)}: no ivrs[] list, so the provider cannot read any IVR`);
    throw new DoctorStop();
  }
  facts.ivrs = ivrs as Raw[];
  if (Array.isArray(body)) list.differs(`GET /v1/ivrs answered a bare array of ${ivrs.length}; the provider reads it`);
  else list.holds(`GET /v1/ivrs answered ${shapeOf(body)}`);

  // 2. Pagination: signals in the plain answer, or a page asked for and given.
  await paginationCheck(client, body as Raw | unknown[], ivrs, checks);

  // 3. Each IVR in the read shape the mapping reads, with an id.
  const shape = checks.start("ivr-read-fields", "each IVR of GET /v1/ivrs has id, recording, timeout, invalid_retries, invalid_retry_recording, invalid_recording, invalid_destination_type, invalid_destination, timeout_retry_recording, timeout_recording, timeout_dest_type, timeout_destination, timeout_retries and ivr_menu[{option, destination_type, destination_id}]");
  if (ivrs.length === 0) {
    shape.skipped("the account has no IVR to read (run with --write to read a scratch IVR)");
  } else {
    entriesVerdict(shape, ENTRIES.ivr, (ivrs as unknown[]).map((raw, i) => ({ id: String((raw as Raw | null)?.id ?? `#${i}`), raw })), (raw) => {
      const parsed = ApiIvrReadSchema.safeParse(raw);
      if (!parsed.success) throw new Error(describeProblems(problemsFromZod(parsed.error)));
    });
  }

  // 4. The destination types the read side uses.
  const types = new Map<string, number>();
  for (const raw of ivrs as Raw[]) {
    for (const t of [raw.invalid_destination_type, raw.timeout_dest_type, ...((raw.ivr_menu as Raw[] | undefined) ?? []).map((m) => m?.destination_type)]) {
      if (typeof t === "string") types.set(t, (types.get(t) ?? 0) + 1);
    }
  }
  const numbers = await lookup(checks, "numbers-list", "GET /v1/my_number", "GET /v1/my_number answers a list of numbers, each with an id and its destination as type||id (or null)", () => client.request({ method: "GET", path: "/v1/my_number" }), () => listNumbers(client), (n) => n.id);
  const badDestinations = (numbers ?? []).filter((n) => n.destination !== undefined && !parseRef(n.destination));
  for (const n of numbers ?? []) {
    const type = n.destination && parseRef(n.destination)?.type;
    if (type) types.set(type, (types.get(type) ?? 0) + 1);
  }
  const refTypes = checks.start("reference-types", "destination types read back are the write types, or the aliases ringgroup/ring_group (department), time_group (timegroup), timecondition (time_condition)");
  const unknown = [...types.keys()].filter((t) => !Object.prototype.hasOwnProperty.call(DESTINATIONS, writeTypeOf(t)));
  if (badDestinations.length) {
    refTypes.breaks(`number ${badDestinations[0]!.id} has the destination '${badDestinations[0]!.destination}', which is not type||id`);
  } else if (unknown.length) {
    refTypes.breaks(`unknown destination types read back: ${unknown.join(", ")} (the provider would write them back as they are)`);
  } else if (types.size === 0) {
    refTypes.skipped("no IVR or number destination to look at");
  } else {
    refTypes.holds(`read back: ${[...types.keys()].map((t) => (writeTypeOf(t) === t ? t : `${t} (= ${writeTypeOf(t)})`)).join(", ")}`);
  }

  // 5. The other lists: their shapes, ids, and the package's reading of them.
  const recordings = await lookup(checks, "recordings-list", "GET /v1/recordings", "GET /v1/recordings answers a list (bare, or under data/recordings/results/items), each with an id", () => client.request({ method: "GET", path: "/v1/recordings" }), () => listRecordings(client), (r) => r.id);
  facts.recordingIds = (recordings ?? []).map((r) => r.id);
  const departments = await lookup(checks, "departments-list", "GET /v1/departments", "GET /v1/departments answers a list (bare, or under data/departments/results), each with an id", () => client.request({ method: "GET", path: "/v1/departments" }), () => listDepartments(client), (d) => d.id);
  facts.departmentIds = (departments ?? []).map((d) => d.id);
  const timeGroups = await lookup(checks, "timegroups-list", "GET /v1/timegroups", "GET /v1/timegroups answers a list (bare, or under data/timegroups/results), each with an id", () => client.request({ method: "GET", path: "/v1/timegroups" }), () => listTimeGroups(client), (t) => t.id);
  await usersCheck(client, checks);

  // 6. Departments, time groups and numbers in the read shapes the Department, TimeGroup and
  // NumberRouting resources read (refresh, adopt, export), and within this package's rules.
  await entriesCheck(checks, "department-read-fields", "each department of GET /v1/departments has id, name, ring_strategy, timeout_dest_type, timeout_destination, agents[{eid, timeout}] and music_on_hold, in values a Department takes", departments !== undefined, async () => (await listDepartmentRecords(client)).map((r) => ({ id: r.id, raw: r.raw })), ENTRIES.department, (raw) => readDepartment(raw).department, validateDepartment);
  await entriesCheck(checks, "timegroup-read-fields", "each time group of GET /v1/timegroups has id, name, from_time[] and to_time[] (paired, HH:MM), days[], dates[] and months[], in values a TimeGroup takes", timeGroups !== undefined, async () => (await listTimeGroupRecords(client)).map((r) => ({ id: r.id, raw: r.raw })), ENTRIES.timeGroup, (raw) => readTimeGroup(raw).timeGroup, validateTimeGroup);
  const numberShape = checks.start("number-read-fields", "each number of GET /v1/my_number has id, did and destination (type||id, or null), as a NumberRouting reads it");
  if (numbers === undefined) {
    numberShape.skipped("GET /v1/my_number could not be read (numbers-list)");
  } else {
    try {
      const read = await listNumberRecords(client);
      if (read.length === 0) numberShape.skipped("the account lists no number");
      else numberShape.holds(`all ${read.length} numbers have id and did${read.some((n) => !n.destination) ? "; those that route nowhere list no destination" : ""}`);
    } catch (err) {
      numberShape.breaks(`${(err as Error).message}: a NumberRouting cannot route or read any number of this account`);
    }
  }

  // 7. A token the account does not know is refused with 401/403 (what makes the provider say which setting to check).
  await refusedTokenCheck(clientOptions, checks);
  return facts;
}

/** How a check's message names the entries of one list. */
interface Entries {
  endpoint: string;
  noun: string;
  plural: string;
}

const ENTRIES = {
  ivr: { endpoint: "GET /v1/ivrs", noun: "IVR", plural: "IVRs" },
  department: { endpoint: "GET /v1/departments", noun: "department", plural: "departments" },
  timeGroup: { endpoint: "GET /v1/timegroups", noun: "time group", plural: "time groups" },
} as const satisfies Record<string, Entries>;

type Rules<T> = (value: T) => { ok: true } | { ok: false; problems: Parameters<typeof describeProblems>[0] };

/**
 * Reads each entry as the provider does: breaks when one cannot be read (refresh and adopt would
 * fail on it); differs when one reads but breaks this package's rules (a resource declared from
 * it, as `smartflo export` writes one, would not validate); holds otherwise.
 */
function entriesVerdict<T>(check: OpenCheck, what: Entries, entries: ReadonlyArray<{ id: string; raw: unknown }>, read: (raw: unknown) => T, rules?: Rules<T>): void {
  const unreadable: string[] = [];
  const outside: string[] = [];
  for (const { id, raw } of entries) {
    let value: T;
    try {
      value = read(raw);
    } catch (err) {
      unreadable.push(`${what.noun} ${id}: ${(err as Error).message}`);
      continue;
    }
    const valid = rules?.(value);
    if (valid && !valid.ok) outside.push(`${what.noun} ${id}: ${describeProblems(valid.problems)}`);
  }
  const some = (list: string[]) => `${list.slice(0, 3).join("; ")}${list.length > 3 ? "; ..." : ""}`;
  if (unreadable.length) check.breaks(`${unreadable.length} of ${entries.length} ${what.plural} are not in the read shape: ${some(unreadable)}`);
  else if (outside.length) check.differs(`${outside.length} of ${entries.length} ${what.plural} are read, but break this package's rules (fix them before adopting or exporting them): ${some(outside)}`);
  else check.holds(`all ${entries.length} ${what.plural} have every field`);
}

/** One list's entries, read as `entriesVerdict` reads them; skipped when the list itself could not be read or is empty. */
async function entriesCheck<T>(
  checks: Checks,
  id: string,
  assumption: string,
  listed: boolean,
  entries: () => Promise<Array<{ id: string; raw: unknown }>>,
  what: Entries,
  read: (raw: unknown) => T,
  rules?: Rules<T>,
): Promise<void> {
  const check = checks.start(id, assumption);
  if (!listed) return check.skipped(`${what.endpoint} could not be read`);
  let list: Array<{ id: string; raw: unknown }>;
  try {
    list = await entries();
  } catch (err) {
    return check.breaks(`${what.endpoint} failed: ${(err as Error).message}`);
  }
  if (list.length === 0) return check.skipped(`the account has no ${what.noun}`);
  entriesVerdict(check, what, list, read, rules);
}

/** The read checks cannot go on (no credentials, no IVR list). */
export class DoctorStop extends Error {}

async function paginationCheck(client: SmartfloClient, body: Raw | unknown[], ivrs: unknown[], checks: Checks): Promise<void> {
  const paging = checks.start("ivrs-pagination", "GET /v1/ivrs answers the whole list in one answer (no pagination is documented)");
  const signals = Array.isArray(body) ? [] : PAGING_KEYS.filter((k) => k in body);
  const total = Array.isArray(body) ? undefined : Number(body.total);
  const more = !Array.isArray(body) && (body.has_more === true || body.has_more === 1 || body.has_more === "true" || (Number.isFinite(total) && total! > ivrs.length));
  if (signals.length) {
    if (!more) {
      paging.differs(`GET /v1/ivrs carries paging signals (${signals.join(", ")}), and all ${ivrs.length} IVRs came in the first answer, so whether the package follows pages could not be seen`);
      return;
    }
    const read = (await listIvrs(client)).length;
    const of = Number.isFinite(total) ? `${total}` : "more";
    if (Number.isFinite(total) && read >= total!) paging.differs(`GET /v1/ivrs is paged (${signals.join(", ")}); the package read all ${read} IVRs`);
    else paging.breaks(`GET /v1/ivrs is paged (${signals.join(", ")}): the first answer holds ${ivrs.length} of ${of} IVRs, and the package read ${read}`);
    return;
  }
  // No signals: does the account page when asked to?
  let probe: unknown;
  try {
    probe = await client.request({ method: "GET", path: "/v1/ivrs", query: { page: 1, limit: 1 } });
  } catch (err) {
    paging.holds(`GET /v1/ivrs answered the whole list (${ivrs.length}); ?page=1&limit=1 was refused (${(err as SmartfloError).status ?? "error"})`);
    return;
  }
  const probed = Array.isArray(probe) ? probe : (probe as Raw | undefined)?.ivrs;
  if (Array.isArray(probed) && ivrs.length > 1 && probed.length < ivrs.length) {
    paging.differs(`GET /v1/ivrs answered the whole list (${ivrs.length}), but pages when asked (?page=1&limit=1 gave ${probed.length}); the package does not ask`);
  } else {
    paging.holds(`GET /v1/ivrs answered the whole list (${ivrs.length}) with no paging signals${ivrs.length > 1 ? ", and ignored ?page=1&limit=1" : ""}`);
  }
}

/** One list: its raw shape, and whether the package's lookup reads every item of it with an id. */
async function lookup<T>(
  checks: Checks,
  id: string,
  endpoint: string,
  assumption: string,
  raw: () => Promise<unknown>,
  read: () => Promise<T[]>,
  idOf: (item: T) => string,
): Promise<T[] | undefined> {
  const check = checks.start(id, assumption);
  let body: unknown;
  try {
    body = await raw();
  } catch (err) {
    check.breaks(`${endpoint} failed: ${(err as Error).message}`);
    return undefined;
  }
  let items: T[];
  try {
    items = await read();
  } catch (err) {
    check.breaks(`${endpoint} answered ${shapeOf(body)}, which the package cannot read: ${(err as Error).message}`);
    return undefined;
  }
  const missingId = items.filter((i) => !idOf(i) || idOf(i) === "undefined");
  if (missingId.length) check.breaks(`${endpoint} answered ${shapeOf(body)}; ${missingId.length} of ${items.length} items have no id`);
  else check.holds(`${endpoint} answered ${shapeOf(body)}; the package read ${items.length}`);
  return items;
}

async function usersCheck(client: SmartfloClient, checks: Checks): Promise<void> {
  const check = checks.start("users-cursor", "GET /v1/users pages with limit and last_seen_id, answering {has_more, last_seen_id, data: [{id, agent: {id}}]}");
  let page: unknown;
  try {
    page = await client.request({ method: "GET", path: "/v1/users", query: { limit: 1 } });
  } catch (err) {
    check.breaks(`GET /v1/users?limit=1 failed: ${(err as Error).message}`);
    return;
  }
  const p = (page ?? {}) as Raw;
  let users: Awaited<ReturnType<typeof listUsers>>;
  try {
    users = await listUsers(client);
  } catch (err) {
    check.breaks(`GET /v1/users answered ${shapeOf(page)}, which the package cannot read: ${(err as Error).message}`);
    return;
  }
  const cursor = "has_more" in p && "last_seen_id" in p;
  const agents = users.filter((u) => u.agentId).length;
  if (!cursor && users.length > 1) check.breaks(`GET /v1/users?limit=1 answered ${shapeOf(page)}, without has_more/last_seen_id; the package may read only the first page (it read ${users.length})`);
  else if (!cursor) check.differs(`GET /v1/users?limit=1 answered ${shapeOf(page)}, without has_more/last_seen_id (the package read ${users.length} user)`);
  else check.holds(`GET /v1/users?limit=1 answered ${shapeOf(page)}; the package read ${users.length} users, ${agents} with an agent id`);
}

async function refusedTokenCheck(options: ClientOptions, checks: Checks): Promise<void> {
  const check = checks.start("refused-token-status", "a token the account does not know is refused with HTTP 401 or 403");
  // A client of its own (not the user's credentials), no retries: one request, then the verdict.
  const stranger = new SmartfloClient({
    baseUrl: options.baseUrl,
    token: "smartflo-doctor-not-a-token",
    requestsPerSecond: options.requestsPerSecond,
    maxRetries: 0,
    requestTimeoutMs: options.requestTimeoutMs,
    limiters: new RateLimiters(),
    logger: options.logger,
  });
  try {
    await stranger.request({ method: "GET", path: "/v1/ivrs" });
    check.breaks("GET /v1/ivrs with a made-up token was answered as a success");
  } catch (err) {
    const e = err as SmartfloError;
    if (e instanceof AuthenticationError && (e.status === 401 || e.status === 403)) check.holds(`refused with HTTP ${e.status}${e.apiMessage ? ` "${e.apiMessage}"` : ""}`);
    else if (e instanceof AuthenticationError) check.differs(`refused with HTTP ${e.status} "${e.apiMessage ?? ""}"; the package recognises it by its words`);
    else check.breaks(`refused with HTTP ${e.status ?? "?"} (${e.name}: ${e.message}); the package would not say that the credentials are wrong`);
  }
}

/** `{success, data: [3], count}`, `a bare array of 2`, `HTML text`. */
export function shapeOf(body: unknown): string {
  if (Array.isArray(body)) return `a bare array of ${body.length}`;
  if (body === null || body === undefined) return "nothing";
  if (typeof body !== "object") return `text '${String(body).slice(0, 40)}'`;
  const keys = Object.entries(body as Raw).map(([k, v]) => (Array.isArray(v) ? `${k}: [${v.length}]` : k));
  return `{${keys.join(", ")}}`;
}
