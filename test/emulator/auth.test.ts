import { RunningEmulator } from "../../provider/src/emulator";
import { EMAIL, PASSWORD, TOKEN, call, sleep, waitFor, withEmulator } from "./helpers";

const JWT_LIKE = /^[A-Za-z0-9_-]+\.[A-Za-z0-9_-]+\.[A-Za-z0-9_-]+$/;

async function login(em: RunningEmulator, email = EMAIL, password = PASSWORD) {
  return call(em, "POST", "/v1/auth/login", { token: null, body: { email, password } });
}

describe("emulator POST /v1/auth/login", () => {
  let em: RunningEmulator;
  beforeAll(async () => {
    em = await withEmulator();
  });
  afterAll(() => em.close());

  it("issues a bearer token shaped like a JWT, with expiry and password age", async () => {
    const res = await login(em);
    expect(res.status).toBe(200);
    expect(res.body).toEqual({
      success: true,
      access_token: expect.stringMatching(JWT_LIKE),
      token_type: "bearer",
      expires_in: 3600,
      number_of_days_left: 60,
    });
    const claims = JSON.parse(Buffer.from(res.body.access_token.split(".")[1], "base64url").toString());
    expect(claims.exp - claims.iat).toBe(3600);
  });

  it("issues a different token on every login", async () => {
    const a = await login(em);
    const b = await login(em);
    expect(a.body.access_token).not.toBe(b.body.access_token);
  });

  it("needs no Authorization header", async () => {
    expect((await login(em)).status).toBe(200);
  });

  it("answers 401 Invalid credentials for a wrong password or an unknown email", async () => {
    for (const res of [await login(em, EMAIL, "wrong"), await login(em, "nobody@example.com", PASSWORD)]) {
      expect(res.status).toBe(401);
      expect(res.body).toEqual({ success: false, message: "Invalid credentials" });
    }
  });

  it.each(["email", "password"])("answers 400 naming the missing field %s", async (field) => {
    const body: Record<string, string> = { email: EMAIL, password: PASSWORD };
    delete body[field];
    const res = await call(em, "POST", "/v1/auth/login", { token: null, body });
    expect(res.status).toBe(400);
    expect(res.body).toEqual({ success: false, message: `${field}: is required` });
  });

  it("answers 400 for a body that is not JSON, without echoing it", async () => {
    const res = await call(em, "POST", "/v1/auth/login", { token: null, raw: `{"email": "${EMAIL}", "password": "${PASSWORD}"` });
    expect(res.status).toBe(400);
    expect(res.body).toEqual({ success: false, message: "body: is not valid JSON" });
  });

  it("reports the configured token lifetime and password age", async () => {
    const other = await withEmulator({ tokenTtlSeconds: 120, passwordDaysLeft: 5 });
    try {
      const res = await login(other);
      expect(res.body).toMatchObject({ expires_in: 120, number_of_days_left: 5 });
    } finally {
      await other.close();
    }
  });
});

describe("emulator Authorization header", () => {
  let em: RunningEmulator;
  beforeAll(async () => {
    em = await withEmulator();
  });
  afterAll(() => em.close());

  it("answers 401 naming the missing Authorization parameter", async () => {
    const res = await call(em, "GET", "/v1/ivrs", { token: null });
    expect(res.status).toBe(401);
    expect(res.body).toEqual({ success: false, message: "Missing required request parameters: [Authorization]" });
  });

  it("treats an empty Bearer header as missing", async () => {
    const res = await call(em, "GET", "/v1/ivrs", { authorization: "Bearer " });
    expect(res.body.message).toBe("Missing required request parameters: [Authorization]");
  });

  it.each([`Bearer ${TOKEN}`, `bearer ${TOKEN}`, `BEARER  ${TOKEN}`, TOKEN])("accepts the header %p", async (authorization) => {
    const res = await call(em, "GET", "/v1/ivrs", { authorization });
    expect(res.status).toBe(200);
  });

  it("accepts a login token, with or without Bearer", async () => {
    const token = (await login(em)).body.access_token;
    expect((await call(em, "GET", "/v1/ivrs", { token })).status).toBe(200);
    expect((await call(em, "GET", "/v1/ivrs", { authorization: token })).status).toBe(200);
  });

  it("answers 401 Deleted or blacklisted token provided for an unknown token", async () => {
    const res = await call(em, "GET", "/v1/ivrs", { token: "not-a-token" });
    expect(res.status).toBe(401);
    expect(res.body).toEqual({ success: false, message: "Deleted or blacklisted token provided" });
  });

  it("forgets login tokens on reset, but keeps static tokens", async () => {
    const token = (await login(em)).body.access_token;
    em.reset();
    expect((await call(em, "GET", "/v1/ivrs", { token })).body.message).toBe("Deleted or blacklisted token provided");
    expect((await call(em, "GET", "/v1/ivrs")).status).toBe(200);
  });
});

