/**
 * The registration gate under Pulumi's mocks: resources are validated when declared, every
 * problem of every resource is reported, no resource registers while any is invalid, the stack
 * rules see the stack's last state (a rename inside the stack orders the taker after the
 * holder), and at preview the account checks run for all of them at once. (The same under the
 * real engine, through the Ivr resource: test/e2e/whole-stack-preview.test.ts.)
 *
 * A refused round rejects the held registrations, which the language host reports as the run's
 * error; under jest that rejection would fail the test, so the refusing cases declare through
 * the gate directly (as the Ivr constructor does) and watch the promise the registrations wait on.
 */
import * as pulumi from "@pulumi/pulumi";
import { Ivr, IvrArgs, hangup, ivr, recording } from "../../provider/src";
import { toWriteBody } from "../../provider/src/kinds/ivr/mapping";
import { IVR_SPEC, validateIvr } from "../../provider/src/kinds/ivr/spec";
import { forgetDeclarations, holdUntilValidated } from "../../provider/src/preview/gate";
import { declarationKind } from "../../provider/src/preview/stack-rules";
import { Emulator, TOKEN, control, startEmulator } from "../support/emulator";

const TYPE = "pulumi-nodejs:dynamic/smartflo:Ivr";
const IVR = declarationKind(IVR_SPEC);
const registered: string[] = [];
let logged: string[] = [];
/** What the mocked engine answers for the stack's last state: URN -> outputs of an Ivr. */
let lastState: Record<string, Record<string, unknown>> | "unreadable" = {};
let emu: Emulator;

async function mock(preview = true) {
  await pulumi.runtime.setMocks(
    {
      newResource(args) {
        registered.push(args.name);
        return { id: `${args.name}-id`, state: { ...args.inputs, ivrId: `${args.name}-id` } };
      },
      call(args) {
        if (args.token !== "pulumi:pulumi:readStackResourceOutputs") return args.inputs;
        if (lastState === "unreadable") throw new Error("this backend cannot read stacks");
        const outputs = Object.fromEntries(Object.entries(lastState).map(([urn, outs]) => [urn, { type: TYPE, outputs: outs }]));
        return { name: args.inputs.stackName, outputs };
      },
    },
    "project",
    "stack",
    preview,
  );
}

beforeAll(async () => {
  emu = await startEmulator({ cps: 0 });
});
afterAll(() => emu.close());

beforeEach(async () => {
  registered.length = 0;
  logged = [];
  lastState = {};
  pulumi.runtime.setAllConfig({});
  // A fresh program each time: no declarations, no logged errors.
  forgetDeclarations();
  await mock();
  await control(emu, "POST", "reset");
  // Under mocks `pulumi.log.error` writes to the console (there is no engine).
  jest.spyOn(console, "error").mockImplementation((message: string) => void logged.push(String(message)));
});
afterEach(() => jest.restoreAllMocks());

const fallback = { retries: 1, retryRecording: recording("28955"), finalRecording: recording("28934"), destination: hangup() };
const args = (name: pulumi.Input<string>, extra: Record<string, unknown> = {}): IvrArgs =>
  ({ name, greeting: recording("28935"), ringTimeoutSeconds: 30, options: [{ key: "1", destination: hangup() }], invalidInput: fallback, noInput: fallback, ...extra }) as IvrArgs;

const urnOf = (name: string) => `urn:pulumi:stack::project::${TYPE}::${name}`;

/** A resource as the gate reads it (the fields Pulumi's Resource constructor sets). */
function standIn(name: string): pulumi.Resource {
  return { __pulumiResource: true, __name: name, __pulumiType: TYPE, __aliases: [] } as unknown as pulumi.Resource;
}

/** Declares an IVR the way the Ivr constructor does; the promise its registration waits on. */
function declareIvr(name: string, ivrArgs: IvrArgs, opts?: pulumi.CustomResourceOptions, resource = standIn(name)): Promise<unknown> {
  const held = holdUntilValidated<pulumi.CustomResourceOptions>(opts);
  held.declare(resource, IVR, ivrArgs);
  return held.opts.dependsOn as Promise<unknown>;
}

