import { UNKNOWN } from "../../../provider/src/core/refs";
import { validateIvr } from "../../../provider/src/kinds/ivr/spec";
import { supportIvr, withValue } from "../../support/ivrs";

function problems(input: unknown, allowUnknown = false) {
  const r = validateIvr(input, { allowUnknown });
  return r.ok ? [] : r.problems;
}

describe("IVR validation (plan time)", () => {
  it("accepts the design's support IVR and keeps every field", () => {
    const r = validateIvr(supportIvr());
    expect(r.ok).toBe(true);
    if (r.ok) expect(r.value).toEqual(supportIvr());
  });

  it("rejects a duplicate key '1' at options[1].key, naming the first use", () => {
    const input = withValue(supportIvr(), ["options", 1, "key"], "1");
    expect(problems(input)).toEqual([
      { property: "options[1].key", reason: "duplicate DTMF key '1' (also used by options[0])" },
    ]);
  });

  it.each(["10", "a", "", "**"])("rejects '%s' as a DTMF key", (key) => {
    expect(problems(withValue(supportIvr(), ["options", 0, "key"], key))).toEqual([
      { property: "options[0].key", reason: "must be one DTMF key: 0-9, * or #" },
    ]);
  });

  it("accepts * and # and numeric keys, normalising numbers to strings", () => {
    const input = supportIvr({
      options: [
        { key: "*", destination: "hangup||1" },
        { key: "#", destination: "hangup||1" },
        { key: 5 as unknown as string, destination: "hangup||1" },
      ],
    });
    const r = validateIvr(input);
    expect(r.ok && r.value.options.map((o) => o.key)).toEqual(["*", "#", "5"]);
  });

  it("requires at least one option", () => {
    expect(problems(supportIvr({ options: [] }))).toEqual([{ property: "options", reason: "at least one option is required" }]);
  });

  it("names every missing mandatory field", () => {
    const props = problems({}).map((p) => p.property).sort();
    expect(props).toEqual(["greeting", "invalidInput", "name", "noInput", "options", "ringTimeoutSeconds"]);
    expect(problems({}).find((p) => p.property === "name")?.reason).toBe("is required");
  });

  it("rejects a malformed recording reference with an example of the right form", () => {
    const [p] = problems(supportIvr({ greeting: "28935" }));
    expect(p.property).toBe("greeting");
    expect(p.reason).toBe("must be a recording reference like recording||28935 (smartflo.recording(\"28935\")), got '28935'");
  });

  it("rejects a destination used as a recording, naming the allowed types", () => {
    const [p] = problems(withValue(supportIvr(), ["noInput", "retryRecording"], "extension||05047530000"));
    expect(p).toEqual({
      property: "noInput.retryRecording",
      reason: "unknown recording type 'extension' in 'extension||05047530000' (known: recording, outbound_tts)",
    });
  });

  it("rejects an unknown destination type", () => {
    const [p] = problems(withValue(supportIvr(), ["options", 2, "destination"], "queue||5"));
    expect(p.property).toBe("options[2].destination");
    expect(p.reason).toMatch(/^unknown destination type 'queue' in 'queue\|\|5' \(known: extension, agent, department, ivr/);
  });

  it("requires hangup||1 for a hangup", () => {
    expect(problems(withValue(supportIvr(), ["options", 2, "destination"], "hangup||2"))).toEqual([
      { property: "options[2].destination", reason: "a hangup destination is always hangup||1, got 'hangup||2'" },
    ]);
  });

  it("normalises single-pipe references to ||", () => {
    const r = validateIvr(supportIvr({ greeting: "recording|28935" }));
    expect(r.ok && r.value.greeting).toBe("recording||28935");
  });

  it.each([
    [["noInput", "retries"], -1, "noInput.retries", "must be a whole number of retries from 0 to 10"],
    [["invalidInput", "retries"], 11, "invalidInput.retries", "must be a whole number of retries from 0 to 10"],
    [["invalidInput", "retries"], 1.5, "invalidInput.retries", "must be a whole number of retries from 0 to 10"],
    [["ringTimeoutSeconds"], 0, "ringTimeoutSeconds", "must be a whole number of seconds from 1 to 120"],
    [["ringTimeoutSeconds"], 121, "ringTimeoutSeconds", "must be a whole number of seconds from 1 to 120"],
    [["ringTimeoutSeconds"], "30", "ringTimeoutSeconds", "must be a whole number of seconds from 1 to 120"],
  ])("rejects %j = %j", (path, value, property, reason) => {
    expect(problems(withValue(supportIvr(), path as Array<string | number>, value))).toEqual([{ property, reason }]);
  });

  it("rejects an empty or too long name", () => {
    expect(problems(supportIvr({ name: "  " }))).toEqual([{ property: "name", reason: "must not be empty" }]);
    expect(problems(supportIvr({ name: "x".repeat(65) }))).toEqual([{ property: "name", reason: "must be at most 64 characters" }]);
  });

  it("names a misspelt property and suggests the right one", () => {
    const input = { ...supportIvr(), greting: "recording||1" };
    expect(problems(input)).toEqual([{ property: "greting", reason: "unknown property 'greting' (did you mean 'greeting'?)" }]);
  });

  it("defaults the description to the name", () => {
    const input = supportIvr();
    delete (input as { description?: string }).description;
    const r = validateIvr(input);
    expect(r.ok && r.value.description).toBe("Support IVR");
  });

  it("takes a blank description (which Smartflo refuses) as none: it defaults to the name", () => {
    for (const blank of ["", "   ", "\t\n"]) {
      const r = validateIvr(supportIvr({ description: blank }));
      expect(r.ok && r.value.description).toBe("Support IVR");
    }
  });

  it("takes SMS template 0 as no template, the way the read side reports none, and drops leading zeros", () => {
    const options = (smsTemplateId: unknown) => [{ key: "1", destination: "hangup||1", smsTemplateId }];
    for (const none of ["0", 0, "000"]) {
      const r = validateIvr(supportIvr({ options: options(none) as never }));
      expect(r.ok && r.value.options[0]).toEqual({ key: "1", destination: "hangup||1", smsTemplateId: undefined });
    }
    const r = validateIvr(supportIvr({ options: options("035642") as never }));
    expect(r.ok && r.value.options[0]!.smsTemplateId).toBe("35642");
    // Sent as a JSON number, so it must be one exactly.
    expect(problems(supportIvr({ options: options("9007199254740993") as never }))).toEqual([
      { property: "options[0].smsTemplateId", reason: "must be a numeric SMS template id like 35642" },
    ]);
  });

  it("reports every problem at once, not just the first", () => {
    const input = withValue(withValue(supportIvr(), ["options", 1, "key"], "1"), ["noInput", "retries"], 99);
    expect(problems(input).map((p) => p.property).sort()).toEqual(["noInput.retries", "options[1].key"]);
  });

  describe("with values unknown during preview", () => {
    it.each([
      [["name"]],
      [["greeting"]],
      [["options"]],
      [["options", 0]],
      [["options", 1, "destination"]],
      [["options", 1, "key"]],
      [["invalidInput"]],
      [["noInput", "retries"]],
    ])("lets an unknown %j through untouched", (path) => {
      const input = withValue(supportIvr(), path as Array<string | number>, UNKNOWN);
      const r = validateIvr(input, { allowUnknown: true });
      expect(r.ok).toBe(true);
      let node: unknown = r.ok ? r.value : undefined;
      for (const p of path) node = (node as Record<string | number, unknown>)[p];
      expect(node).toBe(UNKNOWN);
    });

    it("still reports the known problems beside an unknown value", () => {
      const input = withValue(withValue(supportIvr(), ["greeting"], UNKNOWN), ["noInput", "retries"], 99);
      expect(problems(input, true)).toEqual([{ property: "noInput.retries", reason: "must be a whole number of retries from 0 to 10" }]);
    });

    it("does not treat two unknown keys as duplicates", () => {
      const input = withValue(withValue(supportIvr(), ["options", 0, "key"], UNKNOWN), ["options", 1, "key"], UNKNOWN);
      expect(problems(input, true)).toEqual([]);
    });

    it("rejects the unknown sentinel when unknowns are not allowed", () => {
      expect(problems(withValue(supportIvr(), ["ringTimeoutSeconds"], UNKNOWN)).map((p) => p.property)).toEqual(["ringTimeoutSeconds"]);
    });
  });
});
