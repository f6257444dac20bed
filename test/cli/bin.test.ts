/**
 * `provider/bin/smartflo.js` as a process: the built command, its exit codes, and Ctrl-C during
 * `doctor --write` (the scratch IVR is deleted before it exits).
 */
import { spawn } from "child_process";
import * as fs from "fs";
import * as path from "path";
import { Emulator, TOKEN, startEmulator, storedIvrs } from "../support/emulator";

const ROOT = path.resolve(__dirname, "../..");
const BIN = path.join(ROOT, "provider/bin/smartflo.js");
const DIST = path.join(ROOT, "provider/dist/cli/main.js");

function assertBuilt(): void {
  if (!fs.existsSync(DIST)) throw new Error("provider/dist/cli/main.js is missing: run 'npm run build' before these tests");
}

function run(args: string[], env: Record<string, string> = {}) {
  const child = spawn(process.execPath, [BIN, ...args], { cwd: ROOT, env: { PATH: process.env.PATH!, ...env }, stdio: ["ignore", "pipe", "pipe"] });
  let stdout = "";
  let stderr = "";
  child.stdout.on("data", (d) => (stdout += d));
  child.stderr.on("data", (d) => (stderr += d));
  const done = new Promise<{ code: number | null; stdout: string; stderr: string }>((resolve) => child.on("close", (code) => resolve({ code, stdout, stderr })));
  return { child, done };
}

let emu: Emulator;
beforeAll(async () => {
  assertBuilt();
  emu = await startEmulator({ cps: 0 });
});
afterAll(() => emu.close());

describe("bin/smartflo.js", () => {
  it("--help exits 0 and lists the commands", async () => {
    const r = await run(["--help"]).done;
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/^Usage: smartflo \[options\] \[command\]/);
  });

  it("a reader that stops early (`smartflo --help | head -1`) ends the output quietly, no EPIPE trace", async () => {
    const { child, done } = run(["--help"]);
    child.stdout.destroy(); // the reader is gone before the first line is written
    const r = await done;
    expect(r.stderr).not.toMatch(/EPIPE|Unhandled/);
    expect(r.code).toBe(0);
  });

  it("exits with the command's code: 2 for a folder that is not there, 0 for the repository's definitions", async () => {
    expect(await run(["lint", "nowhere"]).done).toMatchObject({ code: 2, stderr: expect.stringMatching(/nowhere: no such file or directory/) });
    expect(await run(["lint", "ivrs"]).done).toMatchObject({ code: 0, stdout: "no problems\n" });
  });

  it("Ctrl-C during doctor --write: stops, deletes the scratch IVR, exits 130", async () => {
    // Hold the update so that the interrupt lands while the scratch IVR exists.
    emu.injectFaults({ path: "/v1/ivr/*", method: "PUT", latencyMs: 3000 });
    const { child, done } = run(["doctor", "--write"], { SMARTFLO_BASE_URL: emu.url, SMARTFLO_TOKEN: TOKEN, SMARTFLO_REQUESTS_PER_SECOND: "100" });
    const deadline = Date.now() + 10_000;
    while (!(await storedIvrs(emu)).some((i) => i.name.startsWith("smartflo-doctor-"))) {
      if (Date.now() > deadline) throw new Error("no scratch IVR appeared");
      await new Promise((r) => setTimeout(r, 50));
    }
    child.kill("SIGINT");
    const r = await done;
    expect(r.code).toBe(130);
    expect(r.stderr).toContain("smartflo: interrupted; finishing cleanly");
    expect(r.stdout).toMatch(/^cleanup: deleted the scratch IVR 8001 'smartflo-doctor-[0-9a-f]{8}'$/m);
    expect(await storedIvrs(emu)).toEqual([]);
  });
});
