import { RunningEmulator, defaultSeed } from "../../provider/src/emulator";
import { call, createIvr, withEmulator } from "./helpers";

let em: RunningEmulator;

beforeAll(async () => {
  em = await withEmulator();
});
afterAll(() => em.close());
beforeEach(() => em.reset());

describe("emulator GET /v1/recordings", () => {
  it("lists the account's recordings with string ids and a count", async () => {
    const res = await call(em, "GET", "/v1/recordings");
    expect(res.status).toBe(200);
    expect(res.body).toEqual({
      success: true,
      data: [
        { id: "28935", name: "Support welcome", type: "recording" },
        { id: "28955", name: "Invalid option", type: "recording" },
        { id: "28934", name: "Sorry, goodbye", type: "recording" },
        { id: "28977", name: "Please make a selection", type: "recording" },
        { id: "19549", name: "Welcome", type: "recording" },
        { id: "244", name: "Invalid retry", type: "recording" },
        { id: "245", name: "Timeout retry", type: "recording" },
      ],
      count: 7,
    });
  });

  it("requires authorization like every /v1 route", async () => {
    expect((await call(em, "GET", "/v1/recordings", { token: null })).status).toBe(401);
  });
});

describe("emulator GET /v1/users", () => {
  it("answers the documented user shape, sorted by id", async () => {
    const res = await call(em, "GET", "/v1/users");
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({ has_more: false, count: 6, last_seen_id: 314683 });
    expect(res.body.data.map((u: { id: number }) => u.id)).toEqual([314678, 314679, 314680, 314681, 314682, 314683]);
    expect(res.body.data.map((u: { agent: { id: string } }) => u.agent.id)).toEqual([
      "05047530000",
      "05047530099",
      "05047530675",
      "050109590001",
      "050109590002",
      "0502842370097",
    ]);
    expect(res.body.data[0]).toEqual({
      id: 314678,
      name: "Asha Rao",
      agent: { id: "05047530000", name: "Asha Rao", status: 0, follow_me_number: expect.stringMatching(/^\+91\d{10}$/) },
      login_id: "asha.rao",
      is_login_based_calling_enabled: false,
      is_international_outbound_enabled: false,
      user_role: { id: expect.any(Number), name: "Agent" },
      extension: null,
      user_status: 1,
    });
  });

  it("pages with limit and last_seen_id", async () => {
    const first = await call(em, "GET", "/v1/users?limit=4");
    expect(first.body).toMatchObject({ has_more: true, count: 4, last_seen_id: 314681 });
    const second = await call(em, "GET", "/v1/users?limit=4&last_seen_id=314681");
    expect(second.body).toMatchObject({ has_more: false, count: 2, last_seen_id: 314683 });
    expect(second.body.data.map((u: { id: number }) => u.id)).toEqual([314682, 314683]);
    const after = await call(em, "GET", "/v1/users?last_seen_id=314683");
    expect(after.body).toEqual({ has_more: false, count: 0, last_seen_id: null, data: [] });
  });

  it("answers 20 users per page by default", async () => {
    const seed = defaultSeed();
    seed.accounts[0]!.users = Array.from({ length: 25 }, (_, i) => ({ id: 1000 + i, name: `User ${i}`, agent: { id: `05000000${1000 + i}` } }));
    const big = await withEmulator({ seed });
    try {
      const res = await call(big, "GET", "/v1/users");
      expect(res.body).toMatchObject({ has_more: true, count: 20, last_seen_id: 1019 });
      const max = await call(big, "GET", "/v1/users?limit=100");
      expect(max.body).toMatchObject({ has_more: false, count: 25 });
    } finally {
      await big.close();
    }
  });

  it.each(["0", "101", "abc", "-1"])("rejects limit=%s", async (limit) => {
    const res = await call(em, "GET", `/v1/users?limit=${limit}`);
    expect(res.status).toBe(400);
    expect(res.body).toEqual({ success: false, message: "limit: must be an integer from 1 to 100" });
  });

  it("rejects a last_seen_id that is not an integer", async () => {
    const res = await call(em, "GET", "/v1/users?last_seen_id=abc");
    expect(res.status).toBe(400);
    expect(res.body.message).toMatch(/^last_seen_id: /);
  });
});

describe("emulator GET /v1/departments", () => {
  it("answers a bare array in the documented shape", async () => {
    const res = await call(em, "GET", "/v1/departments");
    expect(res.status).toBe(200);
    expect(Array.isArray(res.body)).toBe(true);
    expect(res.body.map((d: { id: string; name: string }) => [d.id, d.name])).toEqual([
      ["20546", "Sales Dept"],
      ["17839", "Support Ring Group"],
    ]);
    expect(res.body[0]).toEqual({
      id: "20546",
      name: "Sales Dept",
      description: expect.any(String),
      ring_strategy: "simultaneously",
      music_on_hold: null,
      agent_count: "2",
      use_as_queue: false,
      queue_timeout: "90",
      sticky_agent: expect.any(Object),
      timeout_dest_type: "extension",
      timeout_destination: "050109590001",
      timeout_dest_name: expect.any(String),
      agents: [
        { id: expect.any(String), name: "Priya Shah", eid: "050109590002", timeout: "30" },
        { id: expect.any(String), name: "Asha Rao", eid: "05047530000", timeout: "30" },
      ],
    });
    expect(res.body[1].agents.map((a: { eid: string }) => a.eid)).toEqual(["050109590001"]);
  });
});

