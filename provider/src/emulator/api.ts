/**
 * The `/v1` routes and their handlers: what each endpoint reads, checks and changes. The HTTP
 * pipeline around them (faults, auth, rate limit, outages) lives in server.ts.
 */
import { LoginTokens } from "./auth";
import { validateDepartmentBody } from "./department-body";
import { ApiError, Reply, ok, parseJson } from "./http";
import { validateIvrBody } from "./ivr-body";
import { validateNumberBody } from "./number-body";
import { toDepartmentReadShape, toNumberReadShape, toReadShape, toTimeGroupReadShape } from "./read-shape";
import { SinglePipeMode, invalid } from "./refs";
import { Account } from "./schema";
import { Store } from "./store";
import { validateTimeGroupBody } from "./timegroup-body";
import { ValidationContext, isPlainObject, usagesOf } from "./validate";

export const MESSAGES = {
  missingAuth: "Missing required request parameters: [Authorization]",
  badToken: "Deleted or blacklisted token provided",
  expired: "Token has expired",
  badLogin: "Invalid credentials",
  tooMany: "Too many requests.",
  routeNotFound: "Route not found",
  unavailable: "Service Unavailable",
  ivrNotFound: "IVR not found",
  numberNotFound: "Number not found",
  departmentNotFound: "Department not found",
  timeGroupNotFound: "Time group not found",
} as const;

export interface ApiConfig {
  singlePipe: SinglePipeMode;
  maxNameLength: number;
  createReturnsId: boolean;
  allowDeleteReferenced: boolean;
  /** Page `GET /v1/ivrs` by `page` / `limit` with at most this many IVRs a page; undefined = the whole list. */
  ivrsPageSize?: number;
}

export interface ApiDeps {
  readonly store: Store;
  readonly tokens: LoginTokens;
  readonly config: ApiConfig;
  /** Charge the account's rate limit (throws the 429). */
  admit(account: Account): void;
}

export interface RequestContext {
  /** Set once the request is attributed to an account (auth, or the login email). */
  account?: Account;
  token?: string;
  params: Record<string, string>;
  query: URLSearchParams;
  rawBody: string;
}

export interface Route {
  method: string;
  pattern: string;
  auth: boolean;
  /** Validation failures here honour `errorsAs200` (a 2xx carrying `success: false`). */
  writes: boolean;
  handler: (ctx: RequestContext) => Reply;
}

export function validationContext(deps: ApiDeps, account: Account, selfId?: number | string): ValidationContext {
  return {
    account,
    selfId,
    singlePipe: deps.config.singlePipe,
    maxNameLength: deps.config.maxNameLength,
    checkReferences: true,
  };
}

/** The documented success bodies; `--create-returns-id` adds the new id under `idField`. */
function created(deps: ApiDeps, what: string, idField: string, id: number | string): Reply {
  const body: Record<string, unknown> = { success: true, message: `${what} has been created successfully.` };
  if (deps.config.createReturnsId) body[idField] = id;
  return ok(body);
}

function done(what: string, verb: "updated" | "deleted"): Reply {
  return ok({ success: true, message: `${what} has been ${verb} successfully.` });
}

/** Refuse deleting something that IVRs, numbers or departments still route to. */
function refuseIfInUse(deps: ApiDeps, what: string, usages: string[]): void {
  if (usages.length > 0 && !deps.config.allowDeleteReferenced) {
    throw new ApiError(400, `${what} is in use by ${usages.join(", ")}: remove those references first`);
  }
}

function positiveQuery(query: URLSearchParams, name: string, fallback: number): number {
  const raw = query.get(name);
  if (raw === null || raw === "") return fallback;
  if (!/^\d+$/.test(raw) || Number(raw) < 1) throw invalid(name, "must be a positive integer");
  return Number(raw);
}

function indexById<T extends { id: number | string }>(items: T[], raw: string | undefined, notFound: string): number {
  const index = items.findIndex((item) => String(item.id) === raw);
  if (index < 0) throw new ApiError(404, notFound);
  return index;
}

