/**
 * The built-in seed (the ids the examples and the README use) and the loader that turns a seed or
 * a state file into accounts, checking it the way the API would check the same data.
 */
import { validateIvrBody } from "./ivr-body";
import { validateNumberBody } from "./number-body";
import { ValidationError, SinglePipeMode } from "./refs";
import { Account, Department, IdCounters, Seed, SeedSchema, StoredIvr, TimeGroup, formatZodError } from "./schema";
import { validateTimeGroupBody } from "./timegroup-body";
import { ValidationContext, targetName } from "./validate";

/** Ids count up from these, once per emulator (not per account), and are never reused. */
export const FIRST_IVR_ID = 8001;
export const FIRST_DEPARTMENT_ID = 30001;
export const FIRST_TIME_GROUP_ID = 1001;

function user(id: number, name: string, eid: string, role: string, extension: string | null = null) {
  return {
    id,
    name,
    agent: { id: eid, name, status: 0, follow_me_number: `+9198${String(id).slice(-6).padStart(8, "0")}` },
    login_id: name.toLowerCase().replace(/\s+/g, "."),
    is_login_based_calling_enabled: false,
    is_international_outbound_enabled: false,
    user_role: { id: role === "Supervisor" ? 54631 : 54630, name: role },
    extension: extension === null ? null : { username: extension },
    user_status: 1,
  };
}

function deepFreeze<T>(value: T): T {
  if (typeof value === "object" && value !== null) {
    Object.values(value).forEach(deepFreeze);
    Object.freeze(value);
  }
  return value;
}

/** The default account: what `npx smartflo-emulator` serves without `--seed`. */
export const DEFAULT_SEED: Readonly<Seed> = deepFreeze({
  accounts: [
    {
      name: "default",
      token: "emulator-token",
      email: "ops@example.com",
      password: "emulator-password",
      cps: 3,
      passwordDaysLeft: 60,
      recordings: [
        { id: "28935", name: "Support welcome", type: "recording" },
        { id: "28955", name: "Invalid option", type: "recording" },
        { id: "28934", name: "Sorry, goodbye", type: "recording" },
        { id: "28977", name: "Please make a selection", type: "recording" },
        { id: "19549", name: "Welcome", type: "recording" },
        { id: "244", name: "Invalid retry", type: "recording" },
        { id: "245", name: "Timeout retry", type: "recording" },
        { id: "42240", name: "Hold music", type: "recording" },
      ],
      users: [
        user(314678, "Asha Rao", "05047530000", "Agent"),
        user(314679, "Vikram Nair", "05047530099", "Agent"),
        user(314680, "Meera Iyer", "05047530675", "Agent"),
        user(314681, "Rahul Menon", "050109590001", "Supervisor"),
        user(314682, "Priya Shah", "050109590002", "Agent"),
        user(314683, "Arjun Das", "0502842370097", "Quality", "0602842370077"),
      ],
      departments: [
        {
          id: "20546",
          name: "Sales Dept",
          description: "Sales ring group",
          ring_strategy: "simultaneously",
          music_on_hold: "42240",
          timeout_dest_type: "extension",
          timeout_destination: "050109590001",
          agents: [
            { id: "314682", name: "Priya Shah", eid: "050109590002", timeout: "30" },
            { id: "314678", name: "Asha Rao", eid: "05047530000", timeout: "30" },
          ],
        },
        {
          id: "17839",
          name: "Support Ring Group",
          description: "Support ring group",
          ring_strategy: "order_by",
          music_on_hold: "42240",
          sticky_agent: { enabled: true, time_period: 12, format: "h" },
          timeout_dest_type: "voicemail",
          timeout_destination: "301",
          agents: [
            { id: "314681", name: "Rahul Menon", eid: "050109590001", timeout: "20" },
            { id: "314679", name: "Vikram Nair", eid: "05047530099", timeout: "20" },
          ],
        },
      ],
      numbers: [
        { id: "101", did: "+918069001234", name: "Main line", destination: "hangup||1", description: "Main published number" },
        { id: "102", did: "+918069005678", name: "Support line", destination: "hangup||1", description: "Support number" },
      ],
      voicemails: [{ id: "301", name: "Support voicemail" }],
      timeConditions: [{ id: "64000", name: "Business hours" }],
      timeGroups: [
        {
          id: "501",
          name: "Office hours",
          from_time: ["09:00"],
          to_time: ["18:00"],
          days: ["mon", "tue", "wed", "thu", "fri"],
          dates: [],
          months: [],
        },
        {
          id: "502",
          name: "Weekend hours",
          from_time: ["10:00"],
          to_time: ["14:00"],
          days: ["sat", "sun"],
          dates: [],
          months: [],
        },
      ],
      ivrs: [],
    },
  ],
});

