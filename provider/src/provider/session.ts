/**
 * The provider session: everything one provider process keeps between calls, in one object. One
 * process serves one stack (one Pulumi run), so one session per process: the stack config
 * Pulumi handed to `configure`, a client per account and settings, the account lists already
 * looked up, the rate limiters, and the warnings already given.
 */
import type { Logger } from "../client/auth";
import { SmartfloClient } from "../client/client";
import { RateLimiters } from "../client/ratelimit";
import { ConfigSource, Settings, resolveSettings } from "./config";
import { AccountLists } from "./references";

export class ProviderSession {
  /** The whole stack config, secrets decrypted, kept in memory only. */
  private stackConfig: ConfigSource | undefined;
  private readonly clients = new Map<string, SmartfloClient>();
  private readonly lists = new Map<string, AccountLists>();
  private readonly given = new Set<string>();
  private readonly limiters = new RateLimiters();
  /**
   * The previous state of resources a `diff` of this run is replacing, by kind and declared
   * inputs: the engine checks a replacement's inputs again as if new (no olds), and a kind whose
   * check depends on the previous state (a time group's Smartflo name) finds it here.
   */
  readonly replacing = new Map<string, Record<string, unknown>>();

  /** Warnings always; with SMARTFLO_DEBUG=1, every request, retry and re-login too (no secrets). */
  readonly logger: Logger = {
    warn: (message) => console.error(`warning: smartflo: ${message}`),
    debug: (message) => {
      if (/^(1|true|yes)$/i.test(process.env.SMARTFLO_DEBUG ?? "")) console.error(`smartflo: ${message}`);
    },
  };

  configure(config: ConfigSource | undefined): void {
    this.stackConfig = config;
  }

  /** The settings, read now (stack config first, then the environment). */
  settings(): Settings {
    return resolveSettings(this.stackConfig);
  }

  /** One client per account and settings, shared by every resource of the process. */
  client(settings: Settings = this.settings()): SmartfloClient {
    const key = JSON.stringify(settings);
    let client = this.clients.get(key);
    if (!client) {
      client = new SmartfloClient({ ...settings, logger: this.logger, limiters: this.limiters });
      this.clients.set(key, client);
    }
    return client;
  }

  /** The account lists this process has looked up for the client's account. */
  accountLists(client: SmartfloClient): AccountLists {
    let lists = this.lists.get(client.accountKey);
    if (!lists) this.lists.set(client.accountKey, (lists = new AccountLists(client)));
    return lists;
  }

  /** True the first time a key is given, false after: for things said once per run. */
  firstTime(key: string): boolean {
    if (this.given.has(key)) return false;
    this.given.add(key);
    return true;
  }

  warnOnce(key: string, message: string): void {
    if (this.firstTime(key)) this.logger.warn(message);
  }
}

let current = new ProviderSession();

/** The session of this process. */
export function session(): ProviderSession {
  return current;
}

/** Starts over with a fresh session: nothing configured, looked up or warned about (tests). */
export function resetSession(): ProviderSession {
  current = new ProviderSession();
  return current;
}
