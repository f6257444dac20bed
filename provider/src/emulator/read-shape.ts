/**
 * The READ shapes of the list endpoints. `GET /v1/ivrs` has the documented quirks: the id is a
 * number, references lose their type prefix or are split into `*_type` + id, `incorrect_count` is
 * called `invalid_retries`, `recording_invalid` comes back as a numeric `invalid_recording`, and
 * the parallel option/destination arrays become `ivr_menu[]` with departments shown as `ringgroup`.
 */
import { readSideType, splitStoredRef } from "./refs";
import { Department, PhoneNumber, StoredIvr, TimeGroup } from "./schema";

/** The account id the sample response shows in `added_by`; the emulator has no panel users. */
export const ADDED_BY = 10959;

export interface IvrMenuEntry {
  option: string;
  destination_type: string;
  destination_id: string;
  sms_template_id: string;
  webhook_id: string;
}

export interface ReadIvr {
  id: number;
  name: string;
  description: string;
  recording: string;
  timeout: number;
  invalid_retries: number;
  invalid_retry_recording: string;
  invalid_destination_type: string;
  invalid_destination: string;
  timeout_retry_recording: string;
  timeout_recording: string;
  timeout_dest_type: string;
  timeout_destination: string;
  timeout_retries: number;
  added_by: number;
  invalid_recording: number | string;
  ivr_menu: IvrMenuEntry[];
}

function idOf(ref: string): string {
  return splitStoredRef(ref).id;
}

/** The sample prints this one id as a JSON number; keep strings that a number would change. */
function numericIfPossible(id: string): number | string {
  const n = Number(id);
  return /^\d+$/.test(id) && Number.isSafeInteger(n) && String(n) === id ? n : id;
}

export function toReadShape(ivr: StoredIvr): ReadIvr {
  const invalidDestination = splitStoredRef(ivr.invalid_destination);
  const timeoutDestination = splitStoredRef(ivr.timeout_destination);
  return {
    id: ivr.id,
    name: ivr.name,
    description: ivr.description,
    recording: idOf(ivr.recording),
    timeout: ivr.timeout,
    invalid_retries: ivr.incorrect_count,
    invalid_retry_recording: idOf(ivr.invalid_recording),
    invalid_destination_type: readSideType(invalidDestination.type),
    invalid_destination: invalidDestination.id,
    timeout_retry_recording: idOf(ivr.timeout_retry_recording),
    timeout_recording: idOf(ivr.timeout_recording),
    timeout_dest_type: readSideType(timeoutDestination.type),
    timeout_destination: timeoutDestination.id,
    timeout_retries: ivr.timeout_tries,
    added_by: ADDED_BY,
    invalid_recording: numericIfPossible(idOf(ivr.recording_invalid)),
    ivr_menu: ivr.option.map((option, i) => {
      const destination = splitStoredRef(ivr.destination[i] ?? "");
      return {
        option,
        destination_type: readSideType(destination.type),
        destination_id: destination.id,
        sms_template_id: ivr.sms_template[i] ?? "0",
        webhook_id: "0",
      };
    }),
  };
}

/** `GET /v1/departments` entry (documented sample): the failover type in read-side naming. */
export function toDepartmentReadShape(department: Department): Department {
  return { ...structuredClone(department), timeout_dest_type: readSideType(department.timeout_dest_type) };
}

/** `GET /v1/timegroups` entry: undocumented; the emulator prints what was written, dates as strings. */
export function toTimeGroupReadShape(group: TimeGroup): TimeGroup {
  return structuredClone(group);
}

/**
 * `GET /v1/my_number` entry: undocumented; public clients read `id`, `did`, `alias`, `name` and a
 * `destination` that may be null. The emulator prints the destination in write form (`type||id`).
 */
export function toNumberReadShape(number: PhoneNumber): PhoneNumber {
  return {
    id: number.id,
    did: number.did,
    alias: number.alias,
    name: number.name,
    description: number.description,
    destination: number.destination,
    sms_template: [...number.sms_template],
  };
}
