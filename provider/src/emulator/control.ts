/**
 * `/__emulator/*`: test hooks outside the Smartflo API. No auth and no rate limit, so a test can
 * always inspect and repair the emulator, even while faults are queued for `/v1` or the API is
 * answering 503 (a `refuse` outage takes these down too: the whole port is closed).
 */
import { AccountPatchResult } from "./account-patch";
import { departmentUpdateBody, validateDepartmentBody } from "./department-body";
import { FaultQueue, FaultSpecSchema } from "./faults";
import { ApiError, Reply, errorReply, failure, ok, parseJson } from "./http";
import { validateIvrBody } from "./ivr-body";
import { validateNumberBody } from "./number-body";
import { OutageStatus } from "./outage";
import { Stats } from "./rate-limit";
import { SinglePipeMode, invalid } from "./refs";
import { Account, formatZodError } from "./schema";
import { Store, publicState } from "./store";
import { validateTimeGroupBody } from "./timegroup-body";
import { ValidationContext, isPlainObject } from "./validate";

export interface ControlDeps {
  readonly store: Store;
  readonly faults: FaultQueue;
  readonly stats: Stats;
  readonly config: { singlePipe: SinglePipeMode; maxNameLength: number };
  resetRuntime(): void;
  outageStatus(): OutageStatus;
  startOutage(spec: unknown): { status: OutageStatus; takeDown: () => void };
  endOutage(): Promise<void>;
  updateAccount(name: string, patch: unknown): AccountPatchResult;
}

type Kind = "ivrs" | "departments" | "timegroups" | "numbers";

const KIND_LABEL: Record<Kind, string> = { ivrs: "IVR", departments: "Department", timegroups: "Time group", numbers: "Number" };

function accountParam(deps: ControlDeps, url: URL): Account | undefined {
  const name = url.searchParams.get("account");
  if (name === null) return undefined;
  const account = deps.store.get(name);
  if (!account) {
    const known = deps.store.list().map((a) => a.name).join(", ");
    throw new ApiError(404, `Unknown account '${name}'; accounts: ${known}`);
  }
  return account;
}

function listOf(account: Account, kind: Kind): Array<{ id: number | string }> {
  switch (kind) {
    case "ivrs":
      return account.ivrs;
    case "departments":
      return account.departments;
    case "timegroups":
      return account.timeGroups;
    case "numbers":
      return account.numbers;
  }
}

/** Find an item by id in the named account, or (ids being global) in any account. */
function find(deps: ControlDeps, url: URL, kind: Kind, rawId: string): { account: Account; index: number } {
  const only = accountParam(deps, url);
  for (const account of only ? [only] : deps.store.list()) {
    const index = listOf(account, kind).findIndex((item) => String(item.id) === rawId);
    if (index >= 0) return { account, index };
  }
  throw new ApiError(404, `${KIND_LABEL[kind]} ${rawId} not found${only ? ` in account '${only.name}'` : ""}`);
}

function editContext(deps: ControlDeps, account: Account, selfId: number | string): ValidationContext {
  return { account, selfId, singlePipe: deps.config.singlePipe, maxNameLength: deps.config.maxNameLength, checkReferences: true };
}

function patchBody(rawBody: string, what: string): Record<string, unknown> {
  const patch = parseJson(rawBody);
  if (!isPlainObject(patch)) throw invalid("body", `must be a JSON object (${what})`);
  return patch;
}

/**
 * Edits "as if made in the web panel": merge a partial body into the stored item and validate the
 * result like the API would (IVRs and departments like a PUT, time groups like a create, numbers
 * like `PUT /v1/my_number`). The id cannot change.
 */
function patchItem(deps: ControlDeps, url: URL, kind: Kind, rawId: string, rawBody: string): Reply {
  const { account, index } = find(deps, url, kind, rawId);
  const patch = patchBody(rawBody, `a partial ${KIND_LABEL[kind].toLowerCase()} body`);
  const current = listOf(account, kind)[index]!;
  if (patch.id !== undefined && String(patch.id) !== String(current.id)) throw invalid("id", "cannot be changed");
  delete patch.id;
  const ctx = editContext(deps, account, current.id);
  let stored: unknown;
  switch (kind) {
    case "ivrs": {
      const ivr = account.ivrs[index]!;
      const { id, ...fields } = ivr;
      const merged: Record<string, unknown> = { ...fields, ...patch };
      // Derived fields follow their source unless the patch sets them too.
      if (patch.timeout_tries !== undefined && patch.timeout_retries === undefined) delete merged.timeout_retries;
      if (Array.isArray(patch.option) && patch.sms_template === undefined && patch.option.length !== fields.option.length) {
        delete merged.sms_template;
      }
      stored = account.ivrs[index] = { id, ...validateIvrBody(merged, ctx) };
      break;
    }
    case "departments": {
      const department = account.departments[index]!;
      const merged = { ...departmentUpdateBody(department), ...patch };
      stored = account.departments[index] = { id: department.id, ...validateDepartmentBody(merged, "update", { ...ctx, current: department }) };
      break;
    }
    case "timegroups": {
      const { id, ...fields } = account.timeGroups[index]!;
      stored = account.timeGroups[index] = { id, ...validateTimeGroupBody({ ...fields, ...patch }, ctx) };
      break;
    }
    case "numbers": {
      const number = account.numbers[index]!;
      const { destination, ...rest } = { name: number.name, description: number.description, destination: number.destination, sms_template: number.sms_template, ...patch };
      // The panel can leave a number unrouted (destination null); the API cannot, so check the rest alone.
      const update = validateNumberBody({ ...rest, destination: destination ?? "hangup||1" }, ctx);
      Object.assign(number, update, destination === null ? { destination: null } : {});
      stored = number;
      break;
    }
  }
  deps.store.save();
  return ok({ success: true, [kind === "ivrs" ? "ivr" : kind.slice(0, -1)]: stored });
}

