/**
 * The HTTP server: routing, auth, per-account rate limiting, injected faults, outages and stats
 * around the `/v1` handlers of api.ts. Order per `/v1` request:
 *
 *   outage (503) → "before" fault → route (404/405) → auth → rate limit → "after" fault's hold →
 *   handler → "after" fault's answer (lost, rewritten, late)
 *
 * so a "before" fault can stand in for any path, a 401 never costs the account a request, and an
 * "after" fault only touches requests the server really handled.
 */
import * as http from "node:http";
import type { AddressInfo, Socket } from "node:net";
import { AccountPatchResult, AccountPatchSchema, applyAccountPatch } from "./account-patch";
import { ApiConfig, MESSAGES, RequestContext, Route, buildRoutes } from "./api";
import { LoginTokens } from "./auth";
import { ControlDeps, handleControl } from "./control";
import { FaultAction, FaultQueue } from "./faults";
import { ApiError, Reply, errorReply, failure, readBody, send } from "./http";
import { OutageMode, OutageSpecSchema, OutageStatus } from "./outage";
import { SlidingWindowLimiter, Stats } from "./rate-limit";
import { Account, formatZodError } from "./schema";
import { Store } from "./store";

export interface ServerConfig extends ApiConfig {
  tokenTtlSeconds: number;
  errorsAs200: boolean;
  retryAfter: boolean;
  log?: (line: string) => void;
}

type RouteMatch =
  | { kind: "found"; route: Route; params: Record<string, string> }
  | { kind: "method"; pattern: string; allowed: string[] }
  | { kind: "none" };

function matchPattern(pattern: string, path: string): Record<string, string> | undefined {
  const want = pattern.split("/");
  const got = path.split("/");
  if (want.length !== got.length) return undefined;
  const params: Record<string, string> = {};
  for (let i = 0; i < want.length; i++) {
    const part = want[i]!;
    if (part.startsWith("{")) {
      if (got[i] === "") return undefined;
      try {
        params[part.slice(1, -1)] = decodeURIComponent(got[i]!);
      } catch {
        return undefined; // malformed %-escape: no route, not a crash
      }
    } else if (part !== got[i]) {
      return undefined;
    }
  }
  return params;
}

/** Accept `Bearer X` in any case, or the raw token, as clients in the wild send both. */
export function tokenFromHeader(header: string | undefined): string | undefined {
  if (header === undefined) return undefined;
  const trimmed = header.trim();
  const match = /^bearer(?:\s+(.*))?$/i.exec(trimmed);
  const token = (match ? (match[1] ?? "") : trimmed).trim();
  return token === "" ? undefined : token;
}

interface ActiveOutage {
  mode: OutageMode;
  endsAt: number;
  timer: NodeJS.Timeout;
}

/** How long a re-listen after a `refuse` outage keeps trying a port someone else grabbed. */
const RELISTEN_RETRY_MS = 50;
const RELISTEN_ATTEMPTS = 100;

export class EmulatorServer implements ControlDeps {
  readonly server: http.Server;
  readonly tokens: LoginTokens;
  readonly limiter = new SlidingWindowLimiter();
  readonly stats = new Stats();
  readonly faults = new FaultQueue();
  private readonly routes: Route[];
  private readonly timers = new Set<NodeJS.Timeout>();
  private readonly sockets = new Set<Socket>();
  private closing = false;
  private port = 0;
  private baseUrl = "";
  private outage?: ActiveOutage;
  /** Resolves when the listener is back after a `refuse` outage. */
  private relistening?: Promise<void>;

  constructor(
    readonly store: Store,
    readonly config: ServerConfig,
  ) {
    this.tokens = new LoginTokens(config.tokenTtlSeconds, () => `${this.baseUrl}/v1/auth/login`);
    this.routes = buildRoutes({ store, tokens: this.tokens, config, admit: (account) => this.admit(account) });
    this.server = http.createServer((req, res) => {
      this.handle(req, res).catch((error: unknown) => {
        // A bug in the emulator: answer 500 rather than hang the client.
        send(res, failure(500, `emulator error: ${(error as Error).message}`));
      });
    });
    this.server.on("connection", (socket) => {
      this.sockets.add(socket);
      socket.once("close", () => this.sockets.delete(socket));
    });
  }

  listen(port: number): Promise<number> {
    return new Promise((resolve, reject) => {
      this.server.once("error", reject);
      // Loopback only: the emulator's static credentials are public.
      this.server.listen(port, "127.0.0.1", () => {
        this.server.off("error", reject);
        this.port = (this.server.address() as AddressInfo).port;
        this.baseUrl = `http://127.0.0.1:${this.port}`;
        resolve(this.port);
      });
    });
  }

