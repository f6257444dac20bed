/** Runs the `smartflo` command in-process, with captured output, a chosen environment and folder. */
import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import { main } from "../../provider/src/cli/main";

export interface CliRun {
  code: number;
  stdout: string;
  stderr: string;
}

export interface CliOptions {
  env?: Record<string, string>;
  cwd?: string;
  /** Pretend stderr (progress) and stdout are terminals. */
  tty?: boolean;
  signal?: AbortSignal;
}

export async function smartflo(argv: string[], opts: CliOptions = {}): Promise<CliRun> {
  let stdout = "";
  let stderr = "";
  const code = await main(argv, {
    stdout: { write: (s: string) => (stdout += s), isTTY: opts.tty },
    stderr: { write: (s: string) => (stderr += s), isTTY: opts.tty },
    env: opts.env ?? {},
    cwd: opts.cwd ?? process.cwd(),
  }, { signal: opts.signal });
  return { code, stdout, stderr };
}

/** A temp folder with these files (path -> text); removed by the caller. */
export function folder(files: Record<string, string> = {}): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "smartflo-cli-"));
  for (const [file, text] of Object.entries(files)) {
    fs.mkdirSync(path.dirname(path.join(dir, file)), { recursive: true });
    fs.writeFileSync(path.join(dir, file), text);
  }
  return dir;
}

/**
 * A Pulumi TypeScript program of these files (and a Pulumi.yaml) in test/.work/, inside the
 * repository so that `pulumi-smartflo` resolves as it does for the root project.
 */
export function programDir(label: string, files: Record<string, string>): string {
  const base = path.join(__dirname, "..", ".work");
  fs.mkdirSync(base, { recursive: true });
  const dir = fs.mkdtempSync(path.join(base, `${label}-`));
  fs.writeFileSync(path.join(dir, "Pulumi.yaml"), `name: ${label}\nruntime:\n  name: nodejs\n  options:\n    typescript: true\n`);
  for (const [file, text] of Object.entries(files)) {
    fs.mkdirSync(path.dirname(path.join(dir, file)), { recursive: true });
    fs.writeFileSync(path.join(dir, file), text);
  }
  return dir;
}
