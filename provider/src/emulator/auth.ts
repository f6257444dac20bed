/**
 * Short-lived login tokens. They look like the real JWTs (three base64url segments with
 * iat/nbf/exp/jti claims, so clients that read `exp` work) but carry nothing secret and are only
 * ever checked against this in-memory table; a restart or reset forgets them.
 */
import { randomBytes, randomUUID } from "node:crypto";

interface IssuedToken {
  account: string;
  expiresAtMs: number;
  blacklisted: boolean;
  /** Forced expiry (`loginTokens: "expire"`), independent of the clock. */
  expired: boolean;
}

export type TokenCheck =
  | { kind: "valid"; account: string }
  | { kind: "expired" }
  | { kind: "blacklisted" }
  | { kind: "unknown" };

function base64url(value: string | Buffer): string {
  return Buffer.from(value).toString("base64url");
}

export class LoginTokens {
  private readonly tokens = new Map<string, IssuedToken>();

  constructor(
    private readonly ttlSeconds: number,
    private readonly issuer: () => string,
    private readonly now: () => number = Date.now,
  ) {}

  issue(account: string): { token: string; expiresIn: number } {
    const issuedAt = this.now();
    const claims = {
      iss: this.issuer(),
      iat: Math.floor(issuedAt / 1000),
      nbf: Math.floor(issuedAt / 1000),
      exp: Math.floor((issuedAt + this.ttlSeconds * 1000) / 1000),
      jti: randomUUID().replace(/-/g, "").slice(0, 16),
      sub: "emulator",
    };
    const token = [
      base64url(JSON.stringify({ typ: "JWT", alg: "HS256" })),
      base64url(JSON.stringify(claims)),
      base64url(randomBytes(32)),
    ].join(".");
    this.tokens.set(token, { account, expiresAtMs: issuedAt + this.ttlSeconds * 1000, blacklisted: false, expired: false });
    return { token, expiresIn: this.ttlSeconds };
  }

  check(token: string): TokenCheck {
    const issued = this.tokens.get(token);
    if (!issued) return { kind: "unknown" };
    if (issued.blacklisted) return { kind: "blacklisted" };
    if (issued.expired || this.now() >= issued.expiresAtMs) return { kind: "expired" };
    return { kind: "valid", account: issued.account };
  }

  /** Refresh retires the old token, as tymon/jwt-auth does. */
  blacklist(token: string): void {
    const issued = this.tokens.get(token);
    if (issued) issued.blacklisted = true;
  }

  /** Every token issued to `account` so far now answers "Token has expired" (token expiry mid-run). */
  expireAll(account: string): number {
    return this.forEachOf(account, (issued) => (issued.expired = true));
  }

  /** Every token issued to `account` so far is blacklisted (revoked, e.g. after a password change). */
  revokeAll(account: string): number {
    return this.forEachOf(account, (issued) => (issued.blacklisted = true));
  }

  private forEachOf(account: string, change: (issued: IssuedToken) => void): number {
    let changed = 0;
    for (const issued of this.tokens.values()) {
      if (issued.account !== account) continue;
      change(issued);
      changed++;
    }
    return changed;
  }

  isLoginToken(token: string): boolean {
    return this.tokens.has(token);
  }

  clear(): void {
    this.tokens.clear();
  }
}
