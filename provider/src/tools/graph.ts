/**
 * The routing graph: what a caller can go through, as nodes (things calls are routed to or from:
 * numbers, IVRs, departments, time groups) and routes (one per destination property: an IVR
 * option, its wrong-key and no-key fallbacks, a number's routing, a department's failover). Built
 * from definitions, from an account, or from both (the definitions as they will be, the account
 * around them). Lint rules, diagrams, the simulator and the call-flow listing all read it, so they
 * agree on what routes where.
 *
 * A kind takes part by saying how its value routes (`ROUTING_KINDS` below) and which `type||id`
 * type and `{ <kind>: name }` key name it. A department is a way to a person (its members ring);
 * only its failover, where a call nobody answers goes, is a route. A time group routes nowhere of
 * its own: Smartflo decides by the hours.
 */
import type { NumberInfo } from "../account/lookups";
import { sameName } from "../core/names";
import type { Path } from "../core/problems";
import { formatPath } from "../core/problems";
import { Ref, parseRef } from "../core/refs";
import { readDestination, resolveNumber } from "../kinds/number-routing/mapping";
import type { TimeGroup } from "../kinds/time-group/spec";
import { REPLACEMENT_SUFFIX } from "../kinds/time-group/spec";
import type { Section } from "../definitions/sections";
import type { DepartmentDefinitionArgs, Definitions, IvrDefinition, IvrDefinitionArgs } from "../definitions/types";
import { destinationsOf } from "../definitions/types";
import { AccountSnapshot, compareIds, existsInAccount } from "./account";

export type NodeKind = "ivr" | "number" | "department" | "timegroup";

/** The definitions section that holds each kind of node. */
export const SECTION_OF: Readonly<Record<NodeKind, Section>> = { ivr: "ivrs", number: "numbers", department: "departments", timegroup: "timeGroups" };

/** Where a node comes from: a definitions file (what will be), or the account (what is). */
export type Origin =
  | { source: "definitions"; resourceName: string; file: string; line?: number }
  | { source: "account" };

interface NodeBase {
  /** Unique in the graph: `ivr:<resource name>`, `ivr#<id>`, `number#<id>`, `department:<resource name>`, ... */
  key: string;
  kind: NodeKind;
  /** The Smartflo id, when known (account objects, and definitions matched to them). */
  id?: string;
  origin: Origin;
}

export interface IvrNode extends NodeBase {
  kind: "ivr";
  name: string;
  /** The IVR's properties; destinations may be routes by name (`{ ivr: sales }`). */
  ivr: IvrDefinitionArgs;
}

export interface NumberNode extends NodeBase {
  kind: "number";
  /** The number as the account lists it, or as a definition writes it. */
  did?: string;
  name?: string;
  /**
   * Where it routes: `type||id` (as listed, or defined), a route by name (`{ ivr: support }`, a
   * definition's), or undefined for a number of the account that routes nowhere.
   */
  destination?: unknown;
}

export interface DepartmentNode extends NodeBase {
  kind: "department";
  name: string;
  /** Its properties; the failover may be a route by name (`{ ivr: after-hours }`). */
  department: DepartmentDefinitionArgs;
}

export interface TimeGroupNode extends NodeBase {
  kind: "timegroup";
  name: string;
  timeGroup: TimeGroup;
}

export type RoutingNode = IvrNode | NumberNode | DepartmentNode | TimeGroupNode;

/** Which way out of a node a route is. */
export type RouteVia = "option" | "invalidInput" | "noInput" | "routing" | "failover";

/** Where a route leads. */
export type Target =
  /** To another node of the graph (the call goes on through it). */
  | { kind: "node"; key: string }
  /**
   * Out of the graph: a person, voicemail, hang-up, or an object that is not part of the graph.
   * `exists` says whether the account lists it (undefined: not checked or not listable).
   */
  | { kind: "external"; ref: Ref; exists?: boolean }
  /** To something that does not exist. */
  | { kind: "missing"; reason: string; ref?: Ref };

export interface Route {
  /** The node the route leaves. */
  from: string;
  via: RouteVia;
  /** The DTMF key of an option. */
  key?: string;
  /** The destination property, within the node (`options[2].destination`). */
  property: Path;
  /** What is written there: `type||id`, or a route by name such as `{ ivr: sales }`. */
  written: unknown;
  to: Target;
}

