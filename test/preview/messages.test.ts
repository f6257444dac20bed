/**
 * How a problem reads: the path, the value found at that path when it is one plain value, and the
 * reason; never the engine's `value {<nil>}` for a nested path.
 */
import { UNKNOWN } from "../../provider/src/core/refs";
import { parsePath } from "../../provider/src/core/problems";
import { describeProblem, toCheckFailures, valueAt } from "../../provider/src/preview/messages";

const input = {
  name: "Support",
  ringTimeoutSeconds: 500,
  options: [{ key: "1" }, { key: 1, destination: UNKNOWN }],
  noInput: { retries: 99 },
  adopt: false,
};

describe("problem messages", () => {
  it("reads paths back the way they are written", () => {
    expect(parsePath("options[1].key")).toEqual(["options", 1, "key"]);
    expect(valueAt(input, "options[1].key")).toBe(1);
    expect(valueAt(input, "noInput.retries")).toBe(99);
    expect(valueAt(input, "invalidInput.retries")).toBeUndefined();
  });

  it("shows the value at a nested path, quoted when it is text", () => {
    expect(describeProblem({ property: "options[1].key", reason: "duplicate" }, input)).toBe("options[1].key = 1: duplicate");
    expect(describeProblem({ property: "options[0].key", reason: "duplicate" }, input)).toBe(`options[0].key = "1": duplicate`);
    expect(describeProblem({ property: "adopt", reason: "r" }, input)).toBe("adopt = false: r");
  });

  it("shows no value when there is none, it is not one plain value, or it is not known yet", () => {
    expect(describeProblem({ property: "invalidInput", reason: "is required" }, input)).toBe("invalidInput: is required");
    expect(describeProblem({ property: "noInput", reason: "r" }, input)).toBe("noInput: r");
    expect(describeProblem({ property: "options[1].destination", reason: "r" }, input)).toBe("options[1].destination: r");
    expect(describeProblem({ property: "", reason: "the resource as a whole" }, input)).toBe("the resource as a whole");
  });

  it("shortens a long value", () => {
    const text = describeProblem({ property: "name", reason: "too long" }, { name: "x".repeat(200) });
    expect(text).toBe(`name = "${"x".repeat(75)}...": too long`);
  });

  it("gives the engine failures without a property, so it prints no value of its own", () => {
    expect(toCheckFailures([{ property: "noInput.retries", reason: "from 0 to 10" }], input)).toEqual([
      { property: "", reason: "noInput.retries = 99: from 0 to 10" },
    ]);
  });
});
