/**
 * `npx smartflo-emulator`: start the emulator from the command line. The first stdout line is the
 * contract scripts wait for: `smartflo-emulator listening on http://127.0.0.1:PORT`.
 */
import { EmulatorOptions, startEmulator } from "./index";

export const USAGE = `Usage: smartflo-emulator [options]

A local Tata Smartflo API emulator on 127.0.0.1 (for tests, examples and demos).

Options:
  --port N                  port to listen on; 0 picks a free one (default 0)
  --cps N                   requests per second for the default account; 0 = unlimited (default 3)
  --state FILE              keep accounts and IVRs in FILE across restarts
  --token T                 static API token of the default account (default emulator-token)
  --email E                 login email of the default account (default ops@example.com)
  --password P              login password of the default account (default emulator-password)
  --seed FILE               JSON seed with one or more accounts (default: the built-in seed)
  --token-ttl SECONDS       lifetime of login tokens (default 3600)
  --single-pipe accept|reject
                            accept 'type|id' references, or reject them (default reject)
  --errors-as-200           answer validation errors with HTTP 200 and success:false
  --create-returns-id       include the new id (ivr_id, department_id, timegroup_id) in create answers
  --allow-delete-referenced allow deleting an IVR, department or time group that something still routes to
  --no-retry-after          send 429s without a Retry-After header
  --max-name-length N       longest accepted name (default 64)
  --ivrs-page-size N        page GET /v1/ivrs by ?page=&limit= with at most N a page
                            (answers page, limit, count, total, has_more; default: the whole list)
  --verbose                 log each request (method, path, status, ms) to stderr
  --help                    show this help

Control endpoints for tests live under /__emulator/ (state, reset, faults, outage, accounts/{name},
ivrs/{id}, departments/{id}, timegroups/{id}, numbers/{id}, stats).
`;

export class UsageError extends Error {
  constructor(message: string) {
    super(message);
    this.name = "UsageError";
  }
}

export type ParsedArgs = { kind: "help" } | { kind: "run"; options: EmulatorOptions; verbose: boolean };

type ValueFlag = (options: EmulatorOptions, value: string, flag: string) => void;

function integer(value: string, flag: string, min: number, max: number): number {
  if (!/^\d+$/.test(value) || Number(value) < min || Number(value) > max) {
    throw new UsageError(`${flag} must be an integer from ${min} to ${max} (got '${value}')`);
  }
  return Number(value);
}

function nonEmpty(value: string, flag: string): string {
  if (value === "") throw new UsageError(`${flag} must not be empty`);
  return value;
}

const VALUE_FLAGS: Record<string, ValueFlag> = {
  "--port": (o, v, f) => (o.port = integer(v, f, 0, 65535)),
  "--cps": (o, v, f) => (o.cps = integer(v, f, 0, 1_000_000)),
  "--state": (o, v, f) => (o.stateFile = nonEmpty(v, f)),
  "--token": (o, v, f) => (o.token = nonEmpty(v, f)),
  "--email": (o, v, f) => (o.email = nonEmpty(v, f)),
  "--password": (o, v, f) => (o.password = nonEmpty(v, f)),
  "--seed": (o, v, f) => (o.seedFile = nonEmpty(v, f)),
  "--token-ttl": (o, v, f) => {
    const seconds = Number(v);
    if (v.trim() === "" || !Number.isFinite(seconds) || seconds <= 0) {
      throw new UsageError(`${f} must be a positive number of seconds (got '${v}')`);
    }
    o.tokenTtlSeconds = seconds;
  },
  "--single-pipe": (o, v, f) => {
    if (v !== "accept" && v !== "reject") throw new UsageError(`${f} must be 'accept' or 'reject' (got '${v}')`);
    o.singlePipe = v;
  },
  "--max-name-length": (o, v, f) => (o.maxNameLength = integer(v, f, 1, 100_000)),
  "--ivrs-page-size": (o, v, f) => (o.ivrsPageSize = integer(v, f, 1, 10_000)),
};

const BOOLEAN_FLAGS: Record<string, (options: EmulatorOptions) => void> = {
  "--errors-as-200": (o) => (o.errorsAs200 = true),
  "--create-returns-id": (o) => (o.createReturnsId = true),
  "--allow-delete-referenced": (o) => (o.allowDeleteReferenced = true),
  "--no-retry-after": (o) => (o.retryAfter = false),
};

/** Parse argv (without node and script). Throws UsageError naming the offending flag. */
export function parseArgs(argv: string[]): ParsedArgs {
  const options: EmulatorOptions = {};
  let verbose = false;
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i]!;
    const eq = arg.startsWith("--") ? arg.indexOf("=") : -1;
    const flag = eq > 0 ? arg.slice(0, eq) : arg;
    const inline = eq > 0 ? arg.slice(eq + 1) : undefined;

    if (flag === "--help" || flag === "-h") return { kind: "help" };
    const setValue = VALUE_FLAGS[flag];
    if (setValue) {
      const value = inline ?? argv[++i];
      if (value === undefined) throw new UsageError(`${flag} needs a value`);
      setValue(options, value, flag);
      continue;
    }
    const setBoolean = flag === "--verbose" ? () => (verbose = true) : BOOLEAN_FLAGS[flag];
    if (setBoolean) {
      if (inline !== undefined) throw new UsageError(`${flag} takes no value`);
      setBoolean(options);
      continue;
    }
    throw new UsageError(`unknown ${arg.startsWith("-") ? "flag" : "argument"} '${flag}'`);
  }
  return { kind: "run", options, verbose };
}

export function main(argv: string[]): void {
  let parsed: ParsedArgs;
  try {
    parsed = parseArgs(argv);
  } catch (error) {
    if (!(error instanceof UsageError)) throw error;
    process.stderr.write(`smartflo-emulator: ${error.message}\nRun 'smartflo-emulator --help' for the options.\n`);
    process.exitCode = 2;
    return;
  }
  if (parsed.kind === "help") {
    process.stdout.write(USAGE);
    return;
  }

  const options: EmulatorOptions = {
    ...parsed.options,
    log: parsed.verbose ? (line) => process.stderr.write(`${line}\n`) : undefined,
  };
  startEmulator(options).then(
    (emulator) => {
      // Handlers first: a script that signals as soon as it reads the listening line must not
      // meet the default action (death by the signal) in the moment before they are installed.
      let stopping = false;
      const stop = (): void => {
        if (stopping) return;
        stopping = true;
        emulator.close().then(
          () => process.exit(0),
          (error: unknown) => {
            process.stderr.write(`smartflo-emulator: error while stopping: ${(error as Error).message}\n`);
            process.exit(1);
          },
        );
      };
      process.once("SIGINT", stop);
      process.once("SIGTERM", stop);

      const lines = [`smartflo-emulator listening on ${emulator.url}`];
      // These are the emulator's own fake credentials; printing them is the point.
      for (const c of emulator.credentials()) {
        lines.push(`account ${c.account}: token ${c.token}, email ${c.email}, password ${c.password}`);
      }
      if (options.stateFile !== undefined) lines.push(`state file: ${options.stateFile}`);
      lines.push(`control endpoints: ${emulator.url}/__emulator/state (also reset, faults, outage, accounts/{name}, stats, ...)`);
      process.stdout.write(`${lines.join("\n")}\n`);
    },
    (error: unknown) => {
      const message = (error as Error).message.replace(/^smartflo emulator: /, "");
      process.stderr.write(`smartflo-emulator: ${message}\n`);
      process.exitCode = 1;
    },
  );
}
