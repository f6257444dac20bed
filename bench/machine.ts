/** Where and with what the benchmark ran, for the results file. */
import { execFileSync } from "child_process";
import * as os from "os";
import * as path from "path";
import { REPO } from "./pulumi-cli";

export interface Machine {
  cpus: number;
  cpuModel: string;
  memoryGiB: number;
  os: string;
  /** 1/5/15-minute load averages when the benchmark started (the machine may be shared). */
  loadAtStart: number[];
  loadAtEnd?: number[];
}

export interface Versions {
  node: string;
  npm?: string;
  pulumi?: string;
  "@pulumi/pulumi": string;
  "pulumi-smartflo": string;
  gitCommit?: string;
  /** Uncommitted changes in the worktree when it ran. */
  gitDirty?: boolean;
}

function quiet(cmd: string, args: string[]): string | undefined {
  try {
    return execFileSync(cmd, args, { cwd: REPO, stdio: ["ignore", "pipe", "ignore"], encoding: "utf8" }).trim();
  } catch {
    return undefined;
  }
}

export function machine(): Machine {
  const cpus = os.cpus();
  return {
    cpus: cpus.length,
    cpuModel: cpus[0]?.model ?? "unknown",
    memoryGiB: Math.round((os.totalmem() / 2 ** 30) * 10) / 10,
    os: `${os.type()} ${os.release()} ${os.arch()}`,
    loadAtStart: os.loadavg().map((l) => Math.round(l * 100) / 100),
  };
}

export function versions(pulumiRoot: string | undefined): Versions {
  // eslint-disable-next-line @typescript-eslint/no-var-requires
  const version = (pkg: string): string => require(path.join(REPO, "node_modules", pkg, "package.json")).version;
  return {
    node: process.version,
    npm: quiet("npm", ["--version"]),
    pulumi: pulumiRoot ? quiet(path.join(pulumiRoot, "bin", "pulumi"), ["version"]) : undefined,
    "@pulumi/pulumi": version("@pulumi/pulumi"),
    "pulumi-smartflo": version("pulumi-smartflo"),
    gitCommit: quiet("git", ["rev-parse", "HEAD"]),
    gitDirty: (quiet("git", ["status", "--porcelain", "--untracked-files=no"]) ?? "") !== "",
  };
}
