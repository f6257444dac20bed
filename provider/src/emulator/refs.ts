/**
 * `type||id` references as the emulated server parses them. Deliberately independent of the
 * provider's own model code: the emulator plays the server, so it must not share the client's
 * bugs.
 */

/** Destination types `/v1/ivr` accepts (Servetel's list plus `agent`). */
export const IVR_DESTINATION_TYPES = [
  "extension",
  "agent",
  "department",
  "ivr",
  "voicemail",
  "time_condition",
  "timegroup",
  "hangup",
] as const;

/** Destination types `/v1/my_number` accepts (the documented examples). */
export const NUMBER_DESTINATION_TYPES = [
  "agent",
  "extension",
  "ivr",
  "auto_attend",
  "department",
  "time_condition",
  "api_dialplan",
  "custom_dialplan",
  "hangup",
] as const;

export const RECORDING_TYPES = ["recording", "outbound_tts"] as const;

export type SinglePipeMode = "reject" | "accept";

export interface Ref {
  type: string;
  id: string;
}

/** A 400 whose message is `<field>: <reason>`. */
export class ValidationError extends Error {
  constructor(
    readonly field: string,
    readonly reason: string,
  ) {
    super(`${field}: ${reason}`);
    this.name = "ValidationError";
  }
}

export function invalid(field: string, reason: string): ValidationError {
  return new ValidationError(field, reason);
}

/** Quote a user value for an error message, cut short so a huge value cannot flood the reply. */
export function quote(value: unknown): string {
  const text = typeof value === "string" ? value : JSON.stringify(value) ?? String(value);
  return `'${text.length > 60 ? `${text.slice(0, 57)}...` : text}'`;
}

/**
 * Parse `type||id`. The rendered docs show `type|id` (markdown ate a pipe); the strict default
 * rejects it so clients learn to send `||`, `accept` normalises it.
 */
export function parseRef(value: unknown, field: string, singlePipe: SinglePipeMode): Ref {
  if (typeof value !== "string" || value.trim() === "") {
    throw invalid(field, "must be a 'type||id' string, e.g. 'recording||28935'");
  }
  let separator = value.indexOf("||");
  let width = 2;
  if (separator < 0) {
    separator = value.indexOf("|");
    width = 1;
    if (separator < 0) throw invalid(field, `${quote(value)} is not a 'type||id' reference`);
    if (singlePipe === "reject") {
      throw invalid(
        field,
        `${quote(value)} uses a single pipe; use 'type||id' with a double pipe, e.g. ${quote(value.replace("|", "||"))}`,
      );
    }
  }
  const type = value.slice(0, separator);
  const id = value.slice(separator + width);
  if (!/^[a-z_]+$/.test(type)) throw invalid(field, `${quote(value)} has no valid type before '||'`);
  if (id === "" || id.includes("|") || id !== id.trim()) {
    throw invalid(field, `${quote(value)} has no valid id after '||'`);
  }
  return { type, id };
}

export function formatRef(ref: Ref): string {
  return `${ref.type}||${ref.id}`;
}

/** Split a stored (already normalised) reference. */
export function splitStoredRef(value: string): Ref {
  const separator = value.indexOf("||");
  return separator < 0 ? { type: value, id: "" } : { type: value.slice(0, separator), id: value.slice(separator + 2) };
}

/** The list endpoint prints departments FreePBX-style as ring groups; other types read back unchanged. */
export function readSideType(writeType: string): string {
  return writeType === "department" ? "ringgroup" : writeType;
}
