/**
 * Faults under the real engine (CLI, language host, dynamic-provider plugin, file backend, the
 * emulator on loopback): each scenario injects one kind of fault into a small stack's run, then
 * checks, after the faulty run and again after the next plain `up`, that state and account agree
 * IVR by IVR (test/support/agreement.ts: no orphan, no duplicate, no IVR owned twice, state equal
 * to the account field by field) and that the next `up` converges with no manual step.
 *
 * Scenarios are independent (each its own emulator and stack) and small: a few IVRs, short
 * timeouts, few retries. SMARTFLO_SKIP_E2E=1 skips them explicitly.
 */
import { control, storedIvrs } from "../support/emulator";
import { expectStateAndAccountAgree } from "../support/agreement";
import { Scenario, collect, expectNextUpConverges, failingUp, posts, scenario, untilPosts } from "../support/fault-scenario";
import { TestStack, commandText, describeE2E, failureText, newStack, tearDown } from "../support/pulumi";

const STEP = 240_000;

describeE2E("faults under the real engine: the API goes down mid-run, then comes back", () => {
  let s: Scenario;
  beforeAll(async () => {
    s = await scenario("outage", { count: 6, cps: 3 });
  }, 40 * 60_000);
  afterAll(() => tearDown({ stacks: [s?.ts], emulator: s?.emu, dirs: [s?.dir] }), STEP);

  test("IVRs created before the lookups failed are recorded as pending creates, not lost; the next up takes them back and creates the rest", async () => {
    const running = failingUp(s);
    // Down once two creates have been answered: their id lookups (and the remaining POSTs) meet a closed port.
    await untilPosts(s.emu, 2);
    await s.emu.startOutage({ mode: "refuse", durationMs: 120_000 });
    const text = await running;
    await s.emu.endOutage();
    expect(text).toMatch(/Recorded as a pending create/);

    const after = await expectStateAndAccountAgree({ emu: s.emu, stacks: [s.ts], prefix: s.prefix, allowPending: true });
    expect(after.account.length).toBeGreaterThanOrEqual(2);
    expect(after.pending.length).toBeGreaterThanOrEqual(1);

    const before = await posts(s.emu);
    await expectNextUpConverges(s);
    const stored = (await storedIvrs(s.emu)).filter((i) => String(i.name).startsWith(s.prefix));
    expect(stored).toHaveLength(6);
    // Only the IVRs never created were sent again.
    expect((await posts(s.emu)) - before).toBe(6 - after.account.length);
  }, STEP);
});

describeE2E("faults under the real engine: every create answer is lost after the commit", () => {
  let s: Scenario;
  beforeAll(async () => {
    s = await scenario("lost");
  }, 40 * 60_000);
  afterAll(() => tearDown({ stacks: [s?.ts], emulator: s?.emu, dirs: [s?.dir] }), STEP);

  test("up succeeds with each IVR created once and taken back, and the next up converges", async () => {
    await control(s.emu, "POST", "faults", { path: "/v1/ivr", method: "POST", when: "after", drop: true, count: 100 });
    const up = await s.ts.stack.up(collect(s));
    expect(up.summary.result).toBe("succeeded");
    await control(s.emu, "DELETE", "faults");
    const after = await expectStateAndAccountAgree({ emu: s.emu, stacks: [s.ts], prefix: s.prefix });
    expect(after.account).toHaveLength(3);
    expect(await posts(s.emu)).toBe(3);
    await expectNextUpConverges(s);
  }, STEP);
});

describeE2E("faults under the real engine: a create committed after the client timed out", () => {
  let s: Scenario;
  beforeAll(async () => {
    s = await scenario("late", { config: { "smartflo:requestTimeoutMs": "800", "faults:routes": "true" } });
  }, 40 * 60_000);
  afterAll(() => tearDown({ stacks: [s?.ts], emulator: s?.emu, dirs: [s?.dir] }), STEP);

  test("the late IVR is taken back (not left behind, not duplicated), and the next up converges", async () => {
    await control(s.emu, "POST", "faults", { path: "/v1/ivr", method: "POST", when: "after", latencyMs: 2500, count: 1 });
    // The POST times out at 0.8 s and commits at 2.5 s. Its retry either commits first (the late
    // one is then refused as a duplicate) or is refused as "already exists" (and takes the late one).
    const up = await s.ts.stack.up(collect(s));
    expect(up.summary.result).toBe("succeeded");
    const after = await expectStateAndAccountAgree({ emu: s.emu, stacks: [s.ts], prefix: s.prefix });
    expect(after.account).toHaveLength(3);
    await expectNextUpConverges(s);
    expect((await storedIvrs(s.emu)).filter((i) => String(i.name).startsWith(s.prefix))).toHaveLength(3);
  }, STEP);
});

