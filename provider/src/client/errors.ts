/**
 * Typed Smartflo errors. Callers branch on the class; every message names the endpoint and
 * carries Smartflo's own `message`, and none ever contains a credential.
 */

export interface ErrorDetails {
  /** `METHOD /path`, e.g. `POST /v1/ivr`. */
  endpoint: string;
  status?: number;
  /** Smartflo's `message` field, when it sent one. */
  apiMessage?: string;
  /** Parsed response body, already redacted. */
  body?: unknown;
  cause?: unknown;
}

export class SmartfloError extends Error {
  readonly endpoint: string;
  readonly status?: number;
  readonly apiMessage?: string;
  readonly body?: unknown;
  /** True when the request may or may not have taken effect (retry.ts `outcomeUnknown`). */
  ambiguous = false;

  constructor(message: string, details: ErrorDetails) {
    super(message);
    this.name = new.target.name;
    this.endpoint = details.endpoint;
    this.status = details.status;
    this.apiMessage = details.apiMessage;
    this.body = details.body;
    if (details.cause !== undefined) Object.defineProperty(this, "cause", { value: details.cause, enumerable: false });
  }
}

/** 401/403, or a body saying the token is expired or blacklisted, or a failed login. */
export class AuthenticationError extends SmartfloError {
  /**
   * True when Smartflo refused the credential itself (401, or "expired"/"blacklisted"), false for
   * a 403 that may be about one endpoint's permission: only a refused credential stops a run.
   */
  credentialRefused = false;
}
/** 429: over the account's requests-per-second limit. */
export class RateLimitError extends SmartfloError {
  /** From `Retry-After`, when sent. */
  retryAfterMs?: number;
}
/** 400/422, or a 2xx with `success: false`: Smartflo refused the request as invalid. */
export class ValidationError extends SmartfloError {}
/**
 * 404. Only the status says "not found" (a 400 such as "department 99 does not exist" is about a
 * referenced object); callers that see another refusal confirm absence by listing.
 */
export class NotFoundError extends SmartfloError {}
/** 5xx. */
export class ServerError extends SmartfloError {}
/** The connection failed or was reset before a response arrived. */
export class ConnectionError extends SmartfloError {
  /** The system error code, e.g. `ECONNREFUSED`, `ECONNRESET`. */
  code?: string;
}
/** No response within the request timeout. */
export class TimeoutError extends SmartfloError {}
/**
 * A 2xx (or a 404) whose body is not Smartflo's: HTML, an empty body, a 204, JSON without
 * `success: true` on a write, or a list in an unexpected shape. It proves nothing about what the
 * server did, so it never counts as success; a write answered this way may have taken effect.
 */
export class MalformedAnswerError extends SmartfloError {}
/**
 * A 3xx. Redirects are never followed: the request carries the token, and the target is not the
 * configured Smartflo. A write answered this way may have been processed (post-redirect-get).
 */
export class RedirectError extends SmartfloError {
  /** The origin the answer pointed to (never sent anything), when it named one. */
  target?: string;
}
/** Provider settings are missing or invalid (names the config key). */
export class ConfigurationError extends Error {
  constructor(message: string) {
    super(message);
    this.name = "ConfigurationError";
  }
}

const SECRET_KEYS = /^(authorization|access_token|token|password|refresh_token|api_key|secret)$/i;

/**
 * Replaces every occurrence of the given secrets (and anything that looks like a bearer token)
 * in a text. Applied to every message before it leaves the client.
 */
export function redactText(text: string, secrets: ReadonlyArray<string | undefined>): string {
  let out = text;
  for (const s of secrets) {
    if (s && s.length >= 4) out = out.split(s).join("[REDACTED]");
  }
  return out.replace(/(bearer\s+)[A-Za-z0-9._~+/=-]{8,}/gi, "$1[REDACTED]");
}

/** Deep copy of a JSON value with credential-looking keys and known secrets redacted. */
export function redactValue(value: unknown, secrets: ReadonlyArray<string | undefined>): unknown {
  if (typeof value === "string") return redactText(value, secrets);
  if (Array.isArray(value)) return value.map((v) => redactValue(v, secrets));
  if (value !== null && typeof value === "object") {
    const out: Record<string, unknown> = {};
    for (const [k, v] of Object.entries(value)) out[k] = SECRET_KEYS.test(k) ? "[REDACTED]" : redactValue(v, secrets);
    return out;
  }
  return value;
}
