/**
 * The lint rules: what a routing graph can say is wrong before a caller finds out. Each rule
 * reads the graph and reports on its subjects (the definitions being linted, or every object of
 * an account); errors are what breaks calls, warnings what is likely a mistake.
 */
import type { Path } from "../../core/problems";
import { FoundReference, findReferences } from "../../core/walk";
import { DEPARTMENT_SPEC } from "../../kinds/department/spec";
import { DTMF_KEYS, IVR_SPEC } from "../../kinds/ivr/spec";
import { existsInAccount } from "../account";
import type { AccountSnapshot } from "../account";
import { IvrNode, RoutingGraph, RoutingNode, Route, describeNode, describeRoute, ringsPeople } from "../graph";

export type Severity = "error" | "warning";

export const RULES = {
  "loop-without-exit": { severity: "error", summary: "IVRs that route only to each other: a caller who enters never leaves" },
  "missing-destination": { severity: "error", summary: "a destination that does not exist (in the definitions, or in the account)" },
  "missing-recording": { severity: "error", summary: "a recording that is not in the account's recordings (checked with the account)" },
  "missing-member": { severity: "error", summary: "a department member that is not among the account's agents (checked with the account)" },
  "unreachable-ivr": { severity: "warning", summary: "an IVR that no number and no IVR routes to" },
  "unreachable-option": { severity: "warning", summary: "a way through an IVR that no caller can take" },
  "unused-retry-recording": { severity: "warning", summary: "retries: 0 with a retry recording that is never played" },
  "fallback-loop": { severity: "warning", summary: "no-key fallbacks that go round in a loop: a silent caller is never released" },
  "no-way-to-person": { severity: "warning", summary: "an IVR from which no path reaches a person (extension, agent or department)" },
  "short-timeout": { severity: "warning", summary: "less than 3 seconds to press a key" },
  "many-retries": { severity: "warning", summary: "more than 5 retries: callers hear the menu again and again" },
  "number-routes-nowhere": { severity: "warning", summary: "a number of the account with no destination" },
} as const satisfies Record<string, { severity: Severity; summary: string }>;

export type RuleId = keyof typeof RULES;

/** A finding before it is placed in a file: the node and the property (within it) it is about. */
export interface RawFinding {
  rule: RuleId;
  node: string;
  property?: Path;
  message: string;
}

export interface RuleContext {
  graph: RoutingGraph;
  /** The nodes findings are reported on. */
  subjects: ReadonlySet<string>;
  /** Entry IVRs named by the user (numbers answer with them), as node keys. */
  entries: ReadonlySet<string>;
  account?: AccountSnapshot;
}

type Rule = (ctx: RuleContext) => RawFinding[];

/** Destination types that ring a person. */
const PERSON_TYPES = new Set(["extension", "agent", "department"]);
const SHORT_TIMEOUT_SECONDS = 3;
const MANY_RETRIES = 5;

const ivrSubjects = (ctx: RuleContext): IvrNode[] =>
  ctx.graph.ivrs().filter((n) => ctx.subjects.has(n.key));

const loopWithoutExit: Rule = (ctx) => {
  const out: RawFinding[] = [];
  for (const component of loops(ctx.graph, () => true)) {
    // A department in the loop rings people: a caller who reaches it is answered.
    if (component.some((k) => ringsPeople(ctx.graph.node(k)!))) continue;
    const members = new Set(component);
    const exits = component.flatMap((k) => ctx.graph.routesFrom(k)).filter((r) => !(r.to.kind === "node" && members.has(r.to.key)) && r.to.kind !== "missing");
    if (exits.length > 0) continue;
    const subject = component.find((k) => ctx.subjects.has(k));
    if (!subject) continue;
    const names = component.map((k) => describeNode(ctx.graph.node(k)!));
    const first = ctx.graph.routesFrom(subject)[0];
    out.push({
      rule: "loop-without-exit",
      node: subject,
      property: first?.property,
      message:
        component.length === 1
          ? "every option and both fallbacks route back to this IVR: a caller who enters it can never leave (give one of them a way out: a person, voicemail or hangup||1)"
          : `${names.join(", ")} route only to each other: a caller who enters any of them can never leave (give one option or fallback a way out: a person, voicemail or hangup||1)`,
    });
  }
  return out;
};

