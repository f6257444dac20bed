import { FIRST_TIME_GROUP_ID, RunningEmulator, SeedError, defaultSeed } from "../../provider/src/emulator";
import { call, createIvr, createNamed, ivrBody, timeGroupBody, withEmulator } from "./helpers";

let em: RunningEmulator;

beforeAll(async () => {
  em = await withEmulator();
});
afterAll(() => em.close());
beforeEach(() => em.reset());

async function rejectCreate(overrides: Record<string, unknown>, message: string | RegExp) {
  const res = await call(em, "POST", "/v1/timegroup", { body: timeGroupBody(overrides) });
  expect(res.status).toBe(400);
  expect(res.body.success).toBe(false);
  if (typeof message === "string") expect(res.body.message).toBe(message);
  else expect(res.body.message).toMatch(message);
  expect(em.snapshot().timeGroups).toHaveLength(2);
}

describe("emulator GET /v1/timegroups", () => {
  it("answers a bare array with each group's ranges and filters", async () => {
    const res = await call(em, "GET", "/v1/timegroups");
    expect(res.status).toBe(200);
    expect(res.body).toEqual([
      { id: "501", name: "Office hours", from_time: ["09:00"], to_time: ["18:00"], days: ["mon", "tue", "wed", "thu", "fri"], dates: [], months: [] },
      { id: "502", name: "Weekend hours", from_time: ["10:00"], to_time: ["14:00"], days: ["sat", "sun"], dates: [], months: [] },
    ]);
  });

  it("reads a seed group given only id and name as all day, every day", async () => {
    const seed = defaultSeed();
    seed.accounts[0]!.timeGroups = [{ id: 9, name: "Always" }];
    const always = await withEmulator({ seed });
    try {
      expect((await call(always, "GET", "/v1/timegroups")).body).toEqual([
        { id: "9", name: "Always", from_time: ["00:00"], to_time: ["23:59"], days: [], dates: [], months: [] },
      ]);
    } finally {
      await always.close();
    }
  });

  it("refuses a seed group with an impossible time, naming it", async () => {
    const seed = defaultSeed();
    seed.accounts[0]!.timeGroups = [{ id: 9, name: "Bad", from_time: ["25:00"], to_time: ["26:00"] }];
    await expect(withEmulator({ seed })).rejects.toThrow(SeedError);
    await expect(withEmulator({ seed })).rejects.toThrow(/^seed: accounts\[0\]\.timeGroups\[0\]\.from_time\[0\]: must be a 24-hour time/);
  });
});

