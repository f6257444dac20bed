/**
 * What can be known of a resource's arguments when it is declared, without waiting on any
 * resource: plain values as they are, and Outputs that depend on no resource (config, `pulumi.output`,
 * invokes) once they resolve. Everything else becomes Pulumi's unknown sentinel, the way `check`
 * sees a value that is not known at preview, and is left to the provider's `check`.
 *
 * Waiting on an Output of a resource would deadlock: the registrations this package holds until
 * every declaration is validated are what resolve such Outputs.
 */
import * as pulumi from "@pulumi/pulumi";
import { UNKNOWN } from "../core/refs";

/**
 * The members of an Output this module reads. They are not in the SDK's typings (internal), but
 * every Output of @pulumi/pulumi 3.x has them (output.ts, OutputImpl): `resources()` is the set
 * of resources the value comes from, known synchronously.
 */
interface OutputInternals {
  resources?: () => Set<unknown>;
  isKnown?: Promise<boolean>;
  isSecret?: Promise<boolean>;
  promise?: (withUnknowns?: boolean) => Promise<unknown>;
}

/**
 * How long to wait for a resource-free value (an invoke answering slowly, or a promise that in
 * fact waits on a resource). After that the value counts as unknown: only the provider's `check`
 * sees it, which is what happened before declarations were validated.
 */
export const KNOWN_VALUE_WAIT_MS = 5000;

export const TIMED_OUT = Symbol("timed out");

/** `promise`, or TIMED_OUT when it has not settled after `ms`. */
export function within<T>(promise: Promise<T>, ms: number): Promise<T | typeof TIMED_OUT> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<typeof TIMED_OUT>((resolve) => {
    timer = setTimeout(() => resolve(TIMED_OUT), ms);
  });
  return Promise.race([promise, timeout]).finally(() => clearTimeout(timer));
}

/** Resolves `input` to plain values, with UNKNOWN where a value cannot be known now. */
export async function knownValues(input: unknown, waitMs = KNOWN_VALUE_WAIT_MS): Promise<unknown> {
  try {
    return await resolve(input, waitMs);
  } catch {
    return UNKNOWN; // a rejected Output fails the run elsewhere; this value is simply not known
  }
}

async function resolve(value: unknown, waitMs: number): Promise<unknown> {
  if (value === null || typeof value !== "object") return value;
  if (pulumi.Resource.isInstance(value)) return UNKNOWN;
  if (pulumi.Output.isInstance(value)) {
    const o = value as unknown as OutputInternals;
    if (typeof o.resources !== "function" || typeof o.promise !== "function" || o.resources().size > 0) return UNKNOWN;
    const settled = await within(Promise.all([o.isKnown, o.isSecret, o.promise(true)]), waitMs);
    if (settled === TIMED_OUT) return UNKNOWN;
    const [isKnown, isSecret, inner] = settled;
    // A secret is never validated here: a reason may quote the value, and diagnostics are plain text.
    if (isKnown === false || isSecret === true) return UNKNOWN;
    return resolve(inner, waitMs);
  }
  if (value instanceof Promise) {
    const settled = await within(value, waitMs);
    return settled === TIMED_OUT ? UNKNOWN : resolve(settled, waitMs);
  }
  if (Array.isArray(value)) return Promise.all(value.map((v) => resolve(v, waitMs)));
  if (Object.getPrototypeOf(value) === Object.prototype || Object.getPrototypeOf(value) === null) {
    const entries = await Promise.all(
      Object.entries(value).map(async ([k, v]) => [k, await resolve(v, waitMs)] as const),
    );
    return Object.fromEntries(entries);
  }
  return value;
}

/**
 * The resources `input` comes from, found without waiting: resources given as values, and the
 * resources behind every Output in it (plain objects and arrays are searched; promises cannot be
 * looked into without waiting, so they count as coming from none). A resource registers after
 * the resources its inputs come from, so the program must never make one of those wait for it.
 */
export function resourcesIn(input: unknown, found = new Set<pulumi.Resource>()): Set<pulumi.Resource> {
  if (input === null || typeof input !== "object") return found;
  if (pulumi.Resource.isInstance(input)) {
    found.add(input);
  } else if (pulumi.Output.isInstance(input)) {
    const o = input as unknown as OutputInternals;
    for (const r of typeof o.resources === "function" ? o.resources() : []) {
      if (pulumi.Resource.isInstance(r)) found.add(r);
    }
  } else if (Array.isArray(input)) {
    input.forEach((v) => resourcesIn(v, found));
  } else if (Object.getPrototypeOf(input) === Object.prototype || Object.getPrototypeOf(input) === null) {
    Object.values(input).forEach((v) => resourcesIn(v, found));
  }
  return found;
}
