/**
 * The Smartflo client's one request loop: authentication, retries, rate limiting and typed
 * errors, observed through ordinary calls against the emulator on loopback.
 */
import * as http from "http";
import type { AddressInfo } from "net";
import { inspect } from "util";
import { SmartfloClient } from "../../provider/src/client/client";
import {
  AuthenticationError,
  ConfigurationError,
  ConnectionError,
  MalformedAnswerError,
  RateLimitError,
  RedirectError,
  ServerError,
  TimeoutError,
  ValidationError,
} from "../../provider/src/client/errors";
import { listDepartments, listRecordings } from "../../provider/src/account/lookups";
import { createIvr, listIvrs } from "../../provider/src/kinds/ivr/api";
import { emulatorForFile, recordingSleep, spyFetch, valid } from "../support/client";
import { control, EMAIL, PASSWORD, startEmulator, storedIvrs, TOKEN } from "../support/emulator";
import { supportIvr } from "../support/ivrs";

const t = emulatorForFile();
const client = t.client;
const stats = t.stats;

describe("Smartflo client: authentication", () => {
  it("sends Authorization: Bearer <token>, never doubling a user-supplied 'Bearer ' prefix", async () => {
    const spy = spyFetch();
    await listIvrs(client({ token: `Bearer ${TOKEN}`, fetch: spy.fetch }));
    expect(spy.calls[0].headers.Authorization).toBe(`Bearer ${TOKEN}`);
    expect(spy.calls[0].headers.Accept).toBe("application/json");
  });

  it("logs in with email and password once and reuses the token", async () => {
    const c = client({ token: undefined, email: EMAIL, password: PASSWORD });
    await Promise.all([listDepartments(c), listDepartments(c), listRecordings(c)]);
    await listDepartments(c);
    const s = await stats();
    expect(s.routes["POST /v1/auth/login"]).toBe(1);
    expect(s.routes["GET /v1/departments"]).toBe(3);
  });

  it("renews a login token before it expires, through /v1/auth/refresh", async () => {
    const short = await startEmulator({ cps: 0, tokenTtlSeconds: 60 }); // always inside the 2-minute margin
    try {
      const c = new SmartfloClient({ baseUrl: short.url, email: EMAIL, password: PASSWORD, requestsPerSecond: 50 });
      await listIvrs(c);
      await listIvrs(c);
      await listIvrs(c);
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
    await listIvrs(c);
    await control(t.emu, "POST", "reset"); // the emulator forgets every issued token
    await expect(listIvrs(c)).resolves.toEqual([]);
    const s = await stats();
    expect(s.routes["POST /v1/auth/login"]).toBe(1); // counters were reset with the tokens
    expect(s.routes["GET /v1/ivrs"]).toBe(2); // the rejected call and its one retry
  });

  it("logs in again after a token expired", async () => {
    const short = await startEmulator({ cps: 0, tokenTtlSeconds: 1 });
    try {
      const c = new SmartfloClient({ baseUrl: short.url, email: EMAIL, password: PASSWORD, requestsPerSecond: 50 });
      await listIvrs(c);
      await new Promise((r) => setTimeout(r, 1200));
      await expect(listIvrs(c)).resolves.toEqual([]);
    } finally {
      await short.close();
    }
  });

  it("fails a rejected static token with an AuthenticationError, without retrying", async () => {
    const err = await listIvrs(client({ token: "not-a-valid-token-123" })).catch((e) => e);
    expect(err).toBeInstanceOf(AuthenticationError);
    expect(err.endpoint).toBe("GET /v1/ivrs");
    expect(err.status).toBe(401);
    expect(err.apiMessage).toBe("Deleted or blacklisted token provided");
    expect(err.message).not.toContain("not-a-valid-token-123");
    expect((await stats()).routes["GET /v1/ivrs"]).toBe(1);
  });

  it("reports wrong credentials once (no login loop that could lock the account)", async () => {
    const err = await listIvrs(client({ token: undefined, email: EMAIL, password: "wrong-password-42" })).catch((e) => e);
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
      await listIvrs(c);
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
    await control(t.emu, "POST", "faults", {
      path: "/v1/ivrs", status: 429, count: 1, headers: { "Retry-After": "2" },
      body: { success: "false", message: "Too many requests." },
    });
    const { delays, sleep } = recordingSleep();
    await expect(listIvrs(client({ sleep }))).resolves.toEqual([]);
    expect(delays).toHaveLength(1);
    expect(delays[0]).toBeGreaterThanOrEqual(2000);
    expect(delays[0]).toBeLessThan(2200);
  });

  it("backs off exponentially with jitter on 5xx, then succeeds", async () => {
    await control(t.emu, "POST", "faults", { path: "/v1/ivrs", status: 503, count: 3 });
    const { delays, sleep } = recordingSleep();
    await expect(listIvrs(client({ sleep }))).resolves.toEqual([]);
    expect(delays).toHaveLength(3);
    [500, 1000, 2000].forEach((base, i) => {
      expect(delays[i]).toBeGreaterThanOrEqual(base / 2);
      expect(delays[i]).toBeLessThanOrEqual(base);
    });
  });

  it("gives up after maxRetries with a ServerError naming the endpoint and status", async () => {
    await control(t.emu, "POST", "faults", { path: "/v1/ivrs", status: 502, count: 10, body: { success: false, message: "Bad gateway" } });
    const { delays, sleep } = recordingSleep();
    const err = await listIvrs(client({ sleep, maxRetries: 2 })).catch((e) => e);
    expect(err).toBeInstanceOf(ServerError);
    expect(err.endpoint).toBe("GET /v1/ivrs");
    expect(err.status).toBe(502);
    expect(err.message).toBe("Smartflo GET /v1/ivrs failed with a server error (HTTP 502): Bad gateway");
    expect(delays).toHaveLength(2);
  });

  it("retries a dropped connection on a read", async () => {
    await control(t.emu, "POST", "faults", { path: "/v1/ivrs", drop: true, count: 1 });
    const { delays, sleep } = recordingSleep();
    await expect(listIvrs(client({ sleep }))).resolves.toEqual([]);
    expect(delays).toHaveLength(1);
  });

  it("times out a slow request, retries it, and reports a TimeoutError when it stays slow", async () => {
    await control(t.emu, "POST", "faults", { path: "/v1/ivrs", latencyMs: 1000, count: 1 });
    const { sleep } = recordingSleep();
    await expect(listIvrs(client({ sleep, requestTimeoutMs: 200 }))).resolves.toEqual([]);

    await control(t.emu, "POST", "faults", { path: "/v1/ivrs", latencyMs: 1000, count: 3 });
    const err = await listIvrs(client({ sleep, requestTimeoutMs: 200, maxRetries: 2 })).catch((e) => e);
    expect(err).toBeInstanceOf(TimeoutError);
    expect(err.message).toBe("Smartflo GET /v1/ivrs timed out after 200 ms");
  });

  it("does not retry a 400", async () => {
    const { delays, sleep } = recordingSleep();
    const bad = valid(supportIvr({ options: [{ key: "1", destination: "department||99999" }] }));
    const err = await createIvr(client({ sleep }), bad).catch((e) => e);
    expect(err).toBeInstanceOf(ValidationError);
    expect(delays).toEqual([]);
    expect((await stats()).routes["POST /v1/ivr"]).toBe(1);
  });

  it("reports an unreachable server as a ConnectionError after retrying", async () => {
    const { delays, sleep } = recordingSleep();
    const err = await listIvrs(new SmartfloClient({ baseUrl: "http://127.0.0.1:1", token: TOKEN, sleep, maxRetries: 1, requestsPerSecond: 50 }))
      .catch((e) => e);
    expect(err).toBeInstanceOf(ConnectionError);
    expect(err.message).toMatch(/^Smartflo GET \/v1\/ivrs: connection failed \(ECONNREFUSED\)/);
    expect(delays).toHaveLength(1);
  });
});

describe("Smartflo client: rate limiting", () => {
  it("keeps 20 concurrent callers under the account's CPS, with no 429", async () => {
    const limited = await startEmulator({ cps: 5 });
    try {
      const c = new SmartfloClient({ baseUrl: limited.url, token: TOKEN, requestsPerSecond: 5 });
      const results = await Promise.all(Array.from({ length: 20 }, () => listRecordings(c)));
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
      await Promise.all([...Array(6)].flatMap(() => [listRecordings(a), listRecordings(b)]));
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
      await expect(Promise.all(Array.from({ length: 8 }, () => listRecordings(c)))).resolves.toHaveLength(8);
      expect((await control(limited, "GET", "stats")).rateLimited).toBeGreaterThan(0);
    } finally {
      await limited.close();
    }
  });
});

describe("Smartflo client: errors", () => {
  it("types a validation failure and carries Smartflo's message naming the field", async () => {
    const bad = valid(supportIvr({ options: [{ key: "1", destination: "department||99999" }] }));
    const err = await createIvr(client(), bad).catch((e) => e);
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
      const err = await createIvr(new SmartfloClient({ baseUrl: lenient.url, token: TOKEN, requestsPerSecond: 50 }), bad).catch((e) => e);
      expect(err).toBeInstanceOf(ValidationError);
      expect(err.status).toBe(200);
      expect(err.message).toMatch(/^Smartflo POST \/v1\/ivr answered success: false \(HTTP 200\): destination\[0\]/);
    } finally {
      await lenient.close();
    }
  });

  it.each([false, "false", 0, "0"])("reads success: %j as a failure", async (success) => {
    await control(t.emu, "POST", "faults", { path: "/v1/ivrs", status: 200, count: 1, body: { success, message: "nope" } });
    await expect(listIvrs(client())).rejects.toBeInstanceOf(ValidationError);
  });

  it("types 429 with the retry-after it was given", async () => {
    await control(t.emu, "POST", "faults", { path: "/v1/ivrs", status: 429, count: 5, headers: { "Retry-After": "1" } });
    const { sleep } = recordingSleep();
    const err = await listIvrs(client({ sleep, maxRetries: 1 })).catch((e) => e);
    expect(err).toBeInstanceOf(RateLimitError);
    expect(err.retryAfterMs).toBe(1000);
  });

  it("never puts the token, the password or the Authorization header into an error", async () => {
    const secretPassword = PASSWORD;
    await control(t.emu, "POST", "faults", {
      path: "/v1/ivrs", status: 400, count: 2,
      body: { success: false, message: `bad header Bearer ${TOKEN} for ${EMAIL}:${secretPassword}`, access_token: TOKEN },
    });
    const c = client({ token: undefined, email: EMAIL, password: secretPassword });
    const err = await listIvrs(c).catch((e) => e);
    expect(err).toBeInstanceOf(ValidationError);
    const everything = [err.message, err.stack, inspect(err, { depth: 10 }), JSON.stringify(err)].join("\n");
    expect(everything).toContain("[REDACTED]");
    expect(everything).not.toContain(secretPassword);
    for (const secret of c.secrets()) expect(everything).not.toContain(secret);
    expect(everything).not.toMatch(/authorization/i);
  });
});

