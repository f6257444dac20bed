/**
 * The emulator and the provider are two independent implementations of one API contract: neither
 * imports the other, so nothing but this test keeps them describing the same API. It sets the
 * provider's lists (reference types and where they may be used, write bodies, read schemas,
 * limits) beside the emulator's and fails when one side changes without the other.
 *
 * The emulator side is taken from what its code does, never from a copy kept here: the keys a
 * body validator reads (watched through a Proxy), the values it refuses, the keys its read shapes
 * print. Where the two sides differ on purpose, the difference is listed below with its reason.
 * Plain functions only: no server, no engine.
 */
import { z } from "zod";
import {
  DESTINATIONS, DESTINATION_TYPES, DestinationContext, RECORDINGS, destinationTypesIn, referenceFacts, writeTypeOf,
} from "../../provider/src/core/destinations";
import type { Validation } from "../../provider/src/kinds/kind";
import { DEPARTMENT_KIND } from "../../provider/src/kinds/department/api";
import { ApiDepartmentReadSchema, fromReadShape as departmentFromReadShape } from "../../provider/src/kinds/department/mapping";
import {
  DEPARTMENT_LIMITS, RING_STRATEGIES, comparableDepartment, ringStrategyOf, validateDepartment,
} from "../../provider/src/kinds/department/spec";
import { IVR_KIND } from "../../provider/src/kinds/ivr/api";
import { ApiIvrReadSchema, fromReadShape as ivrFromReadShape } from "../../provider/src/kinds/ivr/mapping";
import { DTMF_KEYS, LIMITS, comparableIvr, validateIvr } from "../../provider/src/kinds/ivr/spec";
import { ApiNumberReadSchema, readDestination, toWriteBody as numberWriteBody } from "../../provider/src/kinds/number-routing/mapping";
import { validateNumberRouting } from "../../provider/src/kinds/number-routing/spec";
import { TIME_GROUP_KIND } from "../../provider/src/kinds/time-group/api";
import { ApiTimeGroupReadSchema, fromReadShape as timeGroupFromReadShape } from "../../provider/src/kinds/time-group/mapping";
import {
  DAYS, MONTHS, REPLACEMENT_SUFFIX, TIME_GROUP_LIMITS, comparableTimeGroup, validateTimeGroup,
} from "../../provider/src/kinds/time-group/spec";
import {
  DEPARTMENT_FAILOVER_TYPES, DEPARTMENT_MEMBER_TYPES, MEMBER_TIMEOUT, RING_STRATEGIES as EMULATOR_RING_STRATEGIES, validateDepartmentBody,
} from "../../provider/src/emulator/department-body";
import { validateIvrBody } from "../../provider/src/emulator/ivr-body";
import { validateNumberBody } from "../../provider/src/emulator/number-body";
import { toDepartmentReadShape, toNumberReadShape, toReadShape, toTimeGroupReadShape } from "../../provider/src/emulator/read-shape";
import {
  IVR_DESTINATION_TYPES, NUMBER_DESTINATION_TYPES, RECORDING_TYPES as EMULATOR_RECORDING_TYPES, ValidationError, readSideType,
} from "../../provider/src/emulator/refs";
import type { AccountState } from "../../provider/src/emulator/schema";
import { defaultSeed, loadAccounts } from "../../provider/src/emulator/seed";
import { DAYS as EMULATOR_DAYS, MONTHS as EMULATOR_MONTHS, validateTimeGroupBody } from "../../provider/src/emulator/timegroup-body";
import { DEFAULT_MAX_NAME_LENGTH, MAX_DESCRIPTION_LENGTH, ValidationContext, isPlainObject } from "../../provider/src/emulator/validate";
import { ivrBody } from "./helpers";

// ---------------------------------------------------------------------------------------------
// Differences on purpose

/** The emulator's destination list for each place the provider's registry knows. */
const EMULATOR_TYPES_IN: Record<DestinationContext, readonly string[]> = {
  ivr: IVR_DESTINATION_TYPES,
  number: NUMBER_DESTINATION_TYPES,
  departmentFailover: DEPARTMENT_FAILOVER_TYPES,
  departmentMember: DEPARTMENT_MEMBER_TYPES,
};

/** Types the emulator accepts where the provider offers none, and why. */
const EMULATOR_ONLY_TYPES: Record<DestinationContext, Record<string, string>> = {
  ivr: {},
  number: {
    // docs/smartflo-api.md §8 lists them for numbers; §4.3 and Q22: the provider refuses them at
    // preview (no list to check ids against, no helper). The emulator must still take them: a
    // NumberRouting gives a number back its previous route on delete, whatever type that was.
    auto_attend: "documented for numbers; not offered by the provider (Q22)",
    api_dialplan: "documented for numbers; not offered by the provider (Q22)",
    custom_dialplan: "documented for numbers; not offered by the provider (Q22)",
  },
  departmentFailover: {},
  departmentMember: {},
};

