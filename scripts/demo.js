#!/usr/bin/env node
/**
 * `npm run demo`: the main job on an embedded default, with no Smartflo account and no network.
 *
 *   1. makes sure a Pulumi CLI v3.248.0 or later is available (scripts/ensure-pulumi; builds v3.248.0 from Go
 *      modules the first time, showing progress),
 *   2. starts the Smartflo emulator on loopback, its data kept in .demo/emulator-state.json,
 *   3. selects the stack `demo` in a local state backend (.demo/state), with its config in
 *      .demo/Pulumi.demo.yaml (smartflo:baseUrl = the emulator, smartflo:token as a secret),
 *   4. runs `pulumi up --yes` on the root project (Pulumi.yaml + index.ts), output streamed,
 *   5. prints the IVRs that now exist in the emulator's account (`smartflo show --account`, the
 *      package's own call-flow listing), and stops the emulator.
 *
 * Run it again: the same stack and the same emulator data are used, so it updates (or leaves
 * alone) the IVRs it made instead of creating them twice.
 *
 *   npm run demo                 deploy / update
 *   npm run demo -- --destroy    `pulumi destroy` the demo stack, stop, and delete .demo/
 *
 * Everything it writes is under .demo/ (gitignored).
 */
"use strict";

const { spawn } = require("child_process");
const fs = require("fs");
const path = require("path");

const REPO = path.resolve(__dirname, "..");
const DEMO = path.join(REPO, ".demo");
const STACK = "demo";
const FILES = {
  emulatorState: path.join(DEMO, "emulator-state.json"),
  emulatorPort: path.join(DEMO, "emulator-port"),
  backend: path.join(DEMO, "state"),
  home: path.join(DEMO, "pulumi-home"),
  stackConfig: path.join(DEMO, `Pulumi.${STACK}.yaml`),
};
// Protects only this demo's stack secrets (the emulator's fake token), kept on this machine.
const PASSPHRASE = "smartflo-demo-passphrase";
// The emulator's built-in account (fake credentials, printed by the emulator itself).
const EMULATOR_TOKEN = "emulator-token";

const USAGE = `Usage: npm run demo [-- --destroy]

  (no flag)   deploy the root project's IVRs to a local Smartflo emulator and show them
  --destroy   destroy the demo stack's IVRs, then delete .demo/ (emulator data, state, config)
  --help      this text
`;

class DemoError extends Error {}

// ---- output ----------------------------------------------------------------------------------

const tty = process.stdout.isTTY && !process.env.NO_COLOR;
const style = (code) => (s) => (tty ? `\x1b[${code}m${s}\x1b[0m` : String(s));
const bold = style("1");
const dim = style("2");
const green = style("32");
const red = style("31");
const cyan = style("36");

function step(message) {
  console.log(`\n${bold(cyan("==>"))} ${bold(message)}`);
}

// ---- child processes -------------------------------------------------------------------------

/** Runs a command; resolves with {code, stdout, stderr}. `stream` shows its output as it runs. */
function run(cmd, args, { env, stream = false, cwd = REPO } = {}) {
  return new Promise((resolve, reject) => {
    const child = spawn(cmd, args, { cwd, env, stdio: ["ignore", stream ? "inherit" : "pipe", stream ? "inherit" : "pipe"] });
    let stdout = "";
    let stderr = "";
    child.stdout?.on("data", (d) => (stdout += d));
    child.stderr?.on("data", (d) => (stderr += d));
    child.on("error", reject);
    child.on("close", (code, signal) => resolve({ code: code ?? (signal ? 128 : 1), signal, stdout, stderr }));
  });
}

