/**
 * The provider as Pulumi stores it: serialized by the real SDK (`runtime.serializeFunction`
 * through `dynamic.Resource`), loaded back the way the dynamic-provider host loads it, and run.
 */
import { execFile } from "child_process";
import { promisify } from "util";
import * as fs from "fs";
import * as path from "path";
import { startEmulator, Emulator, storedIvrs } from "../support/emulator";
import { supportIvr } from "../support/ivrs";

const requireFromString = require("require-from-string");
// Node's own require (not jest's registry), resolving exactly as a loaded provider text does.
const nodeRequire: (id: string) => any = requireFromString("module.exports = (id) => require(id);");
const run = promisify(execFile);

const SECRET_TOKEN = "tok-serialization-1f9c2b7e5a";
const SECRET_PASSWORD = "pw-serialization-8d3e6a1c";

const REPO = path.join(__dirname, "..", "..");
const SCRIPT = path.join(REPO, "test", "support", "serialize-provider.js");

let emu: Emulator;
/** As this repository's programs get it: the package linked from the npm workspace. */
let text: string;
/** As users get it: the package installed under their program's node_modules. */
let installedText: string;
let installedDir: string;

/** Runs the serializing script in `cwd` with credentials in the environment and stack config. */
async function serializeIn(cwd: string, script: string, env: Record<string, string> = {}): Promise<string> {
  const { stdout } = await run(process.execPath, [script], {
    cwd,
    env: {
      ...process.env,
      ...env,
      SMARTFLO_TOKEN: SECRET_TOKEN,
      SMARTFLO_PASSWORD: SECRET_PASSWORD,
      SMARTFLO_BASE_URL: emu.url,
      PULUMI_CONFIG: JSON.stringify({ "smartflo:token": SECRET_TOKEN, "smartflo:password": SECRET_PASSWORD }),
    },
  });
  return JSON.parse(stdout).text;
}

beforeAll(async () => {
  emu = await startEmulator({ token: SECRET_TOKEN, password: SECRET_PASSWORD, cps: 0 });
  text = await serializeIn(REPO, SCRIPT);
  // A program directory with the package copied into its node_modules, as `npm install` leaves
  // it, beside @pulumi/pulumi (linked, and kept at its linked path, so that it finds packages from
  // the program's node_modules as an installed copy does). Other dependencies resolve from the
  // repository's node_modules, further up.
  const base = path.join(REPO, "test", ".work");
  fs.mkdirSync(base, { recursive: true });
  installedDir = fs.mkdtempSync(path.join(base, "serialize-installed-"));
  const modules = path.join(installedDir, "node_modules");
  const pkg = path.join(modules, "pulumi-smartflo");
  fs.mkdirSync(pkg, { recursive: true });
  fs.copyFileSync(path.join(REPO, "provider", "package.json"), path.join(pkg, "package.json"));
  fs.cpSync(path.join(REPO, "provider", "dist"), path.join(pkg, "dist"), { recursive: true });
  fs.mkdirSync(path.join(modules, "@pulumi"));
  fs.symlinkSync(path.join(REPO, "node_modules", "@pulumi", "pulumi"), path.join(modules, "@pulumi", "pulumi"), "dir");
  fs.copyFileSync(SCRIPT, path.join(installedDir, "serialize-provider.js"));
  installedText = await serializeIn(installedDir, path.join(installedDir, "serialize-provider.js"), { NODE_PRESERVE_SYMLINKS: "1" });
}, 60_000);

afterAll(async () => {
  await emu?.close();
  if (installedDir) fs.rmSync(installedDir, { recursive: true, force: true });
});

describe("the serialized Ivr provider, installed under node_modules", () => {
  it("is one require of the package's providers/Ivr module (under 400 bytes)", () => {
    expect(installedText.length).toBeLessThan(400);
    expect(installedText).toContain('require("pulumi-smartflo/providers/Ivr")');
    expect(installedText).not.toMatch(/zod|node-fetch|runtime/);
  });

  it("contains no credential from the environment or the stack config", () => {
    expect(installedText).not.toContain(SECRET_TOKEN);
    expect(installedText).not.toContain(SECRET_PASSWORD);
    expect(installedText).not.toContain(emu.url);
    expect(installedText).not.toContain(installedDir);
  });

  it("loads back from the program directory, as the host loads it, and creates, reads and deletes an IVR", async () => {
    const provider = requireFromString(installedText, path.join(installedDir, "provider.js")).handler();
    const settings: Record<string, string> = { "smartflo:baseUrl": emu.url, "smartflo:token": SECRET_TOKEN };
    await provider.configure({ config: { get: (k: string) => settings[k], require: (k: string) => settings[k] } });
    const checked = await provider.check({}, { ...supportIvr({ name: "Installed IVR" }), __provider: installedText });
    expect(checked.failures).toEqual([]);
    const created = await provider.create({ ...checked.inputs, __provider: installedText });
    expect((await provider.read(created.id, created.outs)).props).toEqual(created.outs);
    await provider.delete(created.id, created.outs);
    expect((await storedIvrs(emu)).map((i) => i.name)).not.toContain("Installed IVR");
  });
});

