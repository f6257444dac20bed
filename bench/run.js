#!/usr/bin/env node
// The scale benchmark (`npm run bench`, not part of `npm test`): N IVRs through the provider's
// real code paths, all steps in parallel as the Pulumi engine runs them, against the emulator
// enforcing the account's requests-per-second. Reports time per phase, requests, 429s, failed
// resources, peak memory, and bytes of state per IVR.
//   npm run bench -- --ivrs 200 --cps 3
"use strict";
const { execFileSync } = require("child_process");
const path = require("path");

const args = process.argv.slice(2);
const flag = (name, dflt) => {
  const i = args.indexOf(`--${name}`);
  return i >= 0 ? Number(args[i + 1]) : dflt;
};
const N = flag("ivrs", 200);
const CPS = flag("cps", 3);

const runtime = require("pulumi-smartflo/runtime");
const { startEmulator } = require("pulumi-smartflo/emulator");

function ivrArgs(i) {
  const rec = (id) => `recording||${id}`;
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

let peakRss = 0;
let peakHeap = 0;
const sampler = setInterval(() => {
  const m = process.memoryUsage();
  peakRss = Math.max(peakRss, m.rss);
  peakHeap = Math.max(peakHeap, m.heapUsed);
}, 50);

async function phase(name, fn) {
  const t0 = Date.now();
  const results = await Promise.allSettled(fn());
  const failed = results.filter((r) => r.status === "rejected");
  const ms = Date.now() - t0;
  console.log(`${name.padEnd(22)} ${String(ms).padStart(7)} ms   ${results.length - failed.length} ok, ${failed.length} failed`);
  if (failed.length) console.log(`  first failure: ${failed[0].reason && failed[0].reason.message}`);
  return { ms, failed: failed.length, values: results.map((r) => r.value) };
}

(async () => {
  const emu = await startEmulator({ cps: CPS });
  const providerText = JSON.parse(
    execFileSync(process.execPath, [path.join(__dirname, "..", "test", "support", "serialize-provider.js")], {
      cwd: path.join(__dirname, ".."),
    }).toString(),
  ).text;
  await runtime.configure({
    get: (k) => ({ "smartflo:baseUrl": emu.url, "smartflo:token": "emulator-token", "smartflo:requestsPerSecond": String(CPS) })[k],
  });
  console.log(`pulumi-smartflo benchmark: ${N} IVRs, account limit ${CPS} requests/second\n`);
  const withProvider = (x) => ({ ...x, __provider: providerText });

  const checks = await phase("check (preview)", () => Array.from({ length: N }, (_, i) => runtime.check({}, withProvider(ivrArgs(i)))));
  const inputs = checks.values.map((c) => c.inputs);
  const creates = await phase("create (up)", () => inputs.map((x) => runtime.create(withProvider(x))));
  const diffs = await phase("diff (no changes)", () => creates.values.map((c, i) => runtime.diff(c.id, c.outs, inputs[i])));
  const changed = diffs.values.filter((d) => d && d.changes).length;
  await phase("read (refresh)", () => creates.values.map((c) => runtime.read(c.id, withProvider(c.outs))));
  await phase("delete (destroy)", () => creates.values.map((c) => runtime.remove(c.id, c.outs)));
  clearInterval(sampler);

  const stats = emu.stats();
  const outs = creates.values[0].outs;
  // Pulumi keeps inputs and outputs per resource, each with a copy of the serialized provider.
  const stateBytes = JSON.stringify(withProvider(inputs[0])).length + JSON.stringify(withProvider(outs)).length;
  console.log(`\nrequests               ${stats.total} (${Object.entries(stats.routes).map(([r, n]) => `${r}: ${n}`).join(", ")})`);
  console.log(`429s from the account  ${stats.rateLimited}`);
  console.log(`peak requests/second   ${stats.peakPerSecond} (limit ${CPS})`);
  console.log(`diffs with changes     ${changed} (expected 0)`);
  console.log(`state per IVR          ~${stateBytes} bytes (serialized provider ${providerText.length} bytes, twice)`);
  console.log(`peak memory            rss ${(peakRss / 2 ** 20).toFixed(1)} MiB, heap ${(peakHeap / 2 ** 20).toFixed(1)} MiB`);
  await emu.close();
  const failures = checks.failed + creates.failed + diffs.failed + changed;
  process.exit(failures ? 1 : 0);
})().catch((err) => {
  console.error(err);
  process.exit(1);
});
