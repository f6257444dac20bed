import * as fs from "node:fs";
import * as net from "node:net";
import * as os from "node:os";
import * as path from "node:path";
import { DEFAULT_SEED, RunningEmulator, Seed, SeedError, defaultSeed, startEmulator } from "../../provider/src/emulator";
import { call, createIvr, ivrBody, withEmulator } from "./helpers";

const STAGING = "staging-token";

function twoAccountSeed(): Seed {
  const seed = defaultSeed();
  seed.accounts.push({
    name: "staging",
    token: STAGING,
    email: "staging@example.com",
    password: "staging-password",
    recordings: [{ id: 50001, name: "Staging welcome" }],
    users: [{ id: 900001, name: "Stage Agent", agent: { id: "0599000000001" } }],
    departments: [{ id: 7001, name: "Staging Dept", agents: [{ eid: "0599000000001" }] }],
    numbers: [{ id: 201, did: "+918069009999" }],
  });
  return seed;
}

function stagingIvr(overrides: Record<string, unknown> = {}) {
  return ivrBody({
    recording: "recording||50001",
    invalid_recording: "recording||50001",
    timeout_retry_recording: "recording||50001",
    timeout_recording: "recording||50001",
    recording_invalid: "recording||50001",
    option: ["1"],
    destination: ["department||7001"],
    invalid_destination: "extension||0599000000001",
    timeout_destination: "hangup||1",
    ...overrides,
  });
}

describe("emulator with several accounts", () => {
  let em: RunningEmulator;
  beforeAll(async () => {
    em = await withEmulator({ seed: twoAccountSeed() });
  });
  afterAll(() => em.close());
  beforeEach(() => em.reset());

  it("keeps each account's IVRs apart, with ids shared across the emulator", async () => {
    const defaultId = await createIvr(em);
    const res = await call(em, "POST", "/v1/ivr", { token: STAGING, body: stagingIvr() });
    expect(res.status).toBe(200);
    const staging = (await call(em, "GET", "/v1/ivrs", { token: STAGING })).body.ivrs;
    expect(staging.map((ivr: { id: number; name: string }) => [ivr.id, ivr.name])).toEqual([[defaultId + 1, "Support IVR"]]);
    expect((await call(em, "GET", "/v1/ivrs")).body.ivrs.map((ivr: { id: number }) => ivr.id)).toEqual([defaultId]);
  });

  it("allows the same IVR name in two accounts", async () => {
    await createIvr(em, { name: "Same" });
    expect((await call(em, "POST", "/v1/ivr", { token: STAGING, body: stagingIvr({ name: "Same" }) })).status).toBe(200);
  });

  it("answers 404 for another account's IVR on PUT and DELETE", async () => {
    const id = await createIvr(em);
    expect((await call(em, "PUT", `/v1/ivr/${id}`, { token: STAGING, body: stagingIvr() })).body).toEqual({
      success: false,
      message: "IVR not found",
    });
    expect((await call(em, "DELETE", `/v1/ivr/${id}`, { token: STAGING })).status).toBe(404);
    expect(em.snapshot().ivrs).toHaveLength(1);
  });

  it("resolves references in the calling account only", async () => {
    const id = await createIvr(em);
    const viaOther = await call(em, "POST", "/v1/ivr", {
      token: STAGING,
      body: stagingIvr({ destination: [`ivr||${id}`] }),
    });
    expect(viaOther.body).toEqual({ success: false, message: `destination[0]: ivr ${id} does not exist` });
    const defaultRecording = await call(em, "POST", "/v1/ivr", { token: STAGING, body: stagingIvr({ recording: "recording||28935" }) });
    expect(defaultRecording.body.message).toBe("recording: recording 28935 does not exist");
  });

  it("serves each account its own lookups", async () => {
    const recordings = (await call(em, "GET", "/v1/recordings", { token: STAGING })).body;
    expect(recordings).toEqual({ success: true, data: [{ id: "50001", name: "Staging welcome", type: "recording" }], count: 1 });
    const departments = (await call(em, "GET", "/v1/departments", { token: STAGING })).body;
    expect(departments[0]).toMatchObject({ id: "7001", agent_count: "1", agents: [{ eid: "0599000000001", name: "Stage Agent", id: "900001" }] });
    const numbers = (await call(em, "GET", "/v1/my_number", { token: STAGING })).body;
    expect(numbers).toEqual([
      { id: "201", did: "+918069009999", alias: "918069009999", name: "", destination: "hangup||1", description: "", sms_template: [] },
    ]);
  });

  it("logs in to the account whose email matches", async () => {
    const login = await call(em, "POST", "/v1/auth/login", {
      token: null,
      body: { email: "staging@example.com", password: "staging-password" },
    });
    expect(login.status).toBe(200);
    const recordings = await call(em, "GET", "/v1/recordings", { token: login.body.access_token });
    expect(recordings.body.count).toBe(1);
    const crossed = await call(em, "POST", "/v1/auth/login", {
      token: null,
      body: { email: "staging@example.com", password: "emulator-password" },
    });
    expect(crossed.status).toBe(401);
  });

  it("shows every account in the state and by name", async () => {
    const state = (await call(em, "GET", "/__emulator/state", { token: null })).body;
    expect(Object.keys(state.accounts)).toEqual(["default", "staging"]);
    expect((await call(em, "GET", "/__emulator/state?account=staging", { token: null })).body.name).toBe("staging");
    expect(em.snapshot("staging").recordings).toEqual([{ id: "50001", name: "Staging welcome", type: "recording" }]);
    expect(() => em.snapshot("nope")).toThrow("unknown account 'nope'");
  });

  it("edits out of band in the named account", async () => {
    await call(em, "POST", "/v1/ivr", { token: STAGING, body: stagingIvr() });
    const id = em.snapshot("staging").ivrs[0]!.id;
    expect((await call(em, "PATCH", `/__emulator/ivrs/${id}?account=default`, { token: null, body: { timeout: 9 } })).status).toBe(404);
    expect((await call(em, "PATCH", `/__emulator/ivrs/${id}?account=staging`, { token: null, body: { timeout: 9 } })).status).toBe(200);
    expect((await call(em, "PATCH", `/__emulator/ivrs/${id}`, { token: null, body: { timeout: 10 } })).status).toBe(200);
    expect(em.snapshot("staging").ivrs[0]!.timeout).toBe(10);
  });
});

