/**
 * Peak memory of a process tree on Linux: polls /proc for the CLI's descendants and keeps each
 * one's VmHWM (the kernel's high-water mark of resident memory, so a poll only has to land before
 * the process exits, not at its peak). Elsewhere (no /proc) it reports nothing.
 */
import * as fs from "fs";

/** Which part of a Pulumi run a process is. */
export type Role = "cli" | "provider" | "program" | "languageHost" | "other";

export interface PeakMemory {
  /** Highest VmHWM per role, in KiB (a role with several processes reports its largest). */
  peakKiB: Partial<Record<Role, number>>;
  /** Processes seen, for the record: pid, role, peak. */
  processes: Array<{ pid: number; role: Role; peakKiB: number }>;
}

function read(file: string): string | undefined {
  try {
    return fs.readFileSync(file, "utf8");
  } catch {
    return undefined; // gone between listing and reading
  }
}

function parentOf(pid: number): number | undefined {
  const stat = read(`/proc/${pid}/stat`);
  if (!stat) return undefined;
  // pid (comm) state ppid ...; comm may hold spaces and parentheses, so split after the last ')'.
  const rest = stat.slice(stat.lastIndexOf(")") + 2).split(" ");
  return Number(rest[1]);
}

function vmHwmKiB(pid: number): number | undefined {
  const match = /VmHWM:\s+(\d+)\s+kB/.exec(read(`/proc/${pid}/status`) ?? "");
  return match ? Number(match[1]) : undefined;
}

function roleOf(pid: number, root: number): Role {
  if (pid === root) return "cli";
  const argv = (read(`/proc/${pid}/cmdline`) ?? "").split("\0");
  const script = argv[1] ?? ""; // `node <script> ...`; not `node -e "require.resolve(...)"`
  if (/pulumi-language-nodejs$/.test(argv[0] ?? "")) return "languageHost";
  if (!/(^|\/)node$/.test(argv[0] ?? "")) return "other";
  if (/\/@pulumi\/pulumi\/cmd\/dynamic-provider/.test(script)) return "provider";
  if (/\/@pulumi\/pulumi\/cmd\/run/.test(argv.join(" "))) return "program";
  return "other";
}

export class ProcessTreeMemory {
  private readonly seen = new Map<number, { role: Role; peakKiB: number }>();
  private timer?: NodeJS.Timeout;
  private ticks = 0;

  constructor(private readonly root: number, private readonly intervalMs = 200) {}

  static available(): boolean {
    return fs.existsSync("/proc/self/status");
  }

  start(): void {
    if (!ProcessTreeMemory.available()) return;
    this.poll();
    this.timer = setInterval(() => this.poll(), this.intervalMs);
  }

  stop(): PeakMemory {
    if (this.timer) clearInterval(this.timer);
    this.poll();
    const peakKiB: PeakMemory["peakKiB"] = {};
    const processes: PeakMemory["processes"] = [];
    for (const [pid, { role, peakKiB: peak }] of this.seen) {
      processes.push({ pid, role, peakKiB: peak });
      peakKiB[role] = Math.max(peakKiB[role] ?? 0, peak);
    }
    return { peakKiB, processes };
  }

  private poll(): void {
    // New descendants appear rarely (a run starts a handful), so the whole of /proc is scanned
    // only every fifth tick; known processes are read every tick.
    if (this.ticks++ % 5 === 0) this.discover();
    for (const [pid, entry] of this.seen) {
      const hwm = vmHwmKiB(pid);
      if (hwm !== undefined) entry.peakKiB = Math.max(entry.peakKiB, hwm);
    }
  }

  private discover(): void {
    let pids: number[];
    try {
      pids = fs.readdirSync("/proc").filter((d) => /^\d+$/.test(d)).map(Number);
    } catch {
      return;
    }
    const parents = new Map<number, number | undefined>();
    for (const pid of pids) parents.set(pid, parentOf(pid));
    const inTree = (pid: number): boolean => {
      for (let p: number | undefined = pid, hops = 0; p !== undefined && p > 1 && hops < 16; p = parents.get(p), hops++) {
        if (p === this.root) return true;
      }
      return false;
    };
    for (const pid of pids) {
      if (this.seen.has(pid) || !inTree(pid)) continue;
      this.seen.set(pid, { role: roleOf(pid, this.root), peakKiB: 0 });
    }
  }
}
