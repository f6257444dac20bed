/**
 * Smartflo limits requests per account, across all APIs ("equal to the CPS assigned on the
 * account trunks", as low as 1-3 per second), and that budget is shared with live telephony.
 * Pulumi runs resource steps in parallel inside one provider process, so every request of the
 * process goes through one limiter per account: no burst can exceed the limit.
 */

/** The account's requests per second (setting `smartflo:requestsPerSecond`). */
export const REQUESTS_PER_SECOND = { default: 3, max: 1000 } as const;

/** A request leaves the limiter with this; call it when the response (or the failure) arrives. */
export type Release = () => void;

export class RateLimiter {
  private readonly intervalMs: number;
  private readonly perWindow: number;
  private readonly windowMs: number;
  private next = 0;
  private inFlight = 0;
  /** When recent requests finished (within the last window). */
  private readonly finished: number[] = [];
  private waiters: Array<() => void> = [];

  constructor(
    readonly requestsPerSecond: number,
    private readonly now: () => number = Date.now,
    private readonly sleep: (ms: number) => Promise<void> = (ms) => new Promise((r) => setTimeout(r, ms)),
  ) {
    if (!(requestsPerSecond > 0)) throw new RangeError(`requestsPerSecond must be > 0, got ${requestsPerSecond}`);
    this.intervalMs = Math.ceil((1000 / requestsPerSecond) * 1.05);
    this.perWindow = Math.max(1, Math.floor(requestsPerSecond));
    this.windowMs = Math.ceil((1000 * this.perWindow) / requestsPerSecond);
  }

  /**
   * Resolves when the caller may send; callers are served in arrival order, evenly spaced.
   * Spacing alone is not enough: a busy event loop can delay one request and bunch it up with
   * the next. So a request also waits until fewer than the limit are in flight or finished
   * within the last window. A request reaches the server between its start and its end, so
   * counting in-flight requests and end times bounds what the server sees in any window, however
   * late timers fire.
   */
  async acquire(): Promise<Release> {
    const now = this.now();
    const slot = Math.max(now, this.next);
    this.next = slot + this.intervalMs;
    if (slot > now) await this.sleep(slot - now);
    for (;;) {
      const t = this.now();
      while (this.finished.length && this.finished[0] <= t - this.windowMs) this.finished.shift();
      if (this.inFlight + this.finished.length < this.perWindow) break;
      if (this.finished.length) await this.sleep(this.finished[0] + this.windowMs - t);
      else await new Promise<void>((r) => this.waiters.push(r));
    }
    this.inFlight++;
    let released = false;
    return () => {
      if (released) return;
      released = true;
      this.inFlight--;
      this.finished.push(this.now());
      const waiting = this.waiters;
      this.waiters = [];
      waiting.forEach((wake) => wake());
    };
  }

  /** After a 429, nobody sends before `ms` from now. */
  pause(ms: number): void {
    this.next = Math.max(this.next, this.now() + ms);
  }
}

/**
 * One limiter per account, for every client of that account that shares this registry. The
 * provider session holds the registry of the provider process; clients created without one share
 * `RateLimiters.shared`. A client asking for another rate (a changed setting) gets a fresh limiter
 * from then on; clients created before keep the old one.
 */
export class RateLimiters {
  /** The registry of clients created outside a provider session. */
  static readonly shared = new RateLimiters();

  private readonly byAccount = new Map<string, RateLimiter>();

  for(accountKey: string, requestsPerSecond: number): RateLimiter {
    let limiter = this.byAccount.get(accountKey);
    if (!limiter || limiter.requestsPerSecond !== requestsPerSecond) {
      limiter = new RateLimiter(requestsPerSecond);
      this.byAccount.set(accountKey, limiter);
    }
    return limiter;
  }
}
