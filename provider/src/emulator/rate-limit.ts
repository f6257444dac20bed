/**
 * Per-account sliding window of 1000 ms, the documented "CPS assigned on the account" limit.
 * Only accepted requests enter the window: a client hammering through 429s does not lock itself
 * out for longer than the window.
 */
export const WINDOW_MS = 1000;

export class SlidingWindowLimiter {
  private readonly windows = new Map<string, number[]>();

  constructor(private readonly now: () => number = () => performance.now()) {}

  private window(key: string): number[] {
    let timestamps = this.windows.get(key);
    if (!timestamps) {
      timestamps = [];
      this.windows.set(key, timestamps);
    }
    const cutoff = this.now() - WINDOW_MS;
    while (timestamps.length > 0 && timestamps[0]! <= cutoff) timestamps.shift();
    return timestamps;
  }

  /** Record a request for `key` when fewer than `limit` were accepted in the last second; 0 = no limit. */
  tryAcquire(key: string, limit: number): boolean {
    const timestamps = this.window(key);
    if (limit > 0 && timestamps.length >= limit) return false;
    timestamps.push(this.now());
    return true;
  }

  /** Requests accepted for `key` within the last second. */
  count(key: string): number {
    return this.window(key).length;
  }

  reset(): void {
    this.windows.clear();
  }
}

export interface RouteStats {
  /** Requests received on `/v1/*`, whatever their outcome. */
  total: number;
  /** Per route pattern, e.g. "PUT /v1/ivr/{id}"; unmatched paths count as "unmatched". */
  routes: Record<string, number>;
  /** 429s sent by the rate limiter (injected faults are counted in faultsInjected). */
  rateLimited: number;
  /** 503s sent during an `unavailable` outage (refused connections cannot be counted). */
  outageRejected: number;
  /** Most requests accepted by the limiter for one account within any 1000 ms. */
  peakPerSecond: number;
  /** Faults consumed, "before" and "after" alike; "after" ones also count for their account. */
  faultsInjected: number;
}

function emptyStats(): RouteStats {
  return { total: 0, routes: {}, rateLimited: 0, outageRejected: 0, peakPerSecond: 0, faultsInjected: 0 };
}

/** Request counters, overall and per account; the peak uses its own window so a reset zeroes it. */
export class Stats {
  private overall = emptyStats();
  private readonly perAccount = new Map<string, RouteStats>();
  private readonly peakWindow: SlidingWindowLimiter;

  constructor(now: () => number = () => performance.now()) {
    this.peakWindow = new SlidingWindowLimiter(now);
  }

  private targets(account: string | undefined): RouteStats[] {
    if (account === undefined) return [this.overall];
    let stats = this.perAccount.get(account);
    if (!stats) {
      stats = emptyStats();
      this.perAccount.set(account, stats);
    }
    return [this.overall, stats];
  }

  request(route: string, account: string | undefined): void {
    for (const stats of this.targets(account)) {
      stats.total++;
      stats.routes[route] = (stats.routes[route] ?? 0) + 1;
    }
  }

  rateLimited(account: string): void {
    for (const stats of this.targets(account)) stats.rateLimited++;
  }

  outageRejected(): void {
    this.overall.outageRejected++;
  }

  faultInjected(account: string | undefined): void {
    for (const stats of this.targets(account)) stats.faultsInjected++;
  }

  accepted(account: string): void {
    this.peakWindow.tryAcquire(account, 0);
    const inWindow = this.peakWindow.count(account);
    for (const stats of this.targets(account)) stats.peakPerSecond = Math.max(stats.peakPerSecond, inWindow);
  }

  snapshot(account?: string): RouteStats {
    const stats = account === undefined ? this.overall : (this.perAccount.get(account) ?? emptyStats());
    return structuredClone(stats);
  }

  reset(): void {
    this.overall = emptyStats();
    this.perAccount.clear();
    this.peakWindow.reset();
  }
}
