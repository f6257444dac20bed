/**
 * `smartflo simulate [DIR] --ivr NAME --keys 1,timeout,9` (or `--number NUMBER`): a call followed
 * through the numbers, IVRs and departments.
 */
import { Command, Option } from "commander";
import { normalizeRef } from "../../core/refs";
import { formatCall, simulateCall } from "../../tools/simulate";
import { CliError, EXIT, Io, line } from "../io";
import { SourceFlags, readSources, withSourceFlags } from "../sources";

interface SimulateFlags extends SourceFlags {
  ivr?: string;
  number?: string;
  keys: string;
  expect?: string;
  format: "text" | "json";
}

export function simulateCommand(program: Command, io: Io, done: (code: number) => void): void {
  const cmd = program
    .command("simulate")
    .summary("follow a caller's keys and silences through the IVRs and departments: every recording, and where the call ends")
    .description(
      "Follow a call through definitions (DIR, default ivrs/) or the account (--account), starting in --ivr or at the number " +
        "a caller dials (--number), pressing --keys in order ('timeout' is a caller who presses nothing, 'noanswer' a " +
        "department whose members do not answer: the call takes the department's failover). A call that reaches a time " +
        "group ends there: which way it goes is Smartflo's decision by the hours. Retries count as Smartflo's incorrect_count and timeout_tries: " +
        "with retries: N, the 1st to Nth wrong key (or silence) play retryRecording and the menu again, the next one plays " +
        "finalRecording and goes to the destination; the two counts are separate and start at 0 in each IVR the call enters.",
    )
    .option("--ivr <name>", "the IVR the call starts in: resource name, IVR name or Smartflo id")
    .option("--number <number>", "instead of --ivr, the number the caller dials: resource name, the number (+918069001234) or its Smartflo id")
    .requiredOption("--keys <keys>", "comma-separated key presses, silences and unanswered rings, e.g. 1,timeout,noanswer,9 (quote # and * in a shell)")
    .option("--expect <destination>", "exit 1 unless the call ends at this type||id destination, e.g. department||20546")
    .addOption(new Option("--format <format>", "text or json").choices(["text", "json"]).default("text"));
  withSourceFlags(cmd).action(async (dir: string | undefined, flags: SimulateFlags) => {
    const keys = flags.keys.split(",").map((k) => k.trim()).filter((k) => k !== "");
    if ((flags.ivr === undefined) === (flags.number === undefined)) throw new CliError(EXIT.usage, "give where the call starts: --ivr NAME or --number NUMBER (one of them)");
    const sources = (await readSources(dir, flags, io))!;
    const call = simulateCall(sources.graph, { ivr: flags.ivr, number: flags.number, keys });
    if (flags.format === "json") io.stdout.write(`${JSON.stringify(call, null, 2)}\n`);
    else for (const l of formatCall(call, sources.describe)) line(io.stdout, l);
    let code: number = call.status === "missing" || call.unusedKeys.length > 0 ? EXIT.findings : EXIT.ok;
    if (flags.expect !== undefined && call.destination !== normalizeRef(flags.expect)) {
      line(io.stderr, `expected the call to end at ${normalizeRef(flags.expect)}, but it ${call.status === "ended" ? `ended at ${call.destination ?? call.endedAt}` : call.status === "waiting" ? "is still waiting for a key" : `failed: ${call.reason}`}`);
      code = EXIT.findings;
    }
    done(code);
  });
}
