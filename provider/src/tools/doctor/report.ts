/**
 * What `smartflo doctor` says about each assumption: whether the live account behaves as the
 * package assumes where the Smartflo API is not documented, and what to report when it does not.
 */

/**
 * `holds`: the account behaves as assumed. `differs`: it behaves otherwise, and the package copes
 * (worth reporting, so the assumptions can be corrected). `breaks`: it behaves otherwise, and the
 * package would get something wrong (report it). `skipped`: it could not be checked.
 */
export type Verdict = "holds" | "differs" | "breaks" | "skipped";

export interface DoctorCheck {
  id: string;
  /** What the package assumes (the README's assumptions table, in a sentence). */
  assumption: string;
  verdict: Verdict;
  /** What the account did. Never a credential. */
  observed: string;
}

export interface DoctorReport {
  /** The account's API origin. */
  baseUrl: string;
  /** Whether the write checks ran (a scratch IVR was created, updated and deleted). */
  wrote: boolean;
  checks: DoctorCheck[];
  /** What happened to the scratch IVR(s) (empty without `--write`). */
  cleanup: string[];
}

const MARKS: Record<Verdict, string> = { holds: "✓", differs: "≠", breaks: "✗", skipped: "-" };

/** Wide enough for every check's id, so lines printed one by one line up. */
const ID_WIDTH = 21;

/** One check, as it is printed when it finishes (with the assumption when it does not hold). */
export function formatCheck(c: DoctorCheck): string[] {
  const lines = [`${MARKS[c.verdict]} ${c.verdict.padEnd(7)} ${c.id.padEnd(ID_WIDTH)} ${c.observed}`];
  if (c.verdict !== "holds") lines.push(`${" ".repeat(10 + ID_WIDTH)}assumed: ${c.assumption}`);
  return lines;
}

/** What follows the checks: the cleanup, the counts, and what to report. */
export function formatDoctorSummary(report: DoctorReport, bugsUrl: string): string[] {
  const lines: string[] = [];
  for (const line of report.cleanup) lines.push(`cleanup: ${line}`);
  const count = (v: Verdict) => report.checks.filter((c) => c.verdict === v).length;
  lines.push("", `${count("holds")} hold, ${count("differs")} differ, ${count("breaks")} break, ${count("skipped")} skipped.`);
  const toReport = report.checks.filter((c) => c.verdict === "differs" || c.verdict === "breaks");
  if (toReport.length) {
    lines.push(
      "",
      `What to report (at ${bugsUrl}; this output holds no credential): the account does not behave as assumed in`,
      ...toReport.map((c) => `  - ${c.id} (${c.verdict}): ${c.observed}`),
    );
  }
  if (!report.wrote) lines.push("", "Read-only: run with --write to check create, update and delete with a scratch IVR too.");
  return lines;
}

/** The whole report as text. */
export function formatDoctorReport(report: DoctorReport, bugsUrl: string): string[] {
  return [...report.checks.flatMap(formatCheck), ...formatDoctorSummary(report, bugsUrl)];
}
