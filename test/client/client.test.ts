import { inspect } from "util";
import nodeFetch from "node-fetch";
import { SmartfloClient, ClientOptions } from "../../provider/src/client/client";
import {
  AuthenticationError,
  ConfigurationError,
  ConnectionError,
  NotFoundError,
  RateLimitError,
  ServerError,
  TimeoutError,
  ValidationError,
} from "../../provider/src/client/errors";
import { validateIvr, Ivr } from "../../provider/src/kinds/ivr/spec";
import { control, Emulator, EMAIL, PASSWORD, startEmulator, storedIvrs, TOKEN } from "../support/emulator";
import { supportIvr } from "../support/ivrs";

const valid = (x: unknown): Ivr => {
  const r = validateIvr(x);
  if (!r.ok) throw new Error(JSON.stringify(r.problems));
  return r.value;
};

/** Records each delay the client asks for, and waits only a moment. */
function recordingSleep() {
  const delays: number[] = [];
  return { delays, sleep: (ms: number) => (delays.push(ms), new Promise<void>((r) => setTimeout(r, 5))) };
}

/** Every request the client sent: method, url, headers. */
function spyFetch() {
  const calls: Array<{ method: string; url: string; headers: Record<string, string> }> = [];
  const fetch = (url: string, init: Record<string, unknown>) => {
    calls.push({ method: String(init.method), url, headers: { ...(init.headers as Record<string, string>) } });
    return nodeFetch(url, init as never) as never;
  };
  return { calls, fetch };
}

let emu: Emulator;
let stats: () => Promise<any>;

beforeAll(async () => {
  emu = await startEmulator({ cps: 0 });
  stats = () => control(emu, "GET", "stats");
});
afterAll(() => emu.close());
beforeEach(async () => {
  await control(emu, "POST", "reset");
  await control(emu, "DELETE", "faults");
});

const client = (opts: Partial<ClientOptions> = {}) =>
  new SmartfloClient({ baseUrl: emu.url, token: TOKEN, requestsPerSecond: 50, ...opts });