describe("emulator POST /v1/timegroup", () => {
  it("creates a time group, answering only success and message", async () => {
    const body = timeGroupBody({
      name: "Split shift",
      from_time: ["09:00", "14:00"],
      to_time: ["12:30", "18:00"],
      dates: [1, "15", "31"],
      months: ["jan", "dec"],
    });
    const res = await call(em, "POST", "/v1/timegroup", { body });
    expect(res.status).toBe(200);
    expect(res.body).toEqual({ success: true, message: "Time group has been created successfully." });
    expect((await call(em, "GET", "/v1/timegroups")).body[2]).toEqual({
      id: String(FIRST_TIME_GROUP_ID),
      name: "Split shift",
      from_time: ["09:00", "14:00"],
      to_time: ["12:30", "18:00"],
      days: ["mon", "tue", "wed", "thu", "fri"],
      dates: ["1", "15", "31"],
      months: ["jan", "dec"],
    });
  });

  it("adds timegroup_id to the answer when createReturnsId is set", async () => {
    const withId = await withEmulator({ createReturnsId: true });
    try {
      const res = await call(withId, "POST", "/v1/timegroup", { body: timeGroupBody() });
      expect(res.body.timegroup_id).toBe(String(FIRST_TIME_GROUP_ID));
    } finally {
      await withId.close();
    }
  });

  it("accepts empty day, date and month filters (any)", async () => {
    expect((await call(em, "POST", "/v1/timegroup", { body: timeGroupBody({ days: [], dates: [], months: [] }) })).status).toBe(200);
  });

  it.each(["name", "from_time", "to_time", "days", "dates", "months"])("requires %s", async (field) => {
    const body = timeGroupBody();
    delete body[field];
    const res = await call(em, "POST", "/v1/timegroup", { body });
    expect(res.status).toBe(400);
    expect(res.body.message).toBe(`${field}: is required`);
  });

  it.each([
    [{ from_time: [] }, `from_time: must be a non-empty array of "HH:MM" start times`],
    [{ from_time: "09:00" }, `from_time: must be an array of "HH:MM" start times`],
    [{ to_time: ["14:00", "15:00"] }, "to_time: expected 1 entries (one per from_time), got 2"],
    [{ from_time: ["9:00"] }, `from_time[0]: must be a 24-hour time "HH:MM" such as "09:00" (got '9:00')`],
    [{ from_time: ["24:00"], to_time: ["24:30"] }, /^from_time\[0\]: must be a 24-hour time/],
    [{ to_time: ["13:60"] }, /^to_time\[0\]: must be a 24-hour time/],
    [{ from_time: [900] }, /^from_time\[0\]: must be a 24-hour time .* \(got '900'\)$/],
    [{ from_time: ["14:00"], to_time: ["13:00"] }, "to_time[0]: must be after from_time[0] (14:00 to 13:00)"],
    [{ from_time: ["13:00"], to_time: ["13:00"] }, "to_time[0]: must be after from_time[0] (13:00 to 13:00)"],
    [{ from_time: ["13:00", "13:00"], to_time: ["14:00", "14:00"] }, "from_time[1]: duplicate time range '13:00-14:00' (already used by from_time[0])"],
    [{ days: ["monday"] }, "days[0]: 'monday' is not a day; use one of mon, tue, wed, thu, fri, sat, sun"],
    [{ days: ["Mon"] }, /^days\[0\]: 'Mon' is not a day/],
    [{ days: ["mon", "mon"] }, "days[1]: duplicate day 'mon' (already used by days[0])"],
    [{ days: "mon" }, /^days: must be an array of day/],
    [{ dates: [0] }, "dates[0]: must be an integer from 1 to 31 (got '0')"],
    [{ dates: [32] }, "dates[0]: must be an integer from 1 to 31 (got '32')"],
    [{ dates: ["1", 1] }, "dates[1]: duplicate date '1' (already used by dates[0])"],
    [{ months: ["january"] }, /^months\[0\]: 'january' is not a month; use one of jan, feb, mar/],
    [{ name: " office HOURS" }, "name: a time group named ' office HOURS' already exists"],
    [{ name: "" }, "name: must not be empty"],
  ])("rejects %p", async (overrides, message) => {
    await rejectCreate(overrides, message);
  });
});

describe("emulator /v1/timegroup/{id}", () => {
  it("has no update: PUT answers 405 and lists DELETE", async () => {
    const res = await call(em, "PUT", "/v1/timegroup/501", { body: timeGroupBody() });
    expect(res.status).toBe(405);
    expect(res.headers.get("allow")).toBe("DELETE");
  });

  it("deletes a time group", async () => {
    const id = await createNamed(em, "timegroup", timeGroupBody());
    const res = await call(em, "DELETE", `/v1/timegroup/${id}`);
    expect(res.body).toEqual({ success: true, message: "Time group has been deleted successfully." });
    expect(em.snapshot().timeGroups.map((t) => t.id)).toEqual(["501", "502"]);
  });

  it("answers 404 for an unknown time group", async () => {
    const res = await call(em, "DELETE", "/v1/timegroup/999");
    expect(res.status).toBe(404);
    expect(res.body).toEqual({ success: false, message: "Time group not found" });
  });

  it("refuses to delete a time group an IVR routes to, naming the IVR", async () => {
    const ivr = await createIvr(em, { name: "Hours", destination: ["timegroup||501", "hangup||1", "hangup||1"] });
    const res = await call(em, "DELETE", "/v1/timegroup/501");
    expect(res.status).toBe(400);
    expect(res.body).toEqual({
      success: false,
      message: `Time group is in use by IVR ${ivr} 'Hours' (destination[0]): remove those references first`,
    });
  });

  it("lets an IVR route to a time group created through the API", async () => {
    const id = await createNamed(em, "timegroup", timeGroupBody());
    const res = await call(em, "POST", "/v1/ivr", { body: ivrBody({ timeout_destination: `timegroup||${id}` }) });
    expect(res.status).toBe(200);
  });
});
