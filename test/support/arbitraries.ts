/**
 * Generated IVR inputs for the property-based tests (fast-check): a valid IVR built from what the
 * emulator's default seed holds, in the forms users write, then 0 to 3 changes of the kind a user
 * (or a hostile tester) makes: wrong types, blank or huge text, odd references, unknown or
 * prototype-named keys, numbers where text is meant, Pulumi's unknown value, arbitrary JSON,
 * removed properties, duplicate keys. About a third stay valid, so the cross-check against the
 * emulator (which must accept every IVR the provider accepts) does real work.
 */
import fc from "fast-check";
import { UNKNOWN } from "../../provider/src/core/refs";
import * as runtime from "../../provider/src/provider/runtime";
import { resetSession } from "../../provider/src/provider/session";
import { Emulator, TOKEN, startEmulator } from "./emulator";

/** The seed's ids (emulator/seed.ts), by what they are. */
export const SEED = {
  recordings: ["28935", "28955", "28934", "28977", "19549", "244", "245", "42240"],
  agents: ["05047530000", "05047530099", "05047530675", "050109590001", "050109590002", "0502842370097"],
  departments: ["20546", "17839"],
  voicemails: ["301"],
  timeConditions: ["64000"],
  timeGroups: ["501", "502"],
} as const;

/** The fixed seed and run count every property test uses (reproducible, and at least 2,000 inputs). */
export const RUNS = { seed: 20240917, numRuns: 2000 } as const;

/** The serialized provider as the engine passes it (`__provider`). */
export const PROVIDER = "exports.handler = __f0; /* serialized provider */";

/** zod's own renderings, which no message may carry: its issue JSON, and its default messages. */
export const ZOD_RAW = /"code"\s*:|ZodError|\b(Expected \w+, received \w+|Invalid input|Required)\b/;

/**
 * For a test file: an emulator (unlimited, cps 0, so thousands of inputs take seconds) and the
 * provider configured against it with the account checks on. Returns the running emulator.
 */
export function providerAgainstEmulator(): () => Emulator {
  let emu: Emulator;
  beforeAll(async () => {
    emu = await startEmulator({ cps: 0 });
    resetSession();
    const config: Record<string, string> = { "smartflo:baseUrl": emu.url, "smartflo:token": TOKEN, "smartflo:requestsPerSecond": "1000" };
    await runtime.configure({ get: (k: string) => config[k] });
  });
  afterAll(() => emu.close());
  return () => emu;
}

const pick = <T>(values: readonly T[]) => fc.constantFrom(...values);

/** Anything at all, as JSON would carry it (and a few things it would not). */
const junk = fc.oneof(
  fc.jsonValue({ maxDepth: 2 }),
  pick([null, true, false, 0, -1, 1.5, Number.NaN, Number.POSITIVE_INFINITY, [], {}, UNKNOWN]),
);

const refTo = (types: readonly string[], ids: readonly string[]) =>
  fc.tuple(pick(types), pick(ids), pick(["||", "||", "||", "|", " || "]), pick(["lower", "lower", "upper"])).map(
    ([type, id, pipe, casing]) => `${casing === "upper" ? type.toUpperCase() : type}${pipe}${id}`,
  );

const oddRef = fc.oneof(
  fc.string({ maxLength: 20 }),
  pick(["recording:28935", "recording||", "||28935", "queue||5", "ringgroup||17839", "hangup||2", "recording||28 935", "ivr||abc", "recording|||28935"]),
  // Not voicemail or time_condition: Smartflo lists neither, so the provider can check their form
  // only, and an id of the right form that the account lacks is the one mistake left to `up`.
  fc.tuple(pick(["recording", "extension", "department", "ivr", "outbound_tts", "timegroup"]), fc.string({ maxLength: 12 })).map(([t, id]) => `${t}||${id}`),
);

/** A recording reference the seed has (either pipe, any case of the type). */
const goodRecording = fc.oneof({ weight: 8, arbitrary: refTo(["recording"], SEED.recordings) }, { weight: 1, arbitrary: refTo(["outbound_tts"], ["7001", "12"]) });

