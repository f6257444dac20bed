/** Faults after the server has committed: answers lost, rewritten or late, and late commits. */
import { RunningEmulator } from "../../provider/src/emulator";
import { EMAIL, PASSWORD, TOKEN, call, createIvr, departmentBody, ivrBody, sleep, waitFor, withEmulator } from "./helpers";

let em: RunningEmulator;

beforeAll(async () => {
  em = await withEmulator();
});
afterAll(() => em.close());
beforeEach(() => em.reset());

function addFault(spec: unknown) {
  return call(em, "POST", "/__emulator/faults", { token: null, body: spec });
}

async function pendingFaults(): Promise<unknown[]> {
  return (await call(em, "GET", "/__emulator/faults", { token: null })).body.faults;
}

/** A raw request, for answers that are not JSON and for client-side timeouts. */
async function raw(method: string, path: string, options: { body?: unknown; timeoutMs?: number } = {}) {
  const res = await fetch(`${em.url}${path}`, {
    method,
    headers: { Authorization: `Bearer ${TOKEN}`, "Content-Type": "application/json" },
    body: options.body === undefined ? undefined : JSON.stringify(options.body),
    signal: options.timeoutMs === undefined ? undefined : AbortSignal.timeout(options.timeoutMs),
  });
  return { status: res.status, headers: res.headers, text: await res.text() };
}

