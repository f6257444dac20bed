/**
 * What check, diff and the outputs of create/read/update are for every kind, worked out from the
 * kind's spec; a kind's runtime (kinds/<kind>/runtime.ts) adds its own create, read, update and
 * delete (and may replace check or diff) through `defineProvider`.
 */
import type { SmartfloClient } from "../client/client";
import { AuthenticationError, redactText } from "../client/errors";
import { plainJson } from "../core/json";
import { Problem, describeProblems } from "../core/problems";
import { sameName } from "../core/names";
import { UNKNOWN, containsUnknown } from "../core/refs";
import type { KindSpec } from "../kinds/kind";
import { toCheckFailures } from "../preview/messages";
import type { ConfigSource, Settings } from "./config";
import { hasCredentials } from "./config";
import { checkReferences, noCredentialsReason, unavailableVerdict } from "./references";
import { session } from "./session";

/**
 * Properties as the engine passes them: plain JSON with the canonical fields, `adopt`, the id
 * output and `__provider`, not yet validated (so typed loosely on purpose).
 */
// eslint-disable-next-line @typescript-eslint/no-explicit-any
export type EngineProps = Record<string, any>;

export interface CheckResult {
  inputs: Record<string, unknown>;
  failures: Array<{ property: string; reason: string }>;
}

export interface DiffResult {
  changes: boolean;
  replaces: string[];
  deleteBeforeReplace: boolean;
}

/** The methods the serialized provider calls (see shim.ts), for one kind. */
export interface KindProvider {
  configure(config: ConfigSource | undefined): Promise<void>;
  check(olds: EngineProps, news: EngineProps): Promise<CheckResult>;
  diff(id: string, olds: EngineProps, news: EngineProps): Promise<DiffResult>;
  create(inputs: EngineProps): Promise<{ id: string; outs: Record<string, unknown> }>;
  read(id: string, props: EngineProps | undefined): Promise<{ id?: string; props?: Record<string, unknown>; inputs?: Record<string, unknown> }>;
  update(id: string, olds: EngineProps, news: EngineProps): Promise<{ outs: Record<string, unknown> }>;
  delete(id: string, props: EngineProps): Promise<void>;
}

/** A kind's provider: the generic configure, check and diff, and the kind's own operations. */
export function defineProvider<V>(
  spec: KindSpec<V>,
  own: Pick<KindProvider, "create" | "read" | "update" | "delete"> & Partial<Pick<KindProvider, "check" | "diff">>,
): KindProvider {
  return {
    configure: async (config) => session().configure(config),
    check: (olds, news) => checkInputs(spec, olds, news),
    diff: async (_id, olds, news) => diffInputs(spec, olds, news),
    ...own,
  };
}

/** The canonical properties of engine props (no `adopt`, id or `__provider`). */
export function canonicalOf<V>(spec: KindSpec<V>, props: EngineProps | undefined): Partial<V> {
  const out: Record<string, unknown> = {};
  for (const k of spec.properties) if (props && props[k] !== undefined) out[k] = props[k];
  return out as Partial<V>;
}

/** Outputs: every input, normalised, plus the id. JSON-safe (no undefined anywhere). */
export function outputsOf<V>(spec: KindSpec<V>, value: V, id: string, adopt: boolean | undefined): Record<string, unknown> {
  const outs: Record<string, unknown> = { ...plainJson(value), [spec.idProperty]: id };
  if (adopt !== undefined) outs.adopt = adopt;
  return outs;
}

/** The validated value of inputs that `check` accepted (anything else is a bug, said plainly). */
export function requireValid<V>(spec: KindSpec<V>, inputs: EngineProps): V {
  const result = spec.validate(canonicalOf(spec, inputs));
  if (!result.ok) throw new Error(`invalid ${spec.noun} arguments: ${describeProblems(result.problems)}`);
  return result.value;
}

/**
 * Errors leave the provider as plain Errors whose text holds no credential. An initialization
 * error (a create left pending: `id`, `properties`, `reasons`) keeps those, so the engine records
 * the resource. A refused credential says what to do after a rotation.
 */
