/**
 * The real Pulumi CLI for the benchmark: the binary scripts/ensure-pulumi provides, spawned
 * directly (so its process tree can be watched), with a file backend and a PULUMI_HOME in temp
 * dirs and no network. `up`, `refresh` and `destroy` run with `--json`, which streams the engine's
 * events one JSON object a line; each is stamped with the time it arrived.
 */
import { execFile, spawn } from "child_process";
import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import * as readline from "readline";
import { promisify } from "util";
import { PeakMemory, ProcessTreeMemory } from "./proc-memory";

const run = promisify(execFile);
export const REPO = path.resolve(__dirname, "..");

/** CLI processes running now, so an interrupted benchmark can stop them (and their plugins). */
const running = new Set<import("child_process").ChildProcess>();
let interrupted = false;

/**
 * Ctrl-C: the running commands get SIGINT, which the CLI turns into a clean cancel that also
 * stops the language host and provider it started (they run in process groups of their own, so a
 * plain kill of the benchmark would leave them behind). No further command starts.
 */
export function interruptAll(): void {
  interrupted = true;
  for (const child of running) child.kill("SIGINT");
}

/** The directory holding bin/pulumi (built and cached on a machine's first use). */
export async function pulumiRoot(): Promise<string> {
  const { stdout } = await run(path.join(REPO, "scripts", "ensure-pulumi"), [], { maxBuffer: 1 << 24, timeout: 40 * 60_000 });
  return stdout.trim().split("\n").pop()!.trim();
}

/** One engine event as `--json` prints it, plus when it reached us (ms since the command started). */
export interface EngineEvent {
  atMs: number;
  // eslint-disable-next-line @typescript-eslint/no-explicit-any
  event: Record<string, any>;
}

export interface CommandResult {
  args: string[];
  /** performance.now() when the CLI was spawned. */
  startedAt: number;
  exitCode: number;
  wallMs: number;
  /** Engine events (`--json` on up/refresh/destroy). */
  events: EngineEvent[];
  /** stdout when it is not an event stream (preview's JSON document, stack export). */
  stdout: string;
  stderr: string;
  memory: PeakMemory;
}

export class PulumiCli {
  readonly env: NodeJS.ProcessEnv;
  private readonly tempDirs: string[] = [];

  constructor(
    private readonly root: string,
    readonly workDir: string,
    extraEnv: Record<string, string> = {},
  ) {
    const backend = this.temp("smartflo-bench-state-");
    const home = this.temp("smartflo-bench-home-");
    this.env = {
      ...process.env,
      PATH: `${path.join(root, "bin")}${path.delimiter}${process.env.PATH ?? ""}`,
      PULUMI_HOME: home,
      PULUMI_BACKEND_URL: `file://${backend}`,
      PULUMI_CONFIG_PASSPHRASE: "bench-passphrase",
      PULUMI_SKIP_UPDATE_CHECK: "true",
      PULUMI_DISABLE_AUTOMATIC_PLUGIN_ACQUISITION: "true",
      PULUMI_NODEJS_TRANSPILE_ONLY: "true",
      // The provider reads stack config only; nothing from this shell may leak in.
      SMARTFLO_TOKEN: "",
      SMARTFLO_EMAIL: "",
      SMARTFLO_PASSWORD: "",
      SMARTFLO_BASE_URL: "",
      SMARTFLO_REQUESTS_PER_SECOND: "",
      SMARTFLO_DEBUG: "",
      ...extraEnv,
    };
    // "--parallel default" means the CLI's own default (4 x CPUs), not this shell's setting.
    delete this.env.PULUMI_PARALLEL;
  }

  private temp(prefix: string): string {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), prefix));
    this.tempDirs.push(dir);
    return dir;
  }

  /** Runs `pulumi <args>` in the program directory; never rejects on a non-zero exit. */
  exec(args: string[], opts: { events?: boolean; onEvent?: (e: EngineEvent) => void } = {}): Promise<CommandResult> {
    if (interrupted) return Promise.reject(new Error("interrupted"));
    const started = performance.now();
    const child = spawn(path.join(this.root, "bin", "pulumi"), args, {
      cwd: this.workDir,
      env: this.env,
      stdio: ["ignore", "pipe", "pipe"],
      // A process group of its own: Ctrl-C reaches the benchmark only, which passes on exactly one
      // SIGINT (a second one would make the CLI quit without stopping its plugins).
      detached: true,
    });
    running.add(child);
    const memory = new ProcessTreeMemory(child.pid!);
    memory.start();
    const events: EngineEvent[] = [];
    const stdout: string[] = [];
    const stderr: string[] = [];
    const lines = readline.createInterface({ input: child.stdout, crlfDelay: Infinity });
    lines.on("line", (line) => {
      if (!opts.events) {
        stdout.push(line);
        return;
      }
      try {
        const e = { atMs: performance.now() - started, event: JSON.parse(line) };
        events.push(e);
        opts.onEvent?.(e);
      } catch {
        stdout.push(line); // not an event: keep it for the error report
      }
    });
    child.stderr.setEncoding("utf8").on("data", (chunk: string) => stderr.push(chunk));
    const closed = new Promise<void>((resolve) => lines.once("close", resolve));
    return new Promise((resolve, reject) => {
      child.once("error", reject);
      child.once("close", async (code, signal) => {
        running.delete(child);
        const wallMs = performance.now() - started;
        const peak = memory.stop();
        await closed;
        resolve({
          args,
          startedAt: started,
          exitCode: code ?? (signal ? 128 : 1),
          wallMs,
          events,
          stdout: stdout.join("\n"),
          stderr: stderr.join(""),
          memory: peak,
        });
      });
    });
  }

  /** Like exec, but a non-zero exit is an error (setup steps). */
  async must(args: string[]): Promise<CommandResult> {
    const result = await this.exec(args);
    if (result.exitCode !== 0) {
      throw new Error(`pulumi ${args.join(" ")} failed (exit ${result.exitCode}):\n${result.stderr}\n${result.stdout}`.trim());
    }
    return result;
  }

  /** Removes the backend and PULUMI_HOME temp dirs. */
  cleanup(): void {
    for (const dir of this.tempDirs) fs.rmSync(dir, { recursive: true, force: true });
  }
}
