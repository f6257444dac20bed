/**
 * The TimeGroup kind's spec: a Smartflo time group (business hours), the zod schema that defines
 * it and the descriptor the generic parts of the provider work from. Smartflo has no way to
 * update a time group, so any change replaces it (runtime.ts).
 */
import { z } from "zod";
import { Wrap, intIn, nameSchema, noRepeats, propertyNames, strictObject, wrapFor } from "../../core/fields";
import { plainJson } from "../../core/json";
import { UNKNOWN } from "../../core/refs";
import type { KindSpec, Validation } from "../kind";
import { propertiesOf, validateWith } from "../validate";

export const DAYS = ["mon", "tue", "wed", "thu", "fri", "sat", "sun"] as const;
export const MONTHS = ["jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec"] as const;

/** The suffix a replacement is created with while the time group it replaces still holds the name. */
export const REPLACEMENT_SUFFIX = " (2)";

export const TIME_GROUP_LIMITS = {
  /** 64 (the IVR and department limit) less the replacement suffix. */
  nameMaxLength: 64 - REPLACEMENT_SUFFIX.length,
  maxTimes: 24,
} as const;

/** "9:00" or "09:00" -> "09:00"; 24-hour clock. */
const time = z
  .string({ required_error: "is required", invalid_type_error: 'must be a 24-hour time "HH:MM" such as "09:00"' })
  .transform((s, ctx) => {
    const m = /^\s*(\d{1,2}):(\d{2})\s*$/.exec(s);
    if (!m || Number(m[1]) > 23 || Number(m[2]) > 59) {
      ctx.addIssue({ code: z.ZodIssueCode.custom, message: `must be a 24-hour time "HH:MM" such as "09:00", got '${s}'` });
      return z.NEVER;
    }
    return `${m[1]!.padStart(2, "0")}:${m[2]}`;
  });

/** A day or month by its three-letter name or its full name, any case: stored as `mon`, `jan`. */
function named<T extends string>(names: readonly T[], what: string) {
  return z
    .string({ invalid_type_error: `must be a ${what} name (${names.join(", ")})` })
    .transform((s, ctx) => {
      const t = s.trim().toLowerCase();
      const found = names.find((n) => t === n || t === FULL_NAMES[n]);
      if (found) return found;
      ctx.addIssue({ code: z.ZodIssueCode.custom, message: `'${s}' is not a ${what}; use one of ${names.join(", ")}` });
      return z.NEVER;
    });
}

const FULL_NAMES: Record<string, string> = {
  mon: "monday", tue: "tuesday", wed: "wednesday", thu: "thursday", fri: "friday", sat: "saturday", sun: "sunday",
  jan: "january", feb: "february", mar: "march", apr: "april", may: "may", jun: "june", jul: "july", aug: "august",
  sep: "september", oct: "october", nov: "november", dec: "december",
};

/** A list in which each value may appear once. */
function uniqueList<T extends z.ZodTypeAny>(u: Wrap, item: T, what: string) {
  return z
    .array(u(item), { invalid_type_error: `must be a list of ${what}` })
    .superRefine(noRepeats((v) => (v === UNKNOWN ? undefined : String(v)), (key, first) => `'${key}' is listed twice (also at [${first}])`));
}

// The field docs below are what users see on the args and outputs (resource.ts derives them).

const rangeShape = (u: Wrap) => ({
  /** Start, 24-hour "HH:MM", e.g. "09:00". */
  from: u(time),
  /** End, after `from`, e.g. "18:00". */
  to: u(time),
});

/** A range whose times are both known (not preview's unknown). */
function knownRange(r: unknown): { from: string; to: string } | undefined {
  const { from, to } = (r ?? {}) as { from?: unknown; to?: unknown };
  return typeof from === "string" && typeof to === "string" && from !== UNKNOWN && to !== UNKNOWN ? { from, to } : undefined;
}

const rangeKey = (r: { from: string; to: string } | undefined) => r && `${r.from}-${r.to}`;

function timesSchema(u: Wrap, range: TimeRangeSchema): TimeRangesSchema {
  return z
    .array(u(range), { required_error: "is required", invalid_type_error: 'must be a list of { from: "09:00", to: "18:00" }' })
    .min(1, { message: "at least one time range is required" })
    .max(TIME_GROUP_LIMITS.maxTimes, { message: `at most ${TIME_GROUP_LIMITS.maxTimes} time ranges` })
    .superRefine((ranges, ctx) => {
      ranges.forEach((r: unknown, i) => {
        const known = knownRange(r);
        if (known && known.from >= known.to) ctx.addIssue({ code: z.ZodIssueCode.custom, path: [i, "to"], message: `must be after from (${known.from}), got ${known.to}` });
      });
      noRepeats((r) => rangeKey(knownRange(r)), (key, first) => `${key} is listed twice (also times[${first}])`)(ranges, ctx);
    });
}

