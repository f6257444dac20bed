/**
 * The mappings between the canonical time group and the Smartflo API, in one place.
 *
 * | TimeGroup input | write field (`POST /v1/timegroup`) | read field (`GET /v1/timegroups`) |
 * |-----------------|------------------------------------|-----------------------------------|
 * | name            | name (the `smartfloName` output: the name, or the name + " (2)" for a replacement) | name |
 * | times[i].from   | from_time[i] ("HH:MM")             | from_time[i]                      |
 * | times[i].to     | to_time[i]                         | to_time[i]                        |
 * | days            | days (`mon` ... `sun`; `[]` = every day) | days                        |
 * | dates           | dates (1-31; `[]` = every date)    | dates (strings)                   |
 * | months          | months (`jan` ... `dec`; `[]` = every month) | months                  |
 */
import { z } from "zod";
import { describeProblems, problemsFromZod } from "../../core/problems";
import type { TimeGroup } from "./spec";

/** The body of `POST /v1/timegroup` (there is no update). */
export interface TimeGroupWriteBody {
  name: string;
  from_time: string[];
  to_time: string[];
  days: string[];
  dates: number[];
  months: string[];
}

/** `smartfloName`: the name it is created under (see spec.ts). */
export function toWriteBody(t: TimeGroup, smartfloName: string): TimeGroupWriteBody {
  return {
    name: smartfloName,
    from_time: t.times.map((r) => r.from),
    to_time: t.times.map((r) => r.to),
    days: t.days ?? [],
    dates: t.dates ?? [],
    months: t.months ?? [],
  };
}

const texts = z.array(z.union([z.string(), z.number()]).transform((v) => String(v).trim().toLowerCase())).nullish().transform((v) => v ?? []);

/** One entry of `GET /v1/timegroups` (its shape is undocumented: the documented write fields). */
export const ApiTimeGroupReadSchema = z
  .object({
    id: z.union([z.string(), z.number()]).transform((v) => String(v).trim()),
    name: z.string(),
    from_time: z.array(z.string()),
    to_time: z.array(z.string()),
    days: texts,
    dates: texts,
    months: texts,
  })
  .passthrough();

/**
 * Maps one time group of `GET /v1/timegroups` to the canonical model and the name it has in
 * Smartflo. The declared name is the previous state's when Smartflo still shows the name this
 * resource gave it (a replacement's " (2)" is not part of what was declared).
 */
export function fromReadShape(raw: unknown, prior?: { name?: unknown; smartfloName?: unknown }): { id: string; timeGroup: TimeGroup; smartfloName: string } {
  const parsed = ApiTimeGroupReadSchema.safeParse(raw);
  if (!parsed.success) throw new Error(describeProblems(problemsFromZod(parsed.error)));
  const api = parsed.data;
  const keepsName = typeof prior?.name === "string" && typeof prior.smartfloName === "string" && prior.smartfloName === api.name;
  const timeGroup: TimeGroup = {
    name: keepsName ? (prior!.name as string) : api.name,
    times: api.from_time.map((from, i) => ({ from, to: api.to_time[i] ?? "" })),
    days: api.days as TimeGroup["days"],
    dates: api.dates.map(Number),
    months: api.months as TimeGroup["months"],
  };
  return { id: api.id, timeGroup, smartfloName: api.name };
}
