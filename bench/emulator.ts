/**
 * The emulator as the benchmark uses it: the package's public entry point (pulumi-smartflo/emulator,
 * built into provider/dist) and its HTTP control endpoints, nothing internal, so the benchmark
 * keeps working while the emulator's insides change.
 */

export interface RequestStats {
  total: number;
  routes: Record<string, number>;
  rateLimited: number;
  peakPerSecond: number;
}

/** One request as the emulator logged it, stamped (performance.now()) when its answer went out. */
export interface LoggedRequest {
  at: number;
  method: string;
  path: string;
  status: string;
}

interface RunningEmulator {
  url: string;
  close(): Promise<void>;
}

type Start = (opts: { cps: number; createReturnsId?: boolean; log?: (line: string) => void }) => Promise<RunningEmulator>;

export class BenchEmulator {
  /** Requests since the last `resetPhase`. */
  requests: LoggedRequest[] = [];

  private constructor(private readonly running: RunningEmulator) {}

  static async start(cps: number, opts: { createReturnsId?: boolean } = {}): Promise<BenchEmulator> {
    // eslint-disable-next-line @typescript-eslint/no-var-requires
    const { startEmulator } = require("pulumi-smartflo/emulator") as { startEmulator: Start };
    let self: BenchEmulator | undefined;
    const running = await startEmulator({ cps, createReturnsId: opts.createReturnsId, log: (line) => self?.logged(line) });
    self = new BenchEmulator(running);
    return self;
  }

  get url(): string {
    return this.running.url;
  }

  private logged(line: string): void {
    // "<METHOD> <path> <status> <ms>ms"; control calls are not part of a phase.
    const [method = "", path = "", status = ""] = line.split(" ");
    if (path.startsWith("/__emulator")) return;
    this.requests.push({ at: performance.now(), method, path, status });
  }

  private async control<T>(method: string, path: string, body?: unknown): Promise<T> {
    const res = await fetch(`${this.running.url}/__emulator/${path}`, {
      method,
      headers: body === undefined ? {} : { "Content-Type": "application/json" },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    const text = await res.text();
    if (!res.ok) throw new Error(`emulator ${method} /__emulator/${path}: HTTP ${res.status} ${text}`);
    return JSON.parse(text) as T;
  }

  /**
   * Every API request waits `ms` before the emulator handles it (and before its rate limiter
   * counts it), like the network between a user and the real API. An injected fault that only
   * delays, matching every /v1 path, with a count no run uses up.
   */
  async addLatency(ms: number): Promise<void> {
    await this.control("POST", "faults", { path: "/v1/*", latencyMs: ms, count: 1_000_000_000 });
  }

  /** Zeroes the counters and the request log. */
  async resetPhase(): Promise<void> {
    await this.control("POST", "stats/reset");
    this.requests = [];
  }

  stats(): Promise<RequestStats> {
    return this.control("GET", "stats");
  }

  /** How many IVRs the (default) account holds. */
  async ivrCount(): Promise<number> {
    // eslint-disable-next-line @typescript-eslint/no-explicit-any
    const state = await this.control<any>("GET", "state");
    const account = state.accounts?.default ?? Object.values(state.accounts ?? {})[0];
    return Array.isArray(account?.ivrs) ? account.ivrs.length : NaN;
  }

  close(): Promise<void> {
    return this.running.close();
  }
}

/** `/v1/ivr/8012` -> `/v1/ivr/{id}`, as the emulator's stats name routes. */
export function routeOf(r: LoggedRequest): string {
  return `${r.method} ${r.path.replace(/\/\d+(?=\/|$)/g, "/{id}")}`;
}
