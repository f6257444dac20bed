/**
 * The retry policy of every Smartflo request, in one place: which failures may have taken effect,
 * which are worth another attempt, how long to wait (exponential backoff with jitter, or the
 * server's Retry-After, capped), and how many attempts. The request loop (client.ts) asks it
 * after each failure; nothing else decides to retry.
 */
import {
  ConnectionError,
  MalformedAnswerError,
  RateLimitError,
  RedirectError,
  ServerError,
  SmartfloError,
  TimeoutError,
} from "./errors";

export const RETRY = {
  /** Retries after the first attempt (setting `smartflo:maxRetries`). */
  maxRetries: { default: 4, min: 0, max: 20 },
  /** Backoff: 0.5 s * 2^n, capped at 8 s, randomised to 50-100 %. */
  baseDelayMs: 500,
  maxDelayMs: 8_000,
  /** A Retry-After longer than this is not waited out in full. */
  maxRetryAfterMs: 60_000,
} as const;

/** Connection failures that never reached the server. */
const NEVER_SENT = /^(ECONNREFUSED|ENOTFOUND|EAI_AGAIN|EHOSTUNREACH|ENETUNREACH)$/;

/**
 * True when the request may or may not have taken effect: a 5xx, a timeout, a connection that
 * failed after it may have reached the server (reset, hang-up), an answer that is not Smartflo's
 * (HTML, empty, 204, JSON without `success: true`), or a redirect. A write that failed this way
 * must not be repeated blindly. (The transport records the answer on the error as `ambiguous`.)
 */
export function outcomeUnknown(err: SmartfloError): boolean {
  if (err instanceof ServerError || err instanceof TimeoutError) return true;
  if (err instanceof MalformedAnswerError || err instanceof RedirectError) return true;
  if (err instanceof ConnectionError) return !NEVER_SENT.test(err.code ?? "");
  return false;
}

export interface RetryContext {
  /** 0 for the first attempt. */
  attempt: number;
  maxRetries: number;
  /** The request may be sent again even if it took effect (GET/PUT/DELETE, or a write known not to have). */
  safeToRepeat: boolean;
  random: () => number;
}

/** How long to wait before the next attempt, or undefined when the failure is final. */
export function retryDelay(err: unknown, ctx: RetryContext): number | undefined {
  if (!(err instanceof SmartfloError) || ctx.attempt >= ctx.maxRetries) return undefined;
  // A redirect says the address is wrong, which waiting does not change.
  if (err instanceof RedirectError) return undefined;
  const retryable =
    err instanceof RateLimitError || // rejected before it was processed
    (err instanceof ConnectionError && !err.ambiguous) || // never reached the server
    (ctx.safeToRepeat && err.ambiguous); // 5xx, timeout, reset
  if (!retryable) return undefined;
  if (err instanceof RateLimitError && err.retryAfterMs !== undefined) {
    return Math.min(err.retryAfterMs, RETRY.maxRetryAfterMs) + Math.floor(ctx.random() * 100);
  }
  return backoff(ctx.attempt, ctx.random);
}

export function backoff(attempt: number, random: () => number): number {
  const base = Math.min(RETRY.maxDelayMs, RETRY.baseDelayMs * 2 ** attempt);
  return Math.round(base * (0.5 + random() * 0.5));
}
