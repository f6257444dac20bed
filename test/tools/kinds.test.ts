/**
 * The tools over definitions of every kind: a number that answers with an IVR, a department
 * (its members ring; a call nobody answers takes its failover), a time group (the call's path
 * ends there: Smartflo decides by the hours). Simulate, show, diagram and lint read one graph.
 */
import { parseDefinitions } from "../../provider/src/definitions";
import { validateDepartment } from "../../provider/src/kinds/department/spec";
import type { AccountSnapshot } from "../../provider/src/tools/account";
import { describer } from "../../provider/src/tools/describe";
import { diagramOf } from "../../provider/src/tools/diagram/model";
import { ToolInputError } from "../../provider/src/tools/errors";
import { buildRoutingGraph } from "../../provider/src/tools/graph";
import { lintAccount, lintDefinitions } from "../../provider/src/tools/lint/lint";
import { formatCallFlows } from "../../provider/src/tools/show";
import { formatCall, simulateCall } from "../../provider/src/tools/simulate";
import { canonical, snapshot } from "./helpers";

const FALLBACKS = `
    invalidInput: { retries: 0, retryRecording: "recording||28934", finalRecording: "recording||28934", destination: "hangup||1" }
    noInput: { retries: 0, retryRecording: "recording||28934", finalRecording: "recording||28934", destination: "hangup||1" }`;

const TEXT = `ivrs:
  main:
    name: Main
    greeting: "recording||28935"
    ringTimeoutSeconds: 10
    options:
      - { key: "1", destination: { department: sales } }
      - { key: "2", destination: { timeGroup: office } }${FALLBACKS}
  after:
    name: After hours
    greeting: "recording||28955"
    ringTimeoutSeconds: 10
    options:
      - { key: "1", destination: "voicemail||301" }
      - { key: "0", destination: "extension||05047530675" }${FALLBACKS}
departments:
  sales:
    name: Sales
    ringStrategy: round_robin
    ringTimeoutSeconds: 20
    members:
      - extension: "05047530000"
      - { extension: "05047539999", ringTimeoutSeconds: 40 }
    failover: { ivr: after }
    musicOnHold: "recording||42240"
timeGroups:
  office:
    name: Office hours
    times: [{ from: "09:00", to: "13:00" }, { from: "14:00", to: "18:00" }]
    days: [mon, tue, wed, thu, fri]
numbers:
  main-line:
    number: "+918069001234"
    destination: { ivr: main }
`;
const SOURCES = [{ file: "ivrs/all.yaml", text: TEXT }];
const defs = parseDefinitions(SOURCES, { onWarning: () => undefined });

describe("simulate with every kind", () => {
  it("starts at a number (by resource name or the number, written any way), and a department ends the call answered", () => {
    for (const number of ["main-line", "+91 80 6900 1234", "918069001234"]) {
      const call = simulateCall(defs, { number, keys: ["1"] });
      expect(call).toMatchObject({ status: "ended", endedAt: 'department sales "Sales"', destination: undefined, ivrs: ['IVR main "Main"'], unusedKeys: [] });
    }
    expect(formatCall(simulateCall(defs, { number: "main-line", keys: ["1"] }))).toEqual([
      "caller dials number +918069001234",
      '  → the number routes to IVR main "Main"',
      'call enters IVR main "Main"',
      "  plays greeting recording||28935",
      "  waits 10 s for a key",
      "  caller presses 1",
      '  → key 1 routes to department sales "Sales"',
      '  rings department sales "Sales"',
      'call ends at department sales "Sales"',
    ]);
  });

  it("'noanswer' follows the department's failover into another IVR, where the keys go on", () => {
    const call = simulateCall(defs, { ivr: "main", keys: ["1", "noanswer", "1"] });
    expect(call).toMatchObject({ status: "ended", destination: "voicemail||301", ivrs: ['IVR main "Main"', 'IVR after "After hours"'], unusedKeys: [] });
    expect(formatCall(call)).toEqual(expect.arrayContaining(["  nobody answers", '  → its failover routes to IVR after "After hours"', "call ends at voicemail||301"]));
  });

  it("ends at a time group (Smartflo decides by the hours), and keeps the keys given after it", () => {
    const call = simulateCall(defs, { ivr: "main", keys: ["2", "noanswer"] });
    expect(call).toMatchObject({ status: "ended", endedAt: 'time group office "Office hours"', unusedKeys: ["noanswer"] });
  });

  it("gives the account's id as the destination when the department is in the account", () => {
    const account: AccountSnapshot = {
      ...snapshot({}),
      departments: [{ id: "20546", department: department("Sales") }],
    };
    const graph = buildRoutingGraph({ definitions: defs, account });
    expect(simulateCall(graph, { ivr: "main", keys: ["1"] })).toMatchObject({ status: "ended", destination: "department||20546" });
  });

  it("refuses 'noanswer' in an IVR, a number that is not there, and both or neither of ivr and number", () => {
    expect(() => simulateCall(defs, { ivr: "main", keys: ["noanswer"] })).toThrow(
      new ToolInputError(`'noanswer' (event 1) is for a call that rings a department, but the call is in IVR main "Main" waiting for a key`),
    );
    expect(() => simulateCall(defs, { number: "+910000", keys: [] })).toThrow(new ToolInputError("no number '+910000' (numbers: number +918069001234)"));
    expect(() => simulateCall(defs, { keys: [] })).toThrow(ToolInputError);
    expect(() => simulateCall(defs, { ivr: "main", number: "main-line", keys: [] })).toThrow(/one of them/);
  });
});