describe("emulator rate limit with several accounts", () => {
  it("limits each account on its own", async () => {
    const em = await startEmulator({ cps: 1, seed: twoAccountSeed() });
    try {
      expect((await call(em, "GET", "/v1/ivrs")).status).toBe(200);
      expect((await call(em, "GET", "/v1/ivrs")).status).toBe(429);
      expect((await call(em, "GET", "/v1/ivrs", { token: STAGING })).status).toBe(200);
      expect(em.stats("default").rateLimited).toBe(1);
      expect(em.stats("staging").rateLimited).toBe(0);
    } finally {
      await em.close();
    }
  });

  it("takes each account's cps from its seed entry", async () => {
    const seed = twoAccountSeed();
    seed.accounts[0]!.cps = 0;
    seed.accounts[1]!.cps = 1;
    const em = await startEmulator({ seed });
    try {
      expect(em.snapshot("default").cps).toBe(0);
      expect(em.snapshot("staging").cps).toBe(1);
    } finally {
      await em.close();
    }
  });
});

describe("emulator account overrides", () => {
  it("overrides the default account's token, email, password, cps and password age only", async () => {
    const em = await startEmulator({
      seed: twoAccountSeed(),
      token: "custom-token",
      email: "custom@example.com",
      password: "custom-password",
      cps: 7,
      passwordDaysLeft: 3,
    });
    try {
      expect((await call(em, "GET", "/v1/ivrs", { token: "custom-token" })).status).toBe(200);
      expect((await call(em, "GET", "/v1/ivrs", { token: "emulator-token" })).status).toBe(401);
      const login = await call(em, "POST", "/v1/auth/login", {
        token: null,
        body: { email: "custom@example.com", password: "custom-password" },
      });
      expect(login.body.number_of_days_left).toBe(3);
      expect(em.snapshot()).toMatchObject({ email: "custom@example.com", cps: 7, passwordDaysLeft: 3 });
      // The option is only a fallback for other accounts' cps / password age.
      expect(em.snapshot("staging")).toMatchObject({ email: "staging@example.com", cps: 7, passwordDaysLeft: 3 });
      expect(em.credentials()).toEqual([
        { account: "default", token: "custom-token", email: "custom@example.com", password: "custom-password" },
        { account: "staging", token: STAGING, email: "staging@example.com", password: "staging-password" },
      ]);
    } finally {
      await em.close();
    }
  });
});

