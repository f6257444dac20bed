/**
 * Injected faults: queued through `POST /__emulator/faults`, each consumed by one matching
 * `/v1` request before auth and rate limiting, so tests can exercise retries and timeouts.
 */
import { z } from "zod";

export const FaultSpecSchema = z
  .object({
    /** Exact path, or a prefix ending in "*". */
    path: z.string().startsWith("/", "must start with '/'"),
    method: z
      .string()
      .regex(/^[A-Za-z]+$/, "must be an HTTP method")
      .transform((m) => m.toUpperCase())
      .optional(),
    count: z.number().int().positive().default(1),
    status: z.number().int().min(100).max(599).optional(),
    body: z.unknown().optional(),
    headers: z
      .record(z.string(), z.union([z.string(), z.number()]))
      .transform((h) => Object.fromEntries(Object.entries(h).map(([k, v]) => [k, String(v)])))
      .optional(),
    latencyMs: z.number().nonnegative().max(120_000).optional(),
    /** Destroy the socket without answering. */
    drop: z.boolean().optional(),
  })
  .strict();

export type FaultSpec = z.input<typeof FaultSpecSchema>;
export type Fault = z.output<typeof FaultSpecSchema> & { id: number };

export const DEFAULT_FAULT_BODY = { success: false, message: "Injected fault" };

/** What a consumed fault asks the server to do. */
export interface FaultAction {
  latencyMs: number;
  drop: boolean;
  /** Present when the fault answers instead of the normal handler. */
  response?: { status: number; body: unknown; headers: Record<string, string> };
  /** Headers added to the normal response when the fault only delays or decorates it. */
  headers: Record<string, string>;
}

export class FaultQueue {
  private faults: Fault[] = [];
  private nextId = 1;

  add(spec: z.output<typeof FaultSpecSchema>): Fault {
    const fault: Fault = { id: this.nextId++, ...spec };
    this.faults.push(fault);
    return fault;
  }

  /** Consume one use of the first fault matching this request, if any. */
  take(method: string, path: string): FaultAction | undefined {
    const fault = this.faults.find(
      (f) =>
        (f.method === undefined || f.method === method) &&
        (f.path.endsWith("*") ? path.startsWith(f.path.slice(0, -1)) : path === f.path),
    );
    if (!fault) return undefined;
    fault.count--;
    if (fault.count <= 0) this.faults = this.faults.filter((f) => f !== fault);
    const answers = fault.status !== undefined || fault.body !== undefined;
    return {
      latencyMs: fault.latencyMs ?? 0,
      drop: fault.drop === true,
      response: answers
        ? { status: fault.status ?? 500, body: fault.body ?? DEFAULT_FAULT_BODY, headers: fault.headers ?? {} }
        : undefined,
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
