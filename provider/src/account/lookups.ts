/**
 * What an account holds besides the resources this package manages: recordings, users (agents),
 * departments, time groups and numbers, as the list endpoints give them. Plan-time reference
 * checks (provider/references.ts) and tools read them through these.
 */
import type { SmartfloClient } from "../client/client";
import { MalformedAnswerError } from "../client/errors";

export interface RecordingInfo { id: string; name: string }
export interface UserInfo { id: string; name: string; agentId?: string }
export interface DepartmentInfo { id: string; name: string; agentIds: string[] }
export interface TimeGroupInfo { id: string; name: string }
export interface NumberInfo { id: string; did?: string; name?: string; destination?: string }

export async function listRecordings(client: SmartfloClient): Promise<RecordingInfo[]> {
  const list = await listed(client, "/v1/recordings", ["data", "recordings", "results", "items"], ["id", "recording_id"]);
  return list.map((r) => ({ id: String(r.id ?? r.recording_id), name: String(r.name ?? r.audio_name ?? "") }));
}

/** Every user, following the `last_seen_id` cursor. */
export async function listUsers(client: SmartfloClient): Promise<UserInfo[]> {
  const users: UserInfo[] = [];
  let cursor: string | undefined;
  for (let page = 0; page < 1000; page++) {
    const body = await client.request<Record<string, unknown>>({
      method: "GET",
      path: "/v1/users",
      query: { limit: 100, last_seen_id: cursor },
    });
    for (const u of listIn(body, ["data", "users", "results"], "GET /v1/users")) {
      const agent = (u.agent ?? {}) as Record<string, unknown>;
      users.push({ id: String(u.id), name: String(u.name ?? ""), agentId: agent.id !== undefined ? String(agent.id) : undefined });
    }
    const next = body?.last_seen_id;
    if (!body?.has_more || next === undefined || next === null || String(next) === cursor) break;
    cursor = String(next);
  }
  return users;
}

export async function listDepartments(client: SmartfloClient): Promise<DepartmentInfo[]> {
  const list = await listed(client, "/v1/departments", ["data", "departments", "results"]);
  return list.map(departmentInfo);
}

/** One entry of `GET /v1/departments` as the reference checks read it: its id, name and members' agent ids. */
// eslint-disable-next-line @typescript-eslint/no-explicit-any
export function departmentInfo(d: any): DepartmentInfo {
  return {
    id: String(d.id),
    name: String(d.name ?? ""),
    agentIds: Array.isArray(d.agents) ? d.agents.map((a: Record<string, unknown>) => String(a.eid ?? a.id)) : [],
  };
}

export async function listTimeGroups(client: SmartfloClient): Promise<TimeGroupInfo[]> {
  const list = await listed(client, "/v1/timegroups", ["data", "timegroups", "results"]);
  return list.map((t) => ({ id: String(t.id), name: String(t.name ?? "") }));
}

export async function listNumbers(client: SmartfloClient): Promise<NumberInfo[]> {
  const list = await listed(client, "/v1/my_number", ["data", "numbers", "results"]);
  return list.map((n) => ({
    id: String(n.id),
    did: textOrNone(n.did),
    name: textOrNone(n.name),
    // A number that routes nowhere may list its destination as null: no destination, not "null".
    destination: textOrNone(n.destination),
  }));
}

/** `GET path` as a list (see listIn), checked inside the request loop so a malformed answer is retried like a failed read. */
// eslint-disable-next-line @typescript-eslint/no-explicit-any
function listed(client: SmartfloClient, path: string, keys: string[], idKeys?: string[]): Promise<any[]> {
  return client.request({ method: "GET", path }, { parse: (body) => listIn(body, keys, `GET ${path}`, idKeys) });
}

/** A listed field as text; absent or null is none. */
function textOrNone(v: unknown): string | undefined {
  return v === undefined || v === null ? undefined : String(v);
}

/**
 * List endpoints answer a bare array or an object holding one; accept both. Any other shape is
 * an error, never an empty list: "no recordings" would wrongly fail every recording reference.
 * So is an entry that is not an object with an id (under one of `idKeys`) that is a string or a
 * number: a list with a hole in it is not the account's list.
 */
// eslint-disable-next-line @typescript-eslint/no-explicit-any
export function listIn(body: unknown, keys: string[], endpoint: string, idKeys: string[] = ["id"]): any[] {
  let list: unknown[] | undefined;
  if (Array.isArray(body)) list = body;
  else if (body && typeof body === "object") {
    for (const k of keys) {
      const v = (body as Record<string, unknown>)[k];
      if (Array.isArray(v)) {
        list = v;
        break;
      }
    }
  }
  if (!list) {
    throw new MalformedAnswerError(`Smartflo ${endpoint} answered in an unexpected shape (no list under ${keys.join("/")})`, { endpoint, body });
  }
  list.forEach((entry, index) => {
    const ok =
      entry !== null &&
      typeof entry === "object" &&
      !Array.isArray(entry) &&
      idKeys.some((k) => {
        const id = (entry as Record<string, unknown>)[k];
        return (typeof id === "string" && id.trim() !== "") || (typeof id === "number" && Number.isFinite(id));
      });
    if (!ok) {
      throw new MalformedAnswerError(
        `Smartflo ${endpoint} answered a list whose entry ${index} is not an object with a string or number ${idKeys.join(" or ")}: the list is malformed`,
        { endpoint },
      );
    }
  });
  return list;
}
