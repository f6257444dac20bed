/**
 * zod building blocks the kind specs share: ids, bounded integers, `type||id` references checked
 * against the reference registry, and the wrapper that lets preview's unknowns through.
 */
import { z } from "zod";
import {
  DESTINATIONS, DestinationContext, RECORDING_TYPES, destinationTypesIn, referenceFacts,
} from "./destinations";
import { UNKNOWN, normalizeRef, parseRef } from "./refs";
import type { ReferenceRole } from "./walk";

/**
 * A string, or a number given where a string id is meant (YAML turns `28935` into a number). Any
 * number passes here, as its text: the property's own rule says which ids it takes.
 */
export const idLike = z
  .union([z.string(), z.number()], { errorMap: () => ({ message: "must be an id: text or a whole number" }) })
  .transform((v) => String(v).trim());

export const intIn = (range: { min: number; max: number }, what: string) =>
  z
    .number({ required_error: "is required", invalid_type_error: `must be ${what} from ${range.min} to ${range.max}` })
    .refine((n) => Number.isInteger(n) && n >= range.min && n <= range.max, {
      message: `must be ${what} from ${range.min} to ${range.max}`,
    });

/**
 * A `type||id` reference of one role (recordings, or destinations usable in `context`),
 * normalised to the double pipe.
 */
export function referenceSchema(role: ReferenceRole, context: DestinationContext) {
  const allowed: readonly string[] = role === "recording" ? RECORDING_TYPES : destinationTypesIn(context);
  const example =
    role === "recording"
      ? `a recording reference like recording||28935 (smartflo.${referenceFacts("recording")!.helper}("28935"))`
      : `a destination like extension||05047530000 (smartflo.${DESTINATIONS.extension.helper}(...)); known types: ${allowed.join(", ")}`;
  return z
    .string({ required_error: "is required", invalid_type_error: `must be ${example}` })
    .superRefine((value, ctx) => {
      const ref = parseRef(value);
      if (!ref) {
        ctx.addIssue({ code: z.ZodIssueCode.custom, message: `must be ${example}, got '${value}'` });
        return;
      }
      if (!allowed.includes(ref.type)) {
        ctx.addIssue({
          code: z.ZodIssueCode.custom,
          message: `unknown ${role} type '${ref.type}' in '${value}' (known: ${allowed.join(", ")})`,
        });
        return;
      }
      const fixedId = referenceFacts(ref.type)?.fixedId;
      if (fixedId !== undefined && ref.id !== fixedId) {
        ctx.addIssue({
          code: z.ZodIssueCode.custom,
          message: `a ${ref.type} ${role} is always ${ref.type}||${fixedId}, got '${value}'`,
        });
      }
    })
    .transform(normalizeRef);
}

/**
 * `z.object(shape).strict()`, typed by its shape alone, so that declaration files keep the
 * shape's property docs (they reach the Pulumi args types users hover over) instead of
 * spelling out its input and output types without them.
 */
export function strictObject<S extends z.ZodRawShape>(shape: S, params?: z.RawCreateParams): z.ZodObject<S, "strict"> {
  return z.object(shape, params).strict();
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

/** The object schema inside refinements, transforms, optionals and lists, if there is one. */
function objectIn(schema: z.ZodTypeAny): z.AnyZodObject | undefined {
  for (let s: z.ZodTypeAny | undefined = schema; s; ) {
    if (s instanceof z.ZodObject) return s;
    if (s instanceof z.ZodEffects) s = s.innerType();
    else if (s instanceof z.ZodOptional || s instanceof z.ZodNullable) s = s.unwrap();
    else if (s instanceof z.ZodDefault) s = s.removeDefault();
    else if (s instanceof z.ZodArray) s = s.element;
    else return undefined;
  }
  return undefined;
}

/** Every property name of an object schema, nested ones included, shallowest first. */
export function propertyNames(schema: z.ZodTypeAny): string[] {
  const names: string[] = [];
  let level = [schema];
  while (level.length) {
    const next: z.ZodTypeAny[] = [];
    for (const s of level) {
      const shape = objectIn(s)?.shape as Record<string, z.ZodTypeAny> | undefined;
      for (const [key, child] of Object.entries(shape ?? {})) {
        if (!names.includes(key)) names.push(key);
        next.push(child);
      }
    }
    level = next;
  }
  return names;
}