describe("emulator POST /v1/auth/refresh", () => {
  let em: RunningEmulator;
  beforeAll(async () => {
    em = await withEmulator();
  });
  afterAll(() => em.close());

  it("issues a new token and blacklists the old one", async () => {
    const old = (await login(em)).body.access_token;
    const res = await call(em, "POST", "/v1/auth/refresh", { token: old });
    expect(res.status).toBe(200);
    expect(res.body).toEqual({
      success: true,
      access_token: expect.stringMatching(JWT_LIKE),
      token_type: "bearer",
      expires_in: 3600,
      number_of_days_left: 60,
    });
    expect(res.body.access_token).not.toBe(old);
    expect((await call(em, "GET", "/v1/ivrs", { token: res.body.access_token })).status).toBe(200);
    const stale = await call(em, "GET", "/v1/ivrs", { token: old });
    expect(stale.status).toBe(401);
    expect(stale.body).toEqual({ success: false, message: "Deleted or blacklisted token provided" });
    expect((await call(em, "POST", "/v1/auth/refresh", { token: old })).status).toBe(401);
  });

  it("requires the Authorization header", async () => {
    const res = await call(em, "POST", "/v1/auth/refresh", { token: null });
    expect(res.status).toBe(401);
    expect(res.body.message).toBe("Missing required request parameters: [Authorization]");
  });

  it("issues a login token for a static token and leaves the static token valid", async () => {
    const res = await call(em, "POST", "/v1/auth/refresh");
    expect(res.status).toBe(200);
    expect(res.body.access_token).toMatch(JWT_LIKE);
    expect((await call(em, "GET", "/v1/ivrs")).status).toBe(200);
  });
});

describe("emulator token expiry", () => {
  it("expires login tokens after their TTL, cannot refresh them, and never expires static tokens", async () => {
    const em = await withEmulator({ tokenTtlSeconds: 1 });
    try {
      const res = await login(em);
      expect(res.body.expires_in).toBe(1);
      const token = res.body.access_token;
      expect((await call(em, "GET", "/v1/ivrs", { token })).status).toBe(200);

      await sleep(1100);

      const expired = await call(em, "GET", "/v1/ivrs", { token });
      expect(expired.status).toBe(401);
      expect(expired.body).toEqual({ success: false, message: "Token has expired" });
      const refresh = await call(em, "POST", "/v1/auth/refresh", { token });
      expect(refresh.status).toBe(401);
      expect(refresh.body).toEqual({ success: false, message: "Token has expired" });
      expect((await call(em, "GET", "/v1/ivrs")).status).toBe(200);
    } finally {
      await em.close();
    }
  });
});

describe("emulator secrecy", () => {
  it("logs method, path, status and duration, never a token or password", async () => {
    const lines: string[] = [];
    const em = await withEmulator({ log: (line) => lines.push(line) });
    try {
      const token = (await login(em)).body.access_token as string;
      await call(em, "GET", "/v1/ivrs?token=leak", { token });
      await call(em, "GET", "/v1/ivrs", { token: "guessed-secret-token" });
      await login(em, EMAIL, "wrong-password-123");
      await call(em, "POST", "/v1/auth/login", { token: null, raw: `{"password": "${PASSWORD}"` });
      await call(em, "GET", "/__emulator/state");
      await waitFor(() => lines.some((line) => line.startsWith("GET /__emulator/state")));

      expect(lines).toEqual(
        expect.arrayContaining([
          expect.stringMatching(/^POST \/v1\/auth\/login 200 \d+ms$/),
          expect.stringMatching(/^GET \/v1\/ivrs 200 \d+ms$/),
          expect.stringMatching(/^GET \/v1\/ivrs 401 \d+ms$/),
          expect.stringMatching(/^GET \/__emulator\/state 200 \d+ms$/),
        ]),
      );
      const all = lines.join("\n");
      for (const secret of [token, TOKEN, PASSWORD, "guessed-secret-token", "wrong-password-123", "leak"]) {
        expect(all).not.toContain(secret);
      }
    } finally {
      await em.close();
    }
  });

  it("keeps credentials out of the state endpoint and snapshots", async () => {
    const em = await withEmulator();
    try {
      const state = JSON.stringify((await call(em, "GET", "/__emulator/state")).body);
      expect(state).not.toContain(TOKEN);
      expect(state).not.toContain(PASSWORD);
      expect(JSON.stringify(em.snapshot())).not.toContain(PASSWORD);
    } finally {
      await em.close();
    }
  });
});
