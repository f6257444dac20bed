/**
 * Rotating the Smartflo token under the real engine. `up` runs the program, so the provider gets
 * the stack config as it is now; plain `refresh` and `destroy` do not, so the provider gets the
 * config recorded with the last deployment (on Pulumi's default `pulumi-nodejs` provider). After
 * a rotation those fail with one message saying what to run, and `--run-program` (or
 * PULUMI_RUN_PROGRAM=true) makes them use the current config. The emulator rotates the token with
 * `PATCH /__emulator/accounts/{name}`: the old one is then refused.
 */
import * as crypto from "crypto";
import * as path from "path";
import type { LocalWorkspace } from "@pulumi/pulumi/automation";
import type { Emulator } from "../support/emulator";
import { control, startEmulator, storedIvrs } from "../support/emulator";
import { exportStackAsUser } from "../support/e2e-extra";
import { expectStateAndAccountAgree } from "../support/agreement";
import { REPO, TestStack, copyProgram, describeE2E, failureText, newStack, pulumiRoot, tearDown } from "../support/pulumi";

const FIXTURE = path.join(REPO, "test", "fixtures", "e2e-faults");
const STEP = 180_000;
const PREFIX = "Rotation";
const token = (n: number) => `rotation-token-${n}-${crypto.randomBytes(8).toString("hex")}`;
const TOKENS = [token(1), token(2), token(3)];
const ADVICE = /Smartflo refused the credential \(GET \/v1\/ivrs: HTTP 401, Deleted or blacklisted token provided\)\. If it was rotated, set the new one with `pulumi config set --secret smartflo:token <new value>`, then run `pulumi up`, `pulumi refresh --run-program` or `pulumi destroy --run-program`/;

describeE2E("a token rotation under the real engine", () => {
  let emu: Emulator;
  let ts: TestStack;
  let dir: string;
  const printed: string[] = [];
  const collect = { onOutput: (l: string) => printed.push(l), onError: (l: string) => printed.push(l) };

  /** The account's token becomes `next`, and the stack config says so; the old token is refused from now on. */
  async function rotate(next: string): Promise<void> {
    emu.updateAccount({ token: next });
    await ts.stack.setConfig("smartflo:token", { value: next, secret: true });
  }

  async function failing(op: () => Promise<unknown>): Promise<string> {
    const text = await failureText(op);
    printed.push(text);
    return text;
  }

  beforeAll(async () => {
    await pulumiRoot();
    emu = await startEmulator({ cps: 10, token: TOKENS[0] });
    dir = copyProgram(FIXTURE, "e2e-rotation");
    ts = await newStack({
      workDir: dir,
      stackName: "rotation",
      config: {
        "smartflo:baseUrl": { value: emu.url },
        "smartflo:token": { value: TOKENS[0]!, secret: true },
        "smartflo:requestsPerSecond": { value: "10" },
        "faults:prefix": { value: PREFIX },
        "faults:count": { value: "3" },
      },
    });
    expect((await ts.stack.up(collect)).summary.result).toBe("succeeded");
  }, 40 * 60_000);

  afterAll(() => tearDown({ stacks: [ts], emulator: emu, dirs: [dir] }), STEP);

  test("plain refresh after a rotation fails with one message saying what to run, and changes nothing", async () => {
    await rotate(TOKENS[1]!);
    await control(emu, "POST", "stats/reset");
    const text = await failing(() => ts.stack.refresh(collect));
    expect(text).toMatch(ADVICE);
    // One refusal from Smartflo, and one error that says what to run; the other resources' errors point to it.
    expect(emu.stats().routes["GET /v1/ivrs"]).toBe(1);
    const diagnostics = text.slice(text.indexOf("Diagnostics:"));
    const advised = new Set([...diagnostics.matchAll(/reading Smartflo IVR (\d+): Smartflo refused the credential [^\n]*If it was rotated/g)].map((m) => m[1]));
    const pointed = new Set([...diagnostics.matchAll(/reading Smartflo IVR (\d+): Smartflo refused the credential [^\n]*another error of this run says what to do/g)].map((m) => m[1]));
    expect(advised.size).toBe(1);
    expect(advised.size + pointed.size).toBe(3);
    await expectStateAndAccountAgree({ emu, stacks: [ts], prefix: PREFIX });
  }, STEP);

  test("refresh --run-program uses the rotated token", async () => {
    const refresh = await ts.stack.refresh({ ...collect, runProgram: true });
    expect(refresh.summary.result).toBe("succeeded");
  }, STEP);

  test("up uses the rotated token and records it with the deployment", async () => {
    await ts.stack.setConfig("faults:revision", { value: "rotated" });
    const up = await ts.stack.up(collect);
    expect(up.summary.result).toBe("succeeded");
    expect(up.summary.resourceChanges).toMatchObject({ update: 3 });
    await expectStateAndAccountAgree({ emu, stacks: [ts], prefix: PREFIX });
  }, STEP);

  test("plain destroy after another rotation fails with the same advice and deletes nothing; PULUMI_RUN_PROGRAM=true and destroy --run-program work", async () => {
    await rotate(TOKENS[2]!);
    const text = await failing(() => ts.stack.destroy(collect));
    expect(text).toMatch(/deleting Smartflo IVR \d+: Smartflo refused the credential \(DELETE \/v1\/ivr\/\d+: HTTP 401/);
    expect(text).toMatch(/`pulumi destroy --run-program`/);
    expect((await storedIvrs(emu)).filter((i) => String(i.name).startsWith(PREFIX))).toHaveLength(3);
    await expectStateAndAccountAgree({ emu, stacks: [ts], prefix: PREFIX });

    const env = (ts.stack.workspace as LocalWorkspace).envVars;
    env.PULUMI_RUN_PROGRAM = "true";
    try {
      expect((await ts.stack.refresh(collect)).summary.result).toBe("succeeded");
    } finally {
      delete env.PULUMI_RUN_PROGRAM;
    }
    const destroy = await ts.stack.destroy({ ...collect, runProgram: true });
    expect(destroy.summary.result).toBe("succeeded");
    expect((await storedIvrs(emu)).filter((i) => String(i.name).startsWith(PREFIX))).toEqual([]);
  }, STEP);

  test("no token, old or new, appears in the state or the CLI output", async () => {
    const exported = await exportStackAsUser(ts);
    for (const t of TOKENS) {
      expect(exported).not.toContain(t);
      expect(printed.join("\n")).not.toContain(t);
    }
  }, STEP);
});
