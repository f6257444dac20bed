/**
 * What a diagram draws, whatever the output format: the numbers, the IVRs, the departments and
 * time groups, and where their routes lead (numbers -> IVRs -> options -> destinations, the
 * wrong-key and no-key paths and a department's failover included). A destination reached from
 * several places (one extension, one department) is drawn once; a hang-up is drawn beside each
 * node that uses it, and a missing destination beside its route.
 */
import { formatRef } from "../../core/refs";
import { Describe, describer } from "../describe";
import { RoutingGraph, RoutingNode, Route, SECTION_OF } from "../graph";
import { hoursOf } from "../show";

export type DiagramNodeKind = "number" | "ivr" | "person" | "hours" | "end" | "missing";

export interface DiagramNode {
  id: string;
  kind: DiagramNodeKind;
  /** Lines of its label. */
  label: string[];
}

export interface DiagramEdge {
  from: string;
  to: string;
  label?: string;
  /** A fallback (wrong key, no key, no answer): drawn dashed. */
  fallback: boolean;
}

export interface Diagram {
  nodes: DiagramNode[];
  edges: DiagramEdge[];
}

const PERSON_TYPES = new Set(["extension", "agent", "department"]);
const PREFIXES: Record<DiagramNodeKind, string> = { number: "n", ivr: "i", person: "d", hours: "t", end: "e", missing: "x" };

type Add = (key: string, kind: DiagramNodeKind, label: string[]) => string;

export function diagramOf(graph: RoutingGraph, describe: Describe = describer({ graph })): Diagram {
  const nodes: DiagramNode[] = [];
  const edges: DiagramEdge[] = [];
  const ids = new Map<string, string>();
  const counters: Record<string, number> = {};
  const add: Add = (key, kind, label) => {
    let id = ids.get(key);
    if (!id) {
      const prefix = PREFIXES[kind];
      id = `${prefix}${(counters[prefix] = (counters[prefix] ?? 0) + 1)}`;
      ids.set(key, id);
      nodes.push({ id, kind, label });
    }
    return id;
  };
  // What the picture is about: every IVR; departments and time groups defined, or routed to or
  // from; numbers that route somewhere.
  const drawn = (n: RoutingNode) =>
    n.kind === "ivr" || (n.kind !== "number" && n.origin.source === "definitions") || graph.routesFrom(n.key).length > 0 || graph.routesTo(n.key).length > 0;
  for (const n of [...graph.ivrs(), ...graph.departments(), ...graph.timeGroups()]) if (drawn(n)) add(n.key, kindOf(n), labelOf(n));
  for (const n of graph.numbers()) if (graph.routesFrom(n.key).length) add(n.key, "number", labelOf(n));
  for (const route of graph.routes) {
    const from = ids.get(route.from);
    if (!from) continue;
    const to = targetNode(route, graph, add, describe);
    edges.push({ from, to, label: edgeLabel(route, graph), fallback: route.via !== "option" && route.via !== "routing" });
  }
  return { nodes, edges };
}

function kindOf(n: RoutingNode): DiagramNodeKind {
  return n.kind === "department" ? "person" : n.kind === "timegroup" ? "hours" : n.kind;
}

function labelOf(n: RoutingNode): string[] {
  if (n.kind === "number") return [n.did ?? `number ${n.id}`, ...(n.name ? [n.name] : [])];
  const which = n.origin.source === "definitions" ? `${SECTION_OF[n.kind]}.${n.origin.resourceName}` : `id ${n.id}`;
  const where = n.origin.source === "definitions" && n.id ? `${which}, id ${n.id}` : which;
  switch (n.kind) {
    case "ivr":
      return [n.name, where];
    case "department":
      return [n.name, `department (${where})`];
    case "timegroup":
      return [n.name, `time group (${where})`, hoursOf(n.timeGroup)];
  }
}

function targetNode(route: Route, graph: RoutingGraph, add: Add, describe: Describe): string {
  const t = route.to;
  if (t.kind === "node") {
    const node = graph.node(t.key)!;
    return add(t.key, kindOf(node), labelOf(node));
  }
  if (t.kind === "missing") return add(`missing ${route.from} ${route.property.join(".")}`, "missing", ["missing", t.reason]);
  const ref = formatRef(t.ref.type, t.ref.id);
  if (t.ref.type === "hangup") return add(`hangup ${route.from}`, "end", ["hang up"]);
  const words = describe(ref);
  const name = /^(.*?) "(.*)"$/.exec(words);
  return add(ref, PERSON_TYPES.has(t.ref.type) ? "person" : "end", name ? [name[1]!, name[2]!] : [words]);
}

function edgeLabel(route: Route, graph: RoutingGraph): string | undefined {
  if (route.via === "option") return route.key;
  if (route.via === "routing") return undefined;
  if (route.via === "failover") return "no answer";
  const node = graph.node(route.from);
  const retries = node?.kind === "ivr" ? node.ivr[route.via].retries : 0;
  const what = route.via === "invalidInput" ? "wrong key" : "no key";
  return retries ? `${what} (after ${retries} ${retries === 1 ? "retry" : "retries"})` : what;
}
