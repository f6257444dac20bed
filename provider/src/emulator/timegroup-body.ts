/**
 * Validation of `POST /v1/timegroup` bodies (and seed time groups): parallel `from_time[]` /
 * `to_time[]` ranges in 24-hour "HH:MM", filtered by `days[]`, `dates[]` and `months[]` (an empty
 * filter means "any"). There is no update endpoint. Throws ValidationError.
 */
import { invalid, quote } from "./refs";
import { TimeGroup } from "./schema";
import { ValidationContext, arrayField, assertNoDuplicates, assertUniqueName, integer, nameField, objectBody } from "./validate";

export const DAYS = ["mon", "tue", "wed", "thu", "fri", "sat", "sun"] as const;
export const MONTHS = ["jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec"] as const;

const TIME = /^([01]\d|2[0-3]):([0-5]\d)$/;

function minutes(value: unknown, field: string): number {
  const match = typeof value === "string" ? TIME.exec(value) : null;
  if (!match) throw invalid(field, `must be a 24-hour time "HH:MM" such as "09:00" (got ${quote(value)})`);
  return Number(match[1]) * 60 + Number(match[2]);
}

function names(body: Record<string, unknown>, field: string, allowed: readonly string[], what: string): string[] {
  const values = arrayField(body, field, `${what} (${allowed[0]}...${allowed[allowed.length - 1]})`, false).map((value, i) => {
    if (typeof value !== "string" || !allowed.includes(value)) {
      throw invalid(`${field}[${i}]`, `${quote(value)} is not a ${what}; use one of ${allowed.join(", ")}`);
    }
    return value;
  });
  assertNoDuplicates(values, field, what);
  return values;
}

export function validateTimeGroupBody(input: unknown, ctx: ValidationContext): Omit<TimeGroup, "id"> {
  const body = objectBody(input);
  const name = nameField(body, ctx);
  const from_time = arrayField(body, "from_time", '"HH:MM" start times', true);
  const to_time = arrayField(body, "to_time", '"HH:MM" end times, one per from_time', true);
  if (to_time.length !== from_time.length) {
    throw invalid("to_time", `expected ${from_time.length} entries (one per from_time), got ${to_time.length}`);
  }
  const ranges = from_time.map((from, i) => {
    const start = minutes(from, `from_time[${i}]`);
    const end = minutes(to_time[i], `to_time[${i}]`);
    if (start >= end) throw invalid(`to_time[${i}]`, `must be after from_time[${i}] (${from} to ${to_time[i]})`);
    return `${from}-${to_time[i]}`;
  });
  assertNoDuplicates(ranges, "from_time", "time range");

  const days = names(body, "days", DAYS, "day");
  const dates = arrayField(body, "dates", "dates of the month (1-31)", false).map((value, i) => String(integer(value, `dates[${i}]`, 1, 31)));
  assertNoDuplicates(dates, "dates", "date");
  const months = names(body, "months", MONTHS, "month");

  assertUniqueName(ctx.account.timeGroups, name, ctx, "a time group");
  return { name, from_time: from_time as string[], to_time: to_time as string[], days, dates, months };
}
