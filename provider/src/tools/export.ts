/**
 * An account as definitions files, in the format `loadDefinitions` reads: one file per IVR at the
 * top of the folder, one per department under `departments/`, per time group under
 * `time-groups/` and per routed number under `numbers/`. IVRs, departments and time groups are
 * marked `adopt: true`, so that a program that loads the folder and declares it with
 * `deployDefinitions` takes them over as they are (`pulumi up` leaves the account unchanged, and
 * the next preview shows no changes); a number's routing is declared as the number routes now.
 *
 * - Resource names come from the names (`Support IVR` -> `support-ivr`; a number's name, else its
 *   digits): the same account gives the same names; two objects of one kind whose names give the
 *   same one are told apart by their ids.
 * - A route to another exported object is written by name (`{ ivr: sales-ivr }`,
 *   `{ department: sales-dept }`, `{ timeGroup: office-hours }`), except where that would close
 *   a loop, which definitions cannot hold (Pulumi creates what is routed to first): that step
 *   stays an id (`"ivr||8002"`), with a comment saying why.
 * - Ids stay ids, written as quoted strings, with the account's name for them as a comment.
 */
import { Document, Scalar, YAMLMap } from "yaml";
import { formatRef, parseRef } from "../core/refs";
import type { Path } from "../core/problems";
import { FoundReference, findReferences } from "../core/walk";
import { parseDefinitions } from "../definitions/parse";
import { DefinitionError, formatProblem } from "../definitions/errors";
import type { DefinitionSource } from "../definitions/load";
import { SECTIONS, Section, routableIn } from "../definitions/sections";
import { DEPARTMENT_SPEC } from "../kinds/department/spec";
import type { Department } from "../kinds/department/spec";
import { IVR_SPEC } from "../kinds/ivr/spec";
import { NUMBER_ROUTING_SPEC } from "../kinds/number-routing/spec";
import type { TimeGroup } from "../kinds/time-group/spec";
import { AccountSnapshot, compareIds, existsInAccount } from "./account";
import { describer } from "./describe";
import { RoutingGraph, RoutingNode, SECTION_OF, buildRoutingGraph, describeNode } from "./graph";

export interface ExportedFile {
  /** Relative to the export folder, e.g. `support-ivr.yaml`, `departments/sales-dept.yaml`. */
  path: string;
  text: string;
  section: Section;
  resourceName: string;
  /** The Smartflo id of the object it holds. */
  id: string;
}

export interface ExportResult {
  files: ExportedFile[];
  /** For each section: Smartflo id -> resource name. */
  resourceNames: { [S in Section]: Map<string, string> };
  /** What to look at before `pulumi up` (ids the account does not list, prompts that may be text-to-speech). */
  warnings: string[];
  /**
   * Problems `loadDefinitions` finds in the files written (an object of the account that breaks
   * this package's rules, e.g. a name longer than 64 characters): fix those files by hand.
   */
  problems: string[];
}

export interface ExportOptions {
  /** The header's "exported from" (default: the snapshot's base URL). */
  source?: string;
}

const RESOURCE_NAME_MAX = 60;

/**
 * `Support IVR` -> `support-ivr`; unique among the objects given, stable for the same account.
 * A name that gives no letters or digits becomes `<fallback>-<id>`.
 */
export function resourceNamesFor(objects: ReadonlyArray<{ id: string; name: string }>, fallback = "ivr"): Map<string, string> {
  const sorted = [...objects].sort((a, b) => compareIds(a.id, b.id));
  const slug = (name: string, id: string) =>
    name.normalize("NFKD").replace(/[\u0300-\u036f]/g, "").toLowerCase().replace(/[^a-z0-9]+/g, "-").replace(/^-+|-+$/g, "").slice(0, RESOURCE_NAME_MAX).replace(/-+$/, "") || `${fallback}-${id}`;
  const byName = new Map<string, string[]>();
  for (const { id, name } of sorted) {
    const s = slug(name, id);
    byName.set(s, [...(byName.get(s) ?? []), id]);
  }
  const out = new Map<string, string>();
  const taken = new Set(byName.keys());
  for (const [s, ids] of byName) {
    // The lowest id keeps the plain name, so adding an object later never renames an exported one.
    ids.forEach((id, i) => {
      let name = i === 0 ? s : `${s}-${id}`;
      while (i > 0 && taken.has(name)) name = `${name}-${id}`;
      taken.add(name);
      out.set(id, name);
    });
  }
  return out;
}

/**
 * The routes between exported objects that must stay ids: the steps that would close a loop of
 * routes by name (found by a walk in id order, so the same account breaks the same steps).
 */
function stepsKeptAsIds(graph: RoutingGraph, order: readonly string[]): Set<string> {
  const kept = new Set<string>();
  const state = new Map<string, "open" | "done">();
  const visit = (key: string): void => {
    state.set(key, "open");
    for (const r of graph.routesFrom(key)) {
      if (r.to.kind !== "node") continue;
      const s = state.get(r.to.key);
      if (s === "open") kept.add(routeKey(r.from, r.property));
      else if (s === undefined) visit(r.to.key);
    }
    state.set(key, "done");
  };
  for (const key of order) if (!state.has(key)) visit(key);
  return kept;
}

