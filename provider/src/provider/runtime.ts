/**
 * The Ivr provider's implementation. It is loaded at call time by the small serialized shim
 * (shim.ts) with `require("pulumi-smartflo/runtime")`, so every Pulumi operation, including
 * `refresh` and `destroy` of stacks created by an older version, runs the code of the version
 * installed now. Keep the exported function names and signatures stable: old stacks call them.
 */
import { SmartfloClient } from "../client/client";
import { createIvr, deleteIvr, findIvrByName, getIvr, updateIvr } from "../kinds/ivr/api";
import { NotFoundError, redactText } from "../client/errors";
import { plainJson } from "../core/json";
import type { Problem } from "../core/problems";
import { UNKNOWN, containsUnknown } from "../core/refs";
import { Ivr, comparableIvr, validateIvr } from "../kinds/ivr/spec";
import { ConfigSource, Settings, hasCredentials, resolveSettings } from "./config";
import { checkReferences, noteIvr } from "./references";

/**
 * The stack config Pulumi hands to `configure` (the whole stack config, secrets decrypted, kept
 * in memory only). One provider process serves one stack, so one slot is enough.
 */
let stackConfig: ConfigSource | undefined;

export async function configure(config: ConfigSource | undefined): Promise<void> {
  stackConfig = config;
}

const CANONICAL_KEYS = ["name", "description", "greeting", "ringTimeoutSeconds", "options", "invalidInput", "noInput"] as const;

/**
 * Properties as the engine passes them: plain JSON with the canonical fields, `adopt`, `ivrId`
 * and `__provider`, not yet validated (so typed loosely on purpose).
 */
// eslint-disable-next-line @typescript-eslint/no-explicit-any
export type IvrState = Record<string, any>;

const clients = new Map<string, SmartfloClient>();

function settingsOf(): Settings {
  return resolveSettings(stackConfig);
}

/** One client per account and settings, shared by all resources of the process. */
function clientFor(settings: Settings): SmartfloClient {
  const key = JSON.stringify(settings);
  let client = clients.get(key);
  if (!client) {
    client = new SmartfloClient({ ...settings, logger });
    clients.set(key, client);
  }
  return client;
}

function pickCanonical(props: IvrState | undefined): Partial<Ivr> {
  const out: Record<string, unknown> = {};
  for (const k of CANONICAL_KEYS) if (props && props[k] !== undefined) out[k] = props[k];
  return out as Partial<Ivr>;
}

/** Outputs: every input, normalised, plus ivrId. JSON-safe (no undefined anywhere). */
function outputsOf(ivr: Ivr, id: string, adopt: boolean | undefined): Record<string, unknown> {
  const outs: Record<string, unknown> = { ...plainJson(ivr), ivrId: id };
  if (adopt !== undefined) outs.adopt = adopt;
  return outs;
}

function requireValid(inputs: IvrState): Ivr {
  const result = validateIvr(pickCanonical(inputs));
  if (!result.ok) {
    throw new Error(`invalid IVR arguments: ${result.problems.map((p) => `${p.property}: ${p.reason}`).join("; ")}`);
  }
  return result.value;
}

/** Errors leave the provider as plain Errors whose text holds no credential. */
async function guarded<T>(what: string, fn: () => Promise<T>): Promise<T> {
  try {
    return await fn();
  } catch (err) {
    let message = err instanceof Error ? err.message : String(err);
    try {
      const s = settingsOf();
      message = redactText(message, [s.token, s.password]);
    } catch {
      /* settings themselves invalid: the message already says so */
    }
    const e = new Error(`${what}: ${message}`);
    e.stack = `${e.name}: ${e.message}`;
    throw e;
  }
}

let warnedNoCredentials = false;

function warn(message: string): void {
  console.error(`warning: smartflo: ${message}`);
}

/** Warnings always; with SMARTFLO_DEBUG=1, every request, retry and re-login too (no secrets). */
const logger = {
  warn,
  debug: (message: string) => {
    if (/^(1|true|yes)$/i.test(process.env.SMARTFLO_DEBUG ?? "")) console.error(`smartflo: ${message}`);
  },
};

// ---- check --------------------------------------------------------------------------------------

export interface CheckResult {
  inputs: Record<string, unknown>;
  failures: Array<{ property: string; reason: string }>;
}

