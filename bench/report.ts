/** The readable form of the results: one table per suite, then the goals. */
import type { Goal } from "./goals";
import type { BenchResults, PhaseResult, SuiteResult } from "./results";

const kb = (bytes: number | undefined) => (bytes === undefined ? "-" : `${(bytes / 1000).toFixed(1)} KB`);
const sec = (ms: number | undefined) => (ms === undefined ? "-" : (ms / 1000).toFixed(1));

export function duration(ms: number): string {
  const s = Math.round(ms / 1000);
  return s >= 60 ? `${Math.floor(s / 60)}m${String(s % 60).padStart(2, "0")}s` : `${s}s`;
}

/** "GET /v1/ivrs" -> "GET ivrs", "PUT /v1/ivr/{id}" -> "PUT ivr/{id}". */
function shortRoute(route: string): string {
  return route.replace(" /v1/", " ");
}

function routes(p: PhaseResult): string {
  return Object.entries(p.requests.routes)
    .sort((a, b) => b[1] - a[1])
    .map(([r, c]) => `${shortRoute(r)} ${c}`)
    .join(", ");
}

const COLUMNS: Array<[string, number, (p: PhaseResult) => string]> = [
  ["phase", 26, (p) => p.title],
  ["wall s", 7, (p) => sec(p.wallMs)],
  ["floor s", 7, (p) => sec(p.floor.ms)],
  ["ratio", 6, (p) => p.ratio.toFixed(2)],
  ["span s", 7, (p) => sec(p.timing.requestSpanMs)],
  ["reqs", 5, (p) => String(p.requests.total)],
  ["429", 4, (p) => String(p.rateLimited)],
  ["failed", 6, (p) => String(p.failedResources.length) + (p.exitCode === 0 ? "" : "!")],
  ["prov MiB", 8, (p) => (p.memoryMiB.provider === undefined ? "-" : p.memoryMiB.provider.toFixed(0))],
  ["cli MiB", 7, (p) => (p.memoryMiB.cli === undefined ? "-" : p.memoryMiB.cli.toFixed(0))],
  ["requests by route", 0, routes],
];

function row(cells: string[]): string {
  return cells.map((c, i) => (i === 0 || i === cells.length - 1 ? c.padEnd(COLUMNS[i]![1]) : c.padStart(COLUMNS[i]![1]))).join("  ").trimEnd();
}

export function suiteTable(suite: SuiteResult): string {
  const lines = [
    `N = ${suite.n}, --parallel ${suite.parallel}  (suite took ${duration(suite.durationMs)})`,
    row(COLUMNS.map(([h]) => h)),
    ...suite.phases.map((p) => row(COLUMNS.map(([, , f]) => f(p)))),
  ];
  if (suite.state) {
    const st = suite.state;
    lines.push(
      `state per IVR: ${kb(st.exportBytesPerIvr)} of stack export, ${kb(st.checkpointBytesPerIvr)} of checkpoint on disk; ` +
        `one IVR resource ${kb(st.resourceBytesPerIvr)} compact, of it the serialized provider (in inputs and outputs) ${kb(st.providerBytesPerIvr)}`,
    );
  }
  const failures = suite.phases.filter((p) => p.exitCode !== 0 || p.failedResources.length || p.ivrsAfter !== p.ivrsExpected);
  for (const p of failures) {
    lines.push(`  ${p.title}: exit ${p.exitCode}, ${p.failedResources.length} failed, ${p.ivrsAfter}/${p.ivrsExpected} IVRs in the account${p.errors[0] ? `: ${p.errors[0]}` : ""}`);
  }
  return lines.join("\n");
}

export function goalsTable(goals: Goal[]): string {
  if (goals.length === 0) return "Goals: checked at N = 200 and 1,000 (none measured in this run).";
  const lines = ["Goals (issue 13):"];
  let heading = "";
  for (const g of goals) {
    const h = `  N = ${g.n}, --parallel ${g.parallel}`;
    if (h !== heading) lines.push((heading = h));
    lines.push(`    ${g.pass ? "✓" : "✗"} ${g.goal.padEnd(52)} ${g.actual}`);
  }
  return lines.join("\n");
}

export function report(results: BenchResults): string {
  const head =
    `pulumi-smartflo engine benchmark${results.baseline ? " (baseline)" : ""}: emulator and smartflo:requestsPerSecond at ${results.parameters.cps}/s` +
    `${results.parameters.latencyMs ? `, ${results.parameters.latencyMs} ms added latency` : ""}` +
    `${results.parameters.createReturnsId ? ", create answers the id" : ""}, ` +
    `pulumi ${results.versions.pulumi ?? "?"}, ${results.machine.cpus} CPUs, load at start ${results.machine.loadAtStart.join(" ")}`;
  return [
    head,
    "wall = CLI start to exit; floor = fewest requests the phase needs / rate; span = first to last request",
    "",
    ...results.suites.map(suiteTable).flatMap((t) => [t, ""]),
    goalsTable(results.goals),
  ].join("\n");
}
