/**
 * The `smartflo` command as a user runs it: help, exit codes, and clear errors for a bad folder,
 * file, setting or credential, for each subcommand; definitions on disk, the account an emulator.
 */
import * as fs from "fs";
import * as path from "path";
import { createIvr } from "../../provider/src/kinds/ivr/api";
import { Emulator, TOKEN, control, startEmulator } from "../support/emulator";
import { clientOf } from "../support/client";
import { canonical } from "../tools/helpers";
import { folder, smartflo } from "./helpers";

const REPO = path.resolve(__dirname, "..", "..");
const COMMANDS = ["export", "lint", "diagram", "simulate", "show", "doctor"];

let emu: Emulator;
let env: Record<string, string>;
const dirs: string[] = [];
const tmp = (files: Record<string, string> = {}) => {
  const d = folder(files);
  dirs.push(d);
  return d;
};

beforeAll(async () => {
  emu = await startEmulator({ cps: 0 });
  env = { SMARTFLO_BASE_URL: emu.url, SMARTFLO_TOKEN: TOKEN, SMARTFLO_REQUESTS_PER_SECOND: "100" };
});
afterAll(async () => {
  await emu.close();
  for (const d of dirs) fs.rmSync(d, { recursive: true, force: true });
});
beforeEach(async () => {
  await control(emu, "POST", "reset");
});

/** The repository's own definitions (ivrs/), copied. */
const repoIvrs = () => {
  const d = tmp();
  fs.cpSync(path.join(REPO, "ivrs"), path.join(d, "ivrs"), { recursive: true });
  return d;
};

describe("smartflo --help", () => {
  it("lists the commands, the exit codes and examples", async () => {
    const r = await smartflo(["--help"]);
    expect(r.code).toBe(0);
    for (const c of COMMANDS) expect(r.stdout).toMatch(new RegExp(`^  ${c} `, "m"));
    expect(r.stdout).toMatch(/Exit codes: 0 done, 1 problems found/);
  });

  it.each(COMMANDS)("smartflo %s --help says what it does and how credentials are read", async (command) => {
    const r = await smartflo([command, "--help"]);
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(new RegExp(`^Usage: smartflo ${command} `));
    expect(r.stdout).toMatch(/SMARTFLO_TOKEN/);
  });

  it("prints the package's version", async () => {
    const r = await smartflo(["--version"]);
    expect(r.stdout.trim()).toBe(require("../../provider/package.json").version);
  });

  it("refuses an unknown command or option with exit code 2", async () => {
    expect(await smartflo(["frobnicate"])).toMatchObject({ code: 2, stderr: expect.stringMatching(/unknown command 'frobnicate'/) });
    expect(await smartflo(["lint", "--nope"])).toMatchObject({ code: 2, stderr: expect.stringMatching(/unknown option '--nope'/) });
    expect(await smartflo(["diagram", "--format", "png"])).toMatchObject({ code: 2, stderr: expect.stringMatching(/Allowed choices are mermaid, dot, svg/) });
    expect(await smartflo(["simulate", "--ivr", "x"])).toMatchObject({ code: 2, stderr: expect.stringMatching(/required option '--keys <keys>' not specified/) });
  });
});

