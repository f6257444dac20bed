/**
 * The call-flow listing: each IVR as a caller meets it (greeting, keys, wrong key, no key, the
 * numbers that answer with it), from definitions or from an account. `smartflo show` prints it,
 * and `npm run demo` shows the demo account with it.
 */
import { formatRef } from "../core/refs";
import { Describe, describer } from "./describe";
import { IvrNode, RoutingGraph, Target, describeNode } from "./graph";

/** How text is emphasised (ANSI styles on a terminal; nothing by default). */
export interface Styles {
  bold(s: string): string;
  dim(s: string): string;
  name(s: string): string;
}

const PLAIN: Styles = { bold: (s) => s, dim: (s) => s, name: (s) => s };

export interface ShowOptions {
  describe?: Describe;
  styles?: Styles;
}

/** The listing, one line per element. */
export function formatCallFlows(graph: RoutingGraph, options: ShowOptions = {}): string[] {
  const describe = options.describe ?? describer({ graph });
  const st = options.styles ?? PLAIN;
  const target = (t: Target): string =>
    t.kind === "node" ? describeNode(graph.node(t.key)!) : t.kind === "external" ? describe(formatRef(t.ref.type, t.ref.id)) : `(missing: ${t.reason})`;
  const plural = (n: number, one: string, many: string) => `${n} ${n === 1 ? one : many}`;
  const lines: string[] = [];
  for (const node of graph.ivrs()) {
    const ivr = node.ivr;
    lines.push("");
    const description = ivr.description && ivr.description !== ivr.name ? `  ${st.dim(`— ${ivr.description}`)}` : "";
    lines.push(`  ${st.bold(st.name(ivr.name))}  ${st.dim(where(node))}${description}`);
    lines.push(`    greeting      ${describe(ivr.greeting)}, then waits ${ivr.ringTimeoutSeconds} s for a key`);
    const routes = graph.routesFrom(node.key);
    ivr.options.forEach((o, i) => {
      const route = routes.find((r) => r.via === "option" && r.property[1] === i)!;
      const sms = o.smsTemplateId ? st.dim(`  (+ SMS template ${o.smsTemplateId})`) : "";
      lines.push(`    press ${String(o.key).padEnd(7)} → ${target(route.to)}${sms}`);
    });
    for (const [which, label] of [["invalidInput", "wrong key"], ["noInput", "no key"]] as const) {
      const f = ivr[which];
      const route = routes.find((r) => r.via === which)!;
      lines.push(
        `    ${label.padEnd(13)} → ${plural(f.retries, "retry", "retries")} with ${describe(f.retryRecording)}, ` +
          `then ${describe(f.finalRecording)} → ${target(route.to)}`,
      );
    }
    for (const r of graph.routesTo(node.key)) {
      const from = graph.node(r.from)!;
      if (from.kind === "number") lines.push(`    answers       ${from.did ?? from.id}${from.name ? ` ${st.dim(`"${from.name}"`)}` : ""}`);
    }
  }
  return lines;
}

/** `ivrs.support (ivrs/support.yaml:3), id 8001` or `id 8001`. */
function where(node: IvrNode): string {
  const parts: string[] = [];
  if (node.origin.source === "definitions") {
    parts.push(`ivrs.${node.origin.resourceName} (${node.origin.file}${node.origin.line ? `:${node.origin.line}` : ""})`);
  }
  if (node.id !== undefined) parts.push(`id ${node.id}`);
  return parts.join(", ");
}
