/**
 * `smartflo`: the package's command line (export, lint, diagram, simulate, show, doctor). Each run
 * builds its own commander program over an `Io`, so tests run it in-process; `bin/smartflo.js`
 * runs it on the real process and exits with its code.
 */
import { Command, CommanderError } from "commander";
import { IvrDefinitionError } from "../definitions/errors";
import { ToolInputError } from "../tools/errors";
import { diagramCommand } from "./commands/diagram";
import { doctorCommand } from "./commands/doctor";
import { exportCommand } from "./commands/export";
import { lintCommand } from "./commands/lint";
import { showCommand } from "./commands/show";
import { simulateCommand } from "./commands/simulate";
import { CliError, EXIT, Io, line } from "./io";

// eslint-disable-next-line @typescript-eslint/no-require-imports
const VERSION = (require("../../package.json") as { version: string }).version;

export interface RunOptions {
  /** Ends a long run early (doctor still cleans up). */
  signal?: AbortSignal;
}

/** Runs one command line (without `node` and the script); resolves with the exit code. */
export async function main(argv: readonly string[], io: Io, options: RunOptions = {}): Promise<number> {
  let code: number = EXIT.ok;
  const done = (c: number) => void (code = c);
  const program = new Command("smartflo")
    .description("Tata Smartflo IVRs as code: export an account to definitions files, lint, diagram, simulate and show call flows, and check a live account.")
    .version(VERSION, "-V, --version")
    .showHelpAfterError("(add --help for usage)")
    .exitOverride()
    .configureOutput({ writeOut: (s) => io.stdout.write(s), writeErr: (s) => io.stderr.write(s) })
    .addHelpText(
      "after",
      `
Exit codes: 0 done, 1 problems found (lint errors, a doctor check that breaks, a failed call),
2 bad usage or input files, 3 the account could not be used (credentials, network, answers).

Examples:
  smartflo export --out ivrs                 the account as definitions files (adopt: true)
  smartflo lint ivrs --format github         lint in a GitHub workflow: annotations on the pull request
  smartflo diagram ivrs --format svg --out docs/ivrs.svg
  smartflo simulate ivrs --ivr support --keys 3,timeout,1
  smartflo show --account
  smartflo doctor --write`,
    );
  program.configureHelp({ sortSubcommands: false });
  for (const add of [exportCommand, lintCommand, diagramCommand, simulateCommand, showCommand]) add(program, io, done);
  doctorCommand(program, io, done, options.signal);
  for (const c of program.commands) c.exitOverride().configureOutput({ writeOut: (s) => io.stdout.write(s), writeErr: (s) => io.stderr.write(s) }).showHelpAfterError("(add --help for usage)");

  try {
    await program.parseAsync([...argv], { from: "user" });
    return code;
  } catch (err) {
    if (err instanceof CommanderError) return err.exitCode === 0 ? EXIT.ok : EXIT.usage;
    if (err instanceof CliError) {
      line(io.stderr, `smartflo: ${err.message}`);
      return err.exitCode;
    }
    if (err instanceof ToolInputError) {
      line(io.stderr, `smartflo: ${err.message}`);
      return EXIT.usage;
    }
    if (err instanceof IvrDefinitionError) {
      line(io.stderr, `smartflo: ${err.message}`);
      return EXIT.usage;
    }
    line(io.stderr, `smartflo: unexpected error: ${err instanceof Error ? err.stack ?? err.message : String(err)}`);
    return EXIT.findings;
  }
}

/** The real process: its streams, environment and working directory; Ctrl-C stops a doctor run cleanly. */
export function run(argv: readonly string[]): void {
  const controller = new AbortController();
  let interrupts = 0;
  process.on("SIGINT", () => {
    if (++interrupts > 1) process.exit(130);
    process.stderr.write("\nsmartflo: interrupted; finishing cleanly (Ctrl-C again to stop at once)\n");
    controller.abort();
  });
  // A reader that stops early (`smartflo show | head`) closes the pipe: that is the end of the
  // output, not an error worth a stack trace.
  process.stdout.on("error", (err: NodeJS.ErrnoException) => {
    if (err.code === "EPIPE") process.exit(process.exitCode ?? 0);
    throw err;
  });
  const io: Io = { stdout: process.stdout, stderr: process.stderr, env: process.env, cwd: process.cwd() };
  main(argv, io, { signal: controller.signal }).then(
    (code) => {
      process.exitCode = controller.signal.aborted && code === EXIT.ok ? 130 : code;
    },
    (err) => {
      process.stderr.write(`smartflo: ${String(err)}\n`);
      process.exitCode = 1;
    },
  );
}
