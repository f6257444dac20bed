/**
 * Stacks created by pulumi-smartflo 0.1.0 keep working with the installed version.
 *
 * test/fixtures/state-0.1.0/stack.json is the state 0.1.0 wrote for the program beside it
 * (test/support/record-state.ts made it, with the endpoint and token given by environment, so
 * the state holds neither), and emulator-ivrs.json the IVRs it created, under their ids. Its
 * resources store 0.1.0's serialized provider, which calls the runtime's top-level functions
 * (`configure`, `check`, `diff`, `create`, `read`, `update`, `remove`): refresh and destroy run
 * through that stored provider, so these must go on working with today's code.
 */
import * as crypto from "crypto";
import * as fs from "fs";
import * as path from "path";
import { defaultSeed } from "../../provider/src/emulator";
import type { Emulator } from "../support/emulator";
import { control, startEmulator, storedIvrs } from "../support/emulator";
import { REPO, TestStack, copyProgram, describeE2E, newStack, pulumiRoot, tearDown } from "../support/pulumi";

const FIXTURE = path.join(REPO, "test", "fixtures", "state-0.1.0");
const STEP_TIMEOUT = 180_000;
const IVR_TYPE = "pulumi-nodejs:dynamic/smartflo:Ivr";
const TOKEN = `upgrade-token-${crypto.randomBytes(12).toString("hex")}`;

const state = JSON.parse(fs.readFileSync(path.join(FIXTURE, "stack.json"), "utf8"));
const ivrsOf0_1_0: Array<Record<string, unknown>> = JSON.parse(fs.readFileSync(path.join(FIXTURE, "emulator-ivrs.json"), "utf8"));

// eslint-disable-next-line @typescript-eslint/no-explicit-any
type StateResource = { type: string; urn: string; id?: string; outputs?: Record<string, any> };
const ivrResources = (deployment: { resources: StateResource[] }) => deployment.resources.filter((r) => r.type === IVR_TYPE);
/** The serialized provider 0.1.0 stored (the same text in every IVR of the fixture). */
const providerOf0_1_0: string = ivrResources(state.deployment)[0]!.outputs!.__provider;

describeE2E("a stack created by pulumi-smartflo 0.1.0, under today's package", () => {
  let emu: Emulator;
  let ts: TestStack;
  let workDir: string;

  const ivrIdsInState = async (): Promise<Record<string, string>> => {
    const exported = await ts.stack.exportStack();
    return Object.fromEntries(ivrResources(exported.deployment).map((r) => [r.urn.split("::").pop()!, r.id!]));
  };

  beforeAll(async () => {
    await pulumiRoot();
    const seed = defaultSeed();
    seed.accounts[0]!.ivrs = structuredClone(ivrsOf0_1_0);
    emu = await startEmulator({ cps: 3, token: TOKEN, seed });
    workDir = copyProgram(path.join(FIXTURE, "program"), "upgrade-0.1.0");
    // The endpoint and token by environment, as when the state was recorded.
    ts = await newStack({ workDir, stackName: "upgrade", env: { SMARTFLO_BASE_URL: emu.url, SMARTFLO_TOKEN: TOKEN } });
    await ts.stack.importStack(state);
  }, 40 * 60_000);

  afterAll(() => tearDown({ stacks: [ts], emulator: emu, dirs: [workDir] }), STEP_TIMEOUT);

  test("the fixture is a 0.1.0 state: its provider calls the runtime's top-level functions, and it holds no path or credential", () => {
    expect(ivrResources(state.deployment).map((r) => [r.urn.split("::").pop(), r.id])).toEqual([["sales", "8001"], ["support", "8002"]]);
    for (const r of ivrResources(state.deployment)) expect(r.outputs!.__provider).toBe(providerOf0_1_0);
    for (const call of ["configure(req.config)", "check(olds, news)", "read(id, props)", "update(id, olds, news)", "remove(id, props)"]) {
      expect(providerOf0_1_0).toContain(`require("pulumi-smartflo/runtime").${call}`);
    }
    const text = JSON.stringify(state);
    // (match(), not toMatch: on failure it shows the offending text, not the whole state)
    expect(text.match(/(?<![.\w/])\/(?:root|home|Users|tmp|var|private|work)\/|[A-Za-z]:\\\\/)).toBeNull(); // no absolute machine path
    expect(text.match(/127\.0\.0\.1|localhost|token|password|baseUrl/i)).toBeNull();
  });

  test("refresh finds nothing changed", async () => {
    const refresh = await ts.stack.refresh();
    expect(refresh.summary.result).toBe("succeeded");
    expect(refresh.summary.resourceChanges).toEqual({ same: 3 });
    expect(await ivrIdsInState()).toEqual({ sales: "8001", support: "8002" });
  }, STEP_TIMEOUT);

  test("preview and up of the unchanged program change nothing in Smartflo; the first up adds the stack's route guard", async () => {
    // The route guard (kinds/route-guard) is new since 0.1.0: one bookkeeping resource per stack,
    // created without a request to Smartflo. The IVRs are untouched.
    expect((await ts.stack.preview()).changeSummary).toEqual({ same: 3, create: 1 });
    await control(emu, "POST", "stats/reset");
    const up = await ts.stack.up();
    expect(up.summary.result).toBe("succeeded");
    expect(up.summary.resourceChanges).toEqual({ same: 3, create: 1 });
    expect(up.outputs.ivrIds.value).toEqual({ sales: "8001", support: "8002" });
    expect(await storedIvrs(emu)).toEqual(ivrsOf0_1_0);
    const routes = Object.keys((await control(emu, "GET", "stats")).routes);
    expect(routes.filter((r) => !r.startsWith("GET "))).toEqual([]);
    expect((await ts.stack.preview()).changeSummary).toEqual({ same: 4 });
  }, STEP_TIMEOUT);

  test("a changed input updates the IVR in place (same id, no replacement), then preview shows no changes", async () => {
    await ts.stack.setConfig("upgrade:changed", { value: "true" });
    const preview = await ts.stack.preview();
    expect(preview.changeSummary).toEqual({ same: 3, update: 1 });
    const up = await ts.stack.up();
    expect(up.summary.result).toBe("succeeded");
    expect(up.summary.resourceChanges).toEqual({ same: 3, update: 1 });
    expect(up.outputs.ivrIds.value).toEqual({ sales: "8001", support: "8002" });
    const support = (await storedIvrs(emu)).find((i) => i.id === 8002);
    expect(support).toEqual({ ...ivrsOf0_1_0[1], description: "Support menu, after the upgrade" });
    expect((await ts.stack.preview()).changeSummary).toEqual({ same: 4 });
  }, STEP_TIMEOUT);

  test("destroy deletes the IVRs, the unchanged one through the provider 0.1.0 stored", async () => {
    const before = await ts.stack.exportStack();
    const sales = ivrResources(before.deployment).find((r) => r.id === "8001")!;
    expect(sales.outputs!.__provider).toBe(providerOf0_1_0);

    const destroy = await ts.stack.destroy();
    expect(destroy.summary.result).toBe("succeeded");
    expect(destroy.summary.resourceChanges).toEqual({ delete: 4 });
    expect(await storedIvrs(emu)).toEqual([]);
  }, STEP_TIMEOUT);
});
