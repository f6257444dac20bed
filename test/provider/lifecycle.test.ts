/**
 * The Ivr provider's methods, called as the Pulumi engine calls them (plain JSON in and out,
 * `__provider` present, unknowns during preview), against the emulator on loopback.
 */
import * as runtime from "../../provider/src/provider/runtime";
import { resetSession } from "../../provider/src/provider/session";
import { UNKNOWN } from "../../provider/src/core/refs";
import { control, Emulator, PASSWORD, EMAIL, startEmulator, storedIvrs, TOKEN } from "../support/emulator";
import { supportIvr, withValue } from "../support/ivrs";

const PROVIDER_TEXT = "exports.handler = __f0; /* serialized provider */";

let emu: Emulator;
let settings: Record<string, string>;
let errors: string[];

async function configure(extra: Record<string, string> = {}) {
  settings = { "smartflo:baseUrl": emu.url, "smartflo:token": TOKEN, "smartflo:requestsPerSecond": "50", ...extra };
  await runtime.configure({ get: (k: string) => settings[k] });
}

/** A later Pulumi run: a new provider process, configured with the same settings. */
async function newRun() {
  resetSession();
  await runtime.configure({ get: (k: string) => settings[k] });
}

/** check + create, as `pulumi up` does for a new resource. */
async function createChecked(args: Record<string, unknown>) {
  const checked = await runtime.check({}, { ...args, __provider: PROVIDER_TEXT });
  expect(checked.failures).toEqual([]);
  return runtime.create({ ...checked.inputs, __provider: PROVIDER_TEXT });
}

beforeAll(async () => {
  emu = await startEmulator({ cps: 0 });
});
afterAll(() => emu.close());
beforeEach(async () => {
  await control(emu, "POST", "reset");
  resetSession();
  await configure();
  errors = [];
  jest.spyOn(console, "error").mockImplementation((m: string) => void errors.push(String(m)));
  jest.spyOn(console, "log").mockImplementation(() => undefined);
});
afterEach(() => jest.restoreAllMocks());

