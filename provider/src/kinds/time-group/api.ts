/**
 * The time group endpoints, through the client's one request loop: `GET /v1/timegroups` (the
 * only read), `POST /v1/timegroup`, `DELETE /v1/timegroup/{id}`. There is no update endpoint.
 */
import type { SmartfloClient } from "../../client/client";
import { ValidationError } from "../../client/errors";
import { listIn } from "../../account/lookups";
import { sameName } from "../../core/names";
import { createFoundByName, deleteConfirmed } from "../named-objects";
import { fromReadShape, toWriteBody } from "./mapping";
import type { TimeGroup } from "./spec";

const LIST = "/v1/timegroups";
const CREATE = "/v1/timegroup";
const one = (id: string) => `/v1/timegroup/${encodeURIComponent(id)}`;

export interface TimeGroupRecord {
  id: string;
  name: string;
  raw: Record<string, unknown>;
}

/** Every time group, raw; concurrent callers share one request. */
export async function listTimeGroupRecords(client: SmartfloClient): Promise<TimeGroupRecord[]> {
  const list = listIn(await client.getShared(LIST), ["data", "timegroups", "results"], `GET ${LIST}`) as Array<Record<string, unknown>>;
  return list.map((raw) => ({ id: String(raw.id), name: String(raw.name ?? ""), raw }));
}

/** The time group with this id, mapped to the canonical model, and its name in Smartflo. */
export async function getTimeGroup(
  client: SmartfloClient,
  id: string,
  prior?: { name?: unknown; smartfloName?: unknown },
): Promise<ReturnType<typeof fromReadShape> | undefined> {
  const found = (await listTimeGroupRecords(client)).find((r) => r.id === String(id));
  if (!found) return undefined;
  try {
    return fromReadShape(found.raw, prior);
  } catch (err) {
    throw new ValidationError(`Smartflo GET ${LIST} returned time group ${id} in an unexpected shape: ${(err as Error).message}`, {
      endpoint: `GET ${LIST}`,
      cause: err,
    });
  }
}

/** Names are unique per account, under Smartflo's name rule (core/names.ts). */
export async function findTimeGroupByName(client: SmartfloClient, name: string): Promise<TimeGroupRecord | undefined> {
  return (await listTimeGroupRecords(client)).find((r) => sameName(r.name, name));
}

/** `POST /v1/timegroup` under `smartfloName`, then the new id. */
export function createTimeGroup(client: SmartfloClient, timeGroup: TimeGroup, smartfloName: string): Promise<string> {
  return createFoundByName(client, {
    path: CREATE,
    body: toWriteBody(timeGroup, smartfloName),
    name: smartfloName,
    noun: "time group",
    listEndpoint: `GET ${LIST}`,
    idFields: ["timegroup_id", "id"],
    findId: async (name) => (await findTimeGroupByName(client, name))?.id,
  });
}

/** `DELETE /v1/timegroup/{id}`; one that is already gone counts as deleted. */
export function deleteTimeGroup(client: SmartfloClient, id: string): Promise<"deleted" | "absent"> {
  return deleteConfirmed(client, one(id), async () => (await listTimeGroupRecords(client)).some((r) => r.id === String(id)));
}
