/** `smartflo export [--out DIR]`: the account as definitions files, every IVR with `adopt: true`. */
import * as fs from "fs";
import * as path from "path";
import type { Command } from "commander";
import { exportDefinitions } from "../../tools/export";
import { AccountFlags, CREDENTIALS_HELP, readWholeAccount, withAccountFlags } from "../account";
import { CliError, EXIT, Io, line } from "../io";

interface ExportFlags extends AccountFlags {
  out: string;
  force?: boolean;
}

export function exportCommand(program: Command, io: Io, done: (code: number) => void): void {
  const cmd = program
    .command("export")
    .summary("write the account's IVRs as definitions files (adopt: true), ready for loadIvrDefinitions")
    .description(
      "Read the account and write one definitions file per IVR into --out: routes between IVRs by name ({ ivr: sales-ivr }), " +
        "ids as quoted strings with the account's names as comments, every IVR marked adopt: true, so that a program that " +
        "loads the folder takes the IVRs over unchanged on its first `pulumi up`.",
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
      progress.step(`writing ${snapshot.ivrs.length} files`, 6, 7);
      const result = exportDefinitions(snapshot);
      try {
        fs.mkdirSync(out, { recursive: true });
        for (const f of result.files) fs.writeFileSync(path.join(out, f.path), f.text);
      } catch (err) {
        progress.stop();
        throw new CliError(EXIT.usage, `--out ${flags.out}: cannot be written (${(err as NodeJS.ErrnoException).code ?? (err as Error).message})`);
      }
      progress.step("done", 7, 7);
      progress.stop();
      const seconds = ((Date.now() - started) / 1000).toFixed(1);
      const n = result.files.length;
      line(io.stdout, `wrote ${n} IVR${n === 1 ? "" : "s"} to ${flags.out}/ from ${snapshot.baseUrl} (${session.requests()} requests, ${seconds} s)`);
      for (const w of result.warnings) line(io.stderr, `warning: ${w}`);
      for (const p of result.problems) line(io.stderr, `error: ${path.join(flags.out, p)}`);
      if (existing.length) line(io.stderr, `note: ${flags.out}/ also holds ${existing.length} other file(s); a program loading the folder reads them too`);
      if (result.problems.length) {
        line(io.stderr, `${result.problems.length} problem(s): these IVRs break this package's rules; fix their files before \`pulumi up\``);
      } else if (n > 0) {
        line(io.stdout, `next: a program that loads ${flags.out}/ (loadIvrDefinitions + deployIvrDefinitions); its first \`pulumi up\` adopts these IVRs unchanged`);
      }
      done(result.problems.length || snapshot.unreadable.length ? EXIT.findings : EXIT.ok);
    });
}

/** The .yaml/.yml files a folder holds already (none when it does not exist). */
function yamlFilesIn(dir: string, shown: string): string[] {
  let entries: fs.Dirent[];
  try {
    entries = fs.readdirSync(dir, { withFileTypes: true, recursive: true } as { withFileTypes: true });
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === "ENOENT") return [];
    if ((err as NodeJS.ErrnoException).code === "ENOTDIR") throw new CliError(EXIT.usage, `--out ${shown} is a file, not a folder`);
    throw err;
  }
  return entries.filter((e) => e.isFile() && /\.ya?ml$/i.test(e.name)).map((e) => e.name);
}
