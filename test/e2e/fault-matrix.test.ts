/**
 * The rest of the fault matrix under the real engine (faults.test.ts has the outage, lost create
 * answers, the late commit, the first malformed answers and two racing stacks): an account limit
 * below the configured rate, a token that stops working mid-run, 429 and 5xx bursts, dropped
 * connections, Ctrl-C of the CLI, and malformed answers to every verb. After each faulty run, and
 * again after the next plain `up`, state and account must agree IVR by IVR
 * (test/support/agreement.ts), and that next `up` must converge with no manual step.
 *
 * Each describe has its own emulator and stack of 2-4 IVRs, with short timeouts and one retry
 * unless the fault needs more. SMARTFLO_SKIP_E2E=1 skips them explicitly.
 */
import { spawn } from "child_process";
import * as path from "path";
import type { LocalWorkspace } from "@pulumi/pulumi/automation";
import { EMAIL, PASSWORD, control, storedIvrs } from "../support/emulator";
import { expectStateAndAccountAgree } from "../support/agreement";
import { Scenario, collect, expectNextUpConverges, failingUp, posts, scenario, untilPosts } from "../support/fault-scenario";
import { describeE2E, failureText, pulumiRoot, tearDown } from "../support/pulumi";

const STEP = 180_000;
const SETUP = 40 * 60_000;

/** The scenario's IVRs as the account holds them. */
const ours = async (s: Scenario) => (await storedIvrs(s.emu)).filter((i) => String(i.name).startsWith(s.prefix));

const HTML = "<!DOCTYPE html><html><body><h1>Maintenance</h1></body></html>";

describeE2E("fault matrix: the account's limit is below smartflo:requestsPerSecond", () => {
  let s: Scenario;
  beforeAll(async () => {
    // The account takes 2 requests a second, the stack is told 8; the default retries.
    s = await scenario("slow", { count: 3, cps: 8, accountCps: 2, config: { "smartflo:maxRetries": "4" } });
  }, SETUP);
  afterAll(() => tearDown({ stacks: [s?.ts], emulator: s?.emu, dirs: [s?.dir] }), STEP);

  test("the 429s pause the account's queue and are retried: up succeeds with each IVR created once, and the next up converges", async () => {
    const up = await s.ts.stack.up(collect(s));
    expect(up.summary.result).toBe("succeeded");
    expect((await control(s.emu, "GET", "stats")).rateLimited).toBeGreaterThan(0); // the fault really happened
    const after = await expectStateAndAccountAgree({ emu: s.emu, stacks: [s.ts], prefix: s.prefix });
    expect(after.account).toHaveLength(3);
    await expectNextUpConverges(s);
  }, STEP);
});