describe("Smartflo client: authentication", () => {
  it("sends Authorization: Bearer <token>, never doubling a user-supplied 'Bearer ' prefix", async () => {
    const spy = spyFetch();
    await client({ token: `Bearer ${TOKEN}`, fetch: spy.fetch }).listIvrs();
    expect(spy.calls[0].headers.Authorization).toBe(`Bearer ${TOKEN}`);
    expect(spy.calls[0].headers.Accept).toBe("application/json");
  });

  it("logs in with email and password once and reuses the token", async () => {
    const c = client({ token: undefined, email: EMAIL, password: PASSWORD });
    await Promise.all([c.listDepartments(), c.listDepartments(), c.listRecordings()]);
    await c.listDepartments();
    const s = await stats();
    expect(s.routes["POST /v1/auth/login"]).toBe(1);
    expect(s.routes["GET /v1/departments"]).toBe(3);
  });

  it("renews a login token before it expires, through /v1/auth/refresh", async () => {
    const short = await startEmulator({ cps: 0, tokenTtlSeconds: 60 }); // always inside the 2-minute margin
    try {
      const c = new SmartfloClient({ baseUrl: short.url, email: EMAIL, password: PASSWORD, requestsPerSecond: 50 });
      await c.listIvrs();
      await c.listIvrs();
      await c.listIvrs();
      const s = await control(short, "GET", "stats");
      expect(s.routes["POST /v1/auth/login"]).toBe(1);
      expect(s.routes["POST /v1/auth/refresh"]).toBeGreaterThanOrEqual(2);
      expect(s.routes["GET /v1/ivrs"]).toBe(3);
    } finally {
      await short.close();
    }
  });

  it("logs in again once and retries once when Smartflo rejects the token as blacklisted", async () => {
    const c = client({ token: undefined, email: EMAIL, password: PASSWORD });
    await c.listIvrs();
    await control(emu, "POST", "reset"); // the emulator forgets every issued token
    await expect(c.listIvrs()).resolves.toEqual([]);
    const s = await stats();
    expect(s.routes["POST /v1/auth/login"]).toBe(1); // counters were reset with the tokens
    expect(s.routes["GET /v1/ivrs"]).toBe(2); // the rejected call and its one retry
  });

  it("logs in again after a token expired", async () => {
    const short = await startEmulator({ cps: 0, tokenTtlSeconds: 1 });
    try {
      const c = new SmartfloClient({ baseUrl: short.url, email: EMAIL, password: PASSWORD, requestsPerSecond: 50 });
      await c.listIvrs();
      await new Promise((r) => setTimeout(r, 1200));
      await expect(c.listIvrs()).resolves.toEqual([]);
    } finally {
      await short.close();
    }
  });

  it("fails a rejected static token with an AuthenticationError, without retrying", async () => {
    const err = await client({ token: "not-a-valid-token-123" }).listIvrs().catch((e) => e);
    expect(err).toBeInstanceOf(AuthenticationError);
    expect(err.endpoint).toBe("GET /v1/ivrs");
    expect(err.status).toBe(401);
    expect(err.apiMessage).toBe("Deleted or blacklisted token provided");
    expect(err.message).not.toContain("not-a-valid-token-123");
    expect((await stats()).routes["GET /v1/ivrs"]).toBe(1);
  });

  it("reports wrong credentials once (no login loop that could lock the account)", async () => {
    const err = await client({ token: undefined, email: EMAIL, password: "wrong-password-42" }).listIvrs().catch((e) => e);
    expect(err).toBeInstanceOf(AuthenticationError);
    expect(err.endpoint).toBe("POST /v1/auth/login");
    expect(`${err.message} ${inspect(err)}`).not.toContain("wrong-password-42");
    expect((await stats()).routes["POST /v1/auth/login"]).toBe(1);
  });

  it("warns when the password is about to expire under the 90-day policy", async () => {
    const expiring = await startEmulator({ cps: 0, passwordDaysLeft: 5 });
    try {
      const warnings: string[] = [];
      const c = new SmartfloClient({
        baseUrl: expiring.url, email: EMAIL, password: PASSWORD, requestsPerSecond: 50, logger: { warn: (m) => warnings.push(m) },
      });
      await c.listIvrs();
      expect(warnings).toEqual([expect.stringContaining("expires in 5 day(s)")]);
      expect(warnings[0]).not.toContain(PASSWORD);
    } finally {
      await expiring.close();
    }
  });

  it("refuses plain http except to a loopback host, naming smartflo:baseUrl", () => {
    expect(() => new SmartfloClient({ baseUrl: "http://api.example.com", token: TOKEN })).toThrow(ConfigurationError);
    expect(() => new SmartfloClient({ baseUrl: "http://api.example.com", token: TOKEN })).toThrow(/smartflo:baseUrl must use https/);
    expect(() => new SmartfloClient({ baseUrl: "http://127.0.0.1:1", token: TOKEN })).not.toThrow();
    expect(() => new SmartfloClient({ baseUrl: "https://api-smartflo.tatateleservices.com", token: TOKEN })).not.toThrow();
  });
});

