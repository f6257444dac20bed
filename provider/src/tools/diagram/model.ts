/**
 * What a diagram draws, whatever the output format: the numbers, the IVRs, and where their routes
 * lead (numbers -> IVRs -> options -> destinations, the wrong-key and no-key paths included).
 * A destination reached from several places (one extension, one department) is drawn once; a
 * hang-up is drawn beside each IVR that uses it, and a missing destination beside its route.
 */
import { formatRef } from "../../core/refs";
import { Describe, describer } from "../describe";
import { RoutingGraph, Route } from "../graph";

export type DiagramNodeKind = "number" | "ivr" | "person" | "end" | "missing";

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
  /** A fallback (wrong key, no key): drawn dashed. */
  fallback: boolean;
}

export interface Diagram {
  nodes: DiagramNode[];
  edges: DiagramEdge[];
}

const PERSON_TYPES = new Set(["extension", "agent", "department"]);

export function diagramOf(graph: RoutingGraph, describe: Describe = describer({ graph })): Diagram {
  const nodes: DiagramNode[] = [];
  const edges: DiagramEdge[] = [];
  const ids = new Map<string, string>();
  const counters: Record<string, number> = {};
  const add = (key: string, kind: DiagramNodeKind, label: string[]): string => {
    let id = ids.get(key);
    if (!id) {
      const prefix = { number: "n", ivr: "i", person: "d", end: "e", missing: "x" }[kind];
      id = `${prefix}${(counters[prefix] = (counters[prefix] ?? 0) + 1)}`;
      ids.set(key, id);
      nodes.push({ id, kind, label });
    }
    return id;
  };
  for (const n of graph.ivrs()) {
    const which = n.origin.source === "definitions" ? `ivrs.${n.origin.resourceName}` : `id ${n.id}`;
    add(n.key, "ivr", [n.name, n.origin.source === "definitions" && n.id ? `${which}, id ${n.id}` : which]);
  }
  for (const n of graph.numbers()) {
    if (graph.routesFrom(n.key).length) add(n.key, "number", [n.did ?? `number ${n.id}`, ...(n.name ? [n.name] : [])]);
  }
  for (const route of graph.routes) {
    const from = ids.get(route.from);
    if (!from) continue;
    const to = targetNode(route, add, describe);
    edges.push({ from, to, label: edgeLabel(route, graph), fallback: route.via === "invalidInput" || route.via === "noInput" });
  }
  return { nodes, edges };
}

function targetNode(route: Route, add: (key: string, kind: DiagramNodeKind, label: string[]) => string, describe: Describe): string {
  const t = route.to;
  if (t.kind === "node") return add(t.key, "ivr", []);
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
  const node = graph.node(route.from);
  const retries = node?.kind === "ivr" ? node.ivr[route.via].retries : 0;
  const what = route.via === "invalidInput" ? "wrong key" : "no key";
  return retries ? `${what} (after ${retries} ${retries === 1 ? "retry" : "retries"})` : what;
}
