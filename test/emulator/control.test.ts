import { RunningEmulator } from "../../provider/src/emulator";
import { call, createIvr, ivrBody, timeGroupBody, withEmulator } from "./helpers";

let em: RunningEmulator;

beforeAll(async () => {
  em = await withEmulator();
});
afterAll(() => em.close());
beforeEach(() => em.reset());

function addFault(spec: unknown) {
  return call(em, "POST", "/__emulator/faults", { token: null, body: spec });
}

describe("emulator GET /__emulator/state", () => {
  it("shows every account, IVRs in write shape with their id, without auth", async () => {
    const id = await createIvr(em);
    const res = await call(em, "GET", "/__emulator/state", { token: null });
    expect(res.status).toBe(200);
    expect(Object.keys(res.body.accounts)).toEqual(["default"]);
    expect(res.body.nextIvrId).toBe(id + 1);
    const account = res.body.accounts.default;
    expect(account).toMatchObject({ name: "default", email: "ops@example.com", cps: 0, passwordDaysLeft: 60 });
    expect(account.ivrs).toEqual([{ id, ...ivrBody(), sms_template: ["0", "0", "0"] }]);
    expect(account.numbers).toHaveLength(2);
    expect(account).not.toHaveProperty("token");
    expect(account).not.toHaveProperty("password");
  });

  it("shows one account with ?account=NAME", async () => {
    const res = await call(em, "GET", "/__emulator/state?account=default", { token: null });
    expect(res.body.name).toBe("default");
    expect(res.body.recordings).toHaveLength(8);
  });

  it("answers 404 with a clear message for an unknown account", async () => {
    const res = await call(em, "GET", "/__emulator/state?account=nope", { token: null });
    expect(res.status).toBe(404);
    expect(res.body).toEqual({ success: false, message: "Unknown account 'nope'; accounts: default" });
  });

  it("answers 404 with a clear message for an unknown control route", async () => {
    const res = await call(em, "GET", "/__emulator/nothing", { token: null });
    expect(res.status).toBe(404);
    expect(res.body.message).toMatch(/^Unknown emulator control route GET \/__emulator\/nothing/);
  });
});

describe("emulator POST /__emulator/reset", () => {
  it("restores the seed and clears faults and stats", async () => {
    await createIvr(em);
    await call(em, "PUT", "/v1/my_number/101", { body: { destination: "department||20546" } });
    await addFault({ path: "/v1/ivrs", status: 500, count: 3 });

    const res = await call(em, "POST", "/__emulator/reset", { token: null });
    expect(res.status).toBe(200);
    expect(res.body.success).toBe(true);

    const state = (await call(em, "GET", "/__emulator/state", { token: null })).body;
    expect(state.accounts.default.ivrs).toEqual([]);
    expect(state.accounts.default.numbers[0].destination).toBe("hangup||1");
    expect(state.nextIvrId).toBe(8001);
    expect((await call(em, "GET", "/__emulator/faults", { token: null })).body).toEqual({ faults: [] });
    expect((await call(em, "GET", "/__emulator/stats", { token: null })).body.total).toBe(0);
    expect((await call(em, "GET", "/v1/ivrs")).status).toBe(200);
  });
});

