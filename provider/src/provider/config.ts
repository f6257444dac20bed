/**
 * Provider settings, read at call time from stack config (`smartflo:*`, delivered to the
 * provider by Pulumi's `configure`) with environment fallbacks. Nothing here is ever captured
 * in the serialized provider or written to state.
 */
import { ConfigurationError } from "../client/errors";
import { DEFAULT_BASE_URL, checkBaseUrl } from "../client/client";
import { REQUESTS_PER_SECOND } from "../client/ratelimit";
import { RETRY } from "../client/retry";
import { REQUEST_TIMEOUT_MS } from "../client/transport";

export interface ConfigSource {
  get(key: string): string | undefined;
}

export interface Settings {
  baseUrl: string;
  token?: string;
  email?: string;
  password?: string;
  requestsPerSecond: number;
  maxRetries: number;
  requestTimeoutMs: number;
  validateReferences: boolean;
  /** An account that cannot be reached fails the check instead of giving a warning (CI). */
  requireAccountChecks: boolean;
  /** Where the credentials in use came from (config key or environment variable), for messages. */
  credentialKeys: { token?: string; email?: string; password?: string };
}

/** Config key -> environment fallback. */
export const SETTING_SOURCES = {
  baseUrl: ["smartflo:baseUrl", "SMARTFLO_BASE_URL"],
  token: ["smartflo:token", "SMARTFLO_TOKEN"],
  email: ["smartflo:email", "SMARTFLO_EMAIL"],
  password: ["smartflo:password", "SMARTFLO_PASSWORD"],
  requestsPerSecond: ["smartflo:requestsPerSecond", "SMARTFLO_REQUESTS_PER_SECOND"],
  maxRetries: ["smartflo:maxRetries", "SMARTFLO_MAX_RETRIES"],
  requestTimeoutMs: ["smartflo:requestTimeoutMs", "SMARTFLO_REQUEST_TIMEOUT_MS"],
  validateReferences: ["smartflo:validateReferences", "SMARTFLO_VALIDATE_REFERENCES"],
  requireAccountChecks: ["smartflo:requireAccountChecks", "SMARTFLO_REQUIRE_ACCOUNT_CHECKS"],
} as const;

type Key = keyof typeof SETTING_SOURCES;

export function resolveSettings(config: ConfigSource | undefined, env: NodeJS.ProcessEnv = process.env): Settings {
  const raw = (key: Key): { value?: string; from: string } => {
    const [configKey, envKey] = SETTING_SOURCES[key];
    const fromConfig = safeGet(config, configKey);
    if (fromConfig !== undefined && fromConfig !== "") return { value: fromConfig, from: configKey };
    const fromEnv = env[envKey];
    if (fromEnv !== undefined && fromEnv !== "") return { value: fromEnv, from: envKey };
    return { from: `${configKey} (or ${envKey})` };
  };

  const number = (key: Key, fallback: number, ok: (n: number) => boolean, what: string): number => {
    const { value, from } = raw(key);
    if (value === undefined) return fallback;
    const n = Number(value);
    if (!Number.isFinite(n) || !ok(n)) throw new ConfigurationError(`${from} must be ${what}, got '${value}'`);
    return n;
  };

  const flag = (key: Key, fallback: boolean): boolean => {
    const { value, from } = raw(key);
    if (value === undefined) return fallback;
    if (/^(true|1|yes|on)$/i.test(value.trim())) return true;
    if (/^(false|0|no|off)$/i.test(value.trim())) return false;
    throw new ConfigurationError(`${from} must be true or false, got '${value}'`);
  };

  const baseUrl = raw("baseUrl").value ?? DEFAULT_BASE_URL;
  checkBaseUrl(baseUrl);
  const token = raw("token");
  const email = raw("email");
  const password = raw("password");
  const settings: Settings = {
    baseUrl,
    token: token.value,
    email: email.value,
    password: password.value,
    requestsPerSecond: number("requestsPerSecond", REQUESTS_PER_SECOND.default, (n) => n > 0 && n <= REQUESTS_PER_SECOND.max, "a number of requests per second above 0"),
    maxRetries: number("maxRetries", RETRY.maxRetries.default, (n) => Number.isInteger(n) && n >= RETRY.maxRetries.min && n <= RETRY.maxRetries.max, `a whole number from ${RETRY.maxRetries.min} to ${RETRY.maxRetries.max}`),
    requestTimeoutMs: number("requestTimeoutMs", REQUEST_TIMEOUT_MS.default, (n) => Number.isInteger(n) && n >= REQUEST_TIMEOUT_MS.min, `a whole number of milliseconds, at least ${REQUEST_TIMEOUT_MS.min}`),
    validateReferences: flag("validateReferences", true),
    requireAccountChecks: flag("requireAccountChecks", false),
    // A token wins over email and password (client/auth.ts): name only what is used.
    credentialKeys: token.value ? { token: token.from } : email.value || password.value ? { email: email.from, password: password.from } : {},
  };
  if (settings.requireAccountChecks && !settings.validateReferences) {
    throw new ConfigurationError("smartflo:requireAccountChecks is true but smartflo:validateReferences is false: account checks cannot be both required and off");
  }
  if (settings.email && !settings.password && !settings.token) {
    throw new ConfigurationError("smartflo:email is set but smartflo:password is not (set it with `pulumi config set --secret smartflo:password ...`)");
  }
  return settings;
}

export function hasCredentials(s: Settings): boolean {
  return !!(s.token || (s.email && s.password));
}

function safeGet(config: ConfigSource | undefined, key: string): string | undefined {
  try {
    return config?.get(key);
  } catch {
    return undefined;
  }
}
