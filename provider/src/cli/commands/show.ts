/** `smartflo show [DIR] [--account]`: the call-flow listing. */
import type { Command } from "commander";
import { formatCallFlows } from "../../tools/show";
import { EXIT, Io, line, stylesFor } from "../io";
import { SourceFlags, readSources, withSourceFlags } from "../sources";

export function showCommand(program: Command, io: Io, done: (code: number) => void): void {
  withSourceFlags(
    program
      .command("show")
      .summary("print each IVR as a caller meets it (greeting, keys, wrong key, no key, numbers)")
      .description("Print the call flow of definitions (DIR, default ivrs/) or of the account (--account): each IVR's greeting, its keys, what a wrong key and no key do, and the numbers that answer with it."),
  ).action(async (dir: string | undefined, flags: SourceFlags) => {
    const sources = (await readSources(dir, flags, io))!;
    const st = stylesFor(io.stdout, io.env);
    const ivrs = sources.graph.ivrs().length;
    const from = sources.snapshot && !sources.where ? `the account (${sources.snapshot.baseUrl})` : sources.snapshot ? `${sources.where}, in the account ${sources.snapshot.baseUrl}` : sources.where;
    line(io.stdout, st.bold(`${ivrs} IVR${ivrs === 1 ? "" : "s"} in ${from}`));
    if (ivrs === 0) line(io.stdout, "  (none)");
    for (const l of formatCallFlows(sources.graph, { describe: sources.describe, styles: st })) line(io.stdout, l);
    done(EXIT.ok);
  });
}
