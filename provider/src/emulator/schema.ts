/**
 * Shapes of the emulator's data: the seed / state-file format and the per-account lookup lists.
 * Seeds are hand-written, so the schemas accept minimal entries and fill in the rest of the
 * documented shape; ids that the API prints as strings are coerced to strings.
 */
import { z } from "zod";

/** An id the API prints as a string; seeds may write it as a number. */
const stringId = z.union([z.string().min(1), z.number().int().nonnegative()]).transform(String);

export const RecordingSchema = z
  .object({
    id: stringId,
    name: z.string(),
    type: z.string().min(1).default("recording"),
  })
  .strict();

export const UserSchema = z
  .object({
    id: z.number().int().positive(),
    name: z.string(),
    agent: z
      .object({
        // The "eid" used in `extension||<eid>` and `agent||<eid>`.
        id: z.string().min(1),
        name: z.string().optional(),
        status: z.number().int().default(0),
        follow_me_number: z.string().nullable().default(null),
      })
      .strict(),
    login_id: z.string().optional(),
    is_login_based_calling_enabled: z.boolean().default(false),
    is_international_outbound_enabled: z.boolean().default(false),
    user_role: z.object({ id: z.number().int(), name: z.string() }).strict().default({ id: 54630, name: "Agent" }),
    extension: z.object({ username: z.string() }).passthrough().nullable().default(null),
    user_status: z.number().int().default(1),
  })
  .strict()
  .transform((u) => ({
    id: u.id,
    name: u.name,
    agent: { id: u.agent.id, name: u.agent.name ?? u.name, status: u.agent.status, follow_me_number: u.agent.follow_me_number },
    login_id: u.login_id ?? String(u.id),
    is_login_based_calling_enabled: u.is_login_based_calling_enabled,
    is_international_outbound_enabled: u.is_international_outbound_enabled,
    user_role: u.user_role,
    extension: u.extension,
    user_status: u.user_status,
  }));

export const DepartmentAgentSchema = z
  .object({
    eid: z.string().min(1),
    id: stringId.optional(),
    name: z.string().optional(),
    timeout: stringId.default("30"),
  })
  .strict();

/** The read shape's sticky agent (Servetel's sample): off, or on for `time_period` hours/days. */
export const StickyAgentReadSchema = z
  .object({
    enabled: z.boolean(),
    time_period: z.number().int().positive().nullable(),
    format: z.enum(["h", "d"]).nullable(),
  })
  .strict();

/**
 * Departments are seeded as `GET /v1/departments` prints them, except `timeout_dest_type`, which
 * holds the write-side type (`department`, not `ringgroup`); the list maps it on output.
 */
export const DepartmentSchema = z
  .object({
    id: stringId,
    name: z.string(),
    description: z.string().default(""),
    ring_strategy: z.string().default("simultaneously"),
    music_on_hold: stringId.nullable().default(null),
    use_as_queue: z.boolean().default(false),
    queue_timeout: stringId.default("90"),
    sticky_agent: StickyAgentReadSchema.default({ enabled: false, time_period: null, format: null }),
    timeout_dest_type: z.string().default("hangup"),
    timeout_destination: z.string().default("1"),
    timeout_dest_name: z.string().optional(),
    agents: z.array(DepartmentAgentSchema).default([]),
    // Derived from agents when omitted; the API prints it as a string.
    agent_count: stringId.optional(),
  })
  .strict();

export const PhoneNumberSchema = z
  .object({
    id: stringId,
    did: z.string().min(1),
    // Public clients read `alias` beside `did`; by default the number without its "+".
    alias: z.string().optional(),
    name: z.string().default(""),
    // null: the number routes nowhere yet (public clients have seen this on live accounts).
    destination: z.string().nullable().default("hangup||1"),
    description: z.string().default(""),
    sms_template: z.array(stringId).default([]),
  })
  .strict()
  .transform((n) => ({ ...n, alias: n.alias ?? n.did.replace(/^\+/, "") }));

/** Time groups: seeds may give only id and name, which means "all day, every day". */
export const TimeGroupSchema = z
  .object({
    id: stringId,
    name: z.string(),
    from_time: z.array(z.string()).default(["00:00"]),
    to_time: z.array(z.string()).default(["23:59"]),
    days: z.array(z.string()).default([]),
    dates: z.array(stringId).default([]),
    months: z.array(z.string()).default([]),
  })
  .strict();

/** Voicemail boxes and time conditions: only their ids matter to an IVR (no API manages them). */
export const NamedItemSchema = z.object({ id: stringId, name: z.string().default("") }).strict();