describeE2E("faults under the real engine: malformed answers to PUT and DELETE", () => {
  let s: Scenario;
  beforeAll(async () => {
    s = await scenario("malformed");
    expect((await s.ts.stack.up(collect(s))).summary.result).toBe("succeeded");
  }, 40 * 60_000);
  afterAll(() => tearDown({ stacks: [s?.ts], emulator: s?.emu, dirs: [s?.dir] }), STEP);

  test("an update answered with HTML 200 fails naming the endpoint and changes nothing; the next up applies it", async () => {
    await s.ts.stack.setConfig("faults:revision", { value: "2" });
    await control(s.emu, "POST", "faults", { path: "/v1/ivr/*", method: "PUT", status: 200, rawBody: "<html><body>OK</body></html>", count: 100 });
    const text = await failingUp(s);
    expect(text).toMatch(/updating Smartflo IVR \d+: Smartflo PUT \/v1\/ivr\/\d+ answered HTTP 200 with a body that is not JSON \(HTML\), which is not a Smartflo answer: not counted as success/);
    await control(s.emu, "DELETE", "faults");
    await expectStateAndAccountAgree({ emu: s.emu, stacks: [s.ts], prefix: s.prefix });
    // The update that never happened is not hidden: the preview still has it to do.
    expect((await s.ts.stack.preview(collect(s))).changeSummary).toMatchObject({ update: 3 });
    await expectNextUpConverges(s);
    expect((await storedIvrs(s.emu)).every((i) => !String(i.name).startsWith(s.prefix) || /revision 2$/.test(i.description))).toBe(true);
  }, STEP);

  test("a destroy answered with 204 or unrelated JSON fails, keeps every IVR in the stack, and a later destroy deletes them", async () => {
    await control(s.emu, "POST", "faults", [
      { path: "/v1/ivr/*", method: "DELETE", status: 204, rawBody: "", count: 2 },
      { path: "/v1/ivr/*", method: "DELETE", status: 200, body: { status: "ok" }, count: 100 },
    ]);
    const text = await failureText(() => s.ts.stack.destroy(collect(s)));
    expect(text).toMatch(/deleting Smartflo IVR \d+: Smartflo DELETE \/v1\/ivr\/\d+ answered HTTP 200 with JSON without a success field/);
    await control(s.emu, "DELETE", "faults");
    const after = await expectStateAndAccountAgree({ emu: s.emu, stacks: [s.ts], prefix: s.prefix });
    expect(after.resources).toHaveLength(3);
    const destroy = await s.ts.stack.destroy(collect(s));
    expect(destroy.summary.result).toBe("succeeded");
    expect((await storedIvrs(s.emu)).filter((i) => String(i.name).startsWith(s.prefix))).toEqual([]);
  }, STEP);
});