describe("Smartflo client: retries", () => {
  it("waits as long as Retry-After says after a 429, then succeeds", async () => {
    await control(emu, "POST", "faults", {
      path: "/v1/ivrs", status: 429, count: 1, headers: { "Retry-After": "2" },
      body: { success: "false", message: "Too many requests." },
    });
    const { delays, sleep } = recordingSleep();
    await expect(client({ sleep }).listIvrs()).resolves.toEqual([]);
    expect(delays).toHaveLength(1);
    expect(delays[0]).toBeGreaterThanOrEqual(2000);
    expect(delays[0]).toBeLessThan(2200);
  });

  it("backs off exponentially with jitter on 5xx, then succeeds", async () => {
    await control(emu, "POST", "faults", { path: "/v1/ivrs", status: 503, count: 3 });
    const { delays, sleep } = recordingSleep();
    await expect(client({ sleep }).listIvrs()).resolves.toEqual([]);
    expect(delays).toHaveLength(3);
    [500, 1000, 2000].forEach((base, i) => {
      expect(delays[i]).toBeGreaterThanOrEqual(base / 2);
      expect(delays[i]).toBeLessThanOrEqual(base);
    });
  });

  it("gives up after maxRetries with a ServerError naming the endpoint and status", async () => {
    await control(emu, "POST", "faults", { path: "/v1/ivrs", status: 502, count: 10, body: { success: false, message: "Bad gateway" } });
    const { delays, sleep } = recordingSleep();
    const err = await client({ sleep, maxRetries: 2 }).listIvrs().catch((e) => e);
    expect(err).toBeInstanceOf(ServerError);
    expect(err.endpoint).toBe("GET /v1/ivrs");
    expect(err.status).toBe(502);
    expect(err.message).toBe("Smartflo GET /v1/ivrs failed with a server error (HTTP 502): Bad gateway");
    expect(delays).toHaveLength(2);
  });

  it("retries a dropped connection on a read", async () => {
    await control(emu, "POST", "faults", { path: "/v1/ivrs", drop: true, count: 1 });
    const { delays, sleep } = recordingSleep();
    await expect(client({ sleep }).listIvrs()).resolves.toEqual([]);
    expect(delays).toHaveLength(1);
  });

  it("times out a slow request, retries it, and reports a TimeoutError when it stays slow", async () => {
    await control(emu, "POST", "faults", { path: "/v1/ivrs", latencyMs: 1000, count: 1 });
    const { sleep } = recordingSleep();
    await expect(client({ sleep, requestTimeoutMs: 200 }).listIvrs()).resolves.toEqual([]);

    await control(emu, "POST", "faults", { path: "/v1/ivrs", latencyMs: 1000, count: 3 });
    const err = await client({ sleep, requestTimeoutMs: 200, maxRetries: 2 }).listIvrs().catch((e) => e);
    expect(err).toBeInstanceOf(TimeoutError);
    expect(err.message).toBe("Smartflo GET /v1/ivrs timed out after 200 ms");
  });

  it("does not retry a 400", async () => {
    const { delays, sleep } = recordingSleep();
    const bad = valid(supportIvr({ options: [{ key: "1", destination: "department||99999" }] }));
    const err = await client({ sleep }).createIvr(bad).catch((e) => e);
    expect(err).toBeInstanceOf(ValidationError);
    expect(delays).toEqual([]);
    expect((await stats()).routes["POST /v1/ivr"]).toBe(1);
  });

  it("reports an unreachable server as a ConnectionError after retrying", async () => {
    const { delays, sleep } = recordingSleep();
    const err = await new SmartfloClient({ baseUrl: "http://127.0.0.1:1", token: TOKEN, sleep, maxRetries: 1, requestsPerSecond: 50 })
      .listIvrs()
      .catch((e) => e);
    expect(err).toBeInstanceOf(ConnectionError);
    expect(err.message).toMatch(/^Smartflo GET \/v1\/ivrs: connection failed \(ECONNREFUSED\)/);
    expect(delays).toHaveLength(1);
  });
});

describe("Smartflo client: a create whose response is lost", () => {
  it("finds the IVR that was created instead of creating a duplicate", async () => {
    let lost = false;
    const fetch = async (url: string, init: Record<string, unknown>) => {
      const res = await nodeFetch(url, init as never);
      if (init.method === "POST" && url.endsWith("/v1/ivr") && !lost) {
        lost = true;
        throw Object.assign(new Error("socket hang up"), { code: "ECONNRESET" });
      }
      return res as never;
    };
    const { sleep } = recordingSleep();
    const id = await client({ fetch, sleep }).createIvr(valid(supportIvr()));
    const stored = await storedIvrs(emu);
    expect(stored.map((i) => [String(i.id), i.name])).toEqual([[id, "Support IVR"]]);
    expect((await stats()).routes["POST /v1/ivr"]).toBe(1);
  });

  it("sends the POST again when the lookup shows it was not created", async () => {
    await control(emu, "POST", "faults", { path: "/v1/ivr", method: "POST", drop: true, count: 1 });
    const { sleep } = recordingSleep();
    const id = await client({ sleep }).createIvr(valid(supportIvr()));
    expect((await storedIvrs(emu)).map((i) => String(i.id))).toEqual([id]);
  });
});

