/**
 * IVR definitions as data across environments, under the real engine: examples/multi-env as
 * shipped (its ivrs/ folder, Pulumi.dev.yaml and Pulumi.prod.yaml) deployed to two stacks that
 * share a state backend and land in two accounts of one emulator (its emulator-seed.json). Steps
 * run in order and build on each other.
 *
 * If the CLI cannot be provided, every test here fails with the reason (see test/support/pulumi.ts);
 * SMARTFLO_SKIP_E2E=1 skips them explicitly.
 */
import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import type { Emulator } from "../support/emulator";
import { startEmulator, storedIvrs } from "../support/emulator";
import { REPO, TestStack, commandText, copyProgram, describeE2E, newStack, pulumiRoot, tearDown } from "../support/pulumi";

const EXAMPLE = path.join(REPO, "examples", "multi-env");
const STEP_TIMEOUT = 180_000;
const STACKS = ["dev", "prod"] as const;
type StackName = (typeof STACKS)[number];

/** Per stack, what Pulumi.<stack>.yaml makes different (read independently of the loader). */
const EXPECTED: Record<StackName, { welcome: string; sales: string; pleaseSelect: string; frontDesk: string; department: string; ring: number }> = {
  dev: {
    welcome: "recording||28935",
    sales: "recording||19549",
    pleaseSelect: "recording||28977",
    frontDesk: "extension||05047530000",
    department: "department||20546",
    ring: 30, // the default in ivrs/values.yaml
  },
  prod: {
    welcome: "recording||41001",
    sales: "recording||41005",
    pleaseSelect: "recording||41004",
    frontDesk: "extension||06047530000",
    department: "department||30546",
    ring: 20, // overridden in Pulumi.prod.yaml
  },
};

