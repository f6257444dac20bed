/**
 * Parses definition files already read: YAML with top-level sections (`ivrs:`, `departments:`,
 * `timeGroups:`, `numbers:`; resource name -> args) and optional `values:` defaults. Every
 * definition is validated with its kind's spec, the same rules as the resource's `check`;
 * placeholders, routes by name (across kinds), duplicate names and loops are resolved or
 * reported here, all at once, before any resource is declared.
 */
import * as pulumi from "@pulumi/pulumi";
import { nameKey } from "../core/names";
import { formatPath, parsePath } from "../core/problems";
import { parseRef } from "../core/refs";
import { didYouMean } from "../core/text";
import { setAt } from "../core/walk";
import { DefinitionError, DefinitionProblem } from "./errors";
import { dependencyOrder } from "./graph";
import { ROUTABLE, RoutableSection, SECTIONS, SECTION_NAMES, Section, routableIn, sectionOfKey, specOf } from "./sections";
import { MAX_NESTING, Path, SourceFile, parseSource } from "./source";
import { Definition, Definitions, RouteByName, destinationsOf } from "./types";
import { Values, fillPlaceholders, isPlainObject, leafPaths, mergeValues, nearestPath, nestedDeeperThan } from "./values";

export interface ParseOptions {
  /**
   * Values for `${...}` placeholders, usually the stack's structured config:
   * `new pulumi.Config("ivrs").getObject("values")`. They override the `values:` defaults
   * written in definition files.
   */
  values?: Values;
  /** The stack config key the values come from, named in hints. Default `ivrs:values`. */
  valuesConfigKey?: string;
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
const TOP_LEVEL_KEYS: readonly string[] = [...SECTION_NAMES, "values"];
const HOLDS = `${SECTION_NAMES.map((s) => `\`${s}:\``).join(", ")} (each by resource name) and/or \`values:\` (default values)`;

interface RawDefinition {
  section: Section;
  resourceName: string;
  raw: unknown;
  source: SourceFile;
  /** False when the resource name is unusable or already taken: its content is checked, not declared. */
  usable: boolean;
}

/** A route by name found in a definition, with where it is written (relative to the definition). */
interface FoundRoute extends RouteByName {
  path: Array<string | number>;
  key: string;
}

/** Every definition of the files; throws `DefinitionError` listing every problem of every file. */
export function parseDefinitions(files: readonly DefinitionSource[], options: ParseOptions = {}): Definitions {
  return parseSources(files, options, []);
}

/**
 * `parseDefinitions`, after `earlier` problems (paths that could not be read): the files that
 * could be read are still checked, and every problem is reported at once.
 */