describe("Ivr check", () => {
  it("returns normalised inputs without __provider and with the default description", async () => {
    const args = supportIvr({ greeting: "recording|28935" });
    delete (args as { description?: string }).description;
    const r = await runtime.check({}, { ...args, __provider: PROVIDER_TEXT });
    expect(r.failures).toEqual([]);
    expect(r.inputs.greeting).toBe("recording||28935");
    expect(r.inputs.description).toBe("Support IVR");
    expect(r.inputs).not.toHaveProperty("__provider");
  });

  // The engine prints `inputs[property]` as the value, `<nil>` for a nested path: failures name no
  // property and lead with the path and the value found there.
  it("rejects a duplicate key '1' at options[1].key and retries 99 at noInput.retries, together, with the values at those paths", async () => {
    const args = withValue(withValue(supportIvr(), ["options", 1, "key"], "1"), ["noInput", "retries"], 99);
    const r = await runtime.check({}, { ...args, __provider: PROVIDER_TEXT });
    expect(r.failures).toEqual([
      { property: "", reason: `options[1].key = "1": duplicate DTMF key '1' (also used by options[0])` },
      { property: "", reason: "noInput.retries = 99: must be a whole number of retries from 0 to 10" },
    ]);
  });

  it("shows no value for a property that is missing or not one plain value", async () => {
    const args = withValue(withValue(supportIvr(), ["noInput"], undefined), ["options"], "nope");
    const r = await runtime.check({}, { ...args, __provider: PROVIDER_TEXT });
    expect(r.failures.map((f) => f.reason)).toEqual([
      `options = "nope": must be a list of options`,
      "noInput: is required (what happens when the caller presses nothing before the timeout)",
    ]);
  });

  it("never throws for garbage input", async () => {
    for (const news of [null, "x", 5, [], { options: "nope" }, { invalidInput: [1, 2] }]) {
      const r = await runtime.check({}, news as never);
      expect(r.failures.length).toBeGreaterThan(0);
    }
  });

  it("lets unknown values through untouched anywhere in the tree, and skips their references", async () => {
    const args = withValue(withValue(withValue(supportIvr(), ["options", 2, "destination"], UNKNOWN), ["noInput"], UNKNOWN), ["name"], UNKNOWN);
    const r = await runtime.check({}, { ...args, __provider: PROVIDER_TEXT });
    expect(r.failures).toEqual([]);
    expect((r.inputs.options as any[])[2].destination).toBe(UNKNOWN);
    expect(r.inputs.noInput).toBe(UNKNOWN);
    expect(r.inputs.name).toBe(UNKNOWN);
  });

  it("fails a recording id that does not exist in the account, naming the property", async () => {
    const args = withValue(supportIvr(), ["invalidInput", "finalRecording"], "recording||99999");
    const r = await runtime.check({}, { ...args, __provider: PROVIDER_TEXT });
    expect(r.failures).toEqual([
      {
        property: "",
        reason: expect.stringMatching(
          /^invalidInput\.finalRecording = "recording\|\|99999": recording 99999 does not exist in this Smartflo account \(GET \/v1\/recordings: it lists 28935, /,
        ),
      },
    ]);
  });

  it("fails unknown extensions, departments and IVRs", async () => {
    const args = supportIvr({
      options: [
        { key: "1", destination: "extension||0999" },
        { key: "2", destination: "department||404" },
        { key: "3", destination: "ivr||123456" },
      ],
    });
    const r = await runtime.check({}, { ...args, __provider: PROVIDER_TEXT });
    expect(r.failures.map((f) => f.reason.split(" = ")[0])).toEqual(["options[0].destination", "options[1].destination", "options[2].destination"]);
    expect(r.failures[0].reason).toMatch(/^options\[0\]\.destination = "extension\|\|0999": extension 0999 \(an agent\/extension id\) does not exist/);
  });

  it("looks each kind up once per run, however many IVRs it checks", async () => {
    for (let i = 0; i < 5; i++) await runtime.check({}, { ...supportIvr({ name: `IVR ${i}` }), __provider: PROVIDER_TEXT });
    const routes = (await control(emu, "GET", "stats")).routes;
    expect(routes["GET /v1/recordings"]).toBe(1);
    expect(routes["GET /v1/departments"]).toBe(1);
    expect(routes["GET /v1/ivrs"]).toBe(1);
  });

  it("fails a new IVR whose name is taken, suggesting adopt, and accepts it with adopt: true", async () => {
    await createChecked(supportIvr());
    await newRun();
    const r = await runtime.check({}, { ...supportIvr(), __provider: PROVIDER_TEXT });
    expect(r.failures).toEqual([
      { property: "", reason: expect.stringMatching(/^name = "Support IVR": an IVR named 'Support IVR' already exists in this Smartflo account \(id \d+\); set adopt: true/) },
    ]);
    const adopted = await runtime.check({}, { ...supportIvr(), adopt: true, __provider: PROVIDER_TEXT });
    expect(adopted.failures).toEqual([]);
    expect(adopted.inputs.adopt).toBe(true);
  });

  it("does not flag the resource's own name on later runs", async () => {
    const { outs } = await createChecked(supportIvr());
    await newRun();
    const r = await runtime.check({ ...outs, __provider: PROVIDER_TEXT }, { ...supportIvr(), __provider: PROVIDER_TEXT });
    expect(r.failures).toEqual([]);
  });

  it("warns and leaves the decision to up when the account cannot be reached", async () => {
    await configure({ "smartflo:baseUrl": "http://127.0.0.1:1", "smartflo:maxRetries": "0" });
    const r = await runtime.check({}, { ...supportIvr(), __provider: PROVIDER_TEXT });
    expect(r.failures).toEqual([]);
    expect(errors.join("\n")).toMatch(
      /warning: smartflo: could not reach the Smartflo account at http:\/\/127\.0\.0\.1:1 to check references \(GET \/v1\/recordings: connection failed \(ECONNREFUSED\).*; leaving the decision to `pulumi up` \(set smartflo:requireAccountChecks to true to fail instead\)$/,
    );
  });

  it("asks an account that fails once per run, and warns once, however many IVRs it checks", async () => {
    await configure({ "smartflo:maxRetries": "0" });
    await control(emu, "POST", "faults", { path: "/v1/recordings", status: 503, count: 100 });
    for (let i = 0; i < 5; i++) {
      const r = await runtime.check({}, { ...supportIvr({ name: `IVR ${i}` }), __provider: PROVIDER_TEXT });
      expect(r.failures).toEqual([]);
    }
    expect((await control(emu, "GET", "stats")).routes["GET /v1/recordings"]).toBe(1);
    expect(errors.filter((e) => e.includes("could not reach the Smartflo account"))).toEqual([
      expect.stringContaining("to check references (GET /v1/recordings: HTTP 503: Injected fault)"),
    ]);
  });

  it("names the request that failed, not the list it was for (agents are read from users and departments)", async () => {
    await configure({ "smartflo:maxRetries": "0" });
    await control(emu, "POST", "faults", { path: "/v1/departments", status: 503, count: 100 });
    const r = await runtime.check({}, { ...supportIvr(), __provider: PROVIDER_TEXT });
    expect(r.failures).toEqual([]);
    expect(errors.filter((e) => e.includes("could not reach"))).toEqual([
      expect.stringContaining("to check references (GET /v1/departments: HTTP 503: Injected fault)"),
    ]);
  });

  it("fails one check, naming the setting, when Smartflo rejects the credentials (never a warning that passes)", async () => {
    await configure({ "smartflo:token": "revoked-token" });
    const r = await runtime.check({}, { ...supportIvr(), __provider: PROVIDER_TEXT });
    expect(r.failures).toEqual([
      {
        property: "",
        reason:
          "Smartflo rejected the token in smartflo:token (GET /v1/recordings: HTTP 401: Deleted or blacklisted token provided): " +
          "set a valid one with `pulumi config set --secret smartflo:token <token>`",
      },
    ]);
    expect(errors.filter((e) => e.startsWith("warning"))).toEqual([]);
    expect(JSON.stringify(r)).not.toContain("revoked-token");
  });

  it("with smartflo:requireAccountChecks, fails the check when the account cannot be reached or no credentials are set", async () => {
    await configure({ "smartflo:baseUrl": "http://127.0.0.1:1", "smartflo:maxRetries": "0", "smartflo:requireAccountChecks": "true" });
    const unreachable = await runtime.check({}, { ...supportIvr(), __provider: PROVIDER_TEXT });
    expect(unreachable.failures).toEqual([
      { property: "", reason: expect.stringMatching(/^could not reach the Smartflo account at http:\/\/127\.0\.0\.1:1 .*; smartflo:requireAccountChecks is true, so this fails the check/) },
    ]);
    await configure({ "smartflo:token": "", "smartflo:requireAccountChecks": "true" });
    const none = await runtime.check({}, { ...supportIvr(), __provider: PROVIDER_TEXT });
    expect(none.failures).toEqual([{ property: "", reason: expect.stringMatching(/^no Smartflo credentials are configured .*smartflo:requireAccountChecks is true/) }]);
    await configure({ "smartflo:requireAccountChecks": "true", "smartflo:validateReferences": "false" });
    const contradiction = await runtime.check({}, { ...supportIvr(), __provider: PROVIDER_TEXT });
    expect(contradiction.failures[0]!.reason).toMatch(/smartflo:requireAccountChecks is true but smartflo:validateReferences is false/);
  });

  it("lets another IVR take a name that an IVR checked earlier in the run gives up (a rename inside the stack)", async () => {
    const { outs } = await createChecked(supportIvr({ name: "Billing" }));
    await newRun();
    // The engine checks the renamed IVR first: the program makes the taker wait for it.
    const renamed = await runtime.check({ ...outs, __provider: PROVIDER_TEXT }, { ...supportIvr({ name: "Billing (old)" }), __provider: PROVIDER_TEXT });
    expect(renamed.failures).toEqual([]);
    const taker = await runtime.check({}, { ...supportIvr({ name: " billing" }), __provider: PROVIDER_TEXT });
    expect(taker.failures).toEqual([]);
    // Without the rename the name is taken, and said so.
    await newRun();
    const alone = await runtime.check({}, { ...supportIvr({ name: " billing" }), __provider: PROVIDER_TEXT });
    expect(alone.failures[0]!.reason).toMatch(/an IVR named 'Billing' already exists/);
  });

  it("says once that references were not checked when no credentials are configured", async () => {
    await configure({ "smartflo:token": "" });
    for (const name of ["A", "B"]) {
      expect((await runtime.check({}, { ...supportIvr({ name }), __provider: PROVIDER_TEXT })).failures).toEqual([]);
    }
    expect(errors.filter((e) => e.includes("no Smartflo credentials are configured"))).toHaveLength(1);
    expect((await control(emu, "GET", "stats")).total).toBe(0);
  });

  it("checks no references when smartflo:validateReferences is false", async () => {
    await configure({ "smartflo:validateReferences": "false" });
    const args = withValue(supportIvr(), ["greeting"], "recording||99999");
    expect((await runtime.check({}, { ...args, __provider: PROVIDER_TEXT })).failures).toEqual([]);
    expect((await control(emu, "GET", "stats")).total).toBe(0);
  });

  it("reports a bad setting naming its config key", async () => {
    await configure({ "smartflo:requestsPerSecond": "fast" });
    const r = await runtime.check({}, { ...supportIvr(), __provider: PROVIDER_TEXT });
    expect(r.failures).toEqual([{ property: "", reason: "smartflo:requestsPerSecond must be a number of requests per second above 0, got 'fast'" }]);
  });
});

describe("Ivr diff", () => {
  it("reports no change for an unchanged IVR, ignoring __provider", async () => {
    const { outs } = await createChecked(supportIvr());
    const news = (await runtime.check(outs, { ...supportIvr(), __provider: "a different provider text" })).inputs;
    expect(await runtime.diff("1", { ...outs, __provider: PROVIDER_TEXT }, { ...news, __provider: "other" })).toEqual({
      changes: false, replaces: [], deleteBeforeReplace: false,
    });
  });

  it("reports no change after a refresh that read the IVR back from the API", async () => {
    const { id, outs } = await createChecked(supportIvr());
    const read = await runtime.read(id, { ...outs, __provider: PROVIDER_TEXT });
    const news = (await runtime.check(outs, { ...supportIvr(), __provider: PROVIDER_TEXT })).inputs;
    expect((await runtime.diff(id, read.props as never, news as never)).changes).toBe(false);
  });

  it("reports no change after a refresh for an IVR written with smsTemplateId \"0\" (no template) or a blank description", async () => {
    const args = supportIvr({
      description: "  ",
      options: [
        { key: "1", destination: "hangup||1", smsTemplateId: "0" },
        { key: "2", destination: "hangup||1", smsTemplateId: "035642" },
      ],
    });
    const { id, outs } = await createChecked(args);
    const stored = (await storedIvrs(emu)).find((i) => String(i.id) === id);
    expect(stored.sms_template).toEqual(["0", "35642"]);
    expect(stored.description).toBe("Support IVR");
    const read = await runtime.read(id, { ...outs, __provider: PROVIDER_TEXT });
    const news = (await runtime.check(read.inputs as never, { ...args, __provider: PROVIDER_TEXT })).inputs;
    expect(await runtime.diff(id, read.props as never, news as never)).toEqual({ changes: false, replaces: [], deleteBeforeReplace: false });
  });

  it("ignores option order and number/string forms", async () => {
    const { id, outs } = await createChecked(supportIvr());
    const reordered = { ...outs, options: [...(outs.options as any[])].reverse(), ringTimeoutSeconds: 30 };
    const news = { ...supportIvr(), options: supportIvr().options.map((o) => ({ ...o, key: Number(o.key) })) };
    expect((await runtime.diff(id, reordered as never, news as never)).changes).toBe(false);
  });

  it("reports a change, never a replacement, when an input changes", async () => {
    const { id, outs } = await createChecked(supportIvr());
    const r = await runtime.diff(id, outs as never, { ...supportIvr({ name: "Renamed IVR" }) } as never);
    expect(r).toEqual({ changes: true, replaces: [], deleteBeforeReplace: false });
  });

  it("treats an unknown value as a change", async () => {
    const { id, outs } = await createChecked(supportIvr());
    const news = withValue(supportIvr(), ["options", 0, "destination"], UNKNOWN);
    expect((await runtime.diff(id, outs as never, news as never)).changes).toBe(true);
  });

  it("makes no network call", async () => {
    const { id, outs } = await createChecked(supportIvr());
    await control(emu, "POST", "stats/reset");
    await runtime.diff(id, outs as never, supportIvr() as never);
    expect((await control(emu, "GET", "stats")).total).toBe(0);
  });
});

describe("Ivr create", () => {
  it("creates the IVR and returns every input, normalised, plus ivrId", async () => {
    const { id, outs } = await createChecked(supportIvr());
    expect(outs).toEqual({ ...supportIvr(), ivrId: id });
    const [stored] = await storedIvrs(emu);
    expect(String(stored.id)).toBe(id);
    expect(stored.timeout).toBe(30);
    expect(stored.option).toEqual(["1", "2", "9"]);
  });

  it("refuses to create a second IVR with an existing name and suggests adopt: true", async () => {
    await createChecked(supportIvr());
    const err = await runtime.create({ ...supportIvr(), __provider: PROVIDER_TEXT } as never).catch((e) => e);
    expect(err.message).toMatch(/^creating the Smartflo IVR: an IVR named 'Support IVR' already exists in this Smartflo account \(id \d+\)\. Set adopt: true/);
    expect(await storedIvrs(emu)).toHaveLength(1);
  });

  it("with adopt: true takes over the existing IVR and applies the declared state", async () => {
    const first = await createChecked(supportIvr({ ringTimeoutSeconds: 10 }));
    const adopted = await runtime.create({ ...supportIvr({ ringTimeoutSeconds: 40 }), adopt: true, __provider: PROVIDER_TEXT } as never);
    expect(adopted.id).toBe(first.id);
    expect(adopted.outs.adopt).toBe(true);
    const stored = await storedIvrs(emu);
    expect(stored).toHaveLength(1);
    expect(stored[0].timeout).toBe(40);
  });

  it("creates an IVR that routes to another by id", async () => {
    const sales = await createChecked(supportIvr({ name: "Sales IVR" }));
    const { outs } = await createChecked(supportIvr({ options: [{ key: "3", destination: `ivr||${sales.id}` }] }));
    expect((outs.options as any[])[0].destination).toBe(`ivr||${sales.id}`);
  });

  it("reads credentials at call time: email and password from config work as well as a token", async () => {
    await configure({ "smartflo:token": "", "smartflo:email": EMAIL, "smartflo:password": PASSWORD });
    const { outs } = await createChecked(supportIvr());
    expect(JSON.stringify(outs)).not.toContain(PASSWORD);
    expect((await control(emu, "GET", "stats")).routes["POST /v1/auth/login"]).toBe(1);
  });

  it("fails with the endpoint and Smartflo's message, and no credential, when Smartflo refuses", async () => {
    await configure({ "smartflo:validateReferences": "false" });
    const args = withValue(supportIvr(), ["greeting"], "recording||99999");
    const err = await createChecked(args).catch((e) => e);
    expect(err.message).toMatch(/^creating the Smartflo IVR: Smartflo POST \/v1\/ivr rejected the request \(HTTP 400\): recording: /);
    expect(err.message).not.toContain(TOKEN);
  });
});

describe("Ivr debug log", () => {
  afterEach(() => delete process.env.SMARTFLO_DEBUG);

  it("with SMARTFLO_DEBUG=1 prints a failed POST, what decides its outcome, and its retry", async () => {
    process.env.SMARTFLO_DEBUG = "1";
    await control(emu, "POST", "faults", { path: "/v1/ivr", method: "POST", status: 503, count: 1 });
    await createChecked(supportIvr());
    const log = errors.join("\n");
    expect(log).toMatch(/smartflo: POST \/v1\/ivr -> HTTP 503 \(ServerError\) in \d+ ms/);
    expect(log).toMatch(/smartflo: POST \/v1\/ivr: the outcome is unknown \(.*HTTP 503.*\); checking whether it took effect/);
    expect(log).toMatch(/smartflo: GET \/v1\/ivrs -> HTTP 200/);
    expect(log).toMatch(/smartflo: POST \/v1\/ivr: .*HTTP 503.*; retry 1 in \d+ ms/);
    expect(log).toMatch(/smartflo: POST \/v1\/ivr -> HTTP 200/);
    expect(log).not.toContain(TOKEN);
  });

  it("with SMARTFLO_DEBUG=1 prints a request that finally fails", async () => {
    process.env.SMARTFLO_DEBUG = "1";
    await configure({ "smartflo:validateReferences": "false" });
    await createChecked(withValue(supportIvr(), ["greeting"], "recording||99999")).catch(() => undefined);
    expect(errors.join("\n")).toMatch(/smartflo: POST \/v1\/ivr -> HTTP 400 \(ValidationError\).*\n.*smartflo: POST \/v1\/ivr: giving up after 1 attempt\(s\): Smartflo POST \/v1\/ivr rejected the request/);
  });

  it("with SMARTFLO_DEBUG=1 prints each request and retry, without credentials", async () => {
    process.env.SMARTFLO_DEBUG = "1";
    await configure({ "smartflo:token": "", "smartflo:email": EMAIL, "smartflo:password": PASSWORD });
    await control(emu, "POST", "faults", { path: "/v1/ivr", method: "POST", status: 429, count: 1, headers: { "Retry-After": "0" } });
    await createChecked(supportIvr());
    const log = errors.join("\n");
    expect(log).toMatch(/smartflo: POST \/v1\/auth\/login -> HTTP 200 in \d+ ms/);
    expect(log).toMatch(/smartflo: POST \/v1\/ivr: Smartflo POST \/v1\/ivr was rate limited \(HTTP 429\).*; retry 1 in \d+ ms/);
    expect(log).toMatch(/smartflo: POST \/v1\/ivr -> HTTP 200/);
    expect(log).not.toContain(PASSWORD);
    expect(log).not.toMatch(/Bearer|access_token|eyJ/);
  });

  it("prints nothing but warnings without it", async () => {
    await createChecked(supportIvr());
    expect(errors).toEqual([]);
  });
});

describe("Ivr read (refresh)", () => {
  it("returns the IVR as it is now, with inputs, so an out-of-band edit shows as drift", async () => {
    const { id, outs } = await createChecked(supportIvr());
    await control(emu, "PATCH", `ivrs/${id}`, { timeout: 45, option: ["1", "2", "9"], destination: ["extension||05047530000", "department||17839", "hangup||1"] });
    const read = await runtime.read(id, { ...outs, __provider: PROVIDER_TEXT });
    expect(read.id).toBe(id);
    expect(read.props).toMatchObject({ ringTimeoutSeconds: 45, ivrId: id });
    expect((read.props!.options as any[])[1]).toEqual({ key: "2", destination: "department||17839", smsTemplateId: "35642" });
    const { ivrId: _id, ...inputs } = read.props!;
    expect(read.inputs).toEqual(inputs);
    const diff = await runtime.diff(id, read.props as never, supportIvr() as never);
    expect(diff.changes).toBe(true);
  });

  it("returns nothing for an IVR deleted out of band, so it leaves the state", async () => {
    const { id, outs } = await createChecked(supportIvr());
    await control(emu, "DELETE", `ivrs/${id}`);
    expect(await runtime.read(id, outs as never)).toEqual({});
  });
});

describe("Ivr update", () => {
  it("sends the full state and returns complete outputs", async () => {
    const { id, outs } = await createChecked(supportIvr());
    const news = (await runtime.check(outs, { ...supportIvr({ ringTimeoutSeconds: 50 }), __provider: PROVIDER_TEXT })).inputs;
    const { outs: updated } = await runtime.update(id, outs as never, { ...news, __provider: PROVIDER_TEXT } as never);
    expect(updated).toEqual({ ...supportIvr({ ringTimeoutSeconds: 50 }), ivrId: id });
    expect((await storedIvrs(emu))[0].timeout).toBe(50);
  });

  it("explains what to do when the IVR was deleted out of band", async () => {
    const { id, outs } = await createChecked(supportIvr());
    await control(emu, "DELETE", `ivrs/${id}`);
    const err = await runtime.update(id, outs as never, supportIvr() as never).catch((e) => e);
    expect(err.message).toBe(
      `updating Smartflo IVR ${id}: IVR 'Support IVR' (id ${id}) no longer exists in Smartflo: it was deleted outside Pulumi. ` +
        "Run `pulumi refresh` to drop it from the stack, then `pulumi up` to create it again",
    );
  });
});

describe("Ivr delete", () => {
  it("deletes, and succeeds when the IVR is already gone", async () => {
    const { id, outs } = await createChecked(supportIvr());
    await runtime.remove(id, outs as never);
    expect(await storedIvrs(emu)).toEqual([]);
    await expect(runtime.remove(id, outs as never)).resolves.toBeUndefined();
  });
});

describe("Ivr create left pending (its outcome unknown)", () => {
  const PLACEHOLDER = /^pending-[0-9a-f]{16}$/;

  /** A create whose POST succeeds but whose id lookup fails: what the engine receives. */
  async function createWithLookupDown(args = supportIvr()) {
    await configure({ "smartflo:maxRetries": "1" });
    const checked = await runtime.check({}, { ...args, __provider: PROVIDER_TEXT }); // lists the IVRs (name check)
    await control(emu, "POST", "faults", { path: "/v1/ivrs", method: "GET", status: 503, count: 100 });
    const err = await runtime.create({ ...checked.inputs, __provider: PROVIDER_TEXT }).catch((e) => e);
    await control(emu, "DELETE", "faults");
    return { err, inputs: checked.inputs };
  }

  it("fails with an initialization error the engine records: a placeholder id, the pending create and __provider in its outputs", async () => {
    const { err } = await createWithLookupDown();
    expect(err.message).toMatch(
      /^creating the Smartflo IVR: POST \/v1\/ivr created 'Support IVR', but GET \/v1\/ivrs could not give its id .*\. Recorded as a pending create \(id pending-[0-9a-f]+\): the next `pulumi up` or `pulumi refresh` finds out whether it was created/,
    );
    expect(err.id).toMatch(PLACEHOLDER);
    expect(err.properties).toMatchObject({ ...supportIvr(), __provider: PROVIDER_TEXT, pendingCreate: { name: "Support IVR" } });
    expect(err.properties).not.toHaveProperty("ivrId");
    expect(err.reasons).toEqual([err.message.replace(/^creating the Smartflo IVR: /, "")]);
    expect(await storedIvrs(emu)).toHaveLength(1);
  });

  it("is settled by the next up: diff shows a change, update takes the IVR over without a second POST, and later operations use its real id", async () => {
    const { err } = await createWithLookupDown();
    const [stored] = await storedIvrs(emu);
    await newRun();
    const news = { ...(await runtime.check(err.properties, { ...supportIvr(), __provider: PROVIDER_TEXT })).inputs, __provider: PROVIDER_TEXT };
    expect((await runtime.diff(err.id, err.properties, news as never)).changes).toBe(true);
    const { outs } = await runtime.update(err.id, err.properties, news as never);
    expect(outs).toEqual({ ...supportIvr(), ivrId: String(stored.id) });
    expect((await control(emu, "GET", "stats")).routes["POST /v1/ivr"]).toBe(1);
    expect((await runtime.diff(err.id, { ...outs, __provider: PROVIDER_TEXT }, news as never)).changes).toBe(false);

    // The resource id is still the placeholder until a refresh, which returns the real one.
    const read = await runtime.read(err.id, { ...outs, __provider: PROVIDER_TEXT });
    expect(read.id).toBe(String(stored.id));
    expect(read.props).toEqual(outs);
    await runtime.remove(err.id, { ...outs, __provider: PROVIDER_TEXT } as never);
    expect(await storedIvrs(emu)).toEqual([]);
  });

  it("applies a declared change while settling it", async () => {
    const { err } = await createWithLookupDown();
    await newRun();
    const news = { ...supportIvr({ ringTimeoutSeconds: 50 }), __provider: PROVIDER_TEXT };
    const { outs } = await runtime.update(err.id, err.properties, news as never);
    expect(outs.ringTimeoutSeconds).toBe(50);
    expect((await storedIvrs(emu))[0].timeout).toBe(50);
  });

  it("is created by the next up when it never took effect", async () => {
    await configure({ "smartflo:maxRetries": "0" });
    await runtime.check({}, { ...supportIvr(), __provider: PROVIDER_TEXT });
    await control(emu, "POST", "faults", [
      { path: "/v1/ivr", method: "POST", status: 503, count: 1 },
      { path: "/v1/ivrs", method: "GET", status: 503, count: 1 },
    ]);
    const err = await runtime.create({ ...supportIvr(), __provider: PROVIDER_TEXT }).catch((e) => e);
    expect(err.id).toMatch(PLACEHOLDER);
    expect(await storedIvrs(emu)).toEqual([]);
    await newRun();
    const { outs } = await runtime.update(err.id, err.properties, { ...supportIvr(), __provider: PROVIDER_TEXT } as never);
    const stored = await storedIvrs(emu);
    expect(stored.map((s) => String(s.id))).toEqual([outs.ivrId]);
  });

  it("is settled by refresh, which returns the real id, or drops it when it never took effect", async () => {
    const { err } = await createWithLookupDown();
    const [stored] = await storedIvrs(emu);
    await newRun();
    const read = await runtime.read(err.id, err.properties);
    expect(read).toEqual({ id: String(stored.id), props: { ...supportIvr(), ivrId: String(stored.id) }, inputs: supportIvr() });
    await control(emu, "DELETE", `ivrs/${stored.id}`);
    await newRun();
    expect(await runtime.read(err.id, err.properties)).toEqual({});
  });

  it("is settled by destroy, which deletes what the create made", async () => {
    const { err } = await createWithLookupDown();
    await newRun();
    await runtime.remove(err.id, err.properties);
    expect(await storedIvrs(emu)).toEqual([]);
  });

  it("never takes over an IVR of that name that differs from what was sent: update fails saying which and how to adopt", async () => {
    const { err } = await createWithLookupDown();
    const [stored] = await storedIvrs(emu);
    await control(emu, "PATCH", `ivrs/${stored.id}`, { timeout: 99 }); // now it is not what was sent
    await newRun();
    const failure = await runtime.update(err.id, err.properties, { ...supportIvr(), __provider: PROVIDER_TEXT } as never).catch((e) => e);
    expect(failure.message).toMatch(
      new RegExp(`^updating Smartflo IVR ${err.id}: the create of 'Support IVR' sent .* had an unknown outcome .*, and an IVR named 'Support IVR' \\(id ${stored.id}\\) now exists that this stack cannot prove it created: it differs from what this create sent\\. It was not taken over\\. If it is the IVR this resource declares, set adopt: true`),
    );
    // With adopt: true it is taken over and updated to the declared state.
    const { outs } = await runtime.update(err.id, err.properties, { ...supportIvr(), adopt: true, __provider: PROVIDER_TEXT } as never);
    expect(outs.ivrId).toBe(String(stored.id));
    expect((await storedIvrs(emu))[0].timeout).toBe(30);
  });
});

describe("Ivr operations after a credential rotation", () => {
  it("say exactly what to run when Smartflo refuses the stack config's token, and stop asking after the first refusal", async () => {
    const { outs, id } = await createChecked(supportIvr());
    await newRun();
    settings["smartflo:token"] = "rotated-away-token";
    await runtime.configure({ get: (k: string) => settings[k] });
    await control(emu, "POST", "stats/reset");
    const err = await runtime.read(id, { ...outs, __provider: PROVIDER_TEXT }).catch((e) => e);
    expect(err.message).toBe(
      `reading Smartflo IVR ${id}: Smartflo refused the credential (GET /v1/ivrs: HTTP 401, Deleted or blacklisted token provided). ` +
        "If it was rotated, set the new one with `pulumi config set --secret smartflo:token <new value>`, then run `pulumi up`, " +
        "`pulumi refresh --run-program` or `pulumi destroy --run-program` (or set PULUMI_RUN_PROGRAM=true): a plain `pulumi refresh` or " +
        "`pulumi destroy` does not run the program and uses the credential recorded with the last deployment",
    );
    const again = await runtime.remove(id, { ...outs, __provider: PROVIDER_TEXT } as never).catch((e) => e);
    expect(again.message).toMatch(/^deleting Smartflo IVR \d+: Smartflo refused the credential \(DELETE \/v1\/ivr\/\d+: HTTP 401, .*\); another error of this run says what to do$/);
    expect((await control(emu, "GET", "stats")).total).toBe(1);
  });

  it("name the environment when the credential comes from there", async () => {
    process.env.SMARTFLO_TOKEN = "rotated-env-token";
    try {
      await configure({ "smartflo:token": "" });
      const err = await runtime.read("8001", { ...supportIvr(), ivrId: "8001" } as never).catch((e) => e);
      expect(err.message).toMatch(/Smartflo refused the credential .*The credential comes from the environment \(SMARTFLO_TOKEN/);
      expect(err.message).not.toContain("rotated-env-token");
    } finally {
      delete process.env.SMARTFLO_TOKEN;
    }
  });
});
