/** `smartflo simulate [DIR] --ivr NAME --keys 1,timeout,9`: a call followed through the IVRs. */
import { Command, Option } from "commander";
import { normalizeRef } from "../../core/refs";
import { formatCall, simulateCall } from "../../tools/simulate";
import { EXIT, Io, line } from "../io";
import { SourceFlags, readSources, withSourceFlags } from "../sources";

interface SimulateFlags extends SourceFlags {
  ivr: string;
  keys: string;
  expect?: string;
  format: "text" | "json";
}

export function simulateCommand(program: Command, io: Io, done: (code: number) => void): void {
  const cmd = program
    .command("simulate")
    .summary("follow a caller's keys and silences through the IVRs: every recording, and where the call ends")
    .description(
      "Follow a call through definitions (DIR, default ivrs/) or the account (--account), starting in --ivr, pressing --keys " +
        "in order ('timeout' is a caller who presses nothing). Retries count as Smartflo's incorrect_count and timeout_tries: " +
        "with retries: N, the 1st to Nth wrong key (or silence) play retryRecording and the menu again, the next one plays " +
        "finalRecording and goes to the destination; the two counts are separate and start at 0 in each IVR the call enters.",
    )
    .requiredOption("--ivr <name>", "the IVR the call starts in: resource name, IVR name or Smartflo id")
    .requiredOption("--keys <keys>", "comma-separated key presses and silences, e.g. 1,timeout,9 (quote # and * in a shell)")
    .option("--expect <destination>", "exit 1 unless the call ends at this type||id destination, e.g. department||20546")
    .addOption(new Option("--format <format>", "text or json").choices(["text", "json"]).default("text"));
  withSourceFlags(cmd).action(async (dir: string | undefined, flags: SimulateFlags) => {
    const keys = flags.keys.split(",").map((k) => k.trim()).filter((k) => k !== "");
    const sources = (await readSources(dir, flags, io))!;
    const call = simulateCall(sources.graph, { ivr: flags.ivr, keys });
    if (flags.format === "json") io.stdout.write(`${JSON.stringify(call, null, 2)}\n`);
    else for (const l of formatCall(call, sources.describe)) line(io.stdout, l);
    let code: number = call.status === "missing" || call.unusedKeys.length > 0 ? EXIT.findings : EXIT.ok;
    if (flags.expect !== undefined && call.destination !== normalizeRef(flags.expect)) {
      line(io.stderr, `expected the call to end at ${normalizeRef(flags.expect)}, but it ${call.destination ? `ended at ${call.destination}` : call.status === "waiting" ? "is still waiting for a key" : `failed: ${call.reason}`}`);
      code = EXIT.findings;
    }
    done(code);
  });
}
