/** The validation every kind's `validate` starts with: its schema, problems by property path. */
import type { z } from "zod";
import { problemsFromZod } from "../core/problems";
import type { Validation } from "./kind";

/** Parses `input` with `schema`; unknown properties are named with the nearest of `knownProperties`. */
export function validateWith<V>(schema: z.ZodTypeAny, input: unknown, knownProperties: readonly string[]): Validation<V> {
  const result = schema.safeParse(input);
  if (!result.success) return { ok: false, problems: problemsFromZod(result.error, { knownProperties }) };
  return { ok: true, value: { ...result.data } as V };
}

/** The canonical properties of an object schema, and those users must give, in schema order. */
export function propertiesOf(shape: Record<string, z.ZodTypeAny>): { properties: string[]; requiredProperties: string[] } {
  return {
    properties: Object.keys(shape),
    requiredProperties: Object.entries(shape).filter(([, s]) => !s.isOptional()).map(([k]) => k),
  };
}