/** How a kind routes: its destination properties, and how `type||id` and `{ <key>: name }` name it. */
interface RoutingKind<N extends RoutingNode> {
  /** The `type||id` type that names a node of this kind (`ivr||8001`), if any. */
  refType?: string;
  /** The key of a route by name to a node of this kind (`{ ivr: sales }`), if any. */
  nameKey?: string;
  routes(node: N): Array<Omit<Route, "from" | "to">>;
}

/** The kinds that take part in routing. A new kind is one entry here and a node type above. */
const ROUTING_KINDS: { [K in NodeKind]: RoutingKind<Extract<RoutingNode, { kind: K }>> } = {
  ivr: {
    refType: "ivr",
    nameKey: "ivr",
    routes: (node) =>
      destinationsOf("ivrs", node.ivr).map(({ path, value }) => {
        const via = path[0] === "options" ? "option" : (path[0] as "invalidInput" | "noInput");
        const key = via === "option" ? String(node.ivr.options[path[1] as number]?.key) : undefined;
        return { via, key, property: path, written: value };
      }),
  },
  number: {
    routes: (node) => (node.destination !== undefined ? [{ via: "routing", property: ["destination"], written: node.destination }] : []),
  },
  department: {
    refType: "department",
    nameKey: "department",
    // Members are people, not routes: only the failover leads on.
    routes: (node) =>
      destinationsOf("departments", node.department)
        .filter((d) => d.context === "departmentFailover")
        .map(({ path, value }) => ({ via: "failover", property: path, written: value })),
  },
  timegroup: { refType: "timegroup", nameKey: "timeGroup", routes: () => [] },
};

export interface GraphInput {
  /**
   * Definitions: what the account will hold after `pulumi up`. Every section (`loadDefinitions`),
   * or IVRs alone (`loadIvrDefinitions`).
   */
  definitions?: Definitions | readonly IvrDefinition[];
  /** The account: its objects (those not defined), its numbers, and its lists for existence checks. */
  account?: AccountSnapshot;
}

export class RoutingGraph {
  readonly nodes = new Map<string, RoutingNode>();
  readonly routes: Route[] = [];
  /** Whether the account's lists were consulted (so "external" targets were checked). */
  readonly checkedAgainstAccount: boolean;
  /** Whether the account's numbers are known (so the ways into the IVRs are known). */
  readonly numbersKnown: boolean;
  private readonly byFrom = new Map<string, Route[]>();
  private readonly byTo = new Map<string, Route[]>();
  /** `<kind> name <resource name>` and `<kind> id <id>` -> node key. */
  private readonly index = new Map<string, string>();

  constructor(nodes: RoutingNode[], account: AccountSnapshot | undefined) {
    for (const n of nodes) {
      this.nodes.set(n.key, n);
      if (n.origin.source === "definitions") this.index.set(`${n.kind} name ${n.origin.resourceName}`, n.key);
      if (n.id !== undefined && !this.index.has(`${n.kind} id ${n.id}`)) this.index.set(`${n.kind} id ${n.id}`, n.key);
    }
    this.checkedAgainstAccount = account !== undefined;
    this.numbersKnown = account?.numbers !== undefined;
    for (const node of nodes) {
      const kind = ROUTING_KINDS[node.kind] as RoutingKind<RoutingNode>;
      for (const r of kind.routes(node)) {
        const route: Route = { ...r, from: node.key, to: this.resolve(r.written, account) };
        this.routes.push(route);
        push(this.byFrom, node.key, route);
        if (route.to.kind === "node") push(this.byTo, route.to.key, route);
      }
    }
  }

  node(key: string): RoutingNode | undefined {
    return this.nodes.get(key);
  }

  ivrs(): IvrNode[] {
    return this.ofKind("ivr");
  }

  numbers(): NumberNode[] {
    return this.ofKind("number");
  }

  departments(): DepartmentNode[] {
    return this.ofKind("department");
  }

  timeGroups(): TimeGroupNode[] {
    return this.ofKind("timegroup");
  }

  private ofKind<K extends NodeKind>(kind: K): Array<Extract<RoutingNode, { kind: K }>> {
    return [...this.nodes.values()].filter((n): n is Extract<RoutingNode, { kind: K }> => n.kind === kind);
  }

