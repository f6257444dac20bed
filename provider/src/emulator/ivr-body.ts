/** Validation of `POST /v1/ivr` and `PUT /v1/ivr/{id}` bodies (and seed IVRs). Throws ValidationError. */
import { IVR_DESTINATION_TYPES, RECORDING_TYPES, formatRef, invalid, parseRef, quote } from "./refs";
import { StoredIvr } from "./schema";
import {
  ValidationContext,
  assertNoDuplicates,
  assertUniqueName,
  descriptionField,
  destinationRef,
  integer,
  nameField,
  objectBody,
  present,
  recordingExists,
} from "./validate";

const DTMF_KEY = /^[0-9*#]$/;

function recordingRef(value: unknown, field: string, ctx: ValidationContext): string {
  const ref = parseRef(value, field, ctx.singlePipe);
  if (!(RECORDING_TYPES as readonly string[]).includes(ref.type)) {
    throw invalid(field, `recording type '${ref.type}' is not allowed; use one of ${RECORDING_TYPES.join(", ")}`);
  }
  // outbound_tts ids have no lookup endpoint, so only `recording` ids can be checked.
  if (ctx.checkReferences && ref.type === "recording" && !recordingExists(ctx.account, ref.id)) {
    throw invalid(field, `recording ${ref.id} does not exist`);
  }
  return formatRef(ref);
}

function ivrDestination(value: unknown, field: string, ctx: ValidationContext): string {
  return destinationRef(value, field, ctx, IVR_DESTINATION_TYPES, "in an IVR");
}

function dtmfKey(value: unknown, field: string): string {
  const key = typeof value === "number" && Number.isInteger(value) ? String(value) : value;
  if (typeof key !== "string" || !DTMF_KEY.test(key)) {
    throw invalid(field, `${quote(value)} is not a DTMF key; use 0-9, * or #`);
  }
  return key;
}

/**
 * The Create IVR document types `sms_template` as an array of numbers (e.g. 35642); 0 means no
 * template. Numeric strings (and "" for none) are accepted too, as clients in the wild send them.
 */
export function smsTemplateId(entry: unknown, field: string): string {
  if (entry === "" || entry === 0 || entry === "0") return "0";
  if (typeof entry === "number" && Number.isSafeInteger(entry) && entry > 0) return String(entry);
  if (typeof entry === "string" && /^\d+$/.test(entry)) return entry.replace(/^0+(?=\d)/, "");
  throw invalid(field, `must be a template id (a positive integer or numeric string), or 0 / "0" / "" for none (got ${quote(entry)})`);
}

function smsTemplates(value: unknown, optionCount: number): string[] {
  if (value === undefined || value === null) return new Array<string>(optionCount).fill("0");
  if (!Array.isArray(value)) throw invalid("sms_template", "must be an array with one entry per option");
  if (value.length !== optionCount) {
    throw invalid("sms_template", `expected ${optionCount} entries (one per option), got ${value.length}`);
  }
  return value.map((entry, i) => smsTemplateId(entry, `sms_template[${i}]`));
}

/**
 * Validate a create/update body and return it normalised (the stored write shape, without id).
 * Unknown extra fields (`transfer code`, ...) are ignored, as a lenient server would.
 */
export function validateIvrBody(input: unknown, ctx: ValidationContext): Omit<StoredIvr, "id"> {
  const body = objectBody(input);
  const name = nameField(body, ctx);
  const description = descriptionField(body);
  const recording = recordingRef(present(body, "recording"), "recording", ctx);
  const timeout = integer(present(body, "timeout"), "timeout", 1, 120);

  const rawOptions = present(body, "option");
  if (!Array.isArray(rawOptions) || rawOptions.length === 0) {
    throw invalid("option", "must be a non-empty array of DTMF keys");
  }
  const option = rawOptions.map((value, i) => dtmfKey(value, `option[${i}]`));
  assertNoDuplicates(option, "option", "key");

  const rawDestinations = present(body, "destination");
  if (!Array.isArray(rawDestinations)) throw invalid("destination", "must be an array with one entry per option");
  if (rawDestinations.length !== option.length) {
    throw invalid("destination", `expected ${option.length} entries (one per option), got ${rawDestinations.length}`);
  }
  const destination = rawDestinations.map((value, i) => ivrDestination(value, `destination[${i}]`, ctx));

  const incorrect_count = integer(present(body, "incorrect_count"), "incorrect_count", 0, 10);
  const invalid_recording = recordingRef(present(body, "invalid_recording"), "invalid_recording", ctx);
  const invalid_destination = ivrDestination(present(body, "invalid_destination"), "invalid_destination", ctx);
  const timeout_retry_recording = recordingRef(present(body, "timeout_retry_recording"), "timeout_retry_recording", ctx);
  const timeout_recording = recordingRef(present(body, "timeout_recording"), "timeout_recording", ctx);
  const timeout_destination = ivrDestination(present(body, "timeout_destination"), "timeout_destination", ctx);
  const timeout_tries = integer(present(body, "timeout_tries"), "timeout_tries", 0, 10);
  if (body.timeout_retries !== undefined && body.timeout_retries !== null) {
    const retries = integer(body.timeout_retries, "timeout_retries", 0, 10);
    if (retries !== timeout_tries) {
      throw invalid("timeout_retries", `must equal timeout_tries (${timeout_tries}), got ${retries}`);
    }
  }
  const recording_invalid = recordingRef(present(body, "recording_invalid"), "recording_invalid", ctx);
  const sms_template = smsTemplates(body.sms_template, option.length);

  assertUniqueName(ctx.account.ivrs, name, ctx, "an IVR");

  return {
    name,
    description,
    recording,
    timeout,
    option,
    destination,
    sms_template,
    incorrect_count,
    invalid_recording,
    invalid_destination,
    timeout_retry_recording,
    timeout_recording,
    timeout_destination,
    timeout_tries,
    timeout_retries: timeout_tries,
    recording_invalid,
  };
}
