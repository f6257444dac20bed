/**
 * One HTTP exchange with Smartflo: JSON in and out, a per-request timeout, and the mapping of
 * every failure to a typed error. No retries, no auth renewal, no rate limiting here: those are
 * layers above (client.ts, retry.ts, auth.ts, ratelimit.ts), so each concern stays in one place.
 */
import fetch from "node-fetch";
import {
  AuthenticationError,
  ConnectionError,
  NotFoundError,
  RateLimitError,
  ServerError,
  SmartfloError,
  TimeoutError,
  ValidationError,
  redactText,
  redactValue,
} from "./errors";
import { outcomeUnknown } from "./retry";

/** Per-request timeout (setting `smartflo:requestTimeoutMs`). */
export const REQUEST_TIMEOUT_MS = { default: 30_000, min: 100 } as const;

export type FetchLike = (url: string, init: Record<string, unknown>) => Promise<{
  status: number;
  headers: { get(name: string): string | null };
  text(): Promise<string>;
}>;

export interface HttpRequest {
  method: "GET" | "POST" | "PUT" | "DELETE" | "PATCH";
  path: string;
  query?: Record<string, string | number | undefined>;
  body?: unknown;
  /** Sent as `Authorization: Bearer <token>`; omitted for login. */
  token?: string;
}

export interface TransportOptions {
  baseUrl: string;
  timeoutMs: number;
  /** Everything that must never appear in an error or log line. */
  secrets: () => ReadonlyArray<string | undefined>;
  fetch?: FetchLike;
}

export interface HttpResponse {
  status: number;
  body: unknown;
}

/** Smartflo writes `success` as true/false, "true"/"false" or 1/0. */
export function isFalse(v: unknown): boolean {
  return v === false || v === 0 || (typeof v === "string" && /^(false|0)$/i.test(v.trim()));
}

/** `Bearer abc`, `bearer abc` and `abc` all become `abc`, so the prefix is never doubled. */
export function bareToken(token: string): string {
  return token.trim().replace(/^bearer\s+/i, "").trim();
}

export function endpointOf(req: Pick<HttpRequest, "method" | "path">): string {
  return `${req.method} ${req.path}`;
}

/** Smartflo's `message`, which is sometimes an object/array of field errors, or an `errors` map. */
export function apiMessageOf(body: unknown): string | undefined {
  if (body === null || typeof body !== "object") return typeof body === "string" && body ? body.slice(0, 500) : undefined;
  const b = body as Record<string, unknown>;
  const parts: string[] = [];
  const flatten = (v: unknown, prefix = ""): void => {
    if (typeof v === "string") parts.push(prefix ? `${prefix}: ${v}` : v);
    else if (Array.isArray(v)) v.forEach((x) => flatten(x, prefix));
    else if (v && typeof v === "object") for (const [k, x] of Object.entries(v)) flatten(x, prefix ? `${prefix}.${k}` : k);
  };
  flatten(b.message);
  if (b.errors !== undefined) flatten(b.errors);
  if (parts.length === 0 && typeof b.error === "string") parts.push(b.error);
  return parts.length ? parts.join("; ") : undefined;
}

const AUTH_WORDS = /(expired|blacklisted|unauthori[sz]ed|unauthenticated|invalid token|token (is )?invalid|\[authorization\])/i;

export function retryAfterMs(header: string | null): number | undefined {
  if (!header) return undefined;
  const secs = Number(header);
  if (Number.isFinite(secs) && secs >= 0) return secs * 1000;
  const date = Date.parse(header);
  return Number.isNaN(date) ? undefined : Math.max(0, date - Date.now());
}