/** A destination the seed has. */
const goodDestination = fc.oneof(
  { weight: 6, arbitrary: refTo(["extension", "agent"], SEED.agents) },
  { weight: 3, arbitrary: refTo(["department"], SEED.departments) },
  { weight: 2, arbitrary: fc.constant("hangup||1") },
  // Voicemail boxes and time conditions have no list endpoint: the provider checks their form
  // only (README), so only the seed's ids are generated for them; the emulator knows its own.
  { weight: 1, arbitrary: refTo(["voicemail"], SEED.voicemails) },
  { weight: 1, arbitrary: refTo(["time_condition"], SEED.timeConditions) },
  { weight: 1, arbitrary: refTo(["timegroup"], SEED.timeGroups) },
);

const badRef = fc.oneof(oddRef, refTo(["recording"], ["99999"]), refTo(["extension", "department", "ivr", "timegroup"], ["0999", "404", "123456"]), refTo(["extension"], SEED.agents));

const KEYS = ["0", "1", "2", "3", "4", "5", "6", "7", "8", "9", "*", "#"] as const;
const badKey = fc.oneof(pick(["10", "12", "a", "", "**", "-1", "1.0", " "]), fc.integer({ min: -5, max: 99 }));
const badTemplate = fc.oneof(pick(["", "abc", "-1", "1e3", "9007199254740993", "1.5"]), fc.integer({ min: -10, max: -1 }), fc.double({ noInteger: true }));
const goodTemplate = fc.oneof(pick(["35642", "0", "00", "035642"]), fc.nat({ max: 100000 }));

/** A name Smartflo would take: not blank, at most 64 characters once trimmed. */
const goodName = fc.oneof(
  { weight: 6, arbitrary: fc.string({ minLength: 1, maxLength: 40 }) },
  { weight: 1, arbitrary: pick([" padded ", "Ünïcödé IVR", "名前", "emoji 📞", "a\u0000b", "x".repeat(64)]) },
  { weight: 1, arbitrary: fc.string({ unit: "grapheme", minLength: 1, maxLength: 20 }) },
).filter((n) => n.trim().length > 0 && n.trim().length <= 64);

const badName = fc.oneof(pick(["", " ", "   ", "\t\n", "x".repeat(65), " ".repeat(3) + "y".repeat(70)]), fc.string({ minLength: 65, maxLength: 200 }));

const goodFallback = fc.record({
  retries: fc.integer({ min: 0, max: 10 }),
  retryRecording: goodRecording,
  finalRecording: goodRecording,
  destination: goodDestination,
});

/** A valid IVR of the seed's ids, in the forms users write (numbers for keys, either pipe, ...). */
const goodIvr = fc
  .record(
    {
      name: goodName,
      description: fc.oneof(fc.string({ maxLength: 60 }), pick(["", "   ", "x".repeat(255)])),
      greeting: goodRecording,
      ringTimeoutSeconds: fc.integer({ min: 1, max: 120 }),
      options: fc.uniqueArray(
        fc.record(
          // YAML and code both give keys as numbers too.
          { key: fc.oneof({ weight: 3, arbitrary: pick(KEYS) }, { weight: 1, arbitrary: fc.integer({ min: 0, max: 9 }) }), destination: goodDestination, smsTemplateId: goodTemplate },
          { requiredKeys: ["key", "destination"] },
        ),
        { minLength: 1, maxLength: 12, selector: (o) => String(o.key) },
      ),
      invalidInput: goodFallback,
      noInput: goodFallback,
      adopt: fc.boolean(),
    },
    { requiredKeys: ["name", "greeting", "ringTimeoutSeconds", "options", "invalidInput", "noInput"] },
  );

