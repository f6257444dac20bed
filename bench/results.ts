/** The shape of bench/results/<label>.json (everything the table, the goals and the chart use). */
import type { Goal } from "./goals";
import type { Machine, Versions } from "./machine";
import type { PhaseName } from "./phases";
import type { Role } from "./proc-memory";

export interface PhaseResult {
  name: PhaseName;
  title: string;
  /** The command as run, e.g. "pulumi up --yes --skip-preview --non-interactive --json". */
  command: string;
  exitCode: number;
  wallMs: number;
  floor: { requests: number; counts: string; ms: number };
  /** wallMs / floor.ms */
  ratio: number;
  requests: { total: number; reads: number; writes: number; routes: Record<string, number> };
  /** 429s the emulator answered. */
  rateLimited: number;
  /** Most requests the emulator accepted within any one second. */
  peakPerSecond: number;
  /** Resources the engine reported as failed (URNs). */
  failedResources: string[];
  /** The first error messages the engine printed (trimmed). */
  errors: string[];
  /** As the engine's summary counts them: create, same, update, delete, ... */
  resourceChanges: Record<string, number>;
  ivrsAfter: number;
  ivrsExpected: number;
  /** Where the wall time went: engine start before the first request, the request span, the tail. */
  timing: {
    firstRequestMs?: number;
    lastRequestMs?: number;
    requestSpanMs?: number;
    /** requestSpanMs / floor.ms */
    spanRatio?: number;
    /** Gaps of more than 500 ms between requests (nothing was ready to send), and their time beyond one interval each. */
    idleGaps: number;
    idleMs: number;
  };
  /** IVR resource steps as the engine reported them (start = resourcePreEvent, end = resOutputsEvent). */
  steps?: { count: number; meanMs: number; p50Ms: number; p90Ms: number; maxMs: number; maxConcurrent: number };
  /** Peak resident memory (VmHWM) per process of the run, MiB. */
  memoryMiB: Partial<Record<Role, number>>;
  loadBefore: number;
  loadAfter: number;
}

export interface StateSize {
  /** `pulumi stack export` output, bytes. */
  exportBytes: number;
  exportBytesPerIvr: number;
  /** One IVR resource serialized compactly (inputs, outputs and the rest), bytes, averaged. */
  resourceBytesPerIvr: number;
  /** The serialized provider (`__provider` in inputs and outputs) within that, bytes. */
  providerBytesPerIvr: number;
  /** The file backend's checkpoint on disk (compact JSON), bytes, and per IVR. */
  checkpointBytes?: number;
  checkpointBytesPerIvr?: number;
}

export interface SuiteResult {
  n: number;
  parallel: number | "default";
  phases: PhaseResult[];
  state?: StateSize;
  durationMs: number;
}

export interface BenchResults {
  kind: "pulumi-smartflo engine benchmark";
  baseline: boolean;
  label: string;
  note?: string;
  date: string;
  machine: Machine;
  versions: Versions;
  parameters: {
    ns: number[];
    cps: number;
    requestsPerSecond: number;
    /** Added to every API request (--latency); 0 = loopback. */
    latencyMs: number;
    /** The emulator's create answer carries the new id (--create-returns-id). */
    createReturnsId: boolean;
    parallel: Array<number | "default">;
    settings: boolean;
    phases: string[] | "all";
    debug: boolean;
    program: string;
  };
  suites: SuiteResult[];
  goals: Goal[];
  durationMs: number;
}