describeE2E("one set of IVR definitions, two stacks, two Smartflo accounts (examples/multi-env)", () => {
  let emu: Emulator;
  let workDir: string;
  let backendDir: string;
  const stacks = {} as Record<StackName, TestStack>;
  const ids = {} as Record<StackName, Record<string, string>>;
  const printed: string[] = [];
  const collect = { onOutput: (l: string) => printed.push(l), onError: (l: string) => printed.push(l) };

  const byName = async (account: StackName) => Object.fromEntries((await storedIvrs(emu, account)).map((i) => [i.name, i]));
  const editFile = (rel: string, edit: (text: string) => string) => {
    const file = path.join(workDir, rel);
    const before = fs.readFileSync(file, "utf8");
    const after = edit(before);
    expect(after).not.toBe(before);
    fs.writeFileSync(file, after);
    return () => fs.writeFileSync(file, before);
  };

  beforeAll(async () => {
    // The first run on a machine builds the CLI from Go modules (minutes); later runs reuse it.
    await pulumiRoot();
    emu = await startEmulator({ seedFile: path.join(EXAMPLE, "emulator-seed.json") });
    // One project directory with both stack files, as a user's repository has it.
    workDir = copyProgram(EXAMPLE, "multi-env");
    for (const s of STACKS) fs.copyFileSync(path.join(EXAMPLE, `Pulumi.${s}.yaml`), path.join(workDir, `Pulumi.${s}.yaml`));
    backendDir = fs.mkdtempSync(path.join(os.tmpdir(), "smartflo-multi-env-state-"));
    for (const s of STACKS) {
      stacks[s] = await newStack({
        workDir,
        stackName: s,
        backendDir,
        // Only the emulator's port differs from the shipped stack files; the token is the secret.
        config: { "smartflo:baseUrl": { value: emu.url }, "smartflo:token": { value: `${s}-token`, secret: true } },
      });
    }
  }, 40 * 60_000);

  // Failures to destroy are ignored here: the destroy test asserts them.
  afterAll(
    () => tearDown({ stacks: STACKS.map((s) => stacks[s]), emulator: emu, dirs: [workDir, backendDir] }).catch(() => undefined),
    2 * STEP_TIMEOUT,
  );

  test("the shipped stack files keep their per-environment values (only the emulator port was set)", async () => {
    const dev = await stacks.dev.stack.getAllConfig();
    const prod = await stacks.prod.stack.getAllConfig();
    expect(JSON.parse(dev["ivrs:values"]!.value).recordings.welcome).toBe("28935");
    expect(JSON.parse(prod["ivrs:values"]!.value).recordings.welcome).toBe("41001");
    expect(dev["smartflo:token"]!.secret).toBe(true);
  }, STEP_TIMEOUT);

  test("two stacks from one definitions folder land in their own accounts, each with its own values", async () => {
    const results = await Promise.all(STACKS.map((s) => stacks[s].stack.up(collect)));
    for (const [i, s] of STACKS.entries()) {
      expect(results[i]!.summary.resourceChanges).toEqual({ create: 5 }); // 3 IVRs, the route guard, the stack
      ids[s] = results[i]!.outputs.ivrIds!.value;
      expect(Object.keys(ids[s]).sort()).toEqual(["main", "sales", "support"]);
    }
    // The two accounts got different IVRs (ids are global in the emulator).
    expect(new Set([...Object.values(ids.dev), ...Object.values(ids.prod)]).size).toBe(6);

    for (const s of STACKS) {
      const want = EXPECTED[s];
      const ivrs = await byName(s);
      expect(Object.keys(ivrs).sort()).toEqual(["Main Menu", "Sales IVR", "Support IVR"]);
      const main = ivrs["Main Menu"];
      const sales = ivrs["Sales IVR"];
      const support = ivrs["Support IVR"];
      expect([String(main.id), String(sales.id), String(support.id)]).toEqual([ids[s].main, ids[s].sales, ids[s].support]);
      // Per-stack values.
      expect({ recording: main.recording, timeout: main.timeout, frontDesk: main.destination[2] }).toEqual({
        recording: want.welcome,
        timeout: want.ring,
        frontDesk: want.frontDesk,
      });
      expect([sales.recording, sales.destination[0], sales.timeout]).toEqual([want.sales, want.department, want.ring]);
      // Routes by name became this account's ids.
      expect(main.option).toEqual(["1", "2", "0"]);
      expect(main.destination.slice(0, 2)).toEqual([`ivr||${ids[s].sales}`, `ivr||${ids[s].support}`]);
      expect(support.destination[2]).toBe(`ivr||${ids[s].sales}`);
      // The shared default (values.yaml) and the YAML merge key reached both accounts.
      expect([main.incorrect_count, main.timeout_tries, main.timeout_retry_recording, main.timeout_destination]).toEqual([
        2,
        2,
        want.pleaseSelect,
        want.frontDesk,
      ]);
    }
  }, STEP_TIMEOUT);

  test("a definition error fails preview, naming file, line and property; nothing changes", async () => {
    const before = await storedIvrs(emu, "dev");
    const restore = editFile("ivrs/support.yaml", (t) => t.replace("      - key: 2\n", "      - key: 22\n").replace("{ ivr: sales }", "{ ivr: salse }"));
    try {
      const err = await stacks.dev.stack.preview(collect).then(
        () => undefined,
        (e: unknown) => e,
      );
      expect(err).toBeDefined();
      const text = commandText(err);
      expect(text).toMatch(/ivrs\/support\.yaml:\d+:\d+: ivrs\.support\.options\[1\]\.key: must be one DTMF key: 0-9, \* or #/);
      expect(text).toMatch(/ivrs\/support\.yaml:\d+:\d+: ivrs\.support\.options\[2\]\.destination\.ivr: no IVR named 'salse' in these definitions \(did you mean 'sales'\?\)/);
      // A clean message, not a crash of the program.
      expect(text).not.toMatch(/unhandled exception|at Object\.<anonymous>/);
    } finally {
      restore();
    }
    expect(await storedIvrs(emu, "dev")).toEqual(before);
  }, STEP_TIMEOUT);

  test("a value missing from one stack's config fails that stack's preview, naming file, property and config key", async () => {
    await stacks.prod.stack.removeConfig("ivrs:values.recordings.welcome", true);
    try {
      const text = await stacks.prod.stack.preview(collect).then(
        () => "",
        (e: unknown) => commandText(e),
      );
      expect(text).toMatch(
        /ivrs\/menus\.yaml:\d+:\d+: ivrs\.main\.greeting: no value for \$\{recordings\.welcome\}: set it for this stack \(pulumi config set --path 'ivrs:values\.recordings\.welcome' <value>\)/,
      );
    } finally {
      await stacks.prod.stack.setConfig("ivrs:values.recordings.welcome", { value: "41001" }, true);
    }
    // The dev stack, with its own values, is not affected.
    const dev = await stacks.dev.stack.preview(collect);
    expect(dev.changeSummary).toEqual({ same: 5 });
  }, STEP_TIMEOUT);

  test("changing one data file updates only that IVR, even one the other IVRs route to", async () => {
    const before = { dev: await byName("dev"), prod: await byName("prod") };
    editFile("ivrs/menus.yaml", (t) => t.replace("description: Sales menu", "description: Sales menu (new offers)"));

    const preview = await stacks.dev.stack.preview({ ...collect, diff: true });
    expect(preview.changeSummary).toEqual({ update: 1, same: 4 });
    expect(preview.stdout).toMatch(/~ pulumi-nodejs:dynamic\/smartflo:Ivr: \(update\)\s+\[id=\d+\]\s+\[urn=[^\]]*::sales\]/);
    expect(preview.stdout).not.toMatch(/Ivr::(main|support)\]/);

    const up = await stacks.dev.stack.up(collect);
    expect(up.summary.resourceChanges).toEqual({ update: 1, same: 4 });
    const after = await byName("dev");
    expect(after["Sales IVR"].description).toBe("Sales menu (new offers)");
    expect({ ...after["Sales IVR"], description: "Sales menu" }).toEqual(before.dev["Sales IVR"]);
    expect(after["Main Menu"]).toEqual(before.dev["Main Menu"]);
    expect(after["Support IVR"]).toEqual(before.dev["Support IVR"]);
    // prod changes only when its own stack is updated.
    expect(await byName("prod")).toEqual(before.prod);
  }, STEP_TIMEOUT);

  test("destroy removes each stack's IVRs from its own account, routed-to IVRs last", async () => {
    // The emulator refuses to delete an IVR that another IVR still routes to, so this passing
    // shows the reverse dependency order.
    for (const s of STACKS) {
      const result = await stacks[s].stack.destroy(collect);
      expect(result.summary.resourceChanges).toEqual({ delete: 5 });
      expect(await storedIvrs(emu, s)).toEqual([]);
    }
    // No credential reached the CLI's output.
    expect(printed.join("\n")).not.toMatch(/dev-token|prod-token/);
  }, STEP_TIMEOUT);
});
