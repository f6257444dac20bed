/**
 * One HTTP exchange with Smartflo: JSON in and out, a per-request timeout, and the mapping of
 * every failure to a typed error. No retries, no auth renewal, no rate limiting here: those are
 * layers above (client.ts, retry.ts, auth.ts, ratelimit.ts), so each concern stays in one place.
 */
import fetch from "node-fetch";
import {
  AuthenticationError,
  ConnectionError,
  MalformedAnswerError,
  NotFoundError,
  RateLimitError,
  RedirectError,
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
  /**
   * What a successful answer must look like (see `checkAnswer`). Default: `"success"` for writes
   * (a JSON object with a true `success`), `"json"` for GET (a JSON object or array, whose shape
   * the caller then checks).
   */
  answer?: AnswerRule;
}

/** `"success"`: a JSON object whose `success` is true. `"json"`: any JSON object or array. */
export type AnswerRule = "success" | "json";

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

export function isTrue(v: unknown): boolean {
  return v === true || v === 1 || (typeof v === "string" && /^(true|1)$/i.test(v.trim()));
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
  let location: string | null;
  try {
    const doFetch = (opts.fetch ?? (fetch as unknown as FetchLike));
    const res = await doFetch(url.toString(), {
      method: req.method,
      headers,
      body: req.body === undefined ? undefined : JSON.stringify(req.body),
      signal: controller.signal,
      // Never follow a redirect: it would carry the Authorization header to another address.
      redirect: "manual",
    });
    status = res.status;
    retryAfter = res.headers.get("retry-after");
    location = res.headers.get("location");
    text = await res.text();
  } catch (err) {
    throw networkError(err, endpoint, opts.timeoutMs, secrets);
  } finally {
    clearTimeout(timer);
  }

  let body: unknown = undefined;
  let json = false;
  if (text.trim()) {
    try {
      body = JSON.parse(text);
      json = true;
    } catch {
      body = text.slice(0, 500);
    }
  }
  if (status >= 300 && status < 400) throw redirectError(endpoint, status, location, url, secrets);
  const successFalse = body !== null && typeof body === "object" && isFalse((body as { success?: unknown }).success);
  if (status >= 200 && status < 300 && !successFalse) {
    const rule = req.answer ?? (req.method === "GET" ? "json" : "success");
    const wrong = unlikeSmartflo(status, json, body, rule);
    if (wrong) throw malformed(endpoint, status, `${wrong}`, body, secrets);
    return { status, body };
  }
  // Only Smartflo says "not found": a 404 page from something in between proves nothing.
  if (status === 404 && !(json && isObject(body))) {
    throw malformed(endpoint, status, "a body that is not Smartflo's JSON", body, secrets);
  }
  throw httpError(endpoint, status, body, retryAfter, secrets);
}

function isObject(v: unknown): v is Record<string, unknown> {
  return v !== null && typeof v === "object" && !Array.isArray(v);
}

/** Why a 2xx answer is not one Smartflo would give under `rule`, or undefined when it is. */
function unlikeSmartflo(status: number, json: boolean, body: unknown, rule: AnswerRule): string | undefined {
  if (body === undefined) return status === 204 ? "no content (204)" : "an empty body";
  if (!json) return `a body that is not JSON (${describeText(String(body))})`;
  if (rule === "json") return body !== null && typeof body === "object" ? undefined : `JSON that is not an object or a list`;
  if (!isObject(body)) return "JSON that is not an object";
  if (!("success" in body)) return "JSON without a success field";
  return isTrue(body.success) ? undefined : `success: ${JSON.stringify(body.success)}`;
}

function describeText(text: string): string {
  const head = text.trim().slice(0, 40).replace(/\s+/g, " ");
  return /^<(!doctype|html)/i.test(head) ? "HTML" : `starting '${head}'`;
}

function malformed(endpoint: string, status: number, what: string, rawBody: unknown, secrets: ReadonlyArray<string | undefined>): MalformedAnswerError {
  const e = new MalformedAnswerError(
    redactText(`Smartflo ${endpoint} answered HTTP ${status} with ${what}, which is not a Smartflo answer: not counted as success`, secrets),
    { endpoint, status, body: redactValue(rawBody, secrets) },
  );
  e.ambiguous = outcomeUnknown(e);
  return e;
}

function redirectError(endpoint: string, status: number, location: string | null, from: URL, secrets: ReadonlyArray<string | undefined>): RedirectError {
  let target: URL | undefined;
  try {
    target = location ? new URL(location, from) : undefined;
  } catch {
    target = undefined;
  }
  const where = target ? ` to ${target.origin}` : "";
  const plain = target && target.protocol !== "https:" ? " (not https, which would be refused anyway)" : "";
  const e = new RedirectError(
    redactText(
      `Smartflo ${endpoint} answered HTTP ${status}, a redirect${where}${plain}. Redirects are not followed, so the token is never sent ` +
        "anywhere but smartflo:baseUrl; if Smartflo moved, set smartflo:baseUrl to its new https address",
      secrets,
    ),
    { endpoint, status },
  );
  e.target = target?.origin;
  e.ambiguous = outcomeUnknown(e);
  return e;
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
    const e = new AuthenticationError(
      text(`Smartflo ${endpoint} refused the credentials (HTTP ${status})${said}. Check smartflo:token, or smartflo:email and smartflo:password`),
      details,
    );
    e.credentialRefused = status !== 403 || (apiMessage !== undefined && AUTH_WORDS.test(apiMessage));
    return e;
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
