/**
 * The IVR kind's spec: the zod schema that defines what an IVR is (the Pulumi args and outputs,
 * YAML definitions and both API mappings are all expressed through it) and the descriptor the
 * generic parts of the provider work from: its properties, and which of them hold recordings and
 * destinations.
 */
import { z } from "zod";
import { idLike, intIn, orUnknown, propertyNames, referenceSchema, strictObject } from "../../core/fields";
import { plainJson } from "../../core/json";
import { problemsFromZod } from "../../core/problems";
import { UNKNOWN } from "../../core/refs";
import type { ReferenceField } from "../../core/walk";
import type { KindSpec, Validation } from "../kind";

/** Limits this provider enforces; the real API's limits are not documented (see README). */
export const LIMITS = {
  nameMaxLength: 64,
  descriptionMaxLength: 255,
  ringTimeoutSeconds: { min: 1, max: 120 },
  retries: { min: 0, max: 10 },
  maxOptions: 12, // one per DTMF key: 0-9, * and #
} as const;

export const DTMF_KEYS = ["0", "1", "2", "3", "4", "5", "6", "7", "8", "9", "*", "#"] as const;

export const RecordingRef = referenceSchema("recording", "ivr");
export const DestinationRef = referenceSchema("destination", "ivr");

/** Lets a schema also take Pulumi's unknown sentinel (preview), or leaves it as it is. */
type Wrap = <T extends z.ZodTypeAny>(schema: T) => T;

const dtmfKey = z
  .union([z.string(), z.number()], {
    errorMap: () => ({ message: "must be one DTMF key: 0-9, * or #" }),
  })
  .transform((k) => String(k).trim())
  .refine((k) => (DTMF_KEYS as readonly string[]).includes(k), {
    message: "must be one DTMF key: 0-9, * or #",
  });

// The field docs below are what users see on the args and outputs (resource.ts derives them).
// The shapes are named, and the schemas typed by interfaces, so declaration files keep the docs.

const optionShape = (u: Wrap) => ({
  /** The DTMF key: 0-9, * or #. */
  key: u(dtmfKey),
  /** Where the call goes, e.g. `smartflo.extension("05047530000")`. */
  destination: u(DestinationRef),
  /**
   * SMS template sent when this option is chosen (needs the SMS template setting on the account).
   * `0` means none, as on the read side: the same as leaving it out.
   */
  smsTemplateId: u(
    idLike
      .refine((v) => /^\d+$/.test(v) && Number.isSafeInteger(Number(v)), { message: "must be a numeric SMS template id like 35642" })
      // Sent as a number, so written the way the API reads it back: no leading zeros, 0 for none.
      .transform((v) => (Number(v) === 0 ? undefined : String(Number(v)))),
  ).optional(),
});

/** What happens when the caller presses a wrong key (`invalidInput`) or nothing (`noInput`). */
const fallbackShape = (u: Wrap) => ({
  /** Retries before giving up (0-10). */
  retries: u(intIn(LIMITS.retries, "a whole number of retries")),
  /** Played before each retry. */
  retryRecording: u(RecordingRef),
  /** Played once the retries are used up, before the call goes to `destination`. */
  finalRecording: u(RecordingRef),
  /** Where the call goes once the retries are used up. */
  destination: u(DestinationRef),
});

/** The menu: at least one option, at most one per key. */
function optionsSchema(u: Wrap, option: IvrOptionSchema): IvrOptionsSchema {
  return z
    .array(u(option), { required_error: "is required", invalid_type_error: "must be a list of options" })
    .min(1, { message: "at least one option is required" })
    .max(LIMITS.maxOptions, { message: `at most ${LIMITS.maxOptions} options (one per DTMF key)` })
    .superRefine((opts, ctx) => {
      const firstUse = new Map<string, number>();
      opts.forEach((o: unknown, i) => {
        const key = (o as { key?: unknown } | undefined)?.key;
        if (o === UNKNOWN || typeof key !== "string" || key === UNKNOWN) return;
        const seen = firstUse.get(key);
        if (seen === undefined) firstUse.set(key, i);
        else
          ctx.addIssue({
            code: z.ZodIssueCode.custom,
            path: [i, "key"],
            message: `duplicate DTMF key '${key}' (also used by options[${seen}])`,
          });
      });
    });
}

const ivrShape = (u: Wrap, options: IvrOptionsSchema, fallback: (what: string) => IvrFallbackSchema) => ({
  /** Unique per Smartflo account (at most 64 characters). */
  name: u(
    z
      .string({ required_error: "is required", invalid_type_error: "must be a string" })
      .transform((s) => s.trim())
      .refine((s) => s.length > 0, { message: "must not be empty" })
      .refine((s) => s.length <= LIMITS.nameMaxLength, {
        message: `must be at most ${LIMITS.nameMaxLength} characters`,
      }),
  ),
  /** Defaults to the name (Smartflo requires one), also when blank. */
  description: u(
    z
      .string({ invalid_type_error: "must be a string" })
      .max(LIMITS.descriptionMaxLength, { message: `must be at most ${LIMITS.descriptionMaxLength} characters` }),
  ).optional(),
  /** Played when the call enters the IVR: `smartflo.recording("28935")`. */
  greeting: u(RecordingRef),
  /** Seconds to wait for a key press (1-120). */
  ringTimeoutSeconds: u(intIn(LIMITS.ringTimeoutSeconds, "a whole number of seconds")),
  /** The menu: one entry per DTMF key. */
  options: u(options),
  /** What happens when the caller presses a key that has no option. */
  invalidInput: u(fallback("the caller presses a key that has no option")),
  /** What happens when the caller presses nothing before the timeout. */
  noInput: u(fallback("the caller presses nothing before the timeout")),
});

