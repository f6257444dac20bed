/**
 * The HTTP server: routing, auth, per-account rate limiting, injected faults, stats, and the
 * `/v1` handlers. Order per `/v1` request: fault → route (404/405) → auth → rate limit → handler,
 * so a fault can stand in for any path and a 401 never costs the account a request.
 */
import * as http from "node:http";
import type { AddressInfo, Socket } from "node:net";
import { LoginTokens } from "./auth";
import { ControlDeps, handleControl } from "./control";
import { FaultQueue } from "./faults";
import { ApiError, Reply, errorReply, failure, ok, parseJson, readBody, send } from "./http";
import { toReadShape } from "./read-shape";
import { SinglePipeMode, invalid } from "./refs";
import { SlidingWindowLimiter, Stats } from "./rate-limit";
import { Account } from "./schema";
import { Store } from "./store";
import { ValidationContext, isPlainObject, referencesToIvr, validateIvrBody, validateNumberBody } from "./validate";

export interface ServerConfig {
  tokenTtlSeconds: number;
  singlePipe: SinglePipeMode;
  errorsAs200: boolean;
  createReturnsId: boolean;
  allowDeleteReferenced: boolean;
  retryAfter: boolean;
  maxNameLength: number;
  log?: (line: string) => void;
}

export const MESSAGES = {
  missingAuth: "Missing required request parameters: [Authorization]",
  badToken: "Deleted or blacklisted token provided",
  expired: "Token has expired",
  badLogin: "Invalid credentials",
  tooMany: "Too many requests.",
  routeNotFound: "Route not found",
  ivrNotFound: "IVR not found",
  numberNotFound: "Number not found",
} as const;

interface RequestContext {
  /** Set once the request is attributed to an account (auth, or the login email). */
  account?: Account;
  token?: string;
  params: Record<string, string>;
  query: URLSearchParams;
  rawBody: string;
}

interface Route {
  method: string;
  pattern: string;
  auth: boolean;
  /** Validation failures here honour `errorsAs200` (a 2xx carrying `success: false`). */
  writes: boolean;
  handler: (ctx: RequestContext) => Reply;
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
  private baseUrl = "";

