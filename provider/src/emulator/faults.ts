/**
 * Injected faults, queued through `POST /__emulator/faults`. Each is consumed by one matching
 * `/v1` request, in one of two places:
 *
 * - `when: "before"` (the default): before routing, auth and rate limiting. The fault answers
 *   instead of the server (or only delays it), so nothing is committed: retries, timeouts, 5xx.
 * - `when: "after"`: once the request has passed auth and the rate limit, the real handler runs
 *   (a write commits), and then the answer is lost (`drop`), replaced (`status` / `body` /
 *   `rawBody` / `headers`) or sent late (`answerLatencyMs`). `latencyMs` here holds the request
 *   before the handler and commits even if the client has given up: a late commit.
 */
import { z } from "zod";

const FaultSpecObject = z
  .object({
    /** Exact path, or a prefix ending in "*". The query string is not part of the match. */
    path: z.string().startsWith("/", "must start with '/'"),
    method: z
      .string()
      .regex(/^[A-Za-z]+$/, "must be an HTTP method")
      .transform((m) => m.toUpperCase())
      .optional(),
    count: z.number().int().positive().default(1),
    when: z.enum(["before", "after"]).default("before"),
    status: z.number().int().min(100).max(599).optional(),
    /** A JSON answer body. */
    body: z.unknown().optional(),
    /** An answer body sent verbatim (HTML, empty, truncated JSON...). */
    rawBody: z.string().max(1024 * 1024).optional(),
    headers: z
      .record(z.string(), z.union([z.string(), z.number()]))
      .transform((h) => Object.fromEntries(Object.entries(h).map(([k, v]) => [k, String(v)])))
      .optional(),
    latencyMs: z.number().nonnegative().max(120_000).optional(),
    /** After the handler: wait this long before answering (the commit has happened). */
    answerLatencyMs: z.number().nonnegative().max(120_000).optional(),
    /** Destroy the socket without answering. */
    drop: z.boolean().optional(),
  })
  .strict();

export const FaultSpecSchema = FaultSpecObject.superRefine((spec, ctx) => {
  const problem = (path: string, message: string) => ctx.addIssue({ code: z.ZodIssueCode.custom, path: [path], message });
  if (spec.body !== undefined && spec.rawBody !== undefined) problem("rawBody", "give body or rawBody, not both");
  if (spec.drop === true && (spec.status !== undefined || spec.body !== undefined || spec.rawBody !== undefined)) {
    problem("drop", "a dropped connection has no status or body");
  }
  if (spec.answerLatencyMs !== undefined && spec.when !== "after") {
    problem("answerLatencyMs", "applies only to when: 'after' (before the handler, use latencyMs)");
  }
  if ((spec.status === 204 || spec.status === 304) && (spec.body !== undefined || (spec.rawBody ?? "") !== "")) {
    problem("body", `a ${spec.status} answer has no body`);
  }
});

export type FaultSpec = z.input<typeof FaultSpecSchema>;
export type Fault = z.output<typeof FaultSpecSchema> & { id: number };
export type FaultPhase = Fault["when"];

export const DEFAULT_FAULT_BODY = { success: false, message: "Injected fault" };

/** An answer that replaces the server's. */
export interface FaultAnswer {
  status: number;
  /** JSON-encoded unless `raw` is set. */
  body?: unknown;
  raw?: string;
  headers: Record<string, string>;
}

/** What a consumed fault asks the server to do. */
export interface FaultAction {
  id: number;
  /** Before the handler (both phases). */
  latencyMs: number;
  /** After the handler, before answering ("after" faults only). */
  answerLatencyMs: number;
  drop: boolean;
  /** Present when the fault answers instead of the server. */
  answer?: FaultAnswer;
  /** Headers added to the server's own answer when the fault does not replace it. */
  headers: Record<string, string>;
}

function matches(fault: Fault, phase: FaultPhase, method: string, path: string): boolean {
  return (
    fault.when === phase &&
    (fault.method === undefined || fault.method === method) &&
    (fault.path.endsWith("*") ? path.startsWith(fault.path.slice(0, -1)) : path === fault.path)
  );
}

export class FaultQueue {
  private faults: Fault[] = [];
  private nextId = 1;

  add(spec: z.output<typeof FaultSpecSchema>): Fault {
    const fault: Fault = { id: this.nextId++, ...spec };
    this.faults.push(fault);
    return fault;
  }

  /** Consume one use of the first `phase` fault matching this request, if any. */
  take(phase: FaultPhase, method: string, path: string): FaultAction | undefined {
    const fault = this.faults.find((f) => matches(f, phase, method, path));
    if (!fault) return undefined;
    fault.count--;
    if (fault.count <= 0) this.faults = this.faults.filter((f) => f !== fault);
    const answers = fault.status !== undefined || fault.body !== undefined || fault.rawBody !== undefined;
    const answer: FaultAnswer | undefined = answers
      ? {
          status: fault.status ?? 500,
          ...(fault.rawBody !== undefined ? { raw: fault.rawBody } : { body: fault.body ?? DEFAULT_FAULT_BODY }),
          headers: fault.headers ?? {},
        }
      : undefined;
    return {
      id: fault.id,
      latencyMs: fault.latencyMs ?? 0,
      answerLatencyMs: fault.answerLatencyMs ?? 0,
      drop: fault.drop === true,
      answer,
      headers: answers ? {} : (fault.headers ?? {}),
    };
  }

  list(): Fault[] {
    return structuredClone(this.faults);
  }

  clear(): number {
    const cleared = this.faults.length;
    this.faults = [];
    return cleared;
  }
}
