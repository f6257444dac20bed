/**
 * Lint findings as text (one `file:line:column: severity: ...` line each, which editors and CI
 * logs turn into links), as JSON, or as GitHub Actions workflow commands, which GitHub shows as
 * annotations on the pull request's changed lines.
 */
import { LintFinding, formatFinding } from "./lint";

export type LintFormat = "text" | "json" | "github";
export const LINT_FORMATS: readonly LintFormat[] = ["text", "json", "github"];

export function formatFindings(findings: readonly LintFinding[], format: LintFormat): string {
  if (format === "json") {
    const count = (s: string) => findings.filter((f) => f.severity === s).length;
    return `${JSON.stringify({ errors: count("error"), warnings: count("warning"), findings }, null, 2)}\n`;
  }
  if (format === "github") return findings.map((f) => `${githubAnnotation(f)}\n`).join("");
  return findings.map((f) => `${formatFinding(f)}\n`).join("") + `${summary(findings)}\n`;
}

/** `2 errors, 1 warning` (or `no problems`). */
export function summary(findings: readonly LintFinding[]): string {
  const errors = findings.filter((f) => f.severity === "error").length;
  const warnings = findings.length - errors;
  if (findings.length === 0) return "no problems";
  const plural = (n: number, w: string) => `${n} ${w}${n === 1 ? "" : "s"}`;
  return `${plural(errors, "error")}, ${plural(warnings, "warning")}`;
}

/**
 * `::error file=ivrs/a.yaml,line=3,col=5,title=smartflo lint (rule)::message`. Findings about an
 * account object have no file: GitHub shows them on the run's summary.
 */
function githubAnnotation(f: LintFinding): string {
  const props: string[] = [];
  if (f.file) props.push(`file=${property(f.file)}`);
  if (f.line !== undefined) props.push(`line=${f.line}`);
  if (f.column !== undefined) props.push(`col=${f.column}`);
  props.push(`title=${property(`smartflo lint (${f.rule})`)}`);
  const subject = f.file ? "" : `${f.subject ?? "account"}: `;
  const text = `${subject}${f.property ? `${f.property}: ` : ""}${f.message}`;
  return `::${f.severity} ${props.join(",")}::${data(text)}`;
}

// The escapes of GitHub's workflow commands (as @actions/core writes them).
function data(s: string): string {
  return s.replace(/%/g, "%25").replace(/\r/g, "%0D").replace(/\n/g, "%0A");
}

function property(s: string): string {
  return data(s).replace(/:/g, "%3A").replace(/,/g, "%2C");
}