describeE2E("faults under the real engine: one empty list during refresh", () => {
  let s: Scenario;
  beforeAll(async () => {
    s = await scenario("refresh", { count: 4 });
    expect((await s.ts.stack.up(collect(s))).summary.result).toBe("succeeded");
  }, 40 * 60_000);
  afterAll(() => tearDown({ stacks: [s?.ts], emulator: s?.emu, dirs: [s?.dir] }), STEP);

  test("drops only the IVR really deleted outside Pulumi, not the others the empty answer left out", async () => {
    const before = await expectStateAndAccountAgree({ emu: s.emu, stacks: [s.ts], prefix: s.prefix });
    const gone = before.resources.find((r) => r.resource === "ivr-3")!;
    await control(s.emu, "DELETE", `ivrs/${gone.id}`);
    await control(s.emu, "POST", "faults", { path: "/v1/ivrs", method: "GET", status: 200, body: { ivrs: [] }, count: 1 });
    await control(s.emu, "POST", "stats/reset");
    const refresh = await s.ts.stack.refresh(collect(s));
    expect(refresh.summary.result).toBe("succeeded");
    expect(refresh.summary.resourceChanges).toMatchObject({ delete: 1 });
    expect((await control(s.emu, "GET", "stats")).routes["GET /v1/ivrs"]).toBe(2); // the empty answer, and the one that confirmed
    const after = await expectStateAndAccountAgree({ emu: s.emu, stacks: [s.ts], prefix: s.prefix });
    expect(after.resources.map((r) => r.resource).sort()).toEqual(["ivr-0", "ivr-1", "ivr-2"]);
    await expectNextUpConverges(s); // creates the deleted one again
  }, STEP);

  test("a list with a malformed entry fails the refresh with a clear message and changes nothing", async () => {
    const before = await expectStateAndAccountAgree({ emu: s.emu, stacks: [s.ts], prefix: s.prefix });
    await control(s.emu, "POST", "faults", { path: "/v1/ivrs", method: "GET", status: 200, body: { ivrs: [{ id: { oops: 1 }, name: "x" }] }, count: 100 });
    const text = await failureText(() => s.ts.stack.refresh(collect(s)));
    await control(s.emu, "DELETE", "faults");
    expect(text).toMatch(/Smartflo GET \/v1\/ivrs has an entry 0 whose id is an object, not a string or number: the list is malformed, so nothing is concluded from it/);
    const after = await expectStateAndAccountAgree({ emu: s.emu, stacks: [s.ts], prefix: s.prefix });
    expect(after.resources).toEqual(before.resources);
  }, STEP);
});

describeE2E("faults under the real engine: two stacks race on the same names, one create answer lost", () => {
  let a: Scenario;
  let b: TestStack;
  beforeAll(async () => {
    // Each stack paces itself at 3/s; together they stay within the account's 6/s.
    a = await scenario("race", { count: 3, cps: 3, accountCps: 6, config: { "faults:timeout": "30" } });
    b = await newStack({
      workDir: a.dir,
      stackName: "race-b",
      config: {
        "smartflo:baseUrl": { value: a.emu.url },
        "smartflo:token": { value: "emulator-token", secret: true },
        "smartflo:requestsPerSecond": { value: "3" },
        "smartflo:maxRetries": { value: "1" },
        "faults:prefix": { value: a.prefix },
        "faults:count": { value: "3" },
        "faults:timeout": { value: "45" }, // the same names, another body
      },
    });
  }, 40 * 60_000);
  afterAll(() => tearDown({ stacks: [a?.ts, b], emulator: a?.emu, dirs: [a?.dir] }), STEP);

  test("every IVR ends up owned by exactly one stack, and the losing stack's up says which IVR is in the way and how to adopt it", async () => {
    await control(a.emu, "POST", "faults", { path: "/v1/ivr", method: "POST", when: "after", drop: true, count: 1 });
    const results = await Promise.all([a.ts.stack.up(collect(a)).catch((e) => e), b.stack.up().catch((e) => e)]);
    const failures = results.filter((r) => r instanceof Error).map(commandText);
    expect(failures.length).toBeGreaterThan(0); // three names, two stacks: someone lost a race
    for (const text of failures) {
      expect(text).toMatch(/an IVR named 'F-race IVR \d' (already exists in this Smartflo account \(id \d+\)|\(id \d+\) now exists that this stack cannot prove it created)/);
      expect(text).toMatch(/set adopt: true/i);
    }
    const after = await expectStateAndAccountAgree({ emu: a.emu, stacks: [a.ts, b], prefix: a.prefix, allowPending: true });
    expect(after.account).toHaveLength(3);

    // The next plain up of each: the one holding a name keeps it; the other fails the same clear way, owning nothing twice.
    await control(a.emu, "DELETE", "faults");
    for (const ts of [a.ts, b]) {
      const r = await ts.stack.up().catch((e) => e);
      if (r instanceof Error) expect(commandText(r)).toMatch(/already exists in this Smartflo account \(id \d+\).*set adopt: true/s);
    }
    const next = await expectStateAndAccountAgree({ emu: a.emu, stacks: [a.ts, b], prefix: a.prefix });
    expect(next.account).toHaveLength(3);
    expect(next.resources).toHaveLength(3);
  }, STEP);
});
