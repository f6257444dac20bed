/** The IVR endpoints (kinds/ivr/api.ts) against the emulator: create, read, update, delete. */
import nodeFetch from "node-fetch";
import { SmartfloClient } from "../../../provider/src/client/client";
import { ConnectionError, NotFoundError } from "../../../provider/src/client/errors";
import { createIvr, deleteIvr, findIvrByName, getIvr, updateIvr } from "../../../provider/src/kinds/ivr/api";
import { CreateOutcomeUnknown } from "../../../provider/src/managed/ownership";
import { emulatorForFile, recordingSleep, spyFetch, valid } from "../../support/client";
import { control, startEmulator, storedIvrs, TOKEN } from "../../support/emulator";
import { supportIvr } from "../../support/ivrs";

const t = emulatorForFile();
const client = t.client;
const stats = t.stats;

describe("IVR create whose response is lost", () => {
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
    const id = await createIvr(client({ fetch, sleep }), valid(supportIvr()));
    const stored = await storedIvrs(t.emu);
    expect(stored.map((i) => [String(i.id), i.name])).toEqual([[id, "Support IVR"]]);
    expect((await stats()).routes["POST /v1/ivr"]).toBe(1);
  });

  it("sends the POST again when the lookup shows it was not created", async () => {
    await control(t.emu, "POST", "faults", { path: "/v1/ivr", method: "POST", drop: true, count: 1 });
    const { sleep } = recordingSleep();
    const id = await createIvr(client({ sleep }), valid(supportIvr()));
    expect((await storedIvrs(t.emu)).map((i) => String(i.id))).toEqual([id]);
  });

  it("gives up after maxRetries lost POSTs, having looked each one up, creates nothing twice, and reports the create as pending", async () => {
    await control(t.emu, "POST", "faults", { path: "/v1/ivr", method: "POST", when: "before", drop: true, count: 10 });
    const { delays, sleep } = recordingSleep();
    const err = await createIvr(client({ sleep, maxRetries: 2 }), valid(supportIvr())).catch((e) => e);
    // Nothing is listed, but a lost POST may still commit late: the outcome stays unknown.
    expect(err).toBeInstanceOf(CreateOutcomeUnknown);
    expect(err.cause).toBeInstanceOf(ConnectionError);
    expect(err.record).toMatchObject({ name: "Support IVR", reason: expect.stringMatching(/^the outcome of POST \/v1\/ivr for 'Support IVR' is unknown/) });
    const routes = (await stats()).routes;
    expect(routes["POST /v1/ivr"]).toBe(3);
    expect(routes["GET /v1/ivrs"]).toBe(4); // the name check, then one list after each lost POST
    expect(delays).toHaveLength(2);
    expect(await storedIvrs(t.emu)).toEqual([]);
  });
});

describe("IVR operations", () => {
  it("creates an IVR and finds its id by name (create answers no id)", async () => {
    const id = await createIvr(client(), valid(supportIvr()));
    expect(id).toMatch(/^\d+$/);
    expect((await findIvrByName(client(), "  support ivr "))?.id).toBe(id);
  });

  it("uses the id when create does answer one", async () => {
    const withId = await startEmulator({ cps: 0, createReturnsId: true });
    try {
      const spy = spyFetch();
      const c = new SmartfloClient({ baseUrl: withId.url, token: TOKEN, requestsPerSecond: 50, fetch: spy.fetch });
      const id = await createIvr(c, valid(supportIvr()));
      expect(id).toMatch(/^\d+$/);
      // The name check before, and no lookup after.
      expect(spy.calls.map((x) => x.method)).toEqual(["GET", "POST"]);
    } finally {
      await withId.close();
    }
  });

  it("shares list requests between parallel creates, and still gives each create its own id", async () => {
    const c = client();
    const names = Array.from({ length: 10 }, (_, i) => `Parallel IVR ${i}`);
    const ids = await Promise.all(names.map((name) => createIvr(c, valid(supportIvr({ name })))));
    const stored = await storedIvrs(t.emu);
    expect(ids.map((id) => stored.find((i) => String(i.id) === id)?.name)).toEqual(names);
    const routes = (await stats()).routes;
    expect(routes["POST /v1/ivr"]).toBe(10);
    expect(routes["GET /v1/ivrs"]).toBeLessThanOrEqual(3);
  });

  it("round-trips canonical -> write -> emulator -> read -> canonical without change", async () => {
    const ivr = valid(supportIvr());
    const c = client();
    const id = await createIvr(c, ivr);
    expect((await getIvr(c, id))?.ivr).toEqual(ivr);
    const changed = valid(supportIvr({ ringTimeoutSeconds: 45, options: [{ key: "#", destination: "ivr||" + id }] }));
    await updateIvr(c, id, changed);
    expect((await getIvr(c, id))?.ivr).toEqual(changed);
  });

  it("updates with a full PUT and reports an IVR deleted out of band as not found", async () => {
    const c = client();
    const id = await createIvr(c, valid(supportIvr()));
    await control(t.emu, "DELETE", `ivrs/${id}`);
    await expect(updateIvr(c, id, valid(supportIvr()))).rejects.toBeInstanceOf(NotFoundError);
  });

  it("deletes, and counts an IVR that is already gone as deleted", async () => {
    const c = client();
    const id = await createIvr(c, valid(supportIvr()));
    await expect(deleteIvr(c, id)).resolves.toBe("deleted");
    await expect(deleteIvr(c, id)).resolves.toBe("absent");
    expect(await storedIvrs(t.emu)).toEqual([]);
  });
});
