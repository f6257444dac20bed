/**
 * The inbound call path under the real engine (Pulumi CLI v3.248.0, the Node.js language host,
 * the dynamic-provider plugin, a file backend, the emulator on loopback at 3 requests/second):
 * a TimeGroup, a Department, an Ivr routing to both by `smartflo.timeGroup(res)` and
 * `smartflo.department(res)`, and a NumberRouting sending +918069001234 to the Ivr. One stack
 * of test/fixtures/e2e-routing goes through bad previews, up, refresh, a change (the time group
 * replaced, the department updated in place), out-of-band edits, the route guard refusing at
 * preview and at destroy, and destroy. Steps run in order and build on each other.
 */
import * as crypto from "crypto";
import * as path from "path";
import type { Emulator } from "../support/emulator";
import { control, startEmulator } from "../support/emulator";
import { backendText, exportStackAsUser } from "../support/e2e-extra";
import { REPO, TestStack, commandText, copyProgram, describeE2E, newStack, pulumiRoot, tearDown } from "../support/pulumi";

const FIXTURE = path.join(REPO, "test", "fixtures", "e2e-routing");
const STEP_TIMEOUT = 180_000;
const TOKEN = `routing-token-${crypto.randomBytes(12).toString("hex")}`;
const MAIN = { id: "101", did: "+918069001234" };
const OTHER = { id: "102", did: "+918069005678" };

/** The account as the emulator holds it (departments and time groups in their read shape). */
async function account(emu: Emulator) {
  const state = await control(emu, "GET", "state");
  return state.accounts.default as {
    departments: any[];
    timeGroups: any[];
    numbers: Array<{ id: string; did: string; destination: string | null }>;
    ivrs: any[];
  };
}
const ours = <T extends { name: string }>(items: T[]) => items.filter((i) => i.name.startsWith("E2E "));
const numberRoute = async (emu: Emulator, id: string) => (await account(emu)).numbers.find((n) => n.id === id)!.destination;

