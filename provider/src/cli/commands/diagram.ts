/** `smartflo diagram [DIR] --format mermaid|dot|svg`: the routing graph as a picture. */
import * as fs from "fs";
import * as path from "path";
import { Command, Option } from "commander";
import { toDot } from "../../tools/diagram/dot";
import { toMermaid } from "../../tools/diagram/mermaid";
import { diagramOf } from "../../tools/diagram/model";
import { toSvg } from "../../tools/diagram/svg";
import { CliError, EXIT, Io, line } from "../io";
import { SourceFlags, readSources, withSourceFlags } from "../sources";

const FORMATS = ["mermaid", "dot", "svg"] as const;

interface DiagramFlags extends SourceFlags {
  format: (typeof FORMATS)[number];
  out?: string;
}

export function diagramCommand(program: Command, io: Io, done: (code: number) => void): void {
  const cmd = program
    .command("diagram")
    .summary("draw the routing: numbers -> IVRs -> keys -> destinations (Mermaid, DOT or SVG)")
    .description(
      "Draw the routing graph of definitions (DIR, default ivrs/) or of the account (--account): numbers, IVRs, their keys, " +
        "departments (with the failover of a call nobody answers), time groups with their hours, and the wrong-key, no-key " +
        "and no-answer paths (dashed). Mermaid renders in GitHub comments and Markdown; SVG is laid out " +
        "in-process by Graphviz compiled to WebAssembly (no browser, no system binary).",
    )
    .addOption(new Option("--format <format>", "mermaid, dot or svg").choices(FORMATS).default("mermaid"))
    .option("--out <file>", "write to a file instead of stdout");
  withSourceFlags(cmd).action(async (dir: string | undefined, flags: DiagramFlags) => {
    const sources = (await readSources(dir, flags, io))!;
    const diagram = diagramOf(sources.graph, sources.describe);
    const text = flags.format === "mermaid" ? toMermaid(diagram) : flags.format === "dot" ? toDot(diagram) : await toSvg(diagram);
    if (flags.out) {
      try {
        fs.writeFileSync(path.resolve(io.cwd, flags.out), text);
      } catch (err) {
        throw new CliError(EXIT.usage, `--out ${flags.out}: cannot be written (${(err as NodeJS.ErrnoException).code ?? (err as Error).message})`);
      }
      line(io.stderr, `wrote ${flags.out} (${flags.format}, ${diagram.nodes.length} nodes, ${diagram.edges.length} routes)`);
    } else {
      io.stdout.write(text);
    }
    done(EXIT.ok);
  });
}
