/**
 * `smartflo export` on the real engine: an account with IVRs that route to each other (in a loop
 * too), departments, time groups and routed numbers -> export -> `pulumi up` of a program that
 * loads the folder -> the account is unchanged (same ids, same fields), and the next preview
 * shows no changes.
 */
import * as fs from "fs";
import * as path from "path";
import { defaultSeed } from "../../provider/src/emulator";
import { toWriteBody } from "../../provider/src/kinds/ivr/mapping";
import type { Emulator } from "../support/emulator";
import { TOKEN, control, startEmulator } from "../support/emulator";
import { TestStack, describeE2E, newStack, pulumiRoot, tearDown } from "../support/pulumi";
import { canonical } from "../tools/helpers";
import { programDir, smartflo } from "./helpers";

const STEP_TIMEOUT = 180_000;

const PROGRAM = `import * as path from "path";
import * as smartflo from "pulumi-smartflo";

const deployed = smartflo.deployDefinitions(smartflo.loadDefinitions(path.join(__dirname, "ivrs")));
const ids = (of: Record<string, { id: unknown }>) => Object.fromEntries(Object.entries(of).map(([name, r]) => [name, r.id]));
export const ivrIds = ids(deployed.ivrs);
export const departmentIds = ids(deployed.departments);
export const timeGroupIds = ids(deployed.timeGroups);
export const numberIds = ids(deployed.numbers);
`;

/** What the account holds, as the emulator stores it: every kind the export writes. */
async function stored(emu: Emulator) {
  const state = await control(emu, "GET", "state");
  const { ivrs, departments, timeGroups, numbers } = state.accounts?.default ?? Object.values(state.accounts ?? {})[0];
  return { ivrs, departments, timeGroups, numbers };
}

/** Five IVRs clicked together in the panel: main -> sales -> main (a loop), support -> sales, a self-route, a TTS-free set of fields. */
function seed() {
  const s = defaultSeed();
  const ivr = (id: number, shape: Parameters<typeof canonical>[1], sms?: Record<string, string>) => {
    const c = canonical("x", shape);
    c.options.forEach((o) => sms?.[o.key] && (o.smsTemplateId = sms[o.key]));
    return { id, ...toWriteBody(c) };
  };
  s.accounts[0]!.ivrs = [
    ivr(8001, { name: "Main Menu", keys: { "1": "ivr||8002", "2": "ivr||8003", "0": "extension||05047530000", "#": "hangup||1" }, noInput: { destination: "ivr||8003" } }),
    ivr(8002, { name: "Sales IVR", greeting: "recording||19549", timeout: 20, keys: { "1": "department||20546", "2": "agent||050109590002", "9": "ivr||8001" }, invalid: { retries: 1 } }, { "1": "35642" }),
    ivr(8003, { name: "Support IVR", keys: { "1": "extension||05047530099", "2": "department||17839", "3": "ivr||8002", "*": "ivr||8003" }, invalid: { retries: 3, destination: "voicemail||301" } }),
    ivr(8004, { name: "After hours", keys: { "1": "time_condition||64000" }, noInput: { retries: 0, retryRecording: "recording||244", finalRecording: "recording||244", destination: "hangup||1" } }),
    ivr(8005, { name: "Sales IVR (old)", keys: { "1": "timegroup||501" } }),
  ];
  s.accounts[0]!.numbers![0]!.destination = "ivr||8001";
  // The sales department fails over to the Sales IVR, which routes to it: a loop across kinds.
  s.accounts[0]!.departments![0]!.timeout_dest_type = "ivr";
  s.accounts[0]!.departments![0]!.timeout_destination = "8002";
  return s;
}

