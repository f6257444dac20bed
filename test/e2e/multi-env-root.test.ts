/**
 * The root project (Pulumi.yaml + index.ts + ivrs/ at the repository root, what `npm run demo`
 * deploys) under the real engine, against the emulator's default account.
 *
 * If the CLI cannot be provided, every test here fails with the reason (see test/support/pulumi.ts);
 * SMARTFLO_SKIP_E2E=1 skips them explicitly.
 */
import * as fs from "fs";
import * as path from "path";
import type { Emulator } from "../support/emulator";
import { TOKEN, control, startEmulator, storedIvrs } from "../support/emulator";
import { REPO, TestStack, describeE2E, newStack, pulumiRoot, tearDown } from "../support/pulumi";

const STEP_TIMEOUT = 180_000;
/** The root program as it was in code, before ivrs/ (same project, same resources). */
const CODE_VERSION = path.join(REPO, "test", "fixtures", "multi-env-code", "index.ts");
const account = async (emu: Emulator) => (await control(emu, "GET", "state")).accounts.default;

describeE2E("the root project: the demo account's IVRs from ivrs/", () => {
  let emu: Emulator;
  let ts: TestStack;
  let workDir: string;

  beforeAll(async () => {
    await pulumiRoot();
    emu = await startEmulator();
    // The root project's own files, in a directory of their own under test/.work (so that
    // `pulumi-smartflo` resolves from the repository's node_modules, as for the demo).
    const base = path.join(REPO, "test", ".work");
    fs.mkdirSync(base, { recursive: true });
    workDir = fs.mkdtempSync(path.join(base, "root-project-"));
    fs.copyFileSync(path.join(REPO, "Pulumi.yaml"), path.join(workDir, "Pulumi.yaml"));
    fs.cpSync(path.join(REPO, "ivrs"), path.join(workDir, "ivrs"), { recursive: true });
    ts = await newStack({
      workDir,
      stackName: "demo",
      config: { "smartflo:baseUrl": { value: emu.url }, "smartflo:token": { value: TOKEN, secret: true } },
    });
  }, 40 * 60_000);

  afterAll(() => tearDown({ stacks: [ts], emulator: emu, dirs: [workDir] }), STEP_TIMEOUT);

  test("moving the IVRs from code to ivrs/*.yaml changes nothing in a deployed stack", async () => {
    fs.copyFileSync(CODE_VERSION, path.join(workDir, "index.ts"));
    const codeUp = await ts.stack.up();
    expect(codeUp.summary.resourceChanges).toEqual({ create: 5 }); // 2 IVRs, the number routing, the route guard, the stack

    fs.copyFileSync(path.join(REPO, "index.ts"), path.join(workDir, "index.ts"));
    const preview = await ts.stack.preview();
    expect(preview.changeSummary).toEqual({ same: 5 });
  }, STEP_TIMEOUT);

  test("deploys the demo account's IVRs, with no stack config beyond baseUrl and token", async () => {
    const up = await ts.stack.up();
    expect(up.summary.resourceChanges).toEqual({ same: 5 });
    const ids = up.outputs.ivrIds!.value as Record<string, string>;
    const ivrs = Object.fromEntries((await storedIvrs(emu)).map((i) => [i.name, i]));
    expect(Object.keys(ivrs).sort()).toEqual(["Sales IVR", "Support IVR"]);
    const support = ivrs["Support IVR"];
    expect([String(ivrs["Sales IVR"].id), String(support.id)]).toEqual([ids.sales, ids.support]);
    // ivrs/values.yaml defaults filled the placeholders; { ivr: sales } became the Sales IVR's id.
    expect(support.recording).toBe("recording||28935");
    expect(support.option).toEqual(["1", "2", "3", "9"]);
    expect(support.destination).toEqual(["extension||05047530000", "department||17839", `ivr||${ids.sales}`, "hangup||1"]);
    // ivrs/numbers.yaml: the main line answers with the Support IVR ({ ivr: support }).
    expect(up.outputs.numberIds!.value).toEqual({ "main-line": "101" });
    expect((await account(emu)).numbers.find((n: { id: string }) => n.id === "101").destination).toBe(`ivr||${ids.support}`);
  }, STEP_TIMEOUT);

  test("a stack overrides one value in its config and only the IVR using it changes", async () => {
    await ts.stack.setConfig("ivrs:values.recordings.supportWelcome", { value: "244" }, true);
    const preview = await ts.stack.preview({ diff: true });
    expect(preview.changeSummary).toEqual({ update: 1, same: 4 });
    expect(preview.stdout).toMatch(/~ greeting\s*: "recording\|\|28935" => "recording\|\|244"/);
    expect(preview.stdout).not.toMatch(/Ivr::sales\]/);
  }, STEP_TIMEOUT);
});