describe("Smartflo client: only a Smartflo answer is success", () => {
  const answers: Array<[string, Record<string, unknown>, RegExp]> = [
    ["HTML 200", { status: 200, rawBody: "<!DOCTYPE html><html><body>OK</body></html>" }, /answered HTTP 200 with a body that is not JSON \(HTML\)/],
    ["an empty 200", { status: 200, rawBody: "" }, /answered HTTP 200 with an empty body/],
    ["a 204", { status: 204, rawBody: "" }, /answered HTTP 204 with no content \(204\)/],
    ["unrelated JSON", { status: 200, body: { status: "done" } }, /answered HTTP 200 with JSON without a success field/],
    ["success: null", { status: 200, body: { success: null, message: "?" } }, /answered HTTP 200 with success: null/],
    ["a JSON list", { status: 200, body: [1, 2] }, /answered HTTP 200 with JSON that is not an object/],
  ];

  it.each(answers)("refuses %s to a PUT and a DELETE as a MalformedAnswerError naming the endpoint, after retrying", async (_what, answer, text) => {
    const id = await createIvr(client(), valid(supportIvr()));
    for (const method of ["PUT", "DELETE"] as const) {
      await control(t.emu, "POST", "faults", { path: `/v1/ivr/${id}`, method, count: 3, ...answer });
      const { delays, sleep } = recordingSleep();
      const c = client({ sleep, maxRetries: 2 });
      const err = await c.request<never>({ method, path: `/v1/ivr/${id}`, body: method === "PUT" ? { name: "x" } : undefined }).catch((e) => e);
      expect(err).toBeInstanceOf(MalformedAnswerError);
      expect(err.endpoint).toBe(`${method} /v1/ivr/${id}`);
      expect(err.message).toMatch(text);
      expect(err.message).toMatch(/which is not a Smartflo answer: not counted as success$/);
      expect(err.ambiguous).toBe(true);
      expect(delays).toHaveLength(2); // PUT and DELETE are safe to repeat
    }
    expect(await storedIvrs(t.emu)).toHaveLength(1); // neither took effect, and neither was reported done
  });

  it("accepts success as true, \"true\" or 1 on a write", async () => {
    for (const success of [true, "true", 1]) {
      await control(t.emu, "POST", "faults", { path: "/v1/ivr/1", method: "DELETE", count: 1, status: 200, body: { success, message: "deleted" } });
      await expect(client().request({ method: "DELETE", path: "/v1/ivr/1" })).resolves.toMatchObject({ message: "deleted" });
    }
  });

  it("refuses HTML 200 to a GET", async () => {
    await control(t.emu, "POST", "faults", { path: "/v1/recordings", count: 1, status: 200, rawBody: "<html>maintenance</html>" });
    const err = await listRecordings(client({ maxRetries: 0 })).catch((e) => e);
    expect(err).toBeInstanceOf(MalformedAnswerError);
    expect(err.endpoint).toBe("GET /v1/recordings");
  });

  it("does not read a 404 page from something in between as 'not found'", async () => {
    await control(t.emu, "POST", "faults", { path: "/v1/ivr/8001", method: "DELETE", count: 1, status: 404, rawBody: "<html>Not Found</html>" });
    const err = await client({ maxRetries: 0 }).request<never>({ method: "DELETE", path: "/v1/ivr/8001" }).catch((e) => e);
    expect(err).toBeInstanceOf(MalformedAnswerError);
    expect(err.message).toMatch(/answered HTTP 404 with a body that is not Smartflo's JSON/);
  });

  it("never follows a redirect: the target gets no request and no token, and the error names the endpoint and the target origin", async () => {
    const seen: Array<string | undefined> = [];
    const target = http.createServer((req, res) => {
      seen.push(req.headers.authorization);
      res.end("{}");
    });
    await new Promise<void>((r) => target.listen(0, "127.0.0.1", r));
    const origin = `http://127.0.0.1:${(target.address() as AddressInfo).port}`;
    try {
      for (const status of [301, 302, 307, 308]) {
        await control(t.emu, "POST", "faults", { path: "/v1/ivrs", count: 1, status, headers: { Location: `${origin}/v1/ivrs` }, body: {} });
        const { delays, sleep } = recordingSleep();
        const err = await listIvrs(client({ sleep })).catch((e) => e);
        expect(err).toBeInstanceOf(RedirectError);
        expect(err.endpoint).toBe("GET /v1/ivrs");
        expect(err.target).toBe(origin);
        expect(err.message).toBe(
          `Smartflo GET /v1/ivrs answered HTTP ${status}, a redirect to ${origin} (not https, which would be refused anyway). Redirects are not followed, ` +
            "so the token is never sent anywhere but smartflo:baseUrl; if Smartflo moved, set smartflo:baseUrl to its new https address",
        );
        expect(delays).toEqual([]); // not retried: waiting does not change an address
      }
      expect(seen).toEqual([]);
    } finally {
      await new Promise((r) => target.close(r));
    }
  });
});