describeE2E("fault matrix: the token stops working mid-run", () => {
  const OLD = "matrix-token-old-0123456789";
  const NEW = "matrix-token-new-9876543210";
  let s: Scenario;
  beforeAll(async () => {
    s = await scenario("token", { count: 4, cps: 2, token: OLD });
  }, SETUP);
  afterAll(() => tearDown({ stacks: [s?.ts], emulator: s?.emu, dirs: [s?.dir] }), STEP);

  test("a static token revoked during up: the run fails with one error saying what to run, nothing is orphaned, and after setting the new token the next up converges", async () => {
    const running = failingUp(s);
    await untilPosts(s.emu, 1);
    s.emu.updateAccount({ token: NEW });
    const text = await running;
    // (The text has the CLI's output twice, in the message and as stderr: one copy is enough.)
    const diagnostics = text.slice(text.indexOf("Diagnostics:"), text.indexOf("Resources:", text.indexOf("Diagnostics:")));
    // One error says what to do; the other resources' errors point to it (or record a pending create).
    expect(diagnostics.match(/If it was rotated, set the new one with `pulumi config set --secret smartflo:token <new value>`/g)).toHaveLength(1);
    await expectStateAndAccountAgree({ emu: s.emu, stacks: [s.ts], prefix: s.prefix, allowPending: true });

    await s.ts.stack.setConfig("smartflo:token", { value: NEW, secret: true });
    await expectNextUpConverges(s);
    expect(await ours(s)).toHaveLength(4);
    for (const t of [OLD, NEW]) expect(s.output.join("\n") + text).not.toContain(t);
  }, STEP);

  test("login tokens that expire during up: the provider logs in again and up succeeds", async () => {
    await s.ts.stack.removeConfig("smartflo:token");
    await s.ts.stack.setConfig("smartflo:email", { value: EMAIL });
    await s.ts.stack.setConfig("smartflo:password", { value: PASSWORD, secret: true });
    await s.ts.stack.setConfig("faults:revision", { value: "2" });
    await control(s.emu, "POST", "stats/reset");
    const running = s.ts.stack.up(collect(s));
    while (((await control(s.emu, "GET", "stats")).routes["PUT /v1/ivr/{id}"] ?? 0) < 1) await new Promise((r) => setTimeout(r, 20));
    expect(s.emu.updateAccount({ loginTokens: "expire" }).loginTokensAffected).toBeGreaterThan(0);
    const up = await running;
    expect(up.summary.result).toBe("succeeded");
    expect(up.summary.resourceChanges).toMatchObject({ update: 4 });
    expect((await control(s.emu, "GET", "stats")).routes["POST /v1/auth/login"]).toBeGreaterThanOrEqual(2);
    await expectStateAndAccountAgree({ emu: s.emu, stacks: [s.ts], prefix: s.prefix });
    await expectNextUpConverges(s);
  }, STEP);
});

describeE2E("fault matrix: 429 and 5xx bursts, dropped connections", () => {
  let s: Scenario;
  beforeAll(async () => {
    s = await scenario("transient", { count: 3, config: { "smartflo:maxRetries": "2" } });
  }, SETUP);
  afterAll(() => tearDown({ stacks: [s?.ts], emulator: s?.emu, dirs: [s?.dir] }), STEP);

  test("a burst of 429s on every route is waited out: up succeeds with each IVR created once", async () => {
    await control(s.emu, "POST", "faults", { path: "/v1/*", status: 429, headers: { "Retry-After": "1" }, body: { success: false, message: "Too many requests" }, count: 2 });
    const up = await s.ts.stack.up(collect(s));
    expect(up.summary.result).toBe("succeeded");
    expect((await control(s.emu, "GET", "stats")).faultsInjected).toBe(2);
    const after = await expectStateAndAccountAgree({ emu: s.emu, stacks: [s.ts], prefix: s.prefix });
    expect(after.account).toHaveLength(3);
    expect(await posts(s.emu)).toBe(3);
    await expectNextUpConverges(s);
  }, STEP);

  test("5xx on reads, updates, and a create that committed: up succeeds, the committed create is taken back and not sent again", async () => {
    await s.ts.stack.setConfig("faults:count", { value: "4" });
    await s.ts.stack.setConfig("faults:revision", { value: "2" });
    await control(s.emu, "POST", "faults", [
      { path: "/v1/ivr", method: "POST", when: "after", status: 502, rawBody: "Bad Gateway", count: 1 },
      { path: "/v1/ivr/*", method: "PUT", status: 503, count: 2 },
      { path: "/v1/ivrs", method: "GET", status: 500, count: 1 },
    ]);
    const before = await posts(s.emu);
    const up = await s.ts.stack.up(collect(s));
    expect(up.summary.result).toBe("succeeded");
    // 3 IVRs updated, and the route guard, whose list gains the new IVR.
    expect(up.summary.resourceChanges).toMatchObject({ create: 1, update: 4 });
    expect((await control(s.emu, "GET", "faults")).faults).toEqual([]); // every fault met a request
    expect((await posts(s.emu)) - before).toBe(1);
    const after = await expectStateAndAccountAgree({ emu: s.emu, stacks: [s.ts], prefix: s.prefix });
    expect(after.account).toHaveLength(4);
    await expectNextUpConverges(s);
  }, STEP);

  test("a create and a list whose connections drop before the server handles them: up succeeds", async () => {
    await s.ts.stack.setConfig("faults:count", { value: "5" });
    await control(s.emu, "POST", "faults", [
      { path: "/v1/ivr", method: "POST", drop: true, count: 1 },
      { path: "/v1/ivrs", method: "GET", drop: true, count: 1 },
    ]);
    expect((await s.ts.stack.up(collect(s))).summary.result).toBe("succeeded");
    const after = await expectStateAndAccountAgree({ emu: s.emu, stacks: [s.ts], prefix: s.prefix });
    expect(after.account).toHaveLength(5);
    await expectNextUpConverges(s);
  }, STEP);

  test("updates whose connections drop, before and after the server committed them: up succeeds", async () => {
    await s.ts.stack.setConfig("faults:revision", { value: "3" });
    await control(s.emu, "POST", "faults", [
      { path: "/v1/ivr/*", method: "PUT", drop: true, count: 1 },
      { path: "/v1/ivr/*", method: "PUT", when: "after", drop: true, count: 1 },
    ]);
    const up = await s.ts.stack.up(collect(s));
    expect(up.summary.result).toBe("succeeded");
    expect(up.summary.resourceChanges).toMatchObject({ update: 5 });
    await expectStateAndAccountAgree({ emu: s.emu, stacks: [s.ts], prefix: s.prefix });
    await expectNextUpConverges(s);
  }, STEP);

  test("deletes whose connections drop, before and after the server committed them: destroy succeeds and leaves nothing", async () => {
    await control(s.emu, "POST", "faults", [
      { path: "/v1/ivr/*", method: "DELETE", drop: true, count: 1 },
      { path: "/v1/ivr/*", method: "DELETE", when: "after", drop: true, count: 1 },
    ]);
    expect((await s.ts.stack.destroy(collect(s))).summary.result).toBe("succeeded");
    expect(await ours(s)).toEqual([]);
    await expectNextUpConverges(s);
  }, STEP);
});

