/**
 * Plan-time checks against the account: every reference a resource holds (found by its kind's
 * reference walk) must name something the account lists, so must a kind's listed property (a
 * routed number), and a new resource's unique name must be free. Which list a reference type is checked against comes from the reference registry
 * (core/destinations.ts); each list is asked once per account per provider process (one Pulumi
 * run), through the client's shared rate limiter.
 */
import { listDepartments, listNumbers, listRecordings, listTimeGroups, listUsers } from "../account/lookups";
import type { DepartmentInfo } from "../account/lookups";
import type { SmartfloClient } from "../client/client";
import { AuthenticationError, SmartfloError } from "../client/errors";
import { AccountList, referenceFacts } from "../core/destinations";
import { nameKey, sameName } from "../core/names";
import { Problem, formatPath } from "../core/problems";
import { UNKNOWN, parseRef } from "../core/refs";
import { findReferences } from "../core/walk";
import { listIvrs } from "../kinds/ivr/api";
import type { KindSpec } from "../kinds/kind";
import type { Settings } from "./config";

/** What one account list tells: the ids in it, and for lists of named objects, their names. */
export interface Listing {
  ids: Set<string>;
  /** id -> name, for lists whose names must be unique. */
  names?: Map<string, string>;
  at: number;
}

export interface ListSource {
  endpoint: string;
  /** What a reference to it is called in messages ("recording references"). */
  what: string;
  /** Lists of managed objects change during a run (earlier steps create them): look again before failing. */
  changesDuringRun?: boolean;
  /** `fresh`: look again rather than reuse what this process already read. */
  load(client: SmartfloClient, lists: AccountLists, fresh: boolean): Promise<Omit<Listing, "at">>;
}

const LISTS = {
  recordings: {
    endpoint: "GET /v1/recordings",
    what: "recording",
    load: async (client) => ({ ids: new Set((await listRecordings(client)).map((r) => r.id)) }),
  },
  agents: {
    endpoint: "GET /v1/users",
    what: "agent",
    load: async (client, lists) => {
      const [users, departments] = await Promise.all([listUsers(client), lists.departments()]);
      const ids = new Set<string>();
      users.forEach((u) => u.agentId && ids.add(u.agentId));
      departments.forEach((d) => d.agentIds.forEach((a) => ids.add(a)));
      return { ids };
    },
  },
  departments: {
    endpoint: "GET /v1/departments",
    what: "department",
    changesDuringRun: true,
    load: async (_client, lists, fresh) => named(await lists.departments(fresh)),
  },
  timegroups: {
    endpoint: "GET /v1/timegroups",
    what: "timegroup",
    changesDuringRun: true,
    load: async (client) => named(await listTimeGroups(client)),
  },
  ivrs: {
    endpoint: "GET /v1/ivrs",
    what: "ivr",
    changesDuringRun: true,
    load: async (client) => {
      const ivrs = await listIvrs(client);
      return named(ivrs);
    },
  },
  numbers: {
    endpoint: "GET /v1/my_number",
    what: "number",
    // names: id -> the number itself (`did`), which is what users write.
    load: async (client) => {
      const numbers = await listNumbers(client);
      return { ids: new Set(numbers.map((n) => n.id)), names: new Map(numbers.map((n) => [n.id, n.did ?? n.id])) };
    },
  },
} as const satisfies Record<AccountList, ListSource>;

function named(items: ReadonlyArray<{ id: string; name: string }>): Omit<Listing, "at"> {
  return { ids: new Set(items.map((i) => i.id)), names: new Map(items.map((i) => [i.id, i.name])) };
}

/** The account lists one provider process has asked for, for one account (held by the session). */
export class AccountLists {
  private readonly listings = new Map<AccountList, Promise<Listing>>();
  private departmentList?: Promise<DepartmentInfo[]>;
  private readonly released = new Map<AccountList, Set<string>>();

  constructor(private readonly client: SmartfloClient) {}

  get(list: AccountList, fresh = false): Promise<Listing> {
    let pending = this.listings.get(list);
    if (!pending || fresh) {
      // A failed lookup is remembered too: an unreachable account is asked once per run, not once
      // per resource (each attempt would wait through the retries).
      const at = Date.now();
      pending = (LISTS[list] as ListSource).load(this.client, this, fresh).then((l) => ({ ...l, at }));
      this.listings.set(list, pending);
    }
    return pending;
  }

