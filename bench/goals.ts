/**
 * The performance goals (issue 13), checked at N = 200 and N = 1,000 for each parallelism
 * measured. Each goal says what it compares so a ✗ can be read without the code.
 */
import { changedByRevision } from "./program";
import type { PhaseName } from "./phases";
import type { PhaseResult, SuiteResult } from "./results";

export const GOAL_NS = [200, 1000];
export const STATE_BYTES_PER_IVR = 5000;

export interface Goal {
  n: number;
  parallel: number | "default";
  goal: string;
  actual: string;
  pass: boolean;
}

function phase(suite: SuiteResult, name: PhaseName): PhaseResult | undefined {
  return suite.phases.find((p) => p.name === name);
}

export function evaluateGoals(suites: SuiteResult[]): Goal[] {
  const goals: Goal[] = [];
  for (const suite of suites) {
    if (!GOAL_NS.includes(suite.n)) continue;
    const add = (goal: string, actual: string, pass: boolean) =>
      goals.push({ n: suite.n, parallel: suite.parallel, goal, actual, pass });
    const up = phase(suite, "up");
    const preview = phase(suite, "preview");
    const refresh = phase(suite, "refresh");
    const changed = phase(suite, "up-10%");
    const destroy = phase(suite, "destroy");
    const n = suite.n;

    if (up) {
      add("up within 1.15x of the floor", `${up.ratio}x (${s(up.wallMs)} vs ${s(up.floor.ms)})`, up.ratio <= 1.15);
      add(`up makes at most 1.05 N = ${Math.floor(1.05 * n)} requests`, `${up.requests.total} (${(up.requests.total / n).toFixed(2)} N)`, up.requests.total <= 1.05 * n);
    }
    const limited = suite.phases.reduce((sum, p) => sum + p.rateLimited, 0);
    add("0 429s in every phase", `${limited}`, limited === 0);
    const failed = suite.phases.reduce((sum, p) => sum + p.failedResources.length + (p.exitCode === 0 ? 0 : 1), 0);
    add("0 failed resources (and every command exits 0)", `${failed}`, failed === 0);
    if (preview) {
      const others = suites.filter((o) => o.parallel === suite.parallel && o.n >= 10).map((o) => phase(o, "preview")?.requests.reads);
      const constant = others.every((r) => r === preview.requests.reads);
      add(
        "no-op preview: 0 writes, the same reads whatever N",
        `${preview.requests.writes} writes, ${preview.requests.reads} reads (reads at each N: ${others.join(", ")})`,
        preview.requests.writes === 0 && constant,
      );
    }
    if (refresh) {
      const lists = refresh.requests.routes["GET /v1/ivrs"] ?? 0;
      add("refresh makes at most 2 GET /v1/ivrs", `${lists}`, lists <= 2);
    }
    if (changed) {
      const puts = changed.requests.routes["PUT /v1/ivr/{id}"] ?? 0;
      const want = changedByRevision(n);
      add(`10% changed: exactly ${want} PUTs and no other write`, `${puts} PUTs, ${changed.requests.writes} writes`, puts === want && changed.requests.writes === want);
    }
    if (destroy) {
      add("destroy within 1.1x of the floor", `${destroy.ratio}x (${s(destroy.wallMs)} vs ${s(destroy.floor.ms)})`, destroy.ratio <= 1.1);
    }
    if (suite.state?.checkpointBytesPerIvr !== undefined) {
      // On the checkpoint the backend stores: `stack export` pretty-prints, which alone is more
      // than half of its size per IVR.
      add(
        `state at most ${STATE_BYTES_PER_IVR / 1000} KB per IVR (checkpoint / N)`,
        `${(suite.state.checkpointBytesPerIvr / 1000).toFixed(1)} KB (stack export ${(suite.state.exportBytesPerIvr / 1000).toFixed(1)} KB, provider ${(suite.state.providerBytesPerIvr / 1000).toFixed(1)} KB)`,
        suite.state.checkpointBytesPerIvr <= STATE_BYTES_PER_IVR,
      );
    }
  }
  return goals;
}

function s(ms: number): string {
  return `${(ms / 1000).toFixed(1)} s`;
}