export function parseSources(files: readonly DefinitionSource[], options: ParseOptions, earlier: readonly DefinitionProblem[]): Definitions {
  const problems: DefinitionProblem[] = [...earlier];
  const configKey = options.valuesConfigKey ?? "ivrs:values";
  const at = (source: SourceFile, p: Path, reason: string, where: "value" | "key" = "value"): void => {
    problems.push({ file: source.file, ...source.locate(p, where), property: formatPath(p), reason });
  };

  // 1. Files: YAML, top-level shape, resource names, value defaults.
  const raws: RawDefinition[] = [];
  const first = new Map<string, RawDefinition>(); // `${section}.${resourceName}`
  let defaults: Values = {};
  const defaultOrigin = new Map<string, SourceFile>();
  for (const { file, text } of files) {
    const parsed = parseSource(file, text);
    problems.push(...parsed.problems);
    const source = parsed.source;
    if (!source) continue;
    const data = source.data;
    if (data === null || data === undefined) {
      problems.push({ file, line: 1, column: 1, property: "", reason: `is empty: a definitions file holds ${HOLDS}` });
      continue;
    }
    if (!isPlainObject(data)) {
      at(source, [], `must be a mapping with ${HOLDS}`);
      continue;
    }
    for (const key of Object.keys(data)) {
      if (!TOP_LEVEL_KEYS.includes(key) && !key.startsWith("x-")) {
        const near = didYouMean(key, TOP_LEVEL_KEYS, 2);
        at(source, [key], `unknown top-level key '${key}'${near ? ` (did you mean '${near}'?)` : ""}; a definitions file holds ${SECTION_NAMES.map((s) => `\`${s}:\``).join(", ")}, \`values:\` and \`x-...:\` keys for YAML anchors`, "key");
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
    for (const section of SECTION_NAMES) {
      if (!(section in data)) continue;
      const entries = data[section];
      if (!isPlainObject(entries)) {
        at(source, [section], `must be a mapping of resource name -> ${SECTIONS[section].noun}, e.g. ${SECTIONS[section].example}`, "key");
        continue;
      }
      for (const [resourceName, raw] of Object.entries(entries)) {
        if (!RESOURCE_NAME.test(resourceName)) {
          at(source, [section, resourceName], `'${resourceName}' is not a usable resource name: use letters, digits, _ and -, starting with a letter or digit`, "key");
          raws.push({ section, resourceName, raw, source, usable: false });
          continue;
        }
        const taken = first.get(`${section}.${resourceName}`);
        if (taken) {
          const takenAt = taken.source.locate([section, resourceName], "key");
          at(source, [section, resourceName], `'${resourceName}' is already defined in ${taken.source.file}${takenAt ? `:${takenAt.line}` : ""}; resource names are unique across the set`, "key");
          raws.push({ section, resourceName, raw, source, usable: false });
          continue;
        }
        const def = { section, resourceName, raw, source, usable: true };
        first.set(`${section}.${resourceName}`, def);
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

  // 3. Each definition on its own: placeholders, routes by name, its kind's schema.
  const definitions: Definition[] = [];
  const routesFound = new Map<string, FoundRoute[]>();
  // The unique values (names; a number's number) of every usable definition, whatever else is
  // wrong with it: a definition with another mistake still takes part in the checks across the set.
  const uniques: UniqueValue[] = [];
  for (const { section, resourceName, raw, source, usable } of raws) {
    const spec = specOf(section);
    const base: Array<string | number> = [section, resourceName];
    if (!isPlainObject(raw)) {
      const optional: string[] = spec.properties.filter((k) => !spec.requiredProperties.includes(k));
      if (adoptable(section)) optional.push("adopt");
      at(source, base, `must be a mapping of ${SECTIONS[section].noun} properties: ${spec.requiredProperties.join(", ")}${optional.length ? ` (${optional.join(", ")} optional)` : ""}`, "key");
      continue;
    }
    // Properties already reported (placeholders, routes): the schema's view of them would only repeat it.
    const flagged: string[] = [];
    const flag = (rel: Array<string | number>, reason: string) => {
      flagged.push(formatPath(rel));
      at(source, [...base, ...rel], reason);
    };
    const stackValues = isPlainObject(options.values) ? options.values : undefined;
    const filled = fillPlaceholders(raw, values, describeMissing, flag, used, stackValues) as Record<string, unknown>;

    const adopt = filled.adopt;
    delete filled.adopt;
    if (adopt !== undefined && !adoptable(section)) flag(["adopt"], spec.withoutAdopt!);
    else if (adopt !== undefined && typeof adopt !== "boolean") flag(["adopt"], "must be true or false");

    const routes = findRoutes(section, filled, flag);
    if (usable) routesFound.set(`${section}.${resourceName}`, routes);
    const result = spec.validate(filled);
    const { property } = SECTIONS[section].unique;
    const unique = filled[property];
    const uniqueOk = (typeof unique === "string" || typeof unique === "number") && !flagged.includes(property) &&
      (result.ok || !result.problems.some((p) => p.property === property));
    if (usable && uniqueOk) uniques.push({ section, resourceName, value: String(unique) });
    if (!result.ok || flagged.length || !usable) {
      for (const problem of result.ok ? [] : result.problems) {
        if (flagged.some((f) => problem.property === f || problem.property.startsWith(`${f}.`) || problem.property.startsWith(`${f}[`))) continue;
        const rel = parsePath(problem.property);
        const isKey = problem.reason.startsWith("unknown property");
        at(source, [...base, ...rel], problem.reason + yamlHint(rel, filled), isKey ? "key" : "value");
      }
      continue;
    }
    const args = result.value as Record<string, unknown>;
    for (const r of routes) setAt(args, r.path, { [r.key]: r.resourceName });
    if (adopt !== undefined && adoptable(section)) args.adopt = adopt;
    const routesTo = uniqueRoutes(routes);
    const definition = { section, resourceName, args, routesTo, file: source.file, line: source.locate(base, "key")?.line } as Definition;
    if (definition.section === "ivrs") definition.references = routesTo.filter((r) => r.section === "ivrs").map((r) => r.resourceName);
    definitions.push(definition);
  }

  // 4. Across the set: unknown names, names used twice, loops.
  const sourceOf = (section: Section, name: string) => first.get(`${section}.${name}`)!.source;
  for (const [from, routes] of routesFound) {
    const [section, name] = splitKey(from);
    for (const r of routes) {
      if (first.has(`${r.section}.${r.resourceName}`)) continue;
      const defined = raws.filter((d) => d.usable && d.section === r.section).map((d) => d.resourceName);
      const near = didYouMean(r.resourceName, defined, 2);
      at(
        sourceOf(section, name),
        [section, name, ...r.path, r.key],
        `no ${SECTIONS[r.section].noun} named '${r.resourceName}' in these definitions${near ? ` (did you mean '${near}'?)` : ""}; defined: ${defined.join(", ") || "none"}`,
      );
    }
  }
  for (const clash of clashes(uniques)) {
    const { property } = SECTIONS[clash.section].unique;
    const { file } = sourceOf(clash.section, clash.first.resourceName);
    const line = sourceOf(clash.section, clash.first.resourceName).locate([clash.section, clash.first.resourceName, property])?.line;
    at(sourceOf(clash.section, clash.resourceName), [clash.section, clash.resourceName, property], clashReason(clash, `${file}${line ? `:${line}` : ""}`));
  }
  // Loops among every usable definition, valid or not.
  const edges = new Map([...routesFound].map(([from, routes]) => [from, [...new Set(routes.map(routeKey))].filter((k) => routesFound.has(k))]));
  for (const cycle of dependencyOrder([...routesFound.keys()], edges).cycles) {
    const [section, name] = splitKey(cycle[0]!);
    const to = cycle[1 % cycle.length]!;
    const edge = routesFound.get(cycle[0]!)!.find((r) => routeKey(r) === to)!;
    at(sourceOf(section, name), [section, name, ...edge.path], cycleReason(cycle));
  }

  if (problems.length) throw new DefinitionError(problems);

  if (options.values && isPlainObject(options.values)) {
    const unused = leafPaths(options.values).filter((p) => ![...used].some((u) => u === p || p.startsWith(`${u}.`)));
    if (unused.length) {
      const hints = unused.map((p) => {
        const near = nearestPath(p, [...used]);
        return near ? `${p} (did you mean ${near}?)` : p;
      });
      const warn = options.onWarning ?? ((m: string) => void pulumi.log.warn(m));
      warn(`${configKey} sets values that no definition uses: ${hints.join(", ")}`);
    }
  }
  const out: Definitions = { ivrs: [], departments: [], timeGroups: [], numbers: [] };
  for (const d of definitions) (out[d.section] as Definition[]).push(d);
  return out;
}

/** The routes by name in a definition's destinations; a malformed one is reported instead. */
function findRoutes(section: Section, filled: Record<string, unknown>, flag: (p: Array<string | number>, reason: string) => void): FoundRoute[] {
  const routes: FoundRoute[] = [];
  for (const { path: p, value: d, context } of destinationsOf(section, filled)) {
    const allowed = routableIn(context);
    const written = allowed.map((s) => `\`{ ${SECTIONS[s].referenceKey}: <resource name> }\``);
    if (isPlainObject(d)) {
      const keys = Object.keys(d);
      const target = keys.length === 1 ? sectionOfKey(keys[0]!) : undefined;
      const name = target ? d[keys[0]!] : undefined;
      if (allowed.length === 0) {
        flag(p, "takes no route by name here");
      } else if (!target || (typeof name !== "string" && typeof name !== "number")) {
        flag(p, `a route to another definition of the set is written ${written.join(", ").replace(/, ([^,]*)$/, " or $1")}, e.g. \`destination: { ${SECTIONS[allowed[0]!].referenceKey}: sales }\``);
      } else if (!allowed.includes(target)) {
        flag(p, `cannot route to ${aNoun(target)} here; it can route by name to ${allowed.map((s) => `${SECTIONS[s].noun}s`).join(", ")}`);
      } else {
        routes.push({ section: target, resourceName: String(name), path: p, key: keys[0]! });
        setAt(filled, p, `${SECTIONS[target].routedAs}||0`); // stands in for the id while the rest is validated
      }
    } else if (typeof d === "string") {
      const byName = /^\s*([A-Za-z]+)\s*:\s*([A-Za-z0-9_-]*[A-Za-z_-][A-Za-z0-9_-]*)\s*$/.exec(d);
      const named = byName ? sectionOfKey(byName[1]!) : undefined;
      const ref = parseRef(d);
      const byIdOf = ref ? ROUTABLE.find((s) => SECTIONS[s].routedAs === ref.type) : undefined;
      if (named && byName) {
        flag(p, `to route to the ${SECTIONS[named].noun} defined as '${byName[2]}', write \`{ ${byName[1]}: ${byName[2]} }\``);
      } else if (ref && byIdOf && !/^\d+$/.test(ref.id)) {
        const noun = SECTIONS[byIdOf].noun;
        flag(p, `'${d}' names ${aNoun(byIdOf)} by Smartflo id, and ids are numbers; to route to the ${noun} defined as '${ref.id}', write \`{ ${SECTIONS[byIdOf].referenceKey}: ${ref.id} }\``);
      }
    }
  }
  return routes;
}

/** Whether the kind takes `adopt` (a number routing always takes the number over). */
function adoptable(section: Section): boolean {
  return specOf(section).withoutAdopt === undefined;
}

function aNoun(section: RoutableSection): string {
  const noun = SECTIONS[section].noun;
  return /^[aeiouAEIOU]/.test(noun) ? `an ${noun}` : `a ${noun}`;
}

function routeKey(r: RouteByName): string {
  return `${r.section}.${r.resourceName}`;
}

function splitKey(key: string): [Section, string] {
  const dot = key.indexOf(".");
  return [key.slice(0, dot) as Section, key.slice(dot + 1)];
}

function uniqueRoutes(routes: readonly FoundRoute[]): RouteByName[] {
  const seen = new Map<string, RouteByName>();
  for (const r of routes) if (!seen.has(routeKey(r))) seen.set(routeKey(r), { section: r.section, resourceName: r.resourceName });
  return [...seen.values()];
}

/** A definition's value that must be unique in the account (its name; a number's number). */
interface UniqueValue {
  section: Section;
  resourceName: string;
  value: string;
}

/** A value unique in the account, compared as Smartflo compares it (core/names.ts; a number's digits). */
function uniqueKey(section: Section, value: string): string {
  return section === "numbers" ? value.replace(/\D/g, "") : nameKey(value);
}

/** Per section, each value given again after its first definition, with that first one. */
function clashes(values: readonly UniqueValue[]): Array<UniqueValue & { first: UniqueValue }> {
  const firstOf = new Map<string, UniqueValue>();
  const found: Array<UniqueValue & { first: UniqueValue }> = [];
  for (const v of values) {
    const key = `${v.section}|${uniqueKey(v.section, v.value)}`;
    const first = firstOf.get(key);
    if (first) found.push({ ...v, first });
    else firstOf.set(key, v);
  }
  return found;
}

function clashReason(clash: UniqueValue & { first: UniqueValue }, where: string): string {
  const { property, label, rule } = SECTIONS[clash.section].unique;
  return `${label} '${clash.value}' is also the ${property} of ${clash.section}.${clash.first.resourceName} ('${clash.first.value}', ${where}); ${rule}`;
}

function cycleReason(cycle: string[]): string {
  const sections = new Set(cycle.map((k) => splitKey(k)[0]));
  const only = sections.size === 1 ? [...sections][0]! : undefined;
  const display = (k: string) => (only ? splitKey(k)[1] : k);
  const loop = [...cycle, cycle[0]!].map(display).join(" -> ");
  const noun = only ? SECTIONS[only].noun : "definition";
  const why =
    only === "ivrs"
      ? "Pulumi creates an IVR before the IVRs that route to it, so IVRs cannot route to each other by name in a loop"
      : "Pulumi creates what is routed to before what routes to it, so definitions cannot route to each other by name in a loop";
  return (
    `${cycle.length === 1 ? `${noun.replace(/^./, (c) => c.toUpperCase())} '${display(cycle[0]!)}' routes to itself by name` : `reference loop ${loop}`}: ${why}. ` +
    "Route one step of the loop by Smartflo id instead (e.g. `destination: ivr||${ivrIds.sales}` with the id, known after a first " +
    "`pulumi up`, in the stack's values), or through an extension"
  );
}

/** YAML-specific advice for a few mistakes only YAML makes. */
function yamlHint(rel: Array<string | number>, filled: Record<string, unknown>): string {
  if (rel[rel.length - 1] !== "key") return "";
  let node: unknown = filled;
  for (const s of rel) node = (node as Record<string | number, unknown> | undefined)?.[s];
  return node === null ? ' (in YAML, quote the DTMF keys # and *: key: "#"; an unquoted # starts a comment)' : "";
}
