/**
 * Runtime changes to an account (`PATCH /__emulator/accounts/{name}`, `updateAccount()`), for
 * fault scenarios: rotate the static token or the password, change the rate limit, or expire or
 * revoke every login token issued so far. A rotated token then gets the documented 401
 * "Deleted or blacklisted token provided", exactly as an unknown token does.
 */
import { z } from "zod";
import { LoginTokens } from "./auth";
import { ApiError } from "./http";
import { Account } from "./schema";
import { Store } from "./store";

export const AccountPatchSchema = z
  .object({
    token: z.string().min(1).optional(),
    email: z.string().min(1).optional(),
    password: z.string().min(1).optional(),
    cps: z.number().int().nonnegative().optional(),
    passwordDaysLeft: z.number().int().optional(),
    /** "expire": issued login tokens answer "Token has expired"; "revoke": they are blacklisted. */
    loginTokens: z.enum(["expire", "revoke"]).optional(),
  })
  .strict();

export type AccountPatch = z.input<typeof AccountPatchSchema>;

/** What the change did, without any credential. */
export interface AccountPatchResult {
  account: string;
  changed: string[];
  loginTokensAffected: number;
}

export function applyAccountPatch(store: Store, tokens: LoginTokens, account: Account, patch: z.output<typeof AccountPatchSchema>): AccountPatchResult {
  const others = store.list().filter((a) => a !== account);
  if (patch.token !== undefined && others.some((a) => a.token === patch.token)) {
    throw new ApiError(400, "token: another account already uses this token");
  }
  if (patch.email !== undefined && others.some((a) => a.email === patch.email)) {
    throw new ApiError(400, `email: another account already uses '${patch.email}'`);
  }
  const changed: string[] = [];
  for (const field of ["token", "email", "password", "cps", "passwordDaysLeft"] as const) {
    const value = patch[field];
    if (value === undefined) continue;
    (account as unknown as Record<string, unknown>)[field] = value;
    changed.push(field);
  }
  let loginTokensAffected = 0;
  if (patch.loginTokens === "expire") loginTokensAffected = tokens.expireAll(account.name);
  if (patch.loginTokens === "revoke") loginTokensAffected = tokens.revokeAll(account.name);
  store.save();
  return { account: account.name, changed, loginTokensAffected };
}
