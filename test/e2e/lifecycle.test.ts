/**
 * The package under the real engine: the Pulumi CLI v3.248.0, the Node.js language host, the
 * dynamic-provider plugin, a file state backend, and an emulator on loopback with the real
 * default rate limit (3 requests/second). One stack of test/fixtures/e2e-ivrs goes through a
 * whole life: a rejected preview, up, a no-op preview, an in-place update, a removal, an
 * out-of-band edit caught by refresh, and destroy. Steps run in order and build on each other.
 *
 * If the CLI cannot be provided, every test here fails with the reason (see test/support/pulumi.ts);
 * SMARTFLO_SKIP_E2E=1 skips them explicitly.
 */
import * as crypto from "crypto";
import * as fs from "fs";
import * as path from "path";
import type { Emulator } from "../support/emulator";
import { control, startEmulator, storedIvrs } from "../support/emulator";
import { SECRET_SIG, backendText, exportStackAsUser, withoutSecrets } from "../support/e2e-extra";
import { REPO, TestStack, commandText, copyProgram, describeE2E, newStack, pulumiRoot, tearDown } from "../support/pulumi";

const FIXTURE = path.join(REPO, "test", "fixtures", "e2e-ivrs");
const PREFIX = "E2E";
const STEP_TIMEOUT = 180_000;

// Distinctive credentials, so a leak cannot hide behind a common word.
const TOKEN = `e2e-token-${crypto.randomBytes(12).toString("hex")}`;

type Variant = "initial" | "changed" | "removed" | "bad";

/** What the emulator must hold, in the API's write shape, for each declared IVR. */
interface Expected {
  name: string;
  description: string;
  recording: string;
  timeout: number;
  menu: Array<{ key: string; destination: string; sms?: string }>;
  incorrect_count: number;
  invalid_recording: string;
  recording_invalid: string;
  invalid_destination: string;
  timeout_tries: number;
  timeout_retry_recording: string;
  timeout_recording: string;
  timeout_destination: string;
}

/**
 * The fixture program's declarations, written out by hand in the API's terms (independently of
 * the provider's mapping code). `salesId` is the id Smartflo gave "E2E Sales".
 */
function declared(variant: Exclude<Variant, "bad">, salesId: string): Record<string, Expected> {
  const changed = variant !== "initial";
  const out: Record<string, Expected> = {
    sales: {
      name: `${PREFIX} Sales`,
      description: "Sales menu",
      recording: "recording||19549",
      timeout: 20,
      menu: [
        { key: "1", destination: "department||20546" },
        { key: "2", destination: "agent||050109590002" },
        { key: "0", destination: "hangup||1" },
      ],
      incorrect_count: 1,
      invalid_recording: "recording||28955",
      recording_invalid: "recording||28934",
      invalid_destination: "hangup||1",
      timeout_tries: 1,
      timeout_retry_recording: "recording||28977",
      timeout_recording: "recording||28934",
      timeout_destination: "hangup||1",
    },
    support: {
      name: `${PREFIX} Support`,
      description: changed ? "Main support menu (longer wait)" : "Main support menu",
      recording: "recording||28935",
      timeout: changed ? 45 : 30,
      menu: [
        { key: "1", destination: "extension||05047530000" },
        { key: "2", destination: changed ? "department||17839" : "department||20546", sms: "35642" },
        { key: "3", destination: `ivr||${salesId}` },
        { key: "9", destination: "hangup||1" },
      ],
      incorrect_count: 2,
      invalid_recording: "recording||28955",
      recording_invalid: "recording||28934",
      invalid_destination: "extension||05047530099",
      timeout_tries: 2,
      timeout_retry_recording: "recording||28977",
      timeout_recording: "recording||28955",
      timeout_destination: "extension||05047530675",
    },
  };
  if (variant !== "removed") {
    out.afterHours = {
      name: `${PREFIX} After Hours`,
      description: `${PREFIX} After Hours`, // defaults to the name
      recording: "recording||244",
      timeout: 10,
      menu: [
        { key: "1", destination: "voicemail||301" },
        { key: "#", destination: "hangup||1" },
      ],
      incorrect_count: 0,
      invalid_recording: "recording||245",
      recording_invalid: "recording||245",
      invalid_destination: "hangup||1",
      timeout_tries: 0,
      timeout_retry_recording: "recording||245",
      timeout_recording: "recording||245",
      timeout_destination: "hangup||1",
    };
  }
  return out;
}

/** A stored IVR (write shape) in the same form as `Expected`, so a failure shows a field diff. */
function asExpected(stored: any): Expected {
  const sms = (i: number): string | undefined => {
    const v = stored.sms_template?.[i];
    return v === undefined || v === null || v === "" || String(v) === "0" ? undefined : String(v);
  };
  return {
    name: stored.name,
    description: stored.description,
    recording: stored.recording,
    timeout: stored.timeout,
    menu: (stored.option as unknown[]).map((key, i) => {
      const entry: Expected["menu"][number] = { key: String(key), destination: stored.destination[i] };
      const t = sms(i);
      if (t !== undefined) entry.sms = t;
      return entry;
    }),
    incorrect_count: stored.incorrect_count,
    invalid_recording: stored.invalid_recording,
    recording_invalid: stored.recording_invalid,
    invalid_destination: stored.invalid_destination,
    timeout_tries: stored.timeout_tries,
    timeout_retry_recording: stored.timeout_retry_recording,
    timeout_recording: stored.timeout_recording,
    timeout_destination: stored.timeout_destination,
  };
}

