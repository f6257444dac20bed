/**
 * Every mistake, one preview, under the real engine (CLI v3.248.0, the Node.js language host, the
 * dynamic-provider plugin, a file backend, an emulator on loopback). test/fixtures/whole-stack-preview
 * declares valid IVRs and IVRs with one different mistake each (in their inputs, across the stack,
 * or only visible in the account), or loads a definitions folder with mistakes in several files.
 * The engine alone stops a preview at the first failed `check`; here one preview must name every
 * bad IVR, with its path and reason, exit non-zero and name none of the valid ones, and `pulumi up`
 * must create nothing. Then: rejected credentials and an unreachable account at preview, and a
 * rename inside the stack (one `up`), a name swap and a deleted holder (advice, never "adopt").
 *
 * If the CLI cannot be provided, every test here fails with the reason (see test/support/pulumi.ts);
 * SMARTFLO_SKIP_E2E=1 skips them explicitly.
 */
import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import { execFile } from "child_process";
import { promisify } from "util";
import type { Emulator } from "../support/emulator";
import { TOKEN, control, startEmulator, storedIvrs } from "../support/emulator";
import { REPO, TestStack, commandText, copyProgram, describeE2E, newStack, pulumiRoot, tearDown } from "../support/pulumi";

const run = promisify(execFile);
const FIXTURE = path.join(REPO, "test", "fixtures", "whole-stack-preview");
const PREFIX = "WSP";
const STEP_TIMEOUT = 180_000;
const TYPE = "pulumi-nodejs:dynamic/smartflo:Ivr";
/** An IVR that exists in the account but not in the stack. */
const TAKEN = `${PREFIX} Taken Elsewhere`;

const escape = (s: string) => s.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");

/** The line the program prints for one problem (the engine's own form for a check failure). */
const problem = (resource: string, pathAndValue: string, reason: string) =>
  new RegExp(`${escape(`${TYPE} resource '${resource}' has a problem: ${pathAndValue}: `)}${reason}`);

/** The code-mode mistakes: resource, path (with the value found there), reason. */
const MISTAKES: Array<[string, string, string]> = [
  ["bad-key", `options[0].key = "7x"`, "must be one DTMF key: 0-9, \\* or #"],
  ["duplicate-key", "options[1].key = 1", "duplicate DTMF key '1' \\(also used by options\\[0\\]\\)"],
  ["too-many-retries", "invalidInput.retries = 11", "must be a whole number of retries from 0 to 10"],
  ["bad-recording", `noInput.retryRecording = "recording:28977"`, "must be a recording reference like recording\\|\\|28935"],
  ["unknown-destination", `options[0].destination = "queue||5"`, "unknown destination type 'queue' in 'queue\\|\\|5'"],
  ["misspelt", `descripton = "typo in a property name"`, "unknown property 'descripton' \\(did you mean 'description'\\?\\)"],
  ["long-name", `name = "${PREFIX} ${"x".repeat(70)}"`, "must be at most 64 characters"],
  ["no-timeout-route", "noInput", "is required \\(what happens when the caller presses nothing before the timeout\\)"],
  ["blank-name", `name = "   "`, "must not be empty"],
  ["ring-from-config", "ringTimeoutSeconds = 500", "must be a whole number of seconds from 1 to 120"],
  ["adopt-yes", `adopt = "yes"`, "must be true or false"],
  [
    "promo-again",
    `name = "${PREFIX} promo "`,
    `IVR name '${PREFIX} promo ' of resource 'promo-again' is also the name of resource 'promo' \\('${PREFIX} Promo'\\); ` +
      "Smartflo compares IVR names trimmed and case-insensitively",
  ],
  // Only the account shows these three: the same preview names them too.
  ["missing-recording", `greeting = "recording||99999"`, "recording 99999 does not exist in this Smartflo account \\(GET /v1/recordings: it lists "],
  ["missing-extension", `options[0].destination = "extension||0999"`, "extension 0999 \\(an agent/extension id\\) does not exist in this Smartflo account \\(GET /v1/users: "],
  ["taken", `name = "${TAKEN}"`, `an IVR named '${TAKEN}' already exists in this Smartflo account \\(id \\d+\\); set adopt: true`],
];
const VALID = ["sales", "support", "front-desk", "promo"];

