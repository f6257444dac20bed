/**
 * A local Tata Smartflo API emulator: a real HTTP server on 127.0.0.1 that answers like the
 * documented API, quirks included, so tests, examples and the demo need no account and no network.
 *
 * ```ts
 * const emulator = await startEmulator({ cps: 0 });
 * // ... point a client at emulator.url with token "emulator-token" ...
 * await emulator.close();
 * ```
 */
import * as fs from "node:fs";
import type { AccountPatch, AccountPatchResult } from "./account-patch";
import { Fault, FaultSpec, FaultSpecSchema } from "./faults";
import { ApiError } from "./http";
import type { OutageSpec, OutageStatus } from "./outage";
import { SinglePipeMode } from "./refs";
import { RouteStats } from "./rate-limit";
import { type AccountState, type Seed, formatZodError } from "./schema";
import { DEFAULT_SEED, SeedError, defaultSeed } from "./seed";
import { EmulatorServer } from "./server";
import { Store, publicState } from "./store";
import { DEFAULT_MAX_NAME_LENGTH } from "./validate";

export interface EmulatorOptions {
  /** 0 (the default) picks a free port. */
  port?: number;
  /** Requests per second for the default account (and accounts whose seed has no cps); 0 = unlimited. Default 3. */
  cps?: number;
  /** Keep data across restarts in this JSON file. */
  stateFile?: string;
  /** Override the default account's static token / login email / password. */
  token?: string;
  email?: string;
  password?: string;
  /** A parsed seed object, or a JSON file holding one (not both). Default: DEFAULT_SEED. */
  seed?: Seed;
  seedFile?: string;
  /** Lifetime of login tokens. Default 3600. */
  tokenTtlSeconds?: number;
  /** "reject" (default) answers 400 to `type|id`; "accept" normalises it to `type||id`. */
  singlePipe?: SinglePipeMode;
  /** Answer validation failures of write routes with HTTP 200 and `success: false`. */
  errorsAs200?: boolean;
  /**
   * Add the new id to create answers (the real API's answer is unknown): `ivr_id`,
   * `department_id`, `timegroup_id`.
   */
  createReturnsId?: boolean;
  /** Let DELETE of an IVR, department or time group proceed while something still routes to it. */
  allowDeleteReferenced?: boolean;
  /**
   * Page `GET /v1/ivrs` (the documented API does not): `?page=P&limit=L` (1-based, limit capped at
   * this size), answering `{ivrs, page, limit, count, total, has_more}`. Default: the whole list.
   */
  ivrsPageSize?: number;
  /** Send `Retry-After: 1` with 429s. Default true. */
  retryAfter?: boolean;
  /** Longest accepted IVR name. Default 64. */
  maxNameLength?: number;
  /** `number_of_days_left` in login responses for the default account. Default 60. */
  passwordDaysLeft?: number;
  /** Receives one line per request: method, path, status, duration. Never tokens or bodies. */
  log?: (line: string) => void;
}

export interface AccountCredentials {
  account: string;
  token: string;
  email: string;
  password: string;
}

export interface RunningEmulator {
  /** e.g. "http://127.0.0.1:43121" */
  url: string;
  port: number;
  close(): Promise<void>;
  /** A copy of one account's data (default: the first account), IVRs in write shape. */
  snapshot(account?: string): AccountState;
  /** Request counters, overall or for one account. */
  stats(account?: string): RouteStats;
  /** Same as `POST /__emulator/reset`. */
  reset(): void;
  /** The accounts' static credentials (the CLI prints them; they are fakes). */
  credentials(): AccountCredentials[];
  /** Same as `POST /__emulator/faults`; throws TypeError naming a bad field. */
  injectFaults(specs: FaultSpec | FaultSpec[]): Fault[];
  /** Same as `DELETE /__emulator/faults`: how many were cleared. */
  clearFaults(): number;
  /** Same as `POST /__emulator/outage`; resolves once the API is down. */
  startOutage(spec: OutageSpec): Promise<OutageStatus>;
  /** End the outage now; resolves once the API answers again (the only way to end a `refuse` one early). */
  endOutage(): Promise<void>;
  /** Same as `PATCH /__emulator/accounts/{name}` (default: the first account). */
  updateAccount(patch: AccountPatch, account?: string): AccountPatchResult;
}

export type {
  Account,
  AccountState,
  Department,
  NamedItem,
  PhoneNumber,
  Recording,
  Seed,
  SeedAccount,
  StoredIvr,
  TimeGroup,
  User,
} from "./schema";
export type { RouteStats } from "./rate-limit";
export type { Fault, FaultSpec } from "./faults";
export type { OutageSpec, OutageStatus } from "./outage";
export type { AccountPatch, AccountPatchResult } from "./account-patch";
export type { ReadIvr, IvrMenuEntry } from "./read-shape";
export type { SinglePipeMode } from "./refs";
export { DEFAULT_SEED, defaultSeed, SeedError };
export { FIRST_IVR_ID, FIRST_DEPARTMENT_ID, FIRST_TIME_GROUP_ID } from "./seed";
export { IVR_DESTINATION_TYPES, NUMBER_DESTINATION_TYPES, RECORDING_TYPES } from "./refs";
export { RING_STRATEGIES, DEPARTMENT_FAILOVER_TYPES, MEMBER_TIMEOUT } from "./department-body";
export { DAYS, MONTHS } from "./timegroup-body";

