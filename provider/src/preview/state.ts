/**
 * The stack's resources as last deployed, read by the program before any resource of this
 * package registers: what the provider's `check` learns one resource at a time from `olds`, the
 * program needs for all of them at once (which declared resources are new, and which names this
 * stack already holds in the account: a rename inside the stack is not a clash with a stranger).
 *
 * It is the engine's own built-in invoke `pulumi:pulumi:readStackResourceOutputs` (the one
 * StackReference-style lookups use; pkg/resource/deploy/builtins.go), asked for this very stack:
 * the backend answers with the last checkpoint, `{ outputs: { <urn>: { type, outputs } } }`.
 * Measured with CLI v3.248.0 and a file backend. It costs no Smartflo request. When it fails or
 * answers in another shape, the state counts as unknown and the rules that need it are left to
 * the provider's `check`.
 */
import * as pulumi from "@pulumi/pulumi";
import { within } from "./known";

export interface StateEntry {
  /** The type token, e.g. `pulumi-nodejs:dynamic/smartflo:Ivr`. */
  type: string;
  outputs: Record<string, unknown>;
}

export type StackState = ReadonlyMap<string, StateEntry>;

const READ_STACK = "pulumi:pulumi:readStackResourceOutputs";
const WAIT_MS = 10_000;

function isRecord(v: unknown): v is Record<string, unknown> {
  return typeof v === "object" && v !== null && !Array.isArray(v);
}

/** Parses the invoke's answer; undefined when it is not the shape described above. */
export function parseStackState(answer: unknown, typePrefix: string): StackState | undefined {
  if (!isRecord(answer) || !isRecord(answer.outputs)) return undefined;
  const state = new Map<string, StateEntry>();
  for (const [urn, entry] of Object.entries(answer.outputs)) {
    if (!isRecord(entry) || typeof entry.type !== "string" || !entry.type.startsWith(typePrefix)) continue;
    state.set(urn, { type: entry.type, outputs: isRecord(entry.outputs) ? entry.outputs : {} });
  }
  return state;
}

/** The stack's organization; self-managed backends (and Pulumi's mocks without one) call it `organization`. */
function organization(): string {
  try {
    return pulumi.getOrganization();
  } catch {
    return "organization";
  }
}

/** This stack's resources whose type starts with `typePrefix`, by URN; undefined when unknown. */
export async function readStackState(typePrefix: string): Promise<StackState | undefined> {
  try {
    const stackName = `${organization()}/${pulumi.getProject()}/${pulumi.getStack()}`;
    const answer = await within(pulumi.runtime.invoke(READ_STACK, { stackName }), WAIT_MS);
    return parseStackState(answer, typePrefix);
  } catch {
    return undefined;
  }
}