describeE2E("one preview names every mistake of the stack", () => {
  let emu: Emulator;
  let workDir: string;
  let ts: TestStack;
  const printed: string[] = [];
  const collect = { onOutput: (l: string) => printed.push(l), onError: (l: string) => printed.push(l) };

  const setMode = (mode: string) => ts.stack.setConfig("wsp:mode", { value: mode });
  const ourIvrs = async () => (await storedIvrs(emu)).filter((i) => String(i.name).startsWith(PREFIX) && i.name !== TAKEN);
  const writes = async () => {
    const { routes } = await control<{ routes: Record<string, number> }>(emu, "GET", "stats");
    return Object.entries(routes)
      .filter(([route]) => /^(POST|PUT|DELETE) \/v1\/ivr/.test(route))
      .reduce((n, [, c]) => n + c, 0);
  };
  /** The "Diagnostics:" part of a CLI run's output (the text holds the CLI's output more than once). */
  const diagnosticsOf = (text: string) => {
    const start = text.indexOf("Diagnostics:");
    return start < 0 ? "" : text.slice(start, text.indexOf("Resources:", start) < 0 ? undefined : text.indexOf("Resources:", start));
  };

  /** Runs an operation that must fail; its output, and the exit code of the CLI. */
  async function failing(op: () => Promise<unknown>): Promise<{ text: string; code: number | undefined }> {
    let text = "";
    await expect(
      op().catch((err) => {
        text = commandText(err);
        throw err;
      }),
    ).rejects.toThrow();
    printed.push(text);
    const code = /Command failed with exit code (\d+)/.exec(text)?.[1];
    return { text, code: code === undefined ? undefined : Number(code) };
  }

  /** Runs an operation that must succeed; everything it printed. */
  async function passing(op: (opts: typeof collect) => Promise<unknown>): Promise<string> {
    const lines: string[] = [];
    await op({ onOutput: (l) => (lines.push(l), printed.push(l)), onError: (l) => (lines.push(l), printed.push(l)) });
    return lines.join("");
  }

  beforeAll(async () => {
    await pulumiRoot();
    emu = await startEmulator({ token: TOKEN, cps: 0 });
    // An IVR made outside the stack (in the panel, say), whose name one declared IVR takes.
    const res = await fetch(`${emu.url}/v1/ivr`, {
      method: "POST",
      headers: { Authorization: `Bearer ${TOKEN}`, "Content-Type": "application/json" },
      body: JSON.stringify({
        name: TAKEN, description: "made in the panel", recording: "recording||28935", timeout: 30, option: ["1"], destination: ["hangup||1"],
        incorrect_count: 1, invalid_recording: "recording||28955", recording_invalid: "recording||28934", invalid_destination: "hangup||1",
        timeout_tries: 1, timeout_retry_recording: "recording||28955", timeout_recording: "recording||28934", timeout_destination: "hangup||1",
      }),
    });
    expect(res.status).toBe(200);
    workDir = copyProgram(FIXTURE, "whole-stack-preview");
    ts = await newStack({
      workDir,
      stackName: "wsp",
      config: {
        "smartflo:baseUrl": { value: emu.url },
        "smartflo:token": { value: TOKEN, secret: true },
        "smartflo:maxRetries": { value: "0" },
        "wsp:prefix": { value: PREFIX },
        "wsp:ring": { value: "30" },
        "wsp:badRing": { value: "500" },
        "wsp:taken": { value: TAKEN },
        "wsp:mode": { value: "valid" },
      },
    });
  }, 40 * 60_000);

  afterAll(async () => {
    if (process.env.SMARTFLO_E2E_PRINT === "1") console.log(printed.join("\n"));
    await tearDown({ stacks: [ts], emulator: emu, dirs: [workDir] });
  }, STEP_TIMEOUT);

  test("the program's valid IVRs alone preview cleanly (so they are not blamed below by luck)", async () => {
    await setMode("valid");
    const preview = await ts.stack.preview(collect);
    expect(preview.changeSummary).toEqual({ create: 4 }); // 3 IVRs + the stack
  }, STEP_TIMEOUT);

  test("one preview names every bad IVR (inputs, stack rules and account) with its path, the value there and the reason, exits non-zero, blames no valid IVR", async () => {
    await setMode("code");
    const { text, code } = await failing(() => ts.stack.preview(collect));
    expect(code).toBe(1);
    for (const [resource, at, reason] of MISTAKES) expect(text).toMatch(problem(resource, at, reason));
    // Each reported once in the diagnostics, and nothing else is.
    const reported = [...diagnosticsOf(text).matchAll(new RegExp(`^\\s*error: ${escape(TYPE)} resource '([^']+)' has a problem`, "gm"))].map((m) => m[1]);
    expect(reported.sort()).toEqual(MISTAKES.map(([r]) => r).sort());
    for (const valid of VALID) expect(text).not.toMatch(new RegExp(`resource '${valid}' has a problem`));
    expect(text).toMatch(
      `pulumi-smartflo: ${MISTAKES.length} problems in ${MISTAKES.length} resources, each reported under its resource; ` +
        "no Smartflo resource of this program was registered, so nothing was created or changed",
    );
    expect(text).not.toContain("<nil>");
    expect(text).not.toMatch(/\n\s+at .*\.(ts|js):\d+/); // no stack trace
  }, STEP_TIMEOUT);

  test("pulumi up of the same program creates nothing, not even the valid IVRs", async () => {
    const before = await writes();
    const { text, code } = await failing(() => ts.stack.up(collect));
    expect(code).toBe(1);
    // `up` asks the account nothing program side (its preview did): the gate's own rules still hold everything back.
    for (const [resource, at, reason] of MISTAKES.slice(0, 12)) expect(text).toMatch(problem(resource, at, reason));
    expect(await ourIvrs()).toEqual([]);
    expect(await writes()).toBe(before);
  }, STEP_TIMEOUT);

  test("a definitions folder: one preview lists every problem of every file; up creates nothing, not even the IVR declared in code", async () => {
    await setMode("definitions");
    const { text, code } = await failing(() => ts.stack.preview(collect));
    expect(code).toBe(1);
    const expected = [
      /ivrs\/billing\.yaml:19:11: ivrs\.billing-2\.name: IVR name 'billing ' is also the name of ivrs\.billing \('Billing', ivrs\/billing\.yaml:10\); Smartflo compares IVR names trimmed and case-insensitively/,
      /ivrs\/billing\.yaml:21:25: ivrs\.billing-2\.ringTimeoutSeconds: must be a whole number of seconds from 1 to 120/,
      /ivrs\/broken\.yaml:\d+:\d+: YAML syntax: /,
      /ivrs\/loop\.yaml:15:9: ivrs\.loop-a\.options\[0\]\.destination: reference loop loop-a -> loop-b -> loop-a/,
      /ivrs\/loop\.yaml:25:14: ivrs\.loop-b\.options\[1\]\.key: duplicate DTMF key '1'/,
      /ivrs\/support\.yaml:11:15: ivrs\.support\.greeting: no value for \$\{recordings\.welcom\} \(did you mean \$\{recordings\.welcome\}\?\)/,
      /ivrs\/support\.yaml:15:29: ivrs\.support\.options\[0\]\.destination\.ivr: no IVR named 'billling' in these definitions \(did you mean 'billing'\?\)/,
      /ivrs\/support\.yaml:18:3: ivrs\.front desk: 'front desk' is not a usable resource name/,
      /ivrs\/support\.yaml:23:14: ivrs\.front desk\.options\[0\]\.key: must be one DTMF key/,
      /missing: no such file or directory/,
    ];
    expect(text).toMatch(`invalid IVR definitions, so no IVR is declared (${expected.length} problems):`);
    for (const line of expected) expect(text).toMatch(line);
    expect(text).not.toMatch(/\n\s+at .*\.(ts|js):\d+/);

    const before = await writes();
    const up = await failing(() => ts.stack.up(collect));
    expect(up.code).toBe(1);
    // The program failed after declaring a valid IVR in code: the gate keeps that one back too.
    expect(up.text).toMatch("pulumi-smartflo: the program reported errors (see above), so its Smartflo resources were not registered");
    expect(await ourIvrs()).toEqual([]);
    expect(await writes()).toBe(before);
  }, STEP_TIMEOUT);

  test("rejected credentials fail preview with one error naming the setting to fix", async () => {
    await setMode("valid");
    await ts.stack.setConfig("smartflo:token", { value: "a-revoked-token", secret: true });
    try {
      const { text, code } = await failing(() => ts.stack.preview(collect));
      expect(code).toBe(1);
      const errors = [...diagnosticsOf(text).matchAll(/^\s*error: (.*)$/gm)].map((m) => m[1]);
      expect(errors).toEqual([
        "pulumi-smartflo: Smartflo rejected the token in smartflo:token (GET /v1/recordings: HTTP 401: Deleted or blacklisted token provided): " +
          "set a valid one with `pulumi config set --secret smartflo:token <token>`; no Smartflo resource of this program was registered, so nothing was created or changed",
      ]);
      expect(diagnosticsOf(text)).not.toMatch(/warning/);
      expect(text).not.toContain("a-revoked-token");
    } finally {
      await ts.stack.setConfig("smartflo:token", { value: TOKEN, secret: true });
    }
  }, STEP_TIMEOUT);

  test("an account that does not answer is one warning at preview (exit 0), or one error with smartflo:requireAccountChecks", async () => {
    await ts.stack.setConfig("smartflo:baseUrl", { value: "http://127.0.0.1:1" });
    try {
      const text = await passing((o) => ts.stack.preview(o));
      const warnings = [...diagnosticsOf(text).matchAll(/warning: (.*)/g)].map((m) => m[1]);
      expect(warnings).toEqual([
        expect.stringMatching(
          /^smartflo: could not reach the Smartflo account at http:\/\/127\.0\.0\.1:1 to check references \(GET \/v1\/\w+: connection failed \(ECONNREFUSED\).*leaving the decision to `pulumi up` \(set smartflo:requireAccountChecks to true to fail instead\)$/,
        ),
      ]);

      await ts.stack.setConfig("smartflo:requireAccountChecks", { value: "true" });
      const { text: failed, code } = await failing(() => ts.stack.preview(collect));
      expect(code).toBe(1);
      const errors = [...diagnosticsOf(failed).matchAll(/^\s*error: (.*)$/gm)].map((m) => m[1]);
      expect(errors).toEqual([expect.stringMatching(/^pulumi-smartflo: could not reach the Smartflo account at http:\/\/127\.0\.0\.1:1 .*smartflo:requireAccountChecks is true/)]);
    } finally {
      await ts.stack.setConfig("smartflo:baseUrl", { value: emu.url });
      await ts.stack.removeConfig("smartflo:requireAccountChecks");
    }
  }, STEP_TIMEOUT);

  describe("a name moving between IVRs of the stack", () => {
    const byName = async () => Object.fromEntries((await ourIvrs()).map((i) => [i.name, String(i.id)]));

    test("renaming one IVR away and creating another under its name works in one up", async () => {
      await setMode("rename-1");
      await ts.stack.up(collect);
      const first = await byName();
      expect(Object.keys(first)).toEqual([`${PREFIX} Billing`]);

      await setMode("rename-2");
      const preview = await ts.stack.preview(collect);
      expect(preview.changeSummary).toMatchObject({ create: 1, update: 1 });
      await ts.stack.up(collect);
      const after = await byName();
      // The IVR `a` kept its id under its new name; `b` is a new IVR with the old name.
      expect(after[`${PREFIX} Billing (old)`]).toBe(first[`${PREFIX} Billing`]);
      expect(after[`${PREFIX} Billing`]).toMatch(/^\d+$/);
      expect(after[`${PREFIX} Billing`]).not.toBe(first[`${PREFIX} Billing`]);
      const again = await ts.stack.preview(collect);
      expect(again.changeSummary).toEqual({ same: 3 });
    }, 2 * STEP_TIMEOUT);

    test("swapping two names fails at preview with advice that works, never adopt; nothing changes", async () => {
      await setMode("swap");
      const before = await writes();
      const { text, code } = await failing(() => ts.stack.preview(collect));
      expect(code).toBe(1);
      expect(text).toMatch(
        problem("b", `name = "${PREFIX} Billing (old)"`, escape(`resources 'b' and 'a' swap the IVR names '${PREFIX} Billing' and '${PREFIX} Billing (old)'`)),
      );
      expect(text).toMatch(/so this cannot be done in one run: first give 'a' a name neither uses/);
      expect(diagnosticsOf(text)).not.toMatch(/adopt/);
      expect(await writes()).toBe(before);
    }, STEP_TIMEOUT);

    test("a new resource taking the name of one the program no longer declares fails at preview, saying how to keep it (alias) or free the name", async () => {
      await setMode("replaced");
      const { text, code } = await failing(() => ts.stack.preview(collect));
      expect(code).toBe(1);
      expect(text).toMatch(
        problem("c", `name = "${PREFIX} billing"`, escape(`resource 'b' of this stack holds the IVR named '${PREFIX} Billing' (id `)),
      );
      expect(text).toContain('give it the option `aliases: [{ name: "b" }]` so Pulumi keeps it');
      expect(diagnosticsOf(text)).not.toMatch(/adopt/);
    }, STEP_TIMEOUT);
  });

  test("inline programs of the Automation API, run one after another in one process, are each judged on their own", async () => {
    // In a process of its own, as a user's script runs (jest would take the first run's refusal,
    // which the inline language server reports, for an error of the test).
    const home = fs.mkdtempSync(path.join(os.tmpdir(), "smartflo-inline-home-"));
    const backend = fs.mkdtempSync(path.join(os.tmpdir(), "smartflo-inline-state-"));
    const dir = fs.mkdtempSync(path.join(REPO, "test", ".work", "inline-")); // so the provider resolves pulumi-smartflo
    try {
      const { stdout } = await run(
        process.execPath,
        [require.resolve("ts-node/dist/bin.js"), "--transpile-only", path.join(FIXTURE, "inline-runs.ts")],
        {
          cwd: REPO,
          maxBuffer: 1 << 24,
          env: {
            ...process.env,
            PULUMI_ROOT: await pulumiRoot(),
            INLINE_DIR: dir,
            PULUMI_HOME: home,
            PULUMI_BACKEND_URL: `file://${backend}`,
            PULUMI_CONFIG_PASSPHRASE: "e2e-passphrase",
            PULUMI_SKIP_UPDATE_CHECK: "true",
            PULUMI_DISABLE_AUTOMATIC_PLUGIN_ACQUISITION: "true",
            SMARTFLO_TOKEN: "",
          },
        },
      );
      const [bad, good] = stdout.trim().split("\n").map((l) => JSON.parse(l));
      printed.push(bad.output, good.output);
      expect(bad.ok).toBe(false);
      expect(bad.output).toMatch(problem("inline", "invalidInput.retries = 99", "must be a whole number of retries from 0 to 10"));
      expect(good).toMatchObject({ ok: true, changeSummary: { create: 2 } });
    } finally {
      for (const d of [home, backend, dir]) fs.rmSync(d, { recursive: true, force: true });
    }
  }, STEP_TIMEOUT);
});
