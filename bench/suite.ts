/**
 * One benchmark suite: a fresh emulator and stack, the generated program with N IVRs, and the
 * phases in order, each measured from the CLI's start to its exit.
 */
import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import { BenchEmulator, routeOf } from "./emulator";
import { PHASES, Phase, isWrite } from "./phases";
import { IVR_TYPE, PROGRAM_ENV, STACK, writeProgram } from "./program";
import { CommandResult, EngineEvent, PulumiCli, REPO } from "./pulumi-cli";
import type { PhaseResult, StateSize, SuiteResult } from "./results";

export const WORK = path.join(REPO, "bench", ".work");

export interface SuiteOptions {
  root: string;
  n: number;
  cps: number;
  latencyMs: number;
  createReturnsId: boolean;
  parallel?: number;
  settings: boolean;
  phases?: string[];
  debug: boolean;
  keep: boolean;
  /** Where --debug logs of this suite go. */
  logDir: string;
  /** Progress lines. */
  say(line: string): void;
}

const MiB = (kib: number | undefined) => (kib === undefined ? undefined : Math.round((kib / 1024) * 10) / 10);

export async function runSuite(opts: SuiteOptions): Promise<SuiteResult> {
  const started = performance.now();
  fs.mkdirSync(WORK, { recursive: true });
  const dir = fs.mkdtempSync(path.join(WORK, `n${opts.n}-p${opts.parallel ?? "default"}-`));
  writeProgram(dir, REPO);
  const emulator = await BenchEmulator.start(opts.cps, { createReturnsId: opts.createReturnsId });
  if (opts.latencyMs > 0) await emulator.addLatency(opts.latencyMs);
  const cli = new PulumiCli(opts.root, dir, { ...PROGRAM_ENV, ...(opts.debug ? { SMARTFLO_DEBUG: "1" } : {}) });
  const suite: SuiteResult = { n: opts.n, parallel: opts.parallel ?? "default", phases: [], durationMs: 0 };
  try {
    await cli.must(["stack", "init", STACK, "--non-interactive"]);
    const config: Array<[string, string, boolean?]> = [
      ["bench:ivrs", String(opts.n)],
      ["smartflo:baseUrl", emulator.url],
      ["smartflo:token", "emulator-token", true],
      ["smartflo:requestsPerSecond", String(opts.cps)],
    ];
    for (const [key, value, secret] of config) {
      await cli.must(["config", "set", ...(secret ? ["--secret"] : []), key, value]);
    }
    if (opts.debug) fs.mkdirSync(opts.logDir, { recursive: true });
    for (const phase of PHASES) {
      if (opts.phases ? !opts.phases.includes(phase.name) : phase.optional && !opts.settings) continue;
      for (const [key, value] of Object.entries(phase.config ?? {})) await cli.must(["config", "set", key, value]);
      const result = await runPhase(phase, opts, cli, emulator);
      suite.phases.push(result);
      opts.say(
        `  ${phase.title.padEnd(26)} ${(result.wallMs / 1000).toFixed(1).padStart(7)} s  ${String(result.requests.total).padStart(5)} requests` +
          `${result.exitCode === 0 ? "" : `  exit ${result.exitCode}: ${result.errors[0] ?? ""}`.slice(0, 300)}`,
      );
      if (phase.name === "up") suite.state = await stateSize(cli, opts.n, opts.debug ? opts.logDir : undefined);
    }
  } finally {
    await emulator.close();
    cli.cleanup();
    if (!opts.keep) fs.rmSync(dir, { recursive: true, force: true });
  }
  suite.durationMs = Math.round(performance.now() - started);
  return suite;
}

