/**
 * Loads IVR definition files: YAML with a top-level `ivrs:` map (resource name -> `Ivr` args)
 * and optional `values:` defaults. Every definition is validated with the same schema as the
 * `Ivr` resource's `check`; placeholders, references by name, duplicate names and reference loops
 * are resolved or reported here, all at once, before any resource is declared.
 */
import * as fs from "fs";
import * as path from "path";
import * as pulumi from "@pulumi/pulumi";
import { formatPath, parsePath } from "../core/problems";
import { nameKey } from "../core/names";
import { parseRef } from "../core/refs";
import { didYouMean } from "../core/text";
import { setAt } from "../core/walk";
import { IVR_SPEC, validateIvr } from "../kinds/ivr/spec";
import { DefinitionProblem, IvrDefinitionError } from "./errors";
import { dependencyOrder } from "./graph";
import { MAX_NESTING, Path, SourceFile, parseSource } from "./source";
import { IvrDefinition, IvrDefinitionArgs, destinationsOf } from "./types";
import { Values, hasPlaceholder, isPlainObject, leafPaths, lookupValue, mergeValues, nearestPath, nestedDeeperThan, setOwn, substitute } from "./values";

export interface LoadIvrDefinitionsOptions {
  /**
   * Values for `${...}` placeholders, usually the stack's structured config:
   * `new pulumi.Config("ivrs").getObject("values")`. They override the `values:` defaults
   * written in definition files.
   */
  values?: Values;
  /** The stack config key the values come from, named in hints. Default `ivrs:values`. */
  valuesConfigKey?: string;
  /** File names in messages are relative to this directory. Default: the working directory. */
  baseDir?: string;
  /** Receives warnings (e.g. stack values that no definition uses). Default: `pulumi.log.warn`. */
  onWarning?: (message: string) => void;
}

/** A definitions file given as text (tests, tools). */
export interface DefinitionSource {
  file: string;
  text: string;
}

/** Resource names: what `{ ivr: <name> }` references and what Pulumi names the resource. */
const RESOURCE_NAME = /^[A-Za-z0-9][A-Za-z0-9_-]*$/;
const TOP_LEVEL_KEYS = ["ivrs", "values"];
const EXTENSIONS = /\.ya?ml$/i;

/**
 * Reads IVR definitions from YAML files: a directory (every `*.yaml` / `*.yml` under it, in
 * path order; hidden entries skipped), a file, or a list of either. Throws `IvrDefinitionError`
 * listing every problem with its file, line and property path.
 */
export function loadIvrDefinitions(paths: string | readonly string[], options: LoadIvrDefinitionsOptions = {}): IvrDefinition[] {
  const baseDir = path.resolve(options.baseDir ?? process.cwd());
  const display = (abs: string) => {
    const rel = path.relative(baseDir, abs);
    return rel && !rel.startsWith("..") && !path.isAbsolute(rel) ? rel.split(path.sep).join("/") : abs;
  };
  const problems: DefinitionProblem[] = [];
  const sources: DefinitionSource[] = [];
  for (const given of typeof paths === "string" ? [paths] : paths) {
    const abs = path.resolve(baseDir, given);
    let stat: fs.Stats;
    try {
      stat = fs.statSync(abs);
    } catch {
      problems.push({ file: display(abs), property: "", reason: "no such file or directory" });
      continue;
    }
    const files = stat.isDirectory() ? yamlFilesUnder(abs) : [abs];
    if (files.length === 0) {
      problems.push({ file: display(abs), property: "", reason: "holds no .yaml or .yml files" });
    }
    for (const file of files) {
      try {
        sources.push({ file: display(file), text: fs.readFileSync(file, "utf8") });
      } catch (err) {
        problems.push({ file: display(file), property: "", reason: `cannot be read: ${(err as Error).message}` });
      }
    }
  }
  // The files that could be read are still checked: one run lists every problem.
  return parseDefinitions(sources, options, problems);
}

