/** Helpers for tests that drive the Smartflo client against an emulator. */
import nodeFetch from "node-fetch";
import { ClientOptions, SmartfloClient } from "../../provider/src/client/client";
import { Ivr, validateIvr } from "../../provider/src/kinds/ivr/spec";
import type { Emulator } from "./emulator";
import { TOKEN, control, startEmulator } from "./emulator";

/** A client of the emulator's default account, fast enough not to wait on its own limiter. */
export function clientOf(emu: Emulator, opts: Partial<ClientOptions> = {}): SmartfloClient {
  return new SmartfloClient({ baseUrl: emu.url, token: TOKEN, requestsPerSecond: 50, ...opts });
}

/** The canonical IVR for these args (throws when they are invalid). */
export function valid(x: unknown): Ivr {
  const r = validateIvr(x);
  if (!r.ok) throw new Error(JSON.stringify(r.problems));
  return r.value;
}

/** Records each delay the client asks for, and waits only a moment. */
export function recordingSleep() {
  const delays: number[] = [];
  return { delays, sleep: (ms: number) => (delays.push(ms), new Promise<void>((r) => setTimeout(r, 5))) };
}

/** Every request the client sent: method, url, headers. */
export function spyFetch() {
  const calls: Array<{ method: string; url: string; headers: Record<string, string> }> = [];
  const fetch = (url: string, init: Record<string, unknown>) => {
    calls.push({ method: String(init.method), url, headers: { ...(init.headers as Record<string, string>) } });
    return nodeFetch(url, init as never) as never;
  };
  return { calls, fetch };
}

/**
 * One emulator (no rate limit) for the test file, reset and cleared of faults before each test,
 * with a client of it and its request counters.
 */
export function emulatorForFile() {
  const ctx = {
    emu: undefined as unknown as Emulator,
    client: (opts: Partial<ClientOptions> = {}) => clientOf(ctx.emu, opts),
    stats: () => control(ctx.emu, "GET", "stats"),
  };
  beforeAll(async () => {
    ctx.emu = await startEmulator({ cps: 0 });
  });
  afterAll(() => ctx.emu.close());
  beforeEach(async () => {
    await control(ctx.emu, "POST", "reset");
    await control(ctx.emu, "DELETE", "faults");
  });
  return ctx;
}
