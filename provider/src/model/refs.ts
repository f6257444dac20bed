/**
 * `type||id` references, the way Smartflo names recordings and call destinations.
 * The rendered docs show a single pipe (`recording|28935`), the API schema and every client use
 * two; we accept both from users and always send two.
 */

/** The value Pulumi passes for anything not yet known during preview. */
export const UNKNOWN = "04da6b54-80e4-46f7-96ec-b56ff0331ba9";

export const RECORDING_TYPES = ["recording", "outbound_tts"] as const;
export type RecordingType = (typeof RECORDING_TYPES)[number];

/**
 * Destination types an IVR option or fallback may route to. Servetel documents
 * extension, voicemail, department, timegroup, ivr, time_condition and hangup for IVRs;
 * `agent` is documented for numbers and is accepted by the panel for IVRs too (assumption).
 */
export const DESTINATION_TYPES = [
  "extension",
  "agent",
  "department",
  "ivr",
  "voicemail",
  "time_condition",
  "timegroup",
  "hangup",
] as const;
export type DestinationType = (typeof DESTINATION_TYPES)[number];

/** The read side of the API names some types differently from the write side. */
export const READ_TYPE_ALIASES: Readonly<Record<string, string>> = {
  ringgroup: "department",
  ring_group: "department",
  time_group: "timegroup",
  timecondition: "time_condition",
};

export interface Ref {
  type: string;
  id: string;
}

/** Parses `type||id` or `type|id`; undefined when the text is not of that form. */
export function parseRef(text: string): Ref | undefined {
  const m = /^\s*([a-z_]+)\s*\|\|?\s*([^|\s](?:[^|]*[^|\s])?)\s*$/i.exec(text);
  if (!m) return undefined;
  return { type: m[1].toLowerCase(), id: m[2] };
}

export function formatRef(type: string, id: string | number): string {
  return `${type}||${String(id).trim()}`;
}

/** `recording|123` -> `recording||123`; anything unparseable is returned as it was. */
export function normalizeRef(text: string): string {
  const ref = parseRef(text);
  return ref ? formatRef(ref.type, ref.id) : text;
}

/** True when the value is, or contains anywhere, Pulumi's unknown sentinel. */
export function containsUnknown(value: unknown): boolean {
  if (value === UNKNOWN) return true;
  if (Array.isArray(value)) return value.some(containsUnknown);
  if (value !== null && typeof value === "object") return Object.values(value).some(containsUnknown);
  return false;
}
