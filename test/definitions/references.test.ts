/**
 * Routes between definitions by resource name: `destination: { ivr: sales }`. Unknown names and
 * loops are errors before anything is declared.
 */
import { ivrYaml, lineOf, load, loadError } from "./helpers";

const routeTo = (target: string, key = "3") => `      - key: 1\n        destination: extension||05047530000\n      - key: ${key}\n        destination: { ivr: ${target} }`;

describe("references between definitions", () => {
  it("keeps a route to another IVR of the set as { ivr: <name> } and lists it in references", () => {
    const defs = load({
      "support.yaml": `ivrs:\n  support:${ivrYaml("Support IVR", { options: routeTo("sales") })}`,
      "sales.yaml": `ivrs:\n  sales:${ivrYaml("Sales IVR")}`,
    });
    const support = defs.find((d) => d.resourceName === "support")!;
    expect(support.args.options[1]).toEqual({ key: "3", destination: { ivr: "sales" } });
    expect(support.references).toEqual(["sales"]);
  });

  it("accepts references in fallbacks and in block style, listing each target once", () => {
    const body = ivrYaml("Main", { options: routeTo("sales") })
      .replace("      destination: hangup||1", "      destination:\n        ivr: sales")
      .replace("      destination: extension||05047530675", "      destination: { ivr: support }");
    const [main] = load({ "x.yaml": `ivrs:\n  main:${body}  sales:${ivrYaml("Sales IVR")}  support:${ivrYaml("Support IVR")}` });
    expect(main!.args.invalidInput.destination).toEqual({ ivr: "sales" });
    expect(main!.args.noInput.destination).toEqual({ ivr: "support" });
    expect(main!.references).toEqual(["sales", "support"]);
  });

  it("rejects a reference to an unknown name, naming file, line and property, with a suggestion", () => {
    const text = `ivrs:\n  support:${ivrYaml("Support IVR", { options: routeTo("salse") })}`;
    const err = loadError({ "ivrs/support.yaml": text, "ivrs/sales.yaml": `ivrs:\n  sales:${ivrYaml("Sales IVR")}` });
    expect(err.problems).toEqual([
      {
        file: "ivrs/support.yaml",
        line: lineOf(text, "{ ivr: salse }"),
        column: 29,
        property: "ivrs.support.options[1].destination.ivr",
        reason: "no IVR named 'salse' in these definitions (did you mean 'sales'?); defined: support, sales",
      },
    ]);
  });

  it("reports an unknown name even when the same IVR has other problems", () => {
    const text = `ivrs:\n  support:${ivrYaml("Support IVR", { options: routeTo("nowhere", "33") })}`;
    const props = loadError({ "x.yaml": text }).problems.map((p) => p.property);
    expect(props).toEqual(["ivrs.support.options[1].key", "ivrs.support.options[1].destination.ivr"]);
  });

  it("rejects two IVRs that route to each other by name, and says how to break the loop", () => {
    const text = `ivrs:\n  a:${ivrYaml("A", { options: routeTo("b") })}  b:${ivrYaml("B", { options: routeTo("a") })}`;
    const [problem, ...rest] = loadError({ "loop.yaml": text }).problems;
    expect(rest).toEqual([]);
    expect(problem).toMatchObject({ file: "loop.yaml", line: lineOf(text, "destination: { ivr: b }"), property: "ivrs.a.options[1].destination" });
    expect(problem!.reason).toMatch(/^reference loop a -> b -> a: Pulumi creates an IVR before the IVRs that route to it/);
    expect(problem!.reason).toMatch(/Route one step of the loop by Smartflo id instead/);
  });

  it("rejects longer loops and an IVR that routes to itself", () => {
    const three = `ivrs:\n  a:${ivrYaml("A", { options: routeTo("b") })}  b:${ivrYaml("B", { options: routeTo("c") })}  c:${ivrYaml("C", { options: routeTo("a") })}`;
    expect(loadError({ "x.yaml": three }).problems.map((p) => p.reason.split(":")[0])).toEqual(["reference loop a -> b -> c -> a"]);
    const self = `ivrs:\n  a:${ivrYaml("A", { options: routeTo("a") })}`;
    expect(loadError({ "x.yaml": self }).problems[0]!.reason).toMatch(/^IVR 'a' routes to itself by name/);
  });

  it("accepts chains and diamonds (no loop)", () => {
    const text =
      `ivrs:\n  top:${ivrYaml("Top", { options: `${routeTo("left")}\n      - key: 4\n        destination: { ivr: right }` })}` +
      `  left:${ivrYaml("Left", { options: routeTo("bottom") })}  right:${ivrYaml("Right", { options: routeTo("bottom") })}` +
      `  bottom:${ivrYaml("Bottom")}`;
    expect(load({ "x.yaml": text }).map((d) => [d.resourceName, d.references])).toEqual([
      ["top", ["left", "right"]],
      ["left", ["bottom"]],
      ["right", ["bottom"]],
      ["bottom", []],
    ]);
  });

  it("explains the forms that look like a reference by name but are not", () => {
    const opts = (dest: string) => `      - key: 1\n        destination: ${dest}`;
    const reason = (dest: string) =>
      loadError({ "x.yaml": `ivrs:\n  x:${ivrYaml("X", { options: opts(dest) })}  sales:${ivrYaml("Sales IVR")}` }).problems[0]!.reason;
    expect(reason("ivr||sales")).toBe(
      "'ivr||sales' names an IVR by Smartflo id, and ids are numbers; to route to the IVR defined as 'sales', write `{ ivr: sales }`",
    );
    expect(reason("ivr:sales")).toBe("to route to the IVR defined as 'sales', write `{ ivr: sales }`");
    expect(reason("{ ivr: sales, key: 1 }")).toMatch(/is written `\{ ivr: <resource name> \}`/);
    expect(reason("{ ivr: [sales] }")).toMatch(/is written `\{ ivr: <resource name> \}`/);
  });

  it("still accepts a route to an IVR outside the set by its Smartflo id", () => {
    const [x] = load({ "x.yaml": `ivrs:\n  x:${ivrYaml("X", { options: "      - key: 1\n        destination: ivr|8001" })}` });
    expect(x!.args.options[0]!.destination).toBe("ivr||8001");
    expect(x!.references).toEqual([]);
  });
});