async function runPhase(phase: Phase, opts: SuiteOptions, cli: PulumiCli, emulator: BenchEmulator): Promise<PhaseResult> {
  const args = [...phase.args, "--json", ...(opts.parallel ? ["--parallel", String(opts.parallel)] : [])];
  await emulator.resetPhase();
  const loadBefore = os.loadavg()[0]!;
  const result = await cli.exec(args, { events: phase.streamsEvents });
  const loadAfter = os.loadavg()[0]!;
  const stats = await emulator.stats();
  const ivrsAfter = await emulator.ivrCount();
  const requests = emulator.requests.map((r) => ({ atMs: r.at - result.startedAt, route: routeOf(r), status: r.status }));

  const floor = phase.floor(opts.n);
  const floorMs = (floor.requests / opts.cps) * 1000;
  const writes = Object.entries(stats.routes).filter(([r]) => isWrite(r)).reduce((sum, [, c]) => sum + c, 0);
  const outcome = phase.streamsEvents ? fromEvents(result.events) : fromPreviewDocument(result.stdout);
  if (result.exitCode !== 0 && outcome.errors.length === 0) outcome.errors.push(trim(result.stderr || result.stdout));
  const first = requests[0]?.atMs;
  const last = requests[requests.length - 1]?.atMs;
  const span = first !== undefined && last !== undefined ? last - first : undefined;
  const idle = idleGaps(requests.map((r) => r.atMs), opts.cps);

  if (opts.debug) writeLogs(opts.logDir, phase, result, requests);
  return {
    name: phase.name,
    title: phase.title,
    command: `pulumi ${args.join(" ")}`,
    exitCode: result.exitCode,
    wallMs: Math.round(result.wallMs),
    floor: { ...floor, ms: Math.round(floorMs) },
    ratio: round2(result.wallMs / floorMs),
    requests: { total: stats.total, reads: stats.total - writes, writes, routes: stats.routes },
    rateLimited: stats.rateLimited,
    peakPerSecond: stats.peakPerSecond,
    failedResources: outcome.failed,
    errors: outcome.errors,
    resourceChanges: outcome.changes,
    ivrsAfter,
    ivrsExpected: phase.expectedIvrs(opts.n),
    timing: {
      firstRequestMs: first === undefined ? undefined : Math.round(first),
      lastRequestMs: last === undefined ? undefined : Math.round(last),
      requestSpanMs: span === undefined ? undefined : Math.round(span),
      spanRatio: span === undefined ? undefined : round2(span / floorMs),
      idleGaps: idle.count,
      idleMs: idle.ms,
    },
    steps: phase.streamsEvents ? stepTimes(result.events) : undefined,
    memoryMiB: Object.fromEntries(Object.entries(result.memory.peakKiB).map(([role, kib]) => [role, MiB(kib)])),
    loadBefore: round2(loadBefore),
    loadAfter: round2(loadAfter),
  };
}

/**
 * Within the request span, the time the account's budget went unused: gaps between requests
 * longer than IDLE_GAP_MS, counted beyond one request interval each. Shorter gaps are the
 * limiter's own spacing.
 */
const IDLE_GAP_MS = 500;

function idleGaps(times: number[], cps: number): { count: number; ms: number } {
  const interval = 1000 / cps;
  let count = 0;
  let ms = 0;
  for (let i = 1; i < times.length; i++) {
    const gap = times[i]! - times[i - 1]!;
    if (gap > IDLE_GAP_MS) {
      count++;
      ms += gap - interval;
    }
  }
  return { count, ms: Math.round(ms) };
}

interface Outcome {
  failed: string[];
  errors: string[];
  changes: Record<string, number>;
}

function trim(text: string): string {
  const t = text.trim().replace(/\s+/g, " ");
  return t.length > 500 ? `${t.slice(0, 500)}...` : t;
}

/** Failed resources, error messages and the change summary from `--json` engine events. */
function fromEvents(events: EngineEvent[]): Outcome {
  const failed = new Set<string>();
  const errors: string[] = [];
  let changes: Record<string, number> = {};
  for (const { event } of events) {
    if (event.resOpFailedEvent) failed.add(event.resOpFailedEvent.metadata?.urn ?? "?");
    const diag = event.diagnosticEvent;
    if (diag?.severity === "error") {
      if (diag.urn) failed.add(diag.urn);
      if (errors.length < 5) errors.push(trim(diag.message ?? ""));
    }
    if (event.summaryEvent) changes = event.summaryEvent.resourceChanges ?? {};
  }
  return { failed: [...failed], errors, changes };
}

/** The same from preview's single JSON document. */
function fromPreviewDocument(stdout: string): Outcome {
  // eslint-disable-next-line @typescript-eslint/no-explicit-any
  let doc: any;
  try {
    doc = JSON.parse(stdout);
  } catch {
    return { failed: [], errors: stdout.trim() ? [trim(stdout)] : [], changes: {} };
  }
  // eslint-disable-next-line @typescript-eslint/no-explicit-any
  const diagnostics: any[] = Array.isArray(doc.diagnostics) ? doc.diagnostics : [];
  const errorDiags = diagnostics.filter((d) => d.severity === "error");
  return {
    failed: [...new Set(errorDiags.filter((d) => d.urn).map((d) => String(d.urn)))],
    errors: errorDiags.slice(0, 5).map((d) => trim(String(d.message ?? ""))),
    changes: doc.changeSummary ?? {},
  };
}