const missingDestination: Rule = (ctx) =>
  ctx.graph.routes
    .filter((r) => ctx.subjects.has(r.from) && r.to.kind === "missing")
    .map((r) => ({
      rule: "missing-destination" as const,
      node: r.from,
      property: r.property,
      message: `${describeRoute(r)} routes to something that does not exist: ${(r.to as { reason: string }).reason}${listHint(r, ctx)}`,
    }));

function listHint(route: Route, ctx: RuleContext): string {
  if (route.to.kind !== "missing" || !route.to.ref) return "";
  const list = ctx.account?.lists;
  const endpoint: Record<string, string> = { ivr: "GET /v1/ivrs", department: "GET /v1/departments", extension: "GET /v1/users", agent: "GET /v1/users", timegroup: "GET /v1/timegroups" };
  return endpoint[route.to.ref.type] && list ? ` (${endpoint[route.to.ref.type]})` : "";
}

/** The references a node holds (its kind's reference walk): an IVR's prompts and routes, a department's members, failover and hold music. */
function referencesOf(node: RoutingNode): FoundReference[] {
  if (node.kind === "ivr") return findReferences(IVR_SPEC.references, node.ivr);
  if (node.kind === "department") return findReferences(DEPARTMENT_SPEC.references, node.department);
  return [];
}

const subjectNodes = (ctx: RuleContext): RoutingNode[] => [...ctx.subjects].map((k) => ctx.graph.node(k)!);

const missingRecording: Rule = (ctx) => {
  if (!ctx.account?.lists.recordings) return [];
  const out: RawFinding[] = [];
  for (const node of subjectNodes(ctx)) {
    for (const r of referencesOf(node)) {
      if (r.role !== "recording" || typeof r.value !== "string") continue;
      if (existsInAccount(ctx.account.lists, r.value) === false) {
        out.push({ rule: "missing-recording", node: node.key, property: r.path, message: `${r.value} is not among the account's recordings (GET /v1/recordings)` });
      }
    }
  }
  return out;
};

const missingMember: Rule = (ctx) => {
  if (!ctx.account?.lists.agents) return [];
  const out: RawFinding[] = [];
  for (const node of subjectNodes(ctx)) {
    if (node.kind !== "department") continue;
    for (const r of referencesOf(node)) {
      if (r.context !== "departmentMember" || typeof r.value !== "string") continue;
      if (existsInAccount(ctx.account.lists, r.value) === false) {
        out.push({ rule: "missing-member", node: node.key, property: r.path, message: `${r.value} is not among the account's agents (GET /v1/users): its calls ring nobody there` });
      }
    }
  }
  return out;
};

const unreachableIvr: Rule = (ctx) => {
  const { graph } = ctx;
  const subjects = ivrSubjects(ctx);
  const routedIn = (n: IvrNode) => graph.routesTo(n.key).some((r) => r.from !== n.key);
  // The ways in: the account's numbers, numbers the definitions route, and entries named.
  if (graph.numbersKnown || ctx.entries.size > 0 || graph.numbers().length > 0) {
    const starts = [...ctx.entries, ...graph.numbers().map((n) => n.key)];
    const reached = reachable(graph, starts);
    return subjects
      .filter((n) => !reached.has(n.key))
      .map((n) => {
        const from = [...new Set(graph.routesTo(n.key).filter((r) => r.from !== n.key).map((r) => describeNode(graph.node(r.from)!)))];
        const entry = graph.numbersKnown ? "no number of the account" : graph.numbers().length > 0 ? "no number of these definitions" : "none of the entry IVRs";
        return {
          rule: "unreachable-ivr" as const,
          node: n.key,
          message: from.length
            ? `no caller reaches this IVR: only ${from.join(", ")} route${from.length === 1 ? "s" : ""} to it, and ${entry} leads there${optionCount(n)}`
            : `no caller reaches this IVR: ${graph.numbersKnown || graph.numbers().length > 0 ? "no number and no IVR" : "no entry IVR and no IVR"} routes to it${optionCount(n)}`,
        };
      });
  }
  // Without the numbers, an IVR no IVR routes to may be the one a number answers with: only a
  // set with several such IVRs is suspicious, and only those IVRs are reported.
  const roots = subjects.filter((n) => !routedIn(n));
  if (roots.length <= 1) return [];
  const names = roots.map((n) => describeNode(n)).join(", ");
  return roots.map((n) => ({
    rule: "unreachable-ivr" as const,
    node: n.key,
    message:
      `no IVR routes to it, and it is one of ${roots.length} such IVRs (${names}); if a number answers with it, ` +
      "name it as an entry (--entry) or lint with --account to check the account's numbers",
  }));
};