describe("emulator /__emulator/faults", () => {
  it("answers an injected status with the default body once, then normally", async () => {
    await addFault({ path: "/v1/ivrs", status: 503 });
    const faulted = await call(em, "GET", "/v1/ivrs");
    expect(faulted.status).toBe(503);
    expect(faulted.body).toEqual({ success: false, message: "Injected fault" });
    expect((await call(em, "GET", "/v1/ivrs")).status).toBe(200);
  });

  it("answers a custom body and headers, count times", async () => {
    await addFault({ path: "/v1/ivr", method: "post", status: 429, count: 2, body: { success: "false", message: "Too many requests." }, headers: { "Retry-After": 2 } });
    for (let i = 0; i < 2; i++) {
      const res = await call(em, "POST", "/v1/ivr", { body: ivrBody() });
      expect(res.status).toBe(429);
      expect(res.body).toEqual({ success: "false", message: "Too many requests." });
      expect(res.headers.get("retry-after")).toBe("2");
    }
    expect((await call(em, "POST", "/v1/ivr", { body: ivrBody() })).status).toBe(200);
  });

  it("matches only the given method", async () => {
    await addFault({ path: "/v1/ivrs", method: "POST", status: 500 });
    expect((await call(em, "GET", "/v1/ivrs")).status).toBe(200);
    expect((await call(em, "GET", "/__emulator/faults", { token: null })).body.faults).toHaveLength(1);
  });

  it("matches a path prefix ending in *", async () => {
    await addFault({ path: "/v1/ivr/*", status: 502 });
    expect((await call(em, "GET", "/v1/ivrs")).status).toBe(200);
    expect((await call(em, "PUT", "/v1/ivr/8001", { body: ivrBody() })).status).toBe(502);
  });

  it("applies before auth and rate limiting", async () => {
    const one = await withEmulator({ cps: 1 });
    try {
      await call(one, "POST", "/__emulator/faults", { token: null, body: { path: "/v1/ivrs", status: 500, count: 2 } });
      expect((await call(one, "GET", "/v1/ivrs", { token: null })).status).toBe(500);
      expect((await call(one, "GET", "/v1/recordings")).status).toBe(200);
      expect((await call(one, "GET", "/v1/ivrs")).status).toBe(500);
    } finally {
      await one.close();
    }
  });

  it("delays the answer by latencyMs and then handles the request normally", async () => {
    await addFault({ path: "/v1/ivrs", latencyMs: 300 });
    const started = Date.now();
    const res = await call(em, "GET", "/v1/ivrs");
    expect(Date.now() - started).toBeGreaterThanOrEqual(250);
    expect(res.status).toBe(200);
    expect(res.body).toEqual({ ivrs: [] });
  });

  it("combines latency with an injected status", async () => {
    await addFault({ path: "/v1/ivrs", latencyMs: 100, status: 504 });
    const started = Date.now();
    expect((await call(em, "GET", "/v1/ivrs")).status).toBe(504);
    expect(Date.now() - started).toBeGreaterThanOrEqual(80);
  });

  it("drops the connection without an answer", async () => {
    await addFault({ path: "/v1/ivrs", drop: true });
    await expect(call(em, "GET", "/v1/ivrs")).rejects.toThrow();
    expect((await call(em, "GET", "/v1/ivrs")).status).toBe(200);
    expect((await call(em, "GET", "/__emulator/stats", { token: null })).body.faultsInjected).toBe(1);
  });

  it("never applies to control endpoints", async () => {
    await addFault({ path: "/*", status: 500, count: 5 });
    expect((await call(em, "GET", "/__emulator/state", { token: null })).status).toBe(200);
    expect((await call(em, "GET", "/__emulator/faults", { token: null })).body.faults[0].count).toBe(5);
  });

  it("lists remaining faults and clears them with DELETE", async () => {
    const added = await addFault([
      { path: "/v1/ivrs", status: 500, count: 3 },
      { path: "/v1/users", latencyMs: 10 },
    ]);
    expect(added.status).toBe(200);
    expect(added.body.faults).toHaveLength(2);
    await call(em, "GET", "/v1/ivrs");
    const listed = (await call(em, "GET", "/__emulator/faults", { token: null })).body.faults;
    expect(listed).toEqual([
      expect.objectContaining({ path: "/v1/ivrs", status: 500, count: 2 }),
      expect.objectContaining({ path: "/v1/users", latencyMs: 10, count: 1 }),
    ]);
    expect((await call(em, "DELETE", "/__emulator/faults", { token: null })).body).toEqual({ success: true, cleared: 2 });
    expect((await call(em, "GET", "/v1/ivrs")).status).toBe(200);
  });

  it.each([
    [{ status: 500 }, /^fault: path: Required/],
    [{ path: "v1/ivrs" }, /^fault: path: must start with '\/'/],
    [{ path: "/v1/ivrs", status: 99 }, /^fault: status: /],
    [{ path: "/v1/ivrs", count: 0 }, /^fault: count: /],
    [{ path: "/v1/ivrs", delay: 5 }, /^fault: .*delay/],
  ])("rejects the fault %p with a message naming the field", async (spec, message) => {
    const res = await addFault(spec);
    expect(res.status).toBe(400);
    expect(res.body.success).toBe(false);
    expect(res.body.message).toMatch(message);
  });
});

