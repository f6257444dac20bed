import { RateLimiter } from "../../provider/src/client/ratelimit";

/** A fake clock: sleeping advances time, by more than asked when `oversleep` says so (a busy event loop). */
function fakeClock(oversleep: (call: number) => number = () => 0) {
  let t = 0;
  let calls = 0;
  return {
    now: () => t,
    sleep: async (ms: number) => {
      t += ms + oversleep(calls++);
    },
  };
}

/** The most sends in any window of `windowMs` (inclusive start, exclusive end). */
function peak(times: number[], windowMs: number): number {
  return Math.max(...times.map((start) => times.filter((x) => x >= start && x < start + windowMs).length));
}

describe("RateLimiter", () => {
  it("spaces requests evenly at the configured rate", async () => {
    const clock = fakeClock();
    const limiter = new RateLimiter(3, clock.now, clock.sleep);
    const times: number[] = [];
    for (let i = 0; i < 9; i++) {
      await limiter.acquire();
      times.push(clock.now());
    }
    expect(peak(times, 1000)).toBeLessThanOrEqual(3);
    expect(times[8]).toBeLessThan(3000); // ~350 ms apart, not a second per batch
  });

  it("never lets more than the limit through in a second, even when the event loop delayed one", async () => {
    jest.useFakeTimers({ now: 0 });
    try {
      let calls = 0;
      // Every fourth wake-up comes 300 ms late, as on a busy event loop.
      const lateSleep = (ms: number) => new Promise<void>((r) => setTimeout(r, ms + (calls++ % 4 === 0 ? 300 : 0)));
      const limiter = new RateLimiter(3, Date.now, lateSleep);
      const times: number[] = [];
      const all = Promise.all(
        Array.from({ length: 12 }, async () => {
          await limiter.acquire();
          times.push(Date.now());
        }),
      );
      await jest.advanceTimersByTimeAsync(20_000);
      await all;
      expect(times).toHaveLength(12);
      expect(peak(times, 1000)).toBeLessThanOrEqual(3);
    } finally {
      jest.useRealTimers();
    }
  });

  it("holds everyone back after a 429 for the time the server asked", async () => {
    const clock = fakeClock();
    const limiter = new RateLimiter(10, clock.now, clock.sleep);
    await limiter.acquire();
    limiter.pause(2000);
    await limiter.acquire();
    expect(clock.now()).toBeGreaterThanOrEqual(2000);
  });

  it("handles rates below one per second", async () => {
    const clock = fakeClock();
    const limiter = new RateLimiter(0.5, clock.now, clock.sleep);
    await limiter.acquire();
    await limiter.acquire();
    expect(clock.now()).toBeGreaterThanOrEqual(2000);
  });

  it("refuses a rate of zero", () => {
    expect(() => new RateLimiter(0)).toThrow(RangeError);
  });
});