function yamlFilesUnder(dir: string): string[] {
  const out: string[] = [];
  const walk = (d: string) => {
    const entries = fs.readdirSync(d, { withFileTypes: true }).sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
    for (const e of entries) {
      if (e.name.startsWith(".") || e.name === "node_modules") continue;
      const full = path.join(d, e.name);
      if (e.isDirectory()) walk(full);
      else if (EXTENSIONS.test(e.name)) out.push(full);
    }
  };
  walk(dir);
  return out;
}

interface RawDefinition {
  resourceName: string;
  raw: unknown;
  source: SourceFile;
  /** False when the resource name is unusable or already taken: its IVR is checked, not declared. */
  usable: boolean;
}

/** The same as `loadIvrDefinitions`, for files already read. */
export function parseIvrDefinitions(files: readonly DefinitionSource[], options: LoadIvrDefinitionsOptions = {}): IvrDefinition[] {
  return parseDefinitions(files, options, []);
}

/** `problems`: those found before parsing (paths that cannot be read); more are added, all reported at once. */
function parseDefinitions(files: readonly DefinitionSource[], options: LoadIvrDefinitionsOptions, problems: DefinitionProblem[]): IvrDefinition[] {
  const configKey = options.valuesConfigKey ?? "ivrs:values";
  const at = (source: SourceFile, p: Path, reason: string, where: "value" | "key" = "value"): void => {
    problems.push({ file: source.file, ...source.locate(p, where), property: formatPath(p), reason });
  };

  // 1. Files: YAML, top-level shape, resource names, value defaults.
  const raws: RawDefinition[] = [];
  const firstDefinition = new Map<string, RawDefinition>();
  let defaults: Values = {};
  const defaultOrigin = new Map<string, SourceFile>();
  for (const { file, text } of files) {
    const parsed = parseSource(file, text);
    problems.push(...parsed.problems);
    const source = parsed.source;
    if (!source) continue;
    const data = source.data;
    if (data === null || data === undefined) {
      problems.push({ file, line: 1, column: 1, property: "", reason: "is empty: a definitions file holds `ivrs:` (IVRs by resource name) and/or `values:` (default values)" });
      continue;
    }
    if (!isPlainObject(data)) {
      at(source, [], "must be a mapping with `ivrs:` (IVRs by resource name) and/or `values:` (default values)");
      continue;
    }
    for (const key of Object.keys(data)) {
      if (!TOP_LEVEL_KEYS.includes(key) && !key.startsWith("x-")) {
        const near = didYouMean(key, TOP_LEVEL_KEYS, 2);
        at(source, [key], `unknown top-level key '${key}'${near ? ` (did you mean '${near}'?)` : ""}; a definitions file holds \`ivrs:\`, \`values:\` and \`x-...:\` keys for YAML anchors`, "key");
      }
    }
    if ("values" in data) {
      if (!isPlainObject(data.values)) {
        at(source, ["values"], "must be a mapping of default values, e.g. `recordings: { welcome: \"28935\" }`");
      } else {
        for (const leaf of leafPaths(data.values)) {
          const clash = [...defaultOrigin.entries()].find(([p]) => p === leaf || p.startsWith(`${leaf}.`) || leaf.startsWith(`${p}.`));
          if (clash) {
            const other = clash[1];
            const otherAt = other.locate(["values", ...clash[0].split(".")], "key");
            at(source, ["values", ...leaf.split(".")], `a default for '${leaf}' is also given in ${other.file}${otherAt ? `:${otherAt.line}` : ""}; give each default once`, "key");
          } else {
            defaultOrigin.set(leaf, source);
          }
        }
        defaults = mergeValues(defaults, data.values);
      }
    }
    if ("ivrs" in data) {
      const ivrs = data.ivrs;
      if (!isPlainObject(ivrs)) {
        at(source, ["ivrs"], "must be a mapping of resource name -> IVR, e.g. `ivrs: { sales: { name: Sales IVR, ... } }`", "key");
        continue;
      }
      for (const [resourceName, raw] of Object.entries(ivrs)) {
        if (!RESOURCE_NAME.test(resourceName)) {
          at(source, ["ivrs", resourceName], `'${resourceName}' is not a usable resource name: use letters, digits, _ and -, starting with a letter or digit`, "key");
          raws.push({ resourceName, raw, source, usable: false });
          continue;
        }
        const first = firstDefinition.get(resourceName);
        if (first) {
          const firstAt = first.source.locate(["ivrs", resourceName], "key");
          at(source, ["ivrs", resourceName], `'${resourceName}' is already defined in ${first.source.file}${firstAt ? `:${firstAt.line}` : ""}; resource names are unique across the set`, "key");
          raws.push({ resourceName, raw, source, usable: false });
          continue;
        }
        const def = { resourceName, raw, source, usable: true };
        firstDefinition.set(resourceName, def);
        raws.push(def);
      }
    }
  }

  // 2. Values: the stack's over the files' defaults.
  let values = defaults;
  if (options.values !== undefined && options.values !== null) {
    if (!isPlainObject(options.values)) {
      problems.push({ file: `stack config ${configKey}`, property: "", reason: "must be an object of values, e.g. { recordings: { welcome: \"28935\" } }" });
    } else if (nestedDeeperThan(options.values, MAX_NESTING)) {
      problems.push({ file: `stack config ${configKey}`, property: "", reason: `is nested more than ${MAX_NESTING} levels deep` });
    } else {
      values = mergeValues(defaults, options.values);
    }
  }
  const knownValues = leafPaths(values);
  const used = new Set<string>();
  const describeMissing = (p: string) => {
    const near = nearestPath(p, knownValues);
    return (
      `no value for \${${p}}${near ? ` (did you mean \${${near}}?)` : ""}: set it for this stack ` +
      `(pulumi config set --path '${configKey}.${p}' <value>) or give a default under \`values:\` in a definitions file`
    );
  };

  // 3. Each definition on its own: placeholders, references, the IVR schema.
  const definitions: IvrDefinition[] = [];
  const referencePaths = new Map<string, Array<{ path: Array<string | number>; target: string }>>();
  // The valid IVR names of every usable definition, whatever else is wrong with it: a definition
  // with another mistake still takes part in the checks across the set.
  const ivrNames: Array<{ resourceName: string; name: string }> = [];
  for (const { resourceName, raw, source, usable } of raws) {
    const base: Array<string | number> = ["ivrs", resourceName];
    if (!isPlainObject(raw)) {
      const optional = [...IVR_SPEC.properties.filter((k) => !IVR_SPEC.requiredProperties.includes(k)), "adopt"];
      at(source, base, `must be a mapping of IVR properties: ${IVR_SPEC.requiredProperties.join(", ")} (${optional.join(", ")} optional)`, "key");
      continue;
    }
    // Properties already reported (placeholders, references): the schema's view of them would only repeat it.
    const flagged: string[] = [];
    const flag = (rel: Array<string | number>, reason: string) => {
      flagged.push(formatPath(rel));
      at(source, [...base, ...rel], reason);
    };
    const stackValues = isPlainObject(options.values) ? options.values : undefined;
    const filled = fillPlaceholders(raw, values, describeMissing, flag, used, stackValues) as Record<string, unknown>;

    const adopt = filled.adopt;
    delete filled.adopt;
    if (adopt !== undefined && typeof adopt !== "boolean") flag(["adopt"], "must be true or false");

    const refs: Array<{ path: Array<string | number>; target: string }> = [];
    for (const { path: p, value: d } of destinationsOf(filled)) {
      if (isPlainObject(d)) {
        const keys = Object.keys(d);
        const target = d.ivr;
        if (keys.length !== 1 || keys[0] !== "ivr" || (typeof target !== "string" && typeof target !== "number")) {
          flag(p, "a route to another IVR of these definitions is written `{ ivr: <resource name> }`, e.g. `destination: { ivr: sales }`");
          continue;
        }
        refs.push({ path: p, target: String(target) });
        setAt(filled, p, "ivr||0"); // stands in for the id while the rest is validated
      } else if (typeof d === "string") {
        const byName = /^\s*ivr\s*:\s*([A-Za-z0-9_-]*[A-Za-z_-][A-Za-z0-9_-]*)\s*$/.exec(d);
        const ref = parseRef(d);
        if (byName) {
          flag(p, `to route to the IVR defined as '${byName[1]}', write \`{ ivr: ${byName[1]} }\``);
        } else if (ref?.type === "ivr" && !/^\d+$/.test(ref.id)) {
          flag(p, `'${d}' names an IVR by Smartflo id, and ids are numbers; to route to the IVR defined as '${ref.id}', write \`{ ivr: ${ref.id} }\``);
        }
      }
    }

    if (usable) referencePaths.set(resourceName, refs);
    const result = validateIvr(filled);
    const nameOk = typeof filled.name === "string" && !flagged.includes("name") && (result.ok || !result.problems.some((p) => p.property === "name"));
    if (usable && nameOk) ivrNames.push({ resourceName, name: filled.name as string });
    if (!result.ok || flagged.length || !usable) {
      for (const problem of result.ok ? [] : result.problems) {
        if (flagged.some((f) => problem.property === f || problem.property.startsWith(`${f}.`) || problem.property.startsWith(`${f}[`))) continue;
        const rel = parsePath(problem.property);
        const isKey = problem.reason.startsWith("unknown property");
        at(source, [...base, ...rel], problem.reason + yamlHint(rel, filled), isKey ? "key" : "value");
      }
      continue;
    }
    const args = result.value as IvrDefinitionArgs;
    for (const ref of refs) setAt(args, ref.path, { ivr: ref.target });
    if (adopt !== undefined) args.adopt = adopt as boolean;
    definitions.push({
      resourceName,
      args,
      references: [...new Set(refs.map((r) => r.target))],
      file: source.file,
      line: source.locate(base, "key")?.line,
    });
  }

  // 4. Across the set (every usable definition, valid or not): unknown names, duplicate IVR
  // names, reference loops.
  const sourceOf = (name: string) => firstDefinition.get(name)!.source;
  for (const [from, refs] of referencePaths) {
    for (const ref of refs) {
      if (firstDefinition.has(ref.target)) continue;
      const names = [...firstDefinition.keys()];
      const near = didYouMean(ref.target, names, 2);
      at(
        sourceOf(from),
        ["ivrs", from, ...ref.path, "ivr"],
        `no IVR named '${ref.target}' in these definitions${near ? ` (did you mean '${near}'?)` : ""}; defined: ${names.join(", ") || "none"}`,
      );
    }
  }
  // Smartflo's name rule (core/names.ts): names that differ only in case or surrounding spaces clash too.
  const byIvrName = new Map<string, { resourceName: string; name: string }>();
  for (const def of ivrNames) {
    const first = byIvrName.get(nameKey(def.name));
    if (!first) {
      byIvrName.set(nameKey(def.name), def);
      continue;
    }
    const firstSource = sourceOf(first.resourceName);
    const firstLine = firstSource.locate(["ivrs", first.resourceName, "name"])?.line;
    at(
      sourceOf(def.resourceName),
      ["ivrs", def.resourceName, "name"],
      `IVR name '${def.name}' is also the name of ivrs.${first.resourceName} ('${first.name}', ${firstSource.file}${firstLine ? `:${firstLine}` : ""}); ` +
        "Smartflo compares IVR names trimmed and case-insensitively, and they are unique in the account",
    );
  }
  const edges = new Map([...referencePaths].map(([from, refs]) => [from, [...new Set(refs.map((r) => r.target))].filter((t) => referencePaths.has(t))]));
  for (const cycle of dependencyOrder([...referencePaths.keys()], edges).cycles) {
    const from = cycle[0]!;
    const to = cycle[1 % cycle.length]!;
    const edge = referencePaths.get(from)!.find((r) => r.target === to)!;
    at(sourceOf(from), ["ivrs", from, ...edge.path], cycleReason(cycle));
  }

  if (problems.length) throw new IvrDefinitionError(problems);

  if (options.values && isPlainObject(options.values)) {
    const unused = leafPaths(options.values).filter((p) => ![...used].some((u) => u === p || p.startsWith(`${u}.`)));
    if (unused.length) {
      const hints = unused.map((p) => {
        const near = nearestPath(p, [...used]);
        return near ? `${p} (did you mean ${near}?)` : p;
      });
      const warn = options.onWarning ?? ((m: string) => void pulumi.log.warn(m));
      warn(`${configKey} sets values that no IVR definition uses: ${hints.join(", ")}`);
    }
  }
  return definitions;
}