  close(): Promise<void> {
    this.closing = true;
    for (const timer of this.timers) clearTimeout(timer);
    this.timers.clear();
    if (this.outage) clearTimeout(this.outage.timer);
    this.outage = undefined;
    return new Promise((resolve) => {
      this.server.close(() => resolve());
      for (const socket of this.sockets) socket.destroy();
    });
  }

  /** Clear everything a run leaves behind in memory (`POST /__emulator/reset`). */
  resetRuntime(): void {
    this.tokens.clear();
    this.faults.clear();
    this.stats.reset();
    this.limiter.reset();
  }

  // ---- outages ---------------------------------------------------------------------------------

  outageStatus(): OutageStatus {
    if (!this.outage) return { active: false };
    return { active: true, mode: this.outage.mode, endsInMs: Math.max(0, Math.round(this.outage.endsAt - Date.now())) };
  }

  /**
   * Start an outage. A `refuse` outage takes the listener down only when the caller runs
   * `takeDown`: the control route runs it after its answer has been sent.
   */
  startOutage(rawSpec: unknown): { status: OutageStatus; takeDown: () => void } {
    const parsed = OutageSpecSchema.safeParse(rawSpec);
    if (!parsed.success) throw new ApiError(400, `outage: ${formatZodError(parsed.error)}`);
    const spec = parsed.data;
    if (this.outage) throw new ApiError(409, `an outage (${this.outage.mode}) is already running; end it first`);
    if (this.closing) throw new ApiError(409, "the emulator is closing");
    const timer = setTimeout(() => void this.endOutage(), spec.durationMs);
    this.outage = { mode: spec.mode, endsAt: Date.now() + spec.durationMs, timer };
    const takeDown = (): void => {
      if (spec.mode !== "refuse" || this.outage?.timer !== timer) return;
      this.server.close();
      for (const socket of this.sockets) socket.destroy();
    };
    return { status: this.outageStatus(), takeDown };
  }

  /** End the outage now; resolves once the API answers again. */
  endOutage(): Promise<void> {
    const outage = this.outage;
    if (!outage) return this.relistening ?? Promise.resolve();
    clearTimeout(outage.timer);
    this.outage = undefined;
    if (outage.mode === "refuse" && !this.closing && !this.server.listening) {
      this.relistening = this.relisten(RELISTEN_ATTEMPTS).finally(() => (this.relistening = undefined));
      return this.relistening;
    }
    return Promise.resolve();
  }

  /** Listen again on the same port, retrying while another process holds it. */
  private relisten(attempts: number): Promise<void> {
    return new Promise((resolve, reject) => {
      const onError = (error: Error) => {
        if (attempts <= 1 || this.closing) {
          this.config.log?.(`smartflo emulator: cannot listen on port ${this.port} again: ${error.message}`);
          reject(error);
          return;
        }
        setTimeout(() => this.relisten(attempts - 1).then(resolve, reject), RELISTEN_RETRY_MS);
      };
      this.server.once("error", onError);
      this.server.listen(this.port, "127.0.0.1", () => {
        this.server.off("error", onError);
        resolve();
      });
    });
  }

  updateAccount(name: string, rawPatch: unknown): AccountPatchResult {
    const account = this.store.get(name);
    if (!account) {
      const known = this.store.list().map((a) => a.name).join(", ");
      throw new ApiError(404, `Unknown account '${name}'; accounts: ${known}`);
    }
    const parsed = AccountPatchSchema.safeParse(rawPatch);
    if (!parsed.success) throw new ApiError(400, `account: ${formatZodError(parsed.error)}`);
    return applyAccountPatch(this.store, this.tokens, account, parsed.data);
  }

  // ---- requests --------------------------------------------------------------------------------

  private delay(ms: number): Promise<void> {
    return new Promise((resolve) => {
      const timer = setTimeout(() => {
        this.timers.delete(timer);
        resolve();
      }, ms);
      this.timers.add(timer);
    });
  }

  private async handle(req: http.IncomingMessage, res: http.ServerResponse): Promise<void> {
    const started = performance.now();
    const method = (req.method ?? "GET").toUpperCase();
    const url = new URL(req.url ?? "/", "http://127.0.0.1");
    const path = url.pathname;
    const log = this.config.log;
    if (log) {
      // Path only, never the query or headers: nothing secret reaches the log.
      res.once("close", () => {
        const outcome = res.writableFinished ? String(res.statusCode) : "dropped";
        log(`${method} ${path} ${outcome} ${Math.round(performance.now() - started)}ms`);
      });
    }

    if (path === "/__emulator" || path.startsWith("/__emulator/")) {
      const rawBody = await readBody(req).catch((error: unknown) => error);
      const reply = typeof rawBody === "string" ? handleControl(this, method, url, rawBody) : errorReply(rawBody);
      send(res, reply);
      return;
    }
    await this.handleApi(req, res, method, url);
  }

