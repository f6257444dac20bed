import { RunningEmulator } from "../../provider/src/emulator";
import { SlidingWindowLimiter, Stats } from "../../provider/src/emulator/rate-limit";
import { EMAIL, PASSWORD, call, sleep, withEmulator } from "./helpers";

function fakeClock() {
  let now = 0;
  return { now: () => now, advance: (ms: number) => (now += ms) };
}

describe("SlidingWindowLimiter", () => {
  it("admits `limit` requests within 1000 ms and refuses the next", () => {
    const clock = fakeClock();
    const limiter = new SlidingWindowLimiter(clock.now);
    expect([1, 2, 3, 4].map(() => limiter.tryAcquire("a", 3))).toEqual([true, true, true, false]);
  });

  it("admits again once the oldest accepted request is 1000 ms old", () => {
    const clock = fakeClock();
    const limiter = new SlidingWindowLimiter(clock.now);
    limiter.tryAcquire("a", 2);
    clock.advance(400);
    limiter.tryAcquire("a", 2);
    clock.advance(599);
    expect(limiter.tryAcquire("a", 2)).toBe(false);
    clock.advance(1);
    expect(limiter.tryAcquire("a", 2)).toBe(true);
    expect(limiter.tryAcquire("a", 2)).toBe(false);
  });

  it("does not count rejected requests toward the window", () => {
    const clock = fakeClock();
    const limiter = new SlidingWindowLimiter(clock.now);
    limiter.tryAcquire("a", 1);
    for (let i = 0; i < 9; i++) {
      clock.advance(100);
      expect(limiter.tryAcquire("a", 1)).toBe(false);
    }
    clock.advance(100);
    expect(limiter.tryAcquire("a", 1)).toBe(true);
  });

  it("keeps one window per account", () => {
    const limiter = new SlidingWindowLimiter(fakeClock().now);
    expect(limiter.tryAcquire("a", 1)).toBe(true);
    expect(limiter.tryAcquire("b", 1)).toBe(true);
    expect(limiter.tryAcquire("a", 1)).toBe(false);
  });

  it("treats a limit of 0 as no limit", () => {
    const limiter = new SlidingWindowLimiter(fakeClock().now);
    for (let i = 0; i < 100; i++) expect(limiter.tryAcquire("a", 0)).toBe(true);
  });
});

describe("Stats peakPerSecond", () => {
  it("is the most accepted requests of one account within any 1000 ms", () => {
    const clock = fakeClock();
    const stats = new Stats(clock.now);
    stats.accepted("a");
    clock.advance(500);
    stats.accepted("a");
    stats.accepted("b");
    clock.advance(600);
    stats.accepted("a");
    expect(stats.snapshot().peakPerSecond).toBe(2);
    expect(stats.snapshot("b").peakPerSecond).toBe(1);
    stats.reset();
    expect(stats.snapshot().peakPerSecond).toBe(0);
  });
});

async function burst(em: RunningEmulator, n: number, path = "/v1/ivrs") {
  return Promise.all(Array.from({ length: n }, () => call(em, "GET", path)));
}

