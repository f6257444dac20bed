/**
 * The two mappings between the canonical IVR and the Smartflo API, kept together so that a
 * field is renamed in exactly one place:
 *   canonical -> write body (`POST /v1/ivr`, `PUT /v1/ivr/{id}`)
 *   read shape (`GET /v1/ivrs`) -> canonical
 *
 * | Ivr input                       | write field                        | read field                                  |
 * |---------------------------------|------------------------------------|---------------------------------------------|
 * | name                            | name                               | name                                        |
 * | description                     | description                        | description                                 |
 * | greeting                        | recording (`recording||id`)        | recording (id only)                         |
 * | ringTimeoutSeconds              | timeout                            | timeout                                     |
 * | options[i].key                  | option[i]                          | ivr_menu[i].option                          |
 * | options[i].destination          | destination[i] (`type||id`)        | ivr_menu[i].destination_type + destination_id|
 * | options[i].smsTemplateId        | sms_template[i] (a number, 0 = none) | ivr_menu[i].sms_template_id ("0" = none)  |
 * | invalidInput.retries            | incorrect_count                    | invalid_retries                             |
 * | invalidInput.retryRecording     | invalid_recording                  | invalid_retry_recording                     |
 * | invalidInput.finalRecording     | recording_invalid                  | invalid_recording (a number)                |
 * | invalidInput.destination        | invalid_destination                | invalid_destination_type + invalid_destination |
 * | noInput.retries                 | timeout_tries and timeout_retries  | timeout_retries                             |
 * | noInput.retryRecording          | timeout_retry_recording            | timeout_retry_recording                     |
 * | noInput.finalRecording          | timeout_recording                  | timeout_recording                           |
 * | noInput.destination             | timeout_destination                | timeout_dest_type + timeout_destination     |
 */
import { z } from "zod";
import { writeTypeOf } from "../../core/destinations";
import { formatPath } from "../../core/problems";
import { formatRef, parseRef } from "../../core/refs";
import type { Ivr, IvrOption } from "./spec";

/** The body of `POST /v1/ivr` and `PUT /v1/ivr/{id}`. */
export interface IvrWriteBody {
  name: string;
  description: string;
  recording: string;
  timeout: number;
  option: string[];
  destination: string[];
  sms_template: number[];
  incorrect_count: number;
  invalid_recording: string;
  recording_invalid: string;
  invalid_destination: string;
  timeout_tries: number;
  timeout_retries: number;
  timeout_retry_recording: string;
  timeout_recording: string;
  timeout_destination: string;
}

export function toWriteBody(ivr: Ivr): IvrWriteBody {
  const body: IvrWriteBody = {
    name: ivr.name,
    description: ivr.description ?? ivr.name,
    recording: ivr.greeting,
    timeout: ivr.ringTimeoutSeconds,
    option: ivr.options.map((o) => o.key),
    destination: ivr.options.map((o) => o.destination),
    sms_template: smsTemplates(ivr),
    incorrect_count: ivr.invalidInput.retries,
    invalid_recording: ivr.invalidInput.retryRecording,
    recording_invalid: ivr.invalidInput.finalRecording,
    invalid_destination: ivr.invalidInput.destination,
    // The docs use both names for the same setting; sending both is what working clients do.
    timeout_tries: ivr.noInput.retries,
    timeout_retries: ivr.noInput.retries,
    timeout_retry_recording: ivr.noInput.retryRecording,
    timeout_recording: ivr.noInput.finalRecording,
    timeout_destination: ivr.noInput.destination,
  };
  return body;
}

/**
 * `sms_template[]`, parallel to `option[]`: the Create IVR document types it as an array of
 * numbers (e.g. 35642). An option without a template is sent as 0, which is what the read side
 * reports for none. It is always sent, even when no option has a template: `PUT` replaces the
 * whole IVR, and an update that left the field out might keep a template the user removed.
 */
function smsTemplates(ivr: Ivr): number[] {
  return ivr.options.map((o) => (o.smsTemplateId === undefined ? 0 : Number(o.smsTemplateId)));
}

/** Ids come back as numbers in some places and strings in others. */
const apiId = z.union([z.string(), z.number()], { invalid_type_error: "an id (text or a number)" }).transform((v) => String(v).trim());
const apiInt = z
  .union([z.number(), z.string().regex(/^\s*-?\d+\s*$/, "a whole number")], { invalid_type_error: "a whole number" })
  .transform((v) => Number(v))
  .refine((n) => Number.isInteger(n), { message: "a whole number" });
const apiText = z.string({ invalid_type_error: "text" });
/** A field the mapping does not need: missing or null is fine. */
const optional = <T extends z.ZodTypeAny>(schema: T) => schema.nullish().catch(undefined);

/**
 * One entry of `GET /v1/ivrs` -> `ivrs[]`, lenient about numbers vs strings. The fields the
 * canonical IVR is built from are required; the others (description, SMS templates) may be
 * missing or null, and fields this mapping does not know are kept (passthrough) and ignored.
 */
