/**
 * examples/policy-pack under the real engine: `pulumi preview --policy-pack examples/policy-pack`
 * with the CLI that scripts/ensure-pulumi provides, on a program that breaks each rule and on
 * examples/multi-env, which keeps them (also in the preview of an update).
 *
 * If the CLI cannot be provided, every test here fails with the reason (see test/support/pulumi.ts);
 * SMARTFLO_SKIP_E2E=1 skips them explicitly.
 */
import { execFile } from "child_process";
import * as fs from "fs";
import * as path from "path";
import type { LocalWorkspace } from "@pulumi/pulumi/automation";
import type { Emulator } from "../support/emulator";
import { TOKEN, startEmulator } from "../support/emulator";
import { REPO, TestStack, copyProgram, describeE2E, newStack, pulumiRoot, tearDown } from "../support/pulumi";

const PACK = path.join(REPO, "examples", "policy-pack");
const MULTI_ENV = path.join(REPO, "examples", "multi-env");
const STEP_TIMEOUT = 180_000;
const RULES = ["ivr-reaches-a-human", "ivr-retries-within-bounds", "ivr-has-a-route-in"];

/** Runs the CLI itself (not the Automation API) in the stack's workspace, to see its exit code and text. */
async function cli(ts: TestStack, args: string[]): Promise<{ code: number; text: string }> {
  const ws = ts.stack.workspace as LocalWorkspace;
  const env: NodeJS.ProcessEnv = { ...process.env, ...ws.envVars, PULUMI_HOME: ws.pulumiHome };
  const pulumi = path.join(await pulumiRoot(), "bin", "pulumi");
  return new Promise((resolve) => {
    execFile(
      pulumi,
      [...args, "--stack", ts.stack.name, "--non-interactive", "--color", "never"],
      { cwd: ws.workDir, env, maxBuffer: 1 << 26 },
      (err, stdout, stderr) => resolve({ code: err ? Number((err as { code?: number }).code ?? 1) : 0, text: `${stdout}\n${stderr}` }),
    );
  });
}

/** The policy violations a preview printed: `[level] rule (type: resource)` lines, as rule/resource/level. */
function violations(text: string): Array<{ rule: string; resource: string; level: string }> {
  const found = [...text.matchAll(/- \[(mandatory|advisory)\]\s+(\S+)\s+\(pulumi-nodejs:dynamic\/smartflo:Ivr: (\S+)\)/g)];
  return found.map(([, level, rule, resource]) => ({ rule: rule!, resource: resource!, level: level! })).sort((a, b) => `${a.rule}${a.resource}`.localeCompare(`${b.rule}${b.resource}`));
}

describeE2E("the IVR policy pack (examples/policy-pack) on pulumi preview --policy-pack", () => {
  let emu: Emulator;
  let devEmu: Emulator;
  let bad: TestStack;
  let good: TestStack;
  const dirs: string[] = [];

  beforeAll(async () => {
    await pulumiRoot();
    emu = await startEmulator();
    devEmu = await startEmulator({ seedFile: path.join(MULTI_ENV, "emulator-seed.json") });
    const badDir = copyProgram(path.join(REPO, "test", "fixtures", "policy-violations"), "policy-violations");
    const goodDir = copyProgram(MULTI_ENV, "policy-multi-env");
    fs.copyFileSync(path.join(MULTI_ENV, "Pulumi.dev.yaml"), path.join(goodDir, "Pulumi.dev.yaml"));
    dirs.push(badDir, goodDir);
    bad = await newStack({
      workDir: badDir,
      config: { "smartflo:baseUrl": { value: emu.url }, "smartflo:token": { value: TOKEN, secret: true } },
    });
    good = await newStack({
      workDir: goodDir,
      stackName: "dev",
      config: { "smartflo:baseUrl": { value: devEmu.url }, "smartflo:token": { value: "dev-token", secret: true } },
    });
  }, 40 * 60_000);

  afterAll(() => tearDown({ stacks: [bad, good], emulator: emu, dirs }).finally(() => devEmu?.close()), STEP_TIMEOUT);

  test("a program that breaks the rules fails the preview, each violation named by rule and resource", async () => {
    const { code, text } = await cli(bad, ["preview", "--policy-pack", PACK]);
    expect(code).not.toBe(0);
    expect(text).toMatch(/❌ smartflo-ivrs@v0\.1\.0/);
    expect(violations(text)).toEqual([
      { rule: "ivr-has-a-route-in", resource: "main", level: "mandatory" },
      { rule: "ivr-has-a-route-in", resource: "orphan", level: "mandatory" },
      { rule: "ivr-has-a-route-in", resource: "recorded", level: "mandatory" },
      { rule: "ivr-reaches-a-human", resource: "recorded", level: "mandatory" },
      { rule: "ivr-retries-within-bounds", resource: "recorded", level: "mandatory" },
      { rule: "ivr-retries-within-bounds", resource: "recorded", level: "mandatory" },
    ]);
    expect(text).toContain("invalidInput.retries is 0, outside 1–3");
    expect(text).toContain("noInput.retries is 5, outside 1–3");
    // A mandatory violation stops the preview: nothing was created.
    expect(await bad.stack.exportStack().then((s) => s.deployment.resources ?? [])).toHaveLength(0);
  }, STEP_TIMEOUT);

  test("the pack's config names the entry IVR and lowers a rule to advisory", async () => {
    const config = path.join(bad.workDir, "policy-config.json");
    fs.writeFileSync(
      config,
      JSON.stringify({
        "ivr-has-a-route-in": { entryIvrs: ["main"] },
        "ivr-retries-within-bounds": { enforcementLevel: "advisory", maxRetries: 5 },
      }),
    );
    const { code, text } = await cli(bad, ["preview", "--policy-pack", PACK, "--policy-pack-config", config]);
    expect(code).not.toBe(0);
    expect(violations(text)).toEqual([
      { rule: "ivr-has-a-route-in", resource: "orphan", level: "mandatory" },
      { rule: "ivr-has-a-route-in", resource: "recorded", level: "mandatory" },
      { rule: "ivr-reaches-a-human", resource: "recorded", level: "mandatory" },
      { rule: "ivr-retries-within-bounds", resource: "recorded", level: "advisory" },
    ]);
  }, STEP_TIMEOUT);

  test("examples/multi-env keeps every rule, in the preview of a create and of an update", async () => {
    const create = await cli(good, ["preview", "--policy-pack", PACK]);
    expect(create.code).toBe(0);
    expect(create.text).toMatch(/✅ smartflo-ivrs@v0\.1\.0/);
    for (const rule of RULES) expect(create.text).not.toContain(rule);

    expect((await cli(good, ["up", "--yes", "--policy-pack", PACK])).code).toBe(0);
    // While sales is updated its Smartflo id is unknown to the preview; main still routes to it.
    const menus = path.join(good.workDir, "ivrs", "menus.yaml");
    fs.writeFileSync(menus, fs.readFileSync(menus, "utf8").replace("description: Sales menu", "description: Sales, new orders"));
    const update = await cli(good, ["preview", "--policy-pack", PACK]);
    expect(update.text).toMatch(/~ 1 to update/);
    expect(update.code).toBe(0);
    for (const rule of RULES) expect(update.text).not.toContain(rule);
  }, STEP_TIMEOUT);
});