/** Fields the emulator prints that the provider's read schemas leave out, and why. */
const IGNORED_READ_FIELDS: Record<Kind, Record<string, string>> = {
  Ivr: {
    added_by: "the panel user who made the IVR: read-only, no IVR property (docs §3.4)",
    "ivr_menu[].webhook_id": "a per-option webhook no write field sets (docs §3.4, Q29)",
  },
  Department: {
    agent_count: "the length of agents[], which is read",
    use_as_queue: "a queue setting only the panel sets: no write field",
    queue_timeout: "a queue setting only the panel sets: no write field",
    timeout_dest_name: "the failover's display name; its type and id are read",
    "agents[].id": "the member's user id; members are named by their eid",
    "agents[].name": "the member's display name",
  },
  TimeGroup: {},
  NumberRouting: {
    alias: "the number without its '+'; a number is found by its did (digits compared) or its id",
  },
};

type Kind = "Ivr" | "Department" | "TimeGroup" | "NumberRouting";

// ---------------------------------------------------------------------------------------------
// The test account: the emulator's built-in seed, plus one IVR to route to

interface World {
  account: AccountState;
  ctx(extra?: Partial<ValidationContext>): ValidationContext;
}

const EXISTING_IVR_ID = 8001;

function world(): World {
  const seed = defaultSeed();
  seed.accounts[0]!.ivrs = [{ id: EXISTING_IVR_ID, ...ivrBody({ name: "Main menu" }) }];
  const { accounts } = loadAccounts(seed, {
    source: "seed",
    overrides: {},
    fallbackCps: 0,
    fallbackPasswordDaysLeft: 60,
    singlePipe: "reject",
    maxNameLength: DEFAULT_MAX_NAME_LENGTH,
    checkReferences: true,
  });
  const account = accounts[0]!;
  return {
    account,
    ctx: (extra = {}) => ({ account, singlePipe: "reject", maxNameLength: DEFAULT_MAX_NAME_LENGTH, checkReferences: true, ...extra }),
  };
}

/** An id of `type` that exists in the account, for any type either side knows. */
function existingId(account: AccountState, type: string): string {
  const fixedId = referenceFacts(type)?.fixedId;
  if (fixedId !== undefined) return fixedId;
  switch (writeTypeOf(type)) {
    case "extension":
    case "agent":
      return account.users[0]!.agent.id;
    case "department":
      return account.departments[0]!.id;
    case "ivr":
      return String(account.ivrs[0]!.id);
    case "voicemail":
      return account.voicemails[0]!.id;
    case "time_condition":
      return account.timeConditions[0]!.id;
    case "timegroup":
      return account.timeGroups[0]!.id;
    case "recording":
      return account.recordings[0]!.id;
  }
  // Types with no list on either side (outbound_tts, auto_attend, the dialplans) take any id; a
  // new type with a list needs a case above, or the emulator refuses it and the test says so.
  return "7001";
}

// ---------------------------------------------------------------------------------------------
// Values the provider takes, and the bodies it writes for them

type Input = Record<string, any>;

function valid<T>(result: Validation<T>): T {
  if (!result.ok) throw new Error(`the provider refuses the test's value: ${JSON.stringify(result.problems)}`);
  return result.value;
}

/** An IVR with one option per IVR destination type, a template on one, and every recording type. */
function ivrInput(w: World): Input {
  const ref = (type: string) => `${type}||${existingId(w.account, type)}`;
  const recordings = Object.keys(RECORDINGS);
  const recording = (i: number) => ref(recordings[i % recordings.length]!);
  return {
    name: "Agreement IVR",
    description: "Every destination type",
    greeting: recording(0),
    ringTimeoutSeconds: 30,
    options: destinationTypesIn("ivr").map((type, i) => ({ key: DTMF_KEYS[i], destination: ref(type), ...(i === 0 ? { smsTemplateId: "35642" } : {}) })),
    invalidInput: { retries: 2, retryRecording: recording(0), finalRecording: recording(1), destination: ref("department") },
    noInput: { retries: 3, retryRecording: recording(1), finalRecording: recording(0), destination: ref("hangup") },
  };
}

function departmentInput(w: World): Input {
  const [first, second] = w.account.users;
  return {
    name: "Agreement Dept",
    description: "Two members",
    ringStrategy: "order_by",
    ringTimeoutSeconds: 25,
    members: [{ extension: first!.agent.id, ringTimeoutSeconds: 40 }, { extension: `extension||${second!.agent.id}` }],
    failover: `department||${w.account.departments[0]!.id}`,
    musicOnHold: `recording||${w.account.recordings[0]!.id}`,
    stickyAgent: { hours: 12 },
  };
}

function timeGroupInput(): Input {
  return {
    name: "Agreement hours",
    times: [{ from: "09:00", to: "13:00" }, { from: "14:00", to: "18:00" }],
    days: ["mon", "wed"],
    dates: [1, 15],
    months: ["jan", "dec"],
  };
}

const ivrValue = (input: Input) => valid(validateIvr(input));
const departmentValue = (input: Input) => valid(validateDepartment(input));
const timeGroupValue = (input: Input) => valid(validateTimeGroup(input));