const routeKey = (from: string, property: Path) => `${from} ${property.join(".")}`;

/** One object of the account, ready to be written as a definition. */
interface Exportable {
  section: Section;
  node: RoutingNode;
  id: string;
  /** `IVR 8001 "Main Menu"`, for the header and warnings. */
  title: string;
  args: Record<string, unknown>;
  references: FoundReference[];
  /** Paths (under the definition) of other values to quote: ids and times a reader might take for numbers. */
  quoted: Path[];
  header: string[];
}

/** The folder (under the export folder) each section's files go to. */
const FOLDERS: Readonly<Record<Section, string>> = { ivrs: "", departments: "departments/", timeGroups: "time-groups/", numbers: "numbers/" };
const FALLBACK_NAMES: Readonly<Record<Section, string>> = { ivrs: "ivr", departments: "department", timeGroups: "time-group", numbers: "number" };
/** Where each kind's list is read, for an object that could not be read. */
const ENDPOINTS: Readonly<Record<string, string>> = { IVR: "GET /v1/ivrs", department: "GET /v1/departments", "time group": "GET /v1/timegroups" };

const ADOPT_NOTE = (noun: string) => ` adopt: true: \`pulumi up\` takes this ${noun} over as it is; remove it after the first up if you like.`;

export function exportDefinitions(account: AccountSnapshot, options: ExportOptions = {}): ExportResult {
  const graph = buildRoutingGraph({ account });
  const describe = describer({ graph, lists: account.lists });
  const warnings: string[] = [];
  const exportables = [...ivrsOf(graph), ...departmentsOf(graph), ...timeGroupsOf(graph), ...numbersOf(graph, warnings)];
  const resourceNames = Object.fromEntries(
    (Object.keys(FOLDERS) as Section[]).map((s) => [
      s,
      resourceNamesFor(exportables.filter((e) => e.section === s).map((e) => ({ id: e.id, name: nameOf(e.node) })), FALLBACK_NAMES[s]),
    ]),
  ) as ExportResult["resourceNames"];
  const exported = new Map(exportables.map((e) => [e.node.key, e]));
  const nameOfNode = (key: string) => {
    const e = exported.get(key);
    return e && resourceNames[e.section].get(e.id);
  };
  const keptAsIds = stepsKeptAsIds(graph, exportables.map((e) => e.node.key));
  const files: ExportedFile[] = [];

  for (const e of exportables) {
    const resourceName = resourceNames[e.section].get(e.id)!;
    const doc = new Document({ [e.section]: { [resourceName]: e.args } });
    const base = [e.section, resourceName];
    const header = [` Smartflo ${e.title}, exported by \`smartflo export\` from ${options.source ?? account.baseUrl}.`, ...e.header];
    for (const r of graph.routesTo(e.node.key)) {
      const from = graph.node(r.from)!;
      if (from.kind === "number") header.push(` Number ${from.did ?? from.id}${from.name ? ` "${from.name}"` : ""} routes here.`);
    }
    doc.commentBefore = header.join("\n");

    for (const ref of e.references) {
      if (typeof ref.value !== "string") continue;
      const value = ref.value;
      const at = [...base, ...ref.path];
      const route = ref.role === "destination" ? graph.routesFrom(e.node.key).find((r) => r.property.join(".") === ref.path.join(".")) : undefined;
      const to = route?.to;
      const target = to?.kind === "node" ? graph.node(to.key)! : undefined;
      const targetName = target && nameOfNode(target.key);
      const byName = target && targetName !== undefined && (routableIn(ref.context) as Section[]).includes(SECTION_OF[target.kind]);
      if (byName && !keptAsIds.has(routeKey(e.node.key, ref.path))) {
        const key = (SECTIONS[SECTION_OF[target.kind]] as { referenceKey: string }).referenceKey;
        doc.setIn(at, doc.createNode({ [key]: targetName }));
        const map = doc.getIn(at, true) as YAMLMap;
        map.flow = true;
        map.comment = ` ${"name" in target ? target.name : ""}`;
        continue;
      }
      const scalar = doc.getIn(at, true) as Scalar;
      scalar.type = "QUOTE_DOUBLE";
      const words = target ? describeNode(target) : describe(value);
      const loopNote = byName ? ` (${SECTION_OF[target.kind]}.${targetName}: by id, since a route by name here would close a loop)` : "";
      if (words !== value || loopNote) scalar.comment = ` ${words}${loopNote}`;
      const where = `${e.title} ${ref.path.join(".")}`;
      if (to?.kind === "missing") warnings.push(`${where}: ${value}: ${to.reason}`);
      else if (ref.role === "recording" && existsInAccount(account.lists, value) === false) {
        warnings.push(`${where}: ${value} is not among the account's recordings (GET /v1/recordings): if it is a text-to-speech prompt, write ${formatRef("outbound_tts", parseRef(value)!.id)} (the read side of the API does not say which)`);
      }
    }
    for (const p of e.quoted) {
      const scalar = doc.getIn([...base, ...p], true);
      if (scalar instanceof Scalar) scalar.type = "QUOTE_DOUBLE";
    }
    files.push({ path: `${FOLDERS[e.section]}${resourceName}.yaml`, text: doc.toString({ lineWidth: 0 }), section: e.section, resourceName, id: e.id });
  }
  for (const u of account.unreadable) {
    warnings.push(`${u.noun} ${u.id} "${u.name}" is not exported: ${ENDPOINTS[u.noun] ?? "the account"} gives it in a shape this package cannot read (${u.reason})`);
  }
  return { files, resourceNames, warnings, problems: selfCheck(files) };
}

