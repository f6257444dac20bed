/**
 * Complete lists (managed/listing.ts) against the emulator: only a well-formed, complete list is
 * a list; paging is followed where it is clear and refused where it is not.
 */
import { MalformedAnswerError } from "../../provider/src/client/errors";
import { IVR_KIND, createIvr } from "../../provider/src/kinds/ivr/api";
import { readCompleteList } from "../../provider/src/managed/listing";
import { clientOf, emulatorForFile, recordingSleep, valid } from "../support/client";
import { control, startEmulator } from "../support/emulator";
import { supportIvr } from "../support/ivrs";

const t = emulatorForFile();

async function seedIvrs(n: number, c = t.client()) {
  for (let i = 0; i < n; i++) await createIvr(c, valid(supportIvr({ name: `Listed IVR ${i}` })));
}

describe("complete lists", () => {
  it("reads every entry of a whole-list answer, with its id as a string", async () => {
    await seedIvrs(3);
    const list = await readCompleteList(t.client(), IVR_KIND);
    expect(list.entries.map((e) => e.name)).toEqual(["Listed IVR 0", "Listed IVR 1", "Listed IVR 2"]);
    expect(list.entries.every((e) => typeof e.id === "string" && /^\d+$/.test(e.id))).toBe(true);
    expect(list.pages).toBe(1);
  });

  it.each([
    ["a null entry", [null], /entry 1 that is null, not an object/],
    ["an entry whose id is an object", [{ id: { value: 9 }, name: "X" }], /entry 1 whose id is an object, not a string or number/],
    ["an entry without an id", [{ name: "X" }], /entry 1 whose id is missing/],
    ["an entry whose name is not a string", [{ id: 9, name: 42 }], /entry 1 \(id 9\) whose name is number 42/],
  ])("refuses a list with %s, naming the endpoint and the entry", async (_what, extra, reason) => {
    await seedIvrs(1);
    const real = (await readCompleteList(t.client(), IVR_KIND)).entries.map((e) => e.raw);
    await control(t.emu, "POST", "faults", { path: "/v1/ivrs", method: "GET", status: 200, count: 10, body: { ivrs: [...real, ...extra] } });
    const err = await readCompleteList(t.client({ maxRetries: 1, sleep: recordingSleep().sleep }), IVR_KIND).catch((e) => e);
    expect(err).toBeInstanceOf(MalformedAnswerError);
    expect(err.endpoint).toBe("GET /v1/ivrs");
    expect(err.message).toMatch(reason);
    expect(err.message).toMatch(/^Smartflo GET \/v1\/ivrs has an entry 1 .*the list is malformed, so nothing is concluded from it$/);
  });

  it("retries a malformed list like any failed read, and uses the good answer that follows", async () => {
    await seedIvrs(2);
    await control(t.emu, "POST", "faults", { path: "/v1/ivrs", method: "GET", status: 200, count: 1, body: { ivrs: [null] } });
    const { delays, sleep } = recordingSleep();
    const list = await readCompleteList(t.client({ sleep }), IVR_KIND);
    expect(list.entries).toHaveLength(2);
    expect(delays).toHaveLength(1);
  });

  it.each([
    ["has_more: true", { has_more: true }, /continues \(has_more\)/],
    ["a next link", { next: "/v1/ivrs?cursor=abc" }, /continues \(next\)/],
    ["a last_seen_id cursor", { last_seen_id: 9 }, /continues \(last_seen_id\)/],
    ["a total larger than the list", { total: 40 }, /continues \(total 40 for 2 entries\)/],
    ["a count larger than the list", { count: 3 }, /continues \(count 3 for 2 entries\)/],
  ])("fails loudly on a list that signals more entries it cannot follow (%s), never reading the first page as the whole", async (_what, signal, reason) => {
    await seedIvrs(2);
    const real = (await readCompleteList(t.client(), IVR_KIND)).entries.map((e) => e.raw);
    await control(t.emu, "POST", "faults", { path: "/v1/ivrs", method: "GET", status: 200, count: 10, body: { ivrs: real, ...signal } });
    const err = await readCompleteList(t.client({ maxRetries: 0 }), IVR_KIND).catch((e) => e);
    expect(err).toBeInstanceOf(MalformedAnswerError);
    expect(err.message).toMatch(reason);
    expect(err.message).toMatch(/the first page is not taken for the whole list/);
  });

  it("accepts a finished cursor (last_seen_id with has_more: false) as the whole list", async () => {
    await seedIvrs(2);
    const real = (await readCompleteList(t.client(), IVR_KIND)).entries.map((e) => e.raw);
    await control(t.emu, "POST", "faults", { path: "/v1/ivrs", method: "GET", status: 200, count: 1, body: { ivrs: real, has_more: false, last_seen_id: 9, count: 2 } });
    expect((await readCompleteList(t.client(), IVR_KIND)).entries).toHaveLength(2);
  });

  it.each([
    ["HTML", { rawBody: "<!DOCTYPE html><html><body>Maintenance</body></html>" }],
    ["an empty body", { rawBody: "" }],
    ["unrelated JSON", { body: { status: "ok" } }],
  ])("refuses a 200 answer with %s", async (_what, answer) => {
    await control(t.emu, "POST", "faults", { path: "/v1/ivrs", method: "GET", status: 200, count: 10, ...answer });
    const err = await readCompleteList(t.client({ maxRetries: 0 }), IVR_KIND).catch((e) => e);
    expect(err).toBeInstanceOf(MalformedAnswerError);
    expect(err.endpoint).toBe("GET /v1/ivrs");
  });
});

