import { RateLimiter } from "../../provider/src/client/ratelimit";

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
});