/** A mutable copy of the built-in seed. */
export function defaultSeed(): Seed {
  return structuredClone(DEFAULT_SEED) as Seed;
}

/** Values that override the default (first) account, from CLI flags or options. */
export interface AccountOverrides {
  token?: string;
  email?: string;
  password?: string;
  cps?: number;
  passwordDaysLeft?: number;
}

export interface LoadOptions {
  /** "seed" or "state file": names the source in error messages. */
  source: string;
  overrides: AccountOverrides;
  /** cps / passwordDaysLeft for accounts whose seed entry leaves them out. */
  fallbackCps: number;
  fallbackPasswordDaysLeft: number;
  singlePipe: SinglePipeMode;
  maxNameLength: number;
  /** Seeds are checked fully; a state file may hold dangling references left by earlier runs. */
  checkReferences: boolean;
}

export interface LoadedState extends IdCounters {
  accounts: Account[];
}

export class SeedError extends Error {
  constructor(message: string) {
    super(message);
    this.name = "SeedError";
  }
}

function applyOverrides(input: unknown, overrides: AccountOverrides): unknown {
  if (typeof input !== "object" || input === null || !Array.isArray((input as { accounts?: unknown }).accounts)) return input;
  const copy = structuredClone(input) as { accounts: unknown[] };
  const first = copy.accounts[0];
  if (typeof first === "object" && first !== null) {
    for (const [key, value] of Object.entries(overrides)) {
      if (value !== undefined) (first as Record<string, unknown>)[key] = value;
    }
  }
  return copy;
}

function assertUnique(values: string[], what: string, where: string, source: string): void {
  const seen = new Set<string>();
  for (const value of values) {
    if (seen.has(value)) throw new SeedError(`${source}: ${where}: duplicate ${what} '${value}'`);
    seen.add(value);
  }
}

function ivrIdOf(raw: Record<string, unknown>, where: string, source: string): number | undefined {
  if (raw.id === undefined) return undefined;
  const id = typeof raw.id === "string" && /^\d+$/.test(raw.id) ? Number(raw.id) : raw.id;
  if (typeof id !== "number" || !Number.isSafeInteger(id) || id <= 0) {
    throw new SeedError(`${source}: ${where}.id: must be a positive integer`);
  }
  return id;
}

