/**
 * `smartflo doctor`: checks, against a live account, each assumption the package makes where the
 * Smartflo API is not documented (the README's assumptions table), read-only by default; with
 * `write`, also the write path, on one scratch IVR that is always deleted again; with
 * `rateLimit`, the account's 429 and its Retry-After (a short burst of reads).
 */
import { ClientOptions, SmartfloClient } from "../../client/client";
import { RateLimitError } from "../../client/errors";
import { RateLimiters } from "../../client/ratelimit";
import { Checks } from "./checks";
import { DoctorStop, readChecks } from "./read-checks";
import type { DoctorCheck, DoctorReport } from "./report";
import { writeChecks } from "./write-checks";

export interface DoctorOptions {
  /** Create, update and delete a scratch IVR too. */
  write?: boolean;
  /** Send a short burst of reads to see the account's 429 (uses about a second of the account's budget). */
  rateLimit?: boolean;
  /** Each check as soon as it has its verdict (for output as it goes). */
  onCheck?: (check: DoctorCheck) => void;
  /** Ends the run between checks (the scratch IVR is still deleted). */
  signal?: AbortSignal;
}

/** `clientOptions` are the settings of `client` (the doctor makes a client of its own for two checks). */
export async function runDoctor(client: SmartfloClient, clientOptions: ClientOptions, options: DoctorOptions = {}): Promise<DoctorReport> {
  const checks = new Checks(options.onCheck);
  const report: DoctorReport = { baseUrl: client.baseUrl, wrote: false, checks: checks.done, cleanup: [] };
  let facts;
  try {
    facts = await readChecks(client, clientOptions, checks);
  } catch (err) {
    if (err instanceof DoctorStop) return report;
    throw err;
  }
  if (options.rateLimit && !options.signal?.aborted) await rateLimitCheck(clientOptions, checks);
  if (options.write && !options.signal?.aborted) {
    report.wrote = true;
    const run = await writeChecks(client, facts, checks, options.signal);
    report.cleanup = run.cleanup;
  }
  return report;
}

/**
 * More reads at once than the account allows, from a client of its own that does not space them
 * and does not retry, so the account's own answer shows.
 */
async function rateLimitCheck(options: ClientOptions, checks: Checks): Promise<void> {
  const check = checks.start("rate-limit", "above its requests per second, the account answers HTTP 429 with a Retry-After header (the package waits that long; without one, it backs off exponentially)");
  const rps = options.requestsPerSecond ?? 3;
  const burst = Math.min(30, Math.max(6, Math.ceil(rps * 3)));
  const fast = new SmartfloClient({ ...options, requestsPerSecond: 1000, maxRetries: 0, limiters: new RateLimiters() });
  const results = await Promise.allSettled(Array.from({ length: burst }, () => fast.request({ method: "GET", path: "/v1/users", query: { limit: 1 } })));
  const limited = results.flatMap((r) => (r.status === "rejected" && r.reason instanceof RateLimitError ? [r.reason as RateLimitError] : []));
  const other = results.find((r) => r.status === "rejected" && !(r.reason instanceof RateLimitError));
  // Let the account's budget recover before anything else is sent.
  await new Promise((r) => setTimeout(r, 1500));
  if (other && limited.length === 0) {
    check.breaks(`a burst of ${burst} reads failed otherwise: ${((other as PromiseRejectedResult).reason as Error).message}`);
  } else if (limited.length === 0) {
    check.differs(`${burst} reads sent at once got no 429: the account allows more than ${rps} per second (raise smartflo:requestsPerSecond to match), or does not enforce it`);
  } else {
    const withHeader = limited.filter((e) => e.retryAfterMs !== undefined);
    const said = limited[0]!.apiMessage ? ` "${limited[0]!.apiMessage}"` : "";
    if (withHeader.length === limited.length) check.holds(`${limited.length} of ${burst} reads answered HTTP ${limited[0]!.status}${said} with Retry-After ${withHeader[0]!.retryAfterMs! / 1000} s`);
    else check.differs(`${limited.length} of ${burst} reads answered HTTP ${limited[0]!.status}${said} without Retry-After; the package backs off exponentially (0.5 s, 1 s, 2 s, ...)`);
  }
}

export { formatDoctorReport, formatCheck, formatDoctorSummary } from "./report";
export type { DoctorCheck, DoctorReport, Verdict } from "./report";