describeE2E("fault matrix: Ctrl-C (SIGINT) of the CLI during up", () => {
  let s: Scenario;
  beforeAll(async () => {
    // IVRs 1-3 route to IVR 0, so the engine creates IVR 0 first and the others only after it.
    s = await scenario("sigint", { count: 4, cps: 2, config: { "faults:routes": "true" } });
  }, SETUP);
  afterAll(() => tearDown({ stacks: [s?.ts], emulator: s?.emu, dirs: [s?.dir] }), STEP);

  /** `pulumi up` of the stack as a user runs it in a terminal, with the workspace's backend and environment. */
  async function spawnUp(): Promise<{ exit: Promise<number | null>; kill: (signal: NodeJS.Signals) => void; text: () => string }> {
    const ws = s.ts.stack.workspace as LocalWorkspace;
    const env: NodeJS.ProcessEnv = { ...process.env, ...ws.envVars };
    if (ws.pulumiHome) env.PULUMI_HOME = ws.pulumiHome;
    const child = spawn(path.join(await pulumiRoot(), "bin", "pulumi"), ["up", "--yes", "--skip-preview", "--stack", s.ts.stack.name, "--non-interactive"], { cwd: ws.workDir, env });
    const chunks: string[] = [];
    child.stdout.on("data", (d) => chunks.push(String(d)));
    child.stderr.on("data", (d) => chunks.push(String(d)));
    const exit = new Promise<number | null>((resolve) => child.on("exit", (code) => resolve(code)));
    return { exit, kill: (signal) => child.kill(signal), text: () => chunks.join("") };
  }

  test("interrupted after the first creates: the CLI stops, nothing is orphaned or duplicated, and the next plain up converges", async () => {
    const up = await spawnUp();
    await untilPosts(s.emu, 1);
    up.kill("SIGINT");
    expect(await up.exit).not.toBe(0);
    // Pulumi finishes the steps in flight, starts no others, and records them.
    expect(up.text()).toMatch(/\^C received; cancelling/);
    expect(up.text()).toMatch(/update canceled/);
    const exported = await s.ts.stack.exportStack();
    expect(exported.deployment.pending_operations ?? []).toEqual([]);
    const after = await expectStateAndAccountAgree({ emu: s.emu, stacks: [s.ts], prefix: s.prefix });
    expect(after.account.length).toBeLessThan(4); // interrupted indeed

    await expectNextUpConverges(s);
    expect(await ours(s)).toHaveLength(4);
  }, STEP);
});

