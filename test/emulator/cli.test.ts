import { ChildProcess, spawn } from "node:child_process";
import * as fs from "node:fs";
import * as net from "node:net";
import * as os from "node:os";
import * as path from "node:path";
import { createInterface } from "node:readline";
import { parseArgs } from "../../provider/src/emulator/cli";
import { call, createIvr } from "./helpers";

const ROOT = path.resolve(__dirname, "../..");
const BIN = path.join(ROOT, "provider/bin/smartflo-emulator.js");
const DIST_CLI = path.join(ROOT, "provider/dist/emulator/cli.js");
const SRC_DIR = path.join(ROOT, "provider/src/emulator");

/** The CLI runs the compiled code; say how to fix a missing or stale build instead of failing obscurely. */
function assertBuilt(): void {
  if (!fs.existsSync(DIST_CLI)) {
    throw new Error(`${path.relative(ROOT, DIST_CLI)} is missing: run 'npm run build' (npx tsc -p provider/tsconfig.json) before these tests`);
  }
  const built = fs.statSync(DIST_CLI).mtimeMs;
  const stale = fs.readdirSync(SRC_DIR).filter((f) => fs.statSync(path.join(SRC_DIR, f)).mtimeMs > built);
  if (stale.length > 0) {
    throw new Error(`provider/dist is older than provider/src/emulator/${stale[0]}: run 'npm run build' before these tests`);
  }
}

interface Cli {
  child: ChildProcess;
  lines: string[];
  stderr: () => string;
  exited: Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
}

const children: ChildProcess[] = [];

function run(args: string[]): Cli {
  const child = spawn(process.execPath, [BIN, ...args], { cwd: ROOT, stdio: ["ignore", "pipe", "pipe"] });
  children.push(child);
  const lines: string[] = [];
  let stderr = "";
  createInterface({ input: child.stdout! }).on("line", (line) => lines.push(line));
  child.stderr!.on("data", (chunk: Buffer) => (stderr += chunk.toString()));
  // "close", not "exit": it fires only after stdout and stderr are fully read.
  const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolve) =>
    child.once("close", (code, signal) => resolve({ code, signal })),
  );
  return { child, lines, stderr: () => stderr, exited };
}

/** Start the CLI and wait for its listening line (and the credentials line after it). */
async function start(args: string[]): Promise<Cli & { url: string }> {
  const cli = run(args);
  const deadline = Date.now() + 10_000;
  let exitedEarly = false;
  void cli.exited.then(() => (exitedEarly = true));
  while (cli.lines.length < 2) {
    if (exitedEarly) throw new Error(`emulator exited early: ${cli.stderr()}`);
    if (Date.now() > deadline) throw new Error(`no listening line within 10 s: ${cli.stderr()}`);
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
  const match = /^smartflo-emulator listening on (http:\/\/127\.0\.0\.1:(\d+))$/.exec(cli.lines[0]!);
  if (!match) throw new Error(`unexpected first line: ${cli.lines[0]}`);
  return { ...cli, url: match[1]! };
}

async function stop(cli: Cli, signal: NodeJS.Signals = "SIGTERM") {
  cli.child.kill(signal);
  return cli.exited;
}

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = net.createServer();
    server.once("error", reject);
    server.listen(0, "127.0.0.1", () => {
      const port = (server.address() as net.AddressInfo).port;
      server.close(() => resolve(port));
    });
  });
}

beforeAll(assertBuilt);
afterAll(() => {
  for (const child of children) if (child.exitCode === null && child.signalCode === null) child.kill("SIGKILL");
});

