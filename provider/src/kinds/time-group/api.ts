/**
 * The time group endpoints, through the client's one request loop: `GET /v1/timegroups` (the
 * only read), `POST /v1/timegroup`, `DELETE /v1/timegroup/{id}`. There is no update endpoint.
 */
import type { SmartfloClient } from "../../client/client";
import { NamedList, NamedRecord, createFoundByName, deleteConfirmed, findNamed, getNamed, listNamed, namedExists } from "../named-objects";
import { fromReadShape, toWriteBody } from "./mapping";
import type { TimeGroup } from "./spec";

const LIST: NamedList = { path: "/v1/timegroups", keys: ["data", "timegroups", "results"], noun: "time group" };
const CREATE = "/v1/timegroup";
const one = (id: string) => `/v1/timegroup/${encodeURIComponent(id)}`;

export type TimeGroupRecord = NamedRecord;

/** Every time group, raw; concurrent callers share one request. */
export const listTimeGroupRecords = (client: SmartfloClient) => listNamed(client, LIST);

/** The time group with this id, mapped to the canonical model, and its name in Smartflo. */
export const getTimeGroup = (client: SmartfloClient, id: string, prior?: { name?: unknown; smartfloName?: unknown }) =>
  getNamed(client, LIST, id, (raw) => fromReadShape(raw, prior));

export const findTimeGroupByName = (client: SmartfloClient, name: string) => findNamed(client, LIST, name);

/** `POST /v1/timegroup` under `smartfloName`, then the new id. */
export function createTimeGroup(client: SmartfloClient, timeGroup: TimeGroup, smartfloName: string): Promise<string> {
  return createFoundByName(client, {
    path: CREATE,
    body: toWriteBody(timeGroup, smartfloName),
    name: smartfloName,
    noun: "time group",
    listEndpoint: `GET ${LIST.path}`,
    idFields: ["timegroup_id", "id"],
    findId: async (name) => (await findTimeGroupByName(client, name))?.id,
  });
}

/** `DELETE /v1/timegroup/{id}`; one that is already gone counts as deleted. */
export function deleteTimeGroup(client: SmartfloClient, id: string): Promise<"deleted" | "absent"> {
  return deleteConfirmed(client, one(id), () => namedExists(client, LIST, id));
}
