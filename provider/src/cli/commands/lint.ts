/** `smartflo lint [DIR] [--account]`: the routing rules, as text, JSON or GitHub annotations. */
import { Command, Option } from "commander";
import { LINT_FORMATS, LintFormat, formatFindings } from "../../tools/lint/format";
import { LintFinding, findingsOfDefinitionError, lintAccount, lintDefinitions } from "../../tools/lint/lint";
import { RULES, RuleId, Severity } from "../../tools/lint/rules";
import { CliError, EXIT, Io } from "../io";
import { SourceFlags, readSources, withSourceFlags } from "../sources";

interface LintFlags extends SourceFlags {
  format: LintFormat;
  strict?: boolean;
  entry?: string;
  rule: string[];
}

const RULE_LIST = Object.entries(RULES)
  .map(([id, r]) => `  ${id.padEnd(24)} ${r.severity.padEnd(8)} ${r.summary}`)
  .join("\n");

export function lintCommand(program: Command, io: Io, done: (code: number) => void): void {
  const cmd = program
    .command("lint")
    .summary("check the routing: loops with no way out, missing destinations, unreachable IVRs, ...")
    .description(
      "Check definitions (DIR, default ivrs/), definitions in their account (DIR --account), or the account itself (--account) " +
        "against routing rules. Errors exit 1; warnings exit 0 unless --strict.",
    )
    .addOption(new Option("--format <format>", "output: text (file:line:col lines), json, or github (workflow annotations)").choices(LINT_FORMATS).default("text"))
    .option("--strict", "exit 1 on warnings too")
    .option("--entry <ivrs>", "comma-separated entry IVRs (resource name, IVR name or id): what numbers answer with, when the numbers are not read from the account")
    .option("--rule <id=level>", "set a rule to error, warning or off, e.g. --rule no-way-to-person=off (repeat for more)", (v: string, all: string[]) => [...all, v], [] as string[])
    .addHelpText("after", `\nRules (default level):\n${RULE_LIST}\n\nExit codes: 0 no errors, 1 errors (or warnings with --strict), 2 bad usage, 3 account unusable.`);
  withSourceFlags(cmd).action(async (dir: string | undefined, flags: LintFlags) => {
    const rules = ruleSettings(flags.rule);
    const entries = flags.entry?.split(",").map((e) => e.trim()).filter(Boolean);
    let findings: LintFinding[] = [];
    const sources = await readSources(dir, flags, io, (err) => (findings = findingsOfDefinitionError(err)));
    if (sources) {
      const options = { rules, entries, baseDir: io.cwd };
      findings = sources.definitions
        ? lintDefinitions(sources.definitions, { ...options, account: sources.snapshot })
        : lintAccount(sources.snapshot!, options);
    }
    io.stdout.write(formatFindings(findings, flags.format));
    const failing = findings.some((f) => f.severity === "error" || (flags.strict && f.severity === "warning"));
    done(failing ? EXIT.findings : EXIT.ok);
  });
}

function ruleSettings(given: string[]): Partial<Record<RuleId, Severity | "off">> {
  const out: Partial<Record<RuleId, Severity | "off">> = {};
  for (const g of given) {
    const m = /^([a-z-]+)=(error|warning|off)$/.exec(g);
    if (!m || !(m[1]! in RULES)) {
      throw new CliError(EXIT.usage, `--rule ${g}: write <rule>=error|warning|off with a rule of: ${Object.keys(RULES).join(", ")}`);
    }
    out[m[1] as RuleId] = m[2] as Severity | "off";
  }
  return out;
}