describeE2E("departments, time groups and number routing under the real Pulumi engine", () => {
  let emu: Emulator;
  let ts: TestStack;
  let workDir: string;
  const printed: string[] = [];
  const collect = { onOutput: (l: string) => printed.push(l), onError: (l: string) => printed.push(l) };
  let ids: Record<string, string> = {};

  const set = (key: string, value: string) => ts.stack.setConfig(`e2e:${key}`, { value });
  /** The failed preview's text (it must fail). */
  const failedPreview = async (): Promise<string> => {
    try {
      await ts.stack.preview(collect);
    } catch (err) {
      printed.push(commandText(err));
      return commandText(err);
    }
    throw new Error("expected the preview to fail");
  };
  const writes = async () => {
    const s = await control(emu, "GET", "stats");
    return Object.entries(s.routes as Record<string, number>).filter(([r]) => /^(POST|PUT|DELETE) /.test(r)).reduce((n, [, c]) => n + c, 0);
  };

  beforeAll(async () => {
    await pulumiRoot();
    emu = await startEmulator({ cps: 3, token: TOKEN });
    workDir = copyProgram(FIXTURE, "e2e-routing");
    ts = await newStack({
      workDir,
      stackName: "routing",
      config: {
        "smartflo:baseUrl": { value: emu.url },
        "smartflo:token": { value: TOKEN, secret: true },
        "e2e:variant": { value: "initial" },
        "e2e:bad": { value: "" },
      },
    });
  }, 40 * 60_000);

  afterAll(() => tearDown({ stacks: [ts], emulator: emu, dirs: [workDir] }), STEP_TIMEOUT);

  test("previews of bad inputs fail, each naming the resource, the property and why; nothing is written", async () => {
    const before = await writes();
    const problem = (type: string, name: string, property: string, reason: string) =>
      new RegExp(`dynamic/smartflo:${type} resource '${name}' has a problem: ${property.replace(/[.[\]]/g, "\\$&")} = .*?: ${reason}`);

    await set("bad", "timeGroup");
    let text = await failedPreview();
    expect(text).toMatch(problem("TimeGroup", "office-hours", "times[0].to", "must be after from \\(18:00\\), got 09:00"));
    expect(text).toMatch(problem("TimeGroup", "office-hours", "days[1]", "'funday' is not a day; use one of mon, tue, wed, thu, fri, sat, sun"));

    await set("bad", "department");
    text = await failedPreview();
    expect(text).toMatch(problem("Department", "sales", "ringStrategy", "'everyone' is not a ring strategy; use one of simultaneous, order_by"));
    expect(text).toMatch(problem("Department", "sales", "failover", "unknown destination type 'time_condition' in 'time_condition\\|\\|64000' \\(known: extension, agent, department, ivr, voicemail, hangup\\)"));

    await set("bad", "number");
    text = await failedPreview();
    expect(text).toMatch(
      problem("NumberRouting", "unknown-line", "number", "\\+910000000000 is not a number of this Smartflo account \\(GET /v1/my_number lists \\+918069001234 \\(id 101\\), \\+918069005678 \\(id 102\\)\\)"),
    );

    // "101" is +918069001234 by its id: the guard, which sees every routing of the stack, names both.
    await set("bad", "duplicate");
    text = await failedPreview();
    expect(text).toMatch(
      /RouteGuard resource 'smartflo-route-guard' has a problem: NumberRouting 'main-line' and NumberRouting 'main-line-again' route the same number, \+918069001234 \(id 101\)/,
    );

    await set("bad", "");
    expect(await writes()).toBe(before);
    expect(ours((await account(emu)).departments)).toEqual([]);
  }, STEP_TIMEOUT * 2);

  test("up creates the time group, the department, the IVR routing to both and the number's route, in the API's shapes", async () => {
    const up = await ts.stack.up(collect);
    expect(up.summary.resourceChanges).toEqual({ create: 6 }); // 4 resources, the route guard, the stack
    ids = up.outputs.ids!.value as Record<string, string>;
    const acct = await account(emu);

    expect(ours(acct.timeGroups)).toEqual([
      { id: ids.officeHours, name: "E2E Office hours", from_time: ["09:00"], to_time: ["18:00"], days: ["mon", "tue", "wed", "thu", "fri"], dates: [], months: [] },
    ]);
    expect(ours(acct.departments)).toEqual([
      expect.objectContaining({
        id: ids.sales,
        name: "E2E Sales",
        description: "E2E Sales", // defaults to the name
        ring_strategy: "simultaneously", // how the list prints "simultaneous"
        music_on_hold: "42240",
        sticky_agent: { enabled: true, time_period: 12, format: "h" },
        timeout_dest_type: "voicemail",
        timeout_destination: "301",
        agents: [
          expect.objectContaining({ eid: "050109590002", timeout: "25" }), // the department's ring time
          expect.objectContaining({ eid: "05047530000", timeout: "40" }), // the member's own
        ],
      }),
    ]);
    const support = ours(acct.ivrs)[0];
    expect(String(support.id)).toBe(ids.support);
    expect(support.destination).toEqual([`department||${ids.sales}`, `timegroup||${ids.officeHours}`, "hangup||1"]);
    expect(acct.numbers.find((n) => n.id === MAIN.id)!.destination).toBe(`ivr||${ids.support}`);

    const state = await ts.stack.exportStack();
    const routing = state.deployment.resources.find((r: any) => r.type === "pulumi-nodejs:dynamic/smartflo:NumberRouting");
    expect(routing.id).toBe(MAIN.id);
    expect(routing.outputs).toMatchObject({ number: MAIN.did, did: MAIN.did, numberId: MAIN.id, previousDestination: "hangup||1" });
  }, STEP_TIMEOUT);

  test("no perpetual diff: a preview shows no changes, nor does a preview after refresh", async () => {
    expect((await ts.stack.preview(collect)).changeSummary).toEqual({ same: 6 });
    const refresh = await ts.stack.refresh(collect);
    expect(refresh.summary.resourceChanges).toEqual({ same: 6 });
    expect((await ts.stack.preview(collect)).changeSummary).toEqual({ same: 6 });
  }, STEP_TIMEOUT);

  test("a changed time group is replaced (new one first, under a free name, then the IVR moved, then the old one deleted); a department is updated in place", async () => {
    await set("variant", "changed");
    const preview = await ts.stack.preview({ ...collect, diff: true });
    // The IVR and the guard change because the time group's new id is not known until it exists.
    expect(preview.changeSummary).toEqual({ same: 2, replace: 1, update: 3 });
    expect(preview.stdout).toMatch(/\+-\s*pulumi-nodejs:dynamic\/smartflo:TimeGroup: \(replace\)/);
    expect(preview.stdout).toMatch(/smartfloName\s*: "E2E Office hours" => "E2E Office hours \(2\)"/);
    expect(preview.stdout).toMatch(/ringStrategy\s*: "simultaneous" => "order_by"/);

    const up = await ts.stack.up(collect);
    expect(up.summary.resourceChanges).toEqual({ same: 2, replace: 1, update: 3 });
    const next = up.outputs.ids!.value as Record<string, string>;
    expect(next.sales).toBe(ids.sales);
    expect(next.support).toBe(ids.support);
    expect(next.officeHours).not.toBe(ids.officeHours);
    const acct = await account(emu);
    expect(ours(acct.timeGroups).map((t) => [t.id, t.name, t.to_time])).toEqual([[next.officeHours, "E2E Office hours (2)", ["17:30"]]]);
    expect(ours(acct.ivrs)[0].destination[1]).toBe(`timegroup||${next.officeHours}`);
    expect(ours(acct.departments)[0]).toMatchObject({ id: ids.sales, ring_strategy: "order_by" });
    ids = next;
    expect((await ts.stack.preview(collect)).changeSummary).toEqual({ same: 6 });
  }, STEP_TIMEOUT);

  test("out-of-band edits of the department and the number show at refresh, and up restores them", async () => {
    await control(emu, "PATCH", `departments/${ids.sales}`, { ring_strategy: "random", description: "Edited in the panel" });
    await control(emu, "PATCH", `numbers/${MAIN.id}`, { destination: "hangup||1" });
    const refresh = await ts.stack.refresh(collect);
    expect(refresh.summary.resourceChanges).toEqual({ same: 4, update: 2 });
    const preview = await ts.stack.preview({ ...collect, diff: true });
    expect(preview.changeSummary).toEqual({ same: 4, update: 2 });
    expect(preview.stdout).toMatch(/ringStrategy\s*: "random" => "order_by"/);
    expect(preview.stdout).toMatch(/destination\s*: "hangup\|\|1" => "ivr\|\|\d+"/);

    await ts.stack.up(collect);
    expect(ours((await account(emu)).departments)[0]).toMatchObject({ ring_strategy: "order_by", description: "E2E Sales" });
    expect(await numberRoute(emu, MAIN.id)).toBe(`ivr||${ids.support}`);
    expect((await ts.stack.preview(collect)).changeSummary).toEqual({ same: 6 });
  }, STEP_TIMEOUT);

  test("dropping an IVR that a number outside the stack routes to fails at preview, naming the number; nothing changes", async () => {
    await control(emu, "PATCH", `numbers/${OTHER.id}`, { destination: `ivr||${ids.support}` });
    await set("variant", "dropped");
    const before = await writes();
    const text = await failedPreview();
    expect(text).toMatch(
      new RegExp(
        `RouteGuard resource 'smartflo-route-guard' has a problem: Ivr 'support' \\(ivr\\|\\|${ids.support}\\) is to be deleted, ` +
          `but number \\+918069005678 \\(id 102\\) routes to it from outside this stack`,
      ),
    );
    // The number this stack routes to the IVR is not an obstacle: its routing goes first.
    expect(text).not.toMatch(/number \+918069001234/);
    expect(await writes()).toBe(before);
    expect(ours((await account(emu)).ivrs)).toHaveLength(1);
  }, STEP_TIMEOUT);

  test("once nothing outside routes there, up moves the managed number back to its previous route, then deletes the IVR", async () => {
    await control(emu, "PATCH", `numbers/${OTHER.id}`, { destination: "hangup||1" });
    const up = await ts.stack.up(collect);
    expect(up.summary.result).toBe("succeeded");
    expect(up.summary.resourceChanges).toEqual({ same: 3, update: 1, delete: 2 });
    // Smartflo refuses to delete an IVR still routed to: the IVR's delete succeeding shows the order.
    expect(ours((await account(emu)).ivrs)).toEqual([]);
    expect(await numberRoute(emu, MAIN.id)).toBe("hangup||1");
  }, STEP_TIMEOUT);

  test("destroy refuses before deleting anything while a number outside the stack routes to its department, then succeeds", async () => {
    await control(emu, "PATCH", `numbers/${OTHER.id}`, { destination: `department||${ids.sales}` });
    let text = "";
    await ts.stack.destroy(collect).catch((err) => {
      text = commandText(err);
    });
    expect(text).toMatch(new RegExp(`Department 'sales' \\(department\\|\\|${ids.sales}\\) is to be deleted, but number \\+918069005678 \\(id 102\\) routes to it`));
    expect(ours((await account(emu)).departments)).toHaveLength(1);
    expect(ours((await account(emu)).timeGroups)).toHaveLength(1);

    await control(emu, "PATCH", `numbers/${OTHER.id}`, { destination: "hangup||1" });
    // The state, as a user exports it, holds no credential (the token is secret config).
    expect(await exportStackAsUser(ts)).not.toContain(TOKEN);
    expect(backendText(ts)).not.toContain(TOKEN);
    const destroy = await ts.stack.destroy(collect);
    expect(destroy.summary.resourceChanges).toEqual({ delete: 4 });
    const acct = await account(emu);
    expect([...ours(acct.departments), ...ours(acct.timeGroups), ...ours(acct.ivrs)]).toEqual([]);
    expect(printed.join("\n")).not.toContain(TOKEN);
  }, STEP_TIMEOUT);
});
