/**
 * Validation of `POST /v1/department` and `PUT /v1/department/{id}` bodies, and the mapping
 * between that write shape and the stored (read) shape. Throws ValidationError.
 *
 * The documented naming difference is kept: create carries `failover_dest_type` +
 * `failover_destination`, update carries `timeout_dest_type` + `timeout_destination`; each refuses
 * the other's names, so a client has to know which verb it speaks.
 */
import { formatRef, invalid, parseRef, quote, splitStoredRef } from "./refs";
import { Department } from "./schema";
import {
  ValidationContext,
  arrayField,
  assertNoDuplicates,
  assertUniqueName,
  checkTarget,
  descriptionField,
  integer,
  isPlainObject,
  nameField,
  objectBody,
  present,
  recordingExists,
  targetName,
  userByEid,
} from "./validate";

/** Servetel's documented enum plus Smartflo's "Longest Wait Time", in the same snake_case. */
export const RING_STRATEGIES = ["simultaneous", "order_by", "random", "round_robin", "longest_wait_time"] as const;

/** Where a department may send an unanswered call (the IVR destination types that make sense there). */
export const DEPARTMENT_FAILOVER_TYPES = ["extension", "agent", "department", "ivr", "voicemail", "hangup"] as const;

/** What a member may be: an extension (the documented `extension||<eid>` form). */
export const DEPARTMENT_MEMBER_TYPES = ["extension"] as const;

/** The list prints "simultaneous" as "simultaneously" (the documented sample); the rest unchanged. */
const READ_RING_STRATEGY: Record<string, string> = { simultaneous: "simultaneously" };

/** Ring time per member, seconds. */
export const MEMBER_TIMEOUT = { min: 5, max: 120 } as const;

/** Sticky agent: at most 240 hours or 10 days (documented). */
const STICKY_MAX: Record<string, number> = { h: 240, d: 10 };

export type DepartmentVerb = "create" | "update";

const FAILOVER_FIELDS: Record<DepartmentVerb, { type: string; destination: string }> = {
  create: { type: "failover_dest_type", destination: "failover_destination" },
  update: { type: "timeout_dest_type", destination: "timeout_destination" },
};

function readRingStrategy(write: string): string {
  return READ_RING_STRATEGY[write] ?? write;
}

function writeRingStrategy(read: string): string {
  return Object.entries(READ_RING_STRATEGY).find(([, r]) => r === read)?.[0] ?? read;
}

function ringStrategy(body: Record<string, unknown>): string {
  const value = present(body, "ring_strategy");
  if (typeof value === "string" && (RING_STRATEGIES as readonly string[]).includes(value)) return value;
  const write = typeof value === "string" ? writeRingStrategy(value) : undefined;
  const hint = write !== undefined && write !== value ? ` ('${value}' is how it reads back; write '${write}')` : "";
  throw invalid("ring_strategy", `${quote(value)} is not a ring strategy${hint}; use one of ${RING_STRATEGIES.join(", ")}`);
}

function failover(body: Record<string, unknown>, verb: DepartmentVerb, ctx: ValidationContext): string {
  const fields = FAILOVER_FIELDS[verb];
  const other = FAILOVER_FIELDS[verb === "create" ? "update" : "create"];
  for (const wrong of [other.type, other.destination]) {
    if (body[wrong] !== undefined) {
      const right = wrong === other.type ? fields.type : fields.destination;
      throw invalid(wrong, `is not accepted on ${verb}; the ${verb} body names it ${right}`);
    }
  }
  const type = present(body, fields.type);
  if (typeof type !== "string" || !(DEPARTMENT_FAILOVER_TYPES as readonly string[]).includes(type)) {
    throw invalid(fields.type, `${quote(type)} is not allowed; use one of ${DEPARTMENT_FAILOVER_TYPES.join(", ")}`);
  }
  const ref = parseRef(present(body, fields.destination), fields.destination, ctx.singlePipe);
  if (ref.type !== type) {
    throw invalid(fields.destination, `type '${ref.type}' does not match ${fields.type} '${type}'`);
  }
  if (ref.type === "department" && ctx.selfId !== undefined && ref.id === String(ctx.selfId)) {
    throw invalid(fields.destination, "a department cannot fail over to itself");
  }
  checkTarget(ref, fields.destination, ctx);
  return formatRef(ref);
}

