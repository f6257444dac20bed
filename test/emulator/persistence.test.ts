import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { SeedError, startEmulator } from "../../provider/src/emulator";
import { EMAIL, PASSWORD, call, createIvr, createNamed, departmentBody, timeGroupBody, withEmulator } from "./helpers";

let dir: string;
let stateFile: string;

beforeEach(() => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), "smartflo-state-"));
  stateFile = path.join(dir, "nested", "state.json");
});
afterEach(() => fs.rmSync(dir, { recursive: true, force: true }));

function readState() {
  return JSON.parse(fs.readFileSync(stateFile, "utf8"));
}

describe("emulator state file", () => {
  it("is written with the seed at start when it does not exist", async () => {
    const em = await withEmulator({ stateFile });
    try {
      const state = readState();
      expect(state).toMatchObject({ version: 1, nextIvrId: 8001 });
      expect(state.accounts.map((a: { name: string }) => a.name)).toEqual(["default"]);
      expect(state.accounts[0].recordings).toHaveLength(8);
    } finally {
      await em.close();
    }
  });

  it("is saved after every mutation, through a temp file that never lingers", async () => {
    const em = await withEmulator({ stateFile });
    try {
      const id = await createIvr(em);
      expect(readState().accounts[0].ivrs.map((ivr: { id: number }) => ivr.id)).toEqual([id]);
      await call(em, "PUT", "/v1/my_number/102", { body: { destination: `ivr||${id}` } });
      expect(readState().accounts[0].numbers[1].destination).toBe(`ivr||${id}`);
      await call(em, "PATCH", `/__emulator/ivrs/${id}`, { token: null, body: { timeout: 50 } });
      expect(readState().accounts[0].ivrs[0].timeout).toBe(50);
      expect(fs.readdirSync(path.dirname(stateFile))).toEqual(["state.json"]);
    } finally {
      await em.close();
    }
  });

  it("survives a restart: departments, time groups and their id counters, never reusing an id", async () => {
    const first = await withEmulator({ stateFile });
    const department = await createNamed(first, "department", departmentBody({ name: "Kept" }));
    const gone = await createNamed(first, "department", departmentBody({ name: "Gone" }));
    await call(first, "DELETE", `/v1/department/${gone}`);
    const group = await createNamed(first, "timegroup", timeGroupBody());
    await first.close();
    expect(readState()).toMatchObject({ nextDepartmentId: Number(gone) + 1, nextTimeGroupId: Number(group) + 1 });

    const second = await withEmulator({ stateFile });
    try {
      expect((await call(second, "GET", "/v1/departments")).body.map((d: { id: string }) => d.id)).toEqual(["20546", "17839", department]);
      expect((await call(second, "GET", "/v1/timegroups")).body.map((t: { id: string }) => t.id)).toEqual(["501", "502", group]);
      const next = await createNamed(second, "department", departmentBody({ name: "Next" }));
      expect(Number(next)).toBe(Number(gone) + 1);
    } finally {
      await second.close();
    }
  });

  it("survives a restart: IVRs, numbers and the id counter, but not login tokens", async () => {
    const first = await withEmulator({ stateFile });
    const id = await createIvr(first);
    await call(first, "PUT", "/v1/my_number/101", { body: { destination: `ivr||${id}` } });
    const login = await call(first, "POST", "/v1/auth/login", { token: null, body: { email: EMAIL, password: PASSWORD } });
    const loginToken = login.body.access_token as string;
    await first.close();
    expect(fs.readFileSync(stateFile, "utf8")).not.toContain(loginToken);

    const second = await withEmulator({ stateFile });
    try {
      const ivrs = (await call(second, "GET", "/v1/ivrs")).body.ivrs;
      expect(ivrs.map((ivr: { id: number; name: string }) => [ivr.id, ivr.name])).toEqual([[id, "Support IVR"]]);
      expect((await call(second, "GET", "/v1/my_number")).body[0].destination).toBe(`ivr||${id}`);
      expect(await createIvr(second, { name: "Next" })).toBe(id + 1);
      const stale = await call(second, "GET", "/v1/ivrs", { token: loginToken });
      expect(stale.status).toBe(401);
      expect(stale.body.message).toBe("Deleted or blacklisted token provided");
    } finally {
      await second.close();
    }
  });

  it("loads a state file with dangling references left by out-of-band deletes", async () => {
    const first = await withEmulator({ stateFile });
    const sales = await createIvr(first, { name: "Sales" });
    await createIvr(first, { name: "Main", invalid_destination: `ivr||${sales}` });
    await call(first, "DELETE", `/__emulator/ivrs/${sales}`, { token: null });
    await first.close();

    const second = await withEmulator({ stateFile });
    try {
      expect(second.snapshot().ivrs.map((ivr) => ivr.name)).toEqual(["Main"]);
    } finally {
      await second.close();
    }
  });

  it("goes back to the seed on reset, file included", async () => {
    const em = await withEmulator({ stateFile });
    try {
      await createIvr(em);
      await call(em, "POST", "/__emulator/reset", { token: null });
      expect(readState().accounts[0].ivrs).toEqual([]);
      expect(readState().nextIvrId).toBe(8001);
    } finally {
      await em.close();
    }
  });

  it("applies credential overrides on top of a loaded state file", async () => {
    const first = await withEmulator({ stateFile });
    await first.close();
    const second = await withEmulator({ stateFile, token: "rotated-token" });
    try {
      expect((await call(second, "GET", "/v1/ivrs", { token: "rotated-token" })).status).toBe(200);
      expect((await call(second, "GET", "/v1/ivrs")).status).toBe(401);
    } finally {
      await second.close();
    }
  });

  it("can serve as a seed file", async () => {
    const first = await withEmulator({ stateFile });
    const id = await createIvr(first);
    await first.close();
    const fromSeed = await withEmulator({ seedFile: stateFile });
    try {
      expect(fromSeed.snapshot().ivrs.map((ivr) => ivr.id)).toEqual([id]);
    } finally {
      await fromSeed.close();
    }
  });

  it("refuses to start from a state file that is not JSON, leaving it untouched", async () => {
    fs.mkdirSync(path.dirname(stateFile), { recursive: true });
    fs.writeFileSync(stateFile, "{ half a file");
    const error = await startEmulator({ stateFile }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(SeedError);
    expect((error as Error).message).toMatch(/^state file .*state\.json: cannot read it as JSON/);
    expect(fs.readFileSync(stateFile, "utf8")).toBe("{ half a file");
  });
});
