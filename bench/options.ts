/** `npm run bench -- [options]`: what to measure. */
import { PHASES } from "./phases";

export const HELP = `Usage: npm run bench -- [options]

Runs the real Pulumi CLI (scripts/ensure-pulumi) on a generated program of N IVRs against the
local emulator at the account's rate limit, through up, a no-op preview, refresh, an up changing
10% of the IVRs, and destroy; writes bench/results/<label>.json and .svg and prints a table.

  --n 10,50,200        IVR counts (default 10,50,200)
  --large              add N = 1000
  --cps 3              the emulator's limit and smartflo:requestsPerSecond (default 3)
  --latency MS         every API request reaches the emulator MS later, like the network to the real
                       API (default 0: loopback, about 2 ms)
  --create-returns-id  the emulator answers a create with the new IVR's id (the real API's answer is not
                       documented); shows what the id lookups after creates cost
  --parallel LIST      engine parallelism per suite: "default" (the CLI's own, 4 x CPUs) and/or
                       numbers, e.g. default,10,50; one full suite per value (default: default)
  --phases LIST        only these phases, in their usual order, e.g. up,destroy (names: up, preview,
                       refresh, up-10%, up-refresh, up-1, up-target-1, destroy)
  --settings           also measure: up --refresh with no changes, an up of one changed IVR, and
                       the same with --target on that IVR
  --debug              SMARTFLO_DEBUG=1 in the provider; its log lines and a request timeline per
                       phase go to bench/.work/logs/
  --label NAME         results file name (default "latest")
  --out DIR            where the results go (default bench/results)
  --baseline           mark the results as a baseline (label "baseline" unless --label is given)
  --note TEXT          free text stored in the results (e.g. "machine shared with 3 other jobs")
  --keep               keep the generated program in bench/.work/ (the stack state is always
                       removed; with --debug its export goes to the logs)
  --in-process         today's older mode instead: the provider's functions called directly in
                       this process (no engine), once per --n (default 200)
  --help               this text
`;

export interface BenchOptions {
  ns: number[];
  /** --n was given (the in-process mode's default differs). */
  nsGiven: boolean;
  cps: number;
  latencyMs: number;
  createReturnsId: boolean;
  /** undefined = the CLI's default. */
  parallel: Array<number | undefined>;
  settings: boolean;
  /** undefined = every phase of the suite (optional ones with --settings). */
  phases?: string[];
  debug: boolean;
  label: string;
  out?: string;
  baseline: boolean;
  note?: string;
  keep: boolean;
  inProcess: boolean;
  help: boolean;
}

function positiveInt(flag: string, text: string | undefined): number {
  const n = Number(text);
  if (!Number.isInteger(n) || n < 1) throw new Error(`--${flag} needs a whole number above 0, got '${text ?? ""}'`);
  return n;
}

export function parseOptions(argv: string[]): BenchOptions {
  const opts: BenchOptions = {
    ns: [10, 50, 200],
    nsGiven: false,
    cps: 3,
    latencyMs: 0,
    createReturnsId: false,
    parallel: [undefined],
    settings: false,
    debug: false,
    label: "latest",
    baseline: false,
    keep: false,
    inProcess: false,
    help: false,
  };
  let large = false;
  let labelGiven = false;
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i]!;
    const value = (): string => {
      const v = argv[++i];
      if (v === undefined || v.startsWith("--")) throw new Error(`${arg} needs a value`);
      return v;
    };
    switch (arg) {
      case "--n":
      case "--ivrs": // the older in-process bench's name
        opts.ns = value().split(",").map((s) => positiveInt("n", s.trim()));
        opts.nsGiven = true;
        break;
      case "--large":
        large = true;
        break;
      case "--cps":
        opts.cps = positiveInt("cps", value());
        break;
      case "--latency":
        opts.latencyMs = Number(value());
        if (!Number.isInteger(opts.latencyMs) || opts.latencyMs < 0 || opts.latencyMs > 10_000) {
          throw new Error("--latency needs a whole number of milliseconds from 0 to 10000");
        }
        break;
      case "--create-returns-id":
        opts.createReturnsId = true;
        break;
      case "--parallel":
        opts.parallel = value()
          .split(",")
          .map((s) => (s.trim() === "default" ? undefined : positiveInt("parallel", s.trim())));
        break;
      case "--phases":
        opts.phases = value().split(",").map((p) => p.trim());
        for (const p of opts.phases) {
          if (!PHASES.some((known) => known.name === p)) {
            throw new Error(`--phases: unknown phase '${p}' (known: ${PHASES.map((k) => k.name).join(", ")})`);
          }
        }
        break;
      case "--out":
        opts.out = value();
        break;
      case "--settings":
        opts.settings = true;
        break;
      case "--debug":
        opts.debug = true;
        break;
      case "--label":
        opts.label = value();
        labelGiven = true;
        if (!/^[\w.-]+$/.test(opts.label)) throw new Error(`--label may hold letters, digits, '.', '-' and '_' only`);
        break;
      case "--baseline":
        opts.baseline = true;
        break;
      case "--note":
        opts.note = value();
        break;
      case "--keep":
        opts.keep = true;
        break;
      case "--in-process":
        opts.inProcess = true;
        break;
      case "--help":
      case "-h":
        opts.help = true;
        break;
      default:
        throw new Error(`unknown option '${arg}' (see npm run bench -- --help)`);
    }
  }
  if (opts.inProcess && !opts.nsGiven) opts.ns = [200];
  if (large && !opts.ns.includes(1000)) opts.ns.push(1000);
  if (opts.baseline && !labelGiven) opts.label = "baseline";
  return opts;
}
