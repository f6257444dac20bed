/** `smartflo doctor [--write] [--rate-limit]`: the package's assumptions, checked against a live account. */
import { Command, Option } from "commander";
import { runDoctor } from "../../tools/doctor";
import { formatCheck, formatDoctorSummary } from "../../tools/doctor/report";
import { AccountFlags, CREDENTIALS_HELP, accountError, connect, withAccountFlags } from "../account";
import { EXIT, Io, line } from "../io";

interface DoctorFlags extends AccountFlags {
  write?: boolean;
  rateLimit?: boolean;
  format: "text" | "json";
}

// eslint-disable-next-line @typescript-eslint/no-require-imports
const BUGS = (require("../../../package.json") as { bugs?: { url?: string } }).bugs?.url ?? "the package's issue tracker";

export function doctorCommand(program: Command, io: Io, done: (code: number) => void, signal?: AbortSignal): void {
  const cmd = program
    .command("doctor")
    .summary("check the package's assumptions against a live account (read-only unless --write)")
    .description(
      "Check, against the account of SMARTFLO_*, each assumption this package makes where the Smartflo API is not " +
        "documented: list shapes, id fields, the read shapes of IVRs, departments, time groups and numbers, reference types, " +
        "pagination, error statuses. Read-only " +
        "by default. --write also creates, updates and deletes one scratch IVR (named smartflo-doctor-<random>, deleted " +
        "again even when a check fails or the run is interrupted). Exit 1 when an assumption breaks.",
    )
    .option("--write", "also check the write path with a scratch IVR")
    .option("--rate-limit", "also send a short burst of reads to see the account's 429 and Retry-After")
    .addOption(new Option("--format <format>", "text or json").choices(["text", "json"]).default("text"));
  withAccountFlags(cmd)
    .addHelpText("after", CREDENTIALS_HELP)
    .action(async (flags: DoctorFlags) => {
      const session = connect(flags, io);
      const text = flags.format === "text";
      if (text) line(io.stderr, `smartflo doctor: ${session.client.baseUrl}${flags.write ? " (with --write: a scratch IVR is created and deleted)" : " (read-only)"}`);
      // Each check as soon as it has its verdict: a run at 3 requests per second takes a while.
      const onCheck = text ? (c: Parameters<typeof formatCheck>[0]) => formatCheck(c).forEach((l) => line(io.stdout, l)) : undefined;
      let report;
      try {
        report = await runDoctor(session.client, session.options, { write: flags.write, rateLimit: flags.rateLimit, onCheck, signal });
      } catch (err) {
        throw accountError(err, session.client);
      }
      if (flags.format === "json") io.stdout.write(`${JSON.stringify(report, null, 2)}\n`);
      else for (const l of formatDoctorSummary(report, BUGS)) line(io.stdout, l);
      const credentials = report.checks.find((c) => c.id === "credentials");
      if (credentials?.verdict === "breaks") return done(EXIT.account);
      done(report.checks.some((c) => c.verdict === "breaks") ? EXIT.findings : EXIT.ok);
    });
}
