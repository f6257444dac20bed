/**
 * Lint: the rules (rules.ts) run over definitions or an account, with each finding placed where a
 * person fixes it: `file:line:column` and the property path for definitions, the object and the
 * property for an account. The same functions serve `smartflo lint` and programs that want a
 * stack to fail `pulumi preview` on them (`assertLintClean`).
 */
import * as fs from "fs";
import * as path from "path";
import * as pulumi from "@pulumi/pulumi";
import { formatPath } from "../../core/problems";
import { DefinitionProblem, DefinitionError } from "../../definitions/errors";
import type { DefinitionSource } from "../../definitions/load";
import { SourceFile, parseSource } from "../../definitions/source";
import type { Definitions, IvrDefinition } from "../../definitions/types";
import type { AccountSnapshot } from "../account";
import { ToolInputError } from "../errors";
import { RoutingGraph, SECTION_OF, buildRoutingGraph, describeNode } from "../graph";
import { RULES, RULE_CHECKS, RawFinding, RuleId, Severity } from "./rules";

export interface LintFinding {
  /** The rule's id (`definitions` for a definitions file that does not load). */
  rule: RuleId | "definitions";
  severity: Severity;
  message: string;
  /** What it is about, e.g. `IVR support "Support IVR"` or `IVR 8001 "Main"`. */
  subject?: string;
  /**
   * The property: from the document root for definitions (`ivrs.support.options[1].destination`),
   * within the object for an account's (`options[1].destination`).
   */
  property?: string;
  file?: string;
  line?: number;
  column?: number;
}

export interface LintOptions {
  /** Check destinations and recordings against this account, and take its numbers as the ways in. */
  account?: AccountSnapshot;
  /** Entry IVRs (resource names, IVR names or ids): IVRs that numbers answer with. */
  entries?: readonly string[];
  /** Change a rule's severity, or turn it off. */
  rules?: Partial<Record<RuleId, Severity | "off">>;
  /** Where definition file names are relative to (to find lines and columns). Default: the working directory. */
  baseDir?: string;
  /** The files' texts, when they are not on disk (definitions from `parseIvrDefinitions`). */
  sources?: readonly DefinitionSource[];
}

/**
 * Lints definitions (every section, or IVRs alone): the routing rules over the definitions (and,
 * with `account`, the account around them). Returns the findings, errors first, then by file and line.
 */
export function lintDefinitions(definitions: Definitions | readonly IvrDefinition[], options: LintOptions = {}): LintFinding[] {
  const graph = buildRoutingGraph({ definitions, account: options.account });
  const subjects = new Set([...graph.nodes.values()].filter((n) => n.origin.source === "definitions").map((n) => n.key));
  return place(run(graph, subjects, options), graph, options);
}

/** Lints an account as it is: every IVR, department, time group and number it holds. */
export function lintAccount(account: AccountSnapshot, options: Omit<LintOptions, "account" | "sources" | "baseDir"> = {}): LintFinding[] {
  const graph = buildRoutingGraph({ account });
  return place(run(graph, new Set(graph.nodes.keys()), { ...options, account }), graph, {});
}

/** The problems of definitions that do not load, as findings of the rule `definitions`. */
export function findingsOfDefinitionError(err: DefinitionError): LintFinding[] {
  return err.problems.map((p) => ({
    rule: "definitions",
    severity: "error",
    message: p.reason,
    property: p.property || undefined,
    file: p.file,
    line: p.line,
    column: p.column,
  }));
}

export interface AssertLintOptions {
  /** Fail on warnings too. */
  strict?: boolean;
  /** Receives each warning that does not fail. Default: `pulumi.log.warn`. */
  onWarning?: (message: string) => void;
}

/**
 * Throws an `DefinitionError` (which `pulumi preview` prints without a stack trace) when the
 * findings hold an error, or with `strict` any finding; reports the other warnings.
 */
