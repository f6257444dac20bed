import { RateLimiter, RateLimiters } from "../../provider/src/client/ratelimit";

/** The most events in any window of `windowMs` (inclusive start, exclusive end). */
function peak(times: number[], windowMs: number): number {
  return Math.max(...times.map((start) => times.filter((x) => x >= start && x < start + windowMs).length));
}

/** Runs `n` requests through the limiter under fake timers; each takes `durationMs` to answer. */
async function simulate(limiter: RateLimiter, n: number, durationMs = 20) {
  const sent: number[] = [];
  const all = Promise.all(
    Array.from({ length: n }, async () => {
      const release = await limiter.acquire();
      sent.push(Date.now());
      await new Promise((r) => setTimeout(r, durationMs));
      release();
    }),
  );
  await jest.advanceTimersByTimeAsync(60_000);
  await all;
  return sent;
}

describe("RateLimiter", () => {
  beforeEach(() => jest.useFakeTimers({ now: 0 }));
  afterEach(() => jest.useRealTimers());

  it("spaces requests evenly at the configured rate", async () => {
    const sent = await simulate(new RateLimiter(3), 9);
    expect(peak(sent, 1000)).toBeLessThanOrEqual(3);
    expect(sent[8]).toBeLessThan(3100); // ~350 ms apart, not a second per batch
  });

  it("never lets more than the limit reach the server in a second, even when timers fire late", async () => {
    let calls = 0;
    // Every fourth wake-up comes 300 ms late, as on a busy event loop.
    const lateSleep = (ms: number) => new Promise<void>((r) => setTimeout(r, ms + (calls++ % 4 === 0 ? 300 : 0)));
    const sent = await simulate(new RateLimiter(3, Date.now, lateSleep), 12);
    expect(sent).toHaveLength(12);
    expect(peak(sent, 1000)).toBeLessThanOrEqual(3);
  });

  it("counts a slow request as in flight: a request that left early but answers late still fills the window", async () => {
    const limiter = new RateLimiter(2);
    // Each request reaches the server at some point before it answers; at 600 ms per answer,
    // counting only start times would let a third request in while two may still be arriving.
    const sent = await simulate(limiter, 6, 600);
    for (let i = 2; i < sent.length; i++) expect(sent[i] - sent[i - 2]).toBeGreaterThanOrEqual(1000 + 600);
  });

  it("holds everyone back after a 429 for the time the server asked", async () => {
    const limiter = new RateLimiter(10);
    (await limiter.acquire())();
    limiter.pause(2000);
    const later = limiter.acquire();
    await jest.advanceTimersByTimeAsync(2500);
    await later;
    expect(Date.now()).toBeGreaterThanOrEqual(2000);
  });

  it("handles rates below one per second", async () => {
    const sent = await simulate(new RateLimiter(0.5), 3);
    expect(sent[1] - sent[0]).toBeGreaterThanOrEqual(2000);
    expect(sent[2] - sent[1]).toBeGreaterThanOrEqual(2000);
  });

  it("refuses a rate of zero", () => {
    expect(() => new RateLimiter(0)).toThrow(RangeError);
  });

  it("spaces at exactly the rate, with no safety factor: 200 ms apart at 5/s, the window adding only the answer time", async () => {
    const sent = await simulate(new RateLimiter(5), 10);
    expect(sent.slice(0, 5)).toEqual([0, 200, 400, 600, 800]);
    expect(sent[5]).toBe(1020); // a second after the first request's 20 ms answer
    expect(peak(sent, 1000)).toBeLessThanOrEqual(5);
  });

  it("serves the priority lane before every request still waiting in the normal lane", async () => {
    const limiter = new RateLimiter(2);
    const order: string[] = [];
    const go = (label: string, priority = false) =>
      limiter.acquire({ priority }).then((release) => {
        order.push(label);
        setTimeout(release, 10);
      });
    const all = [...Array.from({ length: 6 }, (_, i) => go(`post ${i}`)), go("lookup", true)];
    await jest.advanceTimersByTimeAsync(10_000);
    await Promise.all(all);
    // The first normal request had already left the queue; the lookup goes next, ahead of 5 others.
    expect(order).toEqual(["post 0", "lookup", "post 1", "post 2", "post 3", "post 4", "post 5"]);
  });

  it("applies a changed rate to the requests already waiting", async () => {
    const limiter = new RateLimiter(1);
    const sent: number[] = [];
    const all = Array.from({ length: 5 }, () => limiter.acquire().then((release) => (sent.push(Date.now()), release())));
    limiter.setRate(10);
    await jest.advanceTimersByTimeAsync(5_000);
    await Promise.all(all);
    expect(sent[4]).toBeLessThan(1000);
  });
});

describe("RateLimiters", () => {
  it("keeps one limiter per account when a client asks for another rate", () => {
    const registry = new RateLimiters();
    const first = registry.for("https://api|token:abc", 3);
    const second = registry.for("https://api|token:abc", 5);
    expect(second).toBe(first);
    expect(first.requestsPerSecond).toBe(5);
    expect(registry.for("https://api|token:other", 5)).not.toBe(first);
  });
});
