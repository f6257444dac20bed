import { validateNumberRouting } from "../../../provider/src/kinds/number-routing/spec";
import { describeNumbers, readDestination, resolveNumber, toWriteBody } from "../../../provider/src/kinds/number-routing/mapping";
import { problemsOf } from "../../support/validation";

const problems = problemsOf(validateNumberRouting);

describe("NumberRouting validation", () => {
  it("takes the number as listed, with spaces or dashes, or as a Smartflo id (also a YAML number)", () => {
    expect(validateNumberRouting({ number: " +91 80-6900 1234 ", destination: "ivr|8001" })).toEqual({
      ok: true,
      value: { number: "+918069001234", destination: "ivr||8001" },
    });
    expect(validateNumberRouting({ number: 101, destination: "hangup||1" })).toEqual({ ok: true, value: { number: "101", destination: "hangup||1" } });
  });

  it("refuses what is not a number, destinations a number cannot take, and adopt", () => {
    expect(problems({ number: "main line", destination: "voicemail||301" })).toEqual([
      { property: "number", reason: "must be a phone number like +918069001234 (or a Smartflo number id), got 'main line'" },
      { property: "destination", reason: "unknown destination type 'voicemail' in 'voicemail||301' (known: extension, agent, department, ivr, time_condition, hangup)" },
    ]);
    expect(problems({ number: "101", destination: "timegroup||501", adopt: true }).map((p) => p.property)).toEqual(["destination", "adopt"]);
  });
});

describe("NumberRouting mappings", () => {
  const numbers = new Map([["101", "+918069001234"], ["102", "+918069005678"]]);

  it("finds a number by its digits, with or without +, or by its id", () => {
    expect(resolveNumber(numbers, "+918069001234")).toEqual({ id: "101", did: "+918069001234" });
    expect(resolveNumber(numbers, "918069005678")).toEqual({ id: "102", did: "+918069005678" });
    expect(resolveNumber(numbers, "102")).toEqual({ id: "102", did: "+918069005678" });
    expect(resolveNumber(numbers, "+910000000000")).toBeUndefined();
    expect(describeNumbers(numbers)).toBe("+918069001234 (id 101), +918069005678 (id 102)");
    expect(describeNumbers(new Map())).toBe("none");
  });

  it("reads the destination in canonical form; none is null", () => {
    expect(readDestination("ringgroup||20546")).toBe("department||20546");
    expect(readDestination("ivr|8001")).toBe("ivr||8001");
    expect(readDestination(null)).toBeNull();
    expect(readDestination("")).toBeNull();
  });

  it("sends the number's other settings back as they are, so a PUT that clears what it is not sent clears nothing", () => {
    const listed = { id: "101", did: "+918069001234", name: "Main line", description: "Main published number", destination: "hangup||1", sms_template: ["0", "35642"] };
    expect(toWriteBody(listed, "ivr||8001")).toEqual({ destination: "ivr||8001", name: "Main line", description: "Main published number", sms_template: ["35642"] });
    expect(toWriteBody({ id: "9", did: "+1", destination: null }, "hangup||1")).toEqual({ destination: "hangup||1" });
  });
});