export function assertLintClean(findings: readonly LintFinding[], options: AssertLintOptions = {}): void {
  const failing = findings.filter((f) => f.severity === "error" || options.strict);
  const warn = options.onWarning ?? ((m: string) => void pulumi.log.warn(m));
  // pulumi.log.warn says "warning:" itself.
  for (const f of findings) if (!failing.includes(f)) warn(formatFinding(f, { severity: false }));
  if (failing.length === 0) return;
  throw new DefinitionError(
    failing.map((f): DefinitionProblem => ({
      file: f.file ?? f.subject ?? "account",
      line: f.line,
      column: f.column,
      property: f.property ?? "",
      reason: `${f.message} [${f.rule}]`,
    })),
  );
}

/** `ivrs/support.yaml:12:22: error: ivrs.support.options[1].destination: ... [missing-destination]` */
export function formatFinding(f: LintFinding, options: { severity?: boolean } = {}): string {
  const where = f.file
    ? `${f.file}${f.line === undefined ? "" : `:${f.line}${f.column === undefined ? "" : `:${f.column}`}`}`
    : f.subject ?? "account";
  const severity = options.severity === false ? "" : `${f.severity}: `;
  return `${where}: ${severity}${f.property ? `${f.property}: ` : ""}${f.message} [${f.rule}]`;
}

function run(graph: RoutingGraph, subjects: Set<string>, options: LintOptions): Array<RawFinding & { severity: Severity }> {
  const entries = new Set<string>();
  for (const e of options.entries ?? []) {
    const found = graph.findIvr(e);
    if (!found) throw new ToolInputError(`the entry IVR '${e}' is not among the IVRs (${graph.ivrs().map(describeNode).join(", ") || "none"})`);
    entries.add(found.key);
  }
  const ctx = { graph, subjects, entries, account: options.account };
  const out: Array<RawFinding & { severity: Severity }> = [];
  for (const id of Object.keys(RULES) as RuleId[]) {
    const setting = options.rules?.[id] ?? RULES[id].severity;
    if (setting === "off") continue;
    for (const f of RULE_CHECKS[id](ctx)) out.push({ ...f, severity: setting });
  }
  return out;
}

/** Findings with their file, line and column (definitions) or their object (account). */
function place(raw: Array<RawFinding & { severity: Severity }>, graph: RoutingGraph, options: LintOptions): LintFinding[] {
  const baseDir = path.resolve(options.baseDir ?? process.cwd());
  const parsed = new Map<string, SourceFile | undefined>();
  const sourceOf = (file: string): SourceFile | undefined => {
    if (!parsed.has(file)) {
      let text = options.sources?.find((s) => s.file === file)?.text;
      if (text === undefined) {
        try {
          text = fs.readFileSync(path.resolve(baseDir, file), "utf8");
        } catch {
          text = undefined; // the key's line (kept by the loader) is all there is then
        }
      }
      parsed.set(file, text === undefined ? undefined : parseSource(file, text).source);
    }
    return parsed.get(file);
  };
  const findings = raw.map((f): LintFinding => {
    const node = graph.node(f.node)!;
    const base = { rule: f.rule, severity: f.severity, message: f.message, subject: describeNode(node) };
    if (node.origin.source === "account") return { ...base, property: f.property ? formatPath(f.property) : undefined };
    const p = [SECTION_OF[node.kind], node.origin.resourceName, ...(f.property ?? [])];
    const at = sourceOf(node.origin.file)?.locate(p, f.property ? "value" : "key");
    return { ...base, property: formatPath(p), file: node.origin.file, line: at?.line ?? node.origin.line, column: at?.column };
  });
  const rank = (s: Severity) => (s === "error" ? 0 : 1);
  return findings.sort(
    (a, b) =>
      rank(a.severity) - rank(b.severity) ||
      (a.file ?? a.subject ?? "").localeCompare(b.file ?? b.subject ?? "") ||
      (a.line ?? 0) - (b.line ?? 0) ||
      (a.column ?? 0) - (b.column ?? 0),
  );
}