/** Durations of the IVR steps the engine ran (not "same"), and how many ran at once at most. */
function stepTimes(events: EngineEvent[]): PhaseResult["steps"] {
  const startedAt = new Map<string, number>();
  const spans: Array<[number, number]> = [];
  for (const { atMs, event } of events) {
    const pre = event.resourcePreEvent?.metadata;
    if (pre && pre.type === IVR_TYPE && pre.op !== "same") startedAt.set(pre.urn, atMs);
    const out = event.resOutputsEvent?.metadata ?? event.resOpFailedEvent?.metadata;
    if (out && startedAt.has(out.urn)) {
      spans.push([startedAt.get(out.urn)!, atMs]);
      startedAt.delete(out.urn);
    }
  }
  if (spans.length === 0) return undefined;
  const durations = spans.map(([a, b]) => b - a).sort((x, y) => x - y);
  const at = (q: number) => durations[Math.min(durations.length - 1, Math.floor(q * durations.length))]!;
  const edges = spans.flatMap(([a, b]) => [[a, 1] as const, [b, -1] as const]).sort((x, y) => x[0] - y[0] || x[1] - y[1]);
  let running = 0;
  let maxConcurrent = 0;
  for (const [, d] of edges) maxConcurrent = Math.max(maxConcurrent, (running += d));
  return {
    count: spans.length,
    meanMs: Math.round(durations.reduce((s, d) => s + d, 0) / durations.length),
    p50Ms: Math.round(at(0.5)),
    p90Ms: Math.round(at(0.9)),
    maxMs: Math.round(durations[durations.length - 1]!),
    maxConcurrent,
  };
}

async function stateSize(cli: PulumiCli, n: number, logDir: string | undefined): Promise<StateSize> {
  const exported = await cli.must(["stack", "export"]);
  const text = `${exported.stdout}\n`;
  if (logDir) fs.writeFileSync(path.join(logDir, "stack-export.json"), text);
  // eslint-disable-next-line @typescript-eslint/no-explicit-any
  const ivrs: any[] = (JSON.parse(text).deployment?.resources ?? []).filter((r: any) => r.type === IVR_TYPE);
  const count = Math.max(1, ivrs.length);
  const providerBytes = ivrs.reduce(
    (sum, r) => sum + Buffer.byteLength(String(r.inputs?.__provider ?? "")) + Buffer.byteLength(String(r.outputs?.__provider ?? "")),
    0,
  );
  const resourceBytes = ivrs.reduce((sum, r) => sum + Buffer.byteLength(JSON.stringify(r)), 0);
  const checkpoint = checkpointBytes(cli);
  return {
    exportBytes: Buffer.byteLength(text),
    exportBytesPerIvr: Math.round(Buffer.byteLength(text) / n),
    resourceBytesPerIvr: Math.round(resourceBytes / count),
    providerBytesPerIvr: Math.round(providerBytes / count),
    checkpointBytes: checkpoint,
    checkpointBytesPerIvr: checkpoint === undefined ? undefined : Math.round(checkpoint / n),
  };
}

/** The file backend keeps the stack's state in one JSON checkpoint. */
function checkpointBytes(cli: PulumiCli): number | undefined {
  const backend = (cli.env.PULUMI_BACKEND_URL ?? "").replace(/^file:\/\//, "");
  const stacks = path.join(backend, ".pulumi", "stacks");
  const found: string[] = [];
  const walk = (d: string) => {
    for (const entry of fs.existsSync(d) ? fs.readdirSync(d, { withFileTypes: true }) : []) {
      const p = path.join(d, entry.name);
      if (entry.isDirectory()) walk(p);
      else if (entry.name === `${STACK}.json`) found.push(p);
    }
  };
  walk(stacks);
  return found.length ? fs.statSync(found[0]!).size : undefined;
}

function writeLogs(
  dir: string,
  phase: Phase,
  result: CommandResult,
  requests: Array<{ atMs: number; route: string; status: string }>,
): void {
  const base = path.join(dir, phase.name.replace(/%/g, "pct"));
  fs.writeFileSync(`${base}.requests.tsv`, requests.map((r) => `${Math.round(r.atMs)}\t${r.route}\t${r.status}`).join("\n") + "\n");
  const providerLines = result.events
    .filter((e) => e.event.diagnosticEvent?.severity === "info#err")
    .map((e) => `${Math.round(e.atMs)}\t${String(e.event.diagnosticEvent.message).trim()}`);
  fs.writeFileSync(`${base}.provider.log`, providerLines.join("\n") + "\n");
  fs.writeFileSync(`${base}.events.jsonl`, result.events.map((e) => JSON.stringify({ atMs: Math.round(e.atMs), ...e.event })).join("\n") + "\n");
  fs.writeFileSync(`${base}.stderr.log`, result.stderr);
  if (!phase.streamsEvents) fs.writeFileSync(`${base}.stdout.json`, result.stdout);
}

function round2(x: number): number {
  return Math.round(x * 100) / 100;
}
