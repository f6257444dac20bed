/**
 * The real Pulumi engine for end-to-end tests: the CLI v3.248.0 provided by
 * scripts/ensure-pulumi, the Node.js language host, the dynamic-provider plugin, a file state
 * backend and a PULUMI_HOME in a temp dir, no network.
 *
 * If the CLI cannot be provided the tests fail with the script's message. Set
 * SMARTFLO_SKIP_E2E=1 to skip them explicitly (for machines without Go); CI never sets it.
 */
import { execFile } from "child_process";
import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import { promisify } from "util";
import { LocalWorkspace, PulumiCommand, Stack } from "@pulumi/pulumi/automation";

const run = promisify(execFile);
export const REPO = path.resolve(__dirname, "..", "..");
export const SKIP_E2E = process.env.SMARTFLO_SKIP_E2E === "1";
/** describe, or describe.skip when the user opted out explicitly. */
export const describeE2E = SKIP_E2E ? describe.skip : describe;

let rootPromise: Promise<string> | undefined;

/** The directory holding bin/pulumi (built and cached on first use; minutes the first time). */
export function pulumiRoot(): Promise<string> {
  rootPromise ??= run(path.join(REPO, "scripts", "ensure-pulumi"), [], { maxBuffer: 1 << 24, timeout: 40 * 60_000 })
    .then(({ stdout }) => stdout.trim().split("\n").pop()!.trim())
    .catch((err) => {
      throw new Error(
        `The Pulumi CLI v3.248.0 could not be provided, so the end-to-end tests cannot run.\n${err.stderr ?? err.message}\n` +
          "Put a Pulumi CLI v3.248.0 or later (v3) on PATH, or set SMARTFLO_SKIP_E2E=1 to skip these tests explicitly.",
      );
    });
  return rootPromise;
}

/** Copies a program directory into test/.work/ (inside the repo, so node_modules resolve). */
export function copyProgram(sourceDir: string, label: string): string {
  const base = path.join(REPO, "test", ".work");
  fs.mkdirSync(base, { recursive: true });
  const dir = fs.mkdtempSync(path.join(base, `${label}-`));
  fs.cpSync(sourceDir, dir, {
    recursive: true,
    filter: (src) => !/(^|\/)(node_modules|Pulumi\.[^/]+\.yaml)$/.test(src.slice(sourceDir.length)),
  });
  return dir;
}

export interface TestStack {
  stack: Stack;
  workDir: string;
  backendDir: string;
  /** Every line the CLI printed during the operations run through `op`. */
  output: string[];
  destroyAndCleanup(): Promise<void>;
}

export interface StackOptions {
  workDir: string;
  stackName?: string;
  /** Stack config; `secret: true` values are stored encrypted. */
  config?: Record<string, { value: string; secret?: boolean }>;
  /** Extra environment for the CLI and the provider process. */
  env?: Record<string, string>;
  /** Share one backend between stacks (multi-environment tests). */
  backendDir?: string;
}

export async function newStack(opts: StackOptions): Promise<TestStack> {
  const root = await pulumiRoot();
  const pulumiCommand = await PulumiCommand.get({ root, skipVersionCheck: true });
  const backendDir = opts.backendDir ?? fs.mkdtempSync(path.join(os.tmpdir(), "smartflo-e2e-state-"));
  const home = fs.mkdtempSync(path.join(os.tmpdir(), "smartflo-e2e-home-"));
  const envVars: Record<string, string> = {
    PULUMI_BACKEND_URL: `file://${backendDir}`,
    PULUMI_CONFIG_PASSPHRASE: "e2e-passphrase",
    PULUMI_SKIP_UPDATE_CHECK: "true",
    PULUMI_DISABLE_AUTOMATIC_PLUGIN_ACQUISITION: "true",
    PULUMI_NODEJS_TRANSPILE_ONLY: "true",
    // Credentials come from stack config in these tests, never from the test's own environment.
    SMARTFLO_TOKEN: "",
    SMARTFLO_EMAIL: "",
    SMARTFLO_PASSWORD: "",
    SMARTFLO_BASE_URL: "",
    ...opts.env,
  };
  const stack = await LocalWorkspace.createOrSelectStack(
    { stackName: opts.stackName ?? "e2e", workDir: opts.workDir },
    { pulumiCommand, pulumiHome: home, envVars },
  );
  for (const [key, { value, secret }] of Object.entries(opts.config ?? {})) {
    await stack.setConfig(key, { value, secret: !!secret });
  }
  const output: string[] = [];
  return {
    stack,
    workDir: opts.workDir,
    backendDir,
    output,
    async destroyAndCleanup() {
      try {
        await stack.destroy({ onOutput: (l) => output.push(l) });
        await stack.workspace.removeStack(stack.name);
      } finally {
        fs.rmSync(home, { recursive: true, force: true });
        if (!opts.backendDir) fs.rmSync(backendDir, { recursive: true, force: true });
      }
    },
  };
}

/** Collects CLI output for one operation (use as `{ onOutput: sink(ts) }`). */
export function sink(ts: TestStack): (line: string) => void {
  return (line) => ts.output.push(line);
}

/** The error text of a failed Automation API call (stdout + stderr). */
export function commandText(err: unknown): string {
  const e = err as { stdout?: string; stderr?: string; message?: string };
  return [e.message, e.stdout, e.stderr].filter(Boolean).join("\n");
}

/** Runs an operation that must fail and returns the CLI's text of the failure. */
export async function failureText(op: () => Promise<unknown>): Promise<string> {
  let text: string | undefined;
  try {
    await op();
  } catch (err) {
    text = commandText(err);
  }
  if (text === undefined) throw new Error("the operation succeeded, but it was expected to fail");
  return text;
}

/**
 * Tears down what an end-to-end test file set up: destroys every stack, stops the emulator and
 * removes the directories, all of it even when a step fails; then rethrows the first failure.
 */
export async function tearDown(parts: {
  stacks?: Array<TestStack | undefined>;
  emulator?: { close(): Promise<void> };
  dirs?: Array<string | undefined>;
}): Promise<void> {
  let failure: unknown;
  for (const ts of parts.stacks ?? []) {
    if (ts) await ts.destroyAndCleanup().catch((err) => (failure ??= err));
  }
  await parts.emulator?.close();
  for (const dir of parts.dirs ?? []) if (dir) fs.rmSync(dir, { recursive: true, force: true });
  if (failure !== undefined) throw failure;
}