/** An IVR made in the account outside this program (through the API, as the panel would); its id. */
async function createInAccount(name: string): Promise<string> {
  const checked = validateIvr(args(name));
  if (!checked.ok) throw new Error(`not a valid IVR: ${JSON.stringify(checked.problems)}`);
  const body = toWriteBody(checked.value);
  const res = await fetch(`${emu.url}/v1/ivr`, { method: "POST", headers: { Authorization: `Bearer ${TOKEN}`, "Content-Type": "application/json" }, body: JSON.stringify(body) });
  expect(res.status).toBe(200);
  const listed = (await (await fetch(`${emu.url}/v1/ivrs`, { headers: { Authorization: `Bearer ${TOKEN}` } })).json()) as { ivrs: Array<{ id: number; name: string }> };
  return String(listed.ivrs.find((i) => i.name === name)!.id);
}

const settle = (p: Promise<unknown>) => p.then((v) => ({ ok: v }), (err: unknown) => ({ err: err as Error }));
const errors = () => logged.filter((l) => l.startsWith("error: ")).map((l) => l.replace(/^error: \[runtime\] /, ""));

describe("the registration gate", () => {
  it("lets valid IVRs register, including one routing to another (an Output of a resource is not waited on)", async () => {
    const sales = new Ivr("sales", args("Sales"));
    const support = new Ivr("support", args("Support", { options: [{ key: "1", destination: ivr(sales) }] }));
    await new Promise((resolve) => support.ivrId.apply(resolve));
    expect(registered.sort()).toEqual(["sales", "support"]);
    expect(errors()).toEqual([]);
  });

  it("reports every problem of every IVR, each under its resource, and lets none of them register", async () => {
    const held = [
      declareIvr("good", args("Good")),
      declareIvr("keys", args("Keys", { options: [{ key: "1", destination: hangup() }, { key: "1", destination: hangup() }] })),
      declareIvr("retries", args("Retries", { noInput: { ...fallback, retries: 99 }, ringTimeoutSeconds: pulumi.output(500) })),
    ];
    const refusals = await Promise.all(held.map((p) => p.then(() => undefined, (err: unknown) => err)));
    expect(errors()).toEqual([
      `${TYPE} resource 'keys' has a problem: options[1].key = "1": duplicate DTMF key '1' (also used by options[0])`,
      `${TYPE} resource 'retries' has a problem: ringTimeoutSeconds = 500: must be a whole number of seconds from 1 to 120`,
      `${TYPE} resource 'retries' has a problem: noInput.retries = 99: must be a whole number of retries from 0 to 10`,
    ]);
    // One error for the run, the same for every held registration (the valid one too): Pulumi
    // prints it once, without a stack trace.
    expect(new Set(refusals).size).toBe(1);
    expect(pulumi.RunError.isInstance(refusals[0])).toBe(true);
    expect((refusals[0] as Error).message).toBe(
      "pulumi-smartflo: 3 problems in 2 resources, each reported under its resource; no Smartflo resource of this program was registered, so nothing was created or changed",
    );
  });

  it("applies the provider's rules for adopt and unknown properties program side too", async () => {
    const held = declareIvr("x", { ...args("X"), adopt: "yes", greting: "recording||1" } as unknown as IvrArgs);
    await expect(held).rejects.toThrow(/^pulumi-smartflo: 2 problems in 1 resource/);
    expect(errors()).toEqual([
      `${TYPE} resource 'x' has a problem: adopt = "yes": must be true or false`,
      `${TYPE} resource 'x' has a problem: greting = "recording||1": unknown property 'greting' (did you mean 'greeting'?)`,
    ]);
  });

  it("compares IVR names across the program trimmed and case-insensitively, naming both resources", async () => {
    const held = [declareIvr("a", args("Promo")), declareIvr("b", args(pulumi.output("promo "))), declareIvr("c", args("Promotions"))];
    await Promise.all(held.map((registration) => expect(registration).rejects.toThrow(/^pulumi-smartflo: 1 problem in 1 resource/)));
    expect(errors()).toEqual([
      `${TYPE} resource 'b' has a problem: name = "promo ": IVR name 'promo ' of resource 'b' is also the name of resource 'a' ('Promo'); ` +
        "Smartflo compares IVR names trimmed and case-insensitively, and they are unique in the account",
    ]);
  });

  it("does not validate a secret program side (a reason may quote the value); the provider's check still does", async () => {
    const secret = new Ivr("secret", args("Secret", { ringTimeoutSeconds: pulumi.secret(500) }));
    await new Promise((resolve) => secret.ivrId.apply(resolve));
    expect(errors()).toEqual([]);
    expect(registered).toEqual(["secret"]);
  });

  it("lets none register when the program has already logged an error (e.g. definitions that failed to load)", async () => {
    void pulumi.log.error("something else went wrong");
    await expect(declareIvr("fine", args("Fine"))).rejects.toThrow(
      /^pulumi-smartflo: the program reported errors \(see above\), so its Smartflo resources were not registered/,
    );
  });

  it("checks IVRs declared later (after real I/O) against the earlier ones too", async () => {
    await expect(declareIvr("first", args("Billing"))).resolves.toEqual([]);
    await new Promise((resolve) => setTimeout(resolve, 5));
    await expect(declareIvr("later", args("billing"))).rejects.toThrow(
      "pulumi-smartflo: 1 problem in 1 resource, each reported under its resource; none of the 1 Smartflo resources declared with them was registered",
    );
    expect(errors()).toEqual([
      expect.stringMatching(/^pulumi-nodejs:dynamic\/smartflo:Ivr resource 'later' has a problem: name = "billing": IVR name 'billing' of resource 'later' is also the name of resource 'first'/),
    ]);
  });

  it("keeps the resource options given, and waits for the resources of their dependsOn as before", async () => {
    const sales = new Ivr("sales", args("Sales"));
    const held = holdUntilValidated<pulumi.CustomResourceOptions>({ protect: true, dependsOn: [sales] });
    expect(held.opts.protect).toBe(true);
    held.declare(standIn("x"), IVR, args("X"));
    await expect(held.opts.dependsOn).resolves.toEqual([[sales]]);
  });
});

