/**
 * The mappings between the canonical department and the Smartflo API, in one place. Create and
 * update name the failover differently (documented): create `failover_dest_type` +
 * `failover_destination`, update `timeout_dest_type` + `timeout_destination`.
 *
 * | Department input              | create / update field                                  | read field (`GET /v1/departments`)               |
 * |-------------------------------|--------------------------------------------------------|--------------------------------------------------|
 * | name                          | name                                                   | name                                             |
 * | description                   | description                                            | description                                      |
 * | ringStrategy                  | ring_strategy                                          | ring_strategy (`simultaneous` reads `simultaneously`) |
 * | members[i].extension          | destination[i] (`extension||<eid>`)                    | agents[i].eid                                    |
 * | members[i].ringTimeoutSeconds | timeout[i]                                             | agents[i].timeout (a string)                     |
 * | ringTimeoutSeconds            | timeout[i] of members without their own                | (kept from the previous state)                   |
 * | failover                      | create: failover_dest_type + failover_destination (`type||id`); update: timeout_dest_type + timeout_destination | timeout_dest_type (`ringgroup` for a department) + timeout_destination (id only) |
 * | musicOnHold                   | music_on_hold (the recording id)                       | music_on_hold (id, or null)                      |
 * | stickyAgent `{hours}`/`{days}`| sticky_agent `{enable: 1, time: "12h"}` / `"1d"`; off: `{enable: 0}` | sticky_agent `{enabled, time_period, format}` |
 */
import { z } from "zod";
import { writeTypeOf } from "../../core/destinations";
import { describeProblems, problemsFromZod } from "../../core/problems";
import { formatRef, parseRef } from "../../core/refs";
import { DEPARTMENT_LIMITS, Department, DepartmentMember, StickyAgent, ringStrategyOf } from "./spec";

export type DepartmentVerb = "create" | "update";

/** The body of `POST /v1/department` and `PUT /v1/department/{id}`. */
export interface DepartmentWriteBody {
  name: string;
  description: string;
  ring_strategy: string;
  destination: string[];
  timeout: number[];
  music_on_hold: string;
  sticky_agent: { enable: 0 } | { enable: 1; time: string };
  failover_dest_type?: string;
  failover_destination?: string;
  timeout_dest_type?: string;
  timeout_destination?: string;
}

const FAILOVER_FIELDS = {
  create: { type: "failover_dest_type", destination: "failover_destination" },
  update: { type: "timeout_dest_type", destination: "timeout_destination" },
} as const satisfies Record<DepartmentVerb, { type: keyof DepartmentWriteBody; destination: keyof DepartmentWriteBody }>;

function ringTimeOf(d: Department, m: DepartmentMember): number {
  return m.ringTimeoutSeconds ?? d.ringTimeoutSeconds ?? DEPARTMENT_LIMITS.defaultRingTimeoutSeconds;
}

export function toWriteBody(d: Department, verb: DepartmentVerb): DepartmentWriteBody {
  const failover = parseRef(d.failover)!;
  const fields = FAILOVER_FIELDS[verb];
  const sticky = d.stickyAgent;
  return {
    name: d.name,
    description: d.description ?? d.name,
    ring_strategy: d.ringStrategy,
    destination: d.members.map((m) => m.extension),
    timeout: d.members.map((m) => ringTimeOf(d, m)),
    music_on_hold: parseRef(d.musicOnHold)!.id,
    sticky_agent: sticky ? { enable: 1, time: sticky.hours !== undefined ? `${sticky.hours}h` : `${sticky.days}d` } : { enable: 0 },
    [fields.type]: failover.type,
    [fields.destination]: formatRef(failover.type, failover.id),
  };
}

/** Ids come back as numbers in some places and strings in others. */
const apiId = z.union([z.string(), z.number()]).transform((v) => String(v).trim());
const apiInt = z.union([z.number(), z.string().regex(/^\s*\d+\s*$/)]).transform((v) => Number(v));

/** One entry of `GET /v1/departments` (a bare array), lenient about numbers vs strings. */
export const ApiDepartmentReadSchema = z
  .object({
    id: apiId,
    name: z.string(),
    description: z.string().nullish().transform((v) => v ?? ""),
    ring_strategy: z.string(),
    music_on_hold: apiId.nullish(),
    sticky_agent: z
      .object({ enabled: z.union([z.boolean(), z.number()]), time_period: apiInt.nullish(), format: z.string().nullish() })
      .passthrough()
      .nullish(),
    timeout_dest_type: z.string(),
    timeout_destination: apiId,
    agents: z
      .array(z.object({ eid: apiId, timeout: apiInt }).passthrough())
      .nullish()
      .transform((v) => v ?? []),
  })
  .passthrough();

function readSticky(raw: z.output<typeof ApiDepartmentReadSchema>["sticky_agent"]): StickyAgent | undefined {
  if (!raw || !raw.enabled || !raw.time_period) return undefined;
  return raw.format === "d" ? { days: raw.time_period } : { hours: raw.time_period };
}

/**
 * Maps one department of `GET /v1/departments` to the canonical model. `prior` (the last known
 * state) supplies what the read side cannot tell: the department-wide ring time, and whether a
 * member's ring time was its own.
 */
export function fromReadShape(raw: unknown, prior?: Partial<Department>): { id: string; department: Department } {
  const parsed = ApiDepartmentReadSchema.safeParse(raw);
  if (!parsed.success) throw new Error(describeProblems(problemsFromZod(parsed.error)));
  const api = parsed.data;
  const ringTimeoutSeconds =
    typeof prior?.ringTimeoutSeconds === "number" ? prior.ringTimeoutSeconds : api.agents[0]?.timeout ?? DEPARTMENT_LIMITS.defaultRingTimeoutSeconds;
  const department = {
    name: api.name,
    description: api.description,
    // An unknown strategy is kept as read, so it shows as a change instead of being guessed at.
    ringStrategy: ringStrategyOf(api.ring_strategy) ?? (api.ring_strategy as Department["ringStrategy"]),
    ringTimeoutSeconds,
    members: api.agents.map((a) => ({ extension: formatRef("extension", a.eid), ringTimeoutSeconds: a.timeout })),
    failover: formatRef(writeTypeOf(api.timeout_dest_type), api.timeout_destination),
  } as Department;
  // A department made in the panel may have no hold music: left out, it shows as a change.
  if (api.music_on_hold) department.musicOnHold = formatRef("recording", api.music_on_hold);
  const sticky = readSticky(api.sticky_agent);
  if (sticky) department.stickyAgent = sticky;
  return { id: api.id, department };
}