describe("emulator rate limit", () => {
  let em: RunningEmulator;
  beforeAll(async () => {
    em = await withEmulator({ cps: 3 });
  });
  afterAll(() => em.close());
  // Reset also empties the rate-limit windows, so every test starts with a full allowance.
  beforeEach(() => em.reset());

  it("answers 429 with success as the string \"false\" and Retry-After: 1 above the account CPS", async () => {
    const results = await burst(em, 12);
    const accepted = results.filter((r) => r.status === 200);
    const limited = results.filter((r) => r.status === 429);
    expect(accepted.length + limited.length).toBe(12);
    expect(accepted.length).toBeGreaterThanOrEqual(3);
    expect(limited.length).toBeGreaterThanOrEqual(1);
    for (const res of limited) {
      expect(res.body).toEqual({ success: "false", message: "Too many requests." });
      expect(typeof res.body.success).toBe("string");
      expect(res.headers.get("retry-after")).toBe("1");
    }

    const stats = (await call(em, "GET", "/__emulator/stats")).body;
    expect(stats.rateLimited).toBe(limited.length);
    expect(stats.total).toBe(12);
    expect(stats.routes).toEqual({ "GET /v1/ivrs": 12 });
    expect(stats.peakPerSecond).toBeGreaterThanOrEqual(1);
    expect(stats.peakPerSecond).toBeLessThanOrEqual(3);
    expect((await call(em, "GET", "/__emulator/stats?account=default")).body.rateLimited).toBe(limited.length);
  });

  it("lets a client through again once it waits, because 429s do not extend the window", async () => {
    const one = await withEmulator({ cps: 1 });
    try {
      expect((await call(one, "GET", "/v1/ivrs")).status).toBe(200);
      const statuses: number[] = [];
      // Knock every 150 ms; if rejected requests counted, the window would never empty.
      for (let i = 0; i < 20 && !statuses.includes(200); i++) {
        await sleep(150);
        statuses.push((await call(one, "GET", "/v1/ivrs")).status);
      }
      expect(statuses[0]).toBe(429);
      expect(statuses).toContain(200);
    } finally {
      await one.close();
    }
  });

  it("sends no Retry-After header when retryAfter is false", async () => {
    const bare = await withEmulator({ cps: 1, retryAfter: false });
    try {
      const results = await Promise.all([call(bare, "GET", "/v1/ivrs"), call(bare, "GET", "/v1/ivrs"), call(bare, "GET", "/v1/ivrs")]);
      const limited = results.filter((r) => r.status === 429);
      expect(limited.length).toBeGreaterThanOrEqual(1);
      for (const res of limited) expect(res.headers.get("retry-after")).toBeNull();
    } finally {
      await bare.close();
    }
  });

  it("counts logins toward the account whose email matched, even with a wrong password", async () => {
    const two = await withEmulator({ cps: 2 });
    try {
      const wrong = await call(two, "POST", "/v1/auth/login", { token: null, body: { email: EMAIL, password: "wrong" } });
      expect(wrong.status).toBe(401);
      const right = await call(two, "POST", "/v1/auth/login", { token: null, body: { email: EMAIL, password: PASSWORD } });
      expect(right.status).toBe(200);
      const third = await call(two, "GET", "/v1/ivrs");
      expect(third.status).toBe(429);
      expect((await call(two, "GET", "/__emulator/stats?account=default")).body.routes).toEqual({
        "POST /v1/auth/login": 2,
        "GET /v1/ivrs": 1,
      });
    } finally {
      await two.close();
    }
  });

  it("never limits logins for unknown emails, unauthenticated requests or control endpoints", async () => {
    const one = await withEmulator({ cps: 1 });
    try {
      const results = await Promise.all([
        ...Array.from({ length: 4 }, () =>
          call(one, "POST", "/v1/auth/login", { token: null, body: { email: "nobody@example.com", password: "x" } }),
        ),
        ...Array.from({ length: 4 }, () => call(one, "GET", "/v1/ivrs", { token: null })),
        ...Array.from({ length: 8 }, () => call(one, "GET", "/__emulator/state")),
      ]);
      expect(results.map((r) => r.status)).toEqual([...Array(4).fill(401), ...Array(4).fill(401), ...Array(8).fill(200)]);
      expect((await call(one, "GET", "/v1/ivrs")).status).toBe(200);
    } finally {
      await one.close();
    }
  });

  it("does not limit at all with cps 0", async () => {
    const free = await withEmulator({ cps: 0 });
    try {
      const results = await burst(free, 25);
      expect(results.every((r) => r.status === 200)).toBe(true);
      expect(free.stats().peakPerSecond).toBeGreaterThanOrEqual(1);
    } finally {
      await free.close();
    }
  });

  it("zeroes the counters on POST /__emulator/stats/reset", async () => {
    await burst(em, 5);
    expect((await call(em, "POST", "/__emulator/stats/reset")).status).toBe(200);
    expect((await call(em, "GET", "/__emulator/stats")).body).toEqual({
      total: 0,
      routes: {},
      rateLimited: 0,
      outageRejected: 0,
      peakPerSecond: 0,
      faultsInjected: 0,
    });
  });
});
