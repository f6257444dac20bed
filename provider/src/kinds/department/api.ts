/**
 * The department endpoints, through the client's one request loop: `GET /v1/departments` (the
 * only read), `POST /v1/department`, `PUT /v1/department/{id}`, `DELETE /v1/department/{id}`.
 */
import type { SmartfloClient } from "../../client/client";
import { NotFoundError, SmartfloError, ValidationError } from "../../client/errors";
import { listIn } from "../../account/lookups";
import { sameName } from "../../core/names";
import { createFoundByName, deleteConfirmed } from "../named-objects";
import { fromReadShape, toWriteBody } from "./mapping";
import type { Department } from "./spec";

const LIST = "/v1/departments";
const CREATE = "/v1/department";
const one = (id: string) => `/v1/department/${encodeURIComponent(id)}`;

export interface DepartmentRecord {
  id: string;
  name: string;
  raw: Record<string, unknown>;
}

/** Every department, raw; concurrent callers share one request. */
export async function listDepartmentRecords(client: SmartfloClient): Promise<DepartmentRecord[]> {
  const list = listIn(await client.getShared(LIST), ["data", "departments", "results"], `GET ${LIST}`) as Array<Record<string, unknown>>;
  return list.map((raw) => ({ id: String(raw.id), name: String(raw.name ?? ""), raw }));
}

/** The department with this id, mapped to the canonical model (`prior` keeps what reads cannot tell). */
export async function getDepartment(
  client: SmartfloClient,
  id: string,
  prior?: Partial<Department>,
): Promise<{ id: string; department: Department } | undefined> {
  const found = (await listDepartmentRecords(client)).find((r) => r.id === String(id));
  if (!found) return undefined;
  try {
    return fromReadShape(found.raw, prior);
  } catch (err) {
    throw new ValidationError(`Smartflo GET ${LIST} returned department ${id} in an unexpected shape: ${(err as Error).message}`, {
      endpoint: `GET ${LIST}`,
      cause: err,
    });
  }
}

/** Names are unique per account, under Smartflo's name rule (core/names.ts). */
export async function findDepartmentByName(client: SmartfloClient, name: string): Promise<DepartmentRecord | undefined> {
  return (await listDepartmentRecords(client)).find((r) => sameName(r.name, name));
}

/** `POST /v1/department` (the create naming of the failover), then the new id. */
export function createDepartment(client: SmartfloClient, department: Department): Promise<string> {
  return createFoundByName(client, {
    path: CREATE,
    body: toWriteBody(department, "create"),
    name: department.name,
    noun: "department",
    listEndpoint: `GET ${LIST}`,
    idFields: ["department_id", "id"],
    findId: async (name) => (await findDepartmentByName(client, name))?.id,
  });
}

/** `PUT /v1/department/{id}` with the full desired state (the update naming of the failover). */
export async function updateDepartment(client: SmartfloClient, id: string, department: Department): Promise<void> {
  const path = one(id);
  try {
    await client.request({ method: "PUT", path, body: toWriteBody(department, "update") });
  } catch (err) {
    if (err instanceof NotFoundError || (err instanceof ValidationError && !(await departmentExists(client, id)))) {
      throw new NotFoundError(`Smartflo department ${id} no longer exists (PUT ${path}: ${(err as SmartfloError).apiMessage ?? (err as SmartfloError).status})`, {
        endpoint: `PUT ${path}`,
        status: (err as SmartfloError).status,
        cause: err,
      });
    }
    throw err;
  }
}

/** `DELETE /v1/department/{id}`; one that is already gone counts as deleted. */
export function deleteDepartment(client: SmartfloClient, id: string): Promise<"deleted" | "absent"> {
  return deleteConfirmed(client, one(id), () => departmentExists(client, id));
}

async function departmentExists(client: SmartfloClient, id: string): Promise<boolean> {
  return (await listDepartmentRecords(client)).some((r) => r.id === String(id));
}