describe("smartflo-emulator CLI", () => {
  it("prints the listening line first, then the default account's credentials, and serves the API", async () => {
    const cli = await start(["--port", "0"]);
    expect(cli.lines[1]).toBe("account default: token emulator-token, email ops@example.com, password emulator-password");
    const res = await call(cli.url, "GET", "/v1/recordings");
    expect(res.status).toBe(200);
    expect(await stop(cli)).toEqual({ code: 0, signal: null });
  });

  it("listens on the port it is given", async () => {
    const port = await freePort();
    const cli = await start(["--port", String(port), "--cps", "0"]);
    expect(cli.url).toBe(`http://127.0.0.1:${port}`);
    expect(await stop(cli, "SIGINT")).toEqual({ code: 0, signal: null });
  });

  it("keeps a --state file across a restart", async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), "smartflo-cli-"));
    const state = path.join(dir, "state.json");
    try {
      const first = await start(["--port", "0", "--cps", "0", "--state", state]);
      const id = await createIvr(first.url);
      expect(await stop(first)).toEqual({ code: 0, signal: null });

      const second = await start(["--port", "0", "--cps", "0", "--state", state]);
      const ivrs = (await call(second.url, "GET", "/v1/ivrs")).body.ivrs;
      expect(ivrs.map((ivr: { id: number }) => ivr.id)).toEqual([id]);
      await stop(second);
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });

  it("applies --token, --email, --password and --cps to the default account", async () => {
    const cli = await start(["--port=0", "--token", "t-123", "--email", "me@example.com", "--password", "pw-9", "--cps", "1"]);
    expect(cli.lines[1]).toBe("account default: token t-123, email me@example.com, password pw-9");
    const login = await call(cli.url, "POST", "/v1/auth/login", { token: null, body: { email: "me@example.com", password: "pw-9" } });
    expect(login.status).toBe(200);
    expect((await call(cli.url, "GET", "/v1/ivrs", { token: "t-123" })).status).toBe(429);
    await stop(cli);
  });

  it("pages GET /v1/ivrs with --ivrs-page-size", async () => {
    const cli = await start(["--port=0", "--cps", "0", "--ivrs-page-size", "1"]);
    await createIvr(cli.url, { name: "One" });
    await createIvr(cli.url, { name: "Two" });
    const second = await call(cli.url, "GET", "/v1/ivrs?page=2");
    expect(second.body).toMatchObject({ page: 2, limit: 1, count: 1, total: 2, has_more: false });
    expect(second.body.ivrs.map((ivr: { name: string }) => ivr.name)).toEqual(["Two"]);
    await stop(cli);
  });

  it("logs requests to stderr with --verbose, without tokens", async () => {
    const cli = await start(["--port", "0", "--cps", "0", "--verbose"]);
    await call(cli.url, "GET", "/v1/ivrs");
    await stop(cli);
    expect(cli.stderr()).toMatch(/^GET \/v1\/ivrs 200 \d+ms$/m);
    expect(cli.stderr()).not.toContain("emulator-token");
  });

  it("prints usage and exits 0 with --help", async () => {
    const cli = run(["--help"]);
    expect(await cli.exited).toEqual({ code: 0, signal: null });
    expect(cli.lines[0]).toBe("Usage: smartflo-emulator [options]");
  });

  it.each([
    [["--frobnicate"], "unknown flag '--frobnicate'"],
    [["--port", "abc"], "--port must be an integer from 0 to 65535 (got 'abc')"],
    [["--port"], "--port needs a value"],
    [["--single-pipe", "maybe"], "--single-pipe must be 'accept' or 'reject' (got 'maybe')"],
    [["--token-ttl", "0"], "--token-ttl must be a positive number of seconds"],
    [["--verbose=yes"], "--verbose takes no value"],
  ])("exits 2 naming the flag for %p", async (args, message) => {
    const cli = run(args);
    expect(await cli.exited).toEqual({ code: 2, signal: null });
    expect(cli.stderr()).toContain(message);
    expect(cli.lines).toEqual([]);
  });

  it("exits 1 with a message when the seed file cannot be read", async () => {
    const cli = run(["--port", "0", "--seed", path.join(os.tmpdir(), "no-such-seed.json")]);
    expect((await cli.exited).code).toBe(1);
    expect(cli.stderr()).toMatch(/^smartflo-emulator: seed file .*no-such-seed\.json: cannot read it as JSON/);
  });
});

describe("smartflo-emulator argument parsing", () => {
  it("maps every flag to an emulator option", () => {
    expect(
      parseArgs([
        "--port", "8080", "--cps", "5", "--state", "s.json", "--token", "t", "--email", "e", "--password", "p",
        "--seed", "seed.json", "--token-ttl", "1.5", "--single-pipe", "accept", "--errors-as-200",
        "--create-returns-id", "--allow-delete-referenced", "--no-retry-after", "--max-name-length", "32", "--verbose",
        "--ivrs-page-size", "25",
      ]),
    ).toEqual({
      kind: "run",
      verbose: true,
      options: {
        port: 8080,
        cps: 5,
        stateFile: "s.json",
        token: "t",
        email: "e",
        password: "p",
        seedFile: "seed.json",
        tokenTtlSeconds: 1.5,
        singlePipe: "accept",
        errorsAs200: true,
        createReturnsId: true,
        allowDeleteReferenced: true,
        retryAfter: false,
        maxNameLength: 32,
        ivrsPageSize: 25,
      },
    });
  });

  it.each([["0"], ["-1"], ["x"], ["10001"]])("rejects --ivrs-page-size %s", (value) => {
    expect(() => parseArgs(["--ivrs-page-size", value])).toThrow(`--ivrs-page-size must be an integer from 1 to 10000 (got '${value}')`);
  });

  it("accepts --flag=value", () => {
    expect(parseArgs(["--port=0", "--single-pipe=reject"])).toEqual({ kind: "run", verbose: false, options: { port: 0, singlePipe: "reject" } });
  });

  it("rejects a stray argument", () => {
    expect(() => parseArgs(["serve"])).toThrow("unknown argument 'serve'");
  });
});