export const ApiIvrReadSchema = z
  .object({
    id: apiId,
    name: apiText,
    description: optional(apiText),
    recording: apiId,
    timeout: apiInt,
    invalid_retries: apiInt,
    invalid_retry_recording: apiId,
    invalid_recording: apiId,
    invalid_destination_type: apiText,
    invalid_destination: apiId,
    timeout_retry_recording: apiId,
    timeout_recording: apiId,
    timeout_dest_type: apiText,
    timeout_destination: apiId,
    timeout_retries: apiInt,
    ivr_menu: z
      .array(
        z
          .object({
            option: apiId,
            destination_type: apiText,
            destination_id: apiId,
            sms_template_id: optional(apiId),
          })
          .passthrough(),
        { invalid_type_error: "a list of menu entries" },
      )
      .nullish()
      .transform((v) => v ?? []),
  })
  .passthrough();
export type ApiIvrRead = z.input<typeof ApiIvrReadSchema>;

/** What is wrong with one listed IVR, by field name: `IVR 8001 lacks timeout_destination; ...`. */
function readProblems(raw: unknown, error: z.ZodError): string {
  const id = raw !== null && typeof raw === "object" ? (raw as Record<string, unknown>).id : undefined;
  const which = typeof id === "string" || typeof id === "number" ? `IVR ${id}` : "an IVR without an id";
  if (raw === null || typeof raw !== "object" || Array.isArray(raw)) return `an entry of the list is ${JSON.stringify(raw) ?? String(raw)}, not an IVR`;
  const lacks: string[] = [];
  const wrong: string[] = [];
  for (const issue of error.issues) {
    const field = formatPath(issue.path);
    let value: unknown = raw;
    for (const step of issue.path) value = (value as Record<string | number, unknown> | null | undefined)?.[step];
    if (value === undefined || value === null) lacks.push(field);
    else wrong.push(`${field} ${shown(value)}, not ${issue.message}`);
  }
  return [lacks.length ? `${which} lacks ${[...new Set(lacks)].join(", ")}` : "", ...wrong.map((w) => `${which} has ${w}`)].filter(Boolean).join("; ");
}

function shown(value: unknown): string {
  const text = typeof value === "string" ? JSON.stringify(value) : JSON.stringify(value) ?? String(value);
  return text.length > 40 ? `${text.slice(0, 37)}...` : text;
}

/** A template id as the read side gives it; "0" (or 0) means none. */
function readTemplate(id: string | null | undefined): string | undefined {
  if (id === undefined || id === null || id === "") return undefined;
  if (!/^\d+$/.test(id)) return id; // not a number we know how to read: kept, so a diff shows it
  return Number(id) === 0 ? undefined : String(BigInt(id));
}

function readDestination(type: string, id: string): string {
  return formatRef(writeTypeOf(type), id);
}

/**
 * The read side drops the recording type (`"19549"` for `recording||19549`). When the previous
 * state referred to the same id with another type (e.g. `outbound_tts`), keep that type.
 */
function readRecording(id: string, hint: string | undefined): string {
  const asRef = parseRef(id);
  if (asRef) return formatRef(asRef.type, asRef.id);
  const prior = hint ? parseRef(hint) : undefined;
  return formatRef(prior && prior.id === id ? prior.type : "recording", id);
}

/**
 * Maps one IVR of `GET /v1/ivrs` to the canonical model. `prior` (the last known state, if any)
 * only supplies what the read side cannot tell: recording types, the order of options, and a
 * description or SMS template the answer leaves out. A field the IVR is built from that is
 * missing, null or of another type fails the read, naming the field.
 */
export function fromReadShape(raw: unknown, prior?: Partial<Ivr>): { id: string; ivr: Ivr } {
  const parsed = ApiIvrReadSchema.safeParse(raw);
  if (!parsed.success) throw new Error(readProblems(raw, parsed.error));
  const api = parsed.data;
  const priorOption = (key: string) => (Array.isArray(prior?.options) ? prior!.options.find((o) => String(o?.key) === key) : undefined);
  const options: IvrOption[] = api.ivr_menu.map((m) => {
    const o: IvrOption = { key: m.option, destination: readDestination(m.destination_type, m.destination_id) };
    // Without the field the read cannot tell: the previous state's template stands.
    const sms = m.sms_template_id === undefined || m.sms_template_id === null ? priorOption(m.option)?.smsTemplateId : readTemplate(m.sms_template_id);
    if (sms !== undefined) o.smsTemplateId = sms;
    return o;
  });
  if (Array.isArray(prior?.options)) {
    const order = new Map(prior!.options.map((o, i) => [String(o?.key), i]));
    const rank = (o: IvrOption) => order.get(o.key) ?? Number.MAX_SAFE_INTEGER;
    options.sort((a, b) => rank(a) - rank(b));
  }
  const ivr: Ivr = {
    name: api.name,
    // Without one the read cannot tell: the previous state's description stands.
    description: api.description ?? (typeof prior?.description === "string" ? prior.description : ""),
    greeting: readRecording(api.recording, prior?.greeting),
    ringTimeoutSeconds: api.timeout,
    options,
    invalidInput: {
      retries: api.invalid_retries,
      retryRecording: readRecording(api.invalid_retry_recording, prior?.invalidInput?.retryRecording),
      finalRecording: readRecording(api.invalid_recording, prior?.invalidInput?.finalRecording),
      destination: readDestination(api.invalid_destination_type, api.invalid_destination),
    },
    noInput: {
      retries: api.timeout_retries,
      retryRecording: readRecording(api.timeout_retry_recording, prior?.noInput?.retryRecording),
      finalRecording: readRecording(api.timeout_recording, prior?.noInput?.finalRecording),
      destination: readDestination(api.timeout_dest_type, api.timeout_destination),
    },
  };
  return { id: api.id, ivr };
}
