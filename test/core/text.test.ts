import { didYouMean, editDistance } from "../../provider/src/core/text";

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