export const SeedAccountSchema = z
  .object({
    name: z.string().min(1),
    token: z.string().min(1),
    email: z.string().min(1),
    password: z.string().min(1),
    cps: z.number().int().nonnegative().optional(),
    passwordDaysLeft: z.number().int().optional(),
    recordings: z.array(RecordingSchema).default([]),
    users: z.array(UserSchema).default([]),
    departments: z.array(DepartmentSchema).default([]),
    numbers: z.array(PhoneNumberSchema).default([]),
    voicemails: z.array(NamedItemSchema).default([]),
    timeConditions: z.array(NamedItemSchema).default([]),
    timeGroups: z.array(TimeGroupSchema).default([]),
    // Write-shape IVRs (optionally with `id`); checked by the IVR validator, not by zod.
    ivrs: z.array(z.record(z.string(), z.unknown())).default([]),
  })
  .strict();

/** A seed file, and also the state file (which adds `version` and the id counters). */
export const SeedSchema = z
  .object({
    version: z.literal(1).optional(),
    nextIvrId: z.number().int().positive().optional(),
    nextDepartmentId: z.number().int().positive().optional(),
    nextTimeGroupId: z.number().int().positive().optional(),
    accounts: z.array(SeedAccountSchema).min(1, "at least one account is required"),
  })
  .strict();

/** What a seed author writes. */
export type Seed = z.input<typeof SeedSchema>;
export type SeedAccount = z.input<typeof SeedAccountSchema>;

export type Recording = z.output<typeof RecordingSchema>;
export type User = z.output<typeof UserSchema>;
export type PhoneNumber = z.output<typeof PhoneNumberSchema>;
export type NamedItem = z.output<typeof NamedItemSchema>;
export type TimeGroup = z.output<typeof TimeGroupSchema>;
export type StickyAgentRead = z.output<typeof StickyAgentReadSchema>;

/**
 * A department as the emulator stores it: the shape `GET /v1/departments` prints, except that
 * `timeout_dest_type` is the write-side type (the list prints `department` as `ringgroup`).
 */
export interface Department {
  id: string;
  name: string;
  description: string;
  ring_strategy: string;
  music_on_hold: string | null;
  agent_count: string;
  use_as_queue: boolean;
  queue_timeout: string;
  sticky_agent: StickyAgentRead;
  timeout_dest_type: string;
  timeout_destination: string;
  timeout_dest_name: string;
  agents: Array<{ id: string; name: string; eid: string; timeout: string }>;
}

/** An IVR as the emulator stores it: the normalised write shape plus its id. */
export interface StoredIvr {
  id: number;
  name: string;
  description: string;
  recording: string;
  timeout: number;
  option: string[];
  destination: string[];
  /** One entry per option; "0" means no template. */
  sms_template: string[];
  incorrect_count: number;
  invalid_recording: string;
  invalid_destination: string;
  timeout_retry_recording: string;
  timeout_recording: string;
  timeout_destination: string;
  timeout_tries: number;
  timeout_retries: number;
  recording_invalid: string;
}

/** One account's data, as `GET /__emulator/state` and `snapshot()` show it (no credentials). */
export interface AccountState {
  name: string;
  email: string;
  cps: number;
  passwordDaysLeft: number;
  recordings: Recording[];
  users: User[];
  departments: Department[];
  numbers: PhoneNumber[];
  voicemails: NamedItem[];
  timeConditions: NamedItem[];
  timeGroups: TimeGroup[];
  ivrs: StoredIvr[];
}

/** An account as the emulator holds it in memory and in the state file. */
export interface Account extends AccountState {
  token: string;
  password: string;
}

/** The next id of each kind the API creates; ids are global to the emulator, never reused. */
export interface IdCounters {
  nextIvrId: number;
  nextDepartmentId: number;
  nextTimeGroupId: number;
}

/** The state file: a valid seed, plus the id counters. */
export interface StateFile extends IdCounters {
  version: 1;
  accounts: Account[];
}

/** Turn a zod error into "accounts[0].users[2].agent.id: Required". */
export function formatZodError(error: z.ZodError): string {
  return error.issues
    .slice(0, 5)
    .map((issue) => {
      const path = issue.path.reduce<string>(
        (acc, part) => (typeof part === "number" ? `${acc}[${part}]` : acc ? `${acc}.${part}` : String(part)),
        "",
      );
      return `${path || "(root)"}: ${issue.message}`;
    })
    .join("; ");
}
