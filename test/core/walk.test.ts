import { findReferences, setAt } from "../../provider/src/core/walk";
import { IVR_SPEC } from "../../provider/src/kinds/ivr/spec";
import { supportIvr } from "../support/ivrs";

describe("the reference walk (from the IVR spec)", () => {
  it("finds every recording and destination of an IVR with its path, in a stable order", () => {
    const found = findReferences(IVR_SPEC.references, supportIvr()).map((r) => [r.path.join("."), r.role, r.value]);
    expect(found).toEqual([
      ["greeting", "recording", "recording||28935"],
      ["options.0.destination", "destination", "extension||05047530000"],
      ["options.1.destination", "destination", "department||20546"],
      ["options.2.destination", "destination", "hangup||1"],
      ["invalidInput.retryRecording", "recording", "recording||28955"],
      ["invalidInput.finalRecording", "recording", "recording||28934"],
      ["invalidInput.destination", "destination", "extension||05047530099"],
      ["noInput.retryRecording", "recording", "recording||28977"],
      ["noInput.finalRecording", "recording", "recording||28955"],
      ["noInput.destination", "destination", "extension||05047530675"],
    ]);
  });

  it("walks unvalidated values: missing, non-object and unknown parts are skipped, odd values reported as they are", () => {
    const raw = { options: ["x", { key: "1" }, { destination: { ivr: "sales" } }], invalidInput: 5, noInput: { destination: null } };
    expect(findReferences(IVR_SPEC.references, raw)).toEqual([
      { path: ["options", 2, "destination"], value: { ivr: "sales" }, role: "destination", context: "ivr" },
      { path: ["noInput", "destination"], value: null, role: "destination", context: "ivr" },
    ]);
    expect(findReferences(IVR_SPEC.references, "not an object")).toEqual([]);
  });

  it("sets a value at a found path", () => {
    const ivr = supportIvr();
    setAt(ivr, ["options", 1, "destination"], "ivr||8001");
    expect(ivr.options[1]!.destination).toBe("ivr||8001");
  });
});