function check(condition: boolean, message: string): void {
  if (!condition) throw new TypeError(`smartflo emulator: ${message}`);
}

function isInt(value: unknown, min: number, max = Number.MAX_SAFE_INTEGER): boolean {
  return typeof value === "number" && Number.isInteger(value) && value >= min && value <= max;
}

function validateOptions(opts: EmulatorOptions): void {
  check(opts.port === undefined || isInt(opts.port, 0, 65535), "port must be an integer from 0 to 65535");
  check(opts.cps === undefined || isInt(opts.cps, 0), "cps must be a non-negative integer (0 disables rate limiting)");
  check(
    opts.tokenTtlSeconds === undefined || (typeof opts.tokenTtlSeconds === "number" && opts.tokenTtlSeconds > 0),
    "tokenTtlSeconds must be a positive number",
  );
  check(opts.maxNameLength === undefined || isInt(opts.maxNameLength, 1), "maxNameLength must be a positive integer");
  check(opts.passwordDaysLeft === undefined || isInt(opts.passwordDaysLeft, -100000), "passwordDaysLeft must be an integer");
  check(
    opts.singlePipe === undefined || opts.singlePipe === "reject" || opts.singlePipe === "accept",
    "singlePipe must be 'reject' or 'accept'",
  );
  check(opts.ivrsPageSize === undefined || isInt(opts.ivrsPageSize, 1, 10_000), "ivrsPageSize must be an integer from 1 to 10000");
  check(!(opts.seed !== undefined && opts.seedFile !== undefined), "give seed or seedFile, not both");
}

/** Control-route errors surface as TypeErrors when called from code. */
function programmatic<T>(run: () => T): T {
  try {
    return run();
  } catch (error) {
    if (error instanceof ApiError) throw new TypeError(`smartflo emulator: ${error.message}`);
    throw error;
  }
}

function readSeedFile(file: string): unknown {
  try {
    return JSON.parse(fs.readFileSync(file, "utf8"));
  } catch (error) {
    throw new SeedError(`seed file ${file}: cannot read it as JSON (${(error as Error).message})`);
  }
}

export async function startEmulator(opts: EmulatorOptions = {}): Promise<RunningEmulator> {
  validateOptions(opts);
  const singlePipe = opts.singlePipe ?? "reject";
  const maxNameLength = opts.maxNameLength ?? DEFAULT_MAX_NAME_LENGTH;
  const seed = opts.seed ?? (opts.seedFile !== undefined ? readSeedFile(opts.seedFile) : defaultSeed());
  const store = Store.open({
    seed,
    stateFile: opts.stateFile,
    overrides: {
      token: opts.token,
      email: opts.email,
      password: opts.password,
      cps: opts.cps,
      passwordDaysLeft: opts.passwordDaysLeft,
    },
    fallbackCps: opts.cps ?? 3,
    fallbackPasswordDaysLeft: opts.passwordDaysLeft ?? 60,
    singlePipe,
    maxNameLength,
  });
  const server = new EmulatorServer(store, {
    tokenTtlSeconds: opts.tokenTtlSeconds ?? 3600,
    singlePipe,
    errorsAs200: opts.errorsAs200 ?? false,
    createReturnsId: opts.createReturnsId ?? false,
    allowDeleteReferenced: opts.allowDeleteReferenced ?? false,
    retryAfter: opts.retryAfter ?? true,
    maxNameLength,
    ivrsPageSize: opts.ivrsPageSize,
    log: opts.log,
  });
  const port = await server.listen(opts.port ?? 0);

  let closed: Promise<void> | undefined;
  return {
    url: `http://127.0.0.1:${port}`,
    port,
    close() {
      closed ??= server.close().then(() => store.save());
      return closed;
    },
    snapshot(account?: string) {
      const found = account === undefined ? store.defaultAccount : store.get(account);
      if (!found) throw new Error(`smartflo emulator: unknown account '${account}'`);
      return publicState(found);
    },
    stats: (account?: string) => server.stats.snapshot(account),
    reset() {
      store.reset();
      server.resetRuntime();
    },
    credentials: () =>
      store.list().map((a) => ({ account: a.name, token: a.token, email: a.email, password: a.password })),
    injectFaults(specs) {
      return (Array.isArray(specs) ? specs : [specs]).map((spec, i) => {
        const parsed = FaultSpecSchema.safeParse(spec);
        if (!parsed.success) throw new TypeError(`smartflo emulator: faults[${i}]: ${formatZodError(parsed.error)}`);
        return server.faults.add(parsed.data);
      });
    },
    clearFaults: () => server.faults.clear(),
    async startOutage(spec) {
      const { status, takeDown } = programmatic(() => server.startOutage(spec));
      takeDown();
      return status;
    },
    endOutage: () => server.endOutage(),
    updateAccount: (patch, account) => programmatic(() => server.updateAccount(account ?? store.defaultAccount.name, patch)),
  };
}
