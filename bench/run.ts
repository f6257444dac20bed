/**
 * `npm run bench`: pulumi-smartflo through the real Pulumi engine at the account's rate limit
 * (see options.ts for the flags, phases.ts for what is measured and each phase's floor).
 * Prints a table and writes bench/results/<label>.json and <label>.svg.
 */
import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import { chart } from "./chart";
import { evaluateGoals } from "./goals";
import { runInProcess } from "./in-process";
import { machine, versions } from "./machine";
import { HELP, parseOptions } from "./options";
import { interruptAll, pulumiRoot, REPO } from "./pulumi-cli";
import { duration, report } from "./report";
import type { BenchResults } from "./results";
import { WORK, runSuite } from "./suite";

const RESULTS = path.join(REPO, "bench", "results");

async function main(): Promise<number> {
  const opts = parseOptions(process.argv.slice(2));
  if (opts.help) {
    process.stdout.write(HELP);
    return 0;
  }
  if (opts.inProcess) {
    let failures = 0;
    for (const n of opts.ns) failures += await runInProcess(n, opts.cps);
    return failures ? 1 : 0;
  }

  const started = performance.now();
  const root = await pulumiRoot();
  const results: BenchResults = {
    kind: "pulumi-smartflo engine benchmark",
    baseline: opts.baseline,
    label: opts.label,
    note: opts.note,
    date: new Date().toISOString(),
    machine: machine(),
    versions: versions(root),
    parameters: {
      ns: opts.ns,
      cps: opts.cps,
      requestsPerSecond: opts.cps,
      latencyMs: opts.latencyMs,
      createReturnsId: opts.createReturnsId,
      parallel: opts.parallel.map((p) => p ?? "default"),
      settings: opts.settings,
      phases: opts.phases ?? "all",
      debug: opts.debug,
      program: "bench/program.ts: N IVRs, every tenth (9, 19, ...) routing key 4 to the first of its ten; 10% update = new description on IVRs 0, 10, 20, ...",
    },
    suites: [],
    goals: [],
    durationMs: 0,
  };
  console.log(
    `pulumi-smartflo engine benchmark: N = ${opts.ns.join(", ")}, ${opts.cps} requests/second, ${opts.latencyMs} ms added latency${opts.createReturnsId ? ", create answers the id" : ""}, --parallel ${results.parameters.parallel.join(", ")}` +
      ` (${os.cpus().length} CPUs, load ${results.machine.loadAtStart.join(" ")})`,
  );
  const runId = results.date.replace(/[:.]/g, "-");
  for (const parallel of opts.parallel) {
    for (const n of opts.ns) {
      console.log(`\nN = ${n}, --parallel ${parallel ?? "default"}`);
      const suite = await runSuite({
        root,
        n,
        cps: opts.cps,
        latencyMs: opts.latencyMs,
        createReturnsId: opts.createReturnsId,
        parallel,
        settings: opts.settings,
        phases: opts.phases,
        debug: opts.debug,
        keep: opts.keep,
        logDir: path.join(WORK, "logs", runId, `n${n}-p${parallel ?? "default"}`),
        say: (line) => console.log(line),
      });
      results.suites.push(suite);
      console.log(`  (took ${duration(suite.durationMs)})`);
    }
  }
  results.goals = evaluateGoals(results.suites);
  results.machine.loadAtEnd = os.loadavg().map((l) => Math.round(l * 100) / 100);
  results.durationMs = Math.round(performance.now() - started);

  const out = path.resolve(opts.out ?? RESULTS);
  fs.mkdirSync(out, { recursive: true });
  const json = path.join(out, `${opts.label}.json`);
  const svg = path.join(out, `${opts.label}.svg`);
  fs.writeFileSync(json, `${JSON.stringify(results, null, 2)}\n`);
  fs.writeFileSync(svg, chart(results));
  console.log(`\n${report(results)}\n`);
  console.log(`whole run took ${duration(results.durationMs)}; results in ${path.relative(REPO, json)} and ${path.relative(REPO, svg)}`);
  if (opts.debug) console.log(`provider logs and request timelines in ${path.relative(REPO, path.join(WORK, "logs", runId))}`);
  const broken = results.suites.some((s) => s.phases.some((p) => p.exitCode !== 0 || p.ivrsAfter !== p.ivrsExpected));
  return broken ? 1 : 0;
}

let interrupts = 0;
process.on("SIGINT", () => {
  if (interrupts++ > 0) process.exit(130);
  console.error("\ninterrupted: cancelling the running pulumi command (Ctrl-C again to quit at once)");
  interruptAll();
});

main().then(
  (code) => process.exit(code),
  (err) => {
    console.error(err instanceof Error ? err.message : err);
    process.exit(2);
  },
);
