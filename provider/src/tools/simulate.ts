/**
 * A call, simulated: a caller's key presses and silences followed through the routing graph,
 * with every recording played and where the call ends. For `smartflo simulate`, and for tests
 * users write for their own IVRs:
 *
 *   const call = simulateCall(loadDefinitions("ivrs"), { ivr: "support", keys: ["7", "3"] });
 *   expect(call.destination).toBe("department||20546");
 *
 * A call starts in an IVR, or at a number (`number`), which routes it on as the account would.
 * A department rings its members: the call ends there, answered by a person, unless the next
 * event is `noanswer`, which follows the department's failover (into another IVR, say). A time
 * group ends the call's path here: what it leads to is Smartflo's decision by the hours.
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
import type { Definitions, IvrDefinition } from "../definitions/types";
import { ToolInputError } from "./errors";
import { IvrNode, RoutingGraph, RoutingNode, Route, buildRoutingGraph, describeNode, ringsPeople } from "./graph";

/**
 * A DTMF key, `timeout` (the caller presses nothing before the IVR stops waiting), or `noanswer`
 * (nobody in the department the call rings answers).
 */
export type CallEvent = string;
export const SILENCE = "timeout";
export const NO_ANSWER = "noanswer";

export type Fallback = "invalidInput" | "noInput";

export type CallStep =
  | { type: "dial"; number: string }
  | { type: "enter"; ivr: string }
  /** The call rings a department's members. */
  | { type: "ring"; department: string }
  | { type: "noanswer" }
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
  /**
   * Where the call went (`type||id`, e.g. `extension||05047530000`) when it ended; for a
   * department or time group of the definitions with no id yet, undefined (see `endedAt`).
   */
  destination?: string;
  /** The department or time group of the graph the call ended at, as `describeNode` names it. */
  endedAt?: string;
  reason?: string;
  /** Keys given after the call had left the IVRs. */
  unusedKeys: CallEvent[];
}

export interface SimulateOptions {
  /** The IVR the call starts in: resource name, IVR name or Smartflo id (this, or `number`). */
  ivr?: string;
  /** The number the caller dials: resource name, the number itself, or its Smartflo id. */
  number?: string;
  /** Key presses (`"1"`, `"#"`), silences (`"timeout"`) and unanswered rings (`"noanswer"`), in order. */
  keys: readonly CallEvent[];
}

