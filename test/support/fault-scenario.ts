/**
 * One fault scenario on the real engine: a fresh emulator and a stack of the fault fixture
 * (test/fixtures/e2e-faults), and the steps every scenario takes with it. Shared by
 * test/e2e/faults.test.ts and test/e2e/fault-matrix.test.ts.
 */
import * as path from "path";
import type { Emulator } from "./emulator";
import { control, startEmulator } from "./emulator";
import { expectStateAndAccountAgree } from "./agreement";
import { REPO, TestStack, copyProgram, failureText, newStack, pulumiRoot } from "./pulumi";

export const FIXTURE = path.join(REPO, "test", "fixtures", "e2e-faults");

export interface Scenario {
  emu: Emulator;
  ts: TestStack;
  dir: string;
  prefix: string;
  output: string[];
}

export interface ScenarioOptions {
  /** How many IVRs (default 3). */
  count?: number;
  /** `smartflo:requestsPerSecond` (default 10). */
  cps?: number;
  /** The account's own limit in the emulator (default: `cps`). */
  accountCps?: number;
  /** The emulator's token (default the emulator's own), also set as `smartflo:token` unless `config` sets credentials. */
  token?: string;
  /** More stack config (plain values), or overrides. */
  config?: Record<string, string>;
  /** Secret stack config. */
  secrets?: Record<string, string>;
}

/**
 * A fresh emulator and a stack of the fault fixture with `count` IVRs, at `cps` requests/second
 * (the account's limit is `accountCps`, the same unless said), one retry.
 */
export async function scenario(label: string, opts: ScenarioOptions = {}): Promise<Scenario> {
  await pulumiRoot();
  const emu = await startEmulator({ cps: opts.accountCps ?? opts.cps ?? 10, ...(opts.token ? { token: opts.token } : {}) });
  const dir = copyProgram(FIXTURE, `e2e-${label}`);
  const prefix = `F-${label}`;
  const secrets = opts.secrets ?? { "smartflo:token": opts.token ?? "emulator-token" };
  const ts = await newStack({
    workDir: dir,
    stackName: label,
    config: {
      "smartflo:baseUrl": { value: emu.url },
      "smartflo:requestsPerSecond": { value: String(opts.cps ?? 10) },
      "smartflo:maxRetries": { value: "1" },
      "faults:prefix": { value: prefix },
      "faults:count": { value: String(opts.count ?? 3) },
      ...Object.fromEntries(Object.entries(secrets).map(([k, v]) => [k, { value: v, secret: true }])),
      ...Object.fromEntries(Object.entries(opts.config ?? {}).map(([k, v]) => [k, { value: v }])),
    },
  });
  return { emu, ts, dir, prefix, output: ts.output };
}

/** Output handlers that keep every line the CLI printed in the scenario's `output`. */
export const collect = (s: Scenario) => ({ onOutput: (l: string) => s.output.push(l), onError: (l: string) => s.output.push(l) });

/** `up` that must fail; returns the CLI's text. */
export const failingUp = (s: Scenario) => failureText(() => s.ts.stack.up(collect(s)));

/** The next plain `up` converges: it succeeds, state and account agree with nothing pending, and a preview has nothing to do. */
export async function expectNextUpConverges(s: Scenario): Promise<void> {
  const up = await s.ts.stack.up(collect(s));
  expect(up.summary.result).toBe("succeeded");
  await expectStateAndAccountAgree({ emu: s.emu, stacks: [s.ts], prefix: s.prefix });
  const preview = await s.ts.stack.preview(collect(s));
  expect(Object.keys(preview.changeSummary)).toEqual(["same"]);
}

/** How many `POST /v1/ivr` the emulator has received. */
export const posts = async (emu: Emulator): Promise<number> => (await control(emu, "GET", "stats")).routes["POST /v1/ivr"] ?? 0;

/** Resolves once the emulator has received `n` creates. */
export async function untilPosts(emu: Emulator, n: number): Promise<void> {
  while ((await posts(emu)) < n) await new Promise((r) => setTimeout(r, 20));
}
