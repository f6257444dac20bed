/**
 * The registration gate for departments, time groups and number routings, under Pulumi's mocks:
 * each is validated when declared with its kind's rules, the stack rules span the stack (names of
 * departments and of time groups unique as Smartflo compares them, one routing per number), the
 * outputs a provider derives are not inputs, and at preview the account checks cover their
 * references (members, failovers, hold music, routed numbers) and names, in one round with the
 * IVRs. (The same under the real engine: test/e2e/whole-stack-preview.test.ts.)
 *
 * As in gate.test.ts, refusing cases declare through the gate directly (as the constructors do)
 * and watch the promise the registrations wait on.
 */
import * as pulumi from "@pulumi/pulumi";
import { Department, NumberRouting, TimeGroup, hangup, recording } from "../../provider/src";
import { DEPARTMENT_SPEC } from "../../provider/src/kinds/department/spec";
import { IVR_SPEC } from "../../provider/src/kinds/ivr/spec";
import { NUMBER_ROUTING_DECLARATION } from "../../provider/src/kinds/number-routing/resource";
import { TIME_GROUP_SPEC } from "../../provider/src/kinds/time-group/spec";
import { DeclarationKind, holdUntilValidated } from "../../provider/src/preview/gate";
import { declarationKind } from "../../provider/src/preview/stack-rules";
import { TOKEN, control } from "../support/emulator";
import { gateRun, settle, standIn } from "../support/gate";
import { officeHours, salesDepartment } from "../support/ivrs";

const PREFIX = "pulumi-nodejs:dynamic/smartflo:";
const KINDS: Record<string, DeclarationKind> = {
  Ivr: declarationKind(IVR_SPEC),
  Department: declarationKind(DEPARTMENT_SPEC),
  TimeGroup: declarationKind(TIME_GROUP_SPEC),
  NumberRouting: NUMBER_ROUTING_DECLARATION,
};
const run = gateRun();

const urnOf = (kind: string, name: string) => `urn:pulumi:stack::project::${PREFIX}${kind}::${name}`;

/** Declares a resource of `kind` the way its constructor does; the promise its registration waits on. */
function declare(kind: string, name: string, args: Record<string, unknown>): Promise<unknown> {
  const resource = standIn(`${PREFIX}${kind}`, name);
  const held = holdUntilValidated<pulumi.CustomResourceOptions>(undefined);
  held.declare(resource, KINDS[kind]!, args);
  return held.opts.dependsOn as Promise<unknown>;
}

const refusal = (p: Promise<unknown>) => settle(p).then((r) => ("err" in r ? r.err.message : "registered"));