/** scripts/ensure-pulumi: its progress (stderr) is shown live; its last stdout line is the root. */
async function ensurePulumi() {
  const started = Date.now();
  const child = spawn(path.join(REPO, "scripts", "ensure-pulumi"), [], { cwd: REPO, stdio: ["ignore", "pipe", "inherit"] });
  let stdout = "";
  child.stdout.on("data", (d) => (stdout += d));
  // The compile step prints nothing for minutes: show that it is alive.
  const heartbeat = setInterval(() => {
    const s = Math.round((Date.now() - started) / 1000);
    console.error(dim(`[demo] still providing the Pulumi CLI: ${Math.floor(s / 60)}m${String(s % 60).padStart(2, "0")}s so far (a first build takes about 6 minutes on 2 cores)`));
  }, 30_000);
  const code = await new Promise((resolve, reject) => {
    child.on("error", reject);
    child.on("close", (c) => resolve(c ?? 1));
  }).finally(() => clearInterval(heartbeat));
  if (code !== 0) {
    throw new DemoError(
      "no Pulumi CLI could be provided (see the messages from ensure-pulumi above).\n" +
        "  Put a Pulumi CLI v3.248.0 or later (v3) on PATH, or install Go 1.25.11 or later so v3.248.0 can be built, then run `npm run demo` again.",
    );
  }
  const root = stdout.trim().split("\n").pop().trim();
  if (!fs.existsSync(path.join(root, "bin", "pulumi"))) throw new DemoError(`ensure-pulumi printed '${root}', which holds no bin/pulumi`);
  const seconds = (Date.now() - started) / 1000;
  if (seconds > 5) console.log(dim(`(the Pulumi CLI took ${seconds.toFixed(0)} s to provide; it is cached for the next run)`));
  return root;
}

// ---- the emulator ----------------------------------------------------------------------------

let emulator; // { child, url }

/** Starts `smartflo-emulator` with its data in .demo/; prefers the port of the previous run. */
async function startEmulator() {
  let previousPort = 0;
  try {
    previousPort = Number(fs.readFileSync(FILES.emulatorPort, "utf8").trim()) || 0;
  } catch {
    /* first run */
  }
  try {
    emulator = await launchEmulator(previousPort);
  } catch (err) {
    if (previousPort === 0) throw err;
    emulator = await launchEmulator(0); // the old port is taken: any port will do
  }
  fs.writeFileSync(FILES.emulatorPort, `${new URL(emulator.url).port}\n`);
  return emulator.url;
}

function launchEmulator(port) {
  const bin = path.join(REPO, "provider", "bin", "smartflo-emulator.js");
  const args = [bin, "--port", String(port), "--state", FILES.emulatorState];
  // Its own process group: Ctrl-C reaches pulumi (which stops cleanly) but not the emulator,
  // which must keep answering until pulumi is done; this script stops it afterwards.
  const child = spawn(process.execPath, args, { cwd: REPO, stdio: ["ignore", "pipe", "pipe"], detached: true });
  return new Promise((resolve, reject) => {
    let stdout = "";
    let stderr = "";
    const timer = setTimeout(() => fail(`it printed nothing for 20 s`), 20_000);
    const fail = (why) => {
      clearTimeout(timer);
      child.kill("SIGKILL");
      reject(new DemoError(`the Smartflo emulator did not start: ${why}${stderr.trim() ? `\n${stderr.trim()}` : ""}`));
    };
    child.on("error", (err) => fail(err.message));
    child.on("exit", (code) => fail(`it exited with code ${code}`));
    child.stderr.on("data", (d) => (stderr += d));
    child.stdout.on("data", (d) => {
      stdout += d;
      const first = stdout.split("\n")[0];
      if (!stdout.includes("\n")) return;
      const m = /^smartflo-emulator listening on (http:\/\/\S+)\s*$/.exec(first);
      if (!m) return fail(`unexpected first line '${first}'`);
      clearTimeout(timer);
      child.removeAllListeners("exit");
      child.stdout.removeAllListeners("data");
      child.stdout.resume(); // keep draining
      resolve({ child, url: m[1] });
    });
  });
}

async function stopEmulator() {
  if (!emulator) return;
  const { child } = emulator;
  emulator = undefined;
  if (child.exitCode !== null || child.signalCode !== null) return;
  const exited = new Promise((resolve) => child.once("exit", resolve));
  child.kill("SIGTERM"); // it saves its state file and exits
  let timer;
  const timeout = new Promise((resolve) => (timer = setTimeout(() => resolve("timeout"), 5000)));
  if ((await Promise.race([exited, timeout])) === "timeout") child.kill("SIGKILL");
  clearTimeout(timer);
}

// ---- pulumi ----------------------------------------------------------------------------------

function pulumiEnv(root) {
  const env = { ...process.env };
  // The demo always talks to the emulator with the stack config below, never to a real account.
  for (const key of Object.keys(env)) if (key.startsWith("SMARTFLO_")) delete env[key];
  delete env.PULUMI_CONFIG_PASSPHRASE_FILE;
  Object.assign(env, {
    PATH: `${path.join(root, "bin")}${path.delimiter}${env.PATH ?? ""}`,
    PULUMI_HOME: FILES.home,
    PULUMI_BACKEND_URL: `file://${FILES.backend}`,
    PULUMI_CONFIG_PASSPHRASE: PASSPHRASE,
    PULUMI_SKIP_UPDATE_CHECK: "true",
    PULUMI_DISABLE_AUTOMATIC_PLUGIN_ACQUISITION: "true",
  });
  env.PULUMI_NODEJS_TRANSPILE_ONLY ??= "true";
  return env;
}

