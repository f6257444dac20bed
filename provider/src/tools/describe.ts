/**
 * `type||id` references in words, for people: `extension 05047530000 "Asha Rao"`, `hang up`,
 * `IVR sales "Sales IVR"`. Names come from the account's lists when it was read, and IVRs of the
 * graph are named as the graph names them.
 */
import { parseRef } from "../core/refs";
import type { AccountSnapshot } from "./account";
import { nameInAccount } from "./account";
import { RoutingGraph, describeNode } from "./graph";

const TYPE_LABELS: Record<string, string> = {
  time_condition: "time condition",
  timegroup: "time group",
  ivr: "IVR",
  outbound_tts: "text-to-speech",
};

export type Describe = (ref: string) => string;

export function describer(context: { graph?: RoutingGraph; lists?: AccountSnapshot["lists"] } = {}): Describe {
  const ivrsById = new Map((context.graph?.ivrs() ?? []).filter((n) => n.id !== undefined).map((n) => [n.id!, n]));
  return (ref) => {
    const parsed = parseRef(ref);
    if (!parsed) return ref;
    if (parsed.type === "hangup") return "hang up";
    const node = parsed.type === "ivr" ? ivrsById.get(parsed.id) : undefined;
    if (node) return describeNode(node);
    const name = nameInAccount(context.lists, ref);
    return `${TYPE_LABELS[parsed.type] ?? parsed.type} ${parsed.id}${name ? ` "${name}"` : ""}`;
  };
}