describe("the gate for departments, time groups and number routings", () => {
  it("lets valid ones register through their constructors", async () => {
    const hours = new TimeGroup("hours", officeHours());
    const sales = new Department("sales", salesDepartment());
    const line = new NumberRouting("line", { number: "+918069001234", destination: hangup() });
    await Promise.all([hours, sales, line].map((r) => new Promise((resolve) => r.id.apply(resolve))));
    expect(run.registered.sort()).toEqual(["hours", "line", "sales"]);
    expect(run.errors()).toEqual([]);
  });

  it("reports every input problem of every kind in one round, with the path, the value and the provider's reason", async () => {
    const held = [
      declare("Department", "sales", salesDepartment({ ringStrategy: "everyone", members: [{ extension: "1" }, { extension: "1" }] })),
      declare("TimeGroup", "hours", officeHours({ times: [{ from: "18:00", to: "09:00" }], smartfloName: "Mine" })),
      declare("NumberRouting", "line", { number: "main line", destination: "timegroup||5", adopt: true, did: "+91" }),
    ];
    expect(new Set(await Promise.all(held.map(refusal)))).toEqual(
      new Set(["pulumi-smartflo: 8 problems in 3 resources, each reported under its resource; no Smartflo resource of this program was registered, so nothing was created or changed"]),
    );
    expect(run.errors()).toEqual([
      `${PREFIX}Department resource 'sales' has a problem: ringStrategy = "everyone": 'everyone' is not a ring strategy; use one of simultaneous, order_by, random, round_robin, longest_wait_time`,
      `${PREFIX}Department resource 'sales' has a problem: members[1].extension = "1": 'extension||1' is already a member (members[0])`,
      `${PREFIX}TimeGroup resource 'hours' has a problem: smartfloName = "Mine": is an output, not an input: the name the time group has in Smartflo, worked out from \`name\` (with " (2)" while the time group it replaces holds the name)`,
      `${PREFIX}TimeGroup resource 'hours' has a problem: times[0].to = "09:00": must be after from (18:00), got 09:00`,
      `${PREFIX}NumberRouting resource 'line' has a problem: did = "+91": is an output, not an input: the number as the account lists it (GET /v1/my_number); give the number as \`number\``,
      `${PREFIX}NumberRouting resource 'line' has a problem: adopt = true: does not apply to a NumberRouting: it always takes over the number's route, and gives the previous one back when deleted`,
      `${PREFIX}NumberRouting resource 'line' has a problem: number = "main line": must be a phone number like +918069001234 (or a Smartflo number id), got 'main line'`,
      expect.stringMatching(/^pulumi-nodejs:dynamic\/smartflo:NumberRouting resource 'line' has a problem: destination = "timegroup\|\|5": unknown destination type 'timegroup'/),
    ]);
    expect(run.registered).toEqual([]);
  });

  it("compares department names and time group names across the stack as Smartflo does, each kind on its own, naming both resources", async () => {
    const held = [
      declare("Department", "sales", salesDepartment({ name: "Inbound Sales" })),
      declare("Department", "sales-2", salesDepartment({ name: " inbound sales" })),
      declare("TimeGroup", "hours", officeHours({ name: "Office Hours" })),
      declare("TimeGroup", "hours-2", officeHours({ name: "OFFICE HOURS " })),
      // Another kind may share a name.
      declare("TimeGroup", "inbound", officeHours({ name: "Inbound Sales" })),
    ];
    await Promise.all(held.map(settle));
    expect(run.errors()).toEqual([
      `${PREFIX}Department resource 'sales-2' has a problem: name = " inbound sales": department name ' inbound sales' of resource 'sales-2' is also the name of resource 'sales' ('Inbound Sales'); ` +
        "Smartflo compares department names trimmed and case-insensitively, and they are unique in the account",
      `${PREFIX}TimeGroup resource 'hours-2' has a problem: name = "OFFICE HOURS ": time group name 'OFFICE HOURS ' of resource 'hours-2' is also the name of resource 'hours' ('Office Hours'); ` +
        "Smartflo compares time group names trimmed and case-insensitively, and they are unique in the account",
    ]);
  });

  it("refuses two routings of one number, however it is written (compared by its digits), naming both", async () => {
    const held = [
      declare("NumberRouting", "main", { number: "+91 80 6900 1234", destination: hangup() }),
      declare("NumberRouting", "again", { number: 918069001234, destination: recording("1") }),
      declare("NumberRouting", "other", { number: "+918069005678", destination: hangup() }),
    ];
    await Promise.all(held.map(settle));
    expect(run.errors()).toEqual([
      expect.stringMatching(/NumberRouting resource 'again' has a problem: destination = "recording\|\|1": unknown destination type 'recording'/),
      `${PREFIX}NumberRouting resource 'again' has a problem: number = 918069001234: number '918069001234' of resource 'again' is also routed by resource 'main' ('+91 80 6900 1234'); ` +
        "a number has one route (numbers compared by their digits), so declare one NumberRouting for it",
    ]);
  });

  it("refuses a time group taking a name another of the stack gives up in the same run (a change replaces a time group)", async () => {
    run.lastState = { [urnOf("TimeGroup", "a")]: { type: `${PREFIX}TimeGroup`, outputs: { name: "Office hours", smartfloName: "Office hours", timeGroupId: "501" } } };
    const held = [declare("TimeGroup", "a", officeHours({ name: "Office hours (old)" })), declare("TimeGroup", "b", officeHours({ name: "office hours" }))];
    await Promise.all(held.map(settle));
    expect(run.errors()).toEqual([
      `${PREFIX}TimeGroup resource 'b' has a problem: name = "office hours": resource 'a' gives up the time group name 'Office hours' (id 501) in this program, ` +
        "but Smartflo cannot rename a time group: a change replaces it, and the old one keeps its name until it is deleted at the end of the run, " +
        "so 'b' cannot take it in the same run: change 'a' in one `pulumi up`, then give 'b' the name in the next",
    ]);
  });

  it("orders a department that takes a name after the department of the stack that gives it up (departments are renamed in place)", async () => {
    run.lastState = { [urnOf("Department", "a")]: { type: `${PREFIX}Department`, outputs: { name: "Sales", departmentId: "30001" } } };
    const a = declare("Department", "a", salesDepartment({ name: "Sales (old)" }));
    const b = declare("Department", "b", salesDepartment({ name: "sales" }));
    expect(await settle(a)).toEqual({ ok: [] });
    expect(await settle(b)).toEqual({ ok: [expect.objectContaining({ __name: "a" })] });
    expect(run.errors()).toEqual([]);
  });
});

