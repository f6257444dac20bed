/**
 * Credentials -> a bearer token. A static token (portal or permanent) is used as is. Email and
 * password are exchanged at `POST /v1/auth/login` for a short-lived token (1 hour), which is
 * cached, renewed shortly before it expires (`POST /v1/auth/refresh`, falling back to a fresh
 * login), and replaced once when Smartflo rejects it. Concurrent callers share one login.
 */
import { AuthenticationError } from "./errors";
import type { HttpRequest, HttpResponse } from "./transport";

export interface Credentials {
  token?: string;
  email?: string;
  password?: string;
}

export interface Logger {
  warn(message: string): void;
  debug?(message: string): void;
}

/** Renew this long before the token's end, so no request is sent with a token about to die. */
export const RENEW_MARGIN_MS = 120_000;
/** Warn when the password has this many days or fewer left under the 90-day policy. */
export const PASSWORD_WARNING_DAYS = 14;

type Call = (req: HttpRequest) => Promise<HttpResponse>;

interface Issued {
  token: string;
  expiresAt: number;
}

export class TokenSource {
  private issued?: Issued;
  private pending?: Promise<Issued>;
  private warnedDaysLeft = false;

  constructor(
    private readonly creds: Credentials,
    private readonly call: Call,
    private readonly logger: Logger,
    private readonly now: () => number = Date.now,
  ) {
    if (!creds.token && !(creds.email && creds.password)) {
      throw new AuthenticationError(
        "No Smartflo credentials: set smartflo:token (or SMARTFLO_TOKEN), or smartflo:email and smartflo:password",
        { endpoint: "POST /v1/auth/login" },
      );
    }
  }

  /** True when a rejected token can be replaced (email + password login). */
  get renewable(): boolean {
    return !this.creds.token;
  }

  /** The secrets this source knows, for redaction. */
  secrets(): string[] {
    return [this.creds.token, this.creds.password, this.issued?.token].filter((s): s is string => !!s);
  }

  async token(): Promise<string> {
    if (this.creds.token) return this.creds.token;
    const issued = this.issued;
    if (issued && issued.expiresAt - this.now() > RENEW_MARGIN_MS) return issued.token;
    return (await this.renew(issued ? "refresh" : "login")).token;
  }

  /** Smartflo rejected `rejected`: get a new token, unless another caller already did. */
  async replace(rejected: string): Promise<string> {
    if (!this.renewable) throw new Error("a static token cannot be replaced");
    if (this.issued && this.issued.token !== rejected) return this.issued.token;
    this.issued = undefined;
    return (await this.renew("login")).token;
  }

  private renew(how: "refresh" | "login"): Promise<Issued> {
    if (!this.pending) {
      this.pending = (how === "refresh" ? this.refresh() : this.login())
        .then((issued) => (this.issued = issued))
        .finally(() => (this.pending = undefined));
    }
    return this.pending;
  }

  private async refresh(): Promise<Issued> {
    const current = this.issued;
    if (current && current.expiresAt > this.now()) {
      try {
        return this.accept(await this.call({ method: "POST", path: "/v1/auth/refresh", token: current.token }), "POST /v1/auth/refresh");
      } catch (err) {
        this.logger.debug?.(`token refresh failed, logging in again: ${(err as Error).message}`);
      }
    }
    return this.login();
  }

  private async login(): Promise<Issued> {
    const res = await this.call({
      method: "POST",
      path: "/v1/auth/login",
      body: { email: this.creds.email, password: this.creds.password },
    });
    return this.accept(res, "POST /v1/auth/login");
  }

  private accept(res: HttpResponse, endpoint: string): Issued {
    const body = (res.body ?? {}) as { access_token?: unknown; expires_in?: unknown; number_of_days_left?: unknown };
    if (typeof body.access_token !== "string" || !body.access_token) {
      throw new AuthenticationError(`Smartflo ${endpoint} answered without an access_token`, { endpoint, status: res.status });
    }
    const expiresIn = Number(body.expires_in);
    const lifetimeMs = Number.isFinite(expiresIn) && expiresIn > 0 ? expiresIn * 1000 : 3600_000;
    const daysLeft = Number(body.number_of_days_left);
    if (Number.isFinite(daysLeft) && daysLeft <= PASSWORD_WARNING_DAYS && !this.warnedDaysLeft) {
      this.warnedDaysLeft = true;
      this.logger.warn(
        `the Smartflo password for ${this.creds.email} expires in ${daysLeft} day(s) (90-day policy): ` +
          "change it in the Smartflo panel and update smartflo:password, or logins will start failing",
      );
    }
    return { token: body.access_token, expiresAt: this.now() + lifetimeMs };
  }
}
