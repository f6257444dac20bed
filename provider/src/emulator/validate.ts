/**
 * Validation of `POST /v1/ivr` / `PUT /v1/ivr/{id}` bodies and `PUT /v1/my_number/{id}`.
 * The real API's rules are undocumented, so these are the strictest plausible ones: a client that
 * passes here sends what the documentation describes. The first failure wins, reported as
 * `<field>: <reason>`.
 */
import {
  IVR_DESTINATION_TYPES,
  NUMBER_DESTINATION_TYPES,
  RECORDING_TYPES,
  Ref,
  SinglePipeMode,
  formatRef,
  invalid,
  parseRef,
  quote,
} from "./refs";
import { AccountState, StoredIvr } from "./schema";

export interface ValidationContext {
  /** The account whose lookups (recordings, users, ...) and IVRs references must resolve in. */
  account: AccountState;
  /** The IVR being replaced: excluded from the duplicate-name check, allowed as its own target. */
  selfId?: number;
  singlePipe: SinglePipeMode;
  maxNameLength: number;
  /** False when loading a state file, which may legitimately hold dangling references. */
  checkReferences: boolean;
  /** Ids of seed IVRs not yet loaded, which other seed IVRs may already route to. */
  pendingIvrIds?: ReadonlySet<number>;
}

