/**
 * `/__emulator/*`: test hooks outside the Smartflo API. No auth and no rate limit, so a test can
 * always inspect and repair the emulator, even while faults are queued for `/v1`.
 */
import { FaultQueue, FaultSpecSchema } from "./faults";
import { ApiError, Reply, errorReply, failure, ok, parseJson } from "./http";
import { Stats } from "./rate-limit";
import { SinglePipeMode, invalid } from "./refs";
import { Account, StoredIvr, formatZodError } from "./schema";
import { Store, publicState } from "./store";
import { isPlainObject, validateIvrBody } from "./validate";

export interface ControlDeps {
  readonly store: Store;
  readonly faults: FaultQueue;
  readonly stats: Stats;
  readonly config: { singlePipe: SinglePipeMode; maxNameLength: number };
  resetRuntime(): void;
}

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

function findIvr(deps: ControlDeps, url: URL, rawId: string): { account: Account; ivr: StoredIvr } {
  const account = accountParam(deps, url);
  const found = /^\d+$/.test(rawId) ? deps.store.findIvr(Number(rawId), account?.name) : undefined;
  if (!found) throw new ApiError(404, `IVR ${rawId} not found${account ? ` in account '${account.name}'` : ""}`);
  return found;
}

/**
 * An edit "as if made in the web panel": merge a partial write-shape body into the stored IVR and
 * validate the result like a PUT.
 */
function patchIvr(deps: ControlDeps, url: URL, rawId: string, rawBody: string): Reply {
  const { account, ivr } = findIvr(deps, url, rawId);
  const patch = parseJson(rawBody);
  if (!isPlainObject(patch)) throw invalid("body", "must be a JSON object (a partial write-shape IVR)");
  if (patch.id !== undefined && String(patch.id) !== String(ivr.id)) throw invalid("id", "cannot be changed");
  const { id, ...current } = ivr;
  const merged: Record<string, unknown> = { ...current, ...patch };
  // Derived fields follow their source unless the patch sets them too.
  if (patch.timeout_tries !== undefined && patch.timeout_retries === undefined) delete merged.timeout_retries;
  if (Array.isArray(patch.option) && patch.sms_template === undefined && patch.option.length !== current.option.length) {
    delete merged.sms_template;
  }
  const updated = validateIvrBody(merged, {
    account,
    selfId: id,
    singlePipe: deps.config.singlePipe,
    maxNameLength: deps.config.maxNameLength,
    checkReferences: true,
  });
  const stored: StoredIvr = { id, ...updated };
  account.ivrs[account.ivrs.indexOf(ivr)] = stored;
  deps.store.save();
  return ok({ success: true, ivr: stored });
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

function route(deps: ControlDeps, method: string, url: URL, rawBody: string): Reply {
  const path = url.pathname.replace(/\/+$/, "");
  const ivrMatch = /^\/__emulator\/ivrs\/([^/]+)$/.exec(path);
  const key = ivrMatch ? `${method} /__emulator/ivrs/{id}` : `${method} ${path}`;

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
    case "PATCH /__emulator/ivrs/{id}":
      return patchIvr(deps, url, ivrMatch![1]!, rawBody);
    case "DELETE /__emulator/ivrs/{id}": {
      // Out of band: no reference check, exactly what leaves dangling routes in a real account.
      const { account, ivr } = findIvr(deps, url, ivrMatch![1]!);
      account.ivrs.splice(account.ivrs.indexOf(ivr), 1);
      deps.store.save();
      return ok({ success: true, message: `IVR ${ivr.id} deleted out of band` });
    }
    case "GET /__emulator/stats": {
      const account = accountParam(deps, url);
      return ok(deps.stats.snapshot(account?.name));
    }
    case "POST /__emulator/stats/reset":
      deps.stats.reset();
      return ok({ success: true, message: "Stats reset" });
    default:
      return failure(
        404,
        `Unknown emulator control route ${method} ${url.pathname}; see GET state, POST reset, GET/POST/DELETE faults, ` +
          "PATCH/DELETE ivrs/{id}, GET stats, POST stats/reset under /__emulator/",
      );
  }
}

export function handleControl(deps: ControlDeps, method: string, url: URL, rawBody: string): Reply {
  try {
    return route(deps, method, url, rawBody);
  } catch (error) {
    return errorReply(error);
  }
}