describe("emulator PATCH /__emulator/ivrs/{id}", () => {
  it("edits an IVR out of band, as if in the web panel", async () => {
    const id = await createIvr(em);
    const res = await call(em, "PATCH", `/__emulator/ivrs/${id}`, {
      token: null,
      body: { timeout: 45, option: ["1", "2"], destination: ["hangup||1", "department||17839"] },
    });
    expect(res.status).toBe(200);
    expect(res.body.ivr).toMatchObject({ id, timeout: 45, option: ["1", "2"], sms_template: ["0", "0"] });
    const read = (await call(em, "GET", "/v1/ivrs")).body.ivrs[0];
    expect(read.timeout).toBe(45);
    expect(read.ivr_menu.map((m: { destination_type: string }) => m.destination_type)).toEqual(["hangup", "ringgroup"]);
    expect(em.snapshot().ivrs[0]!.name).toBe("Support IVR");
  });

  it("keeps timeout_retries equal to a patched timeout_tries", async () => {
    const id = await createIvr(em);
    await call(em, "PATCH", `/__emulator/ivrs/${id}`, { token: null, body: { timeout_tries: 5 } });
    expect(em.snapshot().ivrs[0]).toMatchObject({ timeout_tries: 5, timeout_retries: 5 });
  });

  it("validates the merged IVR like a PUT and leaves it unchanged on failure", async () => {
    const id = await createIvr(em);
    const res = await call(em, "PATCH", `/__emulator/ivrs/${id}`, { token: null, body: { option: ["1", "2"] } });
    expect(res.status).toBe(400);
    expect(res.body).toEqual({ success: false, message: "destination: expected 2 entries (one per option), got 3" });
    expect(em.snapshot().ivrs[0]!.option).toEqual(["1", "2", "9"]);
  });

  it("checks names against the other IVRs only", async () => {
    await createIvr(em, { name: "Sales" });
    const id = await createIvr(em);
    expect((await call(em, "PATCH", `/__emulator/ivrs/${id}`, { token: null, body: { name: "support ivr" } })).status).toBe(200);
    const clash = await call(em, "PATCH", `/__emulator/ivrs/${id}`, { token: null, body: { name: "SALES" } });
    expect(clash.body).toEqual({ success: false, message: "name: an IVR named 'SALES' already exists" });
  });

  it("refuses to change the id", async () => {
    const id = await createIvr(em);
    const res = await call(em, "PATCH", `/__emulator/ivrs/${id}`, { token: null, body: { id: 1 } });
    expect(res.body).toEqual({ success: false, message: "id: cannot be changed" });
  });

  it("answers 404 for an unknown IVR or one outside the named account", async () => {
    expect((await call(em, "PATCH", "/__emulator/ivrs/9999", { token: null, body: { timeout: 5 } })).status).toBe(404);
    const id = await createIvr(em);
    const wrongAccount = await call(em, "PATCH", `/__emulator/ivrs/${id}?account=nope`, { token: null, body: { timeout: 5 } });
    expect(wrongAccount.status).toBe(404);
    expect(wrongAccount.body.message).toBe("Unknown account 'nope'; accounts: default");
  });
});

describe("emulator DELETE /__emulator/ivrs/{id}", () => {
  it("deletes out of band without a reference check", async () => {
    const id = await createIvr(em);
    await call(em, "PUT", "/v1/my_number/101", { body: { destination: `ivr||${id}` } });
    const res = await call(em, "DELETE", `/__emulator/ivrs/${id}`, { token: null });
    expect(res.status).toBe(200);
    expect((await call(em, "GET", "/v1/ivrs")).body.ivrs).toEqual([]);
    expect(em.snapshot().numbers[0]!.destination).toBe(`ivr||${id}`);
  });

  it("answers 404 for an unknown IVR", async () => {
    const res = await call(em, "DELETE", "/__emulator/ivrs/8001", { token: null });
    expect(res.status).toBe(404);
    expect(res.body).toEqual({ success: false, message: "IVR 8001 not found" });
  });
});

