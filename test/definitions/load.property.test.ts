/**
 * Property-based test of the definitions loader, with generated definitions files (fixed seed,
 * 2,000 sets of one to three files): IVRs as users write them (test/support/arbitraries.ts), routes
 * by name, placeholders, stack values, then text-level damage (cut short, a line inserted, bad
 * indentation, `__proto__` keys, deep nesting, tabs, repeated keys).
 *  - The loader never throws anything but its IvrDefinitionError;
 *  - every problem names one of the files and a line in it (or the stack config, for stack values);
 *  - every set it accepts is accepted downstream: declared in dependency order, each IVR passes
 *    the provider's `check` against the emulator's account (or fails it only on an account fact
 *    the files cannot know: an id the account lacks, a name it already has), and every one that
 *    passes is created by the emulator (an independent implementation of the API's rules).
 */
import fc from "fast-check";
import { stringify } from "yaml";
import { IvrDefinitionError, parseIvrDefinitions } from "../../provider/src/definitions";
import type { IvrDefinition } from "../../provider/src/definitions";
import * as runtime from "../../provider/src/provider/runtime";
import { PROVIDER, RUNS, SEED, ZOD_RAW, ivrArgsWith, providerAgainstEmulator, toPlain } from "../support/arbitraries";

/** What only the account can tell (the files cannot): the one reason a loaded IVR may fail `check`. */
const ACCOUNT_FACT = /(does not exist in this Smartflo account|already exists in this Smartflo account)/;

const GOOD_NAMES = ["sales", "support", "billing", "front-desk", "a_1", "Main2"];
const BAD_NAMES = ["bad name", "__proto__", "constructor", "-x", ""];
const resourceName = fc.oneof({ weight: 8, arbitrary: fc.constantFrom(...GOOD_NAMES) }, { weight: 1, arbitrary: fc.constantFrom(...BAD_NAMES) });
/** Most sets hold valid IVRs (so the downstream cross-check has work), the rest up to two changes. */
const someArgs = fc.oneof({ weight: 3, arbitrary: ivrArgsWith(0) }, { weight: 1, arbitrary: ivrArgsWith(2) });

/** An IVR's args with, now and then, routes to other definitions by name and placeholders. */
const definitionArgs = fc
  .tuple(
    someArgs,
    fc.oneof({ weight: 3, arbitrary: fc.constant([]) }, { weight: 1, arbitrary: fc.subarray(GOOD_NAMES, { maxLength: 2 }) }),
    fc.oneof({ weight: 4, arbitrary: fc.constant(false) }, { weight: 1, arbitrary: fc.constant(true) }),
    fc.oneof({ weight: 6, arbitrary: fc.constant(true) }, { weight: 1, arbitrary: fc.constant(false) }),
  )
  .map(([args, routes, placeholder, objectRoute]) => {
    const out = toPlain(args) as Record<string, unknown>;
    const options = out.options;
    if (Array.isArray(options)) {
      routes.forEach((to, i) => {
        const o = options[i];
        if (o && typeof o === "object") (o as Record<string, unknown>).destination = objectRoute ? { ivr: to } : `ivr: ${to}`;
      });
    }
    if (placeholder) out.greeting = "recording||${recordings.welcome}";
    return out;
  });

const file = fc.record(
  {
    ivrs: fc.array(fc.tuple(resourceName, definitionArgs), { minLength: 0, maxLength: 3 }),
    values: fc.oneof(
      { weight: 6, arbitrary: fc.constant({ recordings: { welcome: SEED.recordings[0] } }) },
      { weight: 1, arbitrary: fc.constant({ recordings: {} }) },
      { weight: 1, arbitrary: fc.jsonValue({ maxDepth: 2 }) },
    ),
    topLevel: fc.oneof({ weight: 12, arbitrary: fc.constant("ivrs") }, { weight: 1, arbitrary: fc.constantFrom("ivr", "x-shared", "__proto__") }),
  },
  { requiredKeys: ["ivrs", "topLevel"] },
);

/** Damage done to a file's text: none most of the time. */
const damage = fc.oneof(
  { weight: 24, arbitrary: fc.constant((t: string) => t) },
  { weight: 1, arbitrary: fc.nat().map((n) => (t: string) => t.slice(0, n % (t.length + 1))) },
  { weight: 1, arbitrary: fc.tuple(fc.nat(), fc.string({ maxLength: 12 })).map(([n, s]) => (t: string) => { const i = n % (t.length + 1); return t.slice(0, i) + s + t.slice(i); }) },
  { weight: 1, arbitrary: fc.nat().map((n) => (t: string) => { const lines = t.split("\n"); lines.splice(n % (lines.length + 1), 0, "    __proto__:\n      name: Smuggled"); return lines.join("\n"); }) },
  { weight: 1, arbitrary: fc.nat().map((n) => (t: string) => { const lines = t.split("\n"); const i = n % Math.max(1, lines.length); lines[i] = `\t${lines[i]}`; return lines.join("\n"); }) },
  { weight: 1, arbitrary: fc.nat().map((n) => (t: string) => { const lines = t.split("\n"); const i = n % Math.max(1, lines.length); lines.splice(i, 0, lines[i] ?? ""); return lines.join("\n"); }) },
  { weight: 1, arbitrary: fc.integer({ min: 10, max: 3000 }).map((n) => (t: string) => `${t}\nx-deep: ${"[".repeat(n)}${"]".repeat(n)}\n`) },
);

