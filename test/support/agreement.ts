/**
 * "State and account agree", the check every fault scenario makes after the faulty run and after
 * the next plain `up`:
 *
 * - every IVR the account holds under the scenario's prefix is owned by exactly one resource of
 *   the stacks given: by its Smartflo id (the resource id, or `ivrId` while the id is a settled
 *   pending create's placeholder), or, for a create still pending, by its name (the next run
 *   settles it). So: no orphan, and no IVR owned by two resources or two stacks;
 * - no two IVRs of the account share a name (Smartflo's name rule), so no duplicate;
 * - every resource that is not pending says in its state exactly what the account holds, field by
 *   field, in the API's write shape (translated here independently of the provider's mapping);
 * - a pending resource's recorded name is one of its stack's names, and it is allowed only where
 *   the caller says so.
 *
 * Returns what it found, for the scenario's own assertions.
 */
import type { Emulator } from "./emulator";
import { storedIvrs } from "./emulator";
import type { TestStack } from "./pulumi";

const IVR_TYPE = "pulumi-nodejs:dynamic/smartflo:Ivr";

/* eslint-disable @typescript-eslint/no-explicit-any */

export interface OwnedIvr {
  stack: string;
  resource: string;
  /** The Smartflo id, or undefined for a create still pending. */
  id?: string;
  pendingName?: string;
}

export interface Agreement {
  /** The account's IVRs under the prefix (write shape, with ids). */
  account: any[];
  /** Every IVR resource of the stacks. */
  resources: OwnedIvr[];
  pending: OwnedIvr[];
}

export interface AgreementOptions {
  emu: Emulator;
  stacks: TestStack[];
  /** Only the account's IVRs whose name starts with this are the scenario's. */
  prefix: string;
  /** Creates still pending are allowed (after a faulty run; never after the next plain up). */
  allowPending?: boolean;
}

export async function expectStateAndAccountAgree(opts: AgreementOptions): Promise<Agreement> {
  const account = (await storedIvrs(opts.emu)).filter((i) => String(i.name).startsWith(opts.prefix));
  const keys = account.map((i) => String(i.name).trim().toLowerCase());
  expect(keys.filter((k, i) => keys.indexOf(k) !== i)).toEqual([]); // no duplicate names

  const resources: OwnedIvr[] = [];
  const owners = new Map<string, string[]>(); // account id -> owners
  const own = (id: string, who: string) => owners.set(id, [...(owners.get(id) ?? []), who]);
  for (const ts of opts.stacks) {
    const exported = await ts.stack.exportStack();
    for (const r of (exported.deployment.resources ?? []).filter((x: any) => x.type === IVR_TYPE)) {
      const resource = String(r.urn).split("::").pop()!;
      const who = `${ts.stack.name}:${resource}`;
      const outs = r.outputs ?? {};
      if (outs.pendingCreate) {
        const pendingName = String(outs.pendingCreate.name);
        resources.push({ stack: ts.stack.name, resource, pendingName });
        expect({ who, pendingAllowed: !!opts.allowPending }).toEqual({ who, pendingAllowed: true });
        expect({ who, name: outs.name }).toEqual({ who, name: pendingName });
        const match = account.find((i) => String(i.name).trim().toLowerCase() === pendingName.trim().toLowerCase());
        if (match) own(String(match.id), `${who} (pending)`);
        continue;
      }
      const id = String(r.id).startsWith("pending-") ? String(outs.ivrId) : String(r.id);
      resources.push({ stack: ts.stack.name, resource, id });
      expect({ who, ivrId: outs.ivrId }).toEqual({ who, ivrId: id });
      const stored = account.find((i) => String(i.id) === id);
      expect({ who, id, inAccount: stored !== undefined }).toEqual({ who, id, inAccount: true });
      own(id, who);
      // Field by field: what the state says, against what the account holds.
      expect({ who, ...declaredWriteShape(outs) }).toEqual({ who, ...comparableWriteShape(stored) });
    }
  }
  for (const ivr of account) {
    const who = owners.get(String(ivr.id)) ?? [];
    // Exactly one owner: none is an orphan, two is an IVR taken over twice.
    expect({ ivr: `${ivr.id} '${ivr.name}'`, owners: who.length }).toEqual({ ivr: `${ivr.id} '${ivr.name}'`, owners: 1 });
  }
  return { account, resources, pending: resources.filter((r) => r.pendingName !== undefined) };
}

/** An IVR's state outputs (canonical) in the API's write shape, by the README's mapping table. */
export function declaredWriteShape(outs: any): Record<string, unknown> {
  const options: any[] = [...(outs.options ?? [])].sort((a, b) => String(a.key).localeCompare(String(b.key)));
  return {
    name: outs.name,
    description: outs.description ?? outs.name,
    recording: outs.greeting,
    timeout: outs.ringTimeoutSeconds,
    menu: options.map((o) => [String(o.key), o.destination, o.smsTemplateId === undefined ? "" : String(o.smsTemplateId)]),
    incorrect_count: outs.invalidInput?.retries,
    invalid_recording: outs.invalidInput?.retryRecording,
    recording_invalid: outs.invalidInput?.finalRecording,
    invalid_destination: outs.invalidInput?.destination,
    timeout_tries: outs.noInput?.retries,
    timeout_retry_recording: outs.noInput?.retryRecording,
    timeout_recording: outs.noInput?.finalRecording,
    timeout_destination: outs.noInput?.destination,
  };
}

/** An IVR as the emulator stores it (write shape) in the same form. */
export function comparableWriteShape(stored: any): Record<string, unknown> {
  const sms = (i: number) => {
    const v = stored.sms_template?.[i];
    return v === undefined || v === null || v === "" || String(v) === "0" ? "" : String(v);
  };
  const menu = (stored.option as unknown[]).map((key, i) => [String(key), stored.destination[i], sms(i)]);
  menu.sort((a, b) => String(a[0]).localeCompare(String(b[0])));
  return {
    name: stored.name,
    description: stored.description,
    recording: stored.recording,
    timeout: stored.timeout,
    menu,
    incorrect_count: stored.incorrect_count,
    invalid_recording: stored.invalid_recording,
    recording_invalid: stored.recording_invalid,
    invalid_destination: stored.invalid_destination,
    timeout_tries: stored.timeout_tries,
    timeout_retry_recording: stored.timeout_retry_recording,
    timeout_recording: stored.timeout_recording,
    timeout_destination: stored.timeout_destination,
  };
}
