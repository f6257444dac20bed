/**
 * The older, engine-free benchmark (`npm run bench -- --in-process`): N IVRs through the
 * provider's functions called directly in this process, every step of a phase at once, against
 * the emulator at the account's rate. It isolates the provider from the engine (no step
 * scheduling, no gRPC, no language host), so the gap to the engine figures is the engine's share.
 */
import { execFileSync } from "child_process";
import * as path from "path";
import { BenchEmulator } from "./emulator";
import { REPO } from "./pulumi-cli";

// eslint-disable-next-line @typescript-eslint/no-explicit-any
type Props = Record<string, any>;

function ivrArgs(i: number): Props {
  const rec = (id: string) => `recording||${id}`;
  return {
    name: `Bench IVR ${String(i).padStart(4, "0")}`,
    description: `Benchmark IVR number ${i}`,
    greeting: rec("28935"),
    ringTimeoutSeconds: 30,
    options: [
      { key: "1", destination: "extension||05047530000" },
      { key: "2", destination: "department||20546", smsTemplateId: "35642" },
      { key: "3", destination: "agent||050109590002" },
      { key: "9", destination: "hangup||1" },
    ],
    invalidInput: { retries: 2, retryRecording: rec("28955"), finalRecording: rec("28934"), destination: "extension||05047530099" },
    noInput: { retries: 2, retryRecording: rec("28977"), finalRecording: rec("28955"), destination: "extension||05047530675" },
  };
}

interface Outcome<T> {
  ms: number;
  failed: number;
  values: T[];
}

async function phase<T>(name: string, fn: () => Array<Promise<T>>): Promise<Outcome<T>> {
  const t0 = Date.now();
  const results = await Promise.allSettled(fn());
  const failed = results.filter((r): r is PromiseRejectedResult => r.status === "rejected");
  const ms = Date.now() - t0;
  console.log(`${name.padEnd(22)} ${String(ms).padStart(7)} ms   ${results.length - failed.length} ok, ${failed.length} failed`);
  if (failed.length) console.log(`  first failure: ${(failed[0]!.reason as Error)?.message}`);
  return { ms, failed: failed.length, values: results.map((r) => (r.status === "fulfilled" ? r.value : (undefined as T))) };
}

/** Returns the number of failures (0 = all well). */
export async function runInProcess(n: number, cps: number): Promise<number> {
  // eslint-disable-next-line @typescript-eslint/no-var-requires
  const runtime = require("pulumi-smartflo/runtime");
  let peakRss = 0;
  let peakHeap = 0;
  const sampler = setInterval(() => {
    const m = process.memoryUsage();
    peakRss = Math.max(peakRss, m.rss);
    peakHeap = Math.max(peakHeap, m.heapUsed);
  }, 50);

  const emu = await BenchEmulator.start(cps);
  try {
    const providerText = JSON.parse(
      execFileSync(process.execPath, [path.join(REPO, "test", "support", "serialize-provider.js")], { cwd: REPO }).toString(),
    ).text as string;
    const settings: Record<string, string> = {
      "smartflo:baseUrl": emu.url,
      "smartflo:token": "emulator-token",
      "smartflo:requestsPerSecond": String(cps),
    };
    await runtime.configure({ get: (k: string) => settings[k] });
    console.log(`pulumi-smartflo in-process benchmark: ${n} IVRs, account limit ${cps} requests/second\n`);
    const withProvider = (x: Props) => ({ ...x, __provider: providerText });

    const checks = await phase<Props>("check (preview)", () => Array.from({ length: n }, (_, i) => runtime.check({}, withProvider(ivrArgs(i)))));
    const inputs = checks.values.map((c) => c?.inputs);
    const creates = await phase<Props>("create (up)", () => inputs.map((x) => runtime.create(withProvider(x))));
    const diffs = await phase<Props>("diff (no changes)", () => creates.values.map((c, i) => runtime.diff(c?.id, c?.outs, inputs[i])));
    const changed = diffs.values.filter((d) => d && d.changes).length;
    await phase("read (refresh)", () => creates.values.map((c) => runtime.read(c?.id, withProvider(c?.outs))));
    await phase("delete (destroy)", () => creates.values.map((c) => runtime.remove(c?.id, c?.outs)));

    const stats = await emu.stats();
    const outs = creates.values[0]?.outs;
    // Pulumi keeps inputs and outputs per resource, each with a copy of the serialized provider.
    const stateBytes = JSON.stringify(withProvider(inputs[0] ?? {})).length + JSON.stringify(withProvider(outs ?? {})).length;
    console.log(`\nrequests               ${stats.total} (${Object.entries(stats.routes).map(([r, c]) => `${r}: ${c}`).join(", ")})`);
    console.log(`429s from the account  ${stats.rateLimited}`);
    console.log(`peak requests/second   ${stats.peakPerSecond} (limit ${cps})`);
    console.log(`diffs with changes     ${changed} (expected 0)`);
    console.log(`state per IVR          ~${stateBytes} bytes (serialized provider ${providerText.length} bytes, twice)`);
    console.log(`peak memory            rss ${(peakRss / 2 ** 20).toFixed(1)} MiB, heap ${(peakHeap / 2 ** 20).toFixed(1)} MiB`);
    return checks.failed + creates.failed + diffs.failed + changed;
  } finally {
    clearInterval(sampler);
    await emu.close();
  }
}