const fileText = fc.tuple(file, damage).map(([f, hurt]) => {
  const doc: Record<string, unknown> = {};
  const ivrs: Record<string, unknown> = {};
  for (const [name, args] of f.ivrs) Object.defineProperty(ivrs, name, { value: args, enumerable: true, writable: true, configurable: true });
  Object.defineProperty(doc, f.topLevel, { value: ivrs, enumerable: true, writable: true, configurable: true });
  if (f.values !== undefined) doc.values = f.values;
  let text: string;
  try {
    text = stringify(doc);
  } catch {
    text = "ivrs: {}\n";
  }
  return hurt(text);
});

const definitionSet = fc.record(
  {
    texts: fc.array(fileText, { minLength: 1, maxLength: 3 }),
    stackValues: fc.oneof({ weight: 6, arbitrary: fc.constant({ recordings: { welcome: SEED.recordings[1] } }) }, { weight: 1, arbitrary: fc.jsonValue({ maxDepth: 2 }) }),
  },
  { requiredKeys: ["texts"] },
);

providerAgainstEmulator();

/** Declares a loaded set the way deployIvrDefinitions does, through check and create; deletes it again. */
async function deployAndRemove(definitions: IvrDefinition[], tally: { checked: number; created: number }): Promise<void> {
  const ids = new Map<string, string>();
  const created: Array<{ id: string; outs: Record<string, unknown> }> = [];
  const byName = new Map(definitions.map((d) => [d.resourceName, d]));
  const order: IvrDefinition[] = [];
  const visit = (d: IvrDefinition) => {
    if (order.includes(d)) return;
    d.references.forEach((r) => visit(byName.get(r)!));
    order.push(d);
  };
  definitions.forEach(visit);
  try {
    for (const d of order) {
      const args = JSON.parse(JSON.stringify(d.args), (_k, v) => (v && typeof v === "object" && !Array.isArray(v) && typeof v.ivr === "string" ? `ivr||${ids.get(v.ivr)}` : v));
      const checked = await runtime.check({}, { ...args, __provider: PROVIDER });
      tally.checked++;
      for (const f of checked.failures) expect(f.reason).toMatch(ACCOUNT_FACT);
      if (checked.failures.length > 0) return; // what routes to it cannot be declared either
      const result = await runtime.create({ ...checked.inputs, __provider: PROVIDER });
      tally.created++;
      ids.set(d.resourceName, result.id);
      created.push(result);
    }
  } finally {
    for (const c of created.reverse()) await runtime.remove(c.id, { ...c.outs, __provider: PROVIDER });
  }
}

test("definitions: never a throw, every problem names a file and line, every accepted set is accepted by check and the emulator", async () => {
  const tally = { accepted: 0, rejected: 0, checked: 0, created: 0 };
  jest.spyOn(console, "log").mockImplementation(() => undefined);
  await fc.assert(
    fc.asyncProperty(definitionSet, async ({ texts, stackValues }) => {
      const files = texts.map((text, i) => ({ file: `ivrs/f${i}.yaml`, text }));
      let definitions: IvrDefinition[];
      try {
        definitions = parseIvrDefinitions(files, { values: stackValues as never, onWarning: () => undefined });
      } catch (err) {
        expect(err).toBeInstanceOf(IvrDefinitionError);
        const problems = (err as IvrDefinitionError).problems;
        expect(problems.length).toBeGreaterThan(0);
        for (const p of problems) {
          expect(p.reason).not.toMatch(ZOD_RAW);
          if (p.file === "stack config ivrs:values") continue;
          expect(files.map((f) => f.file)).toContain(p.file);
          expect({ file: p.file, line: p.line, reason: p.reason }).toEqual({ file: p.file, line: expect.any(Number), reason: p.reason });
          expect(p.line).toBeGreaterThanOrEqual(1);
          expect(p.line).toBeLessThanOrEqual(files.find((f) => f.file === p.file)!.text.split("\n").length + 1);
        }
        tally.rejected++;
        return;
      }
      tally.accepted++;
      await deployAndRemove(definitions, tally);
    }),
    RUNS,
  );
  // The cross-check did real work.
  expect(tally.accepted).toBeGreaterThan(RUNS.numRuns / 10);
  expect(tally.rejected).toBeGreaterThan(RUNS.numRuns / 10);
  expect(tally.created).toBeGreaterThan(RUNS.numRuns / 10);
}, 600_000);
