/**
 * The canonical IVR model: the single source of truth for what an IVR is. The Pulumi inputs,
 * the provider's outputs, YAML definitions and both API mappings are all expressed through it.
 */
import { z } from "zod";
import { DESTINATION_TYPES, RECORDING_TYPES, UNKNOWN, normalizeRef, parseRef } from "./refs";

/** Limits this provider enforces; the real API's limits are not documented (see README). */
export const LIMITS = {
  nameMaxLength: 64,
  descriptionMaxLength: 255,
  ringTimeoutSeconds: { min: 1, max: 120 },
  retries: { min: 0, max: 10 },
  maxOptions: 12, // one per DTMF key: 0-9, * and #
} as const;

export const DTMF_KEYS = ["0", "1", "2", "3", "4", "5", "6", "7", "8", "9", "*", "#"] as const;

const DEST_LIST = DESTINATION_TYPES.join(", ");

/** A string, or a number given where a string id is meant (YAML turns `28935` into a number). */
const idLike = z.union([z.string(), z.number().int().nonnegative()]).transform((v) => String(v).trim());

function refSchema(kind: "recording" | "destination") {
  const allowed: readonly string[] = kind === "recording" ? RECORDING_TYPES : DESTINATION_TYPES;
  const example =
    kind === "recording"
      ? "a recording reference like recording||28935 (smartflo.recording(\"28935\"))"
      : `a destination like extension||05047530000 (smartflo.extension(...)); known types: ${DEST_LIST}`;
  return z
    .string({ required_error: "is required", invalid_type_error: `must be ${example}` })
    .superRefine((value, ctx) => {
      const ref = parseRef(value);
      if (!ref) {
        ctx.addIssue({ code: z.ZodIssueCode.custom, message: `must be ${example}, got '${value}'` });
        return;
      }
      if (!allowed.includes(ref.type)) {
        const what = kind === "recording" ? "recording type" : "destination type";
        ctx.addIssue({
          code: z.ZodIssueCode.custom,
          message: `unknown ${what} '${ref.type}' in '${value}' (known: ${allowed.join(", ")})`,
        });
        return;
      }
      if (ref.type === "hangup" && ref.id !== "1") {
        ctx.addIssue({ code: z.ZodIssueCode.custom, message: `a hangup destination is always hangup||1, got '${value}'` });
      }
    })
    .transform(normalizeRef);
}

export const RecordingRef = refSchema("recording");
export const DestinationRef = refSchema("destination");

const intIn = (range: { min: number; max: number }, what: string) =>
  z
    .number({ required_error: "is required", invalid_type_error: `must be ${what} from ${range.min} to ${range.max}` })
    .refine((n) => Number.isInteger(n) && n >= range.min && n <= range.max, {
      message: `must be ${what} from ${range.min} to ${range.max}`,
    });

/**
 * Builds the IVR schema. With `allowUnknown`, every value may also be Pulumi's unknown sentinel
 * (during preview), which passes through untouched and is never validated.
 */
export function buildIvrSchema(allowUnknown: boolean) {
  // The cast keeps the inferred types of the strict schema; only `check` sees the unknown form.
  const u = <T extends z.ZodTypeAny>(schema: T): T =>
    (allowUnknown ? orUnknown(schema) : schema) as unknown as T;

  const dtmfKey = z
    .union([z.string(), z.number()], {
      errorMap: () => ({ message: "must be one DTMF key: 0-9, * or #" }),
    })
    .transform((k) => String(k).trim())
    .refine((k) => (DTMF_KEYS as readonly string[]).includes(k), {
      message: "must be one DTMF key: 0-9, * or #",
    });

  const option = z
    .object(
      {
        key: u(dtmfKey),
        destination: u(DestinationRef),
        smsTemplateId: u(
          idLike.refine((v) => /^\d+$/.test(v), { message: "must be a numeric SMS template id like 35642" }),
        ).optional(),
      },
      { required_error: "is required", invalid_type_error: "must be an object { key, destination, smsTemplateId? }" },
    )
    .strict();

  const fallback = (what: string) =>
    z
      .object(
        {
          retries: u(intIn(LIMITS.retries, "a whole number of retries")),
          retryRecording: u(RecordingRef),
          finalRecording: u(RecordingRef),
          destination: u(DestinationRef),
        },
        {
          required_error: `is required (what happens when ${what})`,
          invalid_type_error: "must be an object { retries, retryRecording, finalRecording, destination }",
        },
      )
      .strict();

  return z
    .object(
      {
        name: u(
          z
            .string({ required_error: "is required", invalid_type_error: "must be a string" })
            .transform((s) => s.trim())
            .refine((s) => s.length > 0, { message: "must not be empty" })
            .refine((s) => s.length <= LIMITS.nameMaxLength, {
              message: `must be at most ${LIMITS.nameMaxLength} characters`,
            }),
        ),
        description: u(
          z
            .string({ invalid_type_error: "must be a string" })
            .max(LIMITS.descriptionMaxLength, { message: `must be at most ${LIMITS.descriptionMaxLength} characters` }),
        ).optional(),
        greeting: u(RecordingRef),
        ringTimeoutSeconds: u(intIn(LIMITS.ringTimeoutSeconds, "a whole number of seconds")),
        options: u(
          z
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
            }),
        ),
        invalidInput: u(fallback("the caller presses a key that has no option")),
        noInput: u(fallback("the caller presses nothing before the timeout")),
      },
      { invalid_type_error: "IVR arguments must be an object" },
    )
    .strict();
}