describe("emulator GET /v1/timegroups", () => {
  it("answers a bare array of ids and names", async () => {
    const res = await call(em, "GET", "/v1/timegroups");
    expect(res.body).toEqual([{ id: "501", name: expect.any(String) }]);
  });
});

describe("emulator GET /v1/my_number", () => {
  it("answers a bare array of the account's numbers", async () => {
    const res = await call(em, "GET", "/v1/my_number");
    expect(res.status).toBe(200);
    expect(res.body).toEqual([
      { id: "101", did: "+918069001234", name: "Main line", destination: "hangup||1", description: expect.any(String) },
      { id: "102", did: "+918069005678", name: "Support line", destination: "hangup||1", description: expect.any(String) },
    ]);
  });
});

describe("emulator PUT /v1/my_number/{id}", () => {
  it("routes a number to an IVR and updates name and description", async () => {
    const id = await createIvr(em);
    const res = await call(em, "PUT", "/v1/my_number/101", {
      body: { destination: `ivr||${id}`, name: "Main", description: "Now an IVR" },
    });
    expect(res.status).toBe(200);
    expect(res.body).toEqual({ success: true, message: "Number has been updated successfully." });
    const numbers = (await call(em, "GET", "/v1/my_number")).body;
    expect(numbers[0]).toEqual({ id: "101", did: "+918069001234", name: "Main", destination: `ivr||${id}`, description: "Now an IVR" });
  });

  it.each([
    "agent||0502842370097",
    "extension||05047530000",
    "auto_attend||57000",
    "department||20546",
    "time_condition||64000",
    "api_dialplan||66ab41c183715fc7da",
    "custom_dialplan||Tatatele CDP",
    "hangup||1",
  ])("accepts the destination %s", async (destination) => {
    const res = await call(em, "PUT", "/v1/my_number/102", { body: { destination } });
    expect(res.body).toEqual({ success: true, message: "Number has been updated successfully." });
  });

  it.each([
    ["voicemail||301", /^destination: destination type 'voicemail' is not allowed on a number; use one of agent, extension, ivr, auto_attend/],
    ["ivr||9999", /^destination: ivr 9999 does not exist$/],
    ["department||99999", /^destination: department 99999 does not exist$/],
    ["agent||123", /^destination: agent 123 does not exist$/],
    ["extension||123", /^destination: extension 123 does not exist$/],
    ["hangup||0", /^destination: hangup id must be 1/],
    ["ivr|8001", /^destination: .* single pipe/],
  ])("rejects the destination %s", async (destination, message) => {
    const res = await call(em, "PUT", "/v1/my_number/101", { body: { destination } });
    expect(res.status).toBe(400);
    expect(res.body.success).toBe(false);
    expect(res.body.message).toMatch(message);
    expect(em.snapshot().numbers[0]!.destination).toBe("hangup||1");
  });

  it("requires a destination", async () => {
    const res = await call(em, "PUT", "/v1/my_number/101", { body: { name: "x" } });
    expect(res.body).toEqual({ success: false, message: "destination: is required" });
  });

  it("answers 404 for an unknown number", async () => {
    const res = await call(em, "PUT", "/v1/my_number/999", { body: { destination: "hangup||1" } });
    expect(res.status).toBe(404);
    expect(res.body).toEqual({ success: false, message: "Number not found" });
  });
});

describe("emulator routing", () => {
  it.each([
    ["GET", "/v1/nothing"],
    ["GET", "/v1/ivrs/extra"],
    ["GET", "/"],
    ["POST", "/v2/ivr"],
    ["PUT", "/v1/ivr/%E0%A4%A"],
  ])("answers 404 Route not found for %s %s", async (method, path) => {
    const res = await call(em, method, path, { token: null });
    expect(res.status).toBe(404);
    expect(res.body).toEqual({ success: false, message: "Route not found" });
  });

  it.each([
    ["GET", "/v1/ivr/8001", "PUT, DELETE"],
    ["POST", "/v1/ivrs", "GET"],
    ["PATCH", "/v1/ivr/8001", "PUT, DELETE"],
    ["GET", "/v1/auth/login", "POST"],
  ])("answers 405 for %s %s, listing the allowed methods", async (method, path, allowed) => {
    const res = await call(em, method, path);
    expect(res.status).toBe(405);
    expect(res.body.success).toBe(false);
    expect(res.headers.get("allow")).toBe(allowed);
  });
});
