/**
 * The Smartflo client: the single request loop (rate limit -> auth -> transport -> retry) and
 * the IVR and lookup operations the provider, the tools and the tests use.
 */
import { createHash } from "crypto";
import { fromReadShape, toWriteBody } from "../kinds/ivr/mapping";
import type { Ivr } from "../kinds/ivr/spec";
import { sameName } from "../core/names";
import { Credentials, Logger, TokenSource } from "./auth";
import {
  AuthenticationError,
  ConfigurationError,
  ConnectionError,
  NotFoundError,
  RateLimitError,
  SmartfloError,
  ValidationError,
  redactText,
} from "./errors";
import { limiterFor, RateLimiter } from "./ratelimit";
import { FetchLike, HttpRequest, HttpResponse, send } from "./transport";

export const DEFAULT_BASE_URL = "https://api-smartflo.tatateleservices.com";

export interface ClientOptions extends Credentials {
  baseUrl?: string;
  /** The account's CPS; shared by every client of the account in this process. Default 3. */
  requestsPerSecond?: number;
  /** Retries after the first attempt for retryable failures. Default 4. */
  maxRetries?: number;
  /** Per-request timeout. Default 30 000 ms. */
  requestTimeoutMs?: number;
  logger?: Logger;
  /** For tests: replace the transport's fetch, the clock's sleep and the jitter source. */
  fetch?: FetchLike;
  sleep?: (ms: number) => Promise<void>;
  random?: () => number;
}

export const DEFAULTS = {
  requestsPerSecond: 3,
  maxRetries: 4,
  requestTimeoutMs: 30_000,
  baseDelayMs: 500,
  maxDelayMs: 8_000,
  maxRetryAfterMs: 60_000,
} as const;

/** An IVR as listed by Smartflo: its id, the canonical model, and the raw API object. */
export interface IvrRecord {
  id: string;
  name: string;
  raw: unknown;
}

