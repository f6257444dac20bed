/**
 * The lint rules in a program, on the real engine: `assertLintClean(lintDefinitions(...))` makes
 * `pulumi preview` fail with each finding's file:line:column (strict), or print them as warnings.
 */
import * as fs from "fs";
import * as path from "path";
import type { Emulator } from "../support/emulator";
import { TOKEN, startEmulator } from "../support/emulator";
import { TestStack, commandText, describeE2E, newStack, pulumiRoot, tearDown } from "../support/pulumi";
import { programDir } from "../cli/helpers";

const STEP_TIMEOUT = 180_000;

const program = (strict: boolean) => `import * as path from "path";
import * as smartflo from "pulumi-smartflo";

const definitions = smartflo.loadIvrDefinitions(path.join(__dirname, "ivrs"));
smartflo.assertLintClean(smartflo.lintDefinitions(definitions), { strict: ${strict} });
smartflo.deployIvrDefinitions(definitions);
`;

const IVR = `ivrs:
  main:
    name: Main
    greeting: recording||28935
    ringTimeoutSeconds: 30
    options:
      - key: 1
        destination: extension||05047530000
    invalidInput:
      retries: 0
      retryRecording: recording||28955
      finalRecording: recording||28934
      destination: hangup||1
    noInput:
      retries: 1
      retryRecording: recording||28977
      finalRecording: recording||28934
      destination: hangup||1
`;

describeE2E("lint rules in a program: a stack fails preview on them", () => {
  let emu: Emulator;
  let ts: TestStack;
  let workDir: string;

  beforeAll(async () => {
    await pulumiRoot();
    emu = await startEmulator({ cps: 0 });
    workDir = programDir("lint-preview", { "ivrs/main.yaml": IVR });
    ts = await newStack({ workDir, config: { "smartflo:baseUrl": { value: emu.url }, "smartflo:token": { value: TOKEN, secret: true } } });
  }, 40 * 60_000);

  afterAll(() => tearDown({ stacks: [ts], emulator: emu, dirs: [workDir] }), STEP_TIMEOUT);

  test("strict: preview fails with the finding's file:line:column and rule, and declares no IVR", async () => {
    fs.writeFileSync(path.join(workDir, "index.ts"), program(true));
    const failure = await ts.stack.preview().then(() => undefined, (err) => commandText(err));
    expect(failure).toContain("invalid IVR definitions, so no IVR is declared (1 problem):");
    expect(failure).toContain("ivrs/main.yaml:11:23: ivrs.main.invalidInput.retryRecording: retries is 0, so recording||28955 is never played");
    expect(failure).toContain("[unused-retry-recording]");
    expect(failure).not.toMatch(/at Object\.<anonymous>|\.ts:\d+:\d+\)/); // a RunError: no stack trace
  }, STEP_TIMEOUT);

  test("not strict: the same finding is a warning of the preview, which goes on", async () => {
    fs.writeFileSync(path.join(workDir, "index.ts"), program(false));
    const preview = await ts.stack.preview();
    expect(preview.changeSummary).toEqual({ create: 2 });
    expect(preview.stdout).toMatch(/warning: ivrs\/main\.yaml:11:23: ivrs\.main\.invalidInput\.retryRecording: retries is 0/);
  }, STEP_TIMEOUT);
});
