/**
 * The Smartflo client: the one request loop every call goes through (rate limit -> auth ->
 * transport -> retry policy). What is asked of the API lives with what it is about:
 * kinds/<kind>/api.ts, account/lookups.ts; lists that many callers share, managed/directory.ts.
 */
import { createHash } from "crypto";
import { Credentials, Logger, TokenSource } from "./auth";
import { AuthenticationError, ConfigurationError, RateLimitError, SmartfloError, redactText } from "./errors";
import { REQUESTS_PER_SECOND, RateLimiter, RateLimiters } from "./ratelimit";
import { RETRY, retryDelay } from "./retry";
import { FetchLike, HttpRequest, HttpResponse, REQUEST_TIMEOUT_MS, send } from "./transport";

export const DEFAULT_BASE_URL = "https://api-smartflo.tatateleservices.com";

export interface ClientOptions extends Credentials {
  baseUrl?: string;
  /** The account's CPS; shared by every client of the account in the registry. Default 3. */
  requestsPerSecond?: number;
  /** Retries after the first attempt for retryable failures. Default 4. */
  maxRetries?: number;
  /** Per-request timeout. Default 30 000 ms. */
  requestTimeoutMs?: number;
  logger?: Logger;
  /** Where the account's rate limiter comes from. Default: `RateLimiters.shared`. */
  limiters?: RateLimiters;
  /** For tests: replace the transport's fetch, the clock's sleep and the jitter source. */
  fetch?: FetchLike;
  sleep?: (ms: number) => Promise<void>;
  random?: () => number;
}

/** The defaults of the settings above, and of the retry policy. */
export const DEFAULTS = {
  requestsPerSecond: REQUESTS_PER_SECOND.default,
  maxRetries: RETRY.maxRetries.default,
  requestTimeoutMs: REQUEST_TIMEOUT_MS.default,
  baseDelayMs: RETRY.baseDelayMs,
  maxDelayMs: RETRY.maxDelayMs,
  maxRetryAfterMs: RETRY.maxRetryAfterMs,
} as const;

/** What a caller may add to one request. */
export interface RequestHooks<T> {
  /** Called each time the request leaves the rate limiter, just before it is sent. */
  onSend?: () => void;
  /** Goes ahead of the other requests waiting for the account's rate limit (see `AcquireOptions`). */
  priority?: boolean;
  /** Turns the answer's body into the result (default: the body as is). */
  parse?: (body: unknown) => T;
  /**
   * For a request not safe to repeat (a POST): asked after a failure that may have taken effect,
   * before the request is sent again. Answer the result when it did take effect (the loop ends
   * with it), or undefined when it did not (the loop sends it again, as the retry policy allows).
   */
  ifOutcomeUnknown?: (err: SmartfloError) => Promise<T | undefined>;
}

const defaultLogger: Logger = { warn: (m) => console.error(`warning: smartflo: ${m}`) };

export function isLoopbackHost(hostname: string): boolean {
  const h = hostname.replace(/^\[|\]$/g, "").toLowerCase();
  return h === "localhost" || h === "::1" || /^127(\.\d{1,3}){3}$/.test(h);
}

/** https only, except plain http to a loopback host (the emulator). */
export function checkBaseUrl(baseUrl: string): URL {
  let url: URL;
  try {
    url = new URL(baseUrl);
  } catch {
    throw new ConfigurationError(`smartflo:baseUrl is not a valid URL: '${baseUrl}'`);
  }
  if (url.protocol === "https:") return url;
  if (url.protocol === "http:" && isLoopbackHost(url.hostname)) return url;
  throw new ConfigurationError(
    `smartflo:baseUrl must use https (plain http is allowed only for a loopback host such as the emulator), got '${url.origin}'`,
  );
}

export class SmartfloClient {
  readonly baseUrl: string;
  readonly accountKey: string;
  readonly logger: Logger;
  private readonly limiter: RateLimiter;
  private readonly auth: TokenSource;
  private readonly maxRetries: number;
  private readonly requestTimeoutMs: number;
  private readonly fetch?: FetchLike;
  private readonly sleep: (ms: number) => Promise<void>;
  private readonly random: () => number;
  private readonly memos = new Map<string, unknown>();
  /** Set once Smartflo refuses this client's credential: every later request fails at once. */
  private refused?: AuthenticationError;

  constructor(options: ClientOptions) {
    const url = checkBaseUrl(options.baseUrl ?? DEFAULT_BASE_URL);
    this.baseUrl = url.origin + url.pathname.replace(/\/$/, "");
    this.maxRetries = options.maxRetries ?? DEFAULTS.maxRetries;
    this.requestTimeoutMs = options.requestTimeoutMs ?? DEFAULTS.requestTimeoutMs;
    this.fetch = options.fetch;
    this.logger = options.logger ?? defaultLogger;
    this.sleep = options.sleep ?? ((ms) => new Promise((r) => setTimeout(r, ms)));
    this.random = options.random ?? Math.random;
    const who = options.token
      ? `token:${createHash("sha256").update(options.token).digest("hex").slice(0, 16)}`
      : `login:${options.email ?? ""}`;
    this.accountKey = `${this.baseUrl}|${who}`;
    this.limiter = (options.limiters ?? RateLimiters.shared).for(this.accountKey, options.requestsPerSecond ?? DEFAULTS.requestsPerSecond);
    this.auth = new TokenSource(options, (req) => this.loop(req, { auth: false, idempotent: true, result: (res) => res }), this.logger);
  }