function members(body: Record<string, unknown>, ctx: ValidationContext): Department["agents"] {
  const rawDestinations = arrayField(body, "destination", "'extension||<eid>' members", true);
  const eids = rawDestinations.map((value, i) => {
    const field = `destination[${i}]`;
    const ref = parseRef(value, field, ctx.singlePipe);
    if (!(DEPARTMENT_MEMBER_TYPES as readonly string[]).includes(ref.type)) {
      throw invalid(field, `member type '${ref.type}' is not allowed; use 'extension||<eid>'`);
    }
    checkTarget(ref, field, ctx);
    return ref.id;
  });
  assertNoDuplicates(eids, "destination", "member");
  const rawTimeouts = arrayField(body, "timeout", "ring times in seconds, one per member", true);
  if (rawTimeouts.length !== eids.length) {
    throw invalid("timeout", `expected ${eids.length} entries (one per destination), got ${rawTimeouts.length}`);
  }
  return eids.map((eid, i) => {
    const timeout = integer(rawTimeouts[i], `timeout[${i}]`, MEMBER_TIMEOUT.min, MEMBER_TIMEOUT.max);
    const user = userByEid(ctx.account, eid);
    return { id: user ? String(user.id) : eid, name: user?.name ?? eid, eid, timeout: String(timeout) };
  });
}

function musicOnHold(body: Record<string, unknown>, ctx: ValidationContext): string {
  const value = present(body, "music_on_hold");
  const id = typeof value === "number" && Number.isSafeInteger(value) && value > 0 ? String(value) : value;
  if (typeof id !== "string" || !/^\d+$/.test(id)) {
    throw invalid("music_on_hold", `must be a recording id, e.g. "42240" (got ${quote(value)})`);
  }
  if (ctx.checkReferences && !recordingExists(ctx.account, id)) throw invalid("music_on_hold", `recording ${id} does not exist`);
  return id;
}

function stickyAgent(body: Record<string, unknown>): Department["sticky_agent"] {
  const value = present(body, "sticky_agent");
  if (!isPlainObject(value)) throw invalid("sticky_agent", 'must be an object {"enable": 0|1, "time": "12h"|"1d"}');
  if (value.enable !== 0 && value.enable !== 1) {
    throw invalid("sticky_agent.enable", `must be 0 (off) or 1 (on) (got ${quote(value.enable)})`);
  }
  if (value.enable === 0) {
    if (value.time !== undefined && value.time !== null) throw invalid("sticky_agent.time", "must be left out when enable is 0");
    return { enabled: false, time_period: null, format: null };
  }
  const match = typeof value.time === "string" ? /^([1-9]\d*)([hd])$/.exec(value.time) : null;
  if (!match) throw invalid("sticky_agent.time", `must be hours or days such as "12h" or "1d" (got ${quote(value.time)})`);
  const period = Number(match[1]);
  const format = match[2] as "h" | "d";
  if (period > STICKY_MAX[format]!) {
    throw invalid("sticky_agent.time", `must be at most 240h or 10d (got ${quote(value.time)})`);
  }
  return { enabled: true, time_period: period, format };
}

/**
 * Validate a department body for `verb` and return the department to store. `current` is the
 * department being replaced: the panel-only fields (queue settings) survive an update.
 */
export function validateDepartmentBody(
  input: unknown,
  verb: DepartmentVerb,
  ctx: ValidationContext & { current?: Department },
): Omit<Department, "id"> {
  const body = objectBody(input);
  const name = nameField(body, ctx);
  const description = descriptionField(body);
  const ring_strategy = readRingStrategy(ringStrategy(body));
  const failoverRef = failover(body, verb, ctx);
  const agents = members(body, ctx);
  const music_on_hold = musicOnHold(body, ctx);
  const sticky_agent = stickyAgent(body);
  assertUniqueName(ctx.account.departments, name, ctx, "a department");

  const target = splitStoredRef(failoverRef);
  return {
    name,
    description,
    ring_strategy,
    music_on_hold,
    agent_count: String(agents.length),
    use_as_queue: ctx.current?.use_as_queue ?? false,
    queue_timeout: ctx.current?.queue_timeout ?? "90",
    sticky_agent,
    timeout_dest_type: target.type,
    timeout_destination: target.id,
    timeout_dest_name: targetName(ctx.account, failoverRef),
    agents,
  };
}

/** The update body that would recreate a stored department (for out-of-band edits). */
export function departmentUpdateBody(department: Department): Record<string, unknown> {
  const sticky = department.sticky_agent;
  return {
    name: department.name,
    description: department.description,
    ring_strategy: writeRingStrategy(department.ring_strategy),
    timeout_dest_type: department.timeout_dest_type,
    timeout_destination: `${department.timeout_dest_type}||${department.timeout_destination}`,
    destination: department.agents.map((a) => `extension||${a.eid}`),
    timeout: department.agents.map((a) => Number(a.timeout)),
    music_on_hold: department.music_on_hold,
    sticky_agent: sticky.enabled ? { enable: 1, time: `${sticky.time_period}${sticky.format}` } : { enable: 0 },
  };
}