describe("bad folders, files and values", () => {
  it("names a folder that is not there (exit 2), for every command that reads definitions", async () => {
    const cwd = tmp();
    for (const command of ["lint", "diagram", "show"]) {
      const r = await smartflo([command, "nowhere"], { cwd });
      expect([command, r.code]).toEqual([command, 2]);
      expect(r.stderr).toMatch(/nowhere: no such file or directory/);
    }
    const r = await smartflo(["simulate", "nowhere", "--ivr", "a", "--keys", "1"], { cwd });
    expect(r).toMatchObject({ code: 2, stderr: expect.stringMatching(/nowhere: no such file or directory/) });
  });

  it("without a folder and without ivrs/ here, says to give one or --account", async () => {
    expect(await smartflo(["show"], { cwd: tmp() })).toMatchObject({ code: 2, stderr: "smartflo: no definitions to read: give a folder (there is no ivrs/ here), or --account to read the account\n" });
  });

  it("gives every problem of definitions that do not load with file:line:col (exit 2; lint reports them as findings, exit 1)", async () => {
    const cwd = tmp({ "ivrs/a.yaml": "ivrs:\n  a:\n    name: A\n    greeting: recording||28935\n    ringTimeoutSeconds: 300\n" });
    const show = await smartflo(["show"], { cwd });
    expect(show.code).toBe(2);
    expect(show.stderr).toMatch(/^smartflo: the definitions in ivrs do not load \(4 problems\):\n {2}ivrs\/a\.yaml:2:3: ivrs\.a\.options: is required\n/);
    expect(show.stderr).toContain("\n  ivrs/a.yaml:5:25: ivrs.a.ringTimeoutSeconds: must be a whole number of seconds from 1 to 120\n");
    const lint = await smartflo(["lint"], { cwd });
    expect(lint.code).toBe(1);
    expect(lint.stdout).toMatch(/^ivrs\/a\.yaml:5:25: error: ivrs\.a\.ringTimeoutSeconds: must be a whole number of seconds from 1 to 120 \[definitions\]$/m);
  });

  it("reads placeholders' values from --values: a values file, or a stack's Pulumi.<stack>.yaml", async () => {
    const cwd = repoIvrs();
    fs.writeFileSync(path.join(cwd, "Pulumi.prod.yaml"), 'config:\n  smartflo:baseUrl: https://example.com\n  ivrs:values:\n    recordings:\n      supportWelcome: "41006"\n');
    const r = await smartflo(["show", "--values", "Pulumi.prod.yaml"], { cwd });
    expect(r.code).toBe(0);
    expect(r.stdout).toContain("greeting      recording 41006, then waits 30 s for a key");
    expect(await smartflo(["show", "--values", "missing.yaml"], { cwd })).toMatchObject({ code: 2, stderr: "smartflo: --values missing.yaml: cannot be read (ENOENT)\n" });
    fs.writeFileSync(path.join(cwd, "bad.yaml"), "a: [1\n");
    expect((await smartflo(["show", "--values", "bad.yaml"], { cwd })).stderr).toMatch(/^smartflo: bad\.yaml:2:1: YAML syntax: Flow sequence in block collection must be sufficiently indented and end with a \]\n$/);
  });
});