const timeGroupShape = (u: Wrap, times: TimeRangesSchema) => ({
  /**
   * Unique per Smartflo account (at most 60 characters). While a replacement is created, the time
   * group it replaces still holds this name, so the replacement takes the name with " (2)" (and
   * the next one the name again): see the `smartfloName` output.
   */
  name: u(nameSchema(TIME_GROUP_LIMITS.nameMaxLength)),
  /** The hours of the day it covers, e.g. `[{ from: "09:00", to: "18:00" }]`. */
  times: u(times),
  /** The days of the week it covers (mon ... sun); none means every day. */
  days: u(uniqueList(u, named(DAYS, "day"), "days")).optional(),
  /** The days of the month it covers (1-31); none means every date. */
  dates: u(uniqueList(u, intIn({ min: 1, max: 31 }, "a day of the month"), "dates")).optional(),
  /** The months it covers (jan ... dec); none means every month. */
  months: u(uniqueList(u, named(MONTHS, "month"), "months")).optional(),
});

export interface TimeRangeSchema extends z.ZodObject<ReturnType<typeof rangeShape>, "strict"> {}
export interface TimeRangesSchema extends z.ZodEffects<z.ZodArray<TimeRangeSchema>> {}
export interface TimeGroupObjectSchema extends z.ZodObject<ReturnType<typeof timeGroupShape>, "strict"> {}

export function buildTimeGroupSchema(allowUnknown: boolean): TimeGroupObjectSchema {
  const u = wrapFor(allowUnknown);
  const range: TimeRangeSchema = strictObject(rangeShape(u), {
    required_error: "is required",
    invalid_type_error: 'must be an object { from: "09:00", to: "18:00" }',
  });
  return strictObject(timeGroupShape(u, timesSchema(u, range)), { invalid_type_error: "TimeGroup arguments must be an object" });
}

export const TimeGroupSchema = buildTimeGroupSchema(false);
export const TimeGroupSchemaAllowingUnknowns = buildTimeGroupSchema(true);

export type TimeGroup = z.output<typeof TimeGroupSchema>;
export type TimeRange = TimeGroup["times"][number];
export type TimeGroupInput = z.input<typeof TimeGroupSchema>;

const PROPERTY_NAMES = [...propertyNames(TimeGroupSchema), "adopt"];

/** Validates and normalises time group arguments: an absent filter is `[]` (any). */
export function validateTimeGroup(input: unknown, opts: { allowUnknown?: boolean } = {}): Validation<TimeGroup> {
  const result = validateWith<TimeGroup>(opts.allowUnknown ? TimeGroupSchemaAllowingUnknowns : TimeGroupSchema, input, PROPERTY_NAMES);
  if (!result.ok) return result;
  const t = result.value;
  t.days ??= [];
  t.dates ??= [];
  t.months ??= [];
  return { ok: true, value: t };
}

const rank = <T>(order: readonly T[]) => (a: T, b: T) => order.indexOf(a) - order.indexOf(b);

/** Filters and ranges are sets: compared in calendar order, whatever order they were written in. */
export function comparableTimeGroup(t: TimeGroup): TimeGroup {
  const plain = plainJson(t);
  plain.times.sort((a, b) => (a.from === b.from ? (a.to < b.to ? -1 : 1) : a.from < b.from ? -1 : 1));
  plain.days?.sort(rank(DAYS));
  plain.dates?.sort((a, b) => a - b);
  plain.months?.sort(rank(MONTHS));
  return plain;
}

export const TIME_GROUP_SPEC = {
  type: "TimeGroup",
  noun: "time group",
  aNoun: "a time group",
  idProperty: "timeGroupId",
  ...(propertiesOf(TimeGroupSchema.shape) as { properties: Array<keyof TimeGroup>; requiredProperties: string[] }),
  propertyNames: PROPERTY_NAMES,
  references: [],
  listedIn: "timegroups",
  uniqueName: "name",
  derived: {
    smartfloName: `is an output, not an input: the name the time group has in Smartflo, worked out from \`name\` (with "${REPLACEMENT_SUFFIX}" while the time group it replaces holds the name)`,
  },
  changeReplaces: true,
  validate: validateTimeGroup,
  comparable: comparableTimeGroup,
} as const satisfies KindSpec<TimeGroup>;
