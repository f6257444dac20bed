/**
 * The Department kind's spec: a Smartflo department (ring group), the zod schema that defines it
 * (args, outputs, definitions files and both API mappings are expressed through it) and the
 * descriptor the generic parts of the provider work from.
 */
import { z } from "zod";
import {
  Wrap, descriptionSchema, intIn, nameSchema, noRepeats, propertyNames, referenceSchema, strictObject, wrapFor,
} from "../../core/fields";
import { plainJson } from "../../core/json";
import { UNKNOWN, formatRef, parseRef } from "../../core/refs";
import type { ReferenceField } from "../../core/walk";
import type { KindSpec, Validation } from "../kind";
import { propertiesOf, validateWith } from "../validate";

/** Limits this provider enforces: the documented sticky-agent bounds, the emulator's ring times. */
export const DEPARTMENT_LIMITS = {
  nameMaxLength: 64,
  descriptionMaxLength: 255,
  /** Seconds one member's phone rings (the API's per-member `timeout`). */
  ringTimeoutSeconds: { min: 5, max: 120 },
  defaultRingTimeoutSeconds: 30,
  stickyHours: { min: 1, max: 240 },
  stickyDays: { min: 1, max: 10 },
} as const;

/**
 * How a call is offered to the members. The write side's names (Servetel's enum plus Smartflo's
 * "Longest Wait Time"); `simultaneously` is how the list prints `simultaneous`, accepted too.
 */
export const RING_STRATEGIES = ["simultaneous", "order_by", "random", "round_robin", "longest_wait_time"] as const;
export type RingStrategy = (typeof RING_STRATEGIES)[number];
const RING_STRATEGY_ALIASES: Readonly<Record<string, RingStrategy>> = { simultaneously: "simultaneous" };

/** `simultaneously` (as the list prints it) -> `simultaneous`; undefined for an unknown strategy. */
export function ringStrategyOf(text: string): RingStrategy | undefined {
  const t = text.trim().toLowerCase().replace(/[\s-]+/g, "_");
  if ((RING_STRATEGIES as readonly string[]).includes(t)) return t as RingStrategy;
  return RING_STRATEGY_ALIASES[t];
}

export const FailoverRef = referenceSchema("destination", "departmentFailover");
const MusicRef = referenceSchema("recording", "ivr").refine((r) => parseRef(r)?.type === "recording", {
  message: "must be a system recording: smartflo.recording(\"42240\") (the API takes a recording id)",
});

/** A member: an extension (agent eid), bare or as `extension||<eid>`; stored as `extension||<eid>`. */
const memberExtension = z
  .union([z.string(), z.number().int().nonnegative()], {
    errorMap: () => ({ message: "must be an extension (agent eid) like 05047530000, or smartflo.extension(\"05047530000\")" }),
  })
  .transform((v) => String(v).trim())
  .superRefine((v, ctx) => {
    const ref = parseRef(v);
    if (ref && ref.type !== "extension") {
      ctx.addIssue({ code: z.ZodIssueCode.custom, message: `a member is an extension, got '${v}' (members are extension||<eid>)` });
    } else if (!ref && !/^[^\s|]+$/.test(v)) {
      ctx.addIssue({ code: z.ZodIssueCode.custom, message: `must be an extension (agent eid) like 05047530000, got '${v}'` });
    }
  })
  .transform((v) => formatRef("extension", parseRef(v)?.id ?? v));

const ringTime = () => intIn(DEPARTMENT_LIMITS.ringTimeoutSeconds, "a whole number of seconds");

// The field docs below are what users see on the args and outputs (resource.ts derives them).

const memberShape = (u: Wrap) => ({
  /** The member's extension (agent eid): `"05047530000"` or `smartflo.extension("05047530000")`. */
  extension: u(memberExtension),
  /** Seconds this member's phone rings (5-120); defaults to the department's `ringTimeoutSeconds`. */
  ringTimeoutSeconds: u(ringTime()).optional(),
});

/** Keeps a caller with the agent who last talked to them, for some hours or days. */
const stickyShape = (u: Wrap) => ({
  /** For this many hours (1-240). */
  hours: u(intIn(DEPARTMENT_LIMITS.stickyHours, "a whole number of hours")).optional(),
  /** For this many days (1-10). */
  days: u(intIn(DEPARTMENT_LIMITS.stickyDays, "a whole number of days")).optional(),
});

function membersSchema(u: Wrap, member: DepartmentMemberSchema): DepartmentMembersSchema {
  return z
    .array(u(member), { required_error: "is required", invalid_type_error: "must be a list of members" })
    .min(1, { message: "at least one member is required" })
    .superRefine(
      noRepeats(
        (m) => {
          const extension = (m as { extension?: unknown } | undefined)?.extension;
          return typeof extension === "string" && extension !== UNKNOWN ? extension : undefined;
        },
        (extension, first) => `'${extension}' is already a member (members[${first}])`,
        ["extension"],
      ),
    );
}

