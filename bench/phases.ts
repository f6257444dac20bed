/**
 * The phases of one benchmark suite, in order, and each one's floor: the fewest requests the
 * phase needs, which at the account's rate is the least wall time any provider could take.
 */
import { changedByRevision, resourceUrn, routingCount } from "./program";

export type PhaseName =
  | "up"
  | "preview"
  | "refresh"
  | "up-10%"
  | "up-refresh"
  | "up-1"
  | "up-target-1"
  | "destroy";

export interface Floor {
  requests: number;
  /** What the floor counts, in words (goes into the results next to the number). */
  counts: string;
}

export interface Phase {
  name: PhaseName;
  /** What a reader sees in the table. */
  title: string;
  /** Stack config to set before the phase (not timed). */
  config?: Record<string, string>;
  /** The CLI's arguments (--json and --parallel are added by the suite). */
  args: string[];
  /** up/refresh/destroy stream engine events; preview prints one JSON document. */
  streamsEvents: boolean;
  floor(n: number): Floor;
  /** Writes this phase must make exactly (checked as a goal). */
  expectedWrites?(n: number): Record<string, number>;
  /** IVRs the emulator must hold afterwards. */
  expectedIvrs(n: number): number;
  /** Part of the default suite, or only with --settings. */
  optional: boolean;
}

/**
 * Reads every plan (check) makes once per run: one list per kind of reference the program uses,
 * GET /v1/recordings, /v1/users (6 users: one page), /v1/departments (departments and the
 * agents in them), and GET /v1/ivrs (the names of new IVRs must be free; the routing IVRs' targets
 * must exist).
 */
export const PLAN_READS = 4;

const APPLY = ["--yes", "--skip-preview", "--non-interactive"];

export const PHASES: Phase[] = [
  {
    name: "up",
    title: "up (create N)",
    args: ["up", ...APPLY],
    streamsEvents: true,
    optional: false,
    floor: (n) => {
      // Create answers no id, so ids come from lists: one the routing IVRs wait for (their
      // targets' ids), one after the last create.
      const idLists = routingCount(n) > 0 ? 2 : 1;
      return {
        requests: n + PLAN_READS + idLists,
        counts: `${n} POST /v1/ivr + ${PLAN_READS} plan-time lookups (recordings, users, departments, ivrs) + ${idLists} GET /v1/ivrs for the new ids`,
      };
    },
    expectedWrites: (n) => ({ "POST /v1/ivr": n }),
    expectedIvrs: (n) => n,
  },
  {
    name: "preview",
    title: "preview (no changes)",
    args: ["preview", "--non-interactive"],
    streamsEvents: false,
    optional: false,
    floor: (n) => {
      const reads = routingCount(n) > 0 ? PLAN_READS : PLAN_READS - 1;
      return { requests: reads, counts: `${reads} plan-time lookups, whatever N` };
    },
    expectedWrites: () => ({}),
    expectedIvrs: (n) => n,
  },
  {
    name: "refresh",
    title: "refresh",
    args: ["refresh", ...APPLY],
    streamsEvents: true,
    optional: false,
    floor: () => ({ requests: 1, counts: "1 GET /v1/ivrs (every IVR in one list)" }),
    expectedWrites: () => ({}),
    expectedIvrs: (n) => n,
  },
  {
    name: "up-10%",
    title: "up (10% changed)",
    config: { "bench:revision": "1" },
    args: ["up", ...APPLY],
    streamsEvents: true,
    optional: false,
    floor: (n) => ({ requests: changedByRevision(n), counts: `${changedByRevision(n)} PUT /v1/ivr/{id}` }),
    expectedWrites: (n) => ({ "PUT /v1/ivr/{id}": changedByRevision(n) }),
    expectedIvrs: (n) => n,
  },
  {
    name: "up-refresh",
    title: "up --refresh (no changes)",
    args: ["up", ...APPLY, "--refresh"],
    streamsEvents: true,
    optional: true,
    floor: () => ({ requests: 1, counts: "1 GET /v1/ivrs" }),
    expectedWrites: () => ({}),
    expectedIvrs: (n) => n,
  },
  {
    name: "up-1",
    title: "up (1 changed)",
    config: { "bench:singleRevision": "1" },
    args: ["up", ...APPLY],
    streamsEvents: true,
    optional: true,
    floor: () => ({ requests: 1, counts: "1 PUT /v1/ivr/{id}" }),
    expectedWrites: () => ({ "PUT /v1/ivr/{id}": 1 }),
    expectedIvrs: (n) => n,
  },
  {
    name: "up-target-1",
    title: "up --target (1 changed)",
    config: { "bench:singleRevision": "2" },
    args: ["up", ...APPLY, "--target", resourceUrn(1)],
    streamsEvents: true,
    optional: true,
    floor: () => ({ requests: 1, counts: "1 PUT /v1/ivr/{id}" }),
    expectedWrites: () => ({ "PUT /v1/ivr/{id}": 1 }),
    expectedIvrs: (n) => n,
  },
  {
    name: "destroy",
    title: "destroy",
    args: ["destroy", ...APPLY],
    streamsEvents: true,
    optional: false,
    floor: (n) => ({ requests: n, counts: `${n} DELETE /v1/ivr/{id}` }),
    expectedWrites: (n) => ({ "DELETE /v1/ivr/{id}": n }),
    expectedIvrs: () => 0,
  },
];

/** Routes that change the account. */
export function isWrite(route: string): boolean {
  return !route.startsWith("GET ");
}
