/**
 * The account a command works on: the settings read exactly as the provider reads them
 * (`resolveSettings`: the `SMARTFLO_*` environment variables, with the command's flags in the
 * place of stack config), one client with the provider's rate limiter and retries, and errors that
 * name the setting or the endpoint.
 */
import type { Command } from "commander";
import type { Logger } from "../client/auth";
import { ClientOptions, SmartfloClient } from "../client/client";
import { AuthenticationError, ConfigurationError, SmartfloError } from "../client/errors";
import { ConfigSource, SETTING_SOURCES, Settings, hasCredentials, resolveSettings } from "../provider/config";
import { AccountSnapshot, readAccount } from "../tools/account";
import { CliError, EXIT, Io, line } from "./io";
import { Progress } from "./progress";

/** The flags that stand in for stack config, by setting. */
const FLAGS = {
  baseUrl: "--base-url",
  requestsPerSecond: "--requests-per-second",
  maxRetries: "--max-retries",
  requestTimeoutMs: "--request-timeout-ms",
} as const satisfies Partial<Record<keyof typeof SETTING_SOURCES, string>>;

export interface AccountFlags {
  baseUrl?: string;
  requestsPerSecond?: string;
  maxRetries?: string;
  requestTimeoutMs?: string;
}

/** Adds the connection flags to a command that talks to an account. */
export function withAccountFlags(cmd: Command): Command {
  return cmd
    .option(`${FLAGS.baseUrl} <url>`, "the Smartflo API (default: SMARTFLO_BASE_URL, else https://api-smartflo.tatateleservices.com)")
    .option(`${FLAGS.requestsPerSecond} <n>`, "the account's requests per second (default: SMARTFLO_REQUESTS_PER_SECOND, else 3)")
    .option(`${FLAGS.maxRetries} <n>`, "retries of a failed request (default: SMARTFLO_MAX_RETRIES, else 4)")
    .option(`${FLAGS.requestTimeoutMs} <ms>`, "timeout of one request (default: SMARTFLO_REQUEST_TIMEOUT_MS, else 30000)");
}

export const CREDENTIALS_HELP = `
Credentials come from the environment, as the provider reads them: SMARTFLO_TOKEN, or
SMARTFLO_EMAIL and SMARTFLO_PASSWORD (never from a flag: flags show in the process list and
shell history). SMARTFLO_DEBUG=1 prints every request (never a credential).`;

/** The settings: flags first, then the environment, checked by the provider's own rules. */
export function settingsFrom(flags: AccountFlags, io: Io): Settings {
  const given: Record<string, string | undefined> = {};
  for (const [key, flag] of Object.entries(FLAGS)) given[SETTING_SOURCES[key as keyof typeof FLAGS][0]] = flags[key as keyof AccountFlags];
  const config: ConfigSource = { get: (k) => given[k] };
  let settings: Settings;
  try {
    settings = resolveSettings(config, io.env);
  } catch (err) {
    if (!(err instanceof ConfigurationError)) throw err;
    // The provider's message names stack config keys; here they are flags or variables.
    let message = err.message;
    for (const [key, flag] of Object.entries(FLAGS)) {
      const [configKey, envKey] = SETTING_SOURCES[key as keyof typeof FLAGS];
      message = message.split(configKey).join(flags[key as keyof AccountFlags] !== undefined ? flag : envKey);
    }
    message = message
      .replace(/ \(set it with `pulumi config set[^)]*\)/, "")
      .replace(/smartflo:(email|password)/g, (_, k: string) => `SMARTFLO_${k.toUpperCase()}`);
    throw new CliError(EXIT.usage, message);
  }
  if (!hasCredentials(settings)) {
    throw new CliError(EXIT.account, "no Smartflo credentials: set SMARTFLO_TOKEN (Smartflo panel: Settings → API Connect → API Tokens), or SMARTFLO_EMAIL and SMARTFLO_PASSWORD");
  }
  return settings;
}

export interface AccountSession {
  client: SmartfloClient;
  options: ClientOptions;
  /** Requests answered so far (for progress). */
  requests(): number;
}

export function connect(flags: AccountFlags, io: Io, onRequest?: () => void): AccountSession {
  const settings = settingsFrom(flags, io);
  let requests = 0;
  const debug = /^(1|true|yes)$/i.test(io.env.SMARTFLO_DEBUG ?? "");
  const logger: Logger = {
    warn: (m) => line(io.stderr, `warning: smartflo: ${m}`),
    debug: (m) => {
      if (/ -> HTTP \d+/.test(m)) {
        requests++;
        onRequest?.();
      }
      if (debug) line(io.stderr, `smartflo: ${m}`);
    },
  };
  const options: ClientOptions = {
    baseUrl: settings.baseUrl,
    token: settings.token,
    email: settings.email,
    password: settings.password,
    requestsPerSecond: settings.requestsPerSecond,
    maxRetries: settings.maxRetries,
    requestTimeoutMs: settings.requestTimeoutMs,
    logger,
  };
  return { client: new SmartfloClient(options), options, requests: () => requests };
}

/** Reads the whole account, with progress on stderr; failures become exit code 3 with the endpoint named. */
export async function readWholeAccount(flags: AccountFlags, io: Io, extraSteps = 0): Promise<{ snapshot: AccountSnapshot; session: AccountSession; progress: Progress }> {
  const progress = new Progress(io, "reading the Smartflo account");
  const session = connect(flags, io, () => progress.requests(session.requests()));
  try {
    const snapshot = await readAccount(session.client, {
      onStep: (step, done, total) => progress.step(`${step.what} (${step.endpoint})`, done, total + extraSteps),
    });
    for (const w of snapshot.warnings) progress.note(`warning: ${w}`);
    return { snapshot, session, progress };
  } catch (err) {
    progress.stop();
    throw accountError(err, session.client);
  }
}

/** An error of the account as a CliError: credentials, network and answers, each said plainly. */
export function accountError(err: unknown, client: SmartfloClient): unknown {
  if (err instanceof CliError) return err;
  if (err instanceof AuthenticationError) {
    return new CliError(EXIT.account, `${client.redact(err.message.replace(/Check smartflo:token, or smartflo:email and smartflo:password/, "Check SMARTFLO_TOKEN, or SMARTFLO_EMAIL and SMARTFLO_PASSWORD"))}`);
  }
  if (err instanceof SmartfloError) return new CliError(EXIT.account, client.redact(err.message));
  return err;
}