describe("Smartflo client: rate limiting", () => {
  it("keeps 20 concurrent callers under the account's CPS, with no 429", async () => {
    const limited = await startEmulator({ cps: 5 });
    try {
      const c = new SmartfloClient({ baseUrl: limited.url, token: TOKEN, requestsPerSecond: 5 });
      const results = await Promise.all(Array.from({ length: 20 }, () => c.listRecordings()));
      expect(results).toHaveLength(20);
      const s = await control(limited, "GET", "stats");
      expect(s.rateLimited).toBe(0);
      expect(s.peakPerSecond).toBeLessThanOrEqual(5);
      expect(s.routes["GET /v1/recordings"]).toBe(20);
    } finally {
      await limited.close();
    }
  });

  it("shares one limiter between clients of the same account in the process", async () => {
    const limited = await startEmulator({ cps: 4 });
    try {
      const a = new SmartfloClient({ baseUrl: limited.url, token: TOKEN, requestsPerSecond: 4 });
      const b = new SmartfloClient({ baseUrl: limited.url, token: TOKEN, requestsPerSecond: 4 });
      await Promise.all([...Array(6)].flatMap(() => [a.listRecordings(), b.listRecordings()]));
      const s = await control(limited, "GET", "stats");
      expect(s.rateLimited).toBe(0);
      expect(s.peakPerSecond).toBeLessThanOrEqual(4);
    } finally {
      await limited.close();
    }
  });

  it("recovers from 429s sent by an account whose real limit is lower than configured", async () => {
    const limited = await startEmulator({ cps: 2 });
    try {
      const c = new SmartfloClient({ baseUrl: limited.url, token: TOKEN, requestsPerSecond: 10 });
      await expect(Promise.all(Array.from({ length: 8 }, () => c.listRecordings()))).resolves.toHaveLength(8);
      expect((await control(limited, "GET", "stats")).rateLimited).toBeGreaterThan(0);
    } finally {
      await limited.close();
    }
  });
});

describe("Smartflo client: errors", () => {
  it("types a validation failure and carries Smartflo's message naming the field", async () => {
    const bad = valid(supportIvr({ options: [{ key: "1", destination: "department||99999" }] }));
    const err = await client().createIvr(bad).catch((e) => e);
    expect(err).toBeInstanceOf(ValidationError);
    expect(err.endpoint).toBe("POST /v1/ivr");
    expect(err.status).toBe(400);
    expect(err.apiMessage).toMatch(/^destination\[0\]: .*99999/);
    expect(err.message).toBe(`Smartflo POST /v1/ivr rejected the request (HTTP 400): ${err.apiMessage}`);
  });

  it("treats a 2xx answer with success: false as an error", async () => {
    const lenient = await startEmulator({ cps: 0, errorsAs200: true });
    try {
      const bad = valid(supportIvr({ options: [{ key: "1", destination: "department||99999" }] }));
      const err = await new SmartfloClient({ baseUrl: lenient.url, token: TOKEN, requestsPerSecond: 50 }).createIvr(bad).catch((e) => e);
      expect(err).toBeInstanceOf(ValidationError);
      expect(err.status).toBe(200);
      expect(err.message).toMatch(/^Smartflo POST \/v1\/ivr answered success: false \(HTTP 200\): destination\[0\]/);
    } finally {
      await lenient.close();
    }
  });

  it.each([false, "false", 0, "0"])("reads success: %j as a failure", async (success) => {
    await control(emu, "POST", "faults", { path: "/v1/ivrs", status: 200, count: 1, body: { success, message: "nope" } });
    await expect(client().listIvrs()).rejects.toBeInstanceOf(ValidationError);
  });

  it("types 429 with the retry-after it was given", async () => {
    await control(emu, "POST", "faults", { path: "/v1/ivrs", status: 429, count: 5, headers: { "Retry-After": "1" } });
    const { sleep } = recordingSleep();
    const err = await client({ sleep, maxRetries: 1 }).listIvrs().catch((e) => e);
    expect(err).toBeInstanceOf(RateLimitError);
    expect(err.retryAfterMs).toBe(1000);
  });

  it("never puts the token, the password or the Authorization header into an error", async () => {
    const secretPassword = PASSWORD;
    await control(emu, "POST", "faults", {
      path: "/v1/ivrs", status: 400, count: 2,
      body: { success: false, message: `bad header Bearer ${TOKEN} for ${EMAIL}:${secretPassword}`, access_token: TOKEN },
    });
    const c = client({ token: undefined, email: EMAIL, password: secretPassword });
    const err = await c.listIvrs().catch((e) => e);
    expect(err).toBeInstanceOf(ValidationError);
    const everything = [err.message, err.stack, inspect(err, { depth: 10 }), JSON.stringify(err)].join("\n");
    expect(everything).toContain("[REDACTED]");
    expect(everything).not.toContain(secretPassword);
    for (const secret of c.secrets()) expect(everything).not.toContain(secret);
    expect(everything).not.toMatch(/authorization/i);
  });
});

