/**
 * The definitions a command reads: a folder or file of definitions (default `ivrs/`; every
 * section: IVRs, departments, time groups, numbers), loaded by
 * `loadDefinitions` with the values of `--values FILE` (a YAML or JSON file of values, or a
 * stack's `Pulumi.<stack>.yaml`, whose `ivrs:values` is used, as the program would).
 */
import * as fs from "fs";
import * as path from "path";
import type { Command } from "commander";
import { LineCounter, isMap, parseDocument } from "yaml";
import { DefinitionError, formatProblem } from "../definitions/errors";
import { loadDefinitions as loadAllDefinitions } from "../definitions/load";
import type { Definitions } from "../definitions/types";
import type { Values } from "../definitions/values";
import { CliError, EXIT, Io, line } from "./io";

export const DEFAULT_DIR = "ivrs";
const VALUES_KEY = "ivrs:values";

export interface DefinitionFlags {
  values?: string;
}

export function withDefinitionFlags(cmd: Command): Command {
  return cmd.option("--values <file>", `values for \${...} placeholders: a YAML/JSON file of values, or a stack's Pulumi.<stack>.yaml (its ${VALUES_KEY})`);
}

/**
 * The folder or file to read: the one given, else `ivrs/` when it exists. Undefined when neither
 * (the command may then read the account instead).
 */
export function definitionsPath(given: string | undefined, io: Io): string | undefined {
  if (given !== undefined) return given;
  return fs.existsSync(path.resolve(io.cwd, DEFAULT_DIR)) ? DEFAULT_DIR : undefined;
}

export function readValues(file: string | undefined, io: Io): Values | undefined {
  if (file === undefined) return undefined;
  const abs = path.resolve(io.cwd, file);
  let text: string;
  try {
    text = fs.readFileSync(abs, "utf8");
  } catch (err) {
    throw new CliError(EXIT.usage, `--values ${file}: cannot be read (${(err as NodeJS.ErrnoException).code ?? (err as Error).message})`);
  }
  const lineCounter = new LineCounter();
  const doc = parseDocument(text, { prettyErrors: false, lineCounter });
  if (doc.errors.length) {
    const e = doc.errors[0]!;
    const at = lineCounter.linePos(e.pos[0]);
    throw new CliError(EXIT.usage, `${file}:${at.line}:${at.col}: YAML syntax: ${e.message.split(" at line")[0]}`);
  }
  if (!isMap(doc.contents)) throw new CliError(EXIT.usage, `--values ${file}: must be a mapping of values (or a Pulumi.<stack>.yaml with config: ${VALUES_KEY})`);
  const data = doc.toJS() as Record<string, unknown>;
  if (data.config !== undefined && typeof data.config === "object" && data.config !== null) {
    const values = (data.config as Record<string, unknown>)[VALUES_KEY];
    if (values === undefined) return {};
    if (typeof values !== "object" || values === null || Array.isArray(values)) {
      throw new CliError(EXIT.usage, `${file}: config.${VALUES_KEY} must be a mapping of values`);
    }
    return values as Values;
  }
  return data as Values;
}

/**
 * Loads the definitions; problems (which the loader reports all at once, with file, line and
 * column) end the command with exit code 2, unless `onProblems` takes them (lint does).
 */
export function loadDefinitions(
  where: string,
  flags: DefinitionFlags,
  io: Io,
  onProblems?: (err: DefinitionError) => void,
): Definitions | undefined {
  const values = readValues(flags.values, io);
  try {
    return loadAllDefinitions(where, { values, baseDir: io.cwd, onWarning: (m) => line(io.stderr, `warning: ${m}`) });
  } catch (err) {
    if (!(err instanceof DefinitionError)) throw err;
    // A path that is not there (or holds no definitions) is a usage error, not a finding.
    const aboutPaths = err.problems.every((p) => p.line === undefined && p.property === "");
    if (onProblems && !aboutPaths) {
      onProblems(err);
      return undefined;
    }
    const n = err.problems.length;
    throw new CliError(EXIT.usage, `the definitions in ${where} do not load (${n} problem${n === 1 ? "" : "s"}):\n${err.problems.map((p) => `  ${formatProblem(p)}`).join("\n")}`);
  }
}