describeE2E("pulumi-smartflo under the real Pulumi engine (lifecycle of one stack)", () => {
  let emu: Emulator;
  let ts: TestStack;
  let workDir: string;
  /** Everything the CLI printed, for the secret-leak assertion. */
  const printed: string[] = [];
  const collect = { onOutput: (l: string) => printed.push(l), onError: (l: string) => printed.push(l) };
  /** The ids of the stack's IVRs once `up` has created them (logical name -> Smartflo id). */
  let ids: Record<string, string> = {};

  const setVariant = (v: Variant) => ts.stack.setConfig("e2e:variant", { value: v });
  const ourIvrs = async () => (await storedIvrs(emu)).filter((i) => String(i.name).startsWith(`${PREFIX} `));

  /** Asserts the emulator holds exactly the declared IVRs, field by field, under the known ids. */
  async function expectEmulatorToMatch(variant: Exclude<Variant, "bad">): Promise<void> {
    const want = declared(variant, ids.sales);
    const stored = await ourIvrs();
    expect(stored.map((s) => s.name).sort()).toEqual(Object.values(want).map((w) => w.name).sort());
    for (const [logical, expected] of Object.entries(want)) {
      const s = stored.find((i) => i.name === expected.name);
      expect({ logical, id: String(s.id), ...asExpected(s) }).toEqual({ logical, id: ids[logical], ...expected });
      // The API takes both spellings of the no-input retries; they must agree.
      expect(s.timeout_retries ?? s.timeout_tries).toBe(expected.timeout_tries);
    }
  }

  async function stats(): Promise<{ total: number; routes: Record<string, number>; rateLimited: number }> {
    return control(emu, "GET", "stats");
  }

  beforeAll(async () => {
    // The first run on a machine builds the CLI from Go modules (minutes); later runs reuse it.
    await pulumiRoot();
    emu = await startEmulator({ cps: 3, token: TOKEN });
    workDir = copyProgram(FIXTURE, "e2e-lifecycle");
    ts = await newStack({
      workDir,
      stackName: "e2e",
      config: {
        "smartflo:baseUrl": { value: emu.url },
        "smartflo:token": { value: TOKEN, secret: true },
        "e2e:prefix": { value: PREFIX },
        "e2e:variant": { value: "initial" },
      },
    });
  }, 40 * 60_000);

  afterAll(() => tearDown({ stacks: [ts], emulator: emu, dirs: [workDir] }), STEP_TIMEOUT);

  test("preview of a program with bad IVR inputs fails, naming each bad property and why; nothing is created", async () => {
    await setVariant("bad");
    const before = await stats();
    let text = "";
    await expect(
      ts.stack.preview(collect).catch((err) => {
        text = commandText(err);
        throw err;
      }),
    ).rejects.toThrow();
    printed.push(text);

    const problem = (property: string, reason: string) =>
      new RegExp(`resource 'support' has a problem: ${property.replace(/[.[\]]/g, "\\$&")}( = [^:]+)?: ${reason}`);
    expect(text).toMatch(problem("options[1].key", "duplicate DTMF key '1' \\(also used by options\\[0\\]\\)"));
    expect(text).toMatch(problem("invalidInput.retries", "must be a whole number of retries from 0 to 10"));
    expect(text).toMatch(problem("greeting", "must be a recording reference like recording\\|\\|28935.*got '28935'"));
    expect(text).toMatch(problem("noInput.destination", "unknown destination type 'queue' in 'queue\\|\\|5'"));
    // The good IVR of the same program is not the one blamed.
    expect(text).not.toMatch(/resource 'sales' has a problem/);

    expect(await ourIvrs()).toEqual([]);
    const after = await stats();
    const writes = (s: typeof before) =>
      Object.entries(s.routes)
        .filter(([route]) => /^(POST|PUT|DELETE) \/v1\/ivr/.test(route))
        .reduce((n, [, c]) => n + c, 0);
    expect(writes(after)).toBe(writes(before));
  }, STEP_TIMEOUT);

  test("up creates the IVRs, one routing to another by smartflo.ivr(other.ivrId); the emulator matches field by field", async () => {
    await setVariant("initial");
    await control(emu, "POST", "stats/reset");
    const up = await ts.stack.up(collect);
    expect(up.summary.result).toBe("succeeded");
    expect(up.summary.resourceChanges).toMatchObject({ create: 4 }); // 3 IVRs + the stack

    const outputs = up.outputs.ivrIds.value as Record<string, string>;
    expect(Object.keys(outputs).sort()).toEqual(["afterHours", "sales", "support"]);
    ids = { ...outputs };
    await expectEmulatorToMatch("initial");

    // Under the real default rate limit (3/s) the run succeeds; the client paces itself.
    const s = await stats();
    if (s.rateLimited === 0) expect(s.routes["POST /v1/ivr"]).toBe(3); // one create call per IVR
    else console.warn(`up met ${s.rateLimited} HTTP 429 responses and still succeeded (retried)`);
  }, STEP_TIMEOUT);

  test("an immediate second preview shows no changes", async () => {
    const preview = await ts.stack.preview(collect);
    expect(preview.changeSummary).toEqual({ same: 4 });
  }, STEP_TIMEOUT);

  test("a changed input updates the IVR in place (same id)", async () => {
    await setVariant("changed");
    const preview = await ts.stack.preview(collect);
    expect(preview.changeSummary).toEqual({ same: 3, update: 1 });

    const up = await ts.stack.up(collect);
    expect(up.summary.result).toBe("succeeded");
    expect(up.summary.resourceChanges).toEqual({ same: 3, update: 1 });
    expect(up.outputs.ivrIds.value).toEqual(ids);
    await expectEmulatorToMatch("changed");
  }, STEP_TIMEOUT);

  test("an IVR removed from the program is deleted", async () => {
    await setVariant("removed");
    const up = await ts.stack.up(collect);
    expect(up.summary.result).toBe("succeeded");
    expect(up.summary.resourceChanges).toEqual({ same: 3, delete: 1 });
    const { afterHours, ...rest } = ids;
    expect((await storedIvrs(emu)).some((i) => String(i.id) === afterHours)).toBe(false);
    ids = rest;
    await expectEmulatorToMatch("removed");
  }, STEP_TIMEOUT);

  test("an out-of-band edit is detected by refresh, and the next up restores the declared state", async () => {
    // As if someone changed the Support IVR in the Smartflo web panel. (Support, because nothing
    // routes to it: an update of an IVR that others route to also shows them as "update" in a
    // preview, since a dynamic resource's outputs, ivrId included, are unknown until it is updated.)
    await control(emu, "PATCH", `ivrs/${ids.support}`, { timeout: 55, description: "Edited in the web panel" });
    const edited = (await ourIvrs()).find((i) => String(i.id) === ids.support);
    expect(edited).toMatchObject({ timeout: 55, description: "Edited in the web panel" });

    const refresh = await ts.stack.refresh(collect);
    expect(refresh.summary.result).toBe("succeeded");
    expect(refresh.summary.resourceChanges).toMatchObject({ update: 1 });

    const preview = await ts.stack.preview({ ...collect, diff: true });
    expect(preview.changeSummary).toEqual({ same: 2, update: 1 });
    expect(preview.stdout).toMatch(/description\s*:\s*"Edited in the web panel"\s*=>\s*"Main support menu \(longer wait\)"/);
    expect(preview.stdout).toMatch(/ringTimeoutSeconds\s*:\s*55\s*=>\s*45/);

    const up = await ts.stack.up(collect);
    expect(up.summary.result).toBe("succeeded");
    expect(up.summary.resourceChanges).toEqual({ same: 2, update: 1 });
    await expectEmulatorToMatch("removed");
    expect((await ts.stack.preview(collect)).changeSummary).toEqual({ same: 3 });
  }, STEP_TIMEOUT);

  test("neither the state nor the CLI output contains the token (set as secret config)", async () => {
    // The state as a user exports it, and every file of the backend (history and backups too).
    const exported = await exportStackAsUser(ts);
    expect(exported).toContain(`"ivrId": "${ids.sales}"`); // the state is real and complete...
    expect(exported).not.toContain(TOKEN); // ...and holds no credential
    expect(backendText(ts)).not.toContain(TOKEN);
    // Even decrypted (the Automation API exports with --show-secrets), the token only ever sits
    // inside a secret envelope: the stack config on the default provider, never an IVR.
    const decrypted = await ts.stack.exportStack();
    expect(JSON.stringify(decrypted)).toContain(TOKEN); // (proves this check can see it)
    expect(JSON.stringify(withoutSecrets(decrypted))).not.toContain(TOKEN);
    const ivrStates = decrypted.deployment.resources.filter((r: any) => r.type === "pulumi-nodejs:dynamic/smartflo:Ivr");
    expect(ivrStates).toHaveLength(2);
    expect(JSON.stringify(ivrStates)).not.toContain(SECRET_SIG);

    const stackFile = fs.readFileSync(path.join(workDir, "Pulumi.e2e.yaml"), "utf8");
    expect(stackFile).toMatch(/smartflo:token:\s*\n\s*secure:/);
    expect(stackFile).not.toContain(TOKEN);

    expect(printed.length).toBeGreaterThan(20);
    expect(printed.join("\n")).not.toContain(TOKEN);
  }, STEP_TIMEOUT);

  test("destroy leaves the emulator with no IVRs of the stack", async () => {
    const destroy = await ts.stack.destroy(collect);
    expect(destroy.summary.result).toBe("succeeded");
    expect(destroy.summary.resourceChanges).toEqual({ delete: 3 });
    expect(await storedIvrs(emu)).toEqual([]);
    expect(printed.join("\n")).not.toContain(TOKEN);
  }, STEP_TIMEOUT);
});
