/**
 * No credential in state, logs or error messages, under the real engine: a stack that logs in
 * with `smartflo:email` + `smartflo:password` (set as secret config) against an emulator with the
 * real default rate limit. (test/e2e/lifecycle.test.ts covers `smartflo:token`.) The password is
 * random per run, so a leak cannot hide behind a common word.
 */
import * as crypto from "crypto";
import * as fs from "fs";
import * as path from "path";
import type { Emulator } from "../support/emulator";
import { control, startEmulator, storedIvrs } from "../support/emulator";
import { SECRET_SIG, backendText, exportStackAsUser, withoutSecrets } from "../support/e2e-extra";
import { REPO, TestStack, commandText, copyProgram, describeE2E, newStack, pulumiRoot, tearDown } from "../support/pulumi";

const FIXTURE = path.join(REPO, "test", "fixtures", "e2e-ivrs");
const PREFIX = "Login";
const STEP_TIMEOUT = 180_000;
const EMAIL = "e2e-ops@example.com";
const PASSWORD = `e2e-password-${crypto.randomBytes(12).toString("hex")}`;
// The account's static token exists but is never configured: only the login can reach the API.
const UNUSED_TOKEN = `e2e-unused-token-${crypto.randomBytes(12).toString("hex")}`;

describeE2E("pulumi-smartflo under the real Pulumi engine: secrets (email + password login)", () => {
  let emu: Emulator;
  let ts: TestStack;
  let workDir: string;
  const printed: string[] = [];
  const collect = { onOutput: (l: string) => printed.push(l), onError: (l: string) => printed.push(l) };

  beforeAll(async () => {
    await pulumiRoot(); // builds the CLI on a machine's first run (minutes)
    emu = await startEmulator({ cps: 3, email: EMAIL, password: PASSWORD, token: UNUSED_TOKEN });
    workDir = copyProgram(FIXTURE, "e2e-secrets");
    ts = await newStack({
      workDir,
      stackName: "e2e-login",
      config: {
        "smartflo:baseUrl": { value: emu.url },
        "smartflo:email": { value: EMAIL },
        "smartflo:password": { value: PASSWORD, secret: true },
        "e2e:prefix": { value: PREFIX },
        "e2e:variant": { value: "initial" },
      },
    });
  }, 40 * 60_000);

  afterAll(() => tearDown({ stacks: [ts], emulator: emu, dirs: [workDir] }), STEP_TIMEOUT);

  test("up logs in with the secret password and creates the IVRs", async () => {
    const up = await ts.stack.up(collect);
    expect(up.summary.result).toBe("succeeded");
    expect((await storedIvrs(emu)).map((i) => i.name).sort()).toEqual([
      `${PREFIX} After Hours`,
      `${PREFIX} Sales`,
      `${PREFIX} Support`,
    ]);
    const stats = await control(emu, "GET", "stats");
    expect(stats.routes["POST /v1/auth/login"]).toBeGreaterThanOrEqual(1);
  }, STEP_TIMEOUT);

  test("an API error that echoes the password reaches the user redacted", async () => {
    await ts.stack.setConfig("e2e:variant", { value: "changed" });
    await control(emu, "POST", "faults", {
      method: "PUT",
      path: "/v1/ivr/*",
      count: 20,
      status: 400,
      body: { success: false, message: `Rejected: account ${EMAIL} / ${PASSWORD} is locked` },
    });
    let text = "";
    try {
      await expect(
        ts.stack.up(collect).catch((err) => {
          text = commandText(err);
          throw err;
        }),
      ).rejects.toThrow();
    } finally {
      await control(emu, "DELETE", "faults");
    }
    printed.push(text);
    expect(text).toMatch(/updating Smartflo IVR \d+: .*Rejected: account/);
    expect(text).not.toContain(PASSWORD);

    const up = await ts.stack.up(collect); // and the stack recovers
    expect(up.summary.result).toBe("succeeded");
    expect(up.summary.resourceChanges).toMatchObject({ update: 1 });
  }, STEP_TIMEOUT);

  test("neither the state, the stack config file nor the CLI output contains the password", async () => {
    const exported = await exportStackAsUser(ts);
    expect(exported).toContain(`${PREFIX} Support`);
    for (const secret of [PASSWORD, UNUSED_TOKEN]) {
      expect(exported).not.toContain(secret);
      expect(backendText(ts)).not.toContain(secret);
    }
    const decrypted = await ts.stack.exportStack(); // --show-secrets
    expect(JSON.stringify(decrypted)).toContain(PASSWORD);
    expect(JSON.stringify(withoutSecrets(decrypted))).not.toContain(PASSWORD);
    const ivrStates = decrypted.deployment.resources.filter((r: any) => r.type === "pulumi-nodejs:dynamic/smartflo:Ivr");
    expect(ivrStates).toHaveLength(3);
    expect(JSON.stringify(ivrStates)).not.toContain(SECRET_SIG);
    expect(JSON.stringify(ivrStates)).not.toContain(EMAIL); // no credential of any kind in an IVR's state

    const stackFile = fs.readFileSync(path.join(workDir, "Pulumi.e2e-login.yaml"), "utf8");
    expect(stackFile).toMatch(/smartflo:password:\s*\n\s*secure:/);
    expect(stackFile).not.toContain(PASSWORD);

    expect(printed.length).toBeGreaterThan(10);
    expect(printed.join("\n")).not.toContain(PASSWORD);
  }, STEP_TIMEOUT);

  test("destroy removes the stack's IVRs without printing the password", async () => {
    const destroy = await ts.stack.destroy(collect);
    expect(destroy.summary.result).toBe("succeeded");
    expect(await storedIvrs(emu)).toEqual([]);
    expect(printed.join("\n")).not.toContain(PASSWORD);
  }, STEP_TIMEOUT);
});
