/**
 * The IVR endpoints: GET /v1/ivrs (the only read: there is no GET /v1/ivr/{id}), POST /v1/ivr,
 * PUT /v1/ivr/{id}, DELETE /v1/ivr/{id}, as a managed kind (managed/kind.ts). Listing, the
 * shared list answers, and ownership of creates are the kind-independent machinery of managed/;
 * this file says only what is particular to IVRs.
 */
import type { SmartfloClient } from "../../client/client";
import { ValidationError } from "../../client/errors";
import { Directory } from "../../managed/directory";
import { ManagedKind, idInCreateAnswer } from "../../managed/kind";
import { createOwned, deleteOwned, updateOwned } from "../../managed/ownership";
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
export interface IvrRecord {
  id: string;
  name: string;
  raw: unknown;
}

/**
 * Every IVR of the account, from a complete list sent within `maxAgeMs` (default: one sent now,
 * shared with concurrent callers), with this process's own later writes applied.
 */
export async function listIvrs(client: SmartfloClient, opts: { maxAgeMs?: number } = {}): Promise<IvrRecord[]> {
  const dir = Directory.of(client, IVR_KIND);
  return [...dir.view(await dir.recent(opts.maxAgeMs ?? 0)).values()];
}

/**
 * The IVR with this id, mapped to the canonical model (`prior` keeps what reads cannot tell), or
 * undefined when two lists, the second sent after the first answered, both lack it.
 */
export async function getIvr(client: SmartfloClient, id: string, prior?: Partial<Ivr>): Promise<{ id: string; ivr: Ivr } | undefined> {
  const found = await Directory.of(client, IVR_KIND).find(String(id));
  if (!found) return undefined;
  try {
    return fromReadShape(found.raw, prior);
  } catch (err) {
    throw new ValidationError(`Smartflo GET ${IVR_KIND.listPath}: ${(err as Error).message}`, {
      endpoint: `GET ${IVR_KIND.listPath}`,
      cause: err,
    });
  }
}

/** Names are unique per account, under Smartflo's name rule (core/names.ts). */
export async function findIvrByName(client: SmartfloClient, name: string): Promise<IvrRecord | undefined> {
  return Directory.named(await listIvrs(client), name)[0];
}

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