/** What a resource name is made from: the object's name (a number's name, else its digits). */
function nameOf(node: RoutingNode): string {
  if (node.kind === "number") return node.name || (node.did ?? "").replace(/\D/g, "");
  return node.name;
}

function fromAccount<N extends RoutingNode>(nodes: N[]): Array<N & { id: string }> {
  return nodes.filter((n): n is N & { id: string } => n.origin.source === "account" && n.id !== undefined).sort((a, b) => compareIds(a.id, b.id));
}

function ivrsOf(graph: RoutingGraph): Exportable[] {
  return fromAccount(graph.ivrs()).map((n) => {
    const ivr = structuredClone(n.ivr);
    return {
      section: "ivrs",
      node: n,
      id: n.id,
      title: `IVR ${n.id} "${ivr.name}"`,
      args: { adopt: true, ...ivr },
      references: findReferences(IVR_SPEC.references, ivr),
      quoted: ivr.options.flatMap((o, i): Path[] => [["options", i, "key"], ...(o.smsTemplateId !== undefined ? [["options", i, "smsTemplateId"]] : [])]),
      header: [ADOPT_NOTE("IVR")],
    };
  });
}

function departmentsOf(graph: RoutingGraph): Exportable[] {
  return fromAccount(graph.departments()).map((n) => {
    const d = structuredClone(n.department) as Department;
    // A member that rings as long as the department says needs no ring time of its own.
    const members = d.members.map((m) => (m.ringTimeoutSeconds === d.ringTimeoutSeconds ? { extension: m.extension } : m));
    const args = { adopt: true, ...d, members };
    return {
      section: "departments",
      node: n,
      id: n.id,
      title: `department ${n.id} "${d.name}"`,
      args,
      references: findReferences(DEPARTMENT_SPEC.references, args),
      quoted: [],
      header: [ADOPT_NOTE("department")],
    };
  });
}

function timeGroupsOf(graph: RoutingGraph): Exportable[] {
  return fromAccount(graph.timeGroups()).map((n) => {
    const t = structuredClone(n.timeGroup) as TimeGroup;
    const args: Record<string, unknown> = { adopt: true, name: t.name, times: t.times };
    // An empty filter means "any": left out, as a person would write it.
    for (const k of ["days", "dates", "months"] as const) if (t[k]?.length) args[k] = t[k];
    return {
      section: "timeGroups",
      node: n,
      id: n.id,
      title: `time group ${n.id} "${t.name}"`,
      args,
      references: [],
      // "09:00" is a number of minutes to a YAML 1.1 reader: always quoted.
      quoted: t.times.flatMap((_, i): Path[] => [["times", i, "from"], ["times", i, "to"]]),
      header: [ADOPT_NOTE("time group"), " Smartflo cannot change a time group: a change replaces it (a new one, then the old one deleted)."],
    };
  });
}

function numbersOf(graph: RoutingGraph, warnings: string[]): Exportable[] {
  return fromAccount(graph.numbers()).flatMap((n): Exportable[] => {
    const title = `number ${n.did ?? n.id}${n.name ? ` "${n.name}"` : ""} (id ${n.id})`;
    if (typeof n.destination !== "string") {
      warnings.push(`${title} is not exported: it routes nowhere, and a number's routing needs a destination`);
      return [];
    }
    const args = { number: n.did ?? n.id, destination: n.destination };
    return [{
      section: "numbers",
      node: n,
      id: n.id,
      title,
      args,
      references: findReferences(NUMBER_ROUTING_SPEC.references, args),
      quoted: [["number"]],
      header: [" `pulumi up` routes the number as it routes now; deleting this routing gives the number this route back."],
    }];
  });
}

/** Loads the files written, as a program will: what does not load is said now, not at preview. */
function selfCheck(files: readonly ExportedFile[]): string[] {
  if (files.length === 0) return [];
  const sources: DefinitionSource[] = files.map((f) => ({ file: f.path, text: f.text }));
  try {
    parseDefinitions(sources, { onWarning: () => undefined });
    return [];
  } catch (err) {
    if (err instanceof DefinitionError) return err.problems.map(formatProblem);
    throw err;
  }
}
