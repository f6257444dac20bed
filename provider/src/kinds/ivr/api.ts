/**
 * The IVR endpoints: GET /v1/ivrs (the only read: there is no GET /v1/ivr/{id}), POST /v1/ivr,
 * PUT /v1/ivr/{id}, DELETE /v1/ivr/{id}, as a managed kind (managed/kind.ts). Listing, the
 * shared list answers, and ownership of creates are the kind-independent machinery of managed/;
 * this file says only what is particular to IVRs.
 */
import type { SmartfloClient } from "../../client/client";
import { ManagedKind, idInCreateAnswer } from "../../managed/kind";
import type { ListedEntry } from "../../managed/listing";
import { createOwned, deleteOwned, updateOwned } from "../../managed/ownership";
import { findManagedByName, getManaged, listManaged } from "../../managed/reads";
import { fromReadShape, toWriteBody } from "./mapping";
import { IVR_SPEC, Ivr } from "./spec";

export const IVR_KIND: ManagedKind<Ivr> = {
  spec: IVR_SPEC,
  noun: IVR_SPEC.noun,
  aNoun: IVR_SPEC.aNoun,
  listPath: "/v1/ivrs",
  listKey: "ivrs",
  createPath: "/v1/ivr",
  itemPath: (id) => `/v1/ivr/${encodeURIComponent(id)}`,
  writeBody: (ivr) => toWriteBody(ivr),
  nameOf: (ivr) => ivr.name,
  valueOf: (entry, prior) => fromReadShape(entry, prior).ivr,
  // Create may one day answer an id: preferred when it does.
  idFromCreateAnswer: (answer) => idInCreateAnswer(answer, ["ivr_id", "id"]),
};

/** An IVR as listed by Smartflo: its id, its name, and the raw API object. */
export type IvrRecord = ListedEntry;

/**
 * Every IVR of the account, from a complete list sent within `maxAgeMs` (default: one sent now,
 * shared with concurrent callers), with this process's own later writes applied.
 */
export const listIvrs = (client: SmartfloClient, opts: { maxAgeMs?: number } = {}): Promise<IvrRecord[]> => listManaged(client, IVR_KIND, opts);

/**
 * The IVR with this id, mapped to the canonical model (`prior` keeps what reads cannot tell), or
 * undefined when two lists, the second sent after the first answered, both lack it.
 */
export const getIvr = (client: SmartfloClient, id: string, prior?: Partial<Ivr>): Promise<{ id: string; ivr: Ivr } | undefined> =>
  getManaged(client, IVR_KIND, id, (raw) => fromReadShape(raw, prior));

/** Names are unique per account, under Smartflo's name rule (core/names.ts). */
export const findIvrByName = (client: SmartfloClient, name: string): Promise<IvrRecord | undefined> => findManagedByName(client, IVR_KIND, name);

/**
 * `POST /v1/ivr`, then the new id (create answers only `{success, message}`, so from a list).
 * A POST whose outcome is unknown is never sent again blindly (managed/ownership.ts).
 */
export async function createIvr(client: SmartfloClient, ivr: Ivr, opts: { adopt?: boolean } = {}): Promise<string> {
  return (await createOwned(client, IVR_KIND, ivr, opts)).id;
}

/** `PUT /v1/ivr/{id}` with the full desired state (every field is mandatory on update). */
export function updateIvr(client: SmartfloClient, id: string, ivr: Ivr): Promise<void> {
  return updateOwned(client, IVR_KIND, id, ivr);
}

/** `DELETE /v1/ivr/{id}`; an IVR that is already gone counts as deleted. */
export function deleteIvr(client: SmartfloClient, id: string): Promise<"deleted" | "absent"> {
  return deleteOwned(client, IVR_KIND, id);
}