/** Parse a seed object or state file into accounts; throws SeedError naming the bad entry. */
export function loadAccounts(input: unknown, options: LoadOptions): LoadedState {
  const { source } = options;
  const parsed = SeedSchema.safeParse(applyOverrides(input, options.overrides));
  if (!parsed.success) throw new SeedError(`${source}: ${formatZodError(parsed.error)}`);
  const seed = parsed.data;

  assertUnique(seed.accounts.map((a) => a.name), "account name", "accounts", source);
  assertUnique(seed.accounts.map((a) => a.token), "account token", "accounts", source);
  assertUnique(seed.accounts.map((a) => a.email), "account email", "accounts", source);

  // Ids are global, so collect every explicit IVR id first.
  const explicitIds = new Set<number>();
  seed.accounts.forEach((account, a) =>
    account.ivrs.forEach((raw, i) => {
      const where = `accounts[${a}].ivrs[${i}]`;
      const id = ivrIdOf(raw, where, source);
      if (id === undefined) return;
      if (explicitIds.has(id)) throw new SeedError(`${source}: ${where}.id: duplicate IVR id ${id}`);
      explicitIds.add(id);
    }),
  );
  const maxId = (ids: string[]) => Math.max(0, ...ids.filter((id) => /^\d+$/.test(id)).map((id) => Number(id) + 1));
  const counters: IdCounters = {
    nextIvrId: Math.max(FIRST_IVR_ID, seed.nextIvrId ?? 0, ...[...explicitIds].map((id) => id + 1)),
    nextDepartmentId: Math.max(
      FIRST_DEPARTMENT_ID,
      seed.nextDepartmentId ?? 0,
      maxId(seed.accounts.flatMap((a) => a.departments.map((d) => d.id))),
    ),
    nextTimeGroupId: Math.max(
      FIRST_TIME_GROUP_ID,
      seed.nextTimeGroupId ?? 0,
      maxId(seed.accounts.flatMap((a) => a.timeGroups.map((t) => t.id))),
    ),
  };

  const accounts = seed.accounts.map((entry, a): Account => {
    const where = `accounts[${a}]`;
    assertUnique(entry.recordings.map((r) => r.id), "recording id", `${where}.recordings`, source);
    assertUnique(entry.users.map((u) => String(u.id)), "user id", `${where}.users`, source);
    assertUnique(entry.users.map((u) => u.agent.id), "agent id", `${where}.users`, source);
    assertUnique(entry.departments.map((d) => d.id), "department id", `${where}.departments`, source);
    assertUnique(entry.numbers.map((n) => n.id), "number id", `${where}.numbers`, source);
    assertUnique(entry.voicemails.map((v) => v.id), "voicemail id", `${where}.voicemails`, source);
    assertUnique(entry.timeConditions.map((t) => t.id), "time condition id", `${where}.timeConditions`, source);
    assertUnique(entry.timeGroups.map((t) => t.id), "time group id", `${where}.timeGroups`, source);

    const departments = entry.departments.map((d): Department => {
      const agents = d.agents.map((agent) => {
        const owner = entry.users.find((u) => u.agent.id === agent.eid);
        return {
          id: agent.id ?? (owner ? String(owner.id) : agent.eid),
          name: agent.name ?? owner?.name ?? agent.eid,
          eid: agent.eid,
          timeout: agent.timeout,
        };
      });
      return {
        id: d.id,
        name: d.name,
        description: d.description,
        ring_strategy: d.ring_strategy,
        music_on_hold: d.music_on_hold,
        agent_count: d.agent_count ?? String(agents.length),
        use_as_queue: d.use_as_queue,
        queue_timeout: d.queue_timeout,
        sticky_agent: d.sticky_agent,
        timeout_dest_type: d.timeout_dest_type,
        timeout_destination: d.timeout_destination,
        timeout_dest_name: d.timeout_dest_name ?? "",
        agents,
      };
    });

    const account: Account = {
      name: entry.name,
      token: entry.token,
      email: entry.email,
      password: entry.password,
      cps: entry.cps ?? options.fallbackCps,
      passwordDaysLeft: entry.passwordDaysLeft ?? options.fallbackPasswordDaysLeft,
      recordings: entry.recordings,
      users: [...entry.users].sort((x, y) => x.id - y.id),
      departments,
      numbers: entry.numbers,
      voicemails: entry.voicemails,
      timeConditions: entry.timeConditions,
      timeGroups: [],
      ivrs: [],
    };
    const context = (extra: Partial<ValidationContext> = {}): ValidationContext => ({
      account,
      singlePipe: options.singlePipe,
      maxNameLength: options.maxNameLength,
      checkReferences: options.checkReferences,
      ...extra,
    });
    /** Run a validator, turning its failure into a SeedError that names the entry. */
    const check = <T>(at: string, validate: () => T): T => {
      try {
        return validate();
      } catch (error) {
        if (error instanceof ValidationError) throw new SeedError(`${source}: ${where}.${at}.${error.message}`);
        throw error;
      }
    };

    // Time groups first: IVRs may route to them. Checked like a create (times, days, unique names),
    // except the name length: that limit is an option for API writes, not for what the panel made.
    entry.timeGroups.forEach((group, i) => {
      const ctx = context({ selfId: group.id, maxNameLength: Number.MAX_SAFE_INTEGER });
      const valid = check(`timeGroups[${i}]`, () => validateTimeGroupBody(group, ctx));
      account.timeGroups.push({ id: group.id, ...valid } satisfies TimeGroup);
    });

    const ids = entry.ivrs.map((raw, i) => ivrIdOf(raw, `${where}.ivrs[${i}]`, source) ?? counters.nextIvrId++);
    const pendingIvrIds = new Set(ids);
    entry.ivrs.forEach((raw, i) => {
      const ivr = check(`ivrs[${i}]`, () => validateIvrBody(raw, context({ pendingIvrIds })));
      account.ivrs.push({ id: ids[i]!, ...ivr } satisfies StoredIvr);
    });
    account.ivrs.sort((x, y) => x.id - y.id);

    account.numbers.forEach((number, i) => {
      if (number.destination === null) return;
      const destination = number.destination;
      number.destination = check(`numbers[${i}]`, () => validateNumberBody({ destination }, context()).destination);
    });
    for (const department of account.departments) {
      department.timeout_dest_name ||= targetName(account, `${department.timeout_dest_type}||${department.timeout_destination}`);
    }
    return account;
  });

  return { accounts, ...counters };
}
