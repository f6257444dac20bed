// The rules of this policy pack, kept apart from index.ts (which serves them to the Pulumi engine)
// so that they can be unit-tested: see index.ts for what each one asks.
import { PolicyResource, ReportViolation, ResourceValidationPolicy, StackValidationPolicy, UnknownValueError } from "@pulumi/policy";

/** The type token of pulumi-smartflo's Ivr resource. */
export const IVR_TYPE = "pulumi-nodejs:dynamic/smartflo:Ivr";
/** Destination types that ring a person. */
const HUMAN_TYPES = ["extension", "agent", "department"];
/** Properties through which one resource routes calls to another (an IVR's, and a future number's). */
/** Where a resource routes calls: an IVR's menu and fallbacks, a number's route, a department's failover. */
const ROUTING_PROPERTIES = ["options", "invalidInput", "noInput", "destination", "failover"];

/** The IVR inputs these rules read (pulumi-smartflo's canonical IVR; destinations are `type||id`). */
interface IvrProps {
  name?: string;
  options?: Array<{ key?: string; destination?: string }>;
  invalidInput?: { retries?: number; destination?: string };
  noInput?: { retries?: number; destination?: string };
}

/**
 * The value, or undefined when it is not known yet (a preview of a value computed by `up`). Policies
 * see unknown values as an error thrown on access; these rules decide on what is known instead.
 */
function known<T>(read: () => T): T | undefined {
  try {
    return read();
  } catch (err) {
    if (err instanceof UnknownValueError) return undefined;
    throw err;
  }
}

/** The type of a `type||id` reference (`type|id` is accepted too, as the provider does). */
function destinationType(ref: unknown): string | undefined {
  const m = typeof ref === "string" ? /^([a-z_]+)\|\|?/i.exec(ref.trim()) : null;
  return m ? m[1].toLowerCase() : undefined;
}

/** Every destination of an IVR with where it sits; undefined for one not known yet. */
function destinations(ivr: IvrProps): Array<{ where: string; ref: string | undefined }> {
  const options = known(() => ivr.options) ?? [];
  const found: Array<{ where: string; ref: string | undefined }> = [];
  for (let i = 0; i < options.length; i++) {
    const key = known(() => options[i].key);
    found.push({ where: `option ${key ?? i}`, ref: known(() => options[i].destination) });
  }
  found.push({ where: "invalidInput", ref: known(() => ivr.invalidInput?.destination) });
  found.push({ where: "noInput", ref: known(() => ivr.noInput?.destination) });
  return found;
}

export const reachesAHuman: ResourceValidationPolicy = {
  name: "ivr-reaches-a-human",
  description:
    "Every IVR menu lets a caller reach a person: at least one option, or the invalid-input or no-input " +
    "fallback, goes to an extension, an agent or a department.",
  enforcementLevel: "mandatory",
  validateResource: (args, reportViolation) => {
    if (args.type !== IVR_TYPE) return;
    const ivr = args.props as IvrProps;
    const all = destinations(ivr);
    if (all.some((d) => HUMAN_TYPES.includes(destinationType(d.ref) ?? ""))) return;
    if (all.some((d) => d.ref === undefined)) return; // decided once every destination is known
    const name = known(() => ivr.name) ?? args.name;
    reportViolation(
      `IVR '${name}' has no way to a person: none of its options nor its invalidInput or noInput fallback ` +
        `goes to an extension, an agent or a department (it routes to: ${all.map((d) => `${d.where} → ${d.ref}`).join(", ")}). ` +
        "Give it an option such as `{ key: \"0\", destination: smartflo.extension(...) }`, or send a fallback to a person.",
    );
  },
};

interface RetriesConfig {
  minRetries: number;
  maxRetries: number;
}