describe("names this stack already holds (the stack's last state)", () => {
  it("orders an IVR that takes a name after the IVR of the stack that gives it up, so one up renames, then creates", async () => {
    lastState = { [urnOf("a")]: { name: "Billing", ivrId: "8001" } };
    const a = standIn("a");
    const renamed = declareIvr("a", args("Billing (old)"), undefined, a);
    const taker = declareIvr("b", args("billing"));
    expect(await settle(renamed)).toEqual({ ok: [] });
    expect(await settle(taker)).toEqual({ ok: [a] });
    expect(errors()).toEqual([]);
  });

  it("names the swap of two names between two IVRs, with advice that works, never adopt", async () => {
    lastState = { [urnOf("a")]: { name: "Billing", ivrId: "8001" }, [urnOf("b")]: { name: "Sales", ivrId: "8002" } };
    const held = [declareIvr("a", args("Sales")), declareIvr("b", args("Billing"))];
    for (const p of held) expect(await settle(p)).toEqual({ err: expect.objectContaining({ message: expect.stringMatching(/^pulumi-smartflo: 1 problem in 1 resource/) }) });
    expect(errors()).toEqual([
      `${TYPE} resource 'b' has a problem: name = "Billing": resources 'b' and 'a' swap the IVR names 'Sales' and 'Billing', ` +
        "and Smartflo refuses two IVRs with one name even for a moment, so this cannot be done in one run: first give 'a' a name neither uses " +
        "(e.g. 'Billing (old)') and `pulumi up`, then set the names you want",
    ]);
    expect(errors().join("\n")).not.toMatch(/adopt/);
  });

  it("names the IVR of the stack that this program no longer declares, and says how to keep it or free its name", async () => {
    lastState = { [urnOf("old")]: { name: "Billing", ivrId: "8001" } };
    await expect(declareIvr("new", args("Billing"))).rejects.toThrow(/^pulumi-smartflo: 1 problem in 1 resource/);
    expect(errors()).toEqual([
      `${TYPE} resource 'new' has a problem: name = "Billing": resource 'old' of this stack holds the IVR named 'Billing' (id 8001), ` +
        "and this program no longer declares it: Pulumi deletes it only after creating 'new', and Smartflo refuses two IVRs with one name. " +
        "If 'new' is the same IVR under a new resource name, give it the option `aliases: [{ name: \"old\" }]` so Pulumi keeps it; " +
        "otherwise remove 'old' in one `pulumi up` and declare 'new' in the next",
    ]);
  });

  it("takes a resource renamed with an alias for the one in state", async () => {
    lastState = { [urnOf("old")]: { name: "Billing", ivrId: "8001" } };
    const renamed = { ...standIn("new"), __aliases: [pulumi.output(urnOf("old"))] } as unknown as pulumi.Resource;
    expect(await settle(declareIvr("new", args("Billing"), undefined, renamed))).toEqual({ ok: [] });
    expect(errors()).toEqual([]);
  });

  it("never makes an IVR wait for one that waits for it (that would hang the program): it says why instead", async () => {
    lastState = { [urnOf("a")]: { name: "Billing", ivrId: "8001" } };
    const b = standIn("b");
    const taker = declareIvr("b", args("Billing"), undefined, b);
    // a gives 'Billing' up, but registers after b (dependsOn): b cannot wait for a.
    const giver = declareIvr("a", args("Billing (old)"), { dependsOn: [b] });
    for (const p of [taker, giver]) expect(await settle(p)).toEqual({ err: expect.anything() });
    expect(errors()).toEqual([
      `${TYPE} resource 'b' has a problem: name = "Billing": resource 'a' gives up the IVR name 'Billing' (id 8001) in this program, but it changes only after 'b' ` +
        "(it waits for it), and Smartflo refuses two IVRs with one name even for a moment, so this cannot be done in one run: first give 'a' a name " +
        "neither uses (e.g. 'Billing (old)') and `pulumi up`, then set the names you want",
    ]);
  });

  it("leaves names to the provider's check when the state cannot be read", async () => {
    lastState = "unreadable";
    expect(await settle(declareIvr("new", args("Billing")))).toEqual({ ok: [] });
  });
});

