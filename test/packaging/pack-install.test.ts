/**
 * The package as a user gets it: `npm pack -w provider` in a fresh copy of the repository (its
 * tracked and new files, no dist/), installed into a new project outside the repository next to
 * @pulumi/pulumi@3.248.0, then
 *   - every public subpath type-checks there under moduleResolution node, node16 and bundler;
 *   - the `smartflo` command runs there (`npx smartflo --help`, a lint and an SVG diagram);
 *   - a Pulumi program there previews, deploys and destroys with the real CLI against the emulator
 *     the installed package ships (`npx smartflo-emulator`).
 *
 * Installs use the npm cache (`--prefer-offline`) and reach only the npm registry. About a minute.
 * The deploy needs the Pulumi CLI (scripts/ensure-pulumi); SMARTFLO_SKIP_E2E=1 skips that part.
 */
import { ChildProcess, execFile, spawn } from "child_process";
import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import { promisify } from "util";
import { REPO, SKIP_E2E, pulumiRoot } from "../support/pulumi";

const run = promisify(execFile);
const STEP_TIMEOUT = 240_000;
const TSC = path.join(REPO, "node_modules", "typescript", "bin", "tsc");

interface PackResult {
  filename: string;
  size: number;
  unpackedSize: number;
  files: Array<{ path: string }>;
}

/** Runs npm with the environment of this test (its cache, its registry), failing with npm's output. */
async function npm(args: string[], cwd: string): Promise<string> {
  try {
    const { stdout } = await run("npm", args, { cwd, maxBuffer: 1 << 26, env: { ...process.env, npm_config_update_notifier: "false" } });
    return stdout;
  } catch (err) {
    const e = err as { stdout?: string; stderr?: string; message: string };
    throw new Error(`npm ${args.join(" ")} failed in ${cwd}:\n${e.stderr ?? ""}\n${e.stdout ?? ""}\n${e.message}`);
  }
}

/** The repository as a fresh clone has it: tracked and new (not ignored) files; node_modules linked. */
function freshCopy(into: string): void {
  const listed = require("child_process")
    .execFileSync("git", ["ls-files", "--cached", "--others", "--exclude-standard", "-z"], { cwd: REPO, maxBuffer: 1 << 26 })
    .toString()
    .split("\0")
    .filter(Boolean) as string[];
  for (const file of listed) {
    const from = path.join(REPO, file);
    if (!fs.existsSync(from) || fs.statSync(from).isDirectory()) continue; // deleted, or a submodule
    fs.mkdirSync(path.dirname(path.join(into, file)), { recursive: true });
    fs.copyFileSync(from, path.join(into, file));
    fs.chmodSync(path.join(into, file), fs.statSync(from).mode);
  }
  // `npm ci` would install the same tree; linking it keeps the test offline and fast.
  fs.symlinkSync(path.join(REPO, "node_modules"), path.join(into, "node_modules"), "dir");
}

/** A package.json pattern target ("dist/x/*.js") as a regular expression capturing the "*". */
function wildcard(target: string): RegExp {
  const [before, after] = target.split("*").map((p) => p.replace(/[.+?^${}()|[\]\\]/g, "\\$&"));
  return new RegExp(`^${before}([^/]+)${after}$`);
}