export interface IvrOptionSchema extends z.ZodObject<ReturnType<typeof optionShape>, "strict"> {}
export interface IvrOptionsSchema extends z.ZodEffects<z.ZodArray<IvrOptionSchema>> {}
export interface IvrFallbackSchema extends z.ZodObject<ReturnType<typeof fallbackShape>, "strict"> {}
export interface IvrObjectSchema extends z.ZodObject<ReturnType<typeof ivrShape>, "strict"> {}

/**
 * Builds the IVR schema. With `allowUnknown`, every value may also be Pulumi's unknown sentinel
 * (during preview), which passes through untouched and is never validated.
 */
export function buildIvrSchema(allowUnknown: boolean): IvrObjectSchema {
  // The cast keeps the inferred types of the strict schema; only `check` sees the unknown form.
  const u: Wrap = (schema) => (allowUnknown ? orUnknown(schema) : schema) as unknown as typeof schema;
  const option: IvrOptionSchema = strictObject(optionShape(u), {
    required_error: "is required",
    invalid_type_error: "must be an object { key, destination, smsTemplateId? }",
  });
  const fallback = (what: string): IvrFallbackSchema =>
    strictObject(fallbackShape(u), {
      required_error: `is required (what happens when ${what})`,
      invalid_type_error: "must be an object { retries, retryRecording, finalRecording, destination }",
    });
  return strictObject(ivrShape(u, optionsSchema(u, option), fallback), { invalid_type_error: "IVR arguments must be an object" });
}

/** The canonical IVR, fully known. */
export const IvrSchema = buildIvrSchema(false);
/** The same rules, letting preview's unknown values through. */
export const IvrSchemaAllowingUnknowns = buildIvrSchema(true);

export type Ivr = z.output<typeof IvrSchema>;
export type IvrOption = Ivr["options"][number];
export type IvrFallback = Ivr["invalidInput"];
/** What users write (numbers where ids are meant, single pipes, no description). */
export type IvrInput = z.input<typeof IvrSchema>;

/** Property names users may write, for "did you mean" hints (`adopt` is every kind's). */
const PROPERTY_NAMES = [...propertyNames(IvrSchema), "adopt"];

/**
 * Validates and normalises IVR arguments. `description` defaults to the name (the API requires
 * one). Unknown values (preview) pass through untouched when `allowUnknown` is set.
 */
export function validateIvr(input: unknown, opts: { allowUnknown?: boolean } = {}): Validation<Ivr> {
  const schema = opts.allowUnknown ? IvrSchemaAllowingUnknowns : IvrSchema;
  const result = schema.safeParse(input);
  if (!result.success) return { ok: false, problems: problemsFromZod(result.error, { knownProperties: PROPERTY_NAMES }) };
  const value = { ...result.data } as Ivr;
  // Smartflo refuses a blank description: a blank one means "the default", like none.
  if (value.description === undefined || value.description.trim() === "") value.description = value.name;
  return { ok: true, value };
}

/** An IVR menu is a map from key to destination: compared with the options ordered by key. */
export function comparableIvr(ivr: Ivr): Ivr {
  const plain = plainJson(ivr);
  plain.options.sort((a, b) => (a.key < b.key ? -1 : a.key > b.key ? 1 : 0));
  return plain;
}

/** The properties that hold references, in the order problems with them are reported. */
const IVR_REFERENCES: readonly ReferenceField[] = [
  { path: ["greeting"], role: "recording" },
  { path: ["options", "*", "destination"], role: "destination" },
  ...(["invalidInput", "noInput"] as const).flatMap((fallback): ReferenceField[] => [
    { path: [fallback, "retryRecording"], role: "recording" },
    { path: [fallback, "finalRecording"], role: "recording" },
    { path: [fallback, "destination"], role: "destination" },
  ]),
];

export const IVR_SPEC = {
  type: "Ivr",
  noun: "IVR",
  aNoun: "an IVR",
  idProperty: "ivrId",
  properties: Object.keys(IvrSchema.shape) as Array<keyof Ivr>,
  requiredProperties: Object.entries(IvrSchema.shape).filter(([, s]) => !s.isOptional()).map(([k]) => k),
  propertyNames: PROPERTY_NAMES,
  references: IVR_REFERENCES,
  listedIn: "ivrs",
  uniqueName: "name",
  validate: validateIvr,
  comparable: comparableIvr,
} as const satisfies KindSpec<Ivr>;