/** The department a PUT replaces: not the one the test's failover names. */
const updatedDepartment = (w: World) => w.account.departments[1]!;

// ---------------------------------------------------------------------------------------------
// Write endpoints: the provider's body, and the emulator's validator for that endpoint

interface WriteEndpoint {
  /** The body the provider writes for the test's value, every optional field set. */
  full: Record<string, unknown>;
  /** The smallest body the provider writes (optional fields left out). */
  minimal: Record<string, unknown>;
  /** The body the provider writes for the other verb of the same kind, if it differs. */
  otherVerb?: Record<string, unknown>;
  validate(body: unknown): unknown;
}

const ENDPOINTS = ["POST /v1/ivr", "PUT /v1/ivr/{id}", "POST /v1/department", "PUT /v1/department/{id}", "POST /v1/timegroup", "PUT /v1/my_number/{id}"] as const;
type Endpoint = (typeof ENDPOINTS)[number];

// What the managed kinds send (`writeBody` is typed `unknown` there).
const ivrBodyOf = (input: Input) => IVR_KIND.writeBody(ivrValue(input), "create") as Record<string, any>;
const departmentBodyOf = (input: Input, verb: "create" | "update") => DEPARTMENT_KIND.writeBody(departmentValue(input), verb) as Record<string, any>;
const timeGroupBodyOf = (input: Input) => TIME_GROUP_KIND.writeBody(timeGroupValue(input), "create") as Record<string, any>;

const validators = {
  ivrCreate: (w: World) => (body: unknown) => validateIvrBody(body, w.ctx()),
  ivrUpdate: (w: World) => (body: unknown) => validateIvrBody(body, w.ctx({ selfId: EXISTING_IVR_ID })),
  departmentCreate: (w: World) => (body: unknown) => validateDepartmentBody(body, "create", w.ctx()),
  departmentUpdate: (w: World) => (body: unknown) =>
    validateDepartmentBody(body, "update", { ...w.ctx({ selfId: updatedDepartment(w).id }), current: updatedDepartment(w) }),
  timeGroup: (w: World) => (body: unknown) => validateTimeGroupBody(body, w.ctx()),
  number: (w: World) => (body: unknown) => validateNumberBody(body, w.ctx()),
};

/** A number as the emulator lists it, read by the provider (what NumberRouting writes back from). */
function listedNumber(w: World, patch: Record<string, unknown> = {}) {
  return ApiNumberReadSchema.parse({ ...toNumberReadShape(w.account.numbers[0]!), ...patch });
}

const NUMBER_DESTINATION = (w: World) => `ivr||${existingId(w.account, "ivr")}`;

function endpoint(name: Endpoint, w: World): WriteEndpoint {
  switch (name) {
    case "POST /v1/ivr":
    case "PUT /v1/ivr/{id}": {
      const body = ivrBodyOf(ivrInput(w));
      const noTemplates = ivrInput(w);
      noTemplates.options = noTemplates.options.map(({ smsTemplateId: _, ...o }: Input) => o);
      return {
        full: body,
        minimal: ivrBodyOf(noTemplates),
        validate: name === "POST /v1/ivr" ? validators.ivrCreate(w) : validators.ivrUpdate(w),
      };
    }
    case "POST /v1/department":
    case "PUT /v1/department/{id}": {
      const verb = name === "POST /v1/department" ? "create" : "update";
      const full = departmentBodyOf(departmentInput(w), verb);
      const { stickyAgent: _, ...noSticky } = departmentInput(w);
      return {
        full,
        minimal: departmentBodyOf(noSticky, verb),
        otherVerb: departmentBodyOf(departmentInput(w), verb === "create" ? "update" : "create"),
        validate: verb === "create" ? validators.departmentCreate(w) : validators.departmentUpdate(w),
      };
    }
    case "POST /v1/timegroup": {
      const { days: _d, dates: _t, months: _m, ...bare } = timeGroupInput();
      return { full: timeGroupBodyOf(timeGroupInput()), minimal: timeGroupBodyOf(bare), validate: validators.timeGroup(w) };
    }
    case "PUT /v1/my_number/{id}": {
      w.account.numbers[0]!.sms_template = ["35642"];
      return {
        full: numberWriteBody(listedNumber(w), NUMBER_DESTINATION(w)),
        minimal: numberWriteBody(listedNumber(w, { name: "", description: "", sms_template: [] }), NUMBER_DESTINATION(w)),
        validate: validators.number(w),
      };
    }
  }
}

// ---------------------------------------------------------------------------------------------
// Probes of the emulator

/** The emulator's refusal of what `run` validates, or undefined when it accepts. */
function refusal(run: () => unknown): ValidationError | undefined {
  try {
    run();
    return undefined;
  } catch (error) {
    if (error instanceof ValidationError) return error;
    throw error;
  }
}