describe("the packed pulumi-smartflo, installed outside the repository", () => {
  const work = fs.mkdtempSync(path.join(os.tmpdir(), "smartflo-pack-"));
  const clone = path.join(work, "clone");
  const project = path.join(work, "project");
  let packed: PackResult;
  let installed: { exports: Record<string, unknown>; bin: Record<string, string>; [field: string]: unknown };

  beforeAll(async () => {
    freshCopy(clone);
    expect(fs.existsSync(path.join(clone, "provider", "dist"))).toBe(false);
    // The README's command. Its JSON array follows any output of the prepack script.
    const out = await npm(["pack", "-w", "provider", "--json", "--pack-destination", work], clone);
    packed = JSON.parse(out.slice(out.search(/^\[/m)))[0];

    fs.mkdirSync(project);
    fs.writeFileSync(path.join(project, "package.json"), JSON.stringify({ name: "smartflo-consumer", private: true }, null, 2));
    await npm(
      ["install", "--prefer-offline", "--no-audit", "--no-fund", path.join(work, packed.filename), "@pulumi/pulumi@3.248.0", "@types/node@^20"],
      project,
    );
    installed = JSON.parse(fs.readFileSync(path.join(project, "node_modules", "pulumi-smartflo", "package.json"), "utf8"));
  }, STEP_TIMEOUT);

  afterAll(() => fs.rmSync(work, { recursive: true, force: true }));

  test("npm pack builds first and ships the built code, types, bins, README and LICENSE, and no sources", () => {
    const files = packed.files.map((f) => f.path).sort();
    const targets = Object.values(installed.exports).flatMap((t) => (typeof t === "string" ? [t] : Object.values(t as Record<string, string>)));
    const wanted = ["README.md", "LICENSE", "package.json", ...Object.values(installed.bin), ...targets].map((f) => path.posix.normalize(f));
    // A pattern export ("./providers/*") must match shipped files; a plain one must be one.
    for (const file of wanted) {
      if (file.includes("*")) expect(files.filter((f) => wildcard(file).test(f)).length).toBeGreaterThan(0);
      else expect(files).toContain(file);
    }
    expect(files.filter((f) => f.endsWith(".d.ts")).length).toBeGreaterThanOrEqual(4);
    // No sources, tests, build config or source maps (which would point at sources not shipped).
    expect(files.filter((f) => /(^|\/)(src|test)\//.test(f) || /\.map$/.test(f) || (/\.ts$/.test(f) && !f.endsWith(".d.ts")) || /tsconfig/.test(f))).toEqual([]);
    expect(files.every((f) => /^(dist|bin)\//.test(f) || ["README.md", "LICENSE", "package.json"].includes(f))).toBe(true);
    expect(fs.readFileSync(path.join(project, "node_modules", "pulumi-smartflo", "LICENSE"), "utf8")).toMatch(/Apache License\s+Version 2\.0/);
    expect(installed).toMatchObject({
      license: "Apache-2.0",
      repository: { type: "git", url: expect.stringMatching(/^git\+https:\/\//) },
      homepage: expect.stringMatching(/^https:\/\//),
      bugs: { url: expect.stringMatching(/^https:\/\//) },
    });
    // postpack removed the copies prepack made.
    expect(fs.existsSync(path.join(clone, "provider", "README.md"))).toBe(false);
    expect(fs.existsSync(path.join(clone, "provider", "LICENSE"))).toBe(false);
  });

  test("the installed `smartflo` command runs: `npx smartflo --help`, and a lint of the repository's definitions", async () => {
    expect(installed.bin).toMatchObject({ smartflo: "bin/smartflo.js", "smartflo-emulator": "bin/smartflo-emulator.js" });
    const npx = (...args: string[]) => run("npx", ["--no-install", "smartflo", ...args], { cwd: project, maxBuffer: 1 << 24 });
    const help = await npx("--help");
    expect(help.stdout).toMatch(/^Usage: smartflo \[options\] \[command\]/);
    for (const command of ["export", "lint", "diagram", "simulate", "show", "doctor"]) expect(help.stdout).toMatch(new RegExp(`^  ${command} `, "m"));
    // Its dependencies came with it: YAML, the lint rules, and Graphviz in WebAssembly for SVG.
    fs.cpSync(path.join(REPO, "ivrs"), path.join(project, "ivrs"), { recursive: true });
    expect((await npx("lint", "ivrs")).stdout).toBe("no problems\n");
    expect((await npx("diagram", "ivrs", "--format", "svg")).stdout).toMatch(/<svg[\s\S]*Support IVR/);
  }, STEP_TIMEOUT);

  test.each(["node", "node16", "bundler"])("every public subpath type-checks under moduleResolution %s", async (resolution) => {
    const dir = path.join(project, `types-${resolution}`);
    fs.mkdirSync(dir, { recursive: true });
    // A pattern export stands for each shipped file it matches ("./providers/*" -> providers/Ivr, ...).
    const shipped = packed.files.map((f) => f.path);
    const subpaths = Object.entries(installed.exports)
      .filter(([k]) => k !== "./package.json")
      .flatMap(([k, target]) => {
        if (!k.includes("*")) return [k];
        const js = wildcard(path.posix.normalize(String(target)));
        return shipped.map((f) => js.exec(f)?.[1]).filter((m): m is string => m !== undefined).map((m) => k.replace("*", m));
      })
      .map((k) => (k === "." ? "pulumi-smartflo" : `pulumi-smartflo/${k.slice(2)}`));
    // Each subpath resolves to real declarations (not `any`), and a wrong call is a type error.
    const lines = [
      "type IsAny<T> = 0 extends 1 & T ? true : false;",
      ...subpaths.flatMap((s, i) => [`import * as m${i} from "${s}";`, `export const typed${i}: IsAny<typeof m${i}> = false;`]),
      'import { Ivr, hangup } from "pulumi-smartflo";',
      'import { startEmulator } from "pulumi-smartflo/emulator";',
      'import { check } from "pulumi-smartflo/runtime";',
      "export const ref: string = hangup();",
      "export const resource: typeof Ivr = Ivr;",
      "export const emulator: Promise<{ url: string; close(): Promise<void> }> = startEmulator({ port: 0 });",
      "export const checked = check({}, {});",
      "// @ts-expect-error: port is a number",
      'startEmulator({ port: "8080" });',
    ];
    fs.writeFileSync(path.join(dir, "consumer.ts"), lines.join("\n") + "\n");
    const module = { node: "commonjs", node16: "node16", bundler: "esnext" }[resolution];
    fs.writeFileSync(
      path.join(dir, "tsconfig.json"),
      JSON.stringify({
        compilerOptions: { strict: true, noEmit: true, skipLibCheck: false, target: "ES2022", module, moduleResolution: resolution, types: ["node"], typeRoots: [path.join(project, "node_modules", "@types")] },
        files: ["consumer.ts"],
      }),
    );
    await expect(run(process.execPath, [TSC, "-p", dir], { cwd: dir }).then(() => "ok")).resolves.toBe("ok");
  }, STEP_TIMEOUT);

  (SKIP_E2E ? test.skip : test)(
    "a program there previews, deploys and destroys with the real CLI against the installed emulator",
    async () => {
      fs.copyFileSync(path.join(REPO, "examples", "basic", "index.ts"), path.join(project, "index.ts"));
      fs.writeFileSync(path.join(project, "Pulumi.yaml"), "name: smartflo-consumer\nruntime:\n  name: nodejs\n  options:\n    typescript: true\n");
      const emulator = await startInstalledEmulator(project);
      const state = path.join(work, "state");
      fs.mkdirSync(state);
      const env: NodeJS.ProcessEnv = {
        ...process.env,
        PATH: `${path.join(await pulumiRoot(), "bin")}${path.delimiter}${process.env.PATH}`,
        PULUMI_HOME: path.join(work, "pulumi-home"),
        PULUMI_BACKEND_URL: `file://${state}`,
        PULUMI_CONFIG_PASSPHRASE: "pack-test",
        PULUMI_SKIP_UPDATE_CHECK: "true",
        PULUMI_DISABLE_AUTOMATIC_PLUGIN_ACQUISITION: "true",
        SMARTFLO_TOKEN: "",
        SMARTFLO_BASE_URL: "",
      };
      const pulumi = async (...args: string[]) => (await run("pulumi", [...args, "--non-interactive"], { cwd: project, env, maxBuffer: 1 << 26 })).stdout;
      try {
        await pulumi("stack", "init", "dev");
        await pulumi("config", "set", "smartflo:baseUrl", emulator.url);
        await pulumi("config", "set", "--secret", "smartflo:token", "emulator-token");
        expect(await pulumi("preview")).toMatch(/\+ 4 to create/); // 2 IVRs, the route guard, the stack
        expect(await pulumi("up", "--yes")).toMatch(/\+ 4 created/);
        // Installed as users install it (a real copy under node_modules), the state stores the
        // provider as one require of its module, not its functions.
        const resources = JSON.parse(await pulumi("stack", "export")).deployment.resources.filter((r: { type: string }) => r.type === "pulumi-nodejs:dynamic/smartflo:Ivr");
        expect(resources).toHaveLength(2);
        for (const r of resources) {
          for (const stored of [r.inputs.__provider, r.outputs.__provider]) {
            expect(stored).toContain('require("pulumi-smartflo/providers/Ivr")');
            expect(stored.length).toBeLessThan(400);
          }
        }
        const outputs = JSON.parse(await pulumi("stack", "output", "--json"));
        const ivrs = await emulatorIvrs(emulator.url);
        expect(Object.fromEntries(ivrs.map((i) => [i.name, String(i.id)]))).toEqual({ "Sales IVR": outputs.salesIvrId, "Support IVR": outputs.supportIvrId });
        expect(await pulumi("destroy", "--yes")).toMatch(/- 4 deleted/);
        expect(await emulatorIvrs(emulator.url)).toEqual([]);
      } finally {
        emulator.stop();
      }
    },
    STEP_TIMEOUT,
  );
});

/** `npx smartflo-emulator --port 0` in the project: its first line names the URL. */
function startInstalledEmulator(cwd: string): Promise<{ url: string; stop(): void }> {
  const child: ChildProcess = spawn("npx", ["--no-install", "smartflo-emulator", "--port", "0", "--cps", "0"], { cwd, detached: true, stdio: ["ignore", "pipe", "pipe"] });
  const stop = () => {
    try {
      process.kill(-child.pid!, "SIGTERM"); // npx and the emulator it started
    } catch {
      /* already gone */
    }
  };
  return new Promise((resolve, reject) => {
    let out = "";
    let err = "";
    const timer = setTimeout(() => (stop(), reject(new Error(`the emulator printed nothing in 30 s: ${err}`))), 30_000);
    child.stderr!.on("data", (d) => (err += d));
    child.on("exit", (code) => reject(new Error(`npx smartflo-emulator exited with ${code}: ${err}`)));
    child.stdout!.on("data", (d) => {
      out += d;
      const m = /^smartflo-emulator listening on (http:\/\/\S+)\n/.exec(out);
      if (!m) return;
      clearTimeout(timer);
      child.stdout!.resume();
      resolve({ url: m[1]!, stop });
    });
  });
}

async function emulatorIvrs(url: string): Promise<Array<{ id: number | string; name: string }>> {
  const state = (await (await fetch(`${url}/__emulator/state?account=default`)).json()) as { ivrs: Array<{ id: number; name: string }> };
  return state.ivrs;
}
