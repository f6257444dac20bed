import {
  DESTINATIONS, DESTINATION_TYPES, RECORDING_TYPES, destinationTypesIn, referenceFacts, writeTypeOf,
} from "../../provider/src/core/destinations";
import * as smartflo from "../../provider/src";

describe("the reference type registry", () => {
  it("lists the IVR destination and recording types in their documented order", () => {
    expect(DESTINATION_TYPES).toEqual(["extension", "agent", "department", "ivr", "voicemail", "time_condition", "timegroup", "hangup"]);
    expect(destinationTypesIn("ivr")).toEqual(DESTINATION_TYPES);
    expect(destinationTypesIn("number")).toEqual(["extension", "agent", "department", "ivr", "time_condition", "hangup"]);
    expect(destinationTypesIn("departmentFailover")).toEqual(["extension", "agent", "department", "ivr", "voicemail", "hangup"]);
    expect(destinationTypesIn("departmentMember")).toEqual(["extension"]);
    expect(RECORDING_TYPES).toEqual(["recording", "outbound_tts"]);
  });

  it("maps the read side's type names to the write side's", () => {
    expect(writeTypeOf("ringgroup")).toBe("department");
    expect(writeTypeOf(" Ring_Group ")).toBe("department");
    expect(writeTypeOf("time_group")).toBe("timegroup");
    expect(writeTypeOf("timecondition")).toBe("time_condition");
    expect(writeTypeOf("extension")).toBe("extension");
    expect(writeTypeOf("something_new")).toBe("something_new");
  });

  it("names, for every type, a helper the package exports", () => {
    for (const type of [...RECORDING_TYPES, ...DESTINATION_TYPES]) {
      const helper = referenceFacts(type)!.helper;
      expect(typeof (smartflo as Record<string, unknown>)[helper]).toBe("function");
    }
  });

  it("knows nothing of a type nobody documents", () => {
    expect(referenceFacts("queue")).toBeUndefined();
    expect(referenceFacts("hasOwnProperty")).toBeUndefined();
    expect(DESTINATIONS.hangup.fixedId).toBe("1");
  });
});
