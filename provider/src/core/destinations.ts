/**
 * Every type a `type||id` reference may have, with what the provider knows about each: the
 * account list it is checked against at preview, the names the read side of the API uses for
 * it, the helper users call (`smartflo.<helper>(...)`), and where it may be used.
 *
 * Adding a type is one entry here. The compiler then names every other place that needs it: the
 * helper in resource/helpers.ts, and the list in provider/references.ts when the entry names a
 * list that does not exist yet. (The emulator keeps its own lists in emulator/refs.ts on purpose:
 * it plays the server and shares no code with the client.)
 */

/** The account lists a reference can be checked against (loaded by provider/references.ts). */
export type AccountList = "recordings" | "agents" | "departments" | "timegroups" | "ivrs" | "numbers";

/**
 * Where a destination is set: an IVR's options and fallbacks, a number's routing, where a
 * department sends a call nobody answers, and a department's members (extensions only).
 */
export type DestinationContext = "ivr" | "number" | "departmentFailover" | "departmentMember";

interface ReferenceFacts {
  /** The account list a reference of this type must appear in; null when Smartflo lists none. */
  readonly checkedAgainst: AccountList | null;
  /** The reference helper: `smartflo.<helper>(id)`. */
  readonly helper: string;
  /** What the id is, in messages, when the type name does not say it. */
  readonly idMeaning?: string;
}

interface DestinationFacts extends ReferenceFacts {
  /** Other names the read side (`GET` lists) uses for this type. */
  readonly readAliases: readonly string[];
  readonly usableIn: readonly DestinationContext[];
  /** The one id this type takes (`hangup||1`). */
  readonly fixedId?: string;
}

/** Recording types: what an IVR plays. */
export const RECORDINGS = {
  recording: { checkedAgainst: "recordings", helper: "recording" },
  outbound_tts: { checkedAgainst: null, helper: "tts" },
} as const satisfies Record<string, ReferenceFacts>;

/**
 * Destination types: where a call goes. Servetel documents extension, voicemail, department,
 * timegroup, ivr, time_condition and hangup for IVRs; `agent` is documented for numbers and is
 * accepted by the panel for IVRs too (assumption). Numbers take the types the My Number docs show.
 * A department fails over to the IVR types that make sense for a call nobody answered (the
 * documented create example is an extension); its members are extensions (the documented form).
 */
export const DESTINATIONS = {
  extension: { checkedAgainst: "agents", helper: "extension", idMeaning: "an agent/extension id", readAliases: [], usableIn: ["ivr", "number", "departmentFailover", "departmentMember"] },
  agent: { checkedAgainst: "agents", helper: "agent", idMeaning: "an agent/extension id", readAliases: [], usableIn: ["ivr", "number", "departmentFailover"] },
  department: { checkedAgainst: "departments", helper: "department", readAliases: ["ringgroup", "ring_group"], usableIn: ["ivr", "number", "departmentFailover"] },
  ivr: { checkedAgainst: "ivrs", helper: "ivr", readAliases: [], usableIn: ["ivr", "number", "departmentFailover"] },
  voicemail: { checkedAgainst: null, helper: "voicemail", readAliases: [], usableIn: ["ivr", "departmentFailover"] },
  time_condition: { checkedAgainst: null, helper: "timeCondition", readAliases: ["timecondition"], usableIn: ["ivr", "number"] },
  timegroup: { checkedAgainst: "timegroups", helper: "timeGroup", readAliases: ["time_group"], usableIn: ["ivr"] },
  hangup: { checkedAgainst: null, helper: "hangup", fixedId: "1", readAliases: [], usableIn: ["ivr", "number", "departmentFailover"] },
} as const satisfies Record<string, DestinationFacts>;

export type RecordingType = keyof typeof RECORDINGS;
export type DestinationType = keyof typeof DESTINATIONS;
export type ReferenceType = RecordingType | DestinationType;
/** The helper name of each reference type, e.g. `timeCondition` for `time_condition`. */
export type HelperName = (typeof RECORDINGS)[RecordingType]["helper"] | (typeof DESTINATIONS)[DestinationType]["helper"];

export const RECORDING_TYPES = Object.keys(RECORDINGS) as readonly RecordingType[];
export const DESTINATION_TYPES = Object.keys(DESTINATIONS) as readonly DestinationType[];

/** The facts of a known type, whichever its role; undefined for a type nobody knows. */
export function referenceFacts(type: string): (ReferenceFacts & Partial<DestinationFacts>) | undefined {
  if (Object.prototype.hasOwnProperty.call(RECORDINGS, type)) return RECORDINGS[type as RecordingType];
  if (Object.prototype.hasOwnProperty.call(DESTINATIONS, type)) return DESTINATIONS[type as DestinationType];
  return undefined;
}

/** The destination types usable in a context, in registry order. */
export function destinationTypesIn(context: DestinationContext): DestinationType[] {
  return DESTINATION_TYPES.filter((t) => (DESTINATIONS[t].usableIn as readonly string[]).includes(context));
}

const WRITE_TYPE_OF_ALIAS: ReadonlyMap<string, DestinationType> = new Map(
  DESTINATION_TYPES.flatMap((t) => DESTINATIONS[t].readAliases.map((alias): [string, DestinationType] => [alias, t])),
);

/** The write-side name of a type as the read side spells it (`ringgroup` -> `department`). */
export function writeTypeOf(readType: string): string {
  const t = readType.trim().toLowerCase();
  return WRITE_TYPE_OF_ALIAS.get(t) ?? t;
}
