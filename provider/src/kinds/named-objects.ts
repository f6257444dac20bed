/**
 * Create and delete for objects named uniquely in the account whose create answers only
 * `{success, message}` (departments, time groups; documented).
 *
 * Create takes the new id from the answer when it has one, else finds it by name. A POST whose
 * answer was lost is not sent again once the name is found. Interim and kept small on purpose:
 * the generic create-and-claim module of issue 8 (pending creates recorded in state, claim rules)
 * replaces it; its callers, `createDepartment` and `createTimeGroup`, only say what to post and
 * how to find the result.
 */
import type { SmartfloClient } from "../client/client";
import { NotFoundError, SmartfloError, ValidationError } from "../client/errors";
import { listIn } from "../account/lookups";
import { sameName } from "../core/names";

/** An object as its list endpoint gives it: its id, its name, and the raw entry. */
export interface NamedRecord {
  id: string;
  name: string;
  raw: Record<string, unknown>;
}

/** A list endpoint of named objects: `GET <path>`, a bare array or one under one of `keys`. */
export interface NamedList {
  path: string;
  keys: readonly string[];
  noun: string;
}

/** Every object of the list; concurrent callers share one request. */
export async function listNamed(client: SmartfloClient, list: NamedList): Promise<NamedRecord[]> {
  const entries = listIn(await client.getShared(list.path), [...list.keys], `GET ${list.path}`) as Array<Record<string, unknown>>;
  return entries.map((raw) => ({ id: String(raw.id), name: String(raw.name ?? ""), raw }));
}

/** Names are unique per account, under Smartflo's name rule (core/names.ts). */
export async function findNamed(client: SmartfloClient, list: NamedList, name: string): Promise<NamedRecord | undefined> {
  return (await listNamed(client, list)).find((r) => sameName(r.name, name));
}

/** The object with this id, mapped by `read`; an entry it cannot read is an error naming the endpoint. */
export async function getNamed<T>(client: SmartfloClient, list: NamedList, id: string, read: (raw: unknown) => T): Promise<T | undefined> {
  const found = (await listNamed(client, list)).find((r) => r.id === String(id));
  if (!found) return undefined;
  try {
    return read(found.raw);
  } catch (err) {
    throw new ValidationError(`Smartflo GET ${list.path} returned ${list.noun} ${id} in an unexpected shape: ${(err as Error).message}`, {
      endpoint: `GET ${list.path}`,
      cause: err,
    });
  }
}

export async function namedExists(client: SmartfloClient, list: NamedList, id: string): Promise<boolean> {
  return (await listNamed(client, list)).some((r) => r.id === String(id));
}

export interface CreateByName {
  /** e.g. `/v1/department`. */
  path: string;
  body: unknown;
  name: string;
  /** What messages call it, e.g. "department". */
  noun: string;
  /** Where the list is read from, for messages, e.g. `GET /v1/departments`. */
  listEndpoint: string;
  /** Answer fields that may carry the new id (checked at the top level and under `data`). */
  idFields: readonly string[];
  /** The id of the object with this name, from a list read after the POST. */
  findId(name: string): Promise<string | undefined>;
}

export async function createFoundByName(client: SmartfloClient, c: CreateByName): Promise<string> {
  const outcome = await client.request<{ answer: unknown } | { found: string }>(
    { method: "POST", path: c.path, body: c.body },
    {
      parse: (answer) => ({ answer }),
      ifOutcomeUnknown: async () => {
        const found = await c.findId(c.name);
        if (found) client.logger.debug?.(`POST ${c.path}: answer lost, but ${c.noun} '${c.name}' exists as ${found}`);
        return found ? { found } : undefined;
      },
    },
  );
  if ("found" in outcome) return outcome.found;
  const id = idFromAnswer(outcome.answer, c.idFields) ?? (await c.findId(c.name));
  if (!id) {
    throw new SmartfloError(`Smartflo POST ${c.path} reported success, but no ${c.noun} named '${c.name}' appears in ${c.listEndpoint}`, {
      endpoint: `POST ${c.path}`,
      body: outcome.answer,
    });
  }
  return id;
}

function idFromAnswer(answer: unknown, fields: readonly string[]): string | undefined {
  const a = (answer ?? {}) as Record<string, unknown>;
  const data = (a.data ?? {}) as Record<string, unknown>;
  for (const v of [...fields.map((f) => a[f]), ...fields.map((f) => data[f])]) {
    if ((typeof v === "string" && v.trim()) || typeof v === "number") return String(v);
  }
  return undefined;
}

/**
 * `DELETE <path>`: deleted, or already gone. Only a 404 says "gone" outright; after any other
 * refusal the list is asked (the status for an unknown id is undocumented).
 */
export async function deleteConfirmed(client: SmartfloClient, path: string, exists: () => Promise<boolean>): Promise<"deleted" | "absent"> {
  try {
    await client.request({ method: "DELETE", path });
    return "deleted";
  } catch (err) {
    if (err instanceof NotFoundError) return "absent";
    if (err instanceof ValidationError && !(await exists())) return "absent";
    throw err;
  }
}