function makePulumi(root) {
  const env = pulumiEnv(root);
  const bin = path.join(root, "bin", "pulumi");
  return async (args, { stream = false, allowFailure = false } = {}) => {
    const result = await run(bin, [...args, "--non-interactive"], { env, stream });
    if (result.code !== 0 && !allowFailure) {
      const detail = stream ? "see the output above" : (result.stderr || result.stdout).trim();
      const shown = args.filter((a, i) => a !== "--config-file" && args[i - 1] !== "--config-file");
      throw new DemoError(`\`pulumi ${shown.join(" ")}\` failed (exit ${result.code}): ${detail}`);
    }
    return result;
  };
}

/** Selects the demo stack; creates it on the first run. Returns true when it was created. */
async function selectStack(pulumi) {
  const selected = await pulumi(["stack", "select", STACK], { allowFailure: true });
  if (selected.code === 0) return false;
  if (!/no stack named|not found|does not exist/i.test(selected.stderr + selected.stdout)) {
    throw new DemoError(`\`pulumi stack select ${STACK}\` failed: ${(selected.stderr || selected.stdout).trim()}`);
  }
  // `stack init` writes Pulumi.demo.yaml next to Pulumi.yaml; the demo keeps it in .demo/.
  const rootConfig = path.join(REPO, `Pulumi.${STACK}.yaml`);
  if (fs.existsSync(rootConfig)) {
    throw new DemoError(`${rootConfig} exists; the demo keeps its stack config in .demo/. Move that file away and run the demo again.`);
  }
  await pulumi(["stack", "init", STACK]);
  if (fs.existsSync(rootConfig)) fs.renameSync(rootConfig, FILES.stackConfig);
  return true;
}

// ---- the summary ----------------------------------------------------------------------------

/** `smartflo show --account` against the emulator: the package's own call-flow listing. */
async function showAccount(url) {
  const env = { ...process.env };
  for (const key of Object.keys(env)) if (key.startsWith("SMARTFLO_")) delete env[key];
  Object.assign(env, { SMARTFLO_BASE_URL: url, SMARTFLO_TOKEN: EMULATOR_TOKEN });
  step("smartflo show --account: the IVRs now in the demo account");
  const result = await run(process.execPath, [path.join(REPO, "provider", "bin", "smartflo.js"), "show", "--account"], { env, stream: true });
  if (result.code !== 0) throw new DemoError(`\`smartflo show --account\` failed (exit ${result.code}); see the output above`);
}

// ---- main ------------------------------------------------------------------------------------

function checkInstall() {
  if (!fs.existsSync(path.join(REPO, "node_modules", "@pulumi", "pulumi", "package.json"))) {
    throw new DemoError("the dependencies are not installed. Run `npm ci` first, then `npm run demo`.");
  }
  const built = ["index.js", path.join("emulator", "cli.js"), path.join("cli", "main.js")];
  if (!built.every((f) => fs.existsSync(path.join(REPO, "provider", "dist", f)))) {
    throw new DemoError("pulumi-smartflo is not built (provider/dist is missing). Run `npm ci` (it builds the package) or `npm run build`, then `npm run demo` again.");
  }
}

async function deploy(pulumi) {
  step("Selecting the local-backend stack 'demo'");
  const created = await selectStack(pulumi);
  if (created) {
    // A new stack owns no IVRs: start from the emulator's seed, not from an orphaned data file.
    fs.rmSync(FILES.emulatorState, { force: true });
    console.log(`created stack '${STACK}' (state in ${path.relative(REPO, FILES.backend)}/, config in ${path.relative(REPO, FILES.stackConfig)})`);
  } else {
    console.log(`using the existing stack '${STACK}': this run updates what the last one created`);
  }

  step("Starting the Smartflo emulator");
  const url = await startEmulator();
  console.log(`listening on ${url}, data in ${path.relative(REPO, FILES.emulatorState)}`);
  const cfg = ["--stack", STACK, "--config-file", FILES.stackConfig];
  await pulumi(["config", "set", "smartflo:baseUrl", url, ...cfg]);
  await pulumi(["config", "set", "--secret", "smartflo:token", EMULATOR_TOKEN, ...cfg]);

  step("pulumi up --yes (the root project: Pulumi.yaml + index.ts)");
  await pulumi(["up", "--yes", "--skip-preview=false", ...cfg], { stream: true });

  await showAccount(url);
  console.log(`
${bold("Next")}
  npm run demo               again: updates these IVRs (same stack, same emulator data), never duplicates them
  npm run demo -- --destroy  clean up: destroys the demo stack's IVRs and deletes .demo/
  npx smartflo-emulator --state .demo/emulator-state.json
                             run the emulator yourself on this data (GET /__emulator/state shows it)
  npx smartflo simulate ivrs --ivr support --keys 7,3,1
                             follow a call through ivrs/ (a wrong key, then Sales, then key 1)
  npx smartflo lint ivrs     check ivrs/ for loops, dead ends and unused settings; \`npx smartflo --help\` for more`);
}