describe("account checks at preview, for every resource at once", () => {
  const account = (extra: Record<string, string> = {}) =>
    pulumi.runtime.setAllConfig({ "smartflo:baseUrl": emu.url, "smartflo:token": TOKEN, "smartflo:maxRetries": "0", ...extra });

  it("names every missing recording and taken name of every IVR in one round, with the provider's reasons", async () => {
    account();
    await createInAccount("Taken");
    await createInAccount("Adoptable");
    // `kept` holds 'Kept' in the account and in the stack's state: its own name is not a clash.
    const keptId = await createInAccount("Kept");
    lastState = { [urnOf("kept")]: { name: "Kept", ivrId: keptId } };
    await control(emu, "POST", "stats/reset");
    const held = [
      declareIvr("one", args("One", { greeting: recording("99999") })),
      declareIvr("taken", args(" taken")),
      declareIvr("kept", args("Kept")),
      declareIvr("two", args("Two", { noInput: { ...fallback, finalRecording: recording("88888") } })),
      declareIvr("adopted", args("adoptable", { adopt: true })),
      declareIvr("fine", args("Fine")),
    ];
    for (const p of held) await settle(p);
    expect(errors()).toEqual([
      expect.stringMatching(/^pulumi-nodejs:dynamic\/smartflo:Ivr resource 'one' has a problem: greeting = "recording\|\|99999": recording 99999 does not exist in this Smartflo account \(GET \/v1\/recordings: it lists /),
      expect.stringMatching(/resource 'taken' has a problem: name = " taken": an IVR named 'Taken' already exists in this Smartflo account \(id \d+\); set adopt: true/),
      expect.stringMatching(/resource 'two' has a problem: noInput\.finalRecording = "recording\|\|88888": recording 88888 does not exist/),
    ]);
    const { routes } = await control(emu, "GET", "stats");
    expect(routes).toEqual({ "GET /v1/recordings": 1, "GET /v1/ivrs": 1 });
  });

  it("fails the run once, naming the setting, when Smartflo rejects the credentials", async () => {
    account({ "smartflo:token": "not-the-token" });
    const held = [declareIvr("one", args("One")), declareIvr("two", args("Two"))];
    const results = await Promise.all(held.map(settle));
    expect(errors()).toEqual([]); // nothing under the resources: one error for the run
    expect(results[0]).toEqual({
      err: expect.objectContaining({
        message:
          "pulumi-smartflo: Smartflo rejected the token in smartflo:token (GET /v1/recordings: HTTP 401: Deleted or blacklisted token provided): " +
          "set a valid one with `pulumi config set --secret smartflo:token <token>`; no Smartflo resource of this program was registered, so nothing was created or changed",
      }),
    });
    expect(JSON.stringify(results)).not.toContain("not-the-token");
  });

  it("names the environment variable when the rejected token came from there", async () => {
    pulumi.runtime.setAllConfig({ "smartflo:baseUrl": emu.url, "smartflo:maxRetries": "0" });
    const before = process.env.SMARTFLO_TOKEN;
    process.env.SMARTFLO_TOKEN = "wrong-env-token";
    try {
      const result = await settle(declareIvr("one", args("One")));
      expect(result).toEqual({ err: expect.objectContaining({ message: expect.stringContaining("Smartflo rejected the token in SMARTFLO_TOKEN (GET /v1/recordings: HTTP 401") }) });
      expect((result as { err: Error }).err.message).toContain("set a valid SMARTFLO_TOKEN in the environment of `pulumi`");
    } finally {
      if (before === undefined) delete process.env.SMARTFLO_TOKEN;
      else process.env.SMARTFLO_TOKEN = before;
    }
  });

  it("names smartflo:email and smartflo:password when the login is refused", async () => {
    pulumi.runtime.setAllConfig({ "smartflo:baseUrl": emu.url, "smartflo:email": "ops@example.com", "smartflo:password": "wrong", "smartflo:maxRetries": "0" });
    const result = await settle(declareIvr("one", args("One")));
    expect((result as { err: Error }).err.message).toMatch(
      /^pulumi-smartflo: Smartflo rejected the login with smartflo:email and smartflo:password \(POST \/v1\/auth\/login: HTTP 401.*\): check smartflo:email and smartflo:password/,
    );
  });

  it("leaves an account that does not answer to the provider's check (which warns once), unless account checks are required", async () => {
    pulumi.runtime.setAllConfig({ "smartflo:baseUrl": "http://127.0.0.1:1", "smartflo:token": TOKEN, "smartflo:maxRetries": "0" });
    expect(await settle(declareIvr("one", args("One")))).toEqual({ ok: [] });
    expect(errors()).toEqual([]);

    forgetDeclarations();
    pulumi.runtime.setAllConfig({ "smartflo:baseUrl": "http://127.0.0.1:1", "smartflo:token": TOKEN, "smartflo:maxRetries": "0", "smartflo:requireAccountChecks": "true" });
    const required = await settle(declareIvr("one", args("One")));
    expect((required as { err: Error }).err.message).toMatch(
      /^pulumi-smartflo: could not reach the Smartflo account at http:\/\/127\.0\.0\.1:1 to check references \(GET \/v1\/recordings: connection failed \(ECONNREFUSED\).*smartflo:requireAccountChecks is true/,
    );
  });

  it("asks the account nothing during pulumi up (its preview did), leaving up's checks to the provider", async () => {
    await mock(false);
    account();
    expect(await settle(declareIvr("one", args("One", { greeting: recording("99999") })))).toEqual({ ok: [] });
    expect((await control(emu, "GET", "stats")).total).toBe(0);
  });
});
