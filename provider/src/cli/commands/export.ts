/**
 * `smartflo export [--out DIR]`: the account as definitions files (IVRs, departments, time groups
 * and routed numbers), ready for `loadDefinitions` + `deployDefinitions`.
 */
import * as fs from "fs";
import * as path from "path";
import type { Command } from "commander";
import { ExportResult, exportDefinitions } from "../../tools/export";
import type { Section } from "../../definitions/sections";
import { AccountFlags, CREDENTIALS_HELP, readWholeAccount, withAccountFlags } from "../account";
import { CliError, EXIT, Io, counted, inWords, line } from "../io";

interface ExportFlags extends AccountFlags {
  out: string;
  force?: boolean;
}

export function exportCommand(program: Command, io: Io, done: (code: number) => void): void {
  const cmd = program
    .command("export")
    .summary("write the account's IVRs, departments, time groups and number routings as definitions files, ready for loadDefinitions")
    .description(
      "Read the account and write one definitions file per object into --out: each IVR at the top, each department under " +
        "departments/, each time group under time-groups/, each number that routes somewhere under numbers/. Routes between " +
        "them by name ({ ivr: sales-ivr }, { department: sales-dept }, { timeGroup: office-hours }), ids as quoted strings " +
        "with the account's names as comments, IVRs, departments and time groups marked adopt: true, so that a program that " +
        "loads the folder (loadDefinitions + deployDefinitions) takes them over unchanged on its first `pulumi up`.",
    )
    .option("--out <dir>", "the folder to write", "ivrs")
    .option("--force", "write into a folder that already holds definitions files (files of the same name are replaced)");
  withAccountFlags(cmd)
    .addHelpText("after", CREDENTIALS_HELP)
    .action(async (flags: ExportFlags) => {
      const out = path.resolve(io.cwd, flags.out);
      const existing = yamlFilesIn(out, flags.out);
      if (existing.length && !flags.force) {
        throw new CliError(EXIT.usage, `--out ${flags.out} already holds definitions files (${existing.slice(0, 3).join(", ")}${existing.length > 3 ? ", ..." : ""}): choose an empty folder, or add --force to write beside them`);
      }
      const started = Date.now();
      const { snapshot, session, progress } = await readWholeAccount(flags, io, 1);
      const result = exportDefinitions(snapshot);
      progress.step(`writing ${result.files.length} files`, 6, 7);
      try {
        fs.mkdirSync(out, { recursive: true });
        for (const f of result.files) {
          fs.mkdirSync(path.dirname(path.join(out, f.path)), { recursive: true });
          fs.writeFileSync(path.join(out, f.path), f.text);
        }
      } catch (err) {
        progress.stop();
        throw new CliError(EXIT.usage, `--out ${flags.out}: cannot be written (${(err as NodeJS.ErrnoException).code ?? (err as Error).message})`);
      }
      progress.step("done", 7, 7);
      progress.stop();
      const seconds = ((Date.now() - started) / 1000).toFixed(1);
      const n = result.files.length;
      line(io.stdout, `wrote ${written(result)} to ${flags.out}/ from ${snapshot.baseUrl} (${session.requests()} requests, ${seconds} s)`);
      for (const w of result.warnings) line(io.stderr, `warning: ${w}`);
      for (const p of result.problems) line(io.stderr, `error: ${path.join(flags.out, p)}`);
      if (existing.length) line(io.stderr, `note: ${flags.out}/ also holds ${existing.length} other file(s); a program loading the folder reads them too`);
      if (result.problems.length) {
        line(io.stderr, `${result.problems.length} problem(s): these objects break this package's rules; fix their files before \`pulumi up\``);
      } else if (n > 0) {
        line(io.stdout, `next: a program that loads ${flags.out}/ (loadDefinitions + deployDefinitions); its first \`pulumi up\` takes these over unchanged`);
      }
      done(result.problems.length || snapshot.unreadable.length ? EXIT.findings : EXIT.ok);
    });
}

const NOUNS: Readonly<Record<Section, [string, string]>> = {
  ivrs: ["IVR", "IVRs"],
  departments: ["department", "departments"],
  timeGroups: ["time group", "time groups"],
  numbers: ["number routing", "number routings"],
};

/** `5 IVRs, 2 departments and 1 number routing`: the IVRs always, the other kinds when written. */
function written(result: ExportResult): string {
  return inWords(
    (Object.keys(NOUNS) as Section[])
      .map((s) => [s, result.files.filter((f) => f.section === s).length] as const)
      .filter(([s, n]) => s === "ivrs" || n > 0)
      .map(([s, n]) => counted(n, ...NOUNS[s])),
  );
}

/** The .yaml/.yml files a folder holds already, as paths under it in path order (none when it does not exist). */
function yamlFilesIn(dir: string, shown: string): string[] {
  let entries: string[];
  try {
    entries = fs.readdirSync(dir, { recursive: true, encoding: "utf8" });
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === "ENOENT") return [];
    if ((err as NodeJS.ErrnoException).code === "ENOTDIR") throw new CliError(EXIT.usage, `--out ${shown} is a file, not a folder`);
    throw err;
  }
  return entries
    .filter((e) => /\.ya?ml$/i.test(e) && fs.statSync(path.join(dir, e)).isFile())
    .map((e) => e.split(path.sep).join("/"))
    .sort();
}
