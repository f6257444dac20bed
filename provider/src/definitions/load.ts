/**
 * Reads definition files from disk: a directory (every `*.yaml` / `*.yml` under it, in path
 * order; hidden entries skipped), a file, or a list of either; then parses them (parse.ts).
 */
import * as fs from "fs";
import * as path from "path";
import { DefinitionError, DefinitionProblem } from "./errors";
import { DefinitionSource, ParseOptions, parseSources } from "./parse";
import { SECTION_NAMES } from "./sections";
import type { Definition, Definitions, IvrDefinition } from "./types";

export interface LoadDefinitionsOptions extends ParseOptions {
  /** File names in messages are relative to this directory. Default: the working directory. */
  baseDir?: string;
}
/** The options of `loadIvrDefinitions` (the same as `loadDefinitions`'). */
export type LoadIvrDefinitionsOptions = LoadDefinitionsOptions;
export type { DefinitionSource };

const EXTENSIONS = /\.ya?ml$/i;

/**
 * Reads every definition (`ivrs:`, `departments:`, `timeGroups:`, `numbers:`) from YAML files.
 * Throws `DefinitionError` listing every problem with its file, line and property path.
 */
export function loadDefinitions(paths: string | readonly string[], options: LoadDefinitionsOptions = {}): Definitions {
  const { sources, problems } = readSources(paths, options.baseDir);
  // The files that could be read are still checked: one run lists every problem.
  return parseSources(sources, options, problems);
}

/**
 * Reads IVR definitions (`ivrs:`) from YAML files, as 0.1.0 did. Files that also define
 * departments, time groups or numbers are refused: `loadDefinitions` reads those.
 */
export function loadIvrDefinitions(paths: string | readonly string[], options: LoadIvrDefinitionsOptions = {}): IvrDefinition[] {
  const { sources, problems } = readSources(paths, options.baseDir);
  return ivrsOnly(parseSources(sources, options, problems));
}

/** The same as `loadIvrDefinitions`, for files already read. */
export function parseIvrDefinitions(files: readonly DefinitionSource[], options: ParseOptions = {}): IvrDefinition[] {
  return ivrsOnly(parseSources(files, options, []));
}

function ivrsOnly(all: Definitions): IvrDefinition[] {
  const others = SECTION_NAMES.filter((s) => s !== "ivrs").flatMap((s): Definition[] => all[s]);
  if (others.length > 0) {
    throw new DefinitionError(
      others.map((d) => ({
        file: d.file,
        line: d.line,
        property: `${d.section}.${d.resourceName}`,
        reason: "loadIvrDefinitions reads IVRs only: load files with departments, time groups or numbers with loadDefinitions, and declare them with deployDefinitions",
      })),
    );
  }
  return all.ivrs;
}

/** The files under `paths`, and a problem for each path that cannot be read. */
function readSources(paths: string | readonly string[], baseDirOption: string | undefined): { sources: DefinitionSource[]; problems: DefinitionProblem[] } {
  const baseDir = path.resolve(baseDirOption ?? process.cwd());
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
  return { sources, problems };
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