const MALFORMED_WRITE_ANSWERS = {
  "HTML 200": { status: 200, rawBody: HTML },
  "unrelated JSON": { status: 200, body: { status: "ok", data: [] } },
  "204": { status: 204, rawBody: "" },
} as const;
type AnswerName = keyof typeof MALFORMED_WRITE_ANSWERS;

describeE2E("fault matrix: answers that are not Smartflo's, on every verb", () => {
  let s: Scenario;
  let revision = 1;
  beforeAll(async () => {
    // Enough retries for one IVR to meet every answer, whatever order the creates are sent in.
    s = await scenario("malformed", { count: 3, config: { "smartflo:maxRetries": "3" } });
  }, SETUP);
  afterAll(() => tearDown({ stacks: [s?.ts], emulator: s?.emu, dirs: [s?.dir] }), STEP);

  test("create answered with HTML 200, unrelated JSON and 204, each once instead of the server and once after it committed: up succeeds with each IVR created once", async () => {
    const answers: AnswerName[] = ["HTML 200", "unrelated JSON", "204"];
    const spec = (answer: AnswerName) => ({ path: "/v1/ivr", method: "POST", ...MALFORMED_WRITE_ANSWERS[answer], count: 1 });
    // The first three POSTs get the answers in place of the server's (nothing committed, so a list
    // finds nothing and each is sent again); the three resent get them after the commit (taken back).
    await control(s.emu, "POST", "faults", [...answers.map(spec), ...answers.map((a) => ({ ...spec(a), when: "after" }))]);
    const up = await s.ts.stack.up(collect(s));
    expect(up.summary.result).toBe("succeeded");
    expect((await control(s.emu, "GET", "faults")).faults).toEqual([]); // every answer was met
    expect(await posts(s.emu)).toBe(6);
    const after = await expectStateAndAccountAgree({ emu: s.emu, stacks: [s.ts], prefix: s.prefix });
    expect(after.account).toHaveLength(3);
    await expectNextUpConverges(s);
    await s.ts.stack.setConfig("smartflo:maxRetries", { value: "1" }); // the faults below stay: one retry is enough to show it
  }, STEP);

  test.each([
    { answer: "HTML 200", fault: { status: 200, rawBody: HTML }, says: /Smartflo GET \/v1\/ivrs answered HTTP 200 with a body that is not JSON \(HTML\), which is not a Smartflo answer: not counted as success/ },
    { answer: "null entries", fault: { status: 200, body: { ivrs: [null, null] } }, says: /Smartflo GET \/v1\/ivrs has an entry 0 that is null, not an object: the list is malformed, so nothing is concluded from it/ },
    { answer: "unrelated JSON", fault: { status: 200, body: { status: "ok", data: [] } }, says: /Smartflo GET \/v1\/ivrs answered without a ivrs\[\] list: the list is malformed, so nothing is concluded from it/ },
  ])("refresh read answered with $answer: refresh fails naming the endpoint, and the state is unchanged", async ({ fault, says }) => {
    const before = await expectStateAndAccountAgree({ emu: s.emu, stacks: [s.ts], prefix: s.prefix });
    await control(s.emu, "POST", "faults", { path: "/v1/ivrs", method: "GET", ...fault, count: 100 });
    const text = await failureText(() => s.ts.stack.refresh(collect(s)));
    await control(s.emu, "DELETE", "faults");
    expect(text).toMatch(says);
    const after = await expectStateAndAccountAgree({ emu: s.emu, stacks: [s.ts], prefix: s.prefix });
    expect(after.resources).toEqual(before.resources);
  }, STEP);

  test("after those refreshes, the next plain up converges", () => expectNextUpConverges(s), STEP);

  test.each<[AnswerName, RegExp]>([
    ["204", /updating Smartflo IVR \d+: Smartflo PUT \/v1\/ivr\/\d+ answered HTTP 204 with no content \(204\), which is not a Smartflo answer: not counted as success/],
    ["unrelated JSON", /updating Smartflo IVR \d+: Smartflo PUT \/v1\/ivr\/\d+ answered HTTP 200 with JSON without a success field, which is not a Smartflo answer: not counted as success/],
  ])("update answered with %s instead of the server: up fails naming the endpoint, the state keeps the old values, and the next up applies the update", async (answer, says) => {
    await s.ts.stack.setConfig("faults:revision", { value: String(++revision) });
    await control(s.emu, "POST", "faults", { path: "/v1/ivr/*", method: "PUT", ...MALFORMED_WRITE_ANSWERS[answer], count: 100 });
    const text = await failingUp(s);
    await control(s.emu, "DELETE", "faults");
    expect(text).toMatch(says);
    // State and account agree: the update that never happened is not recorded as done.
    await expectStateAndAccountAgree({ emu: s.emu, stacks: [s.ts], prefix: s.prefix });
    expect((await ours(s)).some((i) => i.description.endsWith(`revision ${revision}`))).toBe(false);
    await expectNextUpConverges(s);
    expect((await ours(s)).every((i) => i.description.endsWith(`revision ${revision}`))).toBe(true);
  }, STEP);

  test("update answered with 204 and unrelated JSON after the server committed: a list shows the update applied, so up succeeds and records it", async () => {
    await s.ts.stack.setConfig("faults:revision", { value: String(++revision) });
    await control(s.emu, "POST", "faults", [
      { path: "/v1/ivr/*", method: "PUT", when: "after", ...MALFORMED_WRITE_ANSWERS["204"], count: 1 },
      { path: "/v1/ivr/*", method: "PUT", when: "after", ...MALFORMED_WRITE_ANSWERS["unrelated JSON"], count: 100 },
    ]);
    const up = await s.ts.stack.up(collect(s));
    await control(s.emu, "DELETE", "faults");
    expect(up.summary.result).toBe("succeeded");
    expect(up.summary.resourceChanges).toMatchObject({ update: 3 });
    await expectStateAndAccountAgree({ emu: s.emu, stacks: [s.ts], prefix: s.prefix });
    expect((await ours(s)).every((i) => i.description.endsWith(`revision ${revision}`))).toBe(true);
    await expectNextUpConverges(s);
  }, STEP);

  test("delete answered with HTML 200 instead of the server: destroy fails naming the endpoint and keeps every IVR in the stack", async () => {
    await control(s.emu, "POST", "faults", { path: "/v1/ivr/*", method: "DELETE", ...MALFORMED_WRITE_ANSWERS["HTML 200"], count: 100 });
    const text = await failureText(() => s.ts.stack.destroy(collect(s)));
    await control(s.emu, "DELETE", "faults");
    expect(text).toMatch(/deleting Smartflo IVR \d+: Smartflo DELETE \/v1\/ivr\/\d+ answered HTTP 200 with a body that is not JSON \(HTML\), which is not a Smartflo answer: not counted as success/);
    const after = await expectStateAndAccountAgree({ emu: s.emu, stacks: [s.ts], prefix: s.prefix });
    expect(after.resources).toHaveLength(3);
    await expectNextUpConverges(s);
  }, STEP);

  test("delete answered with HTML 200 after the server deleted: destroy succeeds once two lists show the IVRs gone, and leaves nothing", async () => {
    await control(s.emu, "POST", "faults", { path: "/v1/ivr/*", method: "DELETE", when: "after", ...MALFORMED_WRITE_ANSWERS["HTML 200"], count: 100 });
    expect((await s.ts.stack.destroy(collect(s))).summary.result).toBe("succeeded");
    await control(s.emu, "DELETE", "faults");
    expect(await ours(s)).toEqual([]);
    await expectNextUpConverges(s);
  }, STEP);
});
