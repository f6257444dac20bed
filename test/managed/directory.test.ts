/**
 * The shared list answers of a kind (managed/directory.ts), through the IVR kind against the
 * emulator: name checks reuse a recent answer and this process's own writes; the ids of parallel
 * creates come from few lists that never queue behind the creates; reads share one answer, and
 * "gone" needs a second list.
 */
import { SmartfloClient } from "../../provider/src/client/client";
import { IVR_KIND, createIvr, deleteIvr, getIvr, listIvrs } from "../../provider/src/kinds/ivr/api";
import { Directory } from "../../provider/src/managed/directory";
import { emulatorForFile, valid } from "../support/client";
import { TOKEN, control, startEmulator, storedIvrs } from "../support/emulator";
import { supportIvr } from "../support/ivrs";

const t = emulatorForFile();
const lists = async () => (await t.stats()).routes["GET /v1/ivrs"] ?? 0;

describe("name checks before creates", () => {
  it("use the last list answer and this process's own creates: one list per create, not two", async () => {
    const c = t.client();
    for (let i = 0; i < 5; i++) await createIvr(c, valid(supportIvr({ name: `Sequential IVR ${i}` })));
    // The first name check lists; after that each create's id lookup is the next one's name check.
    expect(await lists()).toBe(6);
    expect((await t.stats()).routes["POST /v1/ivr"]).toBe(5);
  });

  it("see an IVR this process created after the answer they use, without listing again", async () => {
    const c = t.client();
    await createIvr(c, valid(supportIvr({ name: "Mine" })));
    const before = await lists();
    const err = await createIvr(c, valid(supportIvr({ name: "  MINE " }))).catch((e) => e);
    expect(err.message).toMatch(/^an IVR named 'Mine' already exists in this Smartflo account \(id \d+\)/);
    expect(await lists()).toBe(before);
  });

  it("list again when the answer is older than the window (5 s)", async () => {
    const c = t.client();
    await listIvrs(c);
    const realNow = Date.now;
    jest.spyOn(Date, "now").mockImplementation(() => realNow() + 6_000); // six seconds later
    try {
      await createIvr(c, valid(supportIvr({ name: "Later" })));
    } finally {
      jest.restoreAllMocks();
    }
    expect(await lists()).toBe(3); // the old answer, a new one for the name check, the id lookup
  });
});

describe("id lookups after creates", () => {
  it("answer 20 parallel creates with one or two lists, each create with its own id, and no 429", async () => {
    const limited = await startEmulator({ cps: 5 });
    try {
      const c = new SmartfloClient({ baseUrl: limited.url, token: TOKEN, requestsPerSecond: 5 });
      const names = Array.from({ length: 20 }, (_, i) => `Parallel IVR ${i}`);
      const ids = await Promise.all(names.map((name) => createIvr(c, valid(supportIvr({ name })))));
      const stored = await storedIvrs(limited);
      expect(ids.map((id) => stored.find((i) => String(i.id) === id)?.name)).toEqual(names);
      const s = await control(limited, "GET", "stats");
      expect(s.routes["POST /v1/ivr"]).toBe(20);
      expect(s.routes["GET /v1/ivrs"]).toBeLessThanOrEqual(3); // the name check, then the lookups
      expect(s.rateLimited).toBe(0);
    } finally {
      await limited.close();
    }
  });

  it("never starve behind queued creates: the lookup goes ahead of POSTs still waiting, within the hold time", async () => {
    const order: string[] = [];
    const slow = await startEmulator({ cps: 4, log: (line) => order.push(line.split(" ").slice(0, 2).join(" ")) });
    try {
      // 60 creates at 4 requests/second: their POSTs alone take 15 s.
      const c = new SmartfloClient({ baseUrl: slow.url, token: TOKEN, requestsPerSecond: 4 });
      const started = Date.now();
      const finished: number[] = [];
      const creates = Array.from({ length: 60 }, (_, i) =>
        createIvr(c, valid(supportIvr({ name: `Queued IVR ${i}` }))).then((id) => (finished.push(Date.now() - started), id)),
      );
      const ids = await Promise.all(creates);
      expect(new Set(ids).size).toBe(60);
      const firstLookup = order.indexOf("GET /v1/ivrs", 1); // [0] is the name check
      const lastPost = order.lastIndexOf("POST /v1/ivr");
      expect(firstLookup).toBeGreaterThan(0);
      expect(firstLookup).toBeLessThan(lastPost); // sent while POSTs were still queued
      expect(Math.min(...finished)).toBeLessThan(14_000); // the first ids come after the hold (12 s), not after every POST
      expect(order.filter((r) => r === "GET /v1/ivrs").length).toBeLessThanOrEqual(4);
    } finally {
      await slow.close();
    }
  }, 40_000);

  it("give every create its id when the account's real limit is below the configured rate (1/s vs 4/s)", async () => {
    const strict = await startEmulator({ cps: 1 });
    try {
      const c = new SmartfloClient({ baseUrl: strict.url, token: TOKEN, requestsPerSecond: 4 });
      const names = Array.from({ length: 6 }, (_, i) => `Strict IVR ${i}`);
      const ids = await Promise.all(names.map((name) => createIvr(c, valid(supportIvr({ name })))));
      const stored = await storedIvrs(strict);
      expect(stored).toHaveLength(6);
      expect(ids.map((id) => stored.find((i) => String(i.id) === id)?.name)).toEqual(names);
      expect((await control(strict, "GET", "stats")).rateLimited).toBeGreaterThan(0); // it was rate limited, and recovered
    } finally {
      await strict.close();
    }
  }, 40_000);
});