export async function check(olds: IvrState, news: IvrState): Promise<CheckResult> {
  const given = { ...(news ?? {}) } as Record<string, unknown>;
  delete given.__provider;
  delete given.ivrId;
  try {
    const failures: Problem[] = [];
    const adopt = given.adopt;
    if (adopt !== undefined && adopt !== UNKNOWN && typeof adopt !== "boolean") {
      failures.push({ property: "adopt", reason: "must be true or false" });
    }
    const canonical = { ...given };
    delete canonical.adopt;
    const result = validateIvr(canonical, { allowUnknown: true });
    if (!result.ok) return { inputs: given, failures: [...failures, ...result.problems] };
    if (failures.length) return { inputs: given, failures };

    const inputs: Record<string, unknown> = { ...result.value };
    if (adopt !== undefined) inputs.adopt = adopt;

    let settings: Settings | undefined;
    try {
      settings = settingsOf();
    } catch (err) {
      return { inputs, failures: [{ property: "", reason: (err as Error).message }] };
    }
    if (settings.validateReferences && hasCredentials(settings)) {
      const client = clientFor(settings);
      const isNew = !olds || Object.keys(olds).filter((k) => k !== "__provider").length === 0;
      const previousName = typeof olds?.name === "string" ? olds.name : undefined;
      const refs = await checkReferences(client, result.value, { isNew, adopt: adopt === true, previousName });
      refs.warnings.forEach((w) => warn(`${w}; leaving the decision to \`pulumi up\``));
      return { inputs, failures: refs.problems };
    }
    if (settings.validateReferences && !warnedNoCredentials) {
      warnedNoCredentials = true;
      warn(
        "no Smartflo credentials are configured (smartflo:token, or smartflo:email and smartflo:password), " +
          "so referenced ids were not checked against the account; `pulumi up` needs them",
      );
    }
    return { inputs, failures: [] };
  } catch (err) {
    // A bug here must not look like bad input, but must not crash the run either.
    return { inputs: given, failures: [{ property: "", reason: `pulumi-smartflo could not check this IVR: ${(err as Error).message}` }] };
  }
}

// ---- diff ---------------------------------------------------------------------------------------

export interface DiffResult {
  changes: boolean;
  replaces: string[];
  deleteBeforeReplace: boolean;
}

/** Pure and offline: compares canonical forms, so API read quirks never cause a diff. */
export async function diff(_id: string, olds: IvrState, news: IvrState): Promise<DiffResult> {
  const changed: string[] = [];
  const before = normalizedForDiff(olds);
  const after = normalizedForDiff(news);
  for (const k of CANONICAL_KEYS) {
    const n = (news as Record<string, unknown>)?.[k];
    if (containsUnknown(n) || JSON.stringify(before[k]) !== JSON.stringify(after[k])) changed.push(k);
  }
  return { changes: changed.length > 0, replaces: [], deleteBeforeReplace: false };
}

function normalizedForDiff(props: IvrState): Record<string, unknown> {
  const picked = pickCanonical(props);
  const result = validateIvr(picked, { allowUnknown: true });
  if (result.ok && !containsUnknown(result.value)) return comparableIvr(result.value) as unknown as Record<string, unknown>;
  return picked as Record<string, unknown>;
}

// ---- create / read / update / delete ------------------------------------------------------------

export async function create(inputs: IvrState): Promise<{ id: string; outs: Record<string, unknown> }> {
  return guarded("creating the Smartflo IVR", async () => {
    const ivr = requireValid(inputs);
    const client = clientFor(settingsOf());
    const existing = await findIvrByName(client, ivr.name);
    let id: string;
    if (existing) {
      if (inputs.adopt !== true) {
        throw new Error(
          `an IVR named '${existing.name}' already exists in this Smartflo account (id ${existing.id}). ` +
            "Set adopt: true on this resource to take it over (it is updated to the declared state), or choose another name",
        );
      }
      await updateIvr(client, existing.id, ivr);
      id = existing.id;
      console.log(`smartflo: adopted the existing IVR '${existing.name}' (id ${id}) and applied the declared state`);
    } else {
      id = await createIvr(client, ivr);
    }
    noteIvr(client, id, ivr.name);
    return { id, outs: outputsOf(ivr, id, inputs.adopt) };
  });
}

export async function read(
  id: string,
  props: IvrState | undefined,
): Promise<{ id?: string; props?: Record<string, unknown>; inputs?: Record<string, unknown> }> {
  return guarded(`reading Smartflo IVR ${id}`, async () => {
    const client = clientFor(settingsOf());
    const found = await getIvr(client, id, pickCanonical(props));
    if (!found) return {}; // deleted outside Pulumi: the engine drops it from state
    const outs = outputsOf(found.ivr, id, props?.adopt);
    const inputs = { ...outs };
    delete inputs.ivrId;
    return { id, props: outs, inputs };
  });
}

export async function update(
  id: string,
  _olds: IvrState,
  news: IvrState,
): Promise<{ outs: Record<string, unknown> }> {
  return guarded(`updating Smartflo IVR ${id}`, async () => {
    const ivr = requireValid(news);
    const client = clientFor(settingsOf());
    try {
      await updateIvr(client, id, ivr);
    } catch (err) {
      if (err instanceof NotFoundError) {
        throw new Error(
          `IVR '${ivr.name}' (id ${id}) no longer exists in Smartflo: it was deleted outside Pulumi. ` +
            "Run `pulumi refresh` to drop it from the stack, then `pulumi up` to create it again",
        );
      }
      throw err;
    }
    noteIvr(client, id, ivr.name);
    return { outs: outputsOf(ivr, id, news.adopt) };
  });
}

export async function remove(id: string, _props: IvrState): Promise<void> {
  return guarded(`deleting Smartflo IVR ${id}`, async () => {
    const client = clientFor(settingsOf());
    await deleteIvr(client, id);
    noteIvr(client, id, undefined);
  });
}