describe("settings and credentials", () => {
  it("without credentials, says which variables to set (exit 3)", async () => {
    const r = await smartflo(["show", "--account"], { env: { SMARTFLO_BASE_URL: emu.url } });
    expect(r).toMatchObject({ code: 3, stderr: expect.stringMatching(/^smartflo: no Smartflo credentials: set SMARTFLO_TOKEN .*, or SMARTFLO_EMAIL and SMARTFLO_PASSWORD\n$/) });
  });

  it("a refused token: names the endpoint, the status and the variables to check (exit 3), never the token", async () => {
    const r = await smartflo(["export", "--out", tmp()], { env: { ...env, SMARTFLO_TOKEN: "wrong-token-123456" } });
    expect(r.code).toBe(3);
    expect(r.stderr).toMatch(/smartflo: Smartflo GET \/v1\/ivrs refused the credentials \(HTTP 401\): Deleted or blacklisted token provided\. Check SMARTFLO_TOKEN, or SMARTFLO_EMAIL and SMARTFLO_PASSWORD/);
    expect(r.stderr + r.stdout).not.toContain("wrong-token-123456");
  });

  it("email and password are used like the provider uses them (a login), and an email alone is refused", async () => {
    const ok = await smartflo(["show", "--account"], { env: { SMARTFLO_BASE_URL: emu.url, SMARTFLO_EMAIL: "ops@example.com", SMARTFLO_PASSWORD: "emulator-password" } });
    expect(ok).toMatchObject({ code: 0, stdout: expect.stringMatching(/^0 IVRs, 2 departments, 2 time groups and 2 numbers in the account/) });
    const r = await smartflo(["show", "--account"], { env: { SMARTFLO_BASE_URL: emu.url, SMARTFLO_EMAIL: "ops@example.com" } });
    expect(r).toMatchObject({ code: 2, stderr: "smartflo: SMARTFLO_EMAIL is set but SMARTFLO_PASSWORD is not\n" });
  });

  it("a bad setting names the flag or the variable it came from (exit 2)", async () => {
    expect((await smartflo(["show", "--account", "--requests-per-second", "fast"], { env })).stderr).toBe(
      "smartflo: --requests-per-second must be a number of requests per second above 0, got 'fast'\n",
    );
    expect((await smartflo(["show", "--account"], { env: { ...env, SMARTFLO_MAX_RETRIES: "-1" } })).stderr).toBe(
      "smartflo: SMARTFLO_MAX_RETRIES must be a whole number from 0 to 20, got '-1'\n",
    );
    const http = await smartflo(["doctor", "--base-url", "http://example.com"], { env });
    expect(http).toMatchObject({ code: 2, stderr: expect.stringMatching(/^smartflo: --base-url must use https \(plain http is allowed only for a loopback host/) });
  });

  it("an account that does not answer: the endpoint and the connection failure (exit 3)", async () => {
    const r = await smartflo(["show", "--account", "--base-url", "http://127.0.0.1:9", "--max-retries", "0"], { env });
    expect(r).toMatchObject({ code: 3, stderr: expect.stringMatching(/^smartflo: Smartflo GET \/v1\/ivrs: connection failed \(ECONNREFUSED\)/) });
  });
});

describe("smartflo lint", () => {
  const ivr = (name: string, extra = "") => `  ${name}:
    name: ${name}
    greeting: recording||28935
    ringTimeoutSeconds: 30
    options:
      - key: 1
        destination: extension||05047530000
${extra}    invalidInput: { retries: 0, retryRecording: recording||28955, finalRecording: recording||28934, destination: hangup||1 }
    noInput: { retries: 1, retryRecording: recording||28977, finalRecording: recording||28934, destination: hangup||1 }
`;

  it("exits 0 on warnings, 1 with --strict, and prints file:line:col lines with a count", async () => {
    const cwd = tmp({ "ivrs/a.yaml": `ivrs:\n${ivr("a")}` });
    const r = await smartflo(["lint"], { cwd });
    expect(r.code).toBe(0);
    expect(r.stdout).toBe(
      "ivrs/a.yaml:9:49: warning: ivrs.a.invalidInput.retryRecording: retries is 0, so recording||28955 is never played (the first wrong key plays finalRecording and goes to the destination): set retries to 1 or more, or give retryRecording the same recording as finalRecording to say it is unused [unused-retry-recording]\n0 errors, 1 warning\n",
    );
    expect((await smartflo(["lint", "--strict"], { cwd })).code).toBe(1);
    expect((await smartflo(["lint", "--strict", "--rule", "unused-retry-recording=off"], { cwd })).code).toBe(0);
    expect(await smartflo(["lint", "--rule", "bogus=off"], { cwd })).toMatchObject({ code: 2, stderr: expect.stringMatching(/--rule bogus=off: write <rule>=error\|warning\|off with a rule of: loop-without-exit, /) });
  });

  it("--format github writes annotations; --format json the findings", async () => {
    const cwd = tmp({ "ivrs/a.yaml": `ivrs:\n${ivr("a")}` });
    const gh = await smartflo(["lint", "--format", "github"], { cwd });
    expect(gh.stdout).toMatch(/^::warning file=ivrs\/a\.yaml,line=9,col=49,title=smartflo lint \(unused-retry-recording\)::ivrs\.a\.invalidInput\.retryRecording: retries is 0/);
    const json = JSON.parse((await smartflo(["lint", "--format", "json"], { cwd })).stdout);
    expect(json).toMatchObject({ errors: 0, warnings: 1, findings: [{ rule: "unused-retry-recording", file: "ivrs/a.yaml", line: 9, column: 49 }] });
  });

  it("with --account, checks destinations against the account: one that does not exist is an error (exit 1)", async () => {
    const cwd = tmp({ "ivrs/a.yaml": `ivrs:\n${ivr("a").replace("extension||05047530000", "department||99")}` });
    const r = await smartflo(["lint", "ivrs", "--account", "--rule", "unused-retry-recording=off", "--rule", "unreachable-ivr=off"], { cwd, env });
    expect(r.code).toBe(1);
    expect(r.stdout).toMatch(/^ivrs\/a\.yaml:8:22: error: ivrs\.a\.options\[0\]\.destination: key 1 routes to something that does not exist: department 99 does not exist in the account \(GET \/v1\/departments\) \[missing-destination\]$/m);
  });

  it("--entry takes comma-separated IVRs, and --rule repeats, also before the folder", async () => {
    const cwd = tmp({ "ivrs/a.yaml": `ivrs:\n${ivr("a")}${ivr("b")}` });
    const roots = await smartflo(["lint", "--rule", "unused-retry-recording=off", "ivrs"], { cwd });
    expect(roots.stdout).toMatch(/ivrs\.a: no IVR routes to it, and it is one of 2 such IVRs/);
    const entries = await smartflo(["lint", "--entry", "a,b", "--rule", "unused-retry-recording=off", "--rule", "no-way-to-person=off", "ivrs"], { cwd });
    expect(entries).toMatchObject({ code: 0, stdout: "no problems\n" });
  });

  it("--account alone lints the account, and names an unknown --entry", async () => {
    const id = await createIvr(clientOf(emu), canonical("m", { name: "Main", keys: { "1": "extension||05047530000" } }));
    const r = await smartflo(["lint", "--account"], { env });
    expect(r).toMatchObject({ code: 0 });
    expect(r.stdout).toContain(`IVR ${id} "Main": warning: no caller reaches this IVR: no number and no IVR routes to it, so its 1 option can never be reached [unreachable-ivr]`);
    expect(await smartflo(["lint", "--account", "--entry", "Mian"], { env })).toMatchObject({ code: 2, stderr: `smartflo: the entry IVR 'Mian' is not among the IVRs (IVR ${id} "Main")\n` });
  });
});

describe("smartflo simulate", () => {
  it("prints the call, and --expect checks where it ends", async () => {
    const cwd = repoIvrs();
    const r = await smartflo(["simulate", "--ivr", "support", "--keys", "7,3,2"], { cwd });
    expect(r.code).toBe(0);
    expect(r.stdout.split("\n").slice(-3)).toEqual(["  → key 2 routes to agent 050109590002", "call ends at agent 050109590002", ""]);
    expect((await smartflo(["simulate", "--ivr", "Support IVR", "--keys", "3,2", "--expect", "agent|050109590002"], { cwd })).code).toBe(0);
    const wrong = await smartflo(["simulate", "--ivr", "support", "--keys", "3,2", "--expect", "hangup||1"], { cwd });
    expect(wrong).toMatchObject({ code: 1, stderr: "expected the call to end at hangup||1, but it ended at agent||050109590002\n" });
  });

  it("exits 1 when keys are left after the call has left the IVRs; 2 for an unknown IVR or a key that is not one", async () => {
    const cwd = repoIvrs();
    expect((await smartflo(["simulate", "--ivr", "support", "--keys", "1,2"], { cwd })).code).toBe(1);
    expect(await smartflo(["simulate", "--ivr", "nope", "--keys", "1"], { cwd })).toMatchObject({ code: 2, stderr: expect.stringMatching(/^smartflo: no IVR 'nope' \(IVRs: IVR sales "Sales IVR", IVR support "Support IVR"\)/) });
    expect(await smartflo(["simulate", "--ivr", "support", "--keys", "1,x"], { cwd })).toMatchObject({ code: 2, stderr: expect.stringMatching(/'x' is not a key press/) });
  });

  it("--number starts the call at a number of the definitions (the root demo's main line answers with the Support IVR); one of --ivr and --number is required", async () => {
    const cwd = repoIvrs();
    const r = await smartflo(["simulate", "--number", "+91 80 6900 1234", "--keys", "3,2", "--expect", "agent||050109590002"], { cwd });
    expect(r.code).toBe(0);
    expect(r.stdout.split("\n").slice(0, 3)).toEqual(["caller dials number +918069001234", '  → the number routes to IVR support "Support IVR"', 'call enters IVR support "Support IVR"']);
    expect(await smartflo(["simulate", "--keys", "1"], { cwd })).toMatchObject({ code: 2, stderr: "smartflo: give where the call starts: --ivr NAME or --number NUMBER (one of them)\n" });
    expect(await smartflo(["simulate", "--number", "+910", "--keys", "1"], { cwd })).toMatchObject({ code: 2, stderr: expect.stringMatching(/^smartflo: no number '\+910' \(numbers: number \+918069001234\)/) });
  });

  it("--format json gives the call as data", async () => {
    const r = await smartflo(["simulate", "--ivr", "support", "--keys", "9", "--format", "json"], { cwd: repoIvrs() });
    expect(JSON.parse(r.stdout)).toMatchObject({ status: "ended", destination: "hangup||1", played: ["recording||28935"] });
  });
});

describe("smartflo show and diagram", () => {
  it("show --account lists the account's IVRs with the account's names, and the numbers that answer with them", async () => {
    const id = await createIvr(clientOf(emu), canonical("m", { name: "Main", keys: { "1": "department||20546" } }));
    await control(emu, "PATCH", "numbers/101", { destination: `ivr||${id}` });
    const r = await smartflo(["show", "--account"], { env });
    expect(r.code).toBe(0);
    expect(r.stdout).toContain(`1 IVR, 2 departments, 2 time groups and 2 numbers in the account (${emu.url})`);
    expect(r.stdout).toContain('    press 1       → department 20546 "Sales Dept"');
    expect(r.stdout).toContain('    answers       +918069001234 "Main line"');
    expect(r.stdout).not.toMatch(/\x1b\[/); // no colours when stdout is not a terminal
  });

  it("diagram writes Mermaid to stdout, and DOT or SVG to --out", async () => {
    const cwd = repoIvrs();
    const mermaid = await smartflo(["diagram"], { cwd });
    expect(mermaid.stdout).toMatch(/^flowchart LR\n {2}i1\{\{"Sales IVR<br\/>ivrs\.sales"\}\}/);
    // The numbers: section is drawn too: the main line answers with the Support IVR.
    expect(mermaid.stdout).toMatch(/^ {2}n1 --> i2$/m);
    const svg = await smartflo(["diagram", "--format", "svg", "--out", "flow.svg"], { cwd });
    expect(svg).toMatchObject({ code: 0, stdout: "", stderr: "wrote flow.svg (svg, 11 nodes, 12 routes)\n" });
    expect(fs.readFileSync(path.join(cwd, "flow.svg"), "utf8")).toMatch(/<svg[\s\S]*Support IVR[\s\S]*<\/svg>/);
    expect(await smartflo(["diagram", "--out", "no/such/dir/x.mmd"], { cwd })).toMatchObject({ code: 2, stderr: "smartflo: --out no/such/dir/x.mmd: cannot be written (ENOENT)\n" });
  });
});

describe("smartflo export", () => {
  it("writes one file per object into --out (departments, time groups and numbers in folders of their own) and refuses a folder that already holds definitions, unless --force", async () => {
    await createIvr(clientOf(emu), canonical("m", { name: "Main Menu" }));
    const cwd = tmp();
    const r = await smartflo(["export", "--out", "exported"], { cwd, env });
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(new RegExp(`^wrote 1 IVR, 2 departments, 2 time groups and 2 number routings to exported/ from ${emu.url.replace(/[.]/g, "\\.")} \\(6 requests, \\d+\\.\\d s\\)\\n`));
    expect(fs.readdirSync(path.join(cwd, "exported")).sort()).toEqual(["departments", "main-menu.yaml", "numbers", "time-groups"]);
    const again = await smartflo(["export", "--out", "exported"], { cwd, env });
    expect(again).toMatchObject({ code: 2, stderr: "smartflo: --out exported already holds definitions files (departments/sales-dept.yaml, departments/support-ring-group.yaml, main-menu.yaml, ...): choose an empty folder, or add --force to write beside them\n" });
    expect((await smartflo(["export", "--out", "exported", "--force"], { cwd, env })).code).toBe(0);
    fs.writeFileSync(path.join(cwd, "file"), "");
    expect(await smartflo(["export", "--out", "file"], { cwd, env })).toMatchObject({ code: 2, stderr: "smartflo: --out file is a file, not a folder\n" });
  });

  it("shows a progress bar on a terminal, and stays quiet in a log unless a step is slow", async () => {
    const tty = await smartflo(["export", "--out", tmp()], { env, tty: true });
    expect(tty.stderr).toMatch(/reading the Smartflo account .* 0\/7 IVRs \(GET \/v1\/ivrs\) \| 0 requests/);
    expect((await smartflo(["export", "--out", tmp()], { env })).stderr).toBe("");
    emu.injectFaults({ path: "/v1/ivrs", method: "GET", latencyMs: 2600 });
    const slow = await smartflo(["export", "--out", tmp()], { env });
    expect(slow.stderr).toBe("smartflo: reading the Smartflo account: IVRs (GET /v1/ivrs), 0 requests so far\n");
  });
});

describe("smartflo doctor", () => {
  it("exits 0 when every assumption holds, 3 when the credentials are refused; --format json gives the report", async () => {
    const ok = await smartflo(["doctor", "--format", "json"], { env });
    expect(ok.code).toBe(0);
    expect(JSON.parse(ok.stdout)).toMatchObject({ baseUrl: emu.url, wrote: false, checks: expect.arrayContaining([expect.objectContaining({ id: "credentials", verdict: "holds" })]) });
    const refused = await smartflo(["doctor"], { env: { ...env, SMARTFLO_TOKEN: "nope-nope-nope" } });
    expect(refused.code).toBe(3);
    expect(refused.stdout).toMatch(/^✗ breaks  credentials +GET \/v1\/ivrs failed: Smartflo GET \/v1\/ivrs refused the credentials \(HTTP 401\)/);
  });

  it("exits 1 when an assumption breaks, and says what to report", async () => {
    emu.injectFaults({ path: "/v1/ivrs", method: "GET", status: 200, body: { ivrs: [{ id: 8100, name: "Odd" }] } });
    const r = await smartflo(["doctor"], { env });
    expect(r.code).toBe(1);
    expect(r.stdout).toMatch(/^✗ breaks  ivr-read-fields +1 of 1 IVRs are not in the read shape: IVR 8100: recording: Invalid input/m);
    expect(r.stdout).toMatch(/What to report \(at https:\/\/github\.com\/pulumi-smartflo\/pulumi-smartflo\/issues; this output holds no credential\)/);
  });
});