describe("complete lists of a paged account (the emulator's ivrsPageSize mode)", () => {
  it("follows page/limit to the end and checks the total", async () => {
    const paged = await startEmulator({ cps: 0, ivrsPageSize: 2 });
    try {
      const c = clientOf(paged);
      for (let i = 0; i < 5; i++) await createIvr(c, valid(supportIvr({ name: `Paged IVR ${i}` })));
      await control(paged, "POST", "stats/reset");
      const list = await readCompleteList(c, IVR_KIND);
      expect(list.entries.map((e) => e.name)).toEqual([0, 1, 2, 3, 4].map((i) => `Paged IVR ${i}`));
      expect(list.pages).toBe(3);
      expect((await control(paged, "GET", "stats")).routes["GET /v1/ivrs"]).toBe(3);
    } finally {
      await paged.close();
    }
  });

  it("reads the list again when an entry is deleted between pages (a page shifts), and gets it right", async () => {
    const paged = await startEmulator({ cps: 0, ivrsPageSize: 2 });
    try {
      const c = clientOf(paged);
      for (let i = 0; i < 4; i++) await createIvr(c, valid(supportIvr({ name: `Paged IVR ${i}` })));
      const [first] = (await readCompleteList(c, IVR_KIND)).entries;
      // Page 1 is answered as it is now; the first IVR is then deleted before page 2 is served,
      // so page 2 starts one later and "Paged IVR 2" is never served in that round.
      await control(paged, "POST", "faults", { path: "/v1/ivrs", method: "GET", when: "after", count: 1, answerLatencyMs: 0 });
      const deleting = (async () => {
        while ((await control(paged, "GET", "stats")).faultsInjected === 0) await new Promise((r) => setTimeout(r, 2));
        await control(paged, "DELETE", `ivrs/${first!.id}`);
      })();
      const slow = clientOf(paged, { fetch: slowSecondPages() });
      const list = await readCompleteList(slow, IVR_KIND);
      await deleting;
      expect(list.entries.map((e) => e.name)).toEqual(["Paged IVR 1", "Paged IVR 2", "Paged IVR 3"]);
    } finally {
      await paged.close();
    }
  });
});

/** A fetch that waits a moment before asking for page 2 or later, so the test can change the list in between. */
function slowSecondPages() {
  // eslint-disable-next-line @typescript-eslint/no-var-requires
  const nodeFetch = require("node-fetch");
  return async (url: string, init: Record<string, unknown>) => {
    if (/[?&]page=([2-9])/.test(url)) await new Promise((r) => setTimeout(r, 150));
    return nodeFetch(url, init);
  };
}