/** Out of band: no reference check, exactly what leaves dangling routes in a real account. */
function deleteItem(deps: ControlDeps, url: URL, kind: Exclude<Kind, "numbers">, rawId: string): Reply {
  const { account, index } = find(deps, url, kind, rawId);
  const [removed] = (listOf(account, kind) as unknown[]).splice(index, 1);
  deps.store.save();
  return ok({ success: true, message: `${KIND_LABEL[kind]} ${(removed as { id: unknown }).id} deleted out of band` });
}

function addFaults(deps: ControlDeps, rawBody: string): Reply {
  const body = parseJson(rawBody);
  const specs = Array.isArray(body) ? body : [body];
  const parsed = specs.map((spec, i) => {
    const result = FaultSpecSchema.safeParse(spec);
    if (!result.success) {
      const where = Array.isArray(body) ? `faults[${i}]` : "fault";
      throw new ApiError(400, `${where}: ${formatZodError(result.error)}`);
    }
    return result.data;
  });
  return ok({ success: true, faults: parsed.map((spec) => deps.faults.add(spec)) });
}

const ROUTES_HELP =
  "see GET state, POST reset, GET/POST/DELETE faults, GET/POST/DELETE outage, PATCH accounts/{name}, " +
  "PATCH/DELETE ivrs/{id}, departments/{id}, timegroups/{id}, PATCH numbers/{id}, GET stats, POST stats/reset under /__emulator/";

function route(deps: ControlDeps, method: string, url: URL, rawBody: string): Reply {
  const path = url.pathname.replace(/\/+$/, "");
  const item = /^\/__emulator\/(ivrs|departments|timegroups|numbers|accounts)\/([^/]+)$/.exec(path);
  const key = item ? `${method} /__emulator/${item[1]}/{id}` : `${method} ${path}`;
  let id = "";
  try {
    id = item ? decodeURIComponent(item[2]!) : "";
  } catch {
    throw new ApiError(404, `malformed id in ${url.pathname}`);
  }

  switch (key) {
    case "GET /__emulator/state": {
      const account = accountParam(deps, url);
      return ok(account ? publicState(account) : deps.store.view());
    }
    case "POST /__emulator/reset":
      deps.store.reset();
      deps.resetRuntime();
      return ok({ success: true, message: "Emulator reset to its seed" });
    case "GET /__emulator/faults":
      return ok({ faults: deps.faults.list() });
    case "POST /__emulator/faults":
      return addFaults(deps, rawBody);
    case "DELETE /__emulator/faults":
      return ok({ success: true, cleared: deps.faults.clear() });
    case "GET /__emulator/outage":
      return ok(deps.outageStatus());
    case "POST /__emulator/outage": {
      const { status, takeDown } = deps.startOutage(parseJson(rawBody));
      return { status: 200, body: { success: true, outage: status }, afterSend: takeDown };
    }
    case "DELETE /__emulator/outage": {
      const wasActive = deps.outageStatus().active;
      void deps.endOutage();
      return ok({ success: true, ended: wasActive });
    }
    case "PATCH /__emulator/accounts/{id}":
      return ok({ success: true, ...deps.updateAccount(id, parseJson(rawBody)) });
    case "PATCH /__emulator/ivrs/{id}":
    case "PATCH /__emulator/departments/{id}":
    case "PATCH /__emulator/timegroups/{id}":
    case "PATCH /__emulator/numbers/{id}":
      return patchItem(deps, url, item![1] as Kind, id, rawBody);
    case "DELETE /__emulator/ivrs/{id}":
    case "DELETE /__emulator/departments/{id}":
    case "DELETE /__emulator/timegroups/{id}":
      return deleteItem(deps, url, item![1] as Exclude<Kind, "numbers">, id);
    case "GET /__emulator/stats": {
      const account = accountParam(deps, url);
      return ok(deps.stats.snapshot(account?.name));
    }
    case "POST /__emulator/stats/reset":
      deps.stats.reset();
      return ok({ success: true, message: "Stats reset" });
    default:
      return failure(404, `Unknown emulator control route ${method} ${url.pathname}; ${ROUTES_HELP}`);
  }
}

export function handleControl(deps: ControlDeps, method: string, url: URL, rawBody: string): Reply {
  try {
    return route(deps, method, url, rawBody);
  } catch (error) {
    return errorReply(error);
  }
}