/** Follows one call; throws `ToolInputError` for a start that is not there or an event that is not a key. */
export function simulateCall(from: Definitions | readonly IvrDefinition[] | RoutingGraph, options: SimulateOptions): CallResult {
  const graph = from instanceof RoutingGraph ? from : buildRoutingGraph({ definitions: from });
  if ((options.ivr === undefined) === (options.number === undefined)) throw new ToolInputError("give the IVR the call starts in, or the number it dials (one of them)");
  const number = options.number === undefined ? undefined : graph.findNumber(options.number);
  if (options.number !== undefined && !number) {
    throw new ToolInputError(`no number '${options.number}' (numbers: ${graph.numbers().map(describeNode).join(", ") || "none"})`);
  }
  const start = options.ivr === undefined ? undefined : graph.findIvr(options.ivr);
  if (options.ivr !== undefined && !start) {
    throw new ToolInputError(`no IVR '${options.ivr}' (IVRs: ${graph.ivrs().map(describeNode).join(", ") || "none"})`);
  }
  const keys = options.keys.map(checkEvent);
  const result: CallResult = { steps: [], played: [], ivrs: [], status: "waiting", unusedKeys: [] };
  const step = (s: CallStep) => {
    result.steps.push(s);
    if (s.type === "play") result.played.push(s.recording);
  };

  let ivr: IvrNode | undefined;
  /** The department the call rings, when it left the IVRs for one. */
  let ringing: RoutingNode | undefined;
  let counts = { invalidInput: 0, noInput: 0 };
  const enter = (node: IvrNode) => {
    ivr = node;
    counts = { invalidInput: 0, noInput: 0 };
    result.ivrs.push(describeNode(node));
    step({ type: "enter", ivr: describeNode(node) });
    menu();
  };
  const menu = () => {
    step({ type: "play", recording: ivr!.ivr.greeting, what: "greeting" });
    step({ type: "wait", seconds: ivr!.ivr.ringTimeoutSeconds });
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
      // A department or a time group of the graph: the call's path ends here.
      if (ringsPeople(node)) {
        ringing = node;
        step({ type: "ring", department: label });
      }
      result.status = "ended";
      result.endedAt = label;
      result.destination = node.id === undefined ? undefined : `${node.kind}||${node.id}`;
      return false;
    }
    if (to.kind === "missing") {
      result.status = "missing";
      result.reason = to.reason;
      return false;
    }
    result.status = "ended";
    result.destination = normalizeRef(`${to.ref.type}||${to.ref.id}`);
    return false;
  };
  const fallback = (which: Fallback): boolean => {
    const f = ivr!.ivr[which];
    counts[which]++;
    step({ type: "retry", fallback: which, attempt: counts[which], retries: f.retries });
    if (counts[which] <= f.retries) {
      step({ type: "play", recording: f.retryRecording, what: `${which}.retryRecording` });
      menu();
      return true;
    }
    step({ type: "play", recording: f.finalRecording, what: `${which}.finalRecording` });
    return follow(graph.routesFrom(ivr!.key).find((r) => r.via === which));
  };

  let inIvrs: boolean;
  if (number) {
    step({ type: "dial", number: describeNode(number) });
    const routing = graph.routesFrom(number.key)[0];
    if (routing) {
      inIvrs = follow(routing);
    } else {
      result.status = "missing";
      result.reason = `${describeNode(number)} routes nowhere`;
      inIvrs = false;
    }
  } else {
    enter(start!);
    inIvrs = true;
  }
  for (let i = 0; i < keys.length; i++) {
    const event = keys[i]!;
    if (!inIvrs) {
      // Rung, and nobody answers: the department's failover takes the call on.
      if (event !== NO_ANSWER || !ringing) {
        result.unusedKeys = keys.slice(i);
        break;
      }
      step({ type: "noanswer" });
      const failover = graph.routesFrom(ringing.key).find((r) => r.via === "failover");
      ringing = undefined;
      result.destination = result.endedAt = undefined;
      inIvrs = follow(failover);
      continue;
    }
    if (event === NO_ANSWER) {
      throw new ToolInputError(`'${NO_ANSWER}' (event ${i + 1}) is for a call that rings a department, but the call is in ${describeNode(ivr!)} waiting for a key`);
    }
    if (event === SILENCE) {
      step({ type: "silence", seconds: ivr!.ivr.ringTimeoutSeconds });
      inIvrs = fallback("noInput");
    } else {
      const option = graph.routesFrom(ivr!.key).find((r) => r.via === "option" && r.key === event);
      step({ type: "press", key: event, option: option !== undefined });
      inIvrs = option ? follow(option) : fallback("invalidInput");
    }
  }
  return result;
}

function checkEvent(event: CallEvent): CallEvent {
  const e = String(event).trim();
  if (e.toLowerCase() === SILENCE) return SILENCE;
  if (e.toLowerCase() === NO_ANSWER) return NO_ANSWER;
  if ((DTMF_KEYS as readonly string[]).includes(e)) return e;
  throw new ToolInputError(
    `'${event}' is not a key press: use one of ${DTMF_KEYS.join(" ")}, '${SILENCE}' for a caller who presses nothing, ` +
      `or '${NO_ANSWER}' for a department nobody answers`,
  );
}

/** What a route step is called in the lines (fallbacks by their property names). */
const ROUTE_WORDS: Partial<Record<Route["via"], (key?: string) => string>> = {
  option: (key) => `key ${key}`,
  routing: () => "the number",
  failover: () => "its failover",
};

/** The call as lines a person reads; `describe` names `type||id` references (e.g. from the account). */
export function formatCall(result: CallResult, describe: (ref: string) => string = (r) => r): string[] {
  const lines: string[] = [];
  for (const s of result.steps) {
    switch (s.type) {
      case "dial":
        lines.push(`caller dials ${s.number}`);
        break;
      case "ring":
        lines.push(`  rings ${s.department}`);
        break;
      case "noanswer":
        lines.push("  nobody answers");
        break;
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
        lines.push(`  → ${ROUTE_WORDS[s.via]?.(s.key) ?? s.via} routes to ${s.to.includes("||") ? describe(s.to) : s.to}`);
        break;
    }
  }
  if (result.status === "ended") lines.push(`call ends at ${result.endedAt ?? describe(result.destination!)}`);
  else if (result.status === "missing") lines.push(`call fails: ${result.reason}`);
  else lines.push(`call waits in ${result.ivrs[result.ivrs.length - 1]} for a key (no more keys given)`);
  if (result.unusedKeys.length) lines.push(`keys not used (the call had left the IVRs): ${result.unusedKeys.join(",")}`);
  return lines;
}
