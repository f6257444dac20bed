/**
 * The IVR endpoints, through the client's one request loop:
 *   GET /v1/ivrs (the only read: there is no GET /v1/ivr/{id}), POST /v1/ivr,
 *   PUT /v1/ivr/{id}, DELETE /v1/ivr/{id}.
 */
import type { SmartfloClient } from "../../client/client";
import { NotFoundError, SmartfloError, ValidationError } from "../../client/errors";
import { sameName } from "../../core/names";
import { fromReadShape, toWriteBody } from "./mapping";
import type { Ivr } from "./spec";

/** An IVR as listed by Smartflo: its id, its name, and the raw API object. */
export interface IvrRecord {
  id: string;
  name: string;
  raw: unknown;
}

const LIST = "/v1/ivrs";
const CREATE = "/v1/ivr";
const one = (id: string) => `/v1/ivr/${encodeURIComponent(id)}`;

/**
 * `GET /v1/ivrs`: every IVR of the account, raw. Concurrent callers share one request (see
 * `SmartfloClient.getShared`): Pulumi creates many IVRs in parallel and each needs the list.
 */
async function rawIvrs(client: SmartfloClient): Promise<Array<Record<string, unknown>>> {
  const body = await client.getShared(LIST);
  const list = Array.isArray(body) ? body : (body as { ivrs?: unknown })?.ivrs;
  if (!Array.isArray(list)) {
    throw new ValidationError(`Smartflo GET ${LIST} answered without an ivrs[] list`, { endpoint: `GET ${LIST}`, body });
  }
  return list as Array<Record<string, unknown>>;
}

export async function listIvrs(client: SmartfloClient): Promise<IvrRecord[]> {
  return (await rawIvrs(client)).map((raw) => ({ id: String(raw.id), name: String(raw.name ?? ""), raw }));
}

/** The IVR with this id, mapped to the canonical model (`prior` keeps what reads cannot tell). */
export async function getIvr(client: SmartfloClient, id: string, prior?: Partial<Ivr>): Promise<{ id: string; ivr: Ivr } | undefined> {
  const found = (await rawIvrs(client)).find((raw) => String(raw.id) === String(id));
  if (!found) return undefined;
  try {
    return fromReadShape(found, prior);
  } catch (err) {
    throw new ValidationError(`Smartflo GET ${LIST}: ${(err as Error).message}`, {
      endpoint: `GET ${LIST}`,
      cause: err,
    });
  }
}

/** Names are unique per account, under Smartflo's name rule (core/names.ts). */
export async function findIvrByName(client: SmartfloClient, name: string): Promise<IvrRecord | undefined> {
  return (await listIvrs(client)).find((r) => sameName(r.name, name));
}

/**
 * `POST /v1/ivr`, then the new id. Create answers only `{success, message}`, so the id is found
 * by name. A POST whose response was lost is never blindly repeated: the name is looked up
 * first, and an IVR that did get created is returned instead of creating a duplicate.
 */
export async function createIvr(client: SmartfloClient, ivr: Ivr): Promise<string> {
  const outcome = await client.request<{ answer: unknown } | { existing: IvrRecord }>(
    { method: "POST", path: CREATE, body: toWriteBody(ivr) },
    {
      parse: (answer) => ({ answer }),
      ifOutcomeUnknown: async () => {
        const existing = await findIvrByName(client, ivr.name);
        if (!existing) return undefined;
        client.logger.debug?.(`POST ${CREATE}: response lost, but IVR '${ivr.name}' exists as ${existing.id}`);
        return { existing };
      },
    },
  );
  if ("existing" in outcome) return outcome.existing.id;
  const id = idFromCreateAnswer(outcome.answer) ?? (await findIvrByName(client, ivr.name))?.id;
  if (!id) {
    throw new SmartfloError(
      `Smartflo POST ${CREATE} reported success, but no IVR named '${ivr.name}' appears in GET ${LIST}`,
      { endpoint: `POST ${CREATE}`, body: outcome.answer },
    );
  }
  return id;
}

/** `PUT /v1/ivr/{id}` with the full desired state (every field is mandatory on update). */
export async function updateIvr(client: SmartfloClient, id: string, ivr: Ivr): Promise<void> {
  const path = one(id);
  try {
    await client.request({ method: "PUT", path, body: toWriteBody(ivr) });
  } catch (err) {
    if (err instanceof ValidationError && !(await ivrExists(client, id))) throw gone(id, `PUT ${path}`, err);
    if (err instanceof NotFoundError) throw gone(id, `PUT ${path}`, err);
    throw err;
  }
}

/** `DELETE /v1/ivr/{id}`; an IVR that is already gone counts as deleted. */
export async function deleteIvr(client: SmartfloClient, id: string): Promise<"deleted" | "absent"> {
  const path = one(id);
  try {
    await client.request({ method: "DELETE", path });
    return "deleted";
  } catch (err) {
    if (err instanceof NotFoundError) return "absent";
    // The status for an unknown id is undocumented: confirm absence rather than guess from text.
    if (err instanceof ValidationError && !(await ivrExists(client, id))) return "absent";
    throw err;
  }
}

async function ivrExists(client: SmartfloClient, id: string): Promise<boolean> {
  return (await listIvrs(client)).some((r) => r.id === String(id));
}

function gone(id: string, endpoint: string, cause: SmartfloError): NotFoundError {
  return new NotFoundError(`Smartflo IVR ${id} no longer exists (${endpoint}: ${cause.apiMessage ?? cause.status})`, {
    endpoint,
    status: cause.status,
    apiMessage: cause.apiMessage,
    cause,
  });
}

/** Create may one day answer an id: prefer it when it does. */
function idFromCreateAnswer(answer: unknown): string | undefined {
  const a = (answer ?? {}) as Record<string, unknown>;
  const data = (a.data ?? {}) as Record<string, unknown>;
  for (const v of [a.ivr_id, a.id, data.ivr_id, data.id]) {
    if ((typeof v === "string" && v.trim()) || typeof v === "number") return String(v);
  }
  return undefined;
}