function optionCount(n: IvrNode): string {
  const count = n.ivr.options.length;
  return `, so its ${count} option${count === 1 ? "" : "s"} can never be reached`;
}

const unreachableOption: Rule = (ctx) =>
  ivrSubjects(ctx)
    .filter((n) => DTMF_KEYS.every((k) => n.ivr.options.some((o) => String(o.key) === k)))
    .map((n) => ({
      rule: "unreachable-option" as const,
      node: n.key,
      property: ["invalidInput"],
      message: `every key (${DTMF_KEYS.join(" ")}) has an option, so no key is wrong: invalidInput is never used`,
    }));

const unusedRetryRecording: Rule = (ctx) => {
  const out: RawFinding[] = [];
  for (const n of ivrSubjects(ctx)) {
    for (const fallback of ["invalidInput", "noInput"] as const) {
      const f = n.ivr[fallback];
      if (f.retries !== 0 || f.retryRecording === f.finalRecording) continue;
      const event = fallback === "invalidInput" ? "wrong key" : "silence";
      out.push({
        rule: "unused-retry-recording",
        node: n.key,
        property: [fallback, "retryRecording"],
        message:
          `retries is 0, so ${f.retryRecording} is never played (the first ${event} plays finalRecording and goes to the destination): ` +
          "set retries to 1 or more, or give retryRecording the same recording as finalRecording to say it is unused",
      });
    }
  }
  return out;
};

const fallbackLoop: Rule = (ctx) => {
  const out: RawFinding[] = [];
  const trapped = new Set(loopWithoutExit(ctx).map((f) => f.node));
  for (const component of loops(ctx.graph, (r) => r.via === "noInput")) {
    const subject = component.find((k) => ctx.subjects.has(k));
    if (!subject || component.some((k) => trapped.has(k))) continue;
    const names = component.map((k) => describeNode(ctx.graph.node(k)!));
    out.push({
      rule: "fallback-loop",
      node: subject,
      property: ["noInput", "destination"],
      message:
        (component.length === 1
          ? "noInput routes back to this IVR"
          : `the noInput fallbacks of ${names.join(", ")} route round in a loop`) +
        ": a caller who presses nothing (or a line left open) is never released; send one noInput.destination out of the loop (a person, voicemail or hangup||1)",
    });
  }
  return out;
};

const noWayToPerson: Rule = (ctx) => {
  const out: RawFinding[] = [];
  for (const n of ivrSubjects(ctx)) {
    const seen = reachable(ctx.graph, [n.key]);
    if ([...seen].some((k) => ringsPeople(ctx.graph.node(k)!))) continue;
    const ends = [...seen].flatMap((k) => ctx.graph.routesFrom(k)).map((r) => r.to);
    // An IVR outside the graph may lead to a person: nothing can be said then.
    if (ends.some((t) => t.kind === "external" && (PERSON_TYPES.has(t.ref.type) || t.ref.type === "ivr"))) continue;
    const types = [...new Set(ends.flatMap((t) => (t.kind === "external" ? [t.ref.type] : [])))];
    out.push({
      rule: "no-way-to-person",
      node: n.key,
      message: `no path from this IVR reaches a person (an extension, an agent or a department)${types.length ? `: callers end at ${types.join(", ")} only` : ""}`,
    });
  }
  return out;
};