async function destroy(pulumi) {
  step("Selecting the local-backend stack 'demo'");
  const selected = await pulumi(["stack", "select", STACK], { allowFailure: true });
  if (selected.code === 0) {
    step("Starting the Smartflo emulator");
    const url = await startEmulator();
    console.log(`listening on ${url}`);
    const cfg = ["--stack", STACK, "--config-file", FILES.stackConfig];
    await pulumi(["config", "set", "smartflo:baseUrl", url, ...cfg]);
    await pulumi(["config", "set", "--secret", "smartflo:token", EMULATOR_TOKEN, ...cfg]);

    step("pulumi destroy --yes");
    // --remove deletes the stack too, so Pulumi does not suggest `pulumi stack rm` for a stack whose
    // .demo/ is deleted next.
    await pulumi(["destroy", "--yes", "--remove", "--skip-preview=false", ...cfg], { stream: true });
    await showAccount(url);
    await stopEmulator();
    fs.rmSync(DEMO, { recursive: true, force: true });
    console.log(`\n${green("Cleaned up:")} the demo stack's IVRs are destroyed and .demo/ (stack, state, emulator data) is deleted.`);
  } else {
    fs.rmSync(DEMO, { recursive: true, force: true });
    console.log(`\nThere was no demo stack; ${green(".demo/ is deleted.")}`);
  }
}

async function main(argv) {
  const flags = new Set(argv);
  if (flags.has("--help") || flags.has("-h")) {
    process.stdout.write(USAGE);
    return 0;
  }
  const unknown = argv.filter((a) => a !== "--destroy");
  if (unknown.length) {
    process.stderr.write(`demo: unknown argument '${unknown[0]}'\n\n${USAGE}`);
    return 2;
  }
  const started = Date.now();
  checkInstall();
  if (flags.has("--destroy") && !fs.existsSync(DEMO)) {
    console.log("Nothing to clean up: .demo/ does not exist.");
    return 0;
  }
  step("Making sure a Pulumi CLI (v3.248.0 or later) is available");
  const root = await ensurePulumi();
  fs.mkdirSync(FILES.backend, { recursive: true });
  const pulumi = makePulumi(root);
  if (flags.has("--destroy")) await destroy(pulumi);
  else await deploy(pulumi);
  console.log(dim(`\ndone in ${((Date.now() - started) / 1000).toFixed(1)} s`));
  return 0;
}

let interrupted = 0;
function onSignal(signal) {
  interrupted++;
  if (interrupted === 1) {
    // pulumi got the same Ctrl-C (same process group) and stops cleanly; then `finally` runs.
    console.error(`\n${red(`${signal}:`)} stopping... (press Ctrl-C again to stop at once)`);
    return;
  }
  if (emulator) emulator.child.kill("SIGKILL");
  process.exit(130);
}
process.on("SIGINT", onSignal);
process.on("SIGTERM", onSignal);
process.on("exit", () => {
  if (emulator) emulator.child.kill("SIGKILL"); // last resort; normally stopped below
});

main(process.argv.slice(2))
  .catch((err) => {
    if (interrupted) {
      console.error(`\n${red(bold("demo interrupted."))} Run \`npm run demo\` again to finish, or \`npm run demo -- --destroy\` to clean up.`);
      return 130;
    }
    const message = err instanceof DemoError ? err.message : err && err.stack ? err.stack : String(err);
    console.error(`\n${red(bold("demo failed:"))} ${message}`);
    return 1;
  })
  .then(async (code) => {
    await stopEmulator();
    if (interrupted && code === 0) code = 130;
    process.exitCode = code;
  });