/** `destination[0]` -> `destination`, `sticky_agent.time` -> `sticky_agent`. */
const rootOf = (field: string) => field.split(/[.[]/)[0]!;

/**
 * Validates `body` while watching which keys the validator reads (nested objects' as
 * `parent.key`). `enumerated` says it listed a body's keys, which would make "read" meaningless.
 */
function readsOf(body: Record<string, unknown>, validate: (body: unknown) => unknown) {
  const read = new Set<string>();
  let enumerated = false;
  const watch = (target: Record<string, unknown>, prefix: string): Record<string, unknown> =>
    new Proxy(target, {
      get(t, key, receiver) {
        const value = Reflect.get(t, key, receiver);
        if (typeof key !== "string") return value;
        read.add(prefix + key);
        return isPlainObject(value) ? watch(value, `${prefix}${key}.`) : value;
      },
      has(t, key) {
        if (typeof key === "string") read.add(prefix + key);
        return Reflect.has(t, key);
      },
      ownKeys(t) {
        enumerated = true;
        return Reflect.ownKeys(t);
      },
    });
  const error = refusal(() => validate(watch(body, "")));
  return { read: [...read].sort(), enumerated, error: error?.message };
}

/** The key paths of a body: `name`, `sticky_agent`, `sticky_agent.enable`, ... */
function keyPaths(body: Record<string, unknown>, prefix = ""): string[] {
  return Object.entries(body)
    .flatMap(([key, value]) => [prefix + key, ...(isPlainObject(value) ? keyPaths(value, `${prefix}${key}.`) : [])])
    .sort();
}

function without(body: Record<string, unknown>, path: string): Record<string, unknown> {
  const copy = structuredClone(body);
  const steps = path.split(".");
  let at: Record<string, unknown> = copy;
  for (const step of steps.slice(0, -1)) at = at[step] as Record<string, unknown>;
  delete at[steps[steps.length - 1]!];
  return copy;
}

const minus = (a: readonly string[], b: readonly string[]) => [...new Set(a)].filter((x) => !b.includes(x)).sort();
const sorted = (a: Iterable<string>) => [...new Set(a)].sort();

// ---------------------------------------------------------------------------------------------
// Read shapes: what the emulator prints for what the provider wrote, and what the provider reads

/** The key paths of a printed value: arrays of objects as `field[].key`, objects as `field.key`. */
function valuePaths(value: unknown, prefix = ""): string[] {
  if (!isPlainObject(value)) return [];
  return sorted(
    Object.entries(value).flatMap(([key, child]) => {
      const path = prefix + key;
      if (Array.isArray(child)) return [path, ...child.flatMap((item) => valuePaths(item, `${path}[].`))];
      return [path, ...valuePaths(child, `${path}.`)];
    }),
  );
}

function unwrap(schema: z.ZodTypeAny): z.ZodTypeAny {
  for (let s = schema; ; ) {
    if (s instanceof z.ZodEffects) s = s.innerType();
    else if (s instanceof z.ZodOptional || s instanceof z.ZodNullable) s = s.unwrap();
    else if (s instanceof z.ZodDefault) s = s.removeDefault();
    else if (s instanceof z.ZodCatch) s = s.removeCatch();
    else if (s instanceof z.ZodPipeline) s = s._def.in;
    else return s;
  }
}

/** The key paths a read schema names, in the notation of valuePaths. */
function schemaPaths(schema: z.ZodTypeAny, prefix = ""): string[] {
  const object = unwrap(schema);
  if (!(object instanceof z.ZodObject)) return [];
  return sorted(
    Object.entries(object.shape as Record<string, z.ZodTypeAny>).flatMap(([key, child]) => {
      const path = prefix + key;
      const inner = unwrap(child);
      if (inner instanceof z.ZodArray) return [path, ...schemaPaths(inner.element, `${path}[].`)];
      return [path, ...schemaPaths(inner, `${path}.`)];
    }),
  );
}

interface ReadCase {
  /** What the emulator's list prints for the test's value, after storing the provider's body. */
  printed: unknown;
  schema: z.ZodTypeAny;
  /** The provider reads `printed` back as the value it wrote. */
  roundTrip(): { read: unknown; wrote: unknown };
}

function readCase(kind: Kind, w: World): ReadCase {
  switch (kind) {
    case "Ivr": {
      const ivr = ivrValue(ivrInput(w));
      const printed = toReadShape({ id: EXISTING_IVR_ID + 1, ...validateIvrBody(IVR_KIND.writeBody(ivr, "create"), w.ctx()) });
      // The read side drops recording types: the previous state (`prior`) tells outbound_tts apart.
      return { printed, schema: ApiIvrReadSchema, roundTrip: () => ({ read: comparableIvr(ivrFromReadShape(printed, ivr).ivr), wrote: comparableIvr(ivr) }) };
    }
    case "Department": {
      const department = departmentValue(departmentInput(w));
      const stored = validateDepartmentBody(DEPARTMENT_KIND.writeBody(department, "create"), "create", w.ctx());
      const printed = toDepartmentReadShape({ id: "30001", ...stored });
      return {
        printed,
        schema: ApiDepartmentReadSchema,
        roundTrip: () => ({ read: comparableDepartment(departmentFromReadShape(printed, department).department), wrote: comparableDepartment(department) }),
      };
    }
    case "TimeGroup": {
      const group = timeGroupValue(timeGroupInput());
      const printed = toTimeGroupReadShape({ id: "1001", ...validateTimeGroupBody(TIME_GROUP_KIND.writeBody(group, "create"), w.ctx()) });
      return {
        printed,
        schema: ApiTimeGroupReadSchema,
        roundTrip: () => ({ read: comparableTimeGroup(timeGroupFromReadShape(printed).timeGroup), wrote: comparableTimeGroup(group) }),
      };
    }
    case "NumberRouting": {
      const routing = valid(validateNumberRouting({ number: w.account.numbers[0]!.did, destination: `department||${existingId(w.account, "department")}` }));
      const number = w.account.numbers[0]!;
      number.sms_template = ["35642"];
      Object.assign(number, validateNumberBody(numberWriteBody(listedNumber(w), routing.destination), w.ctx()));
      const printed = toNumberReadShape(number);
      return {
        printed,
        schema: ApiNumberReadSchema,
        roundTrip: () => ({ read: readDestination(ApiNumberReadSchema.parse(printed).destination), wrote: routing.destination }),
      };
    }
  }
}

// ---------------------------------------------------------------------------------------------

describe("the emulator and the provider agree on the API contract", () => {
  describe("reference types", () => {
    it("the recording types are the same on both sides", () => {
      expect(sorted(EMULATOR_RECORDING_TYPES)).toEqual(sorted(Object.keys(RECORDINGS)));
    });

    it.each(Object.keys(EMULATOR_TYPES_IN) as DestinationContext[])(
      "%s: the emulator takes every destination type the provider offers there, and more only where listed with a reason",
      (context) => {
        const provider = destinationTypesIn(context);
        const emulator = EMULATOR_TYPES_IN[context];
        expect({ offeredButRefused: minus(provider, emulator), acceptedButNotOffered: minus(emulator, provider) }).toEqual({
          offeredButRefused: [],
          acceptedButNotOffered: sorted(Object.keys(EMULATOR_ONLY_TYPES[context])),
        });
      },
    );

    /** Each place a destination is written, as a validation of the provider's body with one ref replaced. */
    const SLOTS: Record<DestinationContext, Record<string, (w: World, ref: string) => unknown>> = {
      ivr: Object.fromEntries(
        ["destination[0]", "invalid_destination", "timeout_destination"].map((slot) => [
          slot,
          (w: World, ref: string) => {
            const body = ivrBodyOf(ivrInput(w));
            if (slot === "destination[0]") (body.destination as string[])[0] = ref;
            else body[slot] = ref;
            return validators.ivrCreate(w)(body);
          },
        ]),
      ),
      number: { destination: (w, ref) => validators.number(w)(numberWriteBody(listedNumber(w), ref)) },
      departmentFailover: Object.fromEntries(
        (["create", "update"] as const).map((verb) => [
          `${verb} failover`,
          (w: World, ref: string) => {
            const body = departmentBodyOf(departmentInput(w), verb);
            const [typeKey, destinationKey] = verb === "create" ? ["failover_dest_type", "failover_destination"] : ["timeout_dest_type", "timeout_destination"];
            body[typeKey] = ref.split("||")[0];
            body[destinationKey] = ref;
            return (verb === "create" ? validators.departmentCreate(w) : validators.departmentUpdate(w))(body);
          },
        ]),
      ),
      departmentMember: {
        "destination[0]": (w, ref) => {
          const body = departmentBodyOf(departmentInput(w), "create");
          (body.destination as string[])[0] = ref;
          return validators.departmentCreate(w)(body);
        },
      },
    };

    /** Every type name either side knows, read-side aliases included. */
    const ALL_TYPES = sorted([
      ...DESTINATION_TYPES,
      ...Object.keys(RECORDINGS),
      ...Object.values(DESTINATIONS).flatMap((d) => d.readAliases),
      ...Object.values(EMULATOR_TYPES_IN).flat(),
      ...EMULATOR_RECORDING_TYPES,
    ]);

    const slotCases = (Object.keys(SLOTS) as DestinationContext[]).flatMap((context) => Object.keys(SLOTS[context]).map((slot) => [context, slot] as const));

    it.each(slotCases)("%s (%s): the emulator's validator takes exactly the types of its list", (context, slot) => {
      const w = world();
      const accepted = ALL_TYPES.filter((type) => refusal(() => SLOTS[context][slot]!(w, `${type}||${existingId(w.account, type)}`)) === undefined);
      expect(accepted).toEqual(sorted(EMULATOR_TYPES_IN[context]));
    });

    it.each(slotCases)("%s (%s): the emulator refuses an id missing from the list the provider checks it against", (context, slot) => {
      const w = world();
      const checked = destinationTypesIn(context).filter((type) => DESTINATIONS[type].checkedAgainst !== null);
      expect(checked.length).toBeGreaterThan(0);
      for (const type of checked) {
        expect(refusal(() => SLOTS[context][slot]!(w, `${type}||999999999`))?.message).toMatch(/does not exist/);
      }
    });

    it.each(slotCases)("%s (%s): a type with one fixed id takes only that id on the emulator too", (context, slot) => {
      const w = world();
      for (const type of destinationTypesIn(context)) {
        const fixedId = referenceFacts(type)?.fixedId;
        if (fixedId === undefined) continue;
        expect(refusal(() => SLOTS[context][slot]!(w, `${type}||${fixedId}`))).toBeUndefined();
        expect(refusal(() => SLOTS[context][slot]!(w, `${type}||${fixedId}0`))).toBeInstanceOf(ValidationError);
      }
    });

    it("every IVR recording field takes exactly the recording types", () => {
      const w = world();
      for (const field of ["recording", "invalid_recording", "recording_invalid", "timeout_retry_recording", "timeout_recording"]) {
        const accepted = ALL_TYPES.filter((type) => {
          const body = ivrBodyOf(ivrInput(w));
          body[field] = `${type}||${existingId(w.account, type)}`;
          return refusal(() => validators.ivrCreate(w)(body)) === undefined;
        });
        expect({ field, accepted }).toEqual({ field, accepted: sorted(Object.keys(RECORDINGS)) });
      }
    });

    it("every type the emulator reads back under another name is one of the provider's read aliases", () => {
      for (const type of sorted(Object.values(EMULATOR_TYPES_IN).flat())) {
        const readAs = readSideType(type);
        expect({ type, readAs, readBackAs: writeTypeOf(readAs) }).toEqual({ type, readAs, readBackAs: type });
        if (readAs !== type) expect(DESTINATIONS[type as keyof typeof DESTINATIONS]?.readAliases).toContain(readAs);
      }
    });
  });

  describe("write bodies", () => {
    it.each(ENDPOINTS)("%s: the emulator accepts the bodies the provider writes", (name) => {
      const w = world();
      const { full, minimal, validate } = endpoint(name, w);
      expect(refusal(() => validate(full))?.message).toBeUndefined();
      expect(refusal(() => validate(minimal))?.message).toBeUndefined();
    });

    it.each(ENDPOINTS)("%s: the emulator reads exactly the keys the provider writes", (name) => {
      const w = world();
      const { full, otherVerb, validate } = endpoint(name, w);
      const sent = keyPaths(full);
      const { read, enumerated, error } = readsOf(full, validate);
      expect(error).toBeUndefined();
      // A validator that lists the body's keys would read them all: this probe could not tell.
      expect(enumerated).toBe(false);
      // What the emulator reads beyond the body is only the other verb's names, which it refuses.
      const otherVerbOnly = otherVerb ? minus(keyPaths(otherVerb), sent) : [];
      expect({ sentButNeverRead: minus(sent, read), readButNotSent: minus(read, sent) }).toEqual({
        sentButNeverRead: [],
        readButNotSent: otherVerbOnly,
      });
      for (const key of otherVerbOnly) {
        expect(refusal(() => validate({ ...full, [key]: otherVerb![key] }))?.field).toBe(key);
      }
    });

    it.each(ENDPOINTS)("%s: every field the emulator requires is one the provider always sends", (name) => {
      const w = world();
      const { full, minimal, validate } = endpoint(name, w);
      // Top-level fields: a nested one may be required only with some value of its parent's
      // (sticky_agent.time with enable 1), which both bodies being accepted already covers.
      const required = Object.keys(full).filter((key) => {
        const error = refusal(() => validate(without(full, key)));
        return error !== undefined && rootOf(error.field) === key;
      });
      expect(required.length).toBeGreaterThan(0);
      expect(minus(required, Object.keys(minimal))).toEqual([]);
      // And what the provider leaves out of its smallest body, the emulator does without.
      for (const key of minus(Object.keys(full), Object.keys(minimal))) {
        expect({ without: key, refused: refusal(() => validate(without(full, key)))?.message }).toEqual({ without: key, refused: undefined });
      }
    });

    it("create and update name a department's failover differently, as the docs say, on both sides", () => {
      const w = world();
      const create = endpoint("POST /v1/department", w);
      const update = endpoint("PUT /v1/department/{id}", w);
      expect(minus(keyPaths(create.full), keyPaths(update.full))).toEqual(["failover_dest_type", "failover_destination"]);
      expect(minus(keyPaths(update.full), keyPaths(create.full))).toEqual(["timeout_dest_type", "timeout_destination"]);
      expect(refusal(() => create.validate(update.full))?.field).toMatch(/^(failover|timeout)_dest/);
      expect(refusal(() => update.validate(create.full))?.field).toMatch(/^(failover|timeout)_dest/);
    });

    it("a blank description is sent as the name, which the emulator takes (it refuses a blank one)", () => {
      const w = world();
      const ivr = { ...ivrInput(w), description: "   " };
      expect(refusal(() => validators.ivrCreate(w)(ivrBodyOf(ivr)))).toBeUndefined();
      const department = { ...departmentInput(w), description: "" };
      expect(refusal(() => validators.departmentCreate(w)(departmentBodyOf(department, "create")))).toBeUndefined();
      expect(refusal(() => validators.ivrCreate(w)({ ...ivrBodyOf(ivrInput(w)), description: "   " }))?.field).toBe("description");
    });
  });

  describe("read shapes", () => {
    const KINDS: Kind[] = ["Ivr", "Department", "TimeGroup", "NumberRouting"];

    it.each(KINDS)("%s: the provider reads every field the emulator prints, but those it ignores on purpose", (kind) => {
      const { printed, schema } = readCase(kind, world());
      const shown = valuePaths(printed);
      const read = schemaPaths(schema);
      expect({ readButNotPrinted: minus(read, shown), printedButNotRead: minus(shown, read) }).toEqual({
        readButNotPrinted: [],
        printedButNotRead: sorted(Object.keys(IGNORED_READ_FIELDS[kind])),
      });
    });

    it.each(KINDS)("%s: what the provider writes, the emulator stores and lists, the provider reads back unchanged", (kind) => {
      const { read, wrote } = readCase(kind, world()).roundTrip();
      expect(read).toEqual(wrote);
    });

    it("every ring strategy reads back as the one written", () => {
      const w = world();
      for (const strategy of EMULATOR_RING_STRATEGIES) {
        const stored = validators.departmentCreate(w)({ ...departmentBodyOf(departmentInput(w), "create"), ring_strategy: strategy }) as { ring_strategy: string };
        expect({ strategy, readBack: ringStrategyOf(stored.ring_strategy) }).toEqual({ strategy, readBack: strategy });
      }
    });
  });

  describe("limits", () => {
    it("the lists both sides keep are the same", () => {
      expect([...EMULATOR_RING_STRATEGIES]).toEqual([...RING_STRATEGIES]);
      expect([...EMULATOR_DAYS]).toEqual([...DAYS]);
      expect([...EMULATOR_MONTHS]).toEqual([...MONTHS]);
      expect(MEMBER_TIMEOUT).toEqual(DEPARTMENT_LIMITS.ringTimeoutSeconds);
      expect([LIMITS.nameMaxLength, DEPARTMENT_LIMITS.nameMaxLength]).toEqual([DEFAULT_MAX_NAME_LENGTH, DEFAULT_MAX_NAME_LENGTH]);
      expect([LIMITS.descriptionMaxLength, DEPARTMENT_LIMITS.descriptionMaxLength]).toEqual([MAX_DESCRIPTION_LENGTH, MAX_DESCRIPTION_LENGTH]);
    });

    interface Bound {
      what: string;
      range: { min?: number; max: number };
      /** Whether the provider takes its value with this quantity at n. */
      provider(w: World, n: number): boolean;
      /** The emulator's refusal of the provider's body with this quantity at n. */
      emulator(w: World, n: number): ValidationError | undefined;
    }

    type Patch<T> = (value: T, n: number) => void;

    /** The bounds of one kind: its value and body made for the test, patched to the quantity n. */
    const boundsOf =
      (kind: string, input: (w: World) => Input, providerTakes: (i: Input) => boolean, body: (w: World) => Record<string, any>, validate: (w: World) => (b: unknown) => unknown) =>
      (what: string, range: Bound["range"], patchInput: Patch<Input>, patchBody: Patch<Record<string, any>>): Bound => ({
        what: `${kind} ${what}`,
        range,
        provider: (w, n) => {
          const i = input(w);
          patchInput(i, n);
          return providerTakes(i);
        },
        emulator: (w, n) => {
          const b = body(w);
          patchBody(b, n);
          return refusal(() => validate(w)(b));
        },
      });

    const ivrBound = boundsOf("IVR", ivrInput, (i) => validateIvr(i).ok, (w) => ivrBodyOf(ivrInput(w)), validators.ivrCreate);
    const departmentBound = boundsOf(
      "department",
      departmentInput,
      (i) => validateDepartment(i).ok,
      (w) => departmentBodyOf(departmentInput(w), "create"),
      validators.departmentCreate,
    );

    const options = (n: number) => Array.from({ length: n }, (_, i) => ({ key: DTMF_KEYS[i % DTMF_KEYS.length], destination: "hangup||1" }));

    const BOUNDS: Bound[] = [
      ivrBound("name length", { max: LIMITS.nameMaxLength }, (i, n) => (i.name = "n".repeat(n)), (b, n) => (b.name = "n".repeat(n))),
      ivrBound("description length", { max: LIMITS.descriptionMaxLength }, (i, n) => (i.description = "d".repeat(n)), (b, n) => (b.description = "d".repeat(n))),
      ivrBound("ring timeout", LIMITS.ringTimeoutSeconds, (i, n) => (i.ringTimeoutSeconds = n), (b, n) => (b.timeout = n)),
      ivrBound("invalid-input retries", LIMITS.retries, (i, n) => (i.invalidInput.retries = n), (b, n) => (b.incorrect_count = n)),
      ivrBound("no-input retries", LIMITS.retries, (i, n) => (i.noInput.retries = n), (b, n) => (b.timeout_tries = b.timeout_retries = n)),
      ivrBound("option count", { min: 1, max: LIMITS.maxOptions }, (i, n) => (i.options = options(n)), (b, n) => {
        b.option = options(n).map((o) => o.key);
        b.destination = options(n).map((o) => o.destination);
        b.sms_template = options(n).map(() => 0);
      }),
      departmentBound("name length", { max: DEPARTMENT_LIMITS.nameMaxLength }, (i, n) => (i.name = "n".repeat(n)), (b, n) => (b.name = "n".repeat(n))),
      departmentBound("description length", { max: DEPARTMENT_LIMITS.descriptionMaxLength }, (i, n) => (i.description = "d".repeat(n)), (b, n) => (b.description = "d".repeat(n))),
      departmentBound("member ring time", DEPARTMENT_LIMITS.ringTimeoutSeconds, (i, n) => (i.members[0].ringTimeoutSeconds = n), (b, n) => (b.timeout[0] = n)),
      departmentBound("default ring time", DEPARTMENT_LIMITS.ringTimeoutSeconds, (i, n) => (i.ringTimeoutSeconds = n), (b, n) => (b.timeout[1] = n)),
      departmentBound("sticky hours", DEPARTMENT_LIMITS.stickyHours, (i, n) => (i.stickyAgent = { hours: n }), (b, n) => (b.sticky_agent = { enable: 1, time: `${n}h` })),
      departmentBound("sticky days", DEPARTMENT_LIMITS.stickyDays, (i, n) => (i.stickyAgent = { days: n }), (b, n) => (b.sticky_agent = { enable: 1, time: `${n}d` })),
      {
        what: "time group date",
        range: { min: 1, max: 31 },
        provider: (_w, n) => validateTimeGroup({ ...timeGroupInput(), dates: [n] }).ok,
        emulator: (w, n) => refusal(() => validators.timeGroup(w)({ ...timeGroupBodyOf(timeGroupInput()), dates: [n] })),
      },
    ];

    it.each(BOUNDS.map((b) => [b.what, b] as const))("%s: both sides take the same range", (_what, bound) => {
      const w = world();
      const { min, max } = bound.range;
      const inside = [max, ...(min === undefined ? [] : [min])];
      const outside = [max + 1, ...(min === undefined ? [] : [min - 1])];
      for (const n of inside) {
        expect({ n, provider: bound.provider(w, n), emulator: bound.emulator(w, n)?.message }).toEqual({ n, provider: true, emulator: undefined });
      }
      for (const n of outside) {
        expect({ n, provider: bound.provider(w, n), emulator: bound.emulator(w, n) !== undefined }).toEqual({ n, provider: false, emulator: true });
      }
    });

    it("the same keys are DTMF keys on both sides", () => {
      const w = world();
      const candidates = [...Array.from({ length: 95 }, (_, i) => String.fromCharCode(32 + i)), "10", "**", ""];
      const byProvider = candidates.filter((key) => validateIvr({ ...ivrInput(w), options: [{ key, destination: "hangup||1" }] }).ok);
      const byEmulator = candidates.filter((key) => {
        const body = { ...ivrBodyOf(ivrInput(w)), option: [key], destination: ["hangup||1"], sms_template: [0] };
        return refusal(() => validators.ivrCreate(w)(body)) === undefined;
      });
      expect(byEmulator).toEqual(byProvider);
      expect(sorted(byProvider)).toEqual(sorted(DTMF_KEYS));
    });

    it("a time group's longest name, with the suffix a replacement takes, is the emulator's longest name", () => {
      const w = world();
      const longest = "t".repeat(TIME_GROUP_LIMITS.nameMaxLength);
      expect(validateTimeGroup({ ...timeGroupInput(), name: longest }).ok).toBe(true);
      expect(validateTimeGroup({ ...timeGroupInput(), name: `${longest}t` }).ok).toBe(false);
      const write = (name: string) => refusal(() => validators.timeGroup(w)({ ...timeGroupBodyOf(timeGroupInput()), name }));
      expect(write(longest + REPLACEMENT_SUFFIX)?.message).toBeUndefined();
      expect(write(`${longest + REPLACEMENT_SUFFIX}t`)?.field).toBe("name");
    });

    it("the provider's cap on time ranges is one the emulator accepts (the emulator has none: none is documented)", () => {
      const w = world();
      const times = Array.from({ length: TIME_GROUP_LIMITS.maxTimes }, (_, i) => ({ from: `${String(i).padStart(2, "0")}:00`, to: `${String(i).padStart(2, "0")}:30` }));
      const group = { ...timeGroupInput(), times };
      expect(validateTimeGroup(group).ok).toBe(true);
      expect(refusal(() => validators.timeGroup(w)(timeGroupBodyOf(group)))?.message).toBeUndefined();
    });
  });
});