export async function send(opts: TransportOptions, req: HttpRequest): Promise<HttpResponse> {
  const endpoint = endpointOf(req);
  const secrets = opts.secrets();
  const url = new URL(req.path.replace(/^\//, ""), opts.baseUrl.endsWith("/") ? opts.baseUrl : opts.baseUrl + "/");
  for (const [k, v] of Object.entries(req.query ?? {})) if (v !== undefined) url.searchParams.set(k, String(v));

  const headers: Record<string, string> = { Accept: "application/json" };
  if (req.body !== undefined) headers["Content-Type"] = "application/json";
  if (req.token) headers.Authorization = `Bearer ${bareToken(req.token)}`;

  const controller = new AbortController();
  const timer = setTimeout(() => controller.abort(), opts.timeoutMs);
  let status: number;
  let text: string;
  let retryAfter: string | null;
  try {
    const doFetch = (opts.fetch ?? (fetch as unknown as FetchLike));
    const res = await doFetch(url.toString(), {
      method: req.method,
      headers,
      body: req.body === undefined ? undefined : JSON.stringify(req.body),
      signal: controller.signal,
    });
    status = res.status;
    retryAfter = res.headers.get("retry-after");
    text = await res.text();
  } catch (err) {
    throw networkError(err, endpoint, opts.timeoutMs, secrets);
  } finally {
    clearTimeout(timer);
  }

  let body: unknown = text;
  if (text.trim()) {
    try {
      body = JSON.parse(text);
    } catch {
      body = text.slice(0, 500);
    }
  } else {
    body = undefined;
  }
  const successFalse = body !== null && typeof body === "object" && isFalse((body as { success?: unknown }).success);
  if (status >= 200 && status < 300 && !successFalse) return { status, body };
  throw httpError(endpoint, status, body, retryAfter, secrets);
}

function httpError(
  endpoint: string,
  status: number,
  rawBody: unknown,
  retryAfter: string | null,
  secrets: ReadonlyArray<string | undefined>,
): SmartfloError {
  const body = redactValue(rawBody, secrets);
  const apiMessage = apiMessageOf(body);
  const said = apiMessage ? `: ${apiMessage}` : "";
  const details = { endpoint, status, apiMessage, body };
  const text = (m: string) => redactText(m, secrets);

  if (status === 429 || (apiMessage && /too many requests/i.test(apiMessage))) {
    const e = new RateLimitError(text(`Smartflo ${endpoint} was rate limited (HTTP ${status})${said}`), details);
    e.retryAfterMs = retryAfterMs(retryAfter);
    return e;
  }
  if (status === 401 || status === 403 || (apiMessage && AUTH_WORDS.test(apiMessage))) {
    return new AuthenticationError(
      text(`Smartflo ${endpoint} refused the credentials (HTTP ${status})${said}. Check smartflo:token, or smartflo:email and smartflo:password`),
      details,
    );
  }
  // Only the status says "not found" (see NotFoundError).
  if (status === 404) {
    return new NotFoundError(text(`Smartflo ${endpoint}: not found (HTTP ${status})${said}`), details);
  }
  if (status >= 500) {
    const e = new ServerError(text(`Smartflo ${endpoint} failed with a server error (HTTP ${status})${said}`), details);
    e.ambiguous = outcomeUnknown(e);
    return e;
  }
  const how = status >= 200 && status < 300 ? `answered success: false (HTTP ${status})` : `rejected the request (HTTP ${status})`;
  return new ValidationError(text(`Smartflo ${endpoint} ${how}${said}`), details);
}

function networkError(err: unknown, endpoint: string, timeoutMs: number, secrets: ReadonlyArray<string | undefined>): SmartfloError {
  const e = err as { name?: string; type?: string; code?: string; errno?: string; message?: string };
  if (e?.name === "AbortError" || e?.type === "aborted") {
    const t = new TimeoutError(`Smartflo ${endpoint} timed out after ${timeoutMs} ms`, { endpoint });
    t.ambiguous = outcomeUnknown(t);
    return t;
  }
  const code = e?.code ?? e?.errno ?? "";
  const c = new ConnectionError(
    redactText(`Smartflo ${endpoint}: connection failed (${code || "network error"}): ${e?.message ?? String(err)}`, secrets),
    { endpoint },
  );
  c.code = code || undefined;
  c.ambiguous = outcomeUnknown(c);
  return c;
}
