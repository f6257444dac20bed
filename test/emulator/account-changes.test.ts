/** Runtime account changes: token and password rotation, rate limit, login tokens expired or revoked. */
import { RunningEmulator } from "../../provider/src/emulator";
import { EMAIL, PASSWORD, TOKEN, call, sleep, withEmulator } from "./helpers";

let em: RunningEmulator;

beforeAll(async () => {
  em = await withEmulator();
});
afterAll(() => em.close());
beforeEach(() => em.reset());

const patch = (body: unknown, account = "default") => call(em, "PATCH", `/__emulator/accounts/${account}`, { token: null, body });
const login = (password = PASSWORD) => call(em, "POST", "/v1/auth/login", { token: null, body: { email: EMAIL, password } });

describe("emulator PATCH /__emulator/accounts/{name}", () => {
  it("rotates the static token: the old one gets the documented 401", async () => {
    const res = await patch({ token: "rotated-token" });
    expect(res.body).toEqual({ success: true, account: "default", changed: ["token"], loginTokensAffected: 0 });
    expect(JSON.stringify(res.body)).not.toContain("rotated-token");
    const old = await call(em, "GET", "/v1/ivrs", { token: TOKEN });
    expect(old.status).toBe(401);
    expect(old.body).toEqual({ success: false, message: "Deleted or blacklisted token provided" });
    expect((await call(em, "GET", "/v1/ivrs", { token: "rotated-token" })).status).toBe(200);
  });

  it("rotates the password: the old one no longer logs in, tokens already issued stay valid", async () => {
    const issued = (await login()).body.access_token as string;
    await patch({ password: "new-password" });
    expect((await login()).body).toEqual({ success: false, message: "Invalid credentials" });
    expect((await login("new-password")).status).toBe(200);
    expect((await call(em, "GET", "/v1/ivrs", { token: issued })).status).toBe(200);
  });

  it("expires every login token issued so far (token expiry mid-run)", async () => {
    const issued = (await login()).body.access_token as string;
    expect((await patch({ loginTokens: "expire" })).body.loginTokensAffected).toBe(1);
    expect((await call(em, "GET", "/v1/ivrs", { token: issued })).body).toEqual({ success: false, message: "Token has expired" });
    expect((await call(em, "POST", "/v1/auth/refresh", { token: issued })).status).toBe(401);
    const fresh = (await login()).body.access_token as string;
    expect((await call(em, "GET", "/v1/ivrs", { token: fresh })).status).toBe(200);
    expect((await call(em, "GET", "/v1/ivrs", { token: TOKEN })).status).toBe(200);
  });

  it("revokes every login token issued so far", async () => {
    const issued = (await login()).body.access_token as string;
    await patch({ password: "changed", loginTokens: "revoke" });
    expect((await call(em, "GET", "/v1/ivrs", { token: issued })).body).toEqual({
      success: false,
      message: "Deleted or blacklisted token provided",
    });
  });

  it("changes the account's rate limit at once", async () => {
    await patch({ cps: 1 });
    expect((await call(em, "GET", "/v1/ivrs")).status).toBe(200);
    const limited = await call(em, "GET", "/v1/ivrs");
    expect(limited.status).toBe(429);
    await sleep(1100);
    await patch({ cps: 0 });
    for (let i = 0; i < 5; i++) expect((await call(em, "GET", "/v1/ivrs")).status).toBe(200);
  });

  it("changes the login email and the password's days left", async () => {
    await patch({ email: "new@example.com", passwordDaysLeft: 3 });
    expect((await login()).status).toBe(401);
    const res = await call(em, "POST", "/v1/auth/login", { token: null, body: { email: "new@example.com", password: PASSWORD } });
    expect(res.body.number_of_days_left).toBe(3);
  });

  it("is undone by a reset", async () => {
    await patch({ token: "rotated-token", cps: 1 });
    em.reset();
    expect((await call(em, "GET", "/v1/ivrs", { token: TOKEN })).status).toBe(200);
    expect(em.snapshot().cps).toBe(0);
  });

  it.each([
    [{ token: "" }, /^account: token: /],
    [{ cps: -1 }, /^account: cps: /],
    [{ loginTokens: "forget" }, /^account: loginTokens: Invalid enum value/],
    [{ name: "renamed" }, /^account: \(root\): Unrecognized key/],
  ])("rejects %p naming the field", async (body, message) => {
    const res = await patch(body);
    expect(res.status).toBe(400);
    expect(res.body.message).toMatch(message);
  });

  it("answers 404 for an unknown account", async () => {
    const res = await patch({ cps: 1 }, "nope");
    expect(res.status).toBe(404);
    expect(res.body.message).toBe("Unknown account 'nope'; accounts: default");
  });

  it("refuses a token or email another account uses", async () => {
    const seed = { accounts: [
      { name: "a", token: "token-a", email: "a@example.com", password: "pa" },
      { name: "b", token: "token-b", email: "b@example.com", password: "pb" },
    ] };
    const two = await withEmulator({ seed });
    try {
      const clash = await call(two, "PATCH", "/__emulator/accounts/b", { token: null, body: { token: "token-a" } });
      expect(clash.body).toEqual({ success: false, message: "token: another account already uses this token" });
      const email = await call(two, "PATCH", "/__emulator/accounts/b", { token: null, body: { email: "a@example.com" } });
      expect(email.body.message).toBe("email: another account already uses 'a@example.com'");
      expect((await call(two, "GET", "/v1/ivrs", { token: "token-b" })).status).toBe(200);
    } finally {
      await two.close();
    }
  });
});

describe("emulator updateAccount()", () => {
  it("applies the same change from code, to the first account by default", async () => {
    expect(em.updateAccount({ token: "code-token" })).toEqual({ account: "default", changed: ["token"], loginTokensAffected: 0 });
    expect((await call(em, "GET", "/v1/ivrs", { token: "code-token" })).status).toBe(200);
    expect(() => em.updateAccount({ cps: 1 }, "nope")).toThrow("smartflo emulator: Unknown account 'nope'; accounts: default");
  });
});
