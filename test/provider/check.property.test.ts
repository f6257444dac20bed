/**
 * Property-based test of the provider's `check`, with generated IVR inputs (test/support/arbitraries.ts;
 * fixed seed, 2,000 inputs), against the emulator on loopback with the account checks on:
 *  - `check` never throws, and never fails with its own "could not check" (a bug) message;
 *  - every failure leads with the property path it is about (or, for no object at all, says so),
 *    in the message form `path = value: reason`, and never carries zod's own rendering;
 *  - every input it accepts is accepted by the emulator: the provider creates it (`create`, the
 *    real path: write body, POST, id lookup) and the emulator, an independent implementation of
 *    the API's rules, must take it. Then it is deleted again.
 * The emulator runs unlimited (cps 0) so the run takes seconds.
 */
import fc from "fast-check";
import * as runtime from "../../provider/src/provider/runtime";
import { formatPath, parsePath } from "../../provider/src/core/problems";
import { containsUnknown } from "../../provider/src/core/refs";
import { valueAt } from "../../provider/src/preview/messages";
import { control } from "../support/emulator";
import { PROVIDER, RUNS, ZOD_RAW, checkInput, providerAgainstEmulator } from "../support/arbitraries";

/**
 * True when `reason` leads with a property path of `input` (`path = value: reason` or
 * `path: reason`): a path whose parent is in the input (the property itself may be missing).
 */
function ledByPath(reason: string, input: unknown): boolean {
  for (let at = reason.indexOf(": "); at > 0; at = reason.indexOf(": ", at + 1)) {
    const head = reason.slice(0, at);
    const candidate = head.includes(" = ") ? head.slice(0, head.indexOf(" = ")) : head;
    const steps = parsePath(candidate);
    if (steps.length === 0 || formatPath(steps) !== candidate) continue;
    const parent = steps.length === 1 ? input : valueAt(input, formatPath(steps.slice(0, -1)));
    if (parent !== null && typeof parent === "object") return true;
  }
  return false;
}

const emulator = providerAgainstEmulator();

test("check: never a throw, every failure names its property path, every accepted IVR is accepted by the emulator", async () => {
  const tally = { accepted: 0, created: 0, rejected: 0, unknown: 0 };
  const warnings: string[] = [];
  const spy = jest.spyOn(console, "error").mockImplementation((m: string) => void warnings.push(String(m)));
  jest.spyOn(console, "log").mockImplementation(() => undefined);
  try {
    await fc.assert(
      fc.asyncProperty(checkInput, async (input) => {
        const news = input !== null && typeof input === "object" && !Array.isArray(input) ? { ...(input as object), __provider: PROVIDER } : input;
        const result = await runtime.check({}, news as never);
        // What check sees: the engine's inputs as an object (anything else is checked as no properties).
        const seen = { ...((input ?? {}) as object) };
        for (const { property, reason } of result.failures) {
          expect(property).toBe("");
          expect(reason).not.toMatch(/could not check this IVR/);
          expect(reason).not.toMatch(ZOD_RAW);
          if (reason !== "IVR arguments must be an object") expect({ reason, ledByPath: ledByPath(reason, seen) }).toEqual({ reason, ledByPath: true });
        }
        if (result.failures.length > 0) {
          tally.rejected++;
          return;
        }
        if (containsUnknown(result.inputs)) {
          tally.unknown++;
          return;
        }
        tally.accepted++;
        // What the engine would do next at `up`: create it from the inputs check returned.
        const created = await runtime.create({ ...result.inputs, __provider: PROVIDER });
        tally.created++;
        await runtime.remove(created.id, { ...created.outs, __provider: PROVIDER });
      }),
      { ...RUNS, verbose: 1 },
    );
  } finally {
    spy.mockRestore();
  }
  // The cross-check did real work: a good share of the inputs were accepted, and every one created.
  expect(tally.created).toBe(tally.accepted);
  expect(tally.accepted).toBeGreaterThan(RUNS.numRuns / 10);
  expect(tally.rejected).toBeGreaterThan(RUNS.numRuns / 10);
  // The account answered throughout: no lookup failed, so every decision was made.
  expect(warnings.filter((w) => w.includes("could not reach"))).toEqual([]);
  const state = await control(emulator(), "GET", "state");
  expect(state.accounts.default.ivrs).toEqual([]);
}, 600_000);
