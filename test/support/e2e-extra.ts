/**
 * Small additions to test/support/pulumi.ts for the end-to-end tests: looking at a stack's state
 * the way a user (or an attacker with the state file) sees it, not through `--show-secrets`.
 */
import { execFile } from "child_process";
import * as fs from "fs";
import * as path from "path";
import type { LocalWorkspace } from "@pulumi/pulumi/automation";
import { promisify } from "util";
import { TestStack, pulumiRoot } from "./pulumi";

const run = promisify(execFile);

/** The key Pulumi marks a secret value with in state and on the wire. */
export const SECRET_SIG = "4dabf18193072939515e22adb298388d";

/**
 * `pulumi stack export` as a user runs it. (The Automation API's `stack.exportStack()` passes
 * `--show-secrets`, so secret config shows there in plaintext, inside secret envelopes.)
 */
export async function exportStackAsUser(ts: TestStack): Promise<string> {
  const ws = ts.stack.workspace as LocalWorkspace;
  const env: NodeJS.ProcessEnv = { ...process.env, ...ws.envVars };
  if (ws.pulumiHome) env.PULUMI_HOME = ws.pulumiHome;
  const pulumi = path.join(await pulumiRoot(), "bin", "pulumi");
  const { stdout } = await run(pulumi, ["stack", "export", "--stack", ts.stack.name, "--non-interactive"], {
    cwd: ws.workDir,
    env,
    maxBuffer: 1 << 26,
  });
  return stdout;
}

/** Every file of the stack's file backend (current state, backups, history), concatenated. */
export function backendText(ts: TestStack): string {
  const texts: string[] = [];
  const walk = (dir: string) => {
    for (const entry of fs.readdirSync(dir, { withFileTypes: true })) {
      const p = path.join(dir, entry.name);
      if (entry.isDirectory()) walk(p);
      else if (entry.isFile()) texts.push(fs.readFileSync(p, "utf8"));
    }
  };
  if (fs.existsSync(ts.backendDir)) walk(ts.backendDir);
  return texts.join("\n");
}

/** A deep copy with every secret envelope replaced by "[secret]". */
export function withoutSecrets(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(withoutSecrets);
  if (value !== null && typeof value === "object") {
    if (SECRET_SIG in value) return "[secret]";
    return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, withoutSecrets(v)]));
  }
  return value;
}