describe("emulator faults with when: 'after'", () => {
  it("loses the answer of a create that committed (drop)", async () => {
    await addFault({ path: "/v1/ivr", method: "POST", when: "after", drop: true });
    await expect(call(em, "POST", "/v1/ivr", { body: ivrBody({ name: "Lost answer" }) })).rejects.toThrow();
    expect(em.snapshot().ivrs.map((ivr) => ivr.name)).toEqual(["Lost answer"]);
    expect(await pendingFaults()).toEqual([]);
  });

  it("answers a delete that committed with HTML and 200", async () => {
    const id = await createIvr(em);
    await addFault({
      path: "/v1/ivr/*",
      method: "DELETE",
      when: "after",
      status: 200,
      rawBody: "<html><body>OK</body></html>",
      headers: { "Content-Type": "text/html" },
    });
    const res = await raw("DELETE", `/v1/ivr/${id}`);
    expect(res).toMatchObject({ status: 200, text: "<html><body>OK</body></html>" });
    expect(res.headers.get("content-type")).toBe("text/html");
    expect(em.snapshot().ivrs).toEqual([]);
  });

  it("answers an update that committed with 204 and no body", async () => {
    const id = await createIvr(em);
    await addFault({ path: `/v1/ivr/${id}`, method: "PUT", when: "after", status: 204 });
    const res = await raw("PUT", `/v1/ivr/${id}`, { body: ivrBody({ timeout: 45 }) });
    expect(res.status).toBe(204);
    expect(res.text).toBe("");
    expect(em.snapshot().ivrs[0]!.timeout).toBe(45);
  });

  it("answers with an empty body", async () => {
    const id = await createIvr(em);
    await addFault({ path: `/v1/ivr/${id}`, when: "after", status: 200, rawBody: "" });
    const res = await raw("PUT", `/v1/ivr/${id}`, { body: ivrBody({ timeout: 50 }) });
    expect(res).toMatchObject({ status: 200, text: "" });
    expect(res.headers.get("content-length")).toBe("0");
    expect(em.snapshot().ivrs[0]!.timeout).toBe(50);
  });

  it("rewrites a create's answer to unrelated JSON", async () => {
    await addFault({ path: "/v1/ivr", method: "POST", when: "after", status: 200, body: { ok: 1 } });
    const res = await call(em, "POST", "/v1/ivr", { body: ivrBody() });
    expect(res.body).toEqual({ ok: 1 });
    expect(em.snapshot().ivrs).toHaveLength(1);
  });

  it.each([
    [{ ivrs: [] }],
    [{ ivrs: [null] }],
    [{ ivrs: [{ id: { nested: 8001 }, name: "Support IVR" }] }],
    [[]],
  ])("rewrites a list answer to %j", async (body) => {
    await createIvr(em);
    await addFault({ path: "/v1/ivrs", when: "after", status: 200, body });
    expect((await call(em, "GET", "/v1/ivrs")).body).toEqual(body);
    expect((await call(em, "GET", "/v1/ivrs")).body.ivrs).toHaveLength(1);
  });

  it("adds headers to the real answer when it only sets headers", async () => {
    await addFault({ path: "/v1/ivrs", when: "after", headers: { "X-Served-By": "cache" } });
    const res = await call(em, "GET", "/v1/ivrs");
    expect(res.status).toBe(200);
    expect(res.body).toEqual({ ivrs: [] });
    expect(res.headers.get("x-served-by")).toBe("cache");
  });

  it("commits late, after the client gave up, when it holds the request (latencyMs)", async () => {
    await addFault({ path: "/v1/ivr", method: "POST", when: "after", latencyMs: 300 });
    await expect(raw("POST", "/v1/ivr", { body: ivrBody({ name: "Late" }), timeoutMs: 100 })).rejects.toThrow();
    expect(em.snapshot().ivrs).toEqual([]);
    await waitFor(() => em.snapshot().ivrs.length === 1, 2000);
    expect(em.snapshot().ivrs[0]!.name).toBe("Late");
  });

  it("does not commit a request abandoned during a 'before' delay", async () => {
    await addFault({ path: "/v1/ivr", method: "POST", latencyMs: 200 });
    await expect(raw("POST", "/v1/ivr", { body: ivrBody(), timeoutMs: 50 })).rejects.toThrow();
    await sleep(400);
    expect(em.snapshot().ivrs).toEqual([]);
  });

  it("answers late after committing at once (answerLatencyMs)", async () => {
    await addFault({ path: "/v1/ivr", method: "POST", when: "after", answerLatencyMs: 300 });
    const pending = call(em, "POST", "/v1/ivr", { body: ivrBody() });
    await waitFor(() => em.snapshot().ivrs.length === 1, 1000);
    const started = Date.now();
    expect((await pending).body).toEqual({ success: true, message: "IVR has been created successfully." });
    expect(Date.now() - started).toBeGreaterThan(50);
  });

  it("applies only to a request that reaches its handler, not to a 401, 404 or 429", async () => {
    const one = await withEmulator({ cps: 1 });
    try {
      const faults = async () => (await call(one, "GET", "/__emulator/faults", { token: null })).body.faults;
      await call(one, "POST", "/__emulator/faults", { token: null, body: { path: "/v1/ivr*", when: "after", status: 500 } });
      expect((await call(one, "GET", "/v1/ivrs", { token: null })).status).toBe(401);
      expect((await call(one, "GET", "/v1/ivrx")).status).toBe(404);
      expect((await call(one, "GET", "/v1/recordings")).status).toBe(200);
      expect((await call(one, "GET", "/v1/ivrs")).status).toBe(429);
      expect(await faults()).toHaveLength(1);
      await sleep(1100);
      expect((await call(one, "GET", "/v1/ivrs")).status).toBe(500);
      expect(await faults()).toEqual([]);
    } finally {
      await one.close();
    }
  });

  it("rewrites a validation failure too, since the handler ran", async () => {
    await addFault({ path: "/v1/ivr", method: "POST", when: "after", status: 200, body: { success: true, message: "IVR has been created successfully." } });
    const res = await call(em, "POST", "/v1/ivr", { body: ivrBody({ recording: "recording||1" }) });
    expect(res.body.success).toBe(true);
    expect(em.snapshot().ivrs).toEqual([]);
  });

  it("loses the answer of a refresh that retired the old token", async () => {
    const login = await call(em, "POST", "/v1/auth/login", { token: null, body: { email: EMAIL, password: PASSWORD } });
    const token = login.body.access_token as string;
    await addFault({ path: "/v1/auth/refresh", when: "after", drop: true });
    await expect(call(em, "POST", "/v1/auth/refresh", { token })).rejects.toThrow();
    expect((await call(em, "GET", "/v1/ivrs", { token })).body).toEqual({ success: false, message: "Deleted or blacklisted token provided" });
  });

  it("loses the answer of a login that issued a token", async () => {
    await addFault({ path: "/v1/auth/login", when: "after", drop: true });
    await expect(call(em, "POST", "/v1/auth/login", { token: null, body: { email: EMAIL, password: PASSWORD } })).rejects.toThrow();
    expect(em.stats().routes["POST /v1/auth/login"]).toBe(1);
  });

  it("targets the new endpoints: a department created with its answer lost", async () => {
    await addFault({ path: "/v1/department", when: "after", drop: true });
    await expect(call(em, "POST", "/v1/department", { body: departmentBody() })).rejects.toThrow();
    expect(em.snapshot().departments.map((d) => d.name)).toContain("Billing");
  });

  it("counts after faults overall and for the request's account", async () => {
    await addFault({ path: "/v1/ivrs", when: "after", status: 502, count: 2 });
    await addFault({ path: "/v1/users", status: 503 });
    await call(em, "GET", "/v1/ivrs");
    await call(em, "GET", "/v1/ivrs");
    await call(em, "GET", "/v1/users");
    expect(em.stats().faultsInjected).toBe(3);
    expect(em.stats("default").faultsInjected).toBe(2);
  });

  it.each([
    [{ path: "/v1/ivrs", when: "later" }, /^fault: when: Invalid enum value/],
    [{ path: "/v1/ivrs", when: "after", drop: true, status: 500 }, "fault: drop: a dropped connection has no status or body"],
    [{ path: "/v1/ivrs", body: {}, rawBody: "" }, "fault: rawBody: give body or rawBody, not both"],
    [{ path: "/v1/ivrs", answerLatencyMs: 5 }, "fault: answerLatencyMs: applies only to when: 'after' (before the handler, use latencyMs)"],
    [{ path: "/v1/ivrs", status: 204, body: { a: 1 } }, "fault: body: a 204 answer has no body"],
  ])("rejects the fault %p naming the field", async (spec, message) => {
    const res = await addFault(spec);
    expect(res.status).toBe(400);
    if (typeof message === "string") expect(res.body.message).toBe(message);
    else expect(res.body.message).toMatch(message);
  });
});

