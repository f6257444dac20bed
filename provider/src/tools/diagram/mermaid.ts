/** A diagram as a Mermaid flowchart, which GitHub renders in Markdown (```mermaid blocks). */
import type { Diagram, DiagramNodeKind } from "./model";

const SHAPES: Record<DiagramNodeKind, [string, string]> = {
  number: ['(["', '"])'],
  ivr: ['{{"', '"}}'],
  person: ['["', '"]'],
  hours: ['[["', '"]]'],
  end: ['(["', '"])'],
  missing: ['[/"', '"/]'],
};

export function toMermaid(diagram: Diagram): string {
  const lines = ["flowchart LR"];
  for (const n of diagram.nodes) {
    const [open, close] = SHAPES[n.kind];
    lines.push(`  ${n.id}${open}${n.label.map(text).join("<br/>")}${close}`);
  }
  for (const e of diagram.edges) {
    const arrow = e.fallback ? "-.->" : "-->";
    lines.push(`  ${e.from} ${arrow}${e.label ? `|"${text(e.label)}"|` : ""} ${e.to}`);
  }
  for (const kind of ["number", "ivr", "person", "hours", "end", "missing"] as const) {
    const members = diagram.nodes.filter((n) => n.kind === kind).map((n) => n.id);
    // Class names of their own: `end` is a Mermaid keyword.
    if (members.length) lines.push(`  class ${members.join(",")} c${kind[0]!.toUpperCase()}${kind.slice(1)}`);
  }
  lines.push(
    "  classDef cNumber fill:#e8f1ff,stroke:#3b6fd6",
    "  classDef cIvr fill:#fff4d6,stroke:#b98900",
    "  classDef cPerson fill:#e6f6e6,stroke:#2f8a2f",
    "  classDef cHours fill:#f1e9fb,stroke:#7a4fc2",
    "  classDef cEnd fill:#f0f0f0,stroke:#888",
    "  classDef cMissing fill:#ffe5e5,stroke:#d00,color:#a00",
  );
  return `${lines.join("\n")}\n`;
}

/** Text inside a quoted Mermaid label: its entity codes for what would end or break the label. */
function text(s: string): string {
  return s.replace(/#/g, "#35;").replace(/"/g, "#quot;").replace(/</g, "#lt;").replace(/>/g, "#gt;");
}
