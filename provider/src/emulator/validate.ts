/**
 * What every write validator shares: field readers, integer parsing, reference checks against the
 * account, and the finder that says who still routes to a thing. The real API's rules are mostly
 * undocumented, so the validators apply the strictest plausible ones: a client that passes here
 * sends what the documentation describes. The first failure wins, reported as `<field>: <reason>`.
 */
import { Ref, SinglePipeMode, formatRef, invalid, parseRef, quote, splitStoredRef } from "./refs";
import { AccountState } from "./schema";

export interface ValidationContext {
  /** The account whose lookups (recordings, users, ...) references must resolve in. */
  account: AccountState;
  /** The IVR / department / time group being replaced: excluded from the duplicate-name check. */
  selfId?: number | string;
  singlePipe: SinglePipeMode;
  maxNameLength: number;
  /** False when loading a state file, which may legitimately hold dangling references. */
  checkReferences: boolean;
  /** Ids of seed IVRs not yet loaded, which other seed IVRs may already route to. */
  pendingIvrIds?: ReadonlySet<number>;
}

/** Longest accepted name of any kind unless the emulator is started with another (`maxNameLength`). */
export const DEFAULT_MAX_NAME_LENGTH = 64;

/** Longest accepted description of any kind. */
export const MAX_DESCRIPTION_LENGTH = 255;

export function isPlainObject(value: unknown): value is Record<string, unknown> {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}

export function objectBody(body: unknown): Record<string, unknown> {
  if (!isPlainObject(body)) throw invalid("body", "must be a JSON object");
  return body;
}

export function present(body: Record<string, unknown>, field: string): unknown {
  const value = body[field];
  if (value === undefined || value === null) throw invalid(field, "is required");
  return value;
}

export function nonEmptyString(body: Record<string, unknown>, field: string): string {
  const value = present(body, field);
  if (typeof value !== "string") throw invalid(field, "must be a string");
  if (value.trim() === "") throw invalid(field, "must not be empty");
  return value;
}

/** A required name, at most `maxNameLength` characters. */
export function nameField(body: Record<string, unknown>, ctx: ValidationContext): string {
  const name = nonEmptyString(body, "name");
  if (name.length > ctx.maxNameLength) {
    throw invalid("name", `must be at most ${ctx.maxNameLength} characters (got ${name.length})`);
  }
  return name;
}

/** A required, non-blank description of at most 255 characters. */
export function descriptionField(body: Record<string, unknown>): string {
  const description = nonEmptyString(body, "description");
  if (description.length > MAX_DESCRIPTION_LENGTH) {
    throw invalid("description", `must be at most ${MAX_DESCRIPTION_LENGTH} characters (got ${description.length})`);
  }
  return description;
}

/** Integers arrive as numbers or, from the public Python client, as numeric strings. */
export function integer(value: unknown, field: string, min: number, max: number): number {
  const range = `must be an integer from ${min} to ${max}`;
  let n: number;
  if (typeof value === "number") n = value;
  else if (typeof value === "string" && /^\s*-?\d+\s*$/.test(value)) n = Number(value);
  else throw invalid(field, `${range} (got ${quote(value)})`);
  if (!Number.isInteger(n) || n < min || n > max) throw invalid(field, `${range} (got ${quote(value)})`);
  return n;
}

/** A required array; `nonEmpty` refuses `[]`. */
export function arrayField(body: Record<string, unknown>, field: string, what: string, nonEmpty: boolean): unknown[] {
  const value = present(body, field);
  if (!Array.isArray(value)) throw invalid(field, `must be an array of ${what}`);
  if (nonEmpty && value.length === 0) throw invalid(field, `must be a non-empty array of ${what}`);
  return value;
}

/** Refuse the second occurrence of a value, naming both positions. */
export function assertNoDuplicates(values: readonly string[], field: string, what: string): void {
  values.forEach((value, i) => {
    const first = values.indexOf(value);
    if (first !== i) throw invalid(`${field}[${i}]`, `duplicate ${what} '${value}' (already used by ${field}[${first}])`);
  });
}

export function sameName(a: string, b: string): boolean {
  return a.trim().toLowerCase() === b.trim().toLowerCase();
}

/** Names are unique per kind and account, compared trimmed and case-insensitively. */
export function assertUniqueName(
  existing: ReadonlyArray<{ id: number | string; name: string }>,
  name: string,
  ctx: ValidationContext,
  kind: string,
): void {
  const clash = existing.find((item) => String(item.id) !== String(ctx.selfId) && sameName(item.name, name));
  if (clash) throw invalid("name", `${kind} named '${name}' already exists`);
}

