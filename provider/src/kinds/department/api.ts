/**
 * The department endpoints, through the client's one request loop: `GET /v1/departments` (the
 * only read), `POST /v1/department`, `PUT /v1/department/{id}`, `DELETE /v1/department/{id}`.
 */
import type { SmartfloClient } from "../../client/client";
import { NotFoundError, SmartfloError, ValidationError } from "../../client/errors";
import { NamedList, NamedRecord, createFoundByName, deleteConfirmed, findNamed, getNamed, listNamed, namedExists } from "../named-objects";
import { fromReadShape, toWriteBody } from "./mapping";
import type { Department } from "./spec";

const LIST: NamedList = { path: "/v1/departments", keys: ["data", "departments", "results"], noun: "department" };
const CREATE = "/v1/department";
const one = (id: string) => `/v1/department/${encodeURIComponent(id)}`;

export type DepartmentRecord = NamedRecord;

/** Every department, raw; concurrent callers share one request. */
export const listDepartmentRecords = (client: SmartfloClient) => listNamed(client, LIST);

/** The department with this id, mapped to the canonical model (`prior` keeps what reads cannot tell). */
export const getDepartment = (client: SmartfloClient, id: string, prior?: Partial<Department>) =>
  getNamed(client, LIST, id, (raw) => fromReadShape(raw, prior));

export const findDepartmentByName = (client: SmartfloClient, name: string) => findNamed(client, LIST, name);

/** `POST /v1/department` (the create naming of the failover), then the new id. */
export function createDepartment(client: SmartfloClient, department: Department): Promise<string> {
  return createFoundByName(client, {
    path: CREATE,
    body: toWriteBody(department, "create"),
    name: department.name,
    noun: "department",
    listEndpoint: `GET ${LIST.path}`,
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
    if (err instanceof NotFoundError || (err instanceof ValidationError && !(await namedExists(client, LIST, id)))) {
      const e = err as SmartfloError;
      throw new NotFoundError(`Smartflo department ${id} no longer exists (PUT ${path}: ${e.apiMessage ?? e.status})`, { endpoint: `PUT ${path}`, status: e.status, cause: err });
    }
    throw err;
  }
}

/** `DELETE /v1/department/{id}`; one that is already gone counts as deleted. */
export function deleteDepartment(client: SmartfloClient, id: string): Promise<"deleted" | "absent"> {
  return deleteConfirmed(client, one(id), () => namedExists(client, LIST, id));
}
