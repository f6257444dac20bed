/**
 * `smartflo export` on the real engine: an account with IVRs that route to each other (in a loop
 * too) -> export -> `pulumi up` of a program that loads the folder -> the account is unchanged
 * (same ids, same fields), and the next preview shows no changes.
 */
import * as fs from "fs";
import * as path from "path";
import { defaultSeed } from "../../provider/src/emulator";
import { toWriteBody } from "../../provider/src/kinds/ivr/mapping";
import type { Emulator } from "../support/emulator";
import { TOKEN, control, startEmulator, storedIvrs } from "../support/emulator";
import { TestStack, describeE2E, newStack, pulumiRoot, tearDown } from "../support/pulumi";
import { canonical } from "../tools/helpers";
import { programDir, smartflo } from "./helpers";

const STEP_TIMEOUT = 180_000;

const PROGRAM = `import * as path from "path";
import * as smartflo from "pulumi-smartflo";

const ivrs = smartflo.deployIvrDefinitions(smartflo.loadIvrDefinitions(path.join(__dirname, "ivrs")));
export const ivrIds = Object.fromEntries(Object.entries(ivrs).map(([name, ivr]) => [name, ivr.id]));
`;

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

  afterAll(() => tearDown({ stacks: [ts], emulator: emu, dirs: [workDir] }), STEP_TIMEOUT);

  test("the account is unchanged after the first up (same ids, same fields), and the next preview shows no changes", async () => {
    const before = await storedIvrs(emu);
    // The account's limit (3 requests/second) as a live account has it.
    const exported = await smartflo(["export", "--out", "ivrs"], { cwd: workDir, env: { SMARTFLO_BASE_URL: emu.url, SMARTFLO_TOKEN: TOKEN } });
    expect(exported).toMatchObject({ code: 0, stderr: "" });
    expect(fs.readdirSync(path.join(workDir, "ivrs")).sort()).toEqual(["after-hours.yaml", "main-menu.yaml", "sales-ivr-old.yaml", "sales-ivr.yaml", "support-ivr.yaml"]);
    // The loop main -> sales -> main keeps one step as an id; the self-route of support too.
    expect(fs.readFileSync(path.join(workDir, "ivrs", "sales-ivr.yaml"), "utf8")).toContain('destination: "ivr||8001"');
    expect(fs.readFileSync(path.join(workDir, "ivrs", "support-ivr.yaml"), "utf8")).toContain('destination: "ivr||8003"');
    expect(fs.readFileSync(path.join(workDir, "ivrs", "main-menu.yaml"), "utf8")).toContain("destination: { ivr: sales-ivr }");

    await control(emu, "POST", "stats/reset");
    const up = await ts.stack.up();
    expect(up.summary.resourceChanges).toEqual({ create: 6 }); // 5 adopted IVRs and the stack
    expect(await storedIvrs(emu)).toEqual(before);
    expect(up.outputs.ivrIds!.value).toEqual({
      "main-menu": "8001", "sales-ivr": "8002", "support-ivr": "8003", "after-hours": "8004", "sales-ivr-old": "8005",
    });
    const stats = await control(emu, "GET", "stats");
    expect(stats.routes["POST /v1/ivr"] ?? 0).toBe(0); // adopted, never created

    const preview = await ts.stack.preview();
    expect(preview.changeSummary).toEqual({ same: 6 });
  }, STEP_TIMEOUT);
});