describe("the serialized providers of every kind", () => {
  it("are the whole export of pulumi-smartflo/providers/<Type>, one per kind of the registry", () => {
    const { KINDS } = nodeRequire(path.join(REPO, "provider", "dist", "kinds"));
    const { createProvider } = nodeRequire(path.join(REPO, "provider", "dist", "provider", "shim"));
    for (const type of Object.keys(KINDS)) {
      expect(createProvider(type)).toBe(nodeRequire(`pulumi-smartflo/providers/${type}`));
    }
  });
});

describe("the serialized Ivr provider, linked from elsewhere (an npm workspace, npm link)", () => {
  it("is a small module (about 2 KB, under 2.5 KB) that captured no library code", () => {
    expect(typeof text).toBe("string");
    expect(text.length).toBeLessThan(2560);
    expect(text).toContain('require("pulumi-smartflo/runtime").provider(type)');
    expect(text).toContain('type: "Ivr"'); // the one value it captured
    expect(text).not.toMatch(/zod|node-fetch|ZodError/);
  });

  it("contains no credential from the environment or the stack config", () => {
    expect(text).not.toContain(SECRET_TOKEN);
    expect(text).not.toContain(SECRET_PASSWORD);
    expect(text).not.toContain(emu.url);
  });

  it("loads back as the host loads it, and creates, reads and deletes an IVR", async () => {
    const provider = requireFromString(text).handler();
    const settings: Record<string, string> = { "smartflo:baseUrl": emu.url, "smartflo:token": SECRET_TOKEN };
    await provider.configure({ config: { get: (k: string) => settings[k], require: (k: string) => settings[k] } });

    const checked = await provider.check({}, { ...supportIvr(), __provider: text });
    expect(checked.failures).toEqual([]);
    const created = await provider.create({ ...checked.inputs, __provider: text });
    expect(created.id).toMatch(/^\d+$/);
    expect(created.outs.ivrId).toBe(created.id);
    expect((await storedIvrs(emu)).map((i) => i.name)).toEqual(["Support IVR"]);

    const read = await provider.read(created.id, created.outs);
    expect(read.props).toEqual(created.outs);

    await provider.delete(created.id, created.outs);
    expect(await storedIvrs(emu)).toEqual([]);
    // Nothing the provider returned carries a credential either.
    expect(JSON.stringify([checked, created, read])).not.toMatch(new RegExp(`${SECRET_TOKEN}|${SECRET_PASSWORD}`));
  });

  // A stored provider stands for one in an old stack's state. Simulate upgrading the package to a
  // version whose delete differs: the stored provider must call the new code.
  async function deleteThroughStoredProvider(stored: string): Promise<string[]> {
    const ivr = nodeRequire("pulumi-smartflo/runtime").provider("Ivr");
    const original = ivr.delete;
    const calls: string[] = [];
    ivr.delete = async (id: string) => void calls.push(id);
    try {
      await requireFromString(stored).handler().delete("8123", {});
    } finally {
      ivr.delete = original;
    }
    return calls;
  }

  it("runs the installed version's code, so a fix to read or delete reaches stacks created before it", async () => {
    expect(await deleteThroughStoredProvider(text)).toEqual(["8123"]);
  });

  it("runs the installed version's code for the provider 0.1.0 stored too", async () => {
    const state = JSON.parse(fs.readFileSync(path.join(__dirname, "..", "fixtures", "state-0.1.0", "stack.json"), "utf8"));
    const stored = state.deployment.resources.find((r: any) => r.type === "pulumi-nodejs:dynamic/smartflo:Ivr").outputs.__provider;
    expect(stored).toContain('require("pulumi-smartflo/runtime").remove(id, props)');
    expect(await deleteThroughStoredProvider(stored)).toEqual(["8123"]);
  });
});