export const retriesWithinBounds: ResourceValidationPolicy = {
  name: "ivr-retries-within-bounds",
  description:
    "An IVR retries a wrong key and a missing key at least minRetries times (a caller who slips gets another " +
    "chance) and at most maxRetries times (no caller is kept in a loop).",
  enforcementLevel: "mandatory",
  configSchema: {
    properties: {
      minRetries: { type: "integer", minimum: 0, default: 1 },
      maxRetries: { type: "integer", minimum: 0, default: 3 },
    },
  },
  validateResource: (args, reportViolation) => {
    if (args.type !== IVR_TYPE) return;
    const { minRetries, maxRetries } = args.getConfig<RetriesConfig>();
    const ivr = args.props as IvrProps;
    const name = known(() => ivr.name) ?? args.name;
    for (const [where, retries] of [
      ["invalidInput.retries", known(() => ivr.invalidInput?.retries)],
      ["noInput.retries", known(() => ivr.noInput?.retries)],
    ] as const) {
      if (typeof retries !== "number") continue;
      if (retries < minRetries || retries > maxRetries) {
        reportViolation(`IVR '${name}': ${where} is ${retries}, outside ${minRetries}–${maxRetries}.`);
      }
    }
  },
};

interface RouteInConfig {
  entryIvrs: string[];
}

/** Every `ivr||id` reference in a resource's routing properties. */
function routedIvrIds(resource: PolicyResource): string[] {
  const ids: string[] = [];
  const walk = (v: unknown): void => {
    if (typeof v === "string") {
      const m = /^ivr\|\|?(.+)$/i.exec(v.trim());
      if (m) ids.push(m[1].trim());
    } else if (Array.isArray(v)) {
      for (let i = 0; i < v.length; i++) walk(known(() => v[i]));
    } else if (v && typeof v === "object") {
      for (const key of Object.keys(v)) walk(known(() => (v as Record<string, unknown>)[key]));
    }
  };
  for (const property of ROUTING_PROPERTIES) walk(known(() => resource.props[property]));
  return ids;
}

export const hasARouteIn: StackValidationPolicy = {
  name: "ivr-has-a-route-in",
  description:
    "Every IVR of the stack is reached from somewhere: another IVR, a number routing or a department's failover of the stack routes to it. " +
    "The stack's entry IVR, the one its phone number answers with, is exempt: name it in entryIvrs, or leave " +
    "entryIvrs empty and the one IVR with no route in is taken as the entry.",
  enforcementLevel: "mandatory",
  configSchema: {
    properties: {
      entryIvrs: { type: "array", items: { type: "string" }, default: [] },
    },
  },
  validateStack: (args, reportViolation: ReportViolation) => {
    const { entryIvrs } = args.getConfig<RouteInConfig>();
    const ivrs = args.resources.filter((r) => r.type === IVR_TYPE);
    const idOf = (r: PolicyResource) => known(() => r.props.ivrId) as string | undefined;
    const knownIds = new Set(ivrs.map(idOf).filter((id): id is string => !!id).map(String));

    const routedIn = new Set<string>(); // URNs of IVRs something else routes to
    const rawIds = new Set<string>();
    for (const r of args.resources) {
      // Typed references (smartflo.ivr(sales), { ivr: sales } in definition files) are dependencies.
      for (const property of ROUTING_PROPERTIES) {
        for (const target of r.propertyDependencies[property] ?? []) if (target.urn !== r.urn) routedIn.add(target.urn);
      }
      // Routes written as ids (ivr||8001) name the IVR's Smartflo id.
      for (const id of routedIvrIds(r)) if (id !== String(idOf(r) ?? "")) rawIds.add(id);
    }
    for (const r of ivrs) {
      const id = idOf(r);
      if (id !== undefined && rawIds.has(String(id))) routedIn.add(r.urn);
    }
    // An id route to no IVR whose id is known yet may be to one that a preview is updating.
    const undecided = [...rawIds].some((id) => !knownIds.has(id));

    const unreached = ivrs.filter((r) => !routedIn.has(r.urn) && !entryIvrs.includes(r.name));
    if (undecided && unreached.some((r) => idOf(r) === undefined)) return;
    if (entryIvrs.length === 0 && unreached.length <= 1) return; // the stack's one entry IVR
    for (const r of unreached) {
      const hint =
        entryIvrs.length === 0
          ? `IVRs with no route in: ${unreached.map((u) => `'${u.name}'`).join(", ")}; a stack has one entry IVR. ` +
            "Route to the others from an IVR or a number of the stack, or list the entry IVRs' resource names in this policy's entryIvrs."
          : `Route to it from an IVR of the stack, delete it, or add '${r.name}' to this policy's entryIvrs (now ${JSON.stringify(entryIvrs)}).`;
      reportViolation(`IVR '${known(() => r.props.name) ?? r.name}' (resource '${r.name}') has no route in: nothing in the stack routes to it. ${hint}`, r.urn);
    }
  },
};
