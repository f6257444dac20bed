/** Outages: the API refuses connections or answers 503 for a while, then comes back with its data. */
import { RunningEmulator } from "../../provider/src/emulator";
import { call, createIvr, sleep, withEmulator } from "./helpers";

let em: RunningEmulator;

beforeEach(async () => {
  em = await withEmulator();
});
afterEach(() => em.close());

const control = (method: string, path: string, body?: unknown) => call(em, method, `/__emulator/${path}`, { token: null, body });

/** Poll until the API answers again (or give up), returning how long it took. */
async function waitUntilUp(timeoutMs = 3000): Promise<number> {
  const started = Date.now();
  while (Date.now() - started < timeoutMs) {
    try {
      if ((await call(em, "GET", "/v1/ivrs")).status === 200) return Date.now() - started;
    } catch {
      // still down
    }
    await sleep(20);
  }
  throw new Error("the API did not come back");
}

describe("emulator POST /__emulator/outage", () => {
  it("answers 503 on /v1 during an 'unavailable' outage, keeps control endpoints up, then recovers", async () => {
    const id = await createIvr(em);
    const res = await control("POST", "outage", { mode: "unavailable", durationMs: 400 });
    expect(res.status).toBe(200);
    expect(res.body).toEqual({ success: true, outage: { active: true, mode: "unavailable", endsInMs: expect.any(Number) } });

    const down = await call(em, "GET", "/v1/ivrs");
    expect(down.status).toBe(503);
    expect(down.body).toEqual({ success: false, message: "Service Unavailable" });
    expect((await call(em, "POST", "/v1/auth/login", { token: null, body: {} })).status).toBe(503);
    expect((await control("GET", "outage")).body).toMatchObject({ active: true, mode: "unavailable" });
    expect(em.stats().outageRejected).toBe(2);

    await waitUntilUp();
    expect((await call(em, "GET", "/v1/ivrs")).body.ivrs.map((ivr: { id: number }) => ivr.id)).toEqual([id]);
    expect((await control("GET", "outage")).body).toEqual({ active: false });
  });

  it("ends an 'unavailable' outage early with DELETE", async () => {
    await control("POST", "outage", { mode: "unavailable", durationMs: 60_000 });
    expect((await call(em, "GET", "/v1/ivrs")).status).toBe(503);
    expect((await control("DELETE", "outage")).body).toEqual({ success: true, ended: true });
    expect((await call(em, "GET", "/v1/ivrs")).status).toBe(200);
    expect((await control("DELETE", "outage")).body).toEqual({ success: true, ended: false });
  });

  it("refuses connections during a 'refuse' outage, then listens on the same port again with the data intact", async () => {
    const id = await createIvr(em);
    const res = await control("POST", "outage", { mode: "refuse", durationMs: 500 });
    expect(res.body.outage).toMatchObject({ active: true, mode: "refuse" });

    await expect(call(em, "GET", "/v1/ivrs")).rejects.toThrow();
    await expect(fetch(`${em.url}/__emulator/state`)).rejects.toThrow();

    // Down for (most of) the 500 ms, not just for the first request.
    expect(await waitUntilUp()).toBeGreaterThanOrEqual(250);
    expect((await call(em, "GET", "/v1/ivrs")).body.ivrs.map((ivr: { id: number }) => ivr.id)).toEqual([id]);
    expect(em.url).toBe(`http://127.0.0.1:${em.port}`);
  });

  it("ends a 'refuse' outage from code with endOutage()", async () => {
    await em.startOutage({ mode: "refuse", durationMs: 60_000 });
    await expect(call(em, "GET", "/v1/ivrs")).rejects.toThrow();
    await em.endOutage();
    expect((await call(em, "GET", "/v1/ivrs")).status).toBe(200);
  });

  it("starts an 'unavailable' outage from code", async () => {
    expect(await em.startOutage({ mode: "unavailable", durationMs: 60_000 })).toMatchObject({ active: true, mode: "unavailable" });
    expect((await call(em, "GET", "/v1/ivrs")).status).toBe(503);
    await em.endOutage();
    expect((await call(em, "GET", "/v1/ivrs")).status).toBe(200);
  });

  it("closes cleanly in the middle of a 'refuse' outage", async () => {
    await em.startOutage({ mode: "refuse", durationMs: 60_000 });
    await expect(em.close()).resolves.toBeUndefined();
  });

  it.each([
    [{ mode: "down", durationMs: 100 }, /^outage: mode: Invalid enum value/],
    [{ mode: "refuse" }, "outage: durationMs: Required"],
    [{ mode: "refuse", durationMs: 0 }, /^outage: durationMs: /],
    [{ mode: "refuse", durationMs: 100, extra: 1 }, /^outage: \(root\): Unrecognized key/],
  ])("rejects the outage %p naming the field", async (spec, message) => {
    const res = await control("POST", "outage", spec);
    expect(res.status).toBe(400);
    if (typeof message === "string") expect(res.body.message).toBe(message);
    else expect(res.body.message).toMatch(message);
    expect((await call(em, "GET", "/v1/ivrs")).status).toBe(200);
  });

  it("refuses a second outage while one runs", async () => {
    await control("POST", "outage", { mode: "unavailable", durationMs: 60_000 });
    const res = await control("POST", "outage", { mode: "refuse", durationMs: 100 });
    expect(res.status).toBe(409);
    expect(res.body.message).toBe("an outage (unavailable) is already running; end it first");
    await expect(em.startOutage({ mode: "refuse", durationMs: 100 })).rejects.toThrow(TypeError);
  });
});
