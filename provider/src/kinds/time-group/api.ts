/**
 * The time group endpoints: `GET /v1/timegroups` (the only read), `POST /v1/timegroup`,
 * `DELETE /v1/timegroup/{id}`, as a managed kind (managed/kind.ts) that cannot be updated: there
 * is no update endpoint, so a change replaces it (runtime.ts). Within the managed machinery a
 * time group's `name` is the one it holds in Smartflo (`smartfloName`: the declared name, or the
 * declared name + " (2)" for a replacement); `held` maps between that and the declared one.
 */
import type { SmartfloClient } from "../../client/client";
import { ManagedKind, idInCreateAnswer } from "../../managed/kind";
import type { ListedEntry } from "../../managed/listing";
import { findManagedByName, getManaged, listManaged } from "../../managed/reads";
import { createOwned, deleteOwned } from "../../managed/ownership";
import { fromReadShape, toWriteBody } from "./mapping";
import { TIME_GROUP_SPEC, TimeGroup } from "./spec";

export const TIME_GROUP_KIND: ManagedKind<TimeGroup> = {
  spec: TIME_GROUP_SPEC,
  noun: TIME_GROUP_SPEC.noun,
  aNoun: TIME_GROUP_SPEC.aNoun,
  listPath: "/v1/timegroups",
  // The list's shape is undocumented: a bare array, or one under one of these keys.
  listKey: ["data", "timegroups", "results"],
  createPath: "/v1/timegroup",
  itemPath: (id) => `/v1/timegroup/${encodeURIComponent(id)}`,
  updatable: false,
  writeBody: (held) => toWriteBody(held, held.name),
  nameOf: (held) => held.name,
  valueOf: (entry) => fromReadShape(entry).timeGroup,
  idFromCreateAnswer: (answer) => idInCreateAnswer(answer, ["timegroup_id", "id"]),
  held: {
    toHeld: (declared, inputs) => ({ ...declared, name: typeof inputs.smartfloName === "string" ? inputs.smartfloName : declared.name }),
    fromHeld: (held, props) => {
      // The declared name is the state's while Smartflo still holds the name this resource gave it.
      const keepsName = typeof props?.name === "string" && props.smartfloName === held.name;
      return { value: { ...held, name: keepsName ? (props!.name as string) : held.name }, outputs: { smartfloName: held.name } };
    },
  },
};

export type TimeGroupRecord = ListedEntry;

/** Every time group, from a complete list sent now (shared with concurrent callers), with this process's later writes applied. */
export const listTimeGroupRecords = (client: SmartfloClient): Promise<TimeGroupRecord[]> => listManaged(client, TIME_GROUP_KIND);

/** The time group with this id, mapped to the canonical model, and its name in Smartflo. */
export const getTimeGroup = (client: SmartfloClient, id: string, prior?: { name?: unknown; smartfloName?: unknown }) =>
  getManaged(client, TIME_GROUP_KIND, id, (raw) => fromReadShape(raw, prior));

/** Names are unique per account, under Smartflo's name rule (core/names.ts). */
export const findTimeGroupByName = (client: SmartfloClient, name: string): Promise<TimeGroupRecord | undefined> => findManagedByName(client, TIME_GROUP_KIND, name);

/** `POST /v1/timegroup` under `smartfloName`, then the new id (managed/ownership.ts). */
export async function createTimeGroup(client: SmartfloClient, timeGroup: TimeGroup, smartfloName: string): Promise<string> {
  return (await createOwned(client, TIME_GROUP_KIND, { ...timeGroup, name: smartfloName })).id;
}

/** `DELETE /v1/timegroup/{id}`; one that is already gone counts as deleted. */
export function deleteTimeGroup(client: SmartfloClient, id: string): Promise<"deleted" | "absent"> {
  return deleteOwned(client, TIME_GROUP_KIND, id);
}