/** Wraps a schema so that Pulumi's unknown sentinel passes through unvalidated. */
export function orUnknown<T extends z.ZodTypeAny>(schema: T) {
  return z.any().transform((value, ctx) => {
    if (value === UNKNOWN) return value as typeof UNKNOWN;
    const result = schema.safeParse(value);
    if (result.success) return result.data as z.output<T>;
    for (const issue of result.error.issues) ctx.addIssue({ ...issue, code: z.ZodIssueCode.custom, path: issue.path });
    return z.NEVER;
  });
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

export interface Problem {
  /** Property path in the user's terms, e.g. `options[1].key` or `noInput.retries`. */
  property: string;
  reason: string;
}

/** `["options", 1, "key"]` -> `options[1].key`. */
export function formatPath(path: ReadonlyArray<string | number>): string {
  let out = "";
  for (const part of path) {
    if (typeof part === "number") out += `[${part}]`;
    else out += out ? `.${part}` : part;
  }
  return out;
}

export function problemsFromZod(error: z.ZodError, prefix: ReadonlyArray<string | number> = []): Problem[] {
  const problems: Problem[] = [];
  for (const issue of error.issues) {
    if (issue.code === z.ZodIssueCode.unrecognized_keys) {
      for (const key of issue.keys) {
        problems.push({
          property: formatPath([...prefix, ...issue.path, key]),
          reason: `unknown property '${key}'${suggestion(key)}`,
        });
      }
      continue;
    }
    problems.push({ property: formatPath([...prefix, ...issue.path]), reason: issue.message });
  }
  return problems;
}

const KNOWN_PROPERTIES = [
  "name", "description", "greeting", "ringTimeoutSeconds", "options", "invalidInput", "noInput",
  "key", "destination", "smsTemplateId", "retries", "retryRecording", "finalRecording", "adopt",
];

function suggestion(key: string): string {
  const lower = key.toLowerCase();
  const near = KNOWN_PROPERTIES.find((k) => k.toLowerCase() === lower || editDistance(k.toLowerCase(), lower) <= 2);
  return near ? ` (did you mean '${near}'?)` : "";
}

function editDistance(a: string, b: string): number {
  const dp = Array.from({ length: a.length + 1 }, (_, i) => [i, ...Array(b.length).fill(0)]);
  for (let j = 1; j <= b.length; j++) dp[0][j] = j;
  for (let i = 1; i <= a.length; i++)
    for (let j = 1; j <= b.length; j++)
      dp[i][j] = Math.min(dp[i - 1][j] + 1, dp[i][j - 1] + 1, dp[i - 1][j - 1] + (a[i - 1] === b[j - 1] ? 0 : 1));
  return dp[a.length][b.length];
}

/**
 * Validates and normalises IVR arguments. `description` defaults to the name (the API requires
 * one). Unknown values (preview) pass through untouched when `allowUnknown` is set.
 */
export function validateIvr(
  input: unknown,
  opts: { allowUnknown?: boolean } = {},
): { ok: true; value: Ivr } | { ok: false; problems: Problem[] } {
  const schema = opts.allowUnknown ? IvrSchemaAllowingUnknowns : IvrSchema;
  const result = schema.safeParse(input);
  if (!result.success) return { ok: false, problems: problemsFromZod(result.error) };
  const value = { ...result.data } as Ivr;
  if (value.description === undefined || value.description === "") value.description = value.name;
  return { ok: true, value };
}
