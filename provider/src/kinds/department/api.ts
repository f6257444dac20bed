/**
 * The department endpoints: `GET /v1/departments` (the only read), `POST /v1/department`,
 * `PUT /v1/department/{id}`, `DELETE /v1/department/{id}`, as a managed kind (managed/kind.ts).
 * Listing, the shared list answers, and ownership of creates are the kind-independent machinery
 * of managed/; this file says only what is particular to departments.
 */
import type { SmartfloClient } from "../../client/client";
import { ManagedKind, idInCreateAnswer } from "../../managed/kind";
import type { ListedEntry } from "../../managed/listing";
import { findManagedByName, getManaged, listManaged } from "../../managed/reads";
import { createOwned, deleteOwned, updateOwned } from "../../managed/ownership";
import { fromReadShape, toWriteBody } from "./mapping";
import { DEPARTMENT_SPEC, Department } from "./spec";

export const DEPARTMENT_KIND: ManagedKind<Department> = {
  spec: DEPARTMENT_SPEC,
  noun: DEPARTMENT_SPEC.noun,
  aNoun: DEPARTMENT_SPEC.aNoun,
  listPath: "/v1/departments",
  // The list's shape is undocumented: a bare array, or one under one of these keys.
  listKey: ["data", "departments", "results"],
  createPath: "/v1/department",
  itemPath: (id) => `/v1/department/${encodeURIComponent(id)}`,
  // Create and update name the failover differently (mapping.ts).
  writeBody: (d, verb) => toWriteBody(d, verb),
  nameOf: (d) => d.name,
  valueOf: (entry, prior) => fromReadShape(entry, prior).department,
  idFromCreateAnswer: (answer) => idInCreateAnswer(answer, ["department_id", "id"]),
};

export type DepartmentRecord = ListedEntry;

/** Every department, from a complete list sent now (shared with concurrent callers), with this process's later writes applied. */
export const listDepartmentRecords = (client: SmartfloClient): Promise<DepartmentRecord[]> => listManaged(client, DEPARTMENT_KIND);

/** The department with this id, mapped to the canonical model (`prior` keeps what reads cannot tell). */
export const getDepartment = (client: SmartfloClient, id: string, prior?: Partial<Department>): Promise<{ id: string; department: Department } | undefined> =>
  getManaged(client, DEPARTMENT_KIND, id, (raw) => fromReadShape(raw, prior));

/** Names are unique per account, under Smartflo's name rule (core/names.ts). */
export const findDepartmentByName = (client: SmartfloClient, name: string): Promise<DepartmentRecord | undefined> => findManagedByName(client, DEPARTMENT_KIND, name);

/** `POST /v1/department`, then the new id; a POST whose outcome is unknown is never sent again blindly (managed/ownership.ts). */
export async function createDepartment(client: SmartfloClient, department: Department, opts: { adopt?: boolean } = {}): Promise<string> {
  return (await createOwned(client, DEPARTMENT_KIND, department, opts)).id;
}

/** `PUT /v1/department/{id}` with the full desired state. */
export function updateDepartment(client: SmartfloClient, id: string, department: Department): Promise<void> {
  return updateOwned(client, DEPARTMENT_KIND, id, department);
}

/** `DELETE /v1/department/{id}`; one that is already gone counts as deleted. */
export function deleteDepartment(client: SmartfloClient, id: string): Promise<"deleted" | "absent"> {
  return deleteOwned(client, DEPARTMENT_KIND, id);
}