describe("show, diagram and lint with every kind", () => {
  const graph = buildRoutingGraph({ definitions: defs });

  it("show lists each department (who it rings, where an unanswered call goes), each time group's hours and each number's route", () => {
    const lines = formatCallFlows(graph, { describe: describer({ graph }) });
    const from = (heading: string) => lines.slice(lines.indexOf(heading), lines.indexOf("", lines.indexOf(heading)));
    expect(from("  Sales  departments.sales (ivrs/all.yaml:21)")).toEqual([
      "  Sales  departments.sales (ivrs/all.yaml:21)",
      "    rings         round robin: extension 05047530000 (20 s), extension 05047539999 (40 s)",
      '    no answer     → IVR after "After hours"',
      "    hold music    recording 42240",
    ]);
    expect(lines).toContain("    hours         09:00-13:00, 14:00-18:00 on mon tue wed thu fri");
    expect(lines.slice(-2)).toEqual(["  +918069001234  numbers.main-line (ivrs/all.yaml:36)", '    routes to     → IVR main "Main"']);
    expect(lines).toContain("    answers       +918069001234");
  });

  it("diagram draws the department as a person with its failover dashed, the time group with its hours, the number as the way in", () => {
    const d = diagramOf(graph);
    const node = (label: string) => d.nodes.find((n) => n.label[0] === label)!;
    expect(node("Sales")).toMatchObject({ kind: "person", label: ["Sales", "department (departments.sales)"] });
    expect(node("Office hours")).toMatchObject({ kind: "hours", label: ["Office hours", "time group (timeGroups.office)", "09:00-13:00, 14:00-18:00 on mon tue wed thu fri"] });
    expect(node("+918069001234").kind).toBe("number");
    expect(d.edges).toContainEqual({ from: node("Sales").id, to: node("After hours").id, label: "no answer", fallback: true });
    expect(d.edges).toContainEqual({ from: node("+918069001234").id, to: node("Main").id, label: undefined, fallback: false });
  });

  it("lint: the number is the way in, a department is a way to a person, and the failover reaches the IVR behind it", () => {
    expect(lintDefinitions(defs, { sources: SOURCES })).toEqual([]);
  });

  it("lint with the account: a member that is not among the account's agents is an error at its line", () => {
    const account = snapshot({});
    account.lists.recordings!.set("42240", "Hold music");
    expect(lintDefinitions(defs, { sources: SOURCES, account })).toEqual([
      expect.objectContaining({
        rule: "missing-member",
        severity: "error",
        subject: 'department sales "Sales"',
        property: "departments.sales.members[1].extension",
        file: "ivrs/all.yaml",
        line: 27,
        message: "extension||05047539999 is not among the account's agents (GET /v1/users): its calls ring nobody there",
      }),
    ]);
  });

  it("lint: an IVR and a department that route only to each other are no loop without exit (the department rings people)", () => {
    const only = "department||20546";
    const account: AccountSnapshot = {
      ...snapshot({ "8001": canonical("m", { name: "Menu", keys: { "1": only }, invalid: { destination: only }, noInput: { destination: only } }) }),
      departments: [{ id: "20546", department: department("Sales Dept", "ivr||8001") }],
    };
    expect(buildRoutingGraph({ account }).routesFrom("department#20546")).toEqual([expect.objectContaining({ to: { kind: "node", key: "ivr#8001" } })]);
    expect(lintAccount(account).filter((f) => f.rule === "loop-without-exit" || f.rule === "no-way-to-person")).toEqual([]);
  });
});

function department(name: string, failover = "hangup||1") {
  const r = validateDepartment({ name, ringStrategy: "simultaneous", members: [{ extension: "05047530000" }], failover, musicOnHold: "recording||42240" });
  if (!r.ok) throw new Error(JSON.stringify(r.problems));
  return r.value;
}
