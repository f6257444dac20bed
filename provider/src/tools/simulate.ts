/**
 * A call, simulated: a caller's key presses and silences followed through the routing graph,
 * with every recording played and where the call ends. For `smartflo simulate`, and for tests
 * users write for their own IVRs:
 *
 *   const call = simulateCall(loadIvrDefinitions("ivrs"), { ivr: "support", keys: ["7", "3"] });
 *   expect(call.destination).toBe("department||20546");
 *
 * How retries are counted (`invalidInput.retries` is Smartflo's `incorrect_count`,
 * `noInput.retries` its `timeout_tries`), for each visit of an IVR:
 *   - with `retries: N`, the 1st to Nth wrong key each play `retryRecording`, then the greeting
 *     again, and the IVR waits for a key again; the (N+1)th plays `finalRecording` and the call
 *     goes to `invalidInput.destination`. So `retries: 2` gives the caller the menu twice more.
 *     `retries: 0`: the first wrong key goes straight to `finalRecording` and the destination.
 *   - silences (no key within `ringTimeoutSeconds`) count the same way, with `noInput`.
 *   - the two counts are kept apart, and start again at 0 each time the call enters an IVR.
 * Smartflo does not document whether the greeting plays again after a retry recording, nor
 * whether wrong keys and silences share one count; this follows the panel's two separate
 * settings and the usual IVR behaviour (see the README's assumptions).
 */
import { normalizeRef } from "../core/refs";
import { DTMF_KEYS } from "../kinds/ivr/spec";
import type { IvrDefinition } from "../definitions/types";
import { ToolInputError } from "./errors";
import { IvrNode, RoutingGraph, Route, buildRoutingGraph, describeNode } from "./graph";

/** A DTMF key, or `timeout`: the caller presses nothing before the IVR stops waiting. */
export type CallEvent = string;
export const SILENCE = "timeout";

export type Fallback = "invalidInput" | "noInput";

export type CallStep =
  | { type: "enter"; ivr: string }
  | { type: "play"; recording: string; what: "greeting" | `${Fallback}.retryRecording` | `${Fallback}.finalRecording` }
  | { type: "wait"; seconds: number }
  | { type: "press"; key: string; option: boolean }
  | { type: "silence"; seconds: number }
  /** A wrong key or a silence: which one of how many allowed before the fallback. */
  | { type: "retry"; fallback: Fallback; attempt: number; retries: number }
  | { type: "route"; via: Route["via"]; key?: string; to: string };

export interface CallResult {
  steps: CallStep[];
  /** Every recording played, in order (`recording||28935`). */
  played: string[];
  /** The IVRs the call went through, in order, as `describeNode` names them. */
  ivrs: string[];
  /**
   * `ended`: the call left the IVRs, to `destination`; `waiting`: the keys ran out while an IVR
   * waits for one; `missing`: it was routed to something that does not exist (`reason`).
   */
  status: "ended" | "waiting" | "missing";
  /** Where the call went (`type||id`, e.g. `extension||05047530000`) when it ended. */
  destination?: string;
  reason?: string;
  /** Keys given after the call had left the IVRs. */
  unusedKeys: CallEvent[];
}

export interface SimulateOptions {
  /** The IVR the call starts in: resource name, IVR name or Smartflo id. */
  ivr: string;
  /** Key presses (`"1"`, `"#"`) and silences (`"timeout"`), in order. */
  keys: readonly CallEvent[];
}

