/** `smartflo show [DIR] [--account]`: the call-flow listing. */
import type { Command } from "commander";
import { formatCallFlows } from "../../tools/show";
import { EXIT, Io, counted, inWords, line, stylesFor } from "../io";
import { SourceFlags, readSources, withSourceFlags } from "../sources";

export function showCommand(program: Command, io: Io, done: (code: number) => void): void {
  withSourceFlags(
    program
      .command("show")
      .summary("print each IVR as a caller meets it (greeting, keys, wrong key, no key, numbers), each department, time group and number")
      .description(
        "Print the call flow of definitions (DIR, default ivrs/) or of the account (--account): each IVR's greeting, its keys, " +
          "what a wrong key and no key do, and the numbers that answer with it; each department's members and where a call " +
          "nobody answers goes; each time group's hours; each number's route.",
      ),
  ).action(async (dir: string | undefined, flags: SourceFlags) => {
    const sources = (await readSources(dir, flags, io))!;
    const st = stylesFor(io.stdout, io.env);
    const { graph } = sources;
    const from = sources.snapshot && !sources.where ? `the account (${sources.snapshot.baseUrl})` : sources.snapshot ? `${sources.where}, in the account ${sources.snapshot.baseUrl}` : sources.where;
    const others = [
      [graph.departments().length, "department", "departments"],
      [graph.timeGroups().length, "time group", "time groups"],
      [graph.numbers().length, "number", "numbers"],
    ] as const;
    // The IVRs always; the other kinds when there are some.
    const held = [counted(graph.ivrs().length, "IVR", "IVRs"), ...others.filter(([n]) => n > 0).map(([n, one, many]) => counted(n, one, many))];
    line(io.stdout, st.bold(`${inWords(held)} in ${from}`));
    if (graph.nodes.size === 0) line(io.stdout, "  (none)");
    for (const l of formatCallFlows(sources.graph, { describe: sources.describe, styles: st })) line(io.stdout, l);
    done(EXIT.ok);
  });
}