  constructor(
    readonly store: Store,
    readonly config: ServerConfig,
  ) {
    this.tokens = new LoginTokens(config.tokenTtlSeconds, () => `${this.baseUrl}/v1/auth/login`);
    this.routes = this.buildRoutes();
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
        const actual = (this.server.address() as AddressInfo).port;
        this.baseUrl = `http://127.0.0.1:${actual}`;
        resolve(actual);
      });
    });
  }

  close(): Promise<void> {
    this.closing = true;
    for (const timer of this.timers) clearTimeout(timer);
    this.timers.clear();
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

    const fault = this.faults.take(method, path);
    if (fault) {
      this.stats.faultInjected(undefined);
      if (fault.latencyMs > 0) await this.delay(fault.latencyMs);
      if (this.closing || res.destroyed) return;
      if (fault.drop) return respond("drop");
      if (fault.response) return respond(fault.response);
      for (const [name, value] of Object.entries(fault.headers)) res.setHeader(name, value);
    }

    if (match.kind === "none") return respond(failure(404, MESSAGES.routeNotFound));
    if (match.kind === "method") {
      const allowed = match.allowed.join(", ");
      return respond(failure(405, `Method ${method} is not allowed on ${match.pattern}; use ${allowed}`, { Allow: allowed }));
    }

    const { route, params } = match;
    ctx.params = params;
    let reply: Reply;
    try {
      ctx.rawBody = await readBody(req);
      if (route.auth) this.authenticate(req, ctx);
      reply = route.handler(ctx);
    } catch (error) {
      reply = errorReply(error);
      if (route.writes && this.config.errorsAs200 && reply.status === 400) reply = { ...reply, status: 200 };
    }
    respond(reply);
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

  private validationContext(account: Account, selfId?: number): ValidationContext {
    return {
      account,
      selfId,
      singlePipe: this.config.singlePipe,
      maxNameLength: this.config.maxNameLength,
      checkReferences: true,
    };
  }

  private ivrInAccount(ctx: RequestContext): { account: Account; index: number } {
    const account = ctx.account!;
    const raw = ctx.params.id ?? "";
    const index = /^\d+$/.test(raw) ? account.ivrs.findIndex((ivr) => String(ivr.id) === raw) : -1;
    if (index < 0) throw new ApiError(404, MESSAGES.ivrNotFound);
    return { account, index };
  }

  private tokenBody(account: Account): Reply {
    const { token, expiresIn } = this.tokens.issue(account.name);
    return ok({
      success: true,
      access_token: token,
      token_type: "bearer",
      expires_in: expiresIn,
      number_of_days_left: account.passwordDaysLeft,
    });
  }

  private buildRoutes(): Route[] {
    const route = (method: string, pattern: string, handler: Route["handler"], extra: Partial<Route> = {}): Route => ({
      method,
      pattern,
      handler,
      auth: true,
      writes: false,
      ...extra,
    });
    return [
      route("POST", "/v1/auth/login", (ctx) => this.login(ctx), { auth: false }),
      route("POST", "/v1/auth/refresh", (ctx) => this.refresh(ctx)),
      route("GET", "/v1/ivrs", (ctx) => ok({ ivrs: ctx.account!.ivrs.map(toReadShape) })),
      route("POST", "/v1/ivr", (ctx) => this.createIvr(ctx), { writes: true }),
      route("PUT", "/v1/ivr/{id}", (ctx) => this.updateIvr(ctx), { writes: true }),
      route("DELETE", "/v1/ivr/{id}", (ctx) => this.deleteIvr(ctx), { writes: true }),
      route("GET", "/v1/recordings", (ctx) => {
        const data = ctx.account!.recordings.map((r) => ({ id: r.id, name: r.name, type: r.type }));
        return ok({ success: true, data, count: data.length });
      }),
      route("GET", "/v1/users", (ctx) => this.listUsers(ctx)),
      route("GET", "/v1/departments", (ctx) => ok(structuredClone(ctx.account!.departments))),
      route("GET", "/v1/timegroups", (ctx) => ok(ctx.account!.timeGroups.map((t) => ({ id: t.id, name: t.name })))),
      route("GET", "/v1/my_number", (ctx) =>
        ok(ctx.account!.numbers.map((n) => ({ id: n.id, did: n.did, name: n.name, destination: n.destination, description: n.description }))),
      ),
      route("PUT", "/v1/my_number/{id}", (ctx) => this.updateNumber(ctx), { writes: true }),
    ];
  }

  private login(ctx: RequestContext): Reply {
    const body = parseJson(ctx.rawBody);
    if (!isPlainObject(body)) throw invalid("body", "must be a JSON object");
    for (const field of ["email", "password"]) {
      if (body[field] === undefined || body[field] === null || body[field] === "") throw invalid(field, "is required");
      if (typeof body[field] !== "string") throw invalid(field, "must be a string");
    }
    const account = this.store.byEmail(body.email as string);
    if (account) {
      // Logins count against the account whose email matched, wrong password or not.
      ctx.account = account;
      this.admit(account);
    }
    if (!account || account.password !== body.password) throw new ApiError(401, MESSAGES.badLogin);
    return this.tokenBody(account);
  }

  private refresh(ctx: RequestContext): Reply {
    const account = ctx.account!;
    // A static (portal) token stays valid; a login token is retired by its refresh.
    if (this.tokens.isLoginToken(ctx.token!)) this.tokens.blacklist(ctx.token!);
    return this.tokenBody(account);
  }

  private createIvr(ctx: RequestContext): Reply {
    const account = ctx.account!;
    const ivr = validateIvrBody(parseJson(ctx.rawBody), this.validationContext(account));
    const id = this.store.allocateIvrId();
    account.ivrs.push({ id, ...ivr });
    this.store.save();
    const body: Record<string, unknown> = { success: true, message: "IVR has been created successfully." };
    if (this.config.createReturnsId) body.ivr_id = id;
    return ok(body);
  }

  private updateIvr(ctx: RequestContext): Reply {
    const { account, index } = this.ivrInAccount(ctx);
    const id = account.ivrs[index]!.id;
    const ivr = validateIvrBody(parseJson(ctx.rawBody), this.validationContext(account, id));
    account.ivrs[index] = { id, ...ivr };
    this.store.save();
    return ok({ success: true, message: "IVR has been updated successfully." });
  }

  private deleteIvr(ctx: RequestContext): Reply {
    const { account, index } = this.ivrInAccount(ctx);
    const id = account.ivrs[index]!.id;
    const users = referencesToIvr(account, id);
    if (users.length > 0 && !this.config.allowDeleteReferenced) {
      throw new ApiError(400, `IVR is in use by ${users.join(", ")}: remove those references first`);
    }
    account.ivrs.splice(index, 1);
    this.store.save();
    return ok({ success: true, message: "IVR has been deleted successfully." });
  }

  private listUsers(ctx: RequestContext): Reply {
    const limitRaw = ctx.query.get("limit");
    const lastRaw = ctx.query.get("last_seen_id");
    const limit = limitRaw === null || limitRaw === "" ? 20 : /^\d+$/.test(limitRaw) ? Number(limitRaw) : NaN;
    if (!(limit >= 1 && limit <= 100)) throw invalid("limit", "must be an integer from 1 to 100");
    const lastSeen = lastRaw === null || lastRaw === "" ? 0 : /^\d+$/.test(lastRaw) ? Number(lastRaw) : NaN;
    if (Number.isNaN(lastSeen)) throw invalid("last_seen_id", "must be a user id (an integer)");
    const remaining = ctx.account!.users.filter((u) => u.id > lastSeen);
    const page = remaining.slice(0, limit);
    return ok({
      has_more: remaining.length > page.length,
      count: page.length,
      last_seen_id: page.length > 0 ? page[page.length - 1]!.id : null,
      data: structuredClone(page),
    });
  }

  private updateNumber(ctx: RequestContext): Reply {
    const account = ctx.account!;
    const number = account.numbers.find((n) => n.id === ctx.params.id);
    if (!number) throw new ApiError(404, MESSAGES.numberNotFound);
    const update = validateNumberBody(parseJson(ctx.rawBody), this.validationContext(account));
    Object.assign(number, update);
    this.store.save();
    return ok({ success: true, message: "Number has been updated successfully." });
  }
}
