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

export interface AcquireOptions {
  /**
   * Served before every request of the normal lane that is still waiting: for the few reads that
   * others wait on (the list that gives many creates their ids), which must never queue behind a
   * long line of writes.
   */
  priority?: boolean;
}

export class RateLimiter {
  private rate!: number;
  private intervalMs!: number;
  private perWindow!: number;
  private windowMs!: number;
  private nextAt = 0;
  private lastSentAt?: number;
  private inFlight = 0;
  /** When recent requests finished (within the last window). */
  private readonly finished: number[] = [];
  private readonly lanes = { priority: [] as Array<() => void>, normal: [] as Array<() => void> };
  private pausedUntil = 0;
  private pumping = false;
  private wakeOnRelease?: () => void;

  constructor(
    requestsPerSecond: number,
    private readonly now: () => number = Date.now,
    private readonly sleep: (ms: number) => Promise<void> = (ms) => new Promise((r) => setTimeout(r, ms)),
  ) {
    this.setRate(requestsPerSecond);
  }

  get requestsPerSecond(): number {
    return this.rate;
  }

  /** Applies a changed setting to the requests still waiting too. */
  setRate(requestsPerSecond: number): void {
    if (!(requestsPerSecond > 0)) throw new RangeError(`requestsPerSecond must be > 0, got ${requestsPerSecond}`);
    this.rate = requestsPerSecond;
    this.intervalMs = 1000 / requestsPerSecond;
    if (this.lastSentAt !== undefined) this.nextAt = Math.max(this.lastSentAt + this.intervalMs, this.pausedUntil);
    this.perWindow = Math.max(1, Math.floor(requestsPerSecond));
    this.windowMs = Math.ceil((1000 * this.perWindow) / requestsPerSecond);
  }

  /** Requests waiting for a slot, in both lanes. */
  get waiting(): number {
    return this.lanes.priority.length + this.lanes.normal.length;
  }

  /**
   * Resolves when the caller may send: the priority lane first, each lane in arrival order,
   * evenly spaced. Spacing alone would not bound what the server sees (a busy event loop fires
   * timers late and bunches requests up), so a request also waits until fewer than the limit are
   * in flight or finished within the last window. A request reaches the server between its start
   * and its end, so counting in-flight requests and end times bounds the requests the server sees
   * in any window of that length, however late timers fire.
   */
  async acquire(opts: AcquireOptions = {}): Promise<Release> {
    await new Promise<void>((resolve) => {
      this.lanes[opts.priority ? "priority" : "normal"].push(resolve);
      void this.pump();
    });
    let released = false;
    return () => {
      if (released) return;
      released = true;
      this.inFlight--;
      this.finished.push(this.now());
      const wake = this.wakeOnRelease;
      this.wakeOnRelease = undefined;
      wake?.();
    };
  }

  /** After a 429, nobody sends before `ms` from now. */
  pause(ms: number): void {
    this.pausedUntil = Math.max(this.pausedUntil, this.now() + ms);
    this.nextAt = Math.max(this.nextAt, this.pausedUntil);
  }

  /** Lets waiting requests go, one at a time, as spacing and the window allow. */
  private async pump(): Promise<void> {
    if (this.pumping) return;
    this.pumping = true;
    try {
      while (this.waiting > 0) {
        const t = this.now();
        if (t < this.nextAt) {
          // Short naps, so that a rate changed meanwhile applies to the next request.
          await this.sleep(Math.min(this.nextAt - t, 250));
          continue;
        }
        while (this.finished.length && this.finished[0]! <= t - this.windowMs) this.finished.shift();
        if (this.inFlight + this.finished.length >= this.perWindow) {
          if (this.finished.length) await this.sleep(this.finished[0]! + this.windowMs - t);
          else await new Promise<void>((r) => (this.wakeOnRelease = r));
          continue;
        }
        const next = this.lanes.priority.shift() ?? this.lanes.normal.shift()!;
        this.inFlight++;
        this.lastSentAt = t;
        this.nextAt = t + this.intervalMs;
        next();
      }
    } finally {
      this.pumping = false;
    }
  }
}

/**
 * One limiter per account, for every client of that account that shares this registry. The
 * provider session holds the registry of the provider process; clients created without one share
 * `RateLimiters.shared`. A client asking for another rate (a changed setting) changes the rate of
 * the account's one limiter: two limiters for one account would together exceed its limit.
 */
export class RateLimiters {
  /** The registry of clients created outside a provider session. */
  static readonly shared = new RateLimiters();

  private readonly byAccount = new Map<string, RateLimiter>();

  for(accountKey: string, requestsPerSecond: number): RateLimiter {
    let limiter = this.byAccount.get(accountKey);
    if (!limiter) {
      limiter = new RateLimiter(requestsPerSecond);
      this.byAccount.set(accountKey, limiter);
    } else if (limiter.requestsPerSecond !== requestsPerSecond) {
      limiter.setRate(requestsPerSecond);
    }
    return limiter;
  }
}
