/**
 * A kind's provider methods called as the engine calls them (plain JSON, `__provider` present),
 * against the file's emulator (test/support/client.ts), with a fresh provider session per test
 * and per "run".
 */
import { provider } from "../../provider/src/provider/runtime";
import { resetSession } from "../../provider/src/provider/session";
import type { KindProvider } from "../../provider/src/provider/runtime";
import { emulatorForFile } from "./client";
import { TOKEN, control } from "./emulator";

export const PROVIDER_TEXT = "exports.handler = __f0; /* serialized provider */";

export function providerForFile(type: string) {
  const file = emulatorForFile();
  const ctx = {
    get emu() {
      return file.emu;
    },
    stats: file.stats,
    kind: provider(type) as KindProvider,
    settings: {} as Record<string, string>,
    /** What the provider printed to stderr (warnings) and stdout (notes) in this test. */
    printed: [] as string[],
    async configure(extra: Record<string, string> = {}) {
      ctx.settings = { "smartflo:baseUrl": file.emu.url, "smartflo:token": TOKEN, "smartflo:requestsPerSecond": "50", ...extra };
      await ctx.kind.configure({ get: (k: string) => ctx.settings[k] });
    },
    /** A later Pulumi run: a new provider process, configured with the same settings. */
    async newRun() {
      resetSession();
      await ctx.kind.configure({ get: (k: string) => ctx.settings[k] });
    },
    check: (olds: Record<string, unknown>, news: Record<string, unknown>) => ctx.kind.check(olds, { ...news, __provider: PROVIDER_TEXT }),
    /** check + create, as `pulumi up` does for a new resource. */
    async created(args: Record<string, unknown>) {
      const checked = await ctx.check({}, args);
      expect(checked.failures).toEqual([]);
      return ctx.kind.create({ ...checked.inputs, __provider: PROVIDER_TEXT });
    },
    account: async () => (await control(file.emu, "GET", "state")).accounts.default,
  };
  beforeEach(async () => {
    resetSession();
    await ctx.configure();
    ctx.printed = [];
    jest.spyOn(console, "error").mockImplementation((m: string) => void ctx.printed.push(String(m)));
    jest.spyOn(console, "log").mockImplementation((m: string) => void ctx.printed.push(String(m)));
  });
  afterEach(() => jest.restoreAllMocks());
  return ctx;
}