function mustExist(found: boolean, field: string, ref: Ref): void {
  if (!found) throw invalid(field, `${ref.type} ${ref.id} does not exist`);
}

export function recordingExists(account: AccountState, id: string): boolean {
  return account.recordings.some((r) => r.id === id);
}

export function userByEid(account: AccountState, eid: string) {
  return account.users.find((u) => u.agent.id === eid);
}

/** Check that a destination of an allowed type points at something that exists. */
export function checkTarget(ref: Ref, field: string, ctx: ValidationContext): void {
  const account = ctx.account;
  switch (ref.type) {
    case "hangup":
      if (ref.id !== "1") throw invalid(field, `hangup id must be 1 (got ${quote(ref.id)})`);
      return;
    case "extension":
    case "agent":
      if (ctx.checkReferences) mustExist(userByEid(account, ref.id) !== undefined, field, ref);
      return;
    case "department":
      if (ctx.checkReferences) mustExist(account.departments.some((d) => d.id === ref.id), field, ref);
      return;
    case "ivr":
      if (ctx.checkReferences) {
        const id = Number(ref.id);
        const known = id === ctx.selfId || ctx.pendingIvrIds?.has(id) || account.ivrs.some((ivr) => ivr.id === id);
        mustExist(known === true && String(id) === ref.id, field, ref);
      }
      return;
    case "voicemail":
      if (ctx.checkReferences) mustExist(account.voicemails.some((v) => v.id === ref.id), field, ref);
      return;
    case "time_condition":
      if (ctx.checkReferences) mustExist(account.timeConditions.some((t) => t.id === ref.id), field, ref);
      return;
    case "timegroup":
      if (ctx.checkReferences) mustExist(account.timeGroups.some((t) => t.id === ref.id), field, ref);
      return;
    default:
      // auto_attend, api_dialplan, custom_dialplan: no lookup list exists, any id is accepted.
      return;
  }
}

/** Parse a `type||id` destination, check its type is allowed `where` and its target exists. */
export function destinationRef(
  value: unknown,
  field: string,
  ctx: ValidationContext,
  allowed: readonly string[],
  where: string,
): string {
  const ref = parseRef(value, field, ctx.singlePipe);
  if (!allowed.includes(ref.type)) {
    const hint = ref.type === "ringgroup" ? " (ringgroup is how departments read back; write department||<id>)" : "";
    throw invalid(field, `destination type '${ref.type}' is not allowed ${where}${hint}; use one of ${allowed.join(", ")}`);
  }
  checkTarget(ref, field, ctx);
  return formatRef(ref);
}

/** The display name Smartflo prints beside a destination (`timeout_dest_name`). */
export function targetName(account: AccountState, ref: string): string {
  const { type, id } = splitStoredRef(ref);
  switch (type) {
    case "hangup":
      return "Hangup";
    case "extension":
    case "agent":
      return userByEid(account, id)?.name ?? id;
    case "department":
      return account.departments.find((d) => d.id === id)?.name ?? id;
    case "ivr":
      return account.ivrs.find((ivr) => String(ivr.id) === id)?.name ?? id;
    case "voicemail":
      return account.voicemails.find((v) => v.id === id)?.name ?? id;
    case "timegroup":
      return account.timeGroups.find((t) => t.id === id)?.name ?? id;
    default:
      return id;
  }
}

/**
 * Where the account's IVRs, numbers and departments route to `target` (a `type||id`), for the
 * refusal of a delete. `self` excludes the thing being deleted, whose own routes do not count.
 */
export function usagesOf(account: AccountState, target: string, self?: { kind: "ivr" | "department"; id: string }): string[] {
  const found: string[] = [];
  for (const ivr of account.ivrs) {
    if (self?.kind === "ivr" && String(ivr.id) === self.id) continue;
    const fields = ivr.destination.flatMap((d, i) => (d === target ? [`destination[${i}]`] : []));
    if (ivr.invalid_destination === target) fields.push("invalid_destination");
    if (ivr.timeout_destination === target) fields.push("timeout_destination");
    if (fields.length > 0) found.push(`IVR ${ivr.id} '${ivr.name}' (${fields.join(", ")})`);
  }
  for (const number of account.numbers) {
    if (number.destination === target) found.push(`number ${number.id} (${number.did})`);
  }
  for (const department of account.departments) {
    if (self?.kind === "department" && department.id === self.id) continue;
    if (`${department.timeout_dest_type}||${department.timeout_destination}` === target) {
      found.push(`department ${department.id} '${department.name}' (failover)`);
    }
  }
  return found;
}