  /** Everything that must never be printed. */
  secrets(): string[] {
    return this.auth.secrets();
  }

  /** Text with this client's secrets removed, for messages built outside the client. */
  redact(text: string): string {
    return redactText(text, this.secrets());
  }

  /**
   * One object of this client under `key`, made on first use: state that every caller of the
   * client must share, such as the list answers of managed objects (managed/directory.ts). The
   * provider session keeps one client per account and settings, so this is per account in a run.
   */
  memo<T>(key: string, make: () => T): T {
    if (!this.memos.has(key)) this.memos.set(key, make());
    return this.memos.get(key) as T;
  }

  /** One API call with auth, rate limiting and retries. Returns the parsed body (or `hooks.parse` of it). */
  request<T = unknown>(req: Omit<HttpRequest, "token">, hooks: RequestHooks<T> = {}): Promise<T> {
    const parse = hooks.parse ?? ((body: unknown) => body as T);
    if (this.refused) {
      const e = new AuthenticationError(this.refused.message, { endpoint: `${req.method} ${req.path}`, status: this.refused.status, apiMessage: this.refused.apiMessage });
      e.credentialRefused = true;
      return Promise.reject(e);
    }
    return this.loop(req, { ...hooks, auth: true, idempotent: req.method !== "POST", result: (res) => parse(res.body) });
  }

  /** The request loop: token, limiter slot, one exchange, then the retry policy's verdict. */
  private async loop<T>(
    req: HttpRequest,
    how: Omit<RequestHooks<T>, "parse"> & { auth: boolean; idempotent: boolean; result: (res: HttpResponse) => T },
  ): Promise<T> {
    const endpoint = `${req.method} ${req.path}`;
    const debug = (m: string) => this.logger.debug?.(m);
    let replacedToken = false;
    for (let attempt = 0; ; attempt++) {
      // The token first: a login takes a limiter slot of its own.
      const token = how.auth ? await this.auth.token() : req.token;
      const release = await this.limiter.acquire({ priority: how.priority });
      how.onSend?.();
      const started = Date.now();
      let failure: unknown;
      let response: HttpResponse | undefined;
      try {
        response = await send(
          { baseUrl: this.baseUrl, timeoutMs: this.requestTimeoutMs, secrets: () => this.secrets(), fetch: this.fetch },
          { ...req, token },
        );
        debug(`${endpoint} -> HTTP ${response.status} in ${Date.now() - started} ms`);
      } catch (err) {
        failure = err;
        debug(`${endpoint} -> ${outcomeOf(err)} in ${Date.now() - started} ms`);
      } finally {
        release();
      }
      if (response) {
        // An answer whose shape the caller refuses (e.g. a malformed list) is a failure like any other.
        try {
          return how.result(response);
        } catch (err) {
          if (!(err instanceof SmartfloError)) throw err;
          failure = err;
        }
      }

      if (how.auth && failure instanceof AuthenticationError && this.auth.renewable && !replacedToken && token) {
        // Expired or blacklisted login token: log in again once and retry once.
        replacedToken = true;
        debug(`${endpoint}: token rejected, logging in again`);
        await this.auth.replace(token);
        attempt--;
        continue;
      }
      if (failure instanceof AuthenticationError && failure.credentialRefused) this.refused ??= failure;
      let safeToRepeat = how.idempotent;
      if (!safeToRepeat && failure instanceof SmartfloError && failure.ambiguous && how.ifOutcomeUnknown) {
        debug(`${endpoint}: the outcome is unknown (${(failure as Error).message}); checking whether it took effect`);
        const settled = await how.ifOutcomeUnknown(failure);
        if (settled !== undefined) return settled;
        safeToRepeat = true; // it did not take effect
      }
      const delay = retryDelay(failure, { attempt, maxRetries: this.maxRetries, safeToRepeat, random: this.random });
      if (delay === undefined) {
        debug(`${endpoint}: giving up after ${attempt + 1} attempt(s): ${(failure as Error).message}`);
        throw failure;
      }
      if (failure instanceof RateLimitError) this.limiter.pause(delay);
      debug(`${endpoint}: ${(failure as Error).message}; retry ${attempt + 1} in ${delay} ms`);
      await this.sleep(delay);
    }
  }
}

/** One failed exchange in a debug line: its status, or what happened instead. */
function outcomeOf(err: unknown): string {
  if (err instanceof SmartfloError && err.status !== undefined) return `HTTP ${err.status} (${err.name})`;
  return `failed (${err instanceof Error ? err.name : "error"})`;
}