  /** The departments list, which serves two lists (departments, and the agents in them). */
  departments(fresh = false): Promise<DepartmentInfo[]> {
    if (!this.departmentList || fresh) {
      const pending = listDepartments(this.client);
      pending.catch(() => {
        if (this.departmentList === pending) this.departmentList = undefined;
      });
      this.departmentList = pending;
    }
    return this.departmentList;
  }

  /**
   * A resource of this stack is renamed away from `name` in this run (its check, or the program
   * that declared it, said so): the name does not count as taken for the other resources of the
   * run, which the program orders after the rename (preview/stack-rules.ts).
   */
  release(list: AccountList, name: string): void {
    let names = this.released.get(list);
    if (!names) this.released.set(list, (names = new Set()));
    names.add(nameKey(name));
  }

  isReleased(list: AccountList, name: string): boolean {
    return this.released.get(list)?.has(nameKey(name)) ?? false;
  }

  /** Keeps a list true after this process creates (name given) or deletes (no name) an object in it. */
  note(list: AccountList, id: string, name: string | undefined): void {
    this.listings.get(list)?.then(
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
}

/** The account could not tell: a lookup failed, so nothing it would have decided was decided. */
export interface AccountUnavailable {
  /** The request that failed (`GET /v1/departments`), not the list it was for. */
  endpoint: string;
  /** Redacted. */
  message: string;
  /** Smartflo refused the credentials (401/403, or a refused login), as opposed to not answering. */
  rejected: boolean;
}

export interface ReferenceCheck {
  problems: Problem[];
  /** With `adopt` on a new resource: the object of its name the account holds, which `up` takes over. */
  adopts?: { id: string; name: string };
  /** The first lookup that failed, if any. */
  unavailable?: AccountUnavailable;
}

export interface CheckContext {
  client: SmartfloClient;
  lists: AccountLists;
  /** The resource has no state yet: its unique name must not be taken, unless `adopt`. */
  isNew: boolean;
  adopt: boolean;
  /** The unique name in the resource's state, when it has one (a rename is checked like a new name). */
  previousName?: string;
}

/** `value` is the checked (possibly partly unknown) value of a resource of kind `spec`. */
export async function checkReferences<V>(spec: KindSpec<V>, value: V, ctx: CheckContext): Promise<ReferenceCheck> {
  const refs = findReferences(spec.references, value)
    .filter((r): r is typeof r & { value: string } => typeof r.value === "string" && r.value !== UNKNOWN)
    .map((r) => ({ property: formatPath(r.path), value: r.value }));

  const listOf = (ref: string): AccountList | undefined => referenceFacts(parseRef(ref)?.type ?? "")?.checkedAgainst ?? undefined;
  const needed = new Set<AccountList>();
  for (const r of refs) {
    const list = listOf(r.value);
    if (list) needed.add(list);
  }
  const name = spec.uniqueName && (value as Record<string, unknown>)[spec.uniqueName];
  const checkName = typeof name === "string" && name !== UNKNOWN && !ctx.adopt && spec.listedIn !== undefined &&
    (ctx.isNew || (ctx.previousName !== undefined && !sameName(ctx.previousName, name)));
  if (checkName) needed.add(spec.listedIn!);
  const findAdopted = typeof name === "string" && name !== UNKNOWN && ctx.adopt && ctx.isNew && spec.listedIn !== undefined;
  if (findAdopted) needed.add(spec.listedIn!);
  const listed = spec.listedProperty;
  const member = listed && (value as Record<string, unknown>)[listed.property];
  const checkMember = listed !== undefined && typeof member === "string" && member !== UNKNOWN;
  if (checkMember) needed.add(listed.list);

  const problems: Problem[] = [];
  let unavailable: AccountUnavailable | undefined;
  const listings = new Map<AccountList, Listing>();
  await Promise.all(
    [...needed].map(async (list) => {
      try {
        listings.set(list, await ctx.lists.get(list));
      } catch (err) {
        // One list may need several requests (agents: users and departments): name the one that failed.
        const endpoint = err instanceof SmartfloError ? err.endpoint : LISTS[list].endpoint;
        const failure = { endpoint, message: ctx.client.redact(failureText(err, endpoint)), rejected: err instanceof AuthenticationError };
        if (!unavailable || (failure.rejected && !unavailable.rejected)) unavailable = failure;
      }
    }),
  );

  const memberNames = checkMember ? listings.get(listed.list)?.names : undefined;
  if (checkMember && memberNames && !listed.holds(memberNames, member)) {
    problems.push({ property: listed.property, reason: listed.missing(member, memberNames) });
  }

  for (const r of refs) {
    const ref = parseRef(r.value)!;
    const list = listOf(r.value);
    if (!list) continue;
    let known = listings.get(list);
    if (!known) continue;
    if (!known.ids.has(ref.id) && (LISTS[list] as ListSource).changesDuringRun && Date.now() - known.at > 1000) {
      // Created since the lookup (by another tool, or earlier in this run): look once more.
      try {
        known = await ctx.lists.get(list, true);
        listings.set(list, known);
      } catch {
        continue;
      }
    }
    if (!known.ids.has(ref.id)) problems.push({ property: r.property, reason: missingReason(ref.type, ref.id, list, known) });
  }

  /** The listed object (id, name) that holds the resource's unique name, if the list was read. */
  const holderOfName = () => [...(listings.get(spec.listedIn!)?.names ?? [])].find(([, n]) => sameName(n, name as string));
  if (checkName && !ctx.lists.isReleased(spec.listedIn!, name)) {
    const clash = holderOfName();
    if (clash) {
      problems.push({
        property: spec.uniqueName!,
        reason: `${spec.aNoun} named '${clash[1]}' already exists in this Smartflo account (id ${clash[0]}); set adopt: true to manage it with Pulumi, or choose another name`,
      });
    }
  }
  const holder = findAdopted ? holderOfName() : undefined;
  return { problems, unavailable, ...(holder ? { adopts: { id: holder[0], name: holder[1] } } : {}) };
}

/** What a failed lookup said, without repeating its endpoint: `HTTP 401: <Smartflo's message>`. */
function failureText(err: unknown, endpoint: string): string {
  if (err instanceof SmartfloError && err.status !== undefined && !(err.status >= 200 && err.status < 300)) {
    return `HTTP ${err.status}${err.apiMessage ? `: ${err.apiMessage}` : ""}`;
  }
  const text = err instanceof Error ? err.message : String(err);
  return text.startsWith(`Smartflo ${endpoint}`) ? text.slice(`Smartflo ${endpoint}`.length).replace(/^:?\s*/, "") : text;
}

/** What an account that could not tell means for the run: an error, or one warning. */
export function unavailableVerdict(u: AccountUnavailable, settings: Settings): { error?: string; warning: string } {
  if (u.rejected) {
    return { error: rejectedReason(u, settings), warning: rejectedReason(u, settings) };
  }
  const what = `could not reach the Smartflo account at ${settings.baseUrl} to check references (${u.endpoint}: ${u.message})`;
  if (settings.requireAccountChecks) {
    return { error: `${what}; smartflo:requireAccountChecks is true, so this fails the check (set it to false to leave the decision to \`pulumi up\`)`, warning: what };
  }
  return { warning: `${what}; leaving the decision to \`pulumi up\` (set smartflo:requireAccountChecks to true to fail instead)` };
}

/** Rejected credentials: which setting supplied them, and how to fix it. */
function rejectedReason(u: AccountUnavailable, settings: Settings): string {
  const keys = settings.credentialKeys;
  const fix = keys.token
    ? keys.token.startsWith("smartflo:")
      ? "set a valid one with `pulumi config set --secret smartflo:token <token>`"
      : `set a valid ${keys.token} in the environment of \`pulumi\``
    : `check ${keys.email} and ${keys.password}` +
      (keys.password?.startsWith("smartflo:") ? " (`pulumi config set --secret smartflo:password <password>`)" : "");
  const used = keys.token ? `the token in ${keys.token}` : `the login with ${keys.email} and ${keys.password}`;
  return `Smartflo rejected ${used} (${u.endpoint}: ${u.message}): ${fix}`;
}

export function noCredentialsReason(required: boolean): string {
  const none = "no Smartflo credentials are configured (smartflo:token, or smartflo:email and smartflo:password)";
  return required
    ? `${none}, and smartflo:requireAccountChecks is true: set them, or set smartflo:requireAccountChecks to false`
    : `${none}, so referenced ids were not checked against the account; \`pulumi up\` needs them`;
}

function missingReason(type: string, id: string, list: AccountList, known: Listing): string {
  const sample = [...known.ids].slice(0, 8);
  const listed = known.ids.size === 0 ? "it lists none" : `it lists ${sample.join(", ")}${known.ids.size > sample.length ? ", ..." : ""}`;
  const meaning = referenceFacts(type)?.idMeaning;
  const what = meaning ? `${type} ${id} (${meaning})` : `${type} ${id}`;
  return `${what} does not exist in this Smartflo account (${LISTS[list].endpoint}: ${listed})`;
}
