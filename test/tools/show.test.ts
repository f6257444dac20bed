import { describer } from "../../provider/src/tools/describe";
import { buildRoutingGraph } from "../../provider/src/tools/graph";
import { formatCallFlows } from "../../provider/src/tools/show";
import { canonical, definitions, snapshot } from "./helpers";

describe("formatCallFlows", () => {
  it("lists each IVR as a caller meets it, with the account's names and the numbers that answer with it, then each number's route", () => {
    const { definitions: defs } = definitions({
      main: { name: "Main", keys: { "1": "extension||05047530000", "2": { ivr: "sales" } }, invalid: { retries: 1 } },
      sales: { name: "Sales", keys: { "1": "department||20546" } },
    });
    defs[0]!.args.options[0]!.smsTemplateId = "35642";
    const account = snapshot({ "8001": canonical("m", { name: "Main" }) }, [{ id: "101", did: "+918069001234", name: "Main line", destination: "ivr||8001" }]);
    const graph = buildRoutingGraph({ definitions: defs, account });
    expect(formatCallFlows(graph, { describe: describer({ graph, lists: account.lists }) })).toEqual([
      "",
      "  Main  ivrs.main (ivrs/main.yaml:2), id 8001",
      '    greeting      recording 28935 "Support welcome", then waits 30 s for a key',
      '    press 1       → extension 05047530000 "Asha Rao"  (+ SMS template 35642)',
      '    press 2       → IVR sales "Sales"',
      '    wrong key     → 1 retry with recording 28955 "Invalid option", then recording 28934 "Sorry, goodbye" → hang up',
      '    no key        → 2 retries with recording 28977 "Please make a selection", then recording 28955 "Invalid option" → extension 05047530675 "Meera Iyer"',
      '    answers       +918069001234 "Main line"',
      "",
      "  Sales  ivrs.sales (ivrs/sales.yaml:2)",
      '    greeting      recording 28935 "Support welcome", then waits 30 s for a key',
      '    press 1       → department 20546 "Sales Dept"',
      '    wrong key     → 2 retries with recording 28955 "Invalid option", then recording 28934 "Sorry, goodbye" → hang up',
      '    no key        → 2 retries with recording 28977 "Please make a selection", then recording 28955 "Invalid option" → extension 05047530675 "Meera Iyer"',
      "",
      "  +918069001234  id 101  — Main line",
      '    routes to     → IVR main "Main"',
    ]);
  });

  it("shows a destination that does not exist as missing, and ids without names when there is no account", () => {
    const graph = buildRoutingGraph({ account: snapshot({ "8001": canonical("x", { name: "X", keys: { "1": "ivr||9999" } }) }) });
    const lines = formatCallFlows(graph);
    expect(lines).toContain("    press 1       → (missing: ivr 9999 does not exist in the account)");
    expect(lines).toContain("  X  id 8001");
  });
});
