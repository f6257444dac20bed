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
 * | options[i].smsTemplateId        | sms_template[i]                    | ivr_menu[i].sms_template_id ("0" = none)    |
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
import { describeProblems, problemsFromZod } from "../../core/problems";
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
  sms_template?: string[];
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
  // sms_template[] is parallel to option[]; "" marks an option without a template.
  if (ivr.options.some((o) => o.smsTemplateId !== undefined)) {
    body.sms_template = ivr.options.map((o) => o.smsTemplateId ?? "");
  }
  return body;
}

/** Ids come back as numbers in some places and strings in others. */
const apiId = z.union([z.string(), z.number()]).transform((v) => String(v).trim());
const apiInt = z.union([z.number(), z.string().regex(/^\s*-?\d+\s*$/)]).transform((v) => Number(v));

/** One entry of `GET /v1/ivrs` -> `ivrs[]`, lenient about numbers vs strings. */
export const ApiIvrReadSchema = z
  .object({
    id: apiId,
    name: z.string(),
    description: z.string().nullish().transform((v) => v ?? ""),
    recording: apiId,
    timeout: apiInt,
    invalid_retries: apiInt,
    invalid_retry_recording: apiId,
    invalid_recording: apiId,
    invalid_destination_type: z.string(),
    invalid_destination: apiId,
    timeout_retry_recording: apiId,
    timeout_recording: apiId,
    timeout_dest_type: z.string(),
    timeout_destination: apiId,
    timeout_retries: apiInt,
    ivr_menu: z
      .array(
        z
          .object({
            option: apiId,
            destination_type: z.string(),
            destination_id: apiId,
            sms_template_id: apiId.nullish(),
          })
          .passthrough(),
      )
      .nullish()
      .transform((v) => v ?? []),
  })
  .passthrough();
export type ApiIvrRead = z.input<typeof ApiIvrReadSchema>;

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
 * only supplies what the read side cannot tell: recording types and the order of options.
 */
export function fromReadShape(raw: unknown, prior?: Partial<Ivr>): { id: string; ivr: Ivr } {
  const parsed = ApiIvrReadSchema.safeParse(raw);
  if (!parsed.success) throw new Error(describeProblems(problemsFromZod(parsed.error)));
  const api = parsed.data;
  const options: IvrOption[] = api.ivr_menu.map((m) => {
    const o: IvrOption = { key: m.option, destination: readDestination(m.destination_type, m.destination_id) };
    const sms = m.sms_template_id;
    if (sms !== undefined && sms !== null && sms !== "" && sms !== "0") o.smsTemplateId = sms;
    return o;
  });
  if (Array.isArray(prior?.options)) {
    const order = new Map(prior!.options.map((o, i) => [String(o?.key), i]));
    const rank = (o: IvrOption) => order.get(o.key) ?? Number.MAX_SAFE_INTEGER;
    options.sort((a, b) => rank(a) - rank(b));
  }
  const ivr: Ivr = {
    name: api.name,
    description: api.description,
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