export async function guarded<T>(what: string, fn: () => Promise<T>): Promise<T> {
  try {
    return await fn();
  } catch (err) {
    let settings: Settings | undefined;
    try {
      settings = session().settings();
    } catch {
      /* settings themselves invalid: the message already says so */
    }
    const redact = (text: string) => (settings ? redactText(text, [settings.token, settings.password]) : text);
    let message = err instanceof Error ? err.message : String(err);
    if (refusedCredential(err)) {
      // Every step of the run meets the same refusal: say what to do once, not once per resource.
      message = session().firstTime("credential-refused") ? credentialAdvice(err, settings) : `${refusal(err)}; another error of this run says what to do`;
    }
    const e = new Error(redact(`${what}: ${message}`));
    e.stack = `${e.name}: ${e.message}`;
    const init = err as { id?: unknown; properties?: unknown; reasons?: unknown };
    if (typeof init.id === "string" && init.id && init.properties && typeof init.properties === "object") {
      const reasons = Array.isArray(init.reasons) ? init.reasons.map((r) => redact(String(r))) : [e.message];
      Object.assign(e, { id: init.id, properties: init.properties, reasons });
    }
    throw e;
  }
}

/** True for the error of a credential Smartflo refused (directly, or as the cause of another). */
export function refusedCredential(err: unknown): err is Error {
  if (err instanceof AuthenticationError) return err.credentialRefused;
  const cause = (err as { cause?: unknown } | undefined)?.cause;
  return cause !== undefined && cause !== err && refusedCredential(cause);
}

function refusal(err: Error): string {
  const auth = (err instanceof AuthenticationError ? err : (err as { cause?: unknown }).cause) as AuthenticationError | undefined;
  return `Smartflo refused the credential (${auth?.endpoint ?? "the request"}: HTTP ${auth?.status ?? "?"}${auth?.apiMessage ? `, ${auth.apiMessage}` : ""})`;
}

/**
 * What to do when Smartflo refuses the credential. Plain `pulumi refresh` and `pulumi destroy` do
 * not run the program, so the provider gets the stack config recorded with the last deployment
 * (on Pulumi's default provider), not the one set since: after a rotation they need
 * `--run-program`, or an `up` first. Credentials from the environment are read when used.
 */
export function credentialAdvice(err: Error, settings: Settings | undefined): string {
  const refused = refusal(err);
  const key = settings?.credentialKeys.token ?? settings?.credentialKeys.password;
  if (key !== undefined && !key.startsWith("smartflo:")) {
    const keys = Object.values(settings!.credentialKeys).join(" and ");
    return `${refused}. The credential comes from the environment (${keys}): set the current one there and run the command again`;
  }
  return (
    `${refused}. If it was rotated, set the new one with \`pulumi config set --secret ${key ?? "smartflo:token"} <new value>\`, then run ` +
    "`pulumi up`, `pulumi refresh --run-program` or `pulumi destroy --run-program` (or set PULUMI_RUN_PROGRAM=true): " +
    "a plain `pulumi refresh` or `pulumi destroy` does not run the program and uses the credential recorded with the last deployment"
  );
}

/**
 * The rules for one resource's inputs: its kind's spec (letting preview's unknowns through) plus
 * `adopt`, which every kind takes but one that says why not (`withoutAdopt`), and none of the
 * outputs the provider derives (`derived`). The one source of input rules: the provider's `check` applies
 * them, and so does the program when a resource is declared (preview/gate.ts), so both report the
 * same problems. `given` holds no `__provider` and no id output. On success `value` is the
 * normalised value and `inputs` what `check` hands back to the engine (the value, and `adopt`
 * when given).
 */
export function validateInputs<V>(
  spec: KindSpec<V>,
  given: unknown,
): { ok: true; value: V; inputs: Record<string, unknown> } | { ok: false; problems: Problem[] } {
  if (given === null || typeof given !== "object" || Array.isArray(given)) {
    const result = spec.validate(given, { allowUnknown: true });
    return result.ok ? { ok: true, value: result.value, inputs: { ...(result.value as Record<string, unknown>) } } : result;
  }
  const { adopt, ...canonical } = given as Record<string, unknown>;
  const problems: Problem[] = [];
  for (const [property, reason] of Object.entries(spec.derived ?? {})) {
    if (canonical[property] === undefined) continue;
    problems.push({ property, reason });
    delete canonical[property]; // reported once, not again as an unknown property
  }
  if (adopt !== undefined && spec.withoutAdopt !== undefined) {
    problems.push({ property: "adopt", reason: spec.withoutAdopt });
  } else if (adopt !== undefined && adopt !== UNKNOWN && typeof adopt !== "boolean") {
    problems.push({ property: "adopt", reason: "must be true or false" });
  }
  const result = spec.validate(canonical, { allowUnknown: true });
  if (!result.ok) return { ok: false, problems: [...problems, ...result.problems] };
  if (problems.length) return { ok: false, problems };
  const inputs: Record<string, unknown> = { ...(result.value as Record<string, unknown>) };
  if (adopt !== undefined) inputs.adopt = adopt;
  return { ok: true, value: result.value, inputs };
}

