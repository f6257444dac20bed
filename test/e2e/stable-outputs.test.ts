/**
 * Stack outputs in the preview of an update, under the real engine: the root project's `ivrIds`
 * and examples/basic's ids keep their deployed values while an IVR is being updated (an IVR's
 * `ivrId` is unknown in such a preview; its `id`, the same Smartflo id, is not).
 *
 * If the CLI cannot be provided, every test here fails with the reason (see test/support/pulumi.ts);
 * SMARTFLO_SKIP_E2E=1 skips them explicitly.
 */
import * as fs from "fs";
import * as path from "path";
import type { EngineEvent } from "@pulumi/pulumi/automation";
import type { Emulator } from "../support/emulator";
import { TOKEN, startEmulator } from "../support/emulator";
import { REPO, TestStack, copyProgram, describeE2E, newStack, pulumiRoot, tearDown } from "../support/pulumi";

const STEP_TIMEOUT = 180_000;

/** The stack outputs as the preview computed them (the Stack resource's last outputs event). */
async function previewedOutputs(ts: TestStack): Promise<{ outputs: Record<string, unknown>; stdout: string; changes: unknown }> {
  const events: EngineEvent[] = [];
  const preview = await ts.stack.preview({ diff: true, onEvent: (e) => events.push(e) });
  const stackOutputs = events
    .map((e) => e.resOutputsEvent?.metadata)
    .filter((m) => m?.type === "pulumi:pulumi:Stack")
    .pop();
  expect(stackOutputs).toBeDefined();
  return { outputs: stackOutputs!.new?.outputs ?? {}, stdout: preview.stdout, changes: preview.changeSummary };
}

const deployedOutputs = (up: Awaited<ReturnType<TestStack["stack"]["up"]>>) =>
  Object.fromEntries(Object.entries(up.outputs).map(([k, v]) => [k, v.value]));

describeE2E("stack outputs stay as deployed in the preview of an update", () => {
  // One emulator (one account) per project: both name their IVRs "Sales IVR" and "Support IVR".
  const emulators: Emulator[] = [];
  const stacks: TestStack[] = [];
  const dirs: string[] = [];

  beforeAll(() => pulumiRoot(), 40 * 60_000);

  afterAll(
    () => tearDown({ stacks, dirs }).finally(() => Promise.all(emulators.map((e) => e.close()))),
    2 * STEP_TIMEOUT,
  );

  const stackFor = async (workDir: string, stackName: string) => {
    dirs.push(workDir);
    const emu = await startEmulator();
    emulators.push(emu);
    const ts = await newStack({
      workDir,
      stackName,
      config: { "smartflo:baseUrl": { value: emu.url }, "smartflo:token": { value: TOKEN, secret: true } },
    });
    stacks.push(ts);
    return ts;
  };

  test("the root project: ivrIds keeps every key and id while Support is updated", async () => {
    const base = path.join(REPO, "test", ".work");
    fs.mkdirSync(base, { recursive: true });
    const workDir = fs.mkdtempSync(path.join(base, "root-outputs-"));
    for (const f of ["Pulumi.yaml", "index.ts"]) fs.copyFileSync(path.join(REPO, f), path.join(workDir, f));
    fs.cpSync(path.join(REPO, "ivrs"), path.join(workDir, "ivrs"), { recursive: true });
    const ts = await stackFor(workDir, "outputs");

    const deployed = deployedOutputs(await ts.stack.up());
    expect(Object.keys(deployed.ivrIds as object).sort()).toEqual(["sales", "support"]);

    await ts.stack.setConfig("ivrs:values.recordings.supportWelcome", { value: "244" }, true);
    const preview = await previewedOutputs(ts);
    expect(preview.changes).toEqual({ update: 1, same: 4 });
    expect(preview.outputs).toEqual(deployed);
    expect(preview.stdout).not.toMatch(/ivrIds/);
  }, 2 * STEP_TIMEOUT);

  test("examples/basic: the ids keep their values while both IVRs are updated", async () => {
    const workDir = copyProgram(path.join(REPO, "examples", "basic"), "basic-outputs");
    const ts = await stackFor(workDir, "outputs");
    const deployed = deployedOutputs(await ts.stack.up());
    expect(deployed.salesIvrId).toMatch(/^\d+$/);

    const program = path.join(workDir, "index.ts");
    const edited = fs
      .readFileSync(program, "utf8")
      .replace('description: "Sales: new orders and quotes"', 'description: "Sales: orders"')
      .replace('description: "Main support menu"', 'description: "Support"');
    fs.writeFileSync(program, edited);
    const preview = await previewedOutputs(ts);
    expect(preview.changes).toEqual({ update: 2, same: 2 });
    expect(preview.outputs).toEqual(deployed);
  }, 2 * STEP_TIMEOUT);
});
