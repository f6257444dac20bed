/**
 * An account as definitions files: one file per IVR, in the format `loadIvrDefinitions` reads,
 * every IVR marked `adopt: true`, so that a program that loads the folder takes the IVRs over as
 * they are (`pulumi up` leaves the account unchanged, and the next preview shows no changes).
 *
 * - Resource names come from the IVR names (`Support IVR` -> `support-ivr`): the same account
 *   gives the same names; two IVRs whose names give the same one are told apart by their ids.
 * - A route to another exported IVR is written by name (`{ ivr: sales-ivr }`), except where that
 *   would close a loop, which definitions cannot hold (Pulumi creates an IVR before the IVRs that
 *   route to it): that step stays an id (`"ivr||8002"`), with a comment saying why.
 * - Ids stay ids, written as quoted strings, with the account's name for them as a comment.
 *
 * The kinds that join IVRs in definitions files (numbers, departments, time groups) are exported
 * beside them the same way: one more exporter each, with its references resolved to names.
 */
import { Document, Scalar, YAMLMap } from "yaml";
import { formatRef, parseRef } from "../core/refs";
import type { Path } from "../core/problems";
import { findReferences } from "../core/walk";
import { parseIvrDefinitions } from "../definitions/load";
import { IvrDefinitionError, formatProblem } from "../definitions/errors";
import type { DefinitionSource } from "../definitions/load";
import { IVR_SPEC } from "../kinds/ivr/spec";
import type { Ivr } from "../kinds/ivr/spec";
import { AccountSnapshot, compareIds, existsInAccount } from "./account";
import { describer } from "./describe";
import { RoutingGraph, buildRoutingGraph } from "./graph";

export interface ExportedFile {
  /** Relative to the export folder, e.g. `support-ivr.yaml`. */
  path: string;
  text: string;
  resourceName: string;
  /** The Smartflo id of the IVR it holds. */
  id: string;
}

export interface ExportResult {
  files: ExportedFile[];
  /** Smartflo id -> resource name. */
  resourceNames: Map<string, string>;
  /** What to look at before `pulumi up` (ids the account does not list, prompts that may be text-to-speech). */
  warnings: string[];
  /**
   * Problems `loadIvrDefinitions` finds in the files written (an IVR of the account that breaks
   * this package's rules, e.g. a name longer than 64 characters): fix those IVRs' files by hand.
   */
  problems: string[];
}

export interface ExportOptions {
  /** The header's "exported from" (default: the snapshot's base URL). */
  source?: string;
}

const RESOURCE_NAME_MAX = 60;