describe("Smartflo client: IVR operations", () => {
  it("creates an IVR and finds its id by name (create answers no id)", async () => {
    const id = await client().createIvr(valid(supportIvr()));
    expect(id).toMatch(/^\d+$/);
    expect((await client().findIvrByName("  support ivr "))?.id).toBe(id);
  });

  it("uses the id when create does answer one", async () => {
    const withId = await startEmulator({ cps: 0, createReturnsId: true });
    try {
      const spy = spyFetch();
      const c = new SmartfloClient({ baseUrl: withId.url, token: TOKEN, requestsPerSecond: 50, fetch: spy.fetch });
      const id = await c.createIvr(valid(supportIvr()));
      expect(id).toMatch(/^\d+$/);
      expect(spy.calls.map((x) => x.method)).toEqual(["POST"]);
    } finally {
      await withId.close();
    }
  });

  it("shares list requests between parallel creates, and still gives each create its own id", async () => {
    const c = client();
    const names = Array.from({ length: 10 }, (_, i) => `Parallel IVR ${i}`);
    const ids = await Promise.all(names.map((name) => c.createIvr(valid(supportIvr({ name })))));
    const stored = await storedIvrs(emu);
    expect(ids.map((id) => stored.find((i) => String(i.id) === id)?.name)).toEqual(names);
    const routes = (await stats()).routes;
    expect(routes["POST /v1/ivr"]).toBe(10);
    expect(routes["GET /v1/ivrs"]).toBeLessThanOrEqual(3);
  });

  it("round-trips canonical -> write -> emulator -> read -> canonical without change", async () => {
    const ivr = valid(supportIvr());
    const c = client();
    const id = await c.createIvr(ivr);
    expect((await c.getIvr(id))?.ivr).toEqual(ivr);
    const changed = valid(supportIvr({ ringTimeoutSeconds: 45, options: [{ key: "#", destination: "ivr||" + id }] }));
    await c.updateIvr(id, changed);
    expect((await c.getIvr(id))?.ivr).toEqual(changed);
  });

  it("updates with a full PUT and reports an IVR deleted out of band as not found", async () => {
    const c = client();
    const id = await c.createIvr(valid(supportIvr()));
    await control(emu, "DELETE", `ivrs/${id}`);
    await expect(c.updateIvr(id, valid(supportIvr()))).rejects.toBeInstanceOf(NotFoundError);
  });

  it("deletes, and counts an IVR that is already gone as deleted", async () => {
    const c = client();
    const id = await c.createIvr(valid(supportIvr()));
    await expect(c.deleteIvr(id)).resolves.toBe("deleted");
    await expect(c.deleteIvr(id)).resolves.toBe("absent");
    expect(await storedIvrs(emu)).toEqual([]);
  });

  it("follows the users cursor across pages", async () => {
    const users = Array.from({ length: 130 }, (_, i) => ({
      id: 400000 + i, name: `Agent ${i}`, agent: { id: `05000000${String(i).padStart(5, "0")}`, name: `Agent ${i}` },
    }));
    const many = await startEmulator({ cps: 0, seed: { accounts: [{ name: "default", token: TOKEN, email: EMAIL, password: PASSWORD, users }] } as never });
    try {
      const c = new SmartfloClient({ baseUrl: many.url, token: TOKEN, requestsPerSecond: 50 });
      const listed = await c.listUsers();
      expect(listed).toHaveLength(130);
      expect(new Set(listed.map((u) => u.agentId)).size).toBe(130);
      expect((await control(many, "GET", "stats")).routes["GET /v1/users"]).toBe(2);
    } finally {
      await many.close();
    }
  });

  it("lists recordings, departments and numbers from the documented shapes", async () => {
    const c = client();
    expect((await c.listRecordings()).map((r) => r.id)).toEqual(expect.arrayContaining(["28935", "28955", "28934", "28977"]));
    expect(await c.listDepartments()).toEqual(expect.arrayContaining([expect.objectContaining({ id: "20546" })]));
    expect((await c.listNumbers()).map((n) => n.id)).toEqual(expect.arrayContaining(["101", "102"]));
  });
});