/** One change a user (or a hostile tester) might make to a valid IVR: a path and what to put there. */
type Mutation = { at: ReadonlyArray<string | number>; put: unknown } | { at: ReadonlyArray<string | number>; remove: true };
const FALLBACKS = ["invalidInput", "noInput"] as const;
const mutation: fc.Arbitrary<Mutation> = fc.oneof(
  fc.record({ at: fc.constant(["name"]), put: fc.oneof(badName, junk) }),
  fc.record({ at: fc.constant(["description"]), put: fc.oneof(fc.string({ minLength: 256, maxLength: 300 }), junk) }),
  fc.record({ at: fc.constant(["greeting"]), put: fc.oneof(badRef, junk) }),
  fc.record({ at: fc.constant(["ringTimeoutSeconds"]), put: fc.oneof(fc.integer({ min: -10, max: 400 }), pick(["30", 30.5, 0, 121]), junk) }),
  fc.record({ at: fc.constant(["options"]), put: fc.oneof(pick([[], "1", {}]), junk) }),
  fc.record({ at: fc.tuple(fc.constant("options"), fc.nat({ max: 12 }), pick(["key", "destination", "smsTemplateId"])), put: fc.oneof(badKey, badRef, badTemplate, junk) }),
  fc.record({ at: fc.tuple(fc.constant("options"), fc.nat({ max: 12 }), pick(["__proto__", "constructor", "destnation"])), put: junk }),
  fc.record({ at: fc.tuple(pick(FALLBACKS), pick(["retries", "retryRecording", "finalRecording", "destination"])), put: fc.oneof(fc.integer({ min: -3, max: 15 }), pick(["2", 2.5]), badRef, junk) }),
  fc.record({ at: fc.tuple(pick(FALLBACKS), pick(["__proto__", "retry", "toString"])), put: junk }),
  fc.record({ at: fc.tuple(pick(["greting", "descripton", "__proto__", "constructor", "toString", "ivrId", "hasOwnProperty", "timeout", "options ", ""])), put: junk }),
  fc.record({ at: fc.constant(["adopt"]), put: junk }),
  fc.record({ at: fc.constant(["options", 0, "key"]), put: fc.constant("__duplicate__") }),
  fc.record({ at: pick([["name"], ["greeting"], ["options"], ["noInput"], ["invalidInput", "retries"], ["options", 0, "destination"]]), remove: fc.constant(true as const) }),
);

/** Applies a mutation to a plain copy (a path into something that is not an object is skipped). */
function mutate(ivr: Record<string, unknown>, m: Mutation): Record<string, unknown> {
  const root = toPlain(ivr) as Record<string, unknown>;
  let node: unknown = root;
  for (const step of m.at.slice(0, -1)) {
    node = node !== null && typeof node === "object" ? (node as Record<string | number, unknown>)[step] : undefined;
  }
  if (node === null || typeof node !== "object") return root;
  const last = m.at[m.at.length - 1]!;
  const target = node as Record<string | number, unknown>;
  if ("remove" in m) delete target[last];
  else if (m.put === "__duplicate__") {
    const options = root.options as Array<{ key?: unknown }> | undefined;
    if (Array.isArray(options) && options.length > 1 && options[1] && typeof options[1] === "object") target[last] = options[1].key;
  } else Object.defineProperty(target, last, { value: m.put, enumerable: true, writable: true, configurable: true });
  return root;
}

/** One IVR's arguments, as a user might write them: valid, then up to `changes` (3) changes. */
export function ivrArgsWith(changes = 3): fc.Arbitrary<Record<string, unknown>> {
  return fc
    .tuple(goodIvr, fc.array(mutation, { maxLength: changes }))
    .map(([ivr, list]) => list.reduce((out, m) => mutate(out, m), toPlain(ivr) as Record<string, unknown>));
}

export const ivrArgs = ivrArgsWith(3);
/**
 * A deep copy made of plain objects and arrays, as the engine hands inputs to a provider (fast-check
 * may build objects without a prototype); every key stays an own property, `__proto__` included.
 */
export function toPlain(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(toPlain);
  if (value === null || typeof value !== "object") return value;
  const out: Record<string, unknown> = {};
  for (const key of Object.keys(value)) {
    Object.defineProperty(out, key, { value: toPlain((value as Record<string, unknown>)[key]), enumerable: true, writable: true, configurable: true });
  }
  return out;
}

/** Mostly one IVR's arguments, sometimes no object at all. */
export const checkInput = fc.oneof({ weight: 30, arbitrary: ivrArgs }, { weight: 1, arbitrary: junk.map(toPlain) });