const shortTimeout: Rule = (ctx) =>
  ivrSubjects(ctx)
    .filter((n) => n.ivr.ringTimeoutSeconds < SHORT_TIMEOUT_SECONDS)
    .map((n) => ({
      rule: "short-timeout" as const,
      node: n.key,
      property: ["ringTimeoutSeconds"],
      message: `callers get ${n.ivr.ringTimeoutSeconds} s to press a key after the greeting: most cannot; give them ${SHORT_TIMEOUT_SECONDS} s or more`,
    }));

const manyRetries: Rule = (ctx) =>
  ivrSubjects(ctx).flatMap((n) =>
    (["invalidInput", "noInput"] as const)
      .filter((f) => n.ivr[f].retries > MANY_RETRIES)
      .map((f) => ({
        rule: "many-retries" as const,
        node: n.key,
        property: [f, "retries"],
        message: `${n.ivr[f].retries} retries: a caller hears the menu ${n.ivr[f].retries + 1} times before the fallback; ${MANY_RETRIES} or fewer is usual`,
      })),
  );

const numberRoutesNowhere: Rule = (ctx) =>
  ctx.graph
    .numbers()
    .filter((n) => ctx.subjects.has(n.key) && n.destination === undefined)
    .map((n) => ({ rule: "number-routes-nowhere" as const, node: n.key, message: "this number has no destination: calls to it go nowhere" }));

export const RULE_CHECKS: Record<RuleId, Rule> = {
  "loop-without-exit": loopWithoutExit,
  "missing-destination": missingDestination,
  "missing-recording": missingRecording,
  "missing-member": missingMember,
  "unreachable-ivr": unreachableIvr,
  "unreachable-option": unreachableOption,
  "unused-retry-recording": unusedRetryRecording,
  "fallback-loop": fallbackLoop,
  "no-way-to-person": noWayToPerson,
  "short-timeout": shortTimeout,
  "many-retries": manyRetries,
  "number-routes-nowhere": numberRoutesNowhere,
};

/** Every node reachable from `starts` (them included) along routes to nodes. */
export function reachable(graph: RoutingGraph, starts: readonly string[]): Set<string> {
  const seen = new Set<string>();
  const queue = [...starts];
  while (queue.length) {
    const k = queue.pop()!;
    if (seen.has(k)) continue;
    seen.add(k);
    for (const r of graph.routesFrom(k)) if (r.to.kind === "node" && !seen.has(r.to.key)) queue.push(r.to.key);
  }
  return seen;
}

/**
 * The loops of the graph along the routes `follow` accepts: strongly connected sets of nodes with
 * more than one member, or one member that routes to itself (Tarjan's algorithm, in node order).
 */
export function loops(graph: RoutingGraph, follow: (r: Route) => boolean): string[][] {
  const index = new Map<string, number>();
  const low = new Map<string, number>();
  const onStack = new Set<string>();
  const stack: string[] = [];
  const out: string[][] = [];
  let next = 0;
  const next_ = (k: string) => graph.routesFrom(k).filter((r) => follow(r) && r.to.kind === "node").map((r) => (r.to as { key: string }).key);
  const visit = (k: string): void => {
    index.set(k, next);
    low.set(k, next++);
    stack.push(k);
    onStack.add(k);
    for (const m of next_(k)) {
      if (!index.has(m)) {
        visit(m);
        low.set(k, Math.min(low.get(k)!, low.get(m)!));
      } else if (onStack.has(m)) {
        low.set(k, Math.min(low.get(k)!, index.get(m)!));
      }
    }
    if (low.get(k) === index.get(k)) {
      const component: string[] = [];
      let m: string;
      do {
        m = stack.pop()!;
        onStack.delete(m);
        component.push(m);
      } while (m !== k);
      if (component.length > 1 || next_(k).includes(k)) out.push(component.reverse());
    }
  };
  for (const node of graph.nodes.keys()) if (!index.has(node)) visit(node);
  return out;
}