function tokenBody(deps: ApiDeps, account: Account): Reply {
  const { token, expiresIn } = deps.tokens.issue(account.name);
  return ok({
    success: true,
    access_token: token,
    token_type: "bearer",
    expires_in: expiresIn,
    number_of_days_left: account.passwordDaysLeft,
  });
}

function login(deps: ApiDeps, ctx: RequestContext): Reply {
  const body = parseJson(ctx.rawBody);
  if (!isPlainObject(body)) throw invalid("body", "must be a JSON object");
  for (const field of ["email", "password"]) {
    if (body[field] === undefined || body[field] === null || body[field] === "") throw invalid(field, "is required");
    if (typeof body[field] !== "string") throw invalid(field, "must be a string");
  }
  const account = deps.store.byEmail(body.email as string);
  if (account) {
    // Logins count against the account whose email matched, wrong password or not.
    ctx.account = account;
    deps.admit(account);
  }
  if (!account || account.password !== body.password) throw new ApiError(401, MESSAGES.badLogin);
  return tokenBody(deps, account);
}

function refresh(deps: ApiDeps, ctx: RequestContext): Reply {
  // A static (portal) token stays valid; a login token is retired by its refresh.
  if (deps.tokens.isLoginToken(ctx.token!)) deps.tokens.blacklist(ctx.token!);
  return tokenBody(deps, ctx.account!);
}

/** The whole list (documented), or with `ivrsPageSize` one page and its paging signals. */
function listIvrs(deps: ApiDeps, ctx: RequestContext): Reply {
  const all = ctx.account!.ivrs.map(toReadShape);
  const size = deps.config.ivrsPageSize;
  if (size === undefined) return ok({ ivrs: all });
  const page = positiveQuery(ctx.query, "page", 1);
  const limit = Math.min(positiveQuery(ctx.query, "limit", size), size);
  const ivrs = all.slice((page - 1) * limit, page * limit);
  return ok({ ivrs, page, limit, count: ivrs.length, total: all.length, has_more: page * limit < all.length });
}

const ivrHandlers = {
  create(deps: ApiDeps, ctx: RequestContext): Reply {
    const account = ctx.account!;
    const ivr = validateIvrBody(parseJson(ctx.rawBody), validationContext(deps, account));
    const id = deps.store.allocateIvrId();
    account.ivrs.push({ id, ...ivr });
    deps.store.save();
    return created(deps, "IVR", "ivr_id", id);
  },
  update(deps: ApiDeps, ctx: RequestContext): Reply {
    const account = ctx.account!;
    const index = indexById(account.ivrs, ctx.params.id, MESSAGES.ivrNotFound);
    const id = account.ivrs[index]!.id;
    const ivr = validateIvrBody(parseJson(ctx.rawBody), validationContext(deps, account, id));
    account.ivrs[index] = { id, ...ivr };
    deps.store.save();
    return done("IVR", "updated");
  },
  delete(deps: ApiDeps, ctx: RequestContext): Reply {
    const account = ctx.account!;
    const index = indexById(account.ivrs, ctx.params.id, MESSAGES.ivrNotFound);
    const id = String(account.ivrs[index]!.id);
    refuseIfInUse(deps, "IVR", usagesOf(account, `ivr||${id}`, { kind: "ivr", id }));
    account.ivrs.splice(index, 1);
    deps.store.save();
    return done("IVR", "deleted");
  },
};

const departmentHandlers = {
  create(deps: ApiDeps, ctx: RequestContext): Reply {
    const account = ctx.account!;
    const department = validateDepartmentBody(parseJson(ctx.rawBody), "create", validationContext(deps, account));
    const id = deps.store.allocateDepartmentId();
    account.departments.push({ id, ...department });
    deps.store.save();
    return created(deps, "Department", "department_id", id);
  },
  update(deps: ApiDeps, ctx: RequestContext): Reply {
    const account = ctx.account!;
    const index = indexById(account.departments, ctx.params.id, MESSAGES.departmentNotFound);
    const current = account.departments[index]!;
    const department = validateDepartmentBody(parseJson(ctx.rawBody), "update", {
      ...validationContext(deps, account, current.id),
      current,
    });
    account.departments[index] = { id: current.id, ...department };
    deps.store.save();
    return done("Department", "updated");
  },
  delete(deps: ApiDeps, ctx: RequestContext): Reply {
    const account = ctx.account!;
    const index = indexById(account.departments, ctx.params.id, MESSAGES.departmentNotFound);
    const id = account.departments[index]!.id;
    refuseIfInUse(deps, "Department", usagesOf(account, `department||${id}`, { kind: "department", id }));
    account.departments.splice(index, 1);
    deps.store.save();
    return done("Department", "deleted");
  },
};