const departmentShape = (u: Wrap, members: DepartmentMembersSchema, sticky: DepartmentStickySchema) => ({
  /** Unique per Smartflo account (at most 64 characters). */
  name: u(nameSchema(DEPARTMENT_LIMITS.nameMaxLength)),
  /** Defaults to the name (Smartflo requires one), also when blank. */
  description: u(descriptionSchema(DEPARTMENT_LIMITS.descriptionMaxLength)).optional(),
  /** How a call is offered: simultaneous, order_by, random, round_robin or longest_wait_time. */
  ringStrategy: u(
    z
      .string({ required_error: "is required", invalid_type_error: `must be one of ${RING_STRATEGIES.join(", ")}` })
      .transform((s, ctx) => {
        const strategy = ringStrategyOf(s);
        if (strategy) return strategy;
        ctx.addIssue({ code: z.ZodIssueCode.custom, message: `'${s}' is not a ring strategy; use one of ${RING_STRATEGIES.join(", ")}` });
        return z.NEVER;
      }),
  ),
  /** Seconds each member's phone rings unless the member says otherwise (5-120, default 30). */
  ringTimeoutSeconds: u(ringTime()).optional(),
  /** Who the calls ring, in order (the order counts for order_by). */
  members: u(members),
  /** Where a call goes when no member answers, e.g. `smartflo.voicemail("301")` or `smartflo.ivr(menu)`. */
  failover: u(FailoverRef),
  /** Played while the caller waits: `smartflo.recording("42240")`. */
  musicOnHold: u(MusicRef),
  /** Off when left out: `{ hours: 12 }` or `{ days: 1 }` sends a returning caller to the same agent. */
  stickyAgent: u(sticky).optional(),
});

export interface DepartmentMemberSchema extends z.ZodObject<ReturnType<typeof memberShape>, "strict"> {}
export interface DepartmentMembersSchema extends z.ZodEffects<z.ZodArray<DepartmentMemberSchema>> {}
export interface DepartmentStickySchema extends z.ZodEffects<z.ZodObject<ReturnType<typeof stickyShape>, "strict">> {}
export interface DepartmentObjectSchema extends z.ZodObject<ReturnType<typeof departmentShape>, "strict"> {}

/** Builds the schema; with `allowUnknown`, any value may be Pulumi's unknown (preview). */
export function buildDepartmentSchema(allowUnknown: boolean): DepartmentObjectSchema {
  const u = wrapFor(allowUnknown);
  const member: DepartmentMemberSchema = strictObject(memberShape(u), {
    required_error: "is required",
    invalid_type_error: "must be an object { extension, ringTimeoutSeconds? }",
  });
  const sticky: DepartmentStickySchema = strictObject(stickyShape(u), {
    invalid_type_error: "must be an object { hours } or { days }",
  }).refine((s) => (s.hours === undefined) !== (s.days === undefined), { message: "give either hours or days" });
  return strictObject(departmentShape(u, membersSchema(u, member), sticky), {
    invalid_type_error: "Department arguments must be an object",
  });
}

export const DepartmentSchema = buildDepartmentSchema(false);
export const DepartmentSchemaAllowingUnknowns = buildDepartmentSchema(true);

export type Department = z.output<typeof DepartmentSchema>;
export type DepartmentMember = Department["members"][number];
export type DepartmentInput = z.input<typeof DepartmentSchema>;

const PROPERTY_NAMES = [...propertyNames(DepartmentSchema), "adopt"];

/**
 * Validates and normalises department arguments: `description` defaults to the name,
 * `ringTimeoutSeconds` to 30, and each member's ring time to the department's.
 */
export function validateDepartment(input: unknown, opts: { allowUnknown?: boolean } = {}): Validation<Department> {
  const result = validateWith<Department>(opts.allowUnknown ? DepartmentSchemaAllowingUnknowns : DepartmentSchema, input, PROPERTY_NAMES);
  if (!result.ok) return result;
  const d = result.value;
  // Smartflo refuses a blank description: a blank one means "the default", like none.
  if (d.description === undefined || d.description.trim() === "") d.description = d.name;
  d.ringTimeoutSeconds ??= DEPARTMENT_LIMITS.defaultRingTimeoutSeconds;
  // (With unknowns allowed, a member or the ring time itself may be the unknown sentinel.)
  if (Array.isArray(d.members) && (d.ringTimeoutSeconds as unknown) !== UNKNOWN) {
    d.members = d.members.map((m) =>
      typeof m === "object" && m !== null && m.ringTimeoutSeconds === undefined ? { ...m, ringTimeoutSeconds: d.ringTimeoutSeconds } : m,
    );
  }
  return { ok: true, value: d };
}

/**
 * The department-wide ring time is only a default: what the API sees is each member's, so two
 * departments that ring every member alike are the same.
 */
export function comparableDepartment(d: Department): Department {
  const plain = plainJson(d);
  delete plain.ringTimeoutSeconds;
  return plain;
}

const DEPARTMENT_REFERENCES: readonly ReferenceField[] = [
  { path: ["members", "*", "extension"], role: "destination", context: "departmentMember" },
  { path: ["failover"], role: "destination", context: "departmentFailover" },
  { path: ["musicOnHold"], role: "recording" },
];

export const DEPARTMENT_SPEC = {
  type: "Department",
  noun: "department",
  aNoun: "a department",
  idProperty: "departmentId",
  ...(propertiesOf(DepartmentSchema.shape) as { properties: Array<keyof Department>; requiredProperties: string[] }),
  propertyNames: PROPERTY_NAMES,
  references: DEPARTMENT_REFERENCES,
  listedIn: "departments",
  uniqueName: "name",
  validate: validateDepartment,
  comparable: comparableDepartment,
} as const satisfies KindSpec<Department>;

export type StickyAgent = NonNullable<Department["stickyAgent"]>;
