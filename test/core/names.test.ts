import { nameKey, sameName } from "../../provider/src/core/names";

describe("the name rule (Smartflo's: trimmed, case-insensitive)", () => {
  it("treats names differing only in case and surrounding spaces as the same", () => {
    expect(sameName("Support IVR", "  support ivr ")).toBe(true);
    expect(nameKey(" Sales ")).toBe("sales");
  });

  it("keeps names that differ inside apart", () => {
    expect(sameName("Support IVR", "Support  IVR")).toBe(false);
    expect(sameName("Sales", "Sales 2")).toBe(false);
  });
});