function cycleReason(cycle: string[]): string {
  const loop = [...cycle, cycle[0]].join(" -> ");
  const self = cycle.length === 1;
  return (
    `${self ? `IVR '${cycle[0]}' routes to itself by name` : `reference loop ${loop}`}: Pulumi creates an IVR before the IVRs ` +
    "that route to it, so IVRs cannot route to each other by name in a loop. Route one step of the loop by " +
    "Smartflo id instead (e.g. `destination: ivr||${ivrIds.sales}` with the id, known after a first `pulumi up`, " +
    "in the stack's values), or through a department or extension"
  );
}

/** Replaces placeholders in every string of a definition (keys are left alone). */
function fillPlaceholders(
  node: unknown,
  values: Values,
  describeMissing: (p: string) => string,
  report: (p: Array<string | number>, reason: string) => void,
  used: Set<string>,
  stackValues: Values | undefined,
  p: Array<string | number> = [],
): unknown {
  if (typeof node === "string") {
    if (!hasPlaceholder(node)) return node;
    const agentId = /^\s*(extension|agent)\s*\|\|?\s*\$\{\s*([^}\s]+)\s*\}\s*$/.exec(node);
    const fromStack = agentId && stackValues ? lookupValue(stackValues, agentId[2]!) : undefined;
    if (typeof fromStack === "number") {
      // Pulumi reads stack config as YAML: an unquoted 05047530000 arrives as a number (octal!).
      report(p, `\${${agentId![2]}} is the number ${fromStack} in the stack config, not an ${agentId![1]} id: write ids as quoted strings ("05047530000"), since YAML reads an unquoted id with a leading 0 as a number`);
      return node;
    }
    const s = substitute(node, values, describeMissing);
    s.used.forEach((u) => used.add(u));
    s.problems.forEach((reason) => report(p, reason));
    return s.value;
  }
  if (Array.isArray(node)) return node.map((v, i) => fillPlaceholders(v, values, describeMissing, report, used, stackValues, [...p, i]));
  if (isPlainObject(node)) {
    const out: Record<string, unknown> = {};
    for (const [k, v] of Object.entries(node)) setOwn(out, k, fillPlaceholders(v, values, describeMissing, report, used, stackValues, [...p, k]));
    return out;
  }
  return node;
}

/** YAML-specific advice for a few mistakes only YAML makes. */
function yamlHint(rel: Array<string | number>, filled: Record<string, unknown>): string {
  if (rel[rel.length - 1] !== "key") return "";
  let node: unknown = filled;
  for (const s of rel) node = (node as Record<string | number, unknown> | undefined)?.[s];
  return node === null ? ' (in YAML, quote the DTMF keys # and *: key: "#"; an unquoted # starts a comment)' : "";
}
