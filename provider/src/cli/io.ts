/**
 * What a command talks to: its output streams, environment and working directory (the real
 * process's in `bin/smartflo.js`, captured ones in tests), and the exit codes every command uses.
 */
import type { Styles } from "../tools/show";

export interface Output {
  write(text: string): unknown;
  /** A terminal: progress bars and colours; otherwise plain lines. */
  isTTY?: boolean;
}

export interface Io {
  stdout: Output;
  stderr: Output;
  env: NodeJS.ProcessEnv;
  cwd: string;
}

export const EXIT = {
  /** Done; nothing wrong found. */
  ok: 0,
  /** Done, and something is wrong: lint errors (or warnings with --strict), a doctor check that breaks, an export with problems, a call that fails. */
  findings: 1,
  /** The command line or its input files: an unknown option, a folder or file that is not there, definitions that do not load. */
  usage: 2,
  /** The Smartflo account could not be used: no or refused credentials, unreachable, an answer that cannot be read. */
  account: 3,
} as const;

/** An error that ends the command with an exit code and a message (no stack trace). */
export class CliError extends Error {
  constructor(readonly exitCode: number, message: string) {
    super(message);
    this.name = "CliError";
  }
}

export function line(out: Output, text = ""): void {
  out.write(`${text}\n`);
}

/** ANSI styles on a terminal that wants colours (NO_COLOR unset), none elsewhere. */
export function stylesFor(out: Output, env: NodeJS.ProcessEnv): Styles {
  const on = !!out.isTTY && !env.NO_COLOR;
  const style = (code: string) => (s: string) => (on ? `\x1b[${code}m${s}\x1b[0m` : s);
  return { bold: style("1"), dim: style("2"), name: style("32") };
}

/** `1 IVR`, `2 IVRs`. */
export function counted(n: number, one: string, many: string): string {
  return `${n} ${n === 1 ? one : many}`;
}

/** `a`, `a and b`, `a, b and c`. */
export function inWords(parts: readonly string[]): string {
  return parts.length > 1 ? `${parts.slice(0, -1).join(", ")} and ${parts[parts.length - 1]}` : (parts[0] ?? "");
}
