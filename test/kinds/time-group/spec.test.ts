import { comparableTimeGroup, validateTimeGroup } from "../../../provider/src/kinds/time-group/spec";
import { fromReadShape, toWriteBody } from "../../../provider/src/kinds/time-group/mapping";
import { smartfloNameOf } from "../../../provider/src/kinds/time-group/runtime";
import { officeHours } from "../../support/ivrs";
import { problemsOf, validOf } from "../../support/validation";

const problems = problemsOf(validateTimeGroup);
const valid = validOf(validateTimeGroup);

describe("TimeGroup validation", () => {
  it("normalises times to HH:MM and day and month names to their short form; absent filters mean any", () => {
    expect(valid({ name: " Late ", times: [{ from: "9:00", to: "21:30" }], days: ["Monday", "SAT"], months: ["december"] })).toEqual({
      name: "Late",
      times: [{ from: "09:00", to: "21:30" }],
      days: ["mon", "sat"],
      dates: [],
      months: ["dec"],
    });
  });

  it("names each bad value: times, order, days, dates, months, repeats", () => {
    expect(
      problems({
        name: "x".repeat(61),
        times: [{ from: "25:00", to: "26:00" }, { from: "18:00", to: "09:00" }],
        days: ["mon", "funday", "mon"],
        dates: [0, 15, 15],
        months: ["jan", "smarch"],
      }),
    ).toEqual([
      { property: "name", reason: "must be at most 60 characters" },
      { property: "times[0].from", reason: 'must be a 24-hour time "HH:MM" such as "09:00", got \'25:00\'' },
      { property: "times[0].to", reason: 'must be a 24-hour time "HH:MM" such as "09:00", got \'26:00\'' },
      { property: "times[1].to", reason: "must be after from (18:00), got 09:00" },
      { property: "days[1]", reason: "'funday' is not a day; use one of mon, tue, wed, thu, fri, sat, sun" },
      { property: "days[2]", reason: "'mon' is listed twice (also at [0])" },
      { property: "dates[0]", reason: "must be a day of the month from 1 to 31" },
      { property: "dates[2]", reason: "'15' is listed twice (also at [1])" },
      { property: "months[1]", reason: "'smarch' is not a month; use one of jan, feb, mar, apr, may, jun, jul, aug, sep, oct, nov, dec" },
    ]);
    expect(problems({ name: "x", times: [{ from: "18:00", to: "09:00" }, { from: "09:00", to: "12:00" }, { from: "09:00", to: "12:00" }] })).toEqual([
      { property: "times[0].to", reason: "must be after from (18:00), got 09:00" },
      { property: "times[2]", reason: "09:00-12:00 is listed twice (also times[1])" },
    ]);
    expect(problems(officeHours({ days: ["mon", "mon"], dates: [3, 3] }))).toEqual([
      { property: "days[1]", reason: "'mon' is listed twice (also at [0])" },
      { property: "dates[1]", reason: "'3' is listed twice (also at [0])" },
    ]);
    expect(problems({ name: "x", times: [] })).toEqual([{ property: "times", reason: "at least one time range is required" }]);
  });

  it("compares filters and ranges as sets", () => {
    const a = valid(officeHours({ times: [{ from: "14:00", to: "18:00" }, { from: "09:00", to: "13:00" }], days: ["fri", "mon"] }));
    const b = valid(officeHours({ times: [{ from: "09:00", to: "13:00" }, { from: "14:00", to: "18:00" }], days: ["mon", "fri"] }));
    expect(comparableTimeGroup(a)).toEqual(comparableTimeGroup(b));
  });
});

describe("TimeGroup mappings", () => {
  it("writes parallel from_time/to_time and the filters, under the Smartflo name", () => {
    expect(toWriteBody(valid(officeHours({ dates: [1, 15] })), "Weekday hours (2)")).toEqual({
      name: "Weekday hours (2)",
      from_time: ["09:00"],
      to_time: ["18:00"],
      days: ["mon", "tue", "wed", "thu", "fri"],
      dates: [1, 15],
      months: [],
    });
  });

  it("reads a time group back, keeping the declared name while Smartflo shows the name given to it", () => {
    const listed = { id: 1002, name: "Weekday hours (2)", from_time: ["09:00"], to_time: ["18:00"], days: ["MON"], dates: ["1"], months: [] };
    expect(fromReadShape(listed, { name: "Weekday hours", smartfloName: "Weekday hours (2)" })).toEqual({
      id: "1002",
      smartfloName: "Weekday hours (2)",
      timeGroup: { name: "Weekday hours", times: [{ from: "09:00", to: "18:00" }], days: ["mon"], dates: [1], months: [] },
    });
    // Renamed in the panel: the name shows as a change.
    expect(fromReadShape({ ...listed, name: "Renamed" }, { name: "Weekday hours", smartfloName: "Weekday hours (2)" }).timeGroup.name).toBe("Renamed");
  });
});

describe("the Smartflo name of a time group (no update endpoint, names unique)", () => {
  const state = (extra: Record<string, unknown>) => ({ ...valid(officeHours()), ...extra });
  it("is the name for a new one, and stays what it was while nothing changes", () => {
    expect(smartfloNameOf({}, valid(officeHours()))).toBe("Weekday hours");
    expect(smartfloNameOf(state({ smartfloName: "Weekday hours (2)" }), valid(officeHours()))).toBe("Weekday hours (2)");
  });

  it("alternates on each replacement, since the old one holds its name until the new one exists", () => {
    const changed = valid(officeHours({ days: ["sat"] }));
    expect(smartfloNameOf(state({ smartfloName: "Weekday hours" }), changed)).toBe("Weekday hours (2)");
    expect(smartfloNameOf(state({ smartfloName: "Weekday hours (2)" }), changed)).toBe("Weekday hours");
    expect(smartfloNameOf(state({ smartfloName: "Weekday hours" }), { ...changed, name: "Evenings" })).toBe("Evenings");
  });
});