export interface RecordingInfo { id: string; name: string }
export interface UserInfo { id: string; name: string; agentId?: string }
export interface DepartmentInfo { id: string; name: string; agentIds: string[] }
export interface NumberInfo { id: string; did?: string; name?: string; destination?: string }

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
  private readonly limiter: RateLimiter;
  private readonly auth: TokenSource;
  private readonly opts: Required<Pick<ClientOptions, "maxRetries" | "requestTimeoutMs">> & ClientOptions;
  private readonly logger: Logger;
  private readonly sleep: (ms: number) => Promise<void>;
  private readonly random: () => number;

  constructor(options: ClientOptions) {
    const url = checkBaseUrl(options.baseUrl ?? DEFAULT_BASE_URL);
    this.baseUrl = url.origin + url.pathname.replace(/\/$/, "");
    this.opts = {
      ...options,
      maxRetries: options.maxRetries ?? DEFAULTS.maxRetries,
      requestTimeoutMs: options.requestTimeoutMs ?? DEFAULTS.requestTimeoutMs,
    };
    this.logger = options.logger ?? defaultLogger;
    this.sleep = options.sleep ?? ((ms) => new Promise((r) => setTimeout(r, ms)));
    this.random = options.random ?? Math.random;
    const who = options.token
      ? `token:${createHash("sha256").update(options.token).digest("hex").slice(0, 16)}`
      : `login:${options.email ?? ""}`;
    this.accountKey = `${this.baseUrl}|${who}`;
    this.limiter = limiterFor(this.accountKey, options.requestsPerSecond ?? DEFAULTS.requestsPerSecond);
    this.auth = new TokenSource(options, (req) => this.send(req, { auth: false, idempotent: true }), this.logger);
  }

  /** Everything that must never be printed. */
  secrets(): string[] {
    return this.auth.secrets();
  }

  /** One API call with auth, rate limiting and retries. Returns the parsed body. */
  async request<T = unknown>(req: Omit<HttpRequest, "token">, onSend?: () => void): Promise<T> {
    const res = await this.send(req, { auth: true, idempotent: req.method !== "POST", onSend });
    return res.body as T;
  }

  private async send(
    req: HttpRequest,
    how: { auth: boolean; idempotent: boolean; onSend?: () => void },
  ): Promise<HttpResponse> {
    let replacedToken = false;
    for (let attempt = 0; ; attempt++) {
      // The token first: a login takes a limiter slot of its own.
      const token = how.auth ? await this.auth.token() : req.token;
      const release = await this.limiter.acquire();
      how.onSend?.();
      const started = Date.now();
      try {
        const res = await send(
          { baseUrl: this.baseUrl, timeoutMs: this.opts.requestTimeoutMs, secrets: () => this.secrets(), fetch: this.opts.fetch },
          { ...req, token },
        );
        release();
        this.logger.debug?.(`${req.method} ${req.path} -> HTTP ${res.status} in ${Date.now() - started} ms`);
        return res;
      } catch (err) {
        release();
        if (how.auth && err instanceof AuthenticationError && this.auth.renewable && !replacedToken && token) {
          // Expired or blacklisted login token: log in again once and retry once.
          replacedToken = true;
          this.logger.debug?.(`${req.method} ${req.path}: token rejected, logging in again`);
          await this.auth.replace(token);
          attempt--;
          continue;
        }
        const delay = this.retryDelay(err, attempt, how.idempotent);
        if (delay === undefined) throw err;
        if (err instanceof RateLimitError) this.limiter.pause(delay);
        this.logger.debug?.(`${req.method} ${req.path}: ${(err as Error).message}; retry ${attempt + 1} in ${delay} ms`);
        await this.sleep(delay);
      }
    }
  }

  /** How long to wait before retrying, or undefined when the error is final. */
  private retryDelay(err: unknown, attempt: number, idempotent: boolean): number | undefined {
    if (!(err instanceof SmartfloError) || attempt >= this.opts.maxRetries) return undefined;
    const retryable =
      err instanceof RateLimitError || // rejected before it was processed
      (err instanceof ConnectionError && !err.ambiguous) || // never reached the server
      (idempotent && err.ambiguous); // 5xx, timeout, reset: safe to repeat a GET/PUT/DELETE
    if (!retryable) return undefined;
    if (err instanceof RateLimitError && err.retryAfterMs !== undefined) {
      return Math.min(err.retryAfterMs, DEFAULTS.maxRetryAfterMs) + Math.floor(this.random() * 100);
    }
    return this.backoff(attempt);
  }

  /** Exponential backoff with jitter: 0.5 s * 2^n, capped at 8 s, randomised to 50-100 %. */
  backoff(attempt: number): number {
    const base = Math.min(DEFAULTS.maxDelayMs, DEFAULTS.baseDelayMs * 2 ** attempt);
    return Math.round(base * (0.5 + this.random() * 0.5));
  }

  // ---- IVRs -----------------------------------------------------------------------------------

  /** The list request in flight, shared by concurrent callers (see rawIvrs). */
  private listing?: { sentAt?: number; promise: Promise<Array<Record<string, unknown>>> };

  /**
   * `GET /v1/ivrs`: every IVR of the account, raw. Pulumi creates many IVRs in parallel and each
   * needs the list, so concurrent callers share one request: a caller joins a request that is
   * still waiting for the rate limiter, or that was sent after the caller asked, so it always sees
   * every write that completed before it asked.
   */
  rawIvrs(): Promise<Array<Record<string, unknown>>> {
    const askedAt = Date.now();
    const current = this.listing;
    if (current && (current.sentAt === undefined || current.sentAt >= askedAt)) return current.promise;
    const listing: NonNullable<SmartfloClient["listing"]> = { promise: Promise.resolve([]) };
    listing.promise = this.fetchIvrs(() => (listing.sentAt = Date.now()));
    this.listing = listing;
    const clear = () => {
      if (this.listing === listing) this.listing = undefined;
    };
    listing.promise.then(clear, clear);
    return listing.promise;
  }

  private async fetchIvrs(onSend: () => void): Promise<Array<Record<string, unknown>>> {
    const body = await this.request<{ ivrs?: unknown }>({ method: "GET", path: "/v1/ivrs" }, onSend);
    const list = Array.isArray(body) ? body : (body as { ivrs?: unknown })?.ivrs;
    if (!Array.isArray(list)) {
      throw new ValidationError("Smartflo GET /v1/ivrs answered without an ivrs[] list", { endpoint: "GET /v1/ivrs", body });
    }
    return list as Array<Record<string, unknown>>;
  }

  async listIvrs(): Promise<IvrRecord[]> {
    return (await this.rawIvrs()).map((raw) => ({ id: String(raw.id), name: String(raw.name ?? ""), raw }));
  }

  /** The IVR with this id, mapped to the canonical model (`prior` keeps what reads cannot tell). */
  async getIvr(id: string, prior?: Partial<Ivr>): Promise<{ id: string; ivr: Ivr } | undefined> {
    const found = (await this.rawIvrs()).find((raw) => String(raw.id) === String(id));
    if (!found) return undefined;
    try {
      return fromReadShape(found, prior);
    } catch (err) {
      throw new ValidationError(`Smartflo GET /v1/ivrs returned IVR ${id} in an unexpected shape: ${(err as Error).message}`, {
        endpoint: "GET /v1/ivrs",
        cause: err,
      });
    }
  }

  /** Names are unique per account; compared trimmed and case-insensitively, as Smartflo does. */
  async findIvrByName(name: string): Promise<IvrRecord | undefined> {
    return (await this.listIvrs()).find((r) => sameName(r.name, name));
  }

  /**
   * `POST /v1/ivr`, then the new id. Create answers only `{success, message}`, so the id is found
   * by name. A POST whose response was lost is never blindly repeated: the name is looked up
   * first, and an IVR that did get created is returned instead of creating a duplicate.
   */
  async createIvr(ivr: Ivr): Promise<string> {
    const body = toWriteBody(ivr);
    let answer: unknown;
    for (let attempt = 0; ; attempt++) {
      try {
        answer = await this.request({ method: "POST", path: "/v1/ivr", body });
        break;
      } catch (err) {
        if (!(err instanceof SmartfloError) || !err.ambiguous) throw err;
        const existing = await this.findIvrByName(ivr.name);
        if (existing) {
          this.logger.debug?.(`POST /v1/ivr: response lost, but IVR '${ivr.name}' exists as ${existing.id}`);
          return existing.id;
        }
        if (attempt >= this.opts.maxRetries) throw err;
        await this.sleep(this.backoff(attempt));
      }
    }
    const id = idFromCreateAnswer(answer) ?? (await this.findIvrByName(ivr.name))?.id;
    if (!id) {
      throw new SmartfloError(
        `Smartflo POST /v1/ivr reported success, but no IVR named '${ivr.name}' appears in GET /v1/ivrs`,
        { endpoint: "POST /v1/ivr", body: answer },
      );
    }
    return id;
  }

  /** `PUT /v1/ivr/{id}` with the full desired state (every field is mandatory on update). */
  async updateIvr(id: string, ivr: Ivr): Promise<void> {
    const path = `/v1/ivr/${encodeURIComponent(id)}`;
    try {
      await this.request({ method: "PUT", path, body: toWriteBody(ivr) });
    } catch (err) {
      if (err instanceof ValidationError && !(await this.ivrExists(id))) throw this.gone(id, `PUT ${path}`, err);
      if (err instanceof NotFoundError) throw this.gone(id, `PUT ${path}`, err);
      throw err;
    }
  }

  /** `DELETE /v1/ivr/{id}`; an IVR that is already gone counts as deleted. */
  async deleteIvr(id: string): Promise<"deleted" | "absent"> {
    const path = `/v1/ivr/${encodeURIComponent(id)}`;
    try {
      await this.request({ method: "DELETE", path });
      return "deleted";
    } catch (err) {
      if (err instanceof NotFoundError) return "absent";
      // The status for an unknown id is undocumented: confirm absence rather than guess from text.
      if (err instanceof ValidationError && !(await this.ivrExists(id))) return "absent";
      throw err;
    }
  }

  private async ivrExists(id: string): Promise<boolean> {
    return (await this.listIvrs()).some((r) => r.id === String(id));
  }

  private gone(id: string, endpoint: string, cause: SmartfloError): NotFoundError {
    return new NotFoundError(`Smartflo IVR ${id} no longer exists (${endpoint}: ${cause.apiMessage ?? cause.status})`, {
      endpoint,
      status: cause.status,
      apiMessage: cause.apiMessage,
      cause,
    });
  }

  // ---- lookups ----------------------------------------------------------------------------------

  async listRecordings(): Promise<RecordingInfo[]> {
    const list = listIn(await this.request({ method: "GET", path: "/v1/recordings" }), ["data", "recordings", "results", "items"], "GET /v1/recordings");
    return list.map((r) => ({ id: String(r.id ?? r.recording_id), name: String(r.name ?? r.audio_name ?? "") }));
  }

  /** Every user, following the `last_seen_id` cursor. */
  async listUsers(): Promise<UserInfo[]> {
    const users: UserInfo[] = [];
    let cursor: string | undefined;
    for (let page = 0; page < 1000; page++) {
      const body = await this.request<Record<string, unknown>>({
        method: "GET",
        path: "/v1/users",
        query: { limit: 100, last_seen_id: cursor },
      });
      for (const u of listIn(body, ["data", "users", "results"], "GET /v1/users")) {
        const agent = (u.agent ?? {}) as Record<string, unknown>;
        users.push({ id: String(u.id), name: String(u.name ?? ""), agentId: agent.id !== undefined ? String(agent.id) : undefined });
      }
      const next = body?.last_seen_id;
      if (!body?.has_more || next === undefined || next === null || String(next) === cursor) break;
      cursor = String(next);
    }
    return users;
  }

  async listDepartments(): Promise<DepartmentInfo[]> {
    const list = listIn(await this.request({ method: "GET", path: "/v1/departments" }), ["data", "departments", "results"], "GET /v1/departments");
    return list.map((d) => ({
      id: String(d.id),
      name: String(d.name ?? ""),
      agentIds: Array.isArray(d.agents) ? d.agents.map((a: Record<string, unknown>) => String(a.eid ?? a.id)) : [],
    }));
  }

  async listTimeGroups(): Promise<Array<{ id: string; name: string }>> {
    const list = listIn(await this.request({ method: "GET", path: "/v1/timegroups" }), ["data", "timegroups", "results"], "GET /v1/timegroups");
    return list.map((t) => ({ id: String(t.id), name: String(t.name ?? "") }));
  }

  async listNumbers(): Promise<NumberInfo[]> {
    const list = listIn(await this.request({ method: "GET", path: "/v1/my_number" }), ["data", "numbers", "results"], "GET /v1/my_number");
    return list.map((n) => ({
      id: String(n.id),
      did: n.did === undefined ? undefined : String(n.did),
      name: n.name === undefined ? undefined : String(n.name),
      destination: n.destination === undefined ? undefined : String(n.destination),
    }));
  }

  /** Routes a number (DID): `PUT /v1/my_number/{id}` with a `type||id` destination. */
  async updateNumber(id: string, destination: string, extra: { name?: string; description?: string } = {}): Promise<void> {
    await this.request({ method: "PUT", path: `/v1/my_number/${encodeURIComponent(id)}`, body: { ...extra, destination } });
  }

  /** Text with this client's secrets removed, for messages built outside the client. */
  redact(text: string): string {
    return redactText(text, this.secrets());
  }
}

/** Create may one day answer an id: prefer it when it does. */
function idFromCreateAnswer(answer: unknown): string | undefined {
  const a = (answer ?? {}) as Record<string, unknown>;
  const data = (a.data ?? {}) as Record<string, unknown>;
  for (const v of [a.ivr_id, a.id, data.ivr_id, data.id]) {
    if ((typeof v === "string" && v.trim()) || typeof v === "number") return String(v);
  }
  return undefined;
}

/**
 * Lookup endpoints answer a bare array or an object holding one; accept both. Any other shape is
 * an error, never an empty list: "no recordings" would wrongly fail every recording reference.
 */
// eslint-disable-next-line @typescript-eslint/no-explicit-any
function listIn(body: unknown, keys: string[], endpoint: string): any[] {
  if (Array.isArray(body)) return body;
  if (body && typeof body === "object") {
    for (const k of keys) {
      const v = (body as Record<string, unknown>)[k];
      if (Array.isArray(v)) return v;
    }
  }
  throw new ValidationError(`Smartflo ${endpoint} answered in an unexpected shape (no list under ${keys.join("/")})`, {
    endpoint,
    body,
  });
}
