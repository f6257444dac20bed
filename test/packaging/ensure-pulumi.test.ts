/**
 * scripts/ensure-pulumi's choice of Pulumi CLI, with fake `pulumi` scripts on PATH that print a
 * version. `--dry-run` stops the script after it decides, so no test starts a build: exit 0 with the
 * root on stdout means "use this one", exit 3 means "a build (or a language-host update) is needed".
 * PATH holds only the fakes and /usr/bin:/bin, so no real pulumi or Go is seen.
 */
import { spawnSync } from "child_process";
import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import { REPO } from "../support/pulumi";

const SCRIPT = path.join(REPO, "scripts", "ensure-pulumi");
const SYSTEM_PATH = "/usr/bin:/bin";
const PLUGINS = ["pulumi-language-nodejs", "pulumi-resource-pulumi-nodejs"];

let work: string;
beforeEach(() => {
  work = fs.mkdtempSync(path.join(os.tmpdir(), "ensure-pulumi-"));
});
afterEach(() => fs.rmSync(work, { recursive: true, force: true }));

function executable(file: string, text: string): void {
  fs.mkdirSync(path.dirname(file), { recursive: true });
  fs.writeFileSync(file, text, { mode: 0o755 });
}

/** A fake install: <root>/bin/pulumi printing `version`, with the Node.js plugins beside it unless told not to. */
function fakeCli(name: string, version: string, { plugins = true } = {}): string {
  const root = path.join(work, name);
  executable(path.join(root, "bin", "pulumi"), `#!/bin/sh\necho ${version}\n`);
  if (plugins) for (const p of PLUGINS) executable(path.join(root, "bin", p), "#!/bin/sh\nexit 0\n");
  return root;
}

/** A finished cached build of v3.248.0 (fake binaries), as an earlier run of the script leaves it. */
function fakeCache(): string {
  const cached = path.join(work, "cache", "pulumi-v3.248.0");
  fs.mkdirSync(path.dirname(cached), { recursive: true });
  fs.renameSync(fakeCli("cached", "v3.248.0"), cached);
  return cached;
}

function ensurePulumi(pathDirs: string[], { dryRun = true } = {}) {
  const result = spawnSync(SCRIPT, dryRun ? ["--dry-run"] : [], {
    env: { PATH: [...pathDirs, SYSTEM_PATH].join(":"), HOME: work, PULUMI_SMARTFLO_CACHE: path.join(work, "cache") },
    encoding: "utf8",
    timeout: 30_000,
  });
  return { code: result.status, root: result.stdout.trim(), log: result.stderr };
}

describe("ensure-pulumi with a pulumi on PATH", () => {
  it("uses a newer v3 CLI that has the Node.js plugins beside it, and says which", () => {
    const root = fakeCli("pulumi-3.274", "v3.274.0");
    const r = ensurePulumi([path.join(root, "bin")]);
    expect(r).toMatchObject({ code: 0, root });
    expect(r.log).toContain(`using pulumi v3.274.0 from PATH (${path.join(root, "bin", "pulumi")})`);
  });

  it.each(["v3.248.0", "v3.248.1", "v3.249.0-alpha.1", "v3.300.2+dirty"])("accepts %s", (version) => {
    const root = fakeCli("cli", version);
    expect(ensurePulumi([path.join(root, "bin")])).toMatchObject({ code: 0, root });
  });

  it.each(["v3.247.9", "v3.248.0-alpha.1", "v4.0.0", "v2.25.2", "not a version"])(
    "does not accept %s, says why, and would build v3.248.0",
    (version) => {
      const root = fakeCli("cli", version);
      const r = ensurePulumi([path.join(root, "bin")]);
      expect(r.code).toBe(3);
      expect(r.root).toBe("");
      expect(r.log).toContain(`reports '${version.replace(/\s/g, "")}', and this project needs a Pulumi CLI v3 at v3.248.0 or later`);
      expect(r.log).toContain("would build the Pulumi CLI v3.248.0");
    },
  );

  it("does not use a CLI whose Node.js plugins are neither beside it nor on PATH, naming them", () => {
    const root = fakeCli("bare", "v3.274.0", { plugins: false });
    const r = ensurePulumi([path.join(root, "bin")]);
    expect(r.code).toBe(3);
    expect(r.log).toContain("the Node.js plugin(s) pulumi-language-nodejs pulumi-resource-pulumi-nodejs are neither beside it nor on PATH");
  });

  it("accepts the Node.js plugins from elsewhere on PATH", () => {
    const root = fakeCli("bare", "v3.274.0", { plugins: false });
    const plugins = path.join(work, "plugins");
    for (const p of PLUGINS) executable(path.join(plugins, p), "#!/bin/sh\nexit 0\n");
    expect(ensurePulumi([path.join(root, "bin"), plugins])).toMatchObject({ code: 0, root });
  });

  it("follows a symlinked pulumi to the install it belongs to", () => {
    const root = fakeCli("install", "v3.274.0");
    const links = path.join(work, "links");
    fs.mkdirSync(links);
    fs.symlinkSync(path.join(root, "bin", "pulumi"), path.join(links, "pulumi"));
    expect(ensurePulumi([links])).toMatchObject({ code: 0, root });
  });
});

describe("ensure-pulumi without a usable pulumi on PATH", () => {
  it("fails without Go, saying how to install a CLI or Go", () => {
    const r = ensurePulumi([], { dryRun: false });
    expect(r.code).toBe(1);
    expect(r.log).toContain("no Pulumi CLI v3 at v3.248.0 or later is available, and Go is not installed to build v3.248.0");
    expect(r.log).toMatch(/any later v3\) and put it on PATH,\s+or install Go \(1\.25\.11 or later/);
    expect(fs.existsSync(path.join(work, "cache", "pulumi-v3.248.0"))).toBe(false);
  });

  it("would rebuild the language host of a cached build that cannot run policy packs; without Go it warns and uses it", () => {
    const cached = fakeCache();
    const dry = ensurePulumi([]);
    expect(dry.code).toBe(3);
    expect(dry.log).toContain("would rebuild the cached language host so that it runs policy packs");
    // Without Go it keeps the cache usable and warns that policy packs will not run.
    const noGo = ensurePulumi([], { dryRun: false });
    expect(noGo).toMatchObject({ code: 0, root: cached });
    expect(noGo.log).toContain("cannot run policy packs, and Go is not installed to rebuild it");
  });

  it("prefers an accepted CLI on PATH over the cache", () => {
    fakeCache();
    const root = fakeCli("newer", "v3.260.0");
    expect(ensurePulumi([path.join(root, "bin")])).toMatchObject({ code: 0, root });
  });
});