const timeGroupHandlers = {
  create(deps: ApiDeps, ctx: RequestContext): Reply {
    const account = ctx.account!;
    const group = validateTimeGroupBody(parseJson(ctx.rawBody), validationContext(deps, account));
    const id = deps.store.allocateTimeGroupId();
    account.timeGroups.push({ id, ...group });
    deps.store.save();
    return created(deps, "Time group", "timegroup_id", id);
  },
  delete(deps: ApiDeps, ctx: RequestContext): Reply {
    const account = ctx.account!;
    const index = indexById(account.timeGroups, ctx.params.id, MESSAGES.timeGroupNotFound);
    refuseIfInUse(deps, "Time group", usagesOf(account, `timegroup||${account.timeGroups[index]!.id}`));
    account.timeGroups.splice(index, 1);
    deps.store.save();
    return done("Time group", "deleted");
  },
};

function updateNumber(deps: ApiDeps, ctx: RequestContext): Reply {
  const account = ctx.account!;
  const number = account.numbers[indexById(account.numbers, ctx.params.id, MESSAGES.numberNotFound)]!;
  Object.assign(number, validateNumberBody(parseJson(ctx.rawBody), validationContext(deps, account)));
  deps.store.save();
  return ok({ success: true, message: "Number has been updated successfully." });
}

function listUsers(ctx: RequestContext): Reply {
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

export function buildRoutes(deps: ApiDeps): Route[] {
  const route = (method: string, pattern: string, handler: Route["handler"], extra: Partial<Route> = {}): Route => ({
    method,
    pattern,
    handler,
    auth: true,
    writes: false,
    ...extra,
  });
  const write = { writes: true };
  const bind = (handler: (deps: ApiDeps, ctx: RequestContext) => Reply) => (ctx: RequestContext) => handler(deps, ctx);
  return [
    route("POST", "/v1/auth/login", bind(login), { auth: false }),
    route("POST", "/v1/auth/refresh", bind(refresh)),
    route("GET", "/v1/ivrs", bind(listIvrs)),
    route("POST", "/v1/ivr", bind(ivrHandlers.create), write),
    route("PUT", "/v1/ivr/{id}", bind(ivrHandlers.update), write),
    route("DELETE", "/v1/ivr/{id}", bind(ivrHandlers.delete), write),
    route("GET", "/v1/recordings", (ctx) => {
      const data = ctx.account!.recordings.map((r) => ({ id: r.id, name: r.name, type: r.type }));
      return ok({ success: true, data, count: data.length });
    }),
    route("GET", "/v1/users", listUsers),
    route("GET", "/v1/departments", (ctx) => ok(ctx.account!.departments.map(toDepartmentReadShape))),
    route("POST", "/v1/department", bind(departmentHandlers.create), write),
    route("PUT", "/v1/department/{id}", bind(departmentHandlers.update), write),
    route("DELETE", "/v1/department/{id}", bind(departmentHandlers.delete), write),
    route("GET", "/v1/timegroups", (ctx) => ok(ctx.account!.timeGroups.map(toTimeGroupReadShape))),
    route("POST", "/v1/timegroup", bind(timeGroupHandlers.create), write),
    // No update route: the API documents none, so PUT answers 405 like any other missing method.
    route("DELETE", "/v1/timegroup/{id}", bind(timeGroupHandlers.delete), write),
    route("GET", "/v1/my_number", (ctx) => ok(ctx.account!.numbers.map(toNumberReadShape))),
    route("PUT", "/v1/my_number/{id}", bind(updateNumber), write),
  ];
}
