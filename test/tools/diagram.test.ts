import { toDot } from "../../provider/src/tools/diagram/dot";
import { toMermaid } from "../../provider/src/tools/diagram/mermaid";
import { diagramOf } from "../../provider/src/tools/diagram/model";
import { toSvg } from "../../provider/src/tools/diagram/svg";
import { describer } from "../../provider/src/tools/describe";
import { buildRoutingGraph } from "../../provider/src/tools/graph";
import { canonical, definitions, snapshot } from "./helpers";

const { definitions: defs } = definitions({
  main: { name: 'Main "Menu"', keys: { "1": "extension||05047530000", "#": { ivr: "sales" } }, invalid: { retries: 1 }, noInput: { retries: 0, retryRecording: "recording||28955", finalRecording: "recording||28955", destination: "hangup||1" } },
  sales: { name: "Sales", keys: { "1": "department||20546", "2": "extension||05047530000" } },
});
const account = snapshot({ "8001": canonical("m", { name: 'Main "Menu"' }) }, [{ id: "101", did: "+918069001234", name: "Main line", destination: "ivr||8001" }]);
const graph = buildRoutingGraph({ definitions: defs, account });
const diagram = diagramOf(graph, describer({ graph, lists: account.lists }));

describe("diagramOf", () => {
  it("draws numbers -> IVRs -> destinations, one node per person, a hang-up per IVR, fallbacks dashed with their retries", () => {
    const label = (id: string) => diagram.nodes.find((n) => n.id === id)!.label.join(" / ");
    const edges = diagram.edges.map((e) => `${label(e.from)} -${e.fallback ? "." : ""}${e.label ?? ""}-> ${label(e.to)}`);
    expect(edges).toEqual([
      'Main "Menu" / ivrs.main, id 8001 -1-> extension 05047530000 / Asha Rao',
      'Main "Menu" / ivrs.main, id 8001 -#-> Sales / ivrs.sales',
      'Main "Menu" / ivrs.main, id 8001 -.wrong key (after 1 retry)-> hang up',
      'Main "Menu" / ivrs.main, id 8001 -.no key-> hang up',
      "Sales / ivrs.sales -1-> department 20546 / Sales Dept",
      "Sales / ivrs.sales -2-> extension 05047530000 / Asha Rao",
      "Sales / ivrs.sales -.wrong key (after 2 retries)-> hang up",
      "Sales / ivrs.sales -.no key (after 2 retries)-> extension 05047530675 / Meera Iyer",
      '+918069001234 / Main line --> Main "Menu" / ivrs.main, id 8001',
    ]);
    // Asha Rao is one node, reached twice; each IVR has its own hang-up.
    expect(diagram.nodes.filter((n) => n.label[1] === "Asha Rao")).toHaveLength(1);
    expect(diagram.nodes.filter((n) => n.label[0] === "hang up")).toHaveLength(2);
  });
});

describe("toMermaid", () => {
  it("writes a flowchart GitHub renders, with quotes and # as entity codes and dashed fallbacks", () => {
    const text = toMermaid(diagram);
    expect(text.split("\n")[0]).toBe("flowchart LR");
    expect(text).toContain('i1{{"Main #quot;Menu#quot;<br/>ivrs.main, id 8001"}}');
    expect(text).toContain('i1 -->|"#35;"| i2');
    expect(text).toMatch(/i1 -\.->\|"wrong key \(after 1 retry\)"\| e1/);
    expect(text).toContain('n1(["+918069001234<br/>Main line"])');
    expect(text).toContain("  n1 --> i1");
    expect(text).not.toMatch(/classDef end\b/); // `end` is a Mermaid keyword
  });
});

describe("toDot", () => {
  it("writes DOT with escaped labels and dashed fallbacks", () => {
    const text = toDot(diagram);
    expect(text).toMatch(/^digraph smartflo \{\n  rankdir=LR;/);
    expect(text).toContain('i1 [label="Main \\"Menu\\"\\nivrs.main, id 8001", shape=hexagon');
    expect(text).toContain('i1 -> e1 [label="wrong key (after 1 retry)", style=dashed];');
    expect(text).toContain("n1 -> i1;");
  });
});

describe("toSvg", () => {
  it("lays the diagram out in-process with Graphviz in WebAssembly: an SVG with every node's label", async () => {
    const svg = await toSvg(diagram);
    expect(svg).toMatch(/^<\?xml[\s\S]*<svg [\s\S]*<\/svg>\s*$/);
    for (const text of ["Main &quot;Menu&quot;", "Sales Dept", "+918069001234", "wrong key (after 1 retry)"]) expect(svg).toContain(text);
    expect(svg.match(/class="node"/g)).toHaveLength(diagram.nodes.length);
    expect(svg.match(/class="edge"/g)).toHaveLength(diagram.edges.length);
  });
});