/**
 * Validates the inputs, then checks their references against the account when credentials are
 * configured. Failures name no `property` and lead with the path and the value found there
 * (preview/messages.ts): the engine would print `inputs[property]`, `<nil>` for a nested path.
 */
export async function checkInputs<V>(spec: KindSpec<V>, olds: EngineProps, news: EngineProps): Promise<CheckResult> {
  const given = { ...(news ?? {}) } as Record<string, unknown>;
  delete given.__provider;
  delete given[spec.idProperty];
  const failed = (problems: Problem[], inputs: Record<string, unknown> = given): CheckResult => ({
    inputs,
    failures: toCheckFailures(problems, given),
  });
  try {
    const checked = validateInputs(spec, given);
    if (!checked.ok) return failed(checked.problems);
    const { value, inputs } = checked;

    const s = session();
    let settings;
    try {
      settings = s.settings();
    } catch (err) {
      return failed([{ property: "", reason: (err as Error).message }], inputs);
    }
    if (!settings.validateReferences) return { inputs, failures: [] };
    if (!hasCredentials(settings)) {
      if (settings.requireAccountChecks) return failed([{ property: "", reason: noCredentialsReason(true) }], inputs);
      s.warnOnce("no-credentials", noCredentialsReason(false));
      return { inputs, failures: [] };
    }
    const client = s.client(settings);
    const lists = s.accountLists(client);
    const previous = spec.uniqueName && olds?.[spec.uniqueName];
    const previousName = typeof previous === "string" ? previous : undefined;
    // A rename frees the old name within this run: a resource checked later (the program makes
    // it wait for this one, preview/stack-rules.ts) may take it.
    const name = spec.uniqueName && (value as Record<string, unknown>)[spec.uniqueName];
    // (Not for a kind whose change replaces it: the old one keeps its name until the run ends.)
    if (spec.listedIn && !spec.changeReplaces && previousName !== undefined && typeof name === "string" && name !== UNKNOWN && !sameName(previousName, name)) {
      lists.release(spec.listedIn, previousName);
    }
    const refs = await checkReferences(spec, value, {
      client,
      lists,
      isNew: !olds || Object.keys(olds).filter((k) => k !== "__provider").length === 0,
      adopt: inputs.adopt === true,
      previousName,
    });
    if (refs.unavailable) {
      const verdict = unavailableVerdict(refs.unavailable, settings);
      if (verdict.error) return failed([...refs.problems, { property: "", reason: verdict.error }], inputs);
      s.warnOnce(`unavailable|${client.accountKey}`, verdict.warning);
    }
    return failed(refs.problems, inputs);
  } catch (err) {
    // A bug here must not look like bad input, but must not crash the run either.
    return { inputs: given, failures: [{ property: "", reason: `pulumi-smartflo could not check this ${spec.noun}: ${(err as Error).message}` }] };
  }
}

/**
 * The client a kind's own plan-time account checks use: undefined when references are not
 * checked (`smartflo:validateReferences` false) or no credentials are configured, the same rule
 * `checkInputs` follows (and whose warning it gives).
 */
export function accountToCheck(): SmartfloClient | undefined {
  const s = session();
  let settings;
  try {
    settings = s.settings();
  } catch {
    return undefined; // checkInputs reports the bad setting
  }
  return settings.validateReferences && hasCredentials(settings) ? s.client(settings) : undefined;
}

/** Pure and offline: compares canonical forms, so API read quirks never cause a diff. */
export function diffInputs<V>(spec: KindSpec<V>, olds: EngineProps, news: EngineProps): DiffResult {
  return { changes: changedProperties(spec, olds, news).length > 0, replaces: [], deleteBeforeReplace: false };
}

/** The canonical properties whose comparable forms differ (or are not known yet). */
export function changedProperties<V>(spec: KindSpec<V>, olds: EngineProps, news: EngineProps): string[] {
  const before = comparableOf(spec, olds);
  const after = comparableOf(spec, news);
  return spec.properties.filter((k) => containsUnknown(news?.[k]) || JSON.stringify(before[k]) !== JSON.stringify(after[k]));
}

function comparableOf<V>(spec: KindSpec<V>, props: EngineProps): Record<string, unknown> {
  const picked = canonicalOf(spec, props);
  const result = spec.validate(picked, { allowUnknown: true });
  if (result.ok && !containsUnknown(result.value)) return spec.comparable(result.value) as Record<string, unknown>;
  return picked as Record<string, unknown>;
}