describe("reads (refresh)", () => {
  it("share one list answer between the reads of a run", async () => {
    const c = t.client();
    const ids = [];
    for (let i = 0; i < 5; i++) ids.push(await createIvr(c, valid(supportIvr({ name: `Read IVR ${i}` }))));
    const reader = t.client(); // a new run
    await control(t.emu, "POST", "stats/reset");
    const read = await Promise.all(ids.map((id) => getIvr(reader, id)));
    expect(read.map((r) => r?.ivr.name)).toEqual([0, 1, 2, 3, 4].map((i) => `Read IVR ${i}`));
    for (const id of ids) await getIvr(reader, id); // later reads within the window too
    expect(await lists()).toBe(1);
  });

  it("do not conclude 'gone' from one empty answer: a second list, sent after it, finds the IVRs", async () => {
    const c = t.client();
    const ids = [];
    for (let i = 0; i < 3; i++) ids.push(await createIvr(c, valid(supportIvr({ name: `Kept IVR ${i}` }))));
    await control(t.emu, "POST", "faults", { path: "/v1/ivrs", method: "GET", status: 200, count: 1, body: { ivrs: [] } });
    const reader = t.client();
    await control(t.emu, "POST", "stats/reset");
    const read = await Promise.all(ids.map((id) => getIvr(reader, id)));
    expect(read.map((r) => r?.id)).toEqual(ids);
    expect(await lists()).toBe(2);
  });

  it("conclude 'gone' only when the second list lacks it too", async () => {
    const c = t.client();
    const kept = await createIvr(c, valid(supportIvr({ name: "Kept" })));
    const removed = await createIvr(c, valid(supportIvr({ name: "Removed" })));
    await control(t.emu, "DELETE", `ivrs/${removed}`);
    const reader = t.client();
    await control(t.emu, "POST", "stats/reset");
    expect((await getIvr(reader, kept))?.id).toBe(kept);
    expect(await getIvr(reader, removed)).toBeUndefined();
    expect(await lists()).toBe(2);
  });

  it("use an answer sent after this process last wrote the IVR", async () => {
    const c = t.client();
    const id = await createIvr(c, valid(supportIvr({ name: "Before" })));
    await getIvr(c, id);
    await deleteIvr(c, id);
    await control(t.emu, "POST", "stats/reset");
    expect(await getIvr(c, id)).toBeUndefined();
    expect(await lists()).toBeGreaterThanOrEqual(1); // not the answer from before the delete
  });
});

describe("Directory", () => {
  it("is one per client and kind", () => {
    const c = t.client();
    expect(Directory.of(c, IVR_KIND)).toBe(Directory.of(c, IVR_KIND));
    expect(Directory.of(t.client(), IVR_KIND)).not.toBe(Directory.of(c, IVR_KIND));
  });
});