describe("emulator 'before' faults with a raw body", () => {
  it("answers an HTML 502 as a proxy in front of the API would", async () => {
    await addFault({ path: "/v1/ivrs", status: 502, rawBody: "<html>Bad Gateway</html>", headers: { "content-type": "text/html" } });
    const res = await raw("GET", "/v1/ivrs");
    expect(res).toMatchObject({ status: 502, text: "<html>Bad Gateway</html>" });
    expect(res.headers.get("content-type")).toBe("text/html");
  });
});

describe("emulator injectFaults() and clearFaults()", () => {
  it("queue and clear faults from code, like the control endpoint", async () => {
    const [fault] = em.injectFaults({ path: "/v1/ivr", method: "post", when: "after", drop: true });
    expect(fault).toMatchObject({ path: "/v1/ivr", method: "POST", when: "after", drop: true, count: 1 });
    await expect(call(em, "POST", "/v1/ivr", { body: ivrBody() })).rejects.toThrow();
    expect(em.snapshot().ivrs).toHaveLength(1);
    em.injectFaults([{ path: "/v1/ivrs", status: 500 }, { path: "/v1/users", status: 500 }]);
    expect(em.clearFaults()).toBe(2);
  });

  it("throws a TypeError naming the bad field", () => {
    expect(() => em.injectFaults([{ path: "/v1/ivrs" }, { path: "x" }])).toThrow("smartflo emulator: faults[1]: path: must start with '/'");
  });
});