/** `Support IVR` -> `support-ivr`; unique across the IVRs, stable for the same account. */
export function resourceNamesFor(ivrs: ReadonlyArray<{ id: string; ivr: Pick<Ivr, "name"> }>): Map<string, string> {
  const sorted = [...ivrs].sort((a, b) => compareIds(a.id, b.id));
  const slug = (name: string, id: string) =>
    name.normalize("NFKD").replace(/[\u0300-\u036f]/g, "").toLowerCase().replace(/[^a-z0-9]+/g, "-").replace(/^-+|-+$/g, "").slice(0, RESOURCE_NAME_MAX).replace(/-+$/, "") || `ivr-${id}`;
  const byName = new Map<string, string[]>();
  for (const { id, ivr } of sorted) {
    const s = slug(ivr.name, id);
    byName.set(s, [...(byName.get(s) ?? []), id]);
  }
  const out = new Map<string, string>();
  const taken = new Set(byName.keys());
  for (const [s, ids] of byName) {
    // The lowest id keeps the plain name, so adding an IVR later never renames an exported one.
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
 * The routes between exported IVRs that must stay ids: the steps that would close a loop of
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

export function exportDefinitions(account: AccountSnapshot, options: ExportOptions = {}): ExportResult {
  const graph = buildRoutingGraph({ account });
  const names = resourceNamesFor(account.ivrs);
  const describe = describer({ graph, lists: account.lists });
  const order = account.ivrs.map((a) => `ivr#${a.id}`);
  const keptAsIds = stepsKeptAsIds(graph, order);
  const warnings: string[] = [];
  const files: ExportedFile[] = [];

  for (const { id, ivr } of account.ivrs) {
    const resourceName = names.get(id)!;
    const key = `ivr#${id}`;
    const args: Record<string, unknown> = { adopt: true, ...structuredClone(ivr) };
    const doc = new Document({ ivrs: { [resourceName]: args } });
    const base = ["ivrs", resourceName];
    const header = [` Smartflo IVR ${id} "${ivr.name}", exported by \`smartflo export\` from ${options.source ?? account.baseUrl}.`];
    header.push(" adopt: true: `pulumi up` takes this IVR over as it is; remove it after the first up if you like.");
    for (const r of graph.routesTo(key)) {
      const from = graph.node(r.from)!;
      if (from.kind === "number") header.push(` Number ${from.did ?? from.id}${from.name ? ` "${from.name}"` : ""} routes here.`);
    }
    doc.commentBefore = header.join("\n");

    for (const ref of findReferences(IVR_SPEC.references, ivr)) {
      const value = ref.value as string;
      const at = [...base, ...ref.path];
      const route = ref.role === "destination" ? graph.routesFrom(key).find((r) => r.property.join(".") === ref.path.join(".")) : undefined;
      const to = route?.to;
      if (to?.kind === "node" && !keptAsIds.has(routeKey(key, ref.path))) {
        const target = graph.node(to.key)!;
        doc.setIn(at, doc.createNode({ ivr: names.get(target.id!)! }));
        const map = doc.getIn(at, true) as YAMLMap;
        map.flow = true;
        map.comment = ` ${target.kind === "ivr" ? target.name : ""}`;
        continue;
      }
      const scalar = doc.getIn(at, true) as Scalar;
      scalar.type = "QUOTE_DOUBLE";
      const words = describe(value);
      const loopNote = to?.kind === "node" ? ` (ivrs.${names.get(graph.node(to.key)!.id!)}: by id, since a route by name here would close a loop)` : "";
      if (words !== value || loopNote) scalar.comment = ` ${words}${loopNote}`;
      const exists = existsInAccount(account.lists, value);
      const where = `IVR ${id} "${ivr.name}" ${ref.path.join(".")}`;
      if (to?.kind === "missing") warnings.push(`${where}: ${value}: ${to.reason}`);
      else if (exists === false && ref.role === "recording") {
        warnings.push(`${where}: ${value} is not among the account's recordings (GET /v1/recordings): if it is a text-to-speech prompt, write ${formatRef("outbound_tts", parseRef(value)!.id)} (the read side of the API does not say which)`);
      }
    }
    (ivr.options as Array<{ smsTemplateId?: string }>).forEach((o, i) => {
      if (o.smsTemplateId !== undefined) (doc.getIn([...base, "options", i, "smsTemplateId"], true) as Scalar).type = "QUOTE_DOUBLE";
    });
    ivr.options.forEach((_, i) => ((doc.getIn([...base, "options", i, "key"], true) as Scalar).type = "QUOTE_DOUBLE"));
    files.push({ path: `${resourceName}.yaml`, text: doc.toString({ lineWidth: 0 }), resourceName, id });
  }
  for (const u of account.unreadable) {
    warnings.push(`IVR ${u.id} "${u.name}" is not exported: GET /v1/ivrs gives it in a shape this package cannot read (${u.reason})`);
  }
  return { files, resourceNames: names, warnings, problems: selfCheck(files) };
}

/** Loads the files written, as a program will: what does not load is said now, not at preview. */
function selfCheck(files: readonly ExportedFile[]): string[] {
  if (files.length === 0) return [];
  const sources: DefinitionSource[] = files.map((f) => ({ file: f.path, text: f.text }));
  try {
    parseIvrDefinitions(sources, { onWarning: () => undefined });
    return [];
  } catch (err) {
    if (err instanceof IvrDefinitionError) return err.problems.map(formatProblem);
    throw err;
  }
}
