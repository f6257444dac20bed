/**
 * `npm run bench` itself still works through the real engine: a tiny run (3 IVRs, up and destroy
 * only) counts the requests it must, reports no failure and writes its JSON and SVG. It checks
 * the benchmark's plumbing, not the provider's speed (that is what the benchmark is for).
 */
import { execFile } from "child_process";
import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import { promisify } from "util";
import { REPO, describeE2E, pulumiRoot } from "../support/pulumi";

const run = promisify(execFile);

describeE2E("npm run bench (smoke: 3 IVRs, up and destroy)", () => {
  let out: string;
  // eslint-disable-next-line @typescript-eslint/no-explicit-any
  let results: any;
  let stdout: string;

  beforeAll(async () => {
    await pulumiRoot();
    out = fs.mkdtempSync(path.join(os.tmpdir(), "smartflo-bench-smoke-"));
    const tsNode = path.join(REPO, "node_modules", ".bin", "ts-node");
    ({ stdout } = await run(
      tsNode,
      ["--transpile-only", "bench/run.ts", "--n", "3", "--phases", "up,destroy", "--out", out, "--label", "smoke"],
      { cwd: REPO, maxBuffer: 1 << 24, timeout: 110_000 },
    ));
    results = JSON.parse(fs.readFileSync(path.join(out, "smoke.json"), "utf8"));
  }, 120_000);

  afterAll(() => {
    if (out) fs.rmSync(out, { recursive: true, force: true });
  });

  it("creates the 3 IVRs with 3 POSTs and deletes them with 3 DELETEs, nothing failed", () => {
    const [up, destroy] = results.suites[0].phases;
    expect(up).toMatchObject({ name: "up", exitCode: 0, failedResources: [], ivrsAfter: 3, rateLimited: 0 });
    expect(up.requests.routes["POST /v1/ivr"]).toBe(3);
    expect(up.floor.requests).toBe(3 + 4 + 1);
    expect(destroy).toMatchObject({ name: "destroy", exitCode: 0, failedResources: [], ivrsAfter: 0 });
    // Before any delete, the route guard reads what could still route to the IVRs (kinds/route-guard).
    expect(destroy.requests.routes).toEqual({ "DELETE /v1/ivr/{id}": 3, "GET /v1/my_number": 1, "GET /v1/ivrs": 1, "GET /v1/departments": 1 });
  });

  it("measures wall time, the provider's peak memory and the state per IVR", () => {
    const [up] = results.suites[0].phases;
    expect(up.wallMs).toBeGreaterThan(up.timing.requestSpanMs);
    expect(up.memoryMiB.provider).toBeGreaterThan(10);
    expect(results.suites[0].state.exportBytesPerIvr).toBeGreaterThan(results.suites[0].state.providerBytesPerIvr);
  });

  it("writes the chart and prints the table", () => {
    expect(fs.readFileSync(path.join(out, "smoke.svg"), "utf8")).toMatch(/^<\?xml[\s\S]*<svg[\s\S]*up \(create N\)[\s\S]*<\/svg>\n$/);
    expect(stdout).toMatch(/up \(create N\)\s+\d+\.\d/);
    expect(stdout).toContain("Goals: checked at N = 200 and 1,000");
  });
});
