/**
 * Records a stack state as the installed version of pulumi-smartflo writes it, for the upgrade
 * tests (test/e2e/upgrade-*.test.ts): runs `pulumi up` on <fixture>/program against an emulator,
 * with the endpoint and token given by environment (so the state holds neither), and writes
 *   <fixture>/stack.json          `pulumi stack export` of the stack "upgrade"
 *   <fixture>/emulator-ivrs.json  the IVRs the emulator then held (write shape, with their ids)
 *
 *   npm run build && npx ts-node --transpile-only test/support/record-state.ts test/fixtures/state-0.1.0
 */
import * as fs from "fs";
import * as path from "path";

// The support modules are written for jest, which defines `describe`; this script runs without it.
(globalThis as { describe?: unknown }).describe ??= Object.assign(() => undefined, { skip: () => undefined });
/* eslint-disable @typescript-eslint/no-var-requires */
const { startEmulator, storedIvrs } = require("./emulator") as typeof import("./emulator");
const { exportStackAsUser } = require("./e2e-extra") as typeof import("./e2e-extra");
const { REPO, copyProgram, newStack, tearDown } = require("./pulumi") as typeof import("./pulumi");

async function main(fixture: string): Promise<void> {
  const token = "record-state-token";
  const emu = await startEmulator({ cps: 0, token });
  const workDir = copyProgram(path.join(fixture, "program"), "record-state");
  const ts = await newStack({ workDir, stackName: "upgrade", env: { SMARTFLO_BASE_URL: emu.url, SMARTFLO_TOKEN: token } });
  try {
    const up = await ts.stack.up();
    if (up.summary.result !== "succeeded") throw new Error(`up: ${up.summary.result}`);
    const exported = await exportStackAsUser(ts);
    for (const leak of [token, emu.url, REPO, workDir, ts.backendDir]) {
      if (exported.includes(leak)) throw new Error(`the exported state contains '${leak}'`);
    }
    fs.writeFileSync(path.join(fixture, "stack.json"), exported.endsWith("\n") ? exported : `${exported}\n`);
    fs.writeFileSync(path.join(fixture, "emulator-ivrs.json"), `${JSON.stringify(await storedIvrs(emu), null, 2)}\n`);
  } finally {
    await tearDown({ stacks: [ts], emulator: emu, dirs: [workDir] });
  }
}

main(path.resolve(process.argv[2] ?? "")).catch((err) => {
  console.error(err);
  process.exit(1);
});