  routesFrom(key: string): Route[] {
    return this.byFrom.get(key) ?? [];
  }

  routesTo(key: string): Route[] {
    return this.byTo.get(key) ?? [];
  }

  /**
   * The IVR a person means: its resource name, its IVR name (as Smartflo compares names), or its
   * Smartflo id.
   */
  findIvr(what: string): IvrNode | undefined {
    const ivrs = this.ivrs();
    return (
      ivrs.find((n) => n.origin.source === "definitions" && n.origin.resourceName === what) ??
      ivrs.find((n) => sameName(n.name, what)) ??
      ivrs.find((n) => n.id === what.replace(/^ivr\|\|?/i, "").trim())
    );
  }

  /** The number a person means: its resource name, the number itself (digits compared), or its Smartflo id. */
  findNumber(what: string): NumberNode | undefined {
    const numbers = this.numbers();
    const byResource = numbers.find((n) => n.origin.source === "definitions" && n.origin.resourceName === what);
    if (byResource) return byResource;
    const listed = new Map(numbers.map((n) => [n.id ?? n.key, n.did ?? ""]));
    const found = resolveNumber(listed, what.trim());
    return found && numbers.find((n) => (n.id ?? n.key) === found.id);
  }

  private resolve(written: unknown, account: AccountSnapshot | undefined): Target {
    const byName = routeByName(written);
    if (byName) {
      const kind = (Object.keys(ROUTING_KINDS) as NodeKind[]).find((k) => ROUTING_KINDS[k].nameKey === byName.key);
      const found = kind && this.index.get(`${kind} name ${byName.name}`);
      if (found) return { kind: "node", key: found };
      return { kind: "missing", reason: `no ${byName.key} named '${byName.name}' in these definitions` };
    }
    const ref = typeof written === "string" ? parseRef(written) : undefined;
    if (!ref) return { kind: "missing", reason: `'${String(written)}' is not a destination` };
    const kind = (Object.keys(ROUTING_KINDS) as NodeKind[]).find((k) => ROUTING_KINDS[k].refType === ref.type);
    const found = kind && this.index.get(`${kind} id ${ref.id}`);
    if (found) return { kind: "node", key: found };
    const exists = account ? existsInAccount(account.lists, written as string) : undefined;
    if (exists === false) return { kind: "missing", ref, reason: `${ref.type} ${ref.id} does not exist in the account` };
    return { kind: "external", ref, exists };
  }
}

/** `{ ivr: sales }` -> { key: "ivr", name: "sales" }; anything else -> undefined. */
export function routeByName(written: unknown): { key: string; name: string } | undefined {
  if (typeof written !== "object" || written === null || Array.isArray(written)) return undefined;
  const entries = Object.entries(written);
  if (entries.length !== 1 || typeof entries[0]![1] !== "string") return undefined;
  return { key: entries[0]![0], name: entries[0]![1] as string };
}

/**
 * The graph of definitions, of an account, or of definitions in their account: an account object
 * with the name of a definition of its kind (a number: the same number) is that definition (the
 * definition is what it will be, and keeps the account's id, as `adopt` and `pulumi up` keep it).
 */