describeE2E("smartflo export -> pulumi up of the exported folder", () => {
  let emu: Emulator;
  let ts: TestStack;
  let workDir: string;

  beforeAll(async () => {
    await pulumiRoot();
    // Deletes of IVRs still routed to by id are allowed only for the teardown: the loop's id step
    // is not known to Pulumi, so no delete order satisfies the strict emulator.
    emu = await startEmulator({ seed: seed(), allowDeleteReferenced: true });
    workDir = programDir("export-roundtrip", { "index.ts": PROGRAM });
    ts = await newStack({ workDir, config: { "smartflo:baseUrl": { value: emu.url }, "smartflo:token": { value: TOKEN, secret: true } } });
  }, 40 * 60_000);

  afterAll(async () => {
    // The main number routes to an exported IVR from outside the stack: the route guard refuses a
    // destroy while it does, so it is routed elsewhere first, as a user would.
    await control(emu, "PATCH", "numbers/101", { destination: "hangup||1" });
    await tearDown({ stacks: [ts], emulator: emu, dirs: [workDir] });
  }, STEP_TIMEOUT);

  test("the account is unchanged after the first up (same ids, same fields), and the next preview shows no changes", async () => {
    const before = await stored(emu);
    // The account's limit (3 requests/second) as a live account has it.
    const exported = await smartflo(["export", "--out", "ivrs"], { cwd: workDir, env: { SMARTFLO_BASE_URL: emu.url, SMARTFLO_TOKEN: TOKEN } });
    expect(exported).toMatchObject({ code: 0, stderr: "" });
    expect((fs.readdirSync(path.join(workDir, "ivrs"), { recursive: true }) as string[]).filter((f) => f.endsWith(".yaml")).sort()).toEqual([
      "after-hours.yaml", "departments/sales-dept.yaml", "departments/support-ring-group.yaml", "main-menu.yaml",
      "numbers/main-line.yaml", "numbers/support-line.yaml", "sales-ivr-old.yaml", "sales-ivr.yaml", "support-ivr.yaml",
      "time-groups/office-hours.yaml", "time-groups/weekend-hours.yaml",
    ]);
    expect(exported.stdout).toMatch(/^wrote 5 IVRs, 2 departments, 2 time groups and 2 number routings to ivrs\/ from /);
    // The loop main -> sales -> main keeps one step as an id; the self-route of support too.
    expect(fs.readFileSync(path.join(workDir, "ivrs", "sales-ivr.yaml"), "utf8")).toContain('destination: "ivr||8001"');
    expect(fs.readFileSync(path.join(workDir, "ivrs", "support-ivr.yaml"), "utf8")).toContain('destination: "ivr||8003"');
    expect(fs.readFileSync(path.join(workDir, "ivrs", "main-menu.yaml"), "utf8")).toContain("destination: { ivr: sales-ivr }");
    expect(fs.readFileSync(path.join(workDir, "ivrs", "sales-ivr.yaml"), "utf8")).toContain("destination: { department: sales-dept }");
    expect(fs.readFileSync(path.join(workDir, "ivrs", "sales-ivr-old.yaml"), "utf8")).toContain("destination: { timeGroup: office-hours }");
    expect(fs.readFileSync(path.join(workDir, "ivrs", "numbers", "main-line.yaml"), "utf8")).toContain("destination: { ivr: main-menu }");

    await control(emu, "POST", "stats/reset");
    // Preview shows each adoption as a create, and says under each which object `up` takes over.
    const said = (await ts.stack.preview()).stdout;
    expect(said).toMatch(/adopt: true: `pulumi up` takes over the existing IVR 'Main Menu' \(id 8001\) and applies the declared state to it/);
    expect(said).toMatch(/takes over the existing department 'Sales Dept' \(id 20546\) and applies/);
    expect(said).toMatch(/takes over the existing time group '[^']+' \(id 501\) if it holds the declared state/);
    const up = await ts.stack.up();
    // 5 IVRs, 2 departments and 2 time groups adopted, 2 number routings, the route guard and the stack.
    expect(up.summary.resourceChanges).toEqual({ create: 13 });
    expect(await stored(emu)).toEqual(before);
    expect(up.outputs.ivrIds!.value).toEqual({
      "main-menu": "8001", "sales-ivr": "8002", "support-ivr": "8003", "after-hours": "8004", "sales-ivr-old": "8005",
    });
    expect(up.outputs.departmentIds!.value).toEqual({ "sales-dept": "20546", "support-ring-group": "17839" });
    expect(up.outputs.timeGroupIds!.value).toEqual({ "office-hours": "501", "weekend-hours": "502" });
    expect(up.outputs.numberIds!.value).toEqual({ "main-line": "101", "support-line": "102" });
    const stats = await control(emu, "GET", "stats");
    // Adopted, never created; a number that already routes as declared is not written.
    for (const route of ["POST /v1/ivr", "POST /v1/department", "POST /v1/timegroup", "PUT /v1/my_number/{id}"]) expect([route, stats.routes[route] ?? 0]).toEqual([route, 0]);

    const preview = await ts.stack.preview();
    expect(preview.changeSummary).toEqual({ same: 13 });
  }, STEP_TIMEOUT);
});
