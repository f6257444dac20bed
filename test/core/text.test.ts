import { didYouMean, editDistance } from "../../provider/src/core/text";
import { validateIvr } from "../../provider/src/kinds/ivr/spec";
import { supportIvr } from "../support/ivrs";

describe("editDistance", () => {
  it.each([
    ["", "", 0],
    ["ivrs", "ivrs", 0],
    ["ivrs", "ivr", 1],
    ["kitten", "sitting", 3],
    ["greeting", "greting", 1],
    ["options", "opitons", 2],
    ["", "abc", 3],
  ])("is the Levenshtein distance: %j -> %j is %i", (a, b, d) => {
    expect(editDistance(a, b)).toBe(d);
    expect(editDistance(b, a)).toBe(d);
  });

  it("stops at the limit: anything farther comes back as limit + 1", () => {
    expect(editDistance("kitten", "sitting", 2)).toBe(3);
    expect(editDistance("kitten", "sitting", 3)).toBe(3);
    expect(editDistance("abcdef", "uvwxyz", 1)).toBe(2);
  });

  it("answers for a 6,000-character input against a short name, exactly within the limit", () => {
    const huge = "x".repeat(6000);
    expect(editDistance(huge, "name", 2)).toBe(3);
    expect(editDistance(`${huge}a`, `${huge}b`, 2)).toBe(1);
    expect(editDistance(`a${huge}`, `${huge}b`, 2)).toBe(2);
  });
});

/** A string whose character reads are counted: the work editDistance does, measured without a clock. */
function counted(text: string): { value: string; reads: () => number } {
  let reads = 0;
  const proxy = new Proxy(new String(text), {
    get(target, key) {
      if (typeof key === "string" && /^\d+$/.test(key)) reads++;
      const value = Reflect.get(target, key);
      return typeof value === "function" ? value.bind(target) : value;
    },
  });
  return { value: proxy as unknown as string, reads: () => reads };
}

describe("editDistance's cost", () => {
  it("grows with the length times the band (2 x limit + 1), not with the square of the length", () => {
    for (const length of [6000, 60_000]) {
      const a = counted(`${"ab".repeat(length / 2)}`);
      const b = counted(`${"ba".repeat(length / 2)}`);
      expect(editDistance(a.value, b.value, 2)).toBe(2);
      // Each row reads one character of the longer string per cell of the band, and one of the shorter.
      expect(a.reads() + b.reads()).toBeGreaterThan(length);
      expect(a.reads() + b.reads()).toBeLessThanOrEqual(2 * length * (2 * 2 + 1));
    }
  });

  it("gives up at once on lengths that differ by more than the limit (a 6,000-character name against a property)", () => {
    const huge = counted("x".repeat(6000));
    expect(editDistance(huge.value, "greeting", 2)).toBe(3);
    expect(huge.reads()).toBe(0);
  });

  it("keeps a 6,000-character unknown property name a plain problem, with no suggestion", () => {
    const key = "q".repeat(6000);
    const r = validateIvr({ ...supportIvr(), [key]: 1 });
    expect(r.ok ? [] : r.problems).toEqual([{ property: key, reason: `unknown property '${key}'` }]);
  });
});

describe("didYouMean", () => {
  const props = ["name", "description", "greeting", "ringTimeoutSeconds", "options", "retries", "retryRecording"];

  it("names the nearest candidate, ignoring case", () => {
    expect(didYouMean("Greting", props, 2)).toBe("greeting");
    expect(didYouMean("RINGTIMEOUTSECONDS", props, 2)).toBe("ringTimeoutSeconds");
  });

  it("prefers the nearest over the first within reach", () => {
    expect(didYouMean("retries", ["entries", "retries"], 2)).toBe("retries");
    expect(didYouMean("retrie", ["entries", "retries"], 2)).toBe("retries");
  });

  it("names nothing when every candidate is too far", () => {
    expect(didYouMean("timeout", props, 2)).toBeUndefined();
    expect(didYouMean("x".repeat(6000), props, 2)).toBeUndefined();
  });
});
