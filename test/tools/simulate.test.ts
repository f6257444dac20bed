import { ToolInputError } from "../../provider/src/tools/errors";
import { buildRoutingGraph } from "../../provider/src/tools/graph";
import { formatCall, simulateCall } from "../../provider/src/tools/simulate";
import { canonical, definitions, snapshot } from "./helpers";

const GREETING = "recording||28935";
const INVALID_RETRY = "recording||28955";
const INVALID_FINAL = "recording||28934";
const SILENCE_RETRY = "recording||28977";
const SILENCE_FINAL = "recording||19549";

const set = definitions({
  main: {
    name: "Main",
    keys: { "1": "extension||05047530000", "3": { ivr: "sales" } },
    invalid: { retries: 2, retryRecording: INVALID_RETRY, finalRecording: INVALID_FINAL, destination: "extension||05047530099" },
    noInput: { retries: 1, retryRecording: SILENCE_RETRY, finalRecording: SILENCE_FINAL, destination: "hangup||1" },
  },
  sales: {
    name: "Sales",
    greeting: "recording||244",
    keys: { "1": "department||20546" },
    invalid: { retries: 0, retryRecording: INVALID_RETRY, finalRecording: INVALID_FINAL, destination: "hangup||1" },
  },
}).definitions;

describe("simulateCall", () => {
  it("a key with an option: the greeting, then the destination", () => {
    const call = simulateCall(set, { ivr: "main", keys: ["1"] });
    expect(call).toMatchObject({ status: "ended", destination: "extension||05047530000", played: [GREETING], ivrs: ['IVR main "Main"'], unusedKeys: [] });
  });

  it("retries: 2 gives a caller who presses wrong keys the menu twice more, each after the retry recording, then the final recording and the destination", () => {
    const call = simulateCall(set, { ivr: "main", keys: ["7", "7", "7"] });
    expect(call.played).toEqual([GREETING, INVALID_RETRY, GREETING, INVALID_RETRY, GREETING, INVALID_FINAL]);
    expect(call).toMatchObject({ status: "ended", destination: "extension||05047530099" });
    expect(call.steps.filter((s) => s.type === "retry")).toEqual([
      { type: "retry", fallback: "invalidInput", attempt: 1, retries: 2 },
      { type: "retry", fallback: "invalidInput", attempt: 2, retries: 2 },
      { type: "retry", fallback: "invalidInput", attempt: 3, retries: 2 },
    ]);
  });

  it("a valid key after the retries leaves through its option, not the fallback", () => {
    const call = simulateCall(set, { ivr: "main", keys: ["7", "7", "1"] });
    expect(call.destination).toBe("extension||05047530000");
  });

  it("retries: 0 sends the first wrong key straight to the final recording and the destination", () => {
    const call = simulateCall(set, { ivr: "sales", keys: ["5"] });
    expect(call.played).toEqual(["recording||244", INVALID_FINAL]);
    expect(call.destination).toBe("hangup||1");
  });

  it("counts wrong keys and silences apart (noInput retries: 1 here, while invalidInput allows 2)", () => {
    const call = simulateCall(set, { ivr: "main", keys: ["7", "timeout", "7", "timeout"] });
    expect(call.played).toEqual([GREETING, INVALID_RETRY, GREETING, SILENCE_RETRY, GREETING, INVALID_RETRY, GREETING, SILENCE_FINAL]);
    expect(call).toMatchObject({ status: "ended", destination: "hangup||1" });
  });

  it("starts the counts again in each IVR the call enters, and follows routes by name", () => {
    const call = simulateCall(set, { ivr: "Main", keys: ["7", "7", "3", "1"] });
    expect(call.ivrs).toEqual(['IVR main "Main"', 'IVR sales "Sales"']);
    expect(call.destination).toBe("department||20546");
    // In sales, retries: 0: one wrong key ends the call there, whatever main counted.
    expect(simulateCall(set, { ivr: "main", keys: ["7", "7", "3", "9"] }).destination).toBe("hangup||1");
  });

  it("says the call is waiting when the keys run out in an IVR, and keeps the keys given after the call has left", () => {
    const waiting = simulateCall(set, { ivr: "main", keys: ["7"] });
    expect(waiting.status).toBe("waiting");
    expect(waiting.destination).toBeUndefined();
    expect(simulateCall(set, { ivr: "main", keys: ["1", "2", "timeout"] })).toMatchObject({ status: "ended", unusedKeys: ["2", "timeout"] });
  });

  it("ends at an IVR outside the definitions by its id, and follows it when the account holds it", () => {
    const { definitions: defs } = definitions({ main: { name: "Main", keys: { "1": "ivr||8001" } } });
    expect(simulateCall(defs, { ivr: "main", keys: ["1", "1"] })).toMatchObject({ status: "ended", destination: "ivr||8001", unusedKeys: ["1"] });
    const account = snapshot({ "8001": canonical("other", { name: "Other", keys: { "1": "extension||05047530675" } }) });
    const graph = buildRoutingGraph({ definitions: defs, account });
    expect(simulateCall(graph, { ivr: "main", keys: ["1", "1"] })).toMatchObject({ status: "ended", destination: "extension||05047530675" });
  });

  it("stops at a destination that does not exist", () => {
    const account = snapshot({ "8001": canonical("x", { name: "X", keys: { "1": "ivr||9999" } }) });
    const call = simulateCall(buildRoutingGraph({ account }), { ivr: "8001", keys: ["1"] });
    expect(call).toMatchObject({ status: "missing", reason: "ivr 9999 does not exist in the account" });
  });

  it("refuses an IVR that is not there and an event that is not a key, naming what there is", () => {
    expect(() => simulateCall(set, { ivr: "salse", keys: [] })).toThrow(new ToolInputError('no IVR \'salse\' (IVRs: IVR main "Main", IVR sales "Sales")'));
    expect(() => simulateCall(set, { ivr: "main", keys: ["11"] })).toThrow(/'11' is not a key press: use one of 0 1 2 3 4 5 6 7 8 9 \* #, 'timeout' for a caller who presses nothing, or 'noanswer' for a department nobody answers/);
  });

  it("prints each recording, each key and where the call ends", () => {
    const lines = formatCall(simulateCall(set, { ivr: "main", keys: ["timeout", "3", "1"] }));
    expect(lines).toEqual([
      'call enters IVR main "Main"',
      "  plays greeting recording||28935",
      "  waits 30 s for a key",
      "  caller presses nothing for 30 s",
      "  no key 1: retry 1 of 1",
      "  plays noInput.retryRecording recording||28977",
      "  plays greeting recording||28935",
      "  waits 30 s for a key",
      "  caller presses 3",
      '  → key 3 routes to IVR sales "Sales"',
      'call enters IVR sales "Sales"',
      "  plays greeting recording||244",
      "  waits 30 s for a key",
      "  caller presses 1",
      "  → key 1 routes to department||20546",
      "call ends at department||20546",
    ]);
  });
});