describe("emulator PATCH and DELETE /__emulator/departments/{id}", () => {
  it("edits a department out of band from a partial update-shape body", async () => {
    const res = await call(em, "PATCH", "/__emulator/departments/20546", {
      token: null,
      body: { ring_strategy: "random", timeout_dest_type: "hangup", timeout_destination: "hangup||1", timeout: [40, 40] },
    });
    expect(res.status).toBe(200);
    const listed = (await call(em, "GET", "/v1/departments")).body[0];
    expect(listed).toMatchObject({
      name: "Sales Dept",
      ring_strategy: "random",
      timeout_dest_type: "hangup",
      timeout_dest_name: "Hangup",
      agents: [expect.objectContaining({ eid: "050109590002", timeout: "40" }), expect.objectContaining({ eid: "05047530000", timeout: "40" })],
    });
  });

  it("keeps everything a patch leaves out, sticky agent included", async () => {
    await call(em, "PATCH", "/__emulator/departments/17839", { token: null, body: { description: "Edited" } });
    expect((await call(em, "GET", "/v1/departments")).body[1]).toMatchObject({
      description: "Edited",
      ring_strategy: "order_by",
      sticky_agent: { enabled: true, time_period: 12, format: "h" },
      timeout_dest_type: "voicemail",
      timeout_destination: "301",
    });
  });

  it("validates the merged department like a PUT", async () => {
    const res = await call(em, "PATCH", "/__emulator/departments/20546", { token: null, body: { music_on_hold: "1" } });
    expect(res.status).toBe(400);
    expect(res.body.message).toBe("music_on_hold: recording 1 does not exist");
  });

  it("deletes a department out of band, leaving routes to it dangling", async () => {
    await call(em, "PUT", "/v1/my_number/101", { body: { destination: "department||20546" } });
    const res = await call(em, "DELETE", "/__emulator/departments/20546", { token: null });
    expect(res.body).toEqual({ success: true, message: "Department 20546 deleted out of band" });
    expect(em.snapshot().numbers[0]!.destination).toBe("department||20546");
    expect((await call(em, "DELETE", "/__emulator/departments/20546", { token: null })).status).toBe(404);
  });
});

describe("emulator PATCH and DELETE /__emulator/timegroups/{id}", () => {
  it("edits a time group out of band, which the API cannot", async () => {
    const res = await call(em, "PATCH", "/__emulator/timegroups/501", { token: null, body: { to_time: ["17:30"] } });
    expect(res.status).toBe(200);
    expect(res.body.timegroup).toMatchObject({ id: "501", from_time: ["09:00"], to_time: ["17:30"] });
    expect((await call(em, "GET", "/v1/timegroups")).body[0].to_time).toEqual(["17:30"]);
  });

  it("validates the merged time group like a create", async () => {
    const res = await call(em, "PATCH", "/__emulator/timegroups/501", { token: null, body: { days: ["funday"] } });
    expect(res.body.message).toMatch(/^days\[0\]: 'funday' is not a day/);
    const clash = await call(em, "PATCH", "/__emulator/timegroups/502", { token: null, body: { name: "OFFICE HOURS" } });
    expect(clash.body.message).toBe("name: a time group named 'OFFICE HOURS' already exists");
  });

  it("deletes a time group out of band", async () => {
    await call(em, "POST", "/v1/timegroup", { body: timeGroupBody() });
    expect((await call(em, "DELETE", "/__emulator/timegroups/501", { token: null })).status).toBe(200);
    expect(em.snapshot().timeGroups.map((t) => t.name)).toEqual(["Weekend hours", "Lunch"]);
  });
});

describe("emulator GET /__emulator/stats", () => {
  it("counts requests per route pattern, overall and per account", async () => {
    const id = await createIvr(em);
    await call(em, "PUT", `/v1/ivr/${id}`, { body: ivrBody() });
    await call(em, "GET", "/v1/ivrs", { token: null });
    await call(em, "GET", "/v1/unknown");

    const overall = (await call(em, "GET", "/__emulator/stats", { token: null })).body;
    expect(overall).toEqual({
      total: 5,
      routes: { "POST /v1/ivr": 1, "GET /v1/ivrs": 2, "PUT /v1/ivr/{id}": 1, unmatched: 1 },
      rateLimited: 0,
      outageRejected: 0,
      peakPerSecond: expect.any(Number),
      faultsInjected: 0,
    });
    const account = (await call(em, "GET", "/__emulator/stats?account=default", { token: null })).body;
    // The unauthenticated and unmatched requests belong to no account.
    expect(account.routes).toEqual({ "POST /v1/ivr": 1, "GET /v1/ivrs": 1, "PUT /v1/ivr/{id}": 1 });
    expect(em.stats("default").total).toBe(3);
  });

  it("answers 404 for an unknown account", async () => {
    expect((await call(em, "GET", "/__emulator/stats?account=nope", { token: null })).status).toBe(404);
  });
});