/** Follows one call; throws `ToolInputError` for an IVR that is not there or an event that is not a key. */
export function simulateCall(from: readonly IvrDefinition[] | RoutingGraph, options: SimulateOptions): CallResult {
  const graph = from instanceof RoutingGraph ? from : buildRoutingGraph({ definitions: from });
  const start = graph.findIvr(options.ivr);
  if (!start) {
    throw new ToolInputError(`no IVR '${options.ivr}' (IVRs: ${graph.ivrs().map(describeNode).join(", ") || "none"})`);
  }
  const keys = options.keys.map(checkEvent);
  const result: CallResult = { steps: [], played: [], ivrs: [], status: "waiting", unusedKeys: [] };
  const step = (s: CallStep) => {
    result.steps.push(s);
    if (s.type === "play") result.played.push(s.recording);
  };

  let ivr: IvrNode = start;
  let counts = { invalidInput: 0, noInput: 0 };
  const enter = (node: IvrNode) => {
    ivr = node;
    counts = { invalidInput: 0, noInput: 0 };
    result.ivrs.push(describeNode(node));
    step({ type: "enter", ivr: describeNode(node) });
    menu();
  };
  const menu = () => {
    step({ type: "play", recording: ivr.ivr.greeting, what: "greeting" });
    step({ type: "wait", seconds: ivr.ivr.ringTimeoutSeconds });
  };
  /** Follows a route; true when the call stays in the IVRs. */
  const follow = (route: Route | undefined): boolean => {
    if (!route) {
      result.status = "missing";
      result.reason = "the IVR has no such route";
      return false;
    }
    const to = route.to;
    const label = to.kind === "node" ? describeNode(graph.node(to.key)!) : to.kind === "external" ? `${to.ref.type}||${to.ref.id}` : to.reason;
    step({ type: "route", via: route.via, key: route.key, to: label });
    if (to.kind === "node") {
      const node = graph.node(to.key)!;
      if (node.kind === "ivr") {
        enter(node);
        return true;
      }
    }
    if (to.kind === "missing") {
      result.status = "missing";
      result.reason = to.reason;
      return false;
    }
    result.status = "ended";
    result.destination = to.kind === "external" ? normalizeRef(`${to.ref.type}||${to.ref.id}`) : undefined;
    return false;
  };
  const fallback = (which: Fallback): boolean => {
    const f = ivr.ivr[which];
    counts[which]++;
    step({ type: "retry", fallback: which, attempt: counts[which], retries: f.retries });
    if (counts[which] <= f.retries) {
      step({ type: "play", recording: f.retryRecording, what: `${which}.retryRecording` });
      menu();
      return true;
    }
    step({ type: "play", recording: f.finalRecording, what: `${which}.finalRecording` });
    return follow(graph.routesFrom(ivr.key).find((r) => r.via === which));
  };

  enter(start);
  for (let i = 0; i < keys.length; i++) {
    const event = keys[i]!;
    let inIvrs: boolean;
    if (event === SILENCE) {
      step({ type: "silence", seconds: ivr.ivr.ringTimeoutSeconds });
      inIvrs = fallback("noInput");
    } else {
      const option = graph.routesFrom(ivr.key).find((r) => r.via === "option" && r.key === event);
      step({ type: "press", key: event, option: option !== undefined });
      inIvrs = option ? follow(option) : fallback("invalidInput");
    }
    if (!inIvrs) {
      result.unusedKeys = keys.slice(i + 1);
      break;
    }
  }
  return result;
}

function checkEvent(event: CallEvent): CallEvent {
  const e = String(event).trim();
  if (e.toLowerCase() === SILENCE) return SILENCE;
  if ((DTMF_KEYS as readonly string[]).includes(e)) return e;
  throw new ToolInputError(`'${event}' is not a key press: use one of ${DTMF_KEYS.join(" ")}, or '${SILENCE}' for a caller who presses nothing`);
}

/** The call as lines a person reads; `describe` names `type||id` references (e.g. from the account). */
export function formatCall(result: CallResult, describe: (ref: string) => string = (r) => r): string[] {
  const lines: string[] = [];
  for (const s of result.steps) {
    switch (s.type) {
      case "enter":
        lines.push(`call enters ${s.ivr}`);
        break;
      case "play":
        lines.push(`  plays ${s.what} ${describe(s.recording)}`);
        break;
      case "wait":
        lines.push(`  waits ${s.seconds} s for a key`);
        break;
      case "press":
        lines.push(`  caller presses ${s.key}${s.option ? "" : `: no option for ${s.key}`}`);
        break;
      case "silence":
        lines.push(`  caller presses nothing for ${s.seconds} s`);
        break;
      case "retry": {
        const what = s.fallback === "invalidInput" ? "wrong key" : "no key";
        const left = s.attempt <= s.retries ? `retry ${s.attempt} of ${s.retries}` : `retries used up (${s.retries})`;
        lines.push(`  ${what} ${s.attempt}: ${left}`);
        break;
      }
      case "route":
        lines.push(`  → ${s.via === "option" ? `key ${s.key}` : s.via} routes to ${s.to.includes("||") ? describe(s.to) : s.to}`);
        break;
    }
  }
  if (result.status === "ended") lines.push(`call ends at ${describe(result.destination!)}`);
  else if (result.status === "missing") lines.push(`call fails: ${result.reason}`);
  else lines.push(`call waits in ${result.ivrs[result.ivrs.length - 1]} for a key (no more keys given)`);
  if (result.unusedKeys.length) lines.push(`keys not used (the call had left the IVRs): ${result.unusedKeys.join(",")}`);
  return lines;
}