describe("emulator seeds", () => {
  it("ships the default account used by the examples", () => {
    const account = DEFAULT_SEED.accounts[0]!;
    expect(account).toMatchObject({
      name: "default",
      token: "emulator-token",
      email: "ops@example.com",
      password: "emulator-password",
      cps: 3,
      passwordDaysLeft: 60,
    });
    expect(account.recordings!.map((r) => [r.id, r.name])).toEqual([
      ["28935", "Support welcome"],
      ["28955", "Invalid option"],
      ["28934", "Sorry, goodbye"],
      ["28977", "Please make a selection"],
      ["19549", "Welcome"],
      ["244", "Invalid retry"],
      ["245", "Timeout retry"],
      ["42240", "Hold music"],
    ]);
    expect(account.users!.map((u) => u.agent.id)).toEqual([
      "05047530000",
      "05047530099",
      "05047530675",
      "050109590001",
      "050109590002",
      "0502842370097",
    ]);
    expect(account.users![0]!.id).toBe(314678);
    expect(account.departments!.map((d) => [d.id, d.name, d.agents!.map((a) => a.eid)])).toEqual([
      ["20546", "Sales Dept", ["050109590002", "05047530000"]],
      ["17839", "Support Ring Group", ["050109590001", "05047530099"]],
    ]);
    expect(account.numbers!.map((n) => [n.id, n.did, n.name, n.destination])).toEqual([
      ["101", "+918069001234", "Main line", "hangup||1"],
      ["102", "+918069005678", "Support line", "hangup||1"],
    ]);
    expect(account.voicemails!.map((v) => v.id)).toEqual(["301"]);
    expect(account.timeConditions!.map((t) => t.id)).toEqual(["64000"]);
    expect(account.timeGroups!.map((t) => [t.id, t.name])).toEqual([
      ["501", "Office hours"],
      ["502", "Weekend hours"],
    ]);
    expect(account.ivrs).toEqual([]);
    expect(Object.isFrozen(account)).toBe(true);
  });

  it("loads seed IVRs, with or without ids, that route to each other", async () => {
    const seed = defaultSeed();
    seed.accounts[0]!.ivrs = [
      { ...ivrBody({ name: "Main", destination: ["hangup||1", "ivr||9100", "hangup||1"] }) },
      { id: 9100, ...ivrBody({ name: "Sales", option: [1], destination: ["department||20546"] }) },
    ];
    const em = await withEmulator({ seed });
    try {
      const ivrs = (await call(em, "GET", "/v1/ivrs")).body.ivrs;
      expect(ivrs.map((ivr: { id: number; name: string }) => [ivr.id, ivr.name])).toEqual([
        [9100, "Sales"],
        [9101, "Main"],
      ]);
      expect(await createIvr(em, { name: "New" })).toBe(9102);
    } finally {
      await em.close();
    }
  });

  it("loads a seed file", async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), "smartflo-seed-"));
    const file = path.join(dir, "seed.json");
    fs.writeFileSync(file, JSON.stringify(twoAccountSeed()));
    const em = await withEmulator({ seedFile: file });
    try {
      expect((await call(em, "GET", "/v1/recordings", { token: STAGING })).status).toBe(200);
    } finally {
      await em.close();
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });

  it.each<[string, (seed: any) => void, RegExp]>([
    ["a duplicate account name", (s) => (s.accounts[1].name = "default"), /^seed: accounts: duplicate account name 'default'$/],
    ["a duplicate token", (s) => (s.accounts[1].token = "emulator-token"), /duplicate account token/],
    ["a missing email", (s) => delete s.accounts[1].email, /^seed: accounts\[1\]\.email: Required$/],
    ["a misspelt list", (s) => (s.accounts[1].timegroups = []), /^seed: accounts\[1\]: Unrecognized key\(s\) in object: 'timegroups'$/],
    ["a user without an agent id", (s) => (s.accounts[1].users = [{ id: 5, name: "x", agent: {} }]), /^seed: accounts\[1\]\.users\[0\]\.agent\.id: Required$/],
    ["duplicate recording ids", (s) => s.accounts[1].recordings.push({ id: "50001", name: "again" }), /duplicate recording id '50001'/],
    [
      "an IVR with a missing recording",
      (s) => (s.accounts[0].ivrs = [ivrBody({ recording: "recording||1" })]),
      /^seed: accounts\[0\]\.ivrs\[0\]\.recording: recording 1 does not exist$/,
    ],
    [
      "a number routed to a missing IVR",
      (s) => (s.accounts[0].numbers[0].destination = "ivr||123"),
      /^seed: accounts\[0\]\.numbers\[0\]\.destination: ivr 123 does not exist$/,
    ],
    ["no accounts", (s) => (s.accounts = []), /^seed: accounts: at least one account is required$/],
  ])("refuses to start from a seed with %s", async (_what, mutate, message) => {
    const seed = twoAccountSeed();
    mutate(seed);
    const error = await startEmulator({ seed }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(SeedError);
    expect((error as Error).message).toMatch(message);
  });

  it("refuses both seed and seedFile, and bad option values", async () => {
    await expect(startEmulator({ seed: defaultSeed(), seedFile: "x.json" })).rejects.toThrow("give seed or seedFile, not both");
    await expect(startEmulator({ port: 70000 })).rejects.toThrow("port must be an integer from 0 to 65535");
    await expect(startEmulator({ cps: -1 })).rejects.toThrow(/cps must be a non-negative integer/);
    await expect(startEmulator({ tokenTtlSeconds: 0 })).rejects.toThrow(/tokenTtlSeconds/);
    await expect(startEmulator({ singlePipe: "maybe" as "accept" })).rejects.toThrow(/singlePipe/);
  });

  it("binds to 127.0.0.1 only", async () => {
    const em = await withEmulator();
    try {
      expect(em.url).toBe(`http://127.0.0.1:${em.port}`);
      // Where the machine has another IPv4 address, the port must not answer on it.
      const external = Object.values(os.networkInterfaces())
        .flat()
        .find((i) => i && i.family === "IPv4" && !i.internal);
      if (external) {
        const outcome = await new Promise<string>((resolve) => {
          const socket = net.connect({ host: external.address, port: em.port });
          socket.once("connect", () => {
            socket.destroy();
            resolve("connected");
          });
          socket.once("error", (error: NodeJS.ErrnoException) => resolve(error.code ?? "error"));
        });
        expect(outcome).not.toBe("connected");
      }
    } finally {
      await em.close();
    }
  });
});
