import { RunningEmulator, defaultSeed } from "../../provider/src/emulator";
import { call, withEmulator } from "./helpers";

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
        { id: "42240", name: "Hold music", type: "recording" },
      ],
      count: 8,
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
