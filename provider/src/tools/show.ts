/**
 * The call-flow listing: each IVR as a caller meets it (greeting, keys, wrong key, no key, the
 * numbers that answer with it), each department (who it rings, where a call nobody answers
 * goes), each time group's hours and each number's route, from definitions or from an account. `smartflo show` prints it,
 * and `npm run demo` shows the demo account with it.
 */
import { formatRef } from "../core/refs";
import { Describe, describer } from "./describe";
import type { TimeGroup } from "../kinds/time-group/spec";
import { RoutingGraph, RoutingNode, SECTION_OF, Target, describeNode } from "./graph";

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

/** The listing, one line per element: IVRs, then departments, time groups and numbers. */
export function formatCallFlows(graph: RoutingGraph, options: ShowOptions = {}): string[] {
  const describe = options.describe ?? describer({ graph });
  const st = options.styles ?? PLAIN;
  const target = (t: Target): string =>
    t.kind === "node" ? describeNode(graph.node(t.key)!) : t.kind === "external" ? describe(formatRef(t.ref.type, t.ref.id)) : `(missing: ${t.reason})`;
  const plural = (n: number, one: string, many: string) => `${n} ${n === 1 ? one : many}`;
  const lines: string[] = [];
  const heading = (name: string, node: RoutingNode, description?: string) => {
    lines.push("");
    const more = description && description !== name ? `  ${st.dim(`— ${description}`)}` : "";
    lines.push(`  ${st.bold(st.name(name))}  ${st.dim(where(node))}${more}`);
  };
  /** The numbers that answer with a node. */
  const answers = (node: RoutingNode) => {
    for (const r of graph.routesTo(node.key)) {
      const from = graph.node(r.from)!;
      if (from.kind === "number") lines.push(`    answers       ${from.did ?? from.id}${from.name ? ` ${st.dim(`"${from.name}"`)}` : ""}`);
    }
  };

  for (const node of graph.ivrs()) {
    const ivr = node.ivr;
    heading(ivr.name, node, ivr.description);
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
    answers(node);
  }

  for (const node of graph.departments()) {
    const d = node.department;
    heading(d.name, node, d.description);
    const members = d.members.map((m) => `${describe(m.extension)} (${m.ringTimeoutSeconds ?? d.ringTimeoutSeconds} s)`);
    lines.push(`    rings         ${d.ringStrategy.replace(/_/g, " ")}: ${members.join(", ")}`);
    const failover = graph.routesFrom(node.key).find((r) => r.via === "failover");
    if (failover) lines.push(`    no answer     → ${target(failover.to)}`);
    lines.push(`    hold music    ${describe(d.musicOnHold)}`);
    if (d.stickyAgent) lines.push(`    sticky agent  the caller's last agent, for ${d.stickyAgent.hours !== undefined ? plural(d.stickyAgent.hours, "hour", "hours") : plural(d.stickyAgent.days!, "day", "days")}`);
    answers(node);
  }

  for (const node of graph.timeGroups()) {
    heading(node.name, node);
    lines.push(`    hours         ${hoursOf(node.timeGroup)}`);
  }

  for (const node of graph.numbers()) {
    heading(node.did ?? `number ${node.id}`, node, node.name);
    const routing = graph.routesFrom(node.key)[0];
    lines.push(`    routes to     ${routing ? `→ ${target(routing.to)}` : "nowhere"}`);
  }
  return lines;
}

/** A time group's hours in words: `09:00-13:00, 14:00-18:00 on mon tue wed thu fri`. */
export function hoursOf(t: TimeGroup): string {
  const ranges = t.times.map((r) => `${r.from}-${r.to}`).join(", ");
  const filters = [
    t.days?.length ? `on ${t.days.join(" ")}` : "every day",
    t.dates?.length ? `dates ${t.dates.join(" ")}` : "",
    t.months?.length ? `in ${t.months.join(" ")}` : "",
  ].filter(Boolean);
  return `${ranges} ${filters.join(", ")}`;
}

/** `ivrs.support (ivrs/support.yaml:3), id 8001` or `id 8001`. */
function where(node: RoutingNode): string {
  const parts: string[] = [];
  if (node.origin.source === "definitions") {
    parts.push(`${SECTION_OF[node.kind]}.${node.origin.resourceName} (${node.origin.file}${node.origin.line ? `:${node.origin.line}` : ""})`);
  }
  if (node.id !== undefined) parts.push(`id ${node.id}`);
  return parts.join(", ");
}