describe("account checks at preview cover every kind, all in one round", () => {
  it("names missing members, failovers, hold music, taken names and numbers the account does not have, beside the IVRs' mistakes", async () => {
    pulumi.runtime.setAllConfig({ "smartflo:baseUrl": run.emu.url, "smartflo:token": TOKEN, "smartflo:maxRetries": "0" });
    const fallback = { retries: 1, retryRecording: recording("28955"), finalRecording: recording("28934"), destination: hangup() };
    const held = [
      declare("Ivr", "menu", { name: "Menu", greeting: recording("99999"), ringTimeoutSeconds: 30, options: [{ key: "1", destination: hangup() }], invalidInput: fallback, noInput: fallback }),
      declare("Department", "sales", salesDepartment({ members: [{ extension: "0999" }], failover: "department||404", musicOnHold: "recording||88888" })),
      declare("Department", "taken", salesDepartment({ name: "sales dept" })),
      declare("Department", "adopted", salesDepartment({ name: "Support Ring Group", adopt: true })),
      declare("TimeGroup", "hours", officeHours({ name: " office hours" })),
      declare("NumberRouting", "unknown-line", { number: "+910000000000", destination: hangup() }),
      declare("NumberRouting", "by-id", { number: "102", destination: "department||17839" }),
    ];
    const results = await Promise.all(held.map(refusal));
    expect(results[0]).toBe(
      "pulumi-smartflo: 7 problems in 5 resources, each reported under its resource; no Smartflo resource of this program was registered, so nothing was created or changed",
    );
    expect(run.errors()).toEqual([
      expect.stringMatching(/^pulumi-nodejs:dynamic\/smartflo:Ivr resource 'menu' has a problem: greeting = "recording\|\|99999": recording 99999 does not exist in this Smartflo account/),
      expect.stringMatching(/Department resource 'sales' has a problem: members\[0\]\.extension = "0999": extension 0999 \(an agent\/extension id\) does not exist in this Smartflo account \(GET \/v1\/users/),
      expect.stringMatching(/Department resource 'sales' has a problem: failover = "department\|\|404": department 404 does not exist in this Smartflo account \(GET \/v1\/departments: it lists /),
      expect.stringMatching(/Department resource 'sales' has a problem: musicOnHold = "recording\|\|88888": recording 88888 does not exist/),
      expect.stringMatching(/Department resource 'taken' has a problem: name = "sales dept": a department named 'Sales Dept' already exists in this Smartflo account \(id 20546\); set adopt: true/),
      expect.stringMatching(/TimeGroup resource 'hours' has a problem: name = " office hours": a time group named 'Office hours' already exists in this Smartflo account \(id \d+\); set adopt: true/),
      `${PREFIX}NumberRouting resource 'unknown-line' has a problem: number = "+910000000000": +910000000000 is not a number of this Smartflo account ` +
        "(GET /v1/my_number lists +918069001234 (id 101), +918069005678 (id 102))",
    ]);
    // Each list once, whatever number of resources needed it (a department not found is looked
    // up once more when the list read is over a second old: it may have been created since).
    const { routes } = await control(run.emu, "GET", "stats");
    const { "GET /v1/departments": departments, ...others } = routes;
    expect(others).toEqual({ "GET /v1/recordings": 1, "GET /v1/users": 1, "GET /v1/ivrs": 1, "GET /v1/timegroups": 1, "GET /v1/my_number": 1 });
    expect(departments).toBeGreaterThanOrEqual(1);
    expect(departments).toBeLessThanOrEqual(2);
  });
});
