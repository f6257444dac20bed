/** A diagram in Graphviz DOT, for `dot -Tpng` or any Graphviz viewer (and for the SVG renderer). */
import type { Diagram, DiagramNodeKind } from "./model";

const STYLES: Record<DiagramNodeKind, string> = {
  number: 'shape=box, style="rounded,filled", fillcolor="#e8f1ff", color="#3b6fd6"',
  ivr: 'shape=hexagon, style=filled, fillcolor="#fff4d6", color="#b98900"',
  person: 'shape=box, style=filled, fillcolor="#e6f6e6", color="#2f8a2f"',
  hours: 'shape=note, style=filled, fillcolor="#f1e9fb", color="#7a4fc2"',
  end: 'shape=box, style="rounded,filled", fillcolor="#f0f0f0", color="#888888"',
  missing: 'shape=box, style="filled,dashed", fillcolor="#ffe5e5", color="#dd0000", fontcolor="#aa0000"',
};

export function toDot(diagram: Diagram): string {
  const lines = [
    "digraph smartflo {",
    "  rankdir=LR;",
    '  graph [fontname="Helvetica", nodesep=0.3, ranksep=0.7];',
    '  node [fontname="Helvetica", fontsize=11, margin="0.15,0.06"];',
    '  edge [fontname="Helvetica", fontsize=10, color="#555555"];',
  ];
  for (const n of diagram.nodes) lines.push(`  ${n.id} [label=${quote(n.label.join("\n"))}, ${STYLES[n.kind]}];`);
  for (const e of diagram.edges) {
    const attrs = [e.label ? `label=${quote(e.label)}` : "", e.fallback ? "style=dashed" : ""].filter(Boolean);
    lines.push(`  ${e.from} -> ${e.to}${attrs.length ? ` [${attrs.join(", ")}]` : ""};`);
  }
  lines.push("}");
  return `${lines.join("\n")}\n`;
}

/** A DOT string: backslashes and quotes escaped, line breaks as \n. */
function quote(s: string): string {
  return `"${s.replace(/\\/g, "\\\\").replace(/"/g, '\\"').replace(/\n/g, "\\n")}"`;
}