  private match(method: string, path: string): RouteMatch {
    const byPath = this.routes.map((route) => ({ route, params: matchPattern(route.pattern, path) })).filter((m) => m.params);
    if (byPath.length === 0) return { kind: "none" };
    const found = byPath.find((m) => m.route.method === method);
    if (found) return { kind: "found", route: found.route, params: found.params! };
    return { kind: "method", pattern: byPath[0]!.route.pattern, allowed: byPath.map((m) => m.route.method) };
  }

  private async handleApi(req: http.IncomingMessage, res: http.ServerResponse, method: string, url: URL): Promise<void> {
    const path = url.pathname;
    const match = this.match(method, path);
    const routeKey = match.kind === "none" ? "unmatched" : `${method} ${match.kind === "found" ? match.route.pattern : match.pattern}`;
    const ctx: RequestContext = { params: {}, query: url.searchParams, rawBody: "" };
    // Counted when answered (not on socket close) so a follow-up stats request always sees it.
    const respond = (reply: Reply | "drop"): void => {
      this.stats.request(routeKey, ctx.account?.name);
      if (reply === "drop") req.socket.destroy();
      else send(res, reply);
    };

    if (this.outage?.mode === "unavailable") {
      this.stats.outageRejected();
      return respond(failure(503, MESSAGES.unavailable));
    }

    const before = this.faults.take("before", method, path);
    if (before) {
      this.stats.faultInjected(undefined);
      if (before.latencyMs > 0) await this.delay(before.latencyMs);
      if (this.closing || res.destroyed) return;
      if (before.drop) return respond("drop");
      if (before.answer) return respond(before.answer);
      for (const [name, value] of Object.entries(before.headers)) res.setHeader(name, value);
    }

    if (match.kind === "none") return respond(failure(404, MESSAGES.routeNotFound));
    if (match.kind === "method") {
      const allowed = match.allowed.join(", ");
      return respond(failure(405, `Method ${method} is not allowed on ${match.pattern}; use ${allowed}`, { Allow: allowed }));
    }

    const { route, params } = match;
    ctx.params = params;
    let after: FaultAction | undefined;
    let reply: Reply;
    try {
      ctx.rawBody = await readBody(req);
      if (route.auth) this.authenticate(req, ctx);
      after = this.takeAfterFault(method, path, ctx);
      // A late commit: the handler runs when the hold ends, whether or not the client is still there.
      if (after && after.latencyMs > 0) await this.delay(after.latencyMs);
      reply = route.handler(ctx);
    } catch (error) {
      reply = errorReply(error);
      if (route.writes && this.config.errorsAs200 && reply.status === 400) reply = { ...reply, status: 200 };
    }
    if (!after) return respond(reply);

    if (after.answerLatencyMs > 0) await this.delay(after.answerLatencyMs);
    if (this.closing) return;
    if (after.drop) return respond("drop");
    if (after.answer) return respond(after.answer);
    respond({ ...reply, headers: { ...reply.headers, ...after.headers } });
  }

  /** "After" faults apply once a request reaches its handler; counted for the request's account. */
  private takeAfterFault(method: string, path: string, ctx: RequestContext): FaultAction | undefined {
    const fault = this.faults.take("after", method, path);
    if (fault) this.stats.faultInjected(ctx.account?.name);
    return fault;
  }

  /** Resolve the token to an account and charge the account's rate limit. */
  private authenticate(req: http.IncomingMessage, ctx: RequestContext): void {
    const token = tokenFromHeader(req.headers.authorization);
    if (token === undefined) throw new ApiError(401, MESSAGES.missingAuth);
    let account = this.store.byToken(token);
    if (!account) {
      const check = this.tokens.check(token);
      if (check.kind === "expired") throw new ApiError(401, MESSAGES.expired);
      if (check.kind !== "valid") throw new ApiError(401, MESSAGES.badToken);
      account = this.store.get(check.account);
      if (!account) throw new ApiError(401, MESSAGES.badToken);
    }
    ctx.account = account;
    ctx.token = token;
    this.admit(account);
  }

  private admit(account: Account): void {
    if (!this.limiter.tryAcquire(account.name, account.cps)) {
      this.stats.rateLimited(account.name);
      const headers: Record<string, string> = this.config.retryAfter ? { "Retry-After": "1" } : {};
      // The documented sample really has the string "false".
      throw new ApiError(429, MESSAGES.tooMany, headers, { success: "false", message: MESSAGES.tooMany });
    }
    this.stats.accepted(account.name);
  }
}