const DTMF_KEY = /^[0-9*#]$/;

export function isPlainObject(value: unknown): value is Record<string, unknown> {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}

function present(body: Record<string, unknown>, field: string): unknown {
  const value = body[field];
  if (value === undefined || value === null) throw invalid(field, "is required");
  return value;
}

function nonEmptyString(body: Record<string, unknown>, field: string): string {
  const value = present(body, field);
  if (typeof value !== "string") throw invalid(field, "must be a string");
  if (value.trim() === "") throw invalid(field, "must not be empty");
  return value;
}

/** Integers arrive as numbers or, from the public Python client, as numeric strings. */
function integer(value: unknown, field: string, min: number, max: number): number {
  const range = `must be an integer from ${min} to ${max}`;
  let n: number;
  if (typeof value === "number") n = value;
  else if (typeof value === "string" && /^\s*-?\d+\s*$/.test(value)) n = Number(value);
  else throw invalid(field, `${range} (got ${quote(value)})`);
  if (!Number.isInteger(n) || n < min || n > max) throw invalid(field, `${range} (got ${quote(value)})`);
  return n;
}

function recordingRef(value: unknown, field: string, ctx: ValidationContext): string {
  const ref = parseRef(value, field, ctx.singlePipe);
  if (!(RECORDING_TYPES as readonly string[]).includes(ref.type)) {
    throw invalid(field, `recording type '${ref.type}' is not allowed; use one of ${RECORDING_TYPES.join(", ")}`);
  }
  // outbound_tts ids have no lookup endpoint, so only `recording` ids can be checked.
  if (ctx.checkReferences && ref.type === "recording" && !ctx.account.recordings.some((r) => r.id === ref.id)) {
    throw invalid(field, `recording ${ref.id} does not exist`);
  }
  return formatRef(ref);
}

function mustExist(found: boolean, field: string, ref: Ref): void {
  if (!found) throw invalid(field, `${ref.type} ${ref.id} does not exist`);
}

/** Check that a destination of an allowed type points at something that exists. */
function checkTarget(ref: Ref, field: string, ctx: ValidationContext): void {
  const account = ctx.account;
  switch (ref.type) {
    case "hangup":
      if (ref.id !== "1") throw invalid(field, `hangup id must be 1 (got ${quote(ref.id)})`);
      return;
    case "extension":
    case "agent":
      if (ctx.checkReferences) mustExist(account.users.some((u) => u.agent.id === ref.id), field, ref);
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

function destinationRef(
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

function ivrDestination(value: unknown, field: string, ctx: ValidationContext): string {
  return destinationRef(value, field, ctx, IVR_DESTINATION_TYPES, "in an IVR");
}

function dtmfKey(value: unknown, field: string): string {
  const key = typeof value === "number" && Number.isInteger(value) ? String(value) : value;
  if (typeof key !== "string" || !DTMF_KEY.test(key)) {
    throw invalid(field, `${quote(value)} is not a DTMF key; use 0-9, * or #`);
  }
  return key;
}

function smsTemplates(value: unknown, optionCount: number): string[] {
  if (value === undefined || value === null) return new Array<string>(optionCount).fill("0");
  if (!Array.isArray(value)) throw invalid("sms_template", "must be an array with one entry per option");
  if (value.length !== optionCount) {
    throw invalid("sms_template", `expected ${optionCount} entries (one per option), got ${value.length}`);
  }
  return value.map((entry, i) => {
    if (entry === "" || entry === "0") return "0";
    if (typeof entry !== "string" || !/^\d+$/.test(entry)) {
      throw invalid(`sms_template[${i}]`, `must be a numeric template id string, or "" / "0" for none (got ${quote(entry)})`);
    }
    return entry;
  });
}

export function sameName(a: string, b: string): boolean {
  return a.trim().toLowerCase() === b.trim().toLowerCase();
}

/**
 * Validate a create/update body and return it normalised (the stored write shape, without id).
 * Unknown extra fields (`transfer code`, ...) are ignored, as a lenient server would.
 * Throws ValidationError.
 */
export function validateIvrBody(body: unknown, ctx: ValidationContext): Omit<StoredIvr, "id"> {
  if (!isPlainObject(body)) throw invalid("body", "must be a JSON object");

  const name = nonEmptyString(body, "name");
  if (name.length > ctx.maxNameLength) {
    throw invalid("name", `must be at most ${ctx.maxNameLength} characters (got ${name.length})`);
  }
  const description = nonEmptyString(body, "description");
  const recording = recordingRef(present(body, "recording"), "recording", ctx);
  const timeout = integer(present(body, "timeout"), "timeout", 1, 120);

  const rawOptions = present(body, "option");
  if (!Array.isArray(rawOptions) || rawOptions.length === 0) {
    throw invalid("option", "must be a non-empty array of DTMF keys");
  }
  const option = rawOptions.map((value, i) => dtmfKey(value, `option[${i}]`));
  option.forEach((key, i) => {
    const first = option.indexOf(key);
    if (first !== i) throw invalid(`option[${i}]`, `duplicate key '${key}' (already used by option[${first}])`);
  });

  const rawDestinations = present(body, "destination");
  if (!Array.isArray(rawDestinations)) throw invalid("destination", "must be an array with one entry per option");
  if (rawDestinations.length !== option.length) {
    throw invalid("destination", `expected ${option.length} entries (one per option), got ${rawDestinations.length}`);
  }
  const destination = rawDestinations.map((value, i) => ivrDestination(value, `destination[${i}]`, ctx));

  const incorrect_count = integer(present(body, "incorrect_count"), "incorrect_count", 0, 10);
  const invalid_recording = recordingRef(present(body, "invalid_recording"), "invalid_recording", ctx);
  const invalid_destination = ivrDestination(present(body, "invalid_destination"), "invalid_destination", ctx);
  const timeout_retry_recording = recordingRef(present(body, "timeout_retry_recording"), "timeout_retry_recording", ctx);
  const timeout_recording = recordingRef(present(body, "timeout_recording"), "timeout_recording", ctx);
  const timeout_destination = ivrDestination(present(body, "timeout_destination"), "timeout_destination", ctx);
  const timeout_tries = integer(present(body, "timeout_tries"), "timeout_tries", 0, 10);
  if (body.timeout_retries !== undefined && body.timeout_retries !== null) {
    const retries = integer(body.timeout_retries, "timeout_retries", 0, 10);
    if (retries !== timeout_tries) {
      throw invalid("timeout_retries", `must equal timeout_tries (${timeout_tries}), got ${retries}`);
    }
  }
  const recording_invalid = recordingRef(present(body, "recording_invalid"), "recording_invalid", ctx);
  const sms_template = smsTemplates(body.sms_template, option.length);

  const clash = ctx.account.ivrs.find((ivr) => ivr.id !== ctx.selfId && sameName(ivr.name, name));
  if (clash) throw invalid("name", `an IVR named '${name}' already exists`);

  return {
    name,
    description,
    recording,
    timeout,
    option,
    destination,
    sms_template,
    incorrect_count,
    invalid_recording,
    invalid_destination,
    timeout_retry_recording,
    timeout_recording,
    timeout_destination,
    timeout_tries,
    timeout_retries: timeout_tries,
    recording_invalid,
  };
}

export interface NumberUpdate {
  destination: string;
  name?: string;
  description?: string;
}

/** Validate a `PUT /v1/my_number/{id}` body. Throws ValidationError. */
export function validateNumberBody(body: unknown, ctx: ValidationContext): NumberUpdate {
  if (!isPlainObject(body)) throw invalid("body", "must be a JSON object");
  const destination = destinationRef(present(body, "destination"), "destination", ctx, NUMBER_DESTINATION_TYPES, "on a number");
  const update: NumberUpdate = { destination };
  if (body.name !== undefined) {
    if (typeof body.name !== "string" || body.name.trim() === "") throw invalid("name", "must be a non-empty string");
    update.name = body.name;
  }
  if (body.description !== undefined) {
    if (typeof body.description !== "string") throw invalid("description", "must be a string");
    update.description = body.description;
  }
  return update;
}

/** Where other IVRs and numbers of the account route to IVR `id` (its own routes excluded). */
export function referencesToIvr(account: AccountState, id: number): string[] {
  const target = `ivr||${id}`;
  const found: string[] = [];
  for (const ivr of account.ivrs) {
    if (ivr.id === id) continue;
    const fields = ivr.destination.flatMap((d, i) => (d === target ? [`destination[${i}]`] : []));
    if (ivr.invalid_destination === target) fields.push("invalid_destination");
    if (ivr.timeout_destination === target) fields.push("timeout_destination");
    if (fields.length > 0) found.push(`IVR ${ivr.id} '${ivr.name}' (${fields.join(", ")})`);
  }
  for (const number of account.numbers) {
    if (number.destination === target) found.push(`number ${number.id} (${number.did})`);
  }
  return found;
}
