/**
 * Reading a managed kind's objects for its api.ts and the tools: every object, one by id, one by
 * name, all from the shared list answers of the run (directory.ts), with this process's later
 * writes applied. There is no endpoint that reads one object.
 */
import type { SmartfloClient } from "../client/client";
import { ValidationError } from "../client/errors";
import { Directory } from "./directory";
import type { ListedKind } from "./kind";
import type { ListedEntry } from "./listing";

/** Every object of the kind, from a complete list sent within `maxAgeMs` (default: sent now, shared with concurrent callers). */
export async function listManaged(client: SmartfloClient, kind: ListedKind, opts: { maxAgeMs?: number } = {}): Promise<ListedEntry[]> {
  const dir = Directory.of(client, kind);
  return [...dir.view(await dir.recent(opts.maxAgeMs ?? 0)).values()];
}

/** Names are unique per account, under Smartflo's name rule (core/names.ts). */
export async function findManagedByName(client: SmartfloClient, kind: ListedKind, name: string): Promise<ListedEntry | undefined> {
  return Directory.named(await listManaged(client, kind), name)[0];
}

/**
 * The object with this id, as `read` maps its list entry, or undefined when two lists, the
 * second sent after the first answered, both lack it. An entry `read` refuses is an error naming
 * the endpoint and the object.
 */
export async function getManaged<T>(client: SmartfloClient, kind: ListedKind, id: string, read: (raw: Record<string, unknown>) => T): Promise<T | undefined> {
  const found = await Directory.of(client, kind).find(String(id));
  if (!found) return undefined;
  try {
    return read(found.raw);
  } catch (err) {
    const endpoint = `GET ${kind.listPath}`;
    const why = (err as Error).message;
    // Some mappings name the object themselves ("IVR 8001 lacks ..."), others only the field.
    const what = why.includes(String(id)) ? why : `${kind.noun} ${id}: ${why}`;
    throw new ValidationError(`Smartflo ${endpoint}: ${what}`, { endpoint, cause: err });
  }
}