export function buildRoutingGraph(input: GraphInput): RoutingGraph {
  const defs = allSections(input.definitions);
  const account = input.account;
  const fromAccount = { source: "account" } as const;
  const ivrs = withAccount(
    defs.ivrs.map((d): IvrNode => ({ key: `ivr:${d.resourceName}`, kind: "ivr", name: d.args.name, ivr: d.args, origin: originOf(d) })),
    account?.ivrs,
    (d, a) => sameName(d.name, a.ivr.name),
    (a): IvrNode => ({ key: `ivr#${a.id}`, kind: "ivr", id: a.id, name: a.ivr.name, ivr: a.ivr, origin: fromAccount }),
  );
  const departments = withAccount(
    defs.departments.map((d): DepartmentNode => ({ key: `department:${d.resourceName}`, kind: "department", name: d.args.name, department: d.args, origin: originOf(d) })),
    account?.departments,
    (d, a) => sameName(d.name, a.department.name),
    (a): DepartmentNode => ({ key: `department#${a.id}`, kind: "department", id: a.id, name: a.department.name, department: a.department, origin: fromAccount }),
  );
  const timeGroups = withAccount(
    defs.timeGroups.map((d): TimeGroupNode => ({ key: `timegroup:${d.resourceName}`, kind: "timegroup", name: d.args.name, timeGroup: d.args, origin: originOf(d) })),
    account?.timeGroups,
    // A replacement has the name with " (2)" in Smartflo.
    (d, a) => sameName(d.name, a.timeGroup.name) || sameName(`${d.name}${REPLACEMENT_SUFFIX}`, a.timeGroup.name),
    (a): TimeGroupNode => ({ key: `timegroup#${a.id}`, kind: "timegroup", id: a.id, name: a.timeGroup.name, timeGroup: a.timeGroup, origin: fromAccount }),
  );
  const listed = new Map((account?.numbers ?? []).map((n) => [n.id, n.did ?? n.id]));
  const numbers = withAccount(
    defs.numbers.map((d): NumberNode => ({ key: `number:${d.resourceName}`, kind: "number", did: d.args.number, destination: d.args.destination, origin: originOf(d) })),
    [...(account?.numbers ?? [])].sort((a, b) => compareIds(a.id, b.id)),
    (d, a) => resolveNumber(listed, d.did!)?.id === a.id,
    accountNumber,
    (d, a) => {
      d.did = a.did ?? d.did;
      d.name = a.name;
    },
  );
  return new RoutingGraph([...ivrs, ...departments, ...timeGroups, ...numbers], account);
}

/** `loadDefinitions`' sections, or IVRs alone. */
function allSections(definitions: GraphInput["definitions"]): Definitions {
  if (definitions === undefined) return { ivrs: [], departments: [], timeGroups: [], numbers: [] };
  if (Array.isArray(definitions)) return { ivrs: definitions as IvrDefinition[], departments: [], timeGroups: [], numbers: [] };
  return definitions as Definitions;
}

function originOf(d: { resourceName: string; file: string; line?: number }): Origin {
  return { source: "definitions", resourceName: d.resourceName, file: d.file, line: d.line };
}

/** The defined nodes, each given the id of the account object it is, and the account's other objects. */
function withAccount<N extends RoutingNode, A extends { id: string }>(
  defined: N[],
  listed: readonly A[] | undefined,
  same: (d: N, a: A) => boolean,
  node: (a: A) => N,
  adopt: (d: N, a: A) => void = () => undefined,
): N[] {
  const out = [...defined];
  for (const a of listed ?? []) {
    const match = defined.find((d) => d.id === undefined && same(d, a));
    if (match) {
      match.id = a.id;
      adopt(match, a);
    } else {
      out.push(node(a));
    }
  }
  return out;
}

function accountNumber(n: NumberInfo): NumberNode {
  // As the NumberRouting reads it: `ringgroup||7` is `department||7`, a blank route none.
  const destination = readDestination(n.destination) ?? undefined;
  return { key: `number#${n.id}`, kind: "number", id: n.id, did: n.did, name: n.name, destination, origin: { source: "account" } };
}

const NOUNS: Readonly<Record<NodeKind, string>> = { ivr: "IVR", number: "number", department: "department", timegroup: "time group" };

/**
 * How people call a node: `IVR sales "Sales IVR"`, `IVR 8001 "Main"`, `department sales "Inbound
 * Sales"`, `time group 501 "Office hours"`, `number +918069001234 "Main line"`.
 */
export function describeNode(node: RoutingNode): string {
  if (node.kind === "number") return `number ${node.did ?? node.id}${node.name ? ` "${node.name}"` : ""}`;
  const which = node.origin.source === "definitions" ? node.origin.resourceName : node.id;
  return `${NOUNS[node.kind]} ${which} "${node.name}"`;
}

/** Whether calls that reach a node ring people there (a department's members). */
export function ringsPeople(node: RoutingNode): boolean {
  return node.kind === "department";
}

/** `options[2].destination (key 3)`, `noInput.destination`. */
export function describeRoute(route: Route): string {
  if (route.via === "option") return `key ${route.key}`;
  if (route.via === "invalidInput") return "wrong key";
  if (route.via === "noInput") return "no key";
  if (route.via === "failover") return "no answer";
  return "routing";
}

export function routeProperty(route: Route): string {
  return formatPath(route.property);
}

function push<K, V>(map: Map<K, V[]>, key: K, value: V): void {
  const list = map.get(key);
  if (list) list.push(value);
  else map.set(key, [value]);
}
