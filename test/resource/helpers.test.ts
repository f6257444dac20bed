import * as pulumi from "@pulumi/pulumi";

pulumi.runtime.setMocks(
  {
    newResource: (args) => ({
      id: args.name === "sales" ? "8001" : args.name === "settled" ? "pending-0123456789abcdef" : `${args.name}-id`,
      state: { ...args.inputs, ivrId: "8001" },
    }),
    call: () => ({}),
  },
  "helpers-test",
  "dev",
  false,
);

// Loaded after the mocks, as a program would be run by the engine.
import * as smartflo from "../../provider/src";

const valueOf = <T>(o: pulumi.Input<T>): Promise<T> =>
  new Promise((resolve) => pulumi.output(o).apply((v) => resolve(v as T)));

/** A minimal Ivr resource (the mocks give "sales" id 8001, "settled" a pending create's placeholder). */
function simpleIvr(resourceName: string, name: string): smartflo.Ivr {
  return new smartflo.Ivr(resourceName, {
    name,
    greeting: smartflo.recording("19549"),
    ringTimeoutSeconds: 20,
    options: [{ key: "0", destination: smartflo.hangup() }],
    invalidInput: { retries: 1, retryRecording: "recording||28955", finalRecording: "recording||28934", destination: "hangup||1" },
    noInput: { retries: 1, retryRecording: "recording||28977", finalRecording: "recording||28934", destination: "hangup||1" },
  });
}

describe("reference helpers", () => {
  it.each([
    ["recording", "28935", "recording||28935", smartflo.recording],
    ["tts", "7", "outbound_tts||7", smartflo.tts],
    ["extension", "05047530000", "extension||05047530000", smartflo.extension],
    ["agent", "050109590002", "agent||050109590002", smartflo.agent],
    ["department", 20546, "department||20546", smartflo.department],
    ["ivr", "8001", "ivr||8001", smartflo.ivr],
    ["voicemail", "301", "voicemail||301", smartflo.voicemail],
    ["timeCondition", "64000", "time_condition||64000", smartflo.timeCondition],
    ["timeGroup", "501", "timegroup||501", smartflo.timeGroup],
  ] as const)("%s(%j) is the plain string %j", (_name, id, expected, helper) => {
    expect((helper as (x: string | number) => string)(id)).toBe(expected);
  });

  it("hangup() is hangup||1", () => {
    expect(smartflo.hangup()).toBe("hangup||1");
  });

  it("accepts an Output and returns an Output", async () => {
    const ref = smartflo.recording(pulumi.output("28935"));
    expect(pulumi.Output.isInstance(ref)).toBe(true);
    expect(await valueOf(ref)).toBe("recording||28935");
  });

  it("ivr() takes another Ivr and routes to its id", async () => {
    const sales = simpleIvr("sales", "Sales IVR");
    expect(await valueOf(smartflo.ivr(sales))).toBe("ivr||8001");
    expect(await valueOf(smartflo.ivr(sales.ivrId))).toBe("ivr||8001");
  });

  it("department() and timeGroup() take the resource itself, and refuse another kind of resource", async () => {
    const sales = new smartflo.Department("sales-dept", {
      name: "Inbound Sales",
      ringStrategy: "random",
      members: [{ extension: "050109590002" }],
      failover: smartflo.hangup(),
      musicOnHold: smartflo.recording("42240"),
    });
    const hours = new smartflo.TimeGroup("hours", { name: "Hours", times: [{ from: "09:00", to: "18:00" }] });
    expect(await valueOf(smartflo.department(sales))).toBe("department||sales-dept-id");
    expect(await valueOf(smartflo.timeGroup(hours))).toBe("timegroup||hours-id");
    expect(() => smartflo.department(hours as never)).toThrow("smartflo.department() takes a Department (or its id), not another kind of resource");
    expect(() => smartflo.ivr(sales as never)).toThrow("smartflo.ivr() takes an Ivr (or its id), not another kind of resource");
  });

  it("ivr() routes to an Ivr's ivrId while its id is the placeholder of a settled pending create", async () => {
    const settled = simpleIvr("settled", "Settled IVR");
    expect(await valueOf(settled.id)).toBe("pending-0123456789abcdef");
    expect(await valueOf(smartflo.ivr(settled))).toBe("ivr||8001");
  });
});
