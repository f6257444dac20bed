/**
 * What show, diagram, simulate and lint read: definitions (a folder, default `ivrs/`), the account
 * (`--account`), or definitions in their account (a folder and `--account`: names, numbers and
 * existence from the account).
 */
import type { Command } from "commander";
import type { Definitions } from "../definitions/types";
import type { AccountSnapshot } from "../tools/account";
import { Describe, describer } from "../tools/describe";
import { RoutingGraph, buildRoutingGraph } from "../tools/graph";
import { AccountFlags, CREDENTIALS_HELP, readWholeAccount, withAccountFlags } from "./account";
import { DEFAULT_DIR, DefinitionFlags, definitionsPath, loadDefinitions, withDefinitionFlags } from "./definitions";
import { CliError, EXIT, Io } from "./io";

export interface SourceFlags extends AccountFlags, DefinitionFlags {
  account?: boolean;
}

export interface Sources {
  where?: string;
  definitions?: Definitions;
  snapshot?: AccountSnapshot;
  graph: RoutingGraph;
  describe: Describe;
}

/** `[DIR]`, `--account` and the flags that go with them. */
export function withSourceFlags(cmd: Command): Command {
  cmd.argument("[dir]", `definitions folder or file (default: ${DEFAULT_DIR}/, unless --account is given)`);
  cmd.option("--account", "read the live account (with DIR: the definitions, with the account's names, numbers and ids around them)");
  withDefinitionFlags(cmd);
  withAccountFlags(cmd);
  return cmd.addHelpText("after", CREDENTIALS_HELP);
}

export async function readSources(dir: string | undefined, flags: SourceFlags, io: Io, onProblems?: Parameters<typeof loadDefinitions>[3]): Promise<Sources | undefined> {
  const where = flags.account && dir === undefined ? undefined : definitionsPath(dir, io);
  if (where === undefined && !flags.account) {
    throw new CliError(EXIT.usage, `no definitions to read: give a folder (there is no ${DEFAULT_DIR}/ here), or --account to read the account`);
  }
  let definitions: Definitions | undefined;
  if (where !== undefined) {
    definitions = loadDefinitions(where, flags, io, onProblems);
    if (!definitions) return undefined;
  }
  let snapshot: AccountSnapshot | undefined;
  if (flags.account) {
    const read = await readWholeAccount(flags, io);
    read.progress.stop();
    snapshot = read.snapshot;
  }
  const graph = buildRoutingGraph({ definitions, account: snapshot });
  return { where, definitions, snapshot, graph, describe: describer({ graph, lists: snapshot?.lists }) };
}
