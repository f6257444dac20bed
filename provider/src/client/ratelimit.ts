/**
 * Smartflo limits requests per account, across all APIs ("equal to the CPS assigned on the
 * account trunks", as low as 1-3 per second), and that budget is shared with live telephony.
 * Pulumi runs resource steps in parallel inside one provider process, so every request of the
 * process goes through one limiter per account: no burst can exceed the limit.
 */

/** Extra room per window, for the time between leaving the limiter and reaching the server. */
const WINDOW_MARGIN_MS = 50;

export class RateLimiter {
  private readonly intervalMs: number;
  private readonly perWindow: number;
  private readonly windowMs: number;
  private next = 0;
  /** When the last `perWindow` requests actually left. */
  private readonly sent: number[] = [];

  constructor(
    readonly requestsPerSecond: number,
    private readonly now: () => number = Date.now,
    private readonly sleep: (ms: number) => Promise<void> = (ms) => new Promise((r) => setTimeout(r, ms)),
  ) {
    if (!(requestsPerSecond > 0)) throw new RangeError(`requestsPerSecond must be > 0, got ${requestsPerSecond}`);
    // Evenly spaced starts, in arrival order...
    this.intervalMs = Math.ceil((1000 / requestsPerSecond) * 1.05);
    // ...and, whatever the event loop delayed, never more than the limit in any window.
    this.perWindow = Math.max(1, Math.floor(requestsPerSecond));
    this.windowMs = Math.ceil((1000 * this.perWindow) / requestsPerSecond) + WINDOW_MARGIN_MS;
  }

  /** Resolves when the caller may send its request; callers are served in arrival order. */
  async acquire(): Promise<void> {
    const now = this.now();
    const slot = Math.max(now, this.next);
    this.next = slot + this.intervalMs;
    if (slot > now) await this.sleep(slot - now);
    for (;;) {
      const oldest = this.sent.length >= this.perWindow ? this.sent[this.sent.length - this.perWindow] : -Infinity;
      const wait = oldest + this.windowMs - this.now();
      if (wait <= 0) break;
      await this.sleep(wait);
    }
    this.sent.push(this.now());
    if (this.sent.length > this.perWindow) this.sent.splice(0, this.sent.length - this.perWindow);
  }

  /** After a 429, nobody sends before `ms` from now. */
  pause(ms: number): void {
    this.next = Math.max(this.next, this.now() + ms);
  }
}

const limiters = new Map<string, RateLimiter>();

/**
 * The process-wide limiter for an account, shared by every client of that account in the
 * process. A different rate (a changed setting) starts a fresh limiter.
 */
export function limiterFor(accountKey: string, requestsPerSecond: number): RateLimiter {
  let limiter = limiters.get(accountKey);
  if (!limiter || limiter.requestsPerSecond !== requestsPerSecond) {
    limiter = new RateLimiter(requestsPerSecond);
    limiters.set(accountKey, limiter);
  }
  return limiter;
}
