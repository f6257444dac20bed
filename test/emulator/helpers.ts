/** Shared helpers for the emulator specs: a tiny fetch wrapper and valid write bodies. */
import { EmulatorOptions, RunningEmulator, startEmulator } from "../../provider/src/emulator";

export const TOKEN = "emulator-token";
export const EMAIL = "ops@example.com";
export const PASSWORD = "emulator-password";

export interface ApiResponse {
  status: number;
  body: any;
  headers: Headers;
}

export interface CallOptions {
  /** Sent as `Authorization: Bearer <token>`; null sends no header. Default: the seed token. */
  token?: string | null;
  /** Send this exact Authorization header instead. */
  authorization?: string;
  /** JSON-encoded unless `raw` is given. */
  body?: unknown;
  raw?: string;
}

export async function call(
  base: RunningEmulator | string,
  method: string,
  path: string,
  options: CallOptions = {},
): Promise<ApiResponse> {
  const url = `${typeof base === "string" ? base : base.url}${path}`;
  const headers: Record<string, string> = { Accept: "application/json" };
  const token = options.token === undefined ? TOKEN : options.token;
  if (options.authorization !== undefined) headers.Authorization = options.authorization;
  else if (token !== null) headers.Authorization = `Bearer ${token}`;
  let payload: string | undefined = options.raw;
  if (payload === undefined && options.body !== undefined) payload = JSON.stringify(options.body);
  if (payload !== undefined) headers["Content-Type"] = "application/json";
  const res = await fetch(url, { method, headers, body: payload });
  const text = await res.text();
  let body: unknown = text;
  try {
    body = JSON.parse(text);
  } catch {
    // keep the text
  }
  return { status: res.status, body, headers: res.headers };
}

/** Start an emulator without rate limiting (unless asked), closed by the returned stop(). */
export async function withEmulator(options: EmulatorOptions = {}): Promise<RunningEmulator> {
  return startEmulator({ cps: 0, ...options });
}

/** A create/update body valid against the built-in seed, in the documented write shape. */
export function ivrBody(overrides: Record<string, unknown> = {}): Record<string, unknown> {
  return {
    name: "Support IVR",
    description: "Main support menu",
    recording: "recording||28935",
    timeout: 30,
    option: ["1", "2", "9"],
    destination: ["extension||05047530000", "department||20546", "hangup||1"],
    incorrect_count: 2,
    invalid_recording: "recording||28955",
    invalid_destination: "extension||05047530099",
    timeout_retry_recording: "recording||28977",
    timeout_recording: "recording||28955",
    timeout_destination: "extension||05047530675",
    timeout_tries: 2,
    timeout_retries: 2,
    recording_invalid: "recording||28934",
    ...overrides,
  };
}

/** A `POST /v1/department` body valid against the built-in seed (create names: failover_*). */
export function departmentBody(overrides: Record<string, unknown> = {}): Record<string, unknown> {
  return {
    name: "Billing",
    description: "Billing ring group",
    ring_strategy: "round_robin",
    failover_dest_type: "extension",
    failover_destination: "extension||050109590001",
    destination: ["extension||05047530000", "extension||050109590002"],
    timeout: [30, 25],
    music_on_hold: "42240",
    sticky_agent: { enable: 1, time: "12h" },
    ...overrides,
  };
}

/** The same department as a `PUT /v1/department/{id}` body (update names: timeout_*). */
export function departmentUpdateBody(overrides: Record<string, unknown> = {}): Record<string, unknown> {
  const { failover_dest_type, failover_destination, ...rest } = departmentBody();
  return { ...rest, timeout_dest_type: failover_dest_type, timeout_destination: failover_destination, ...overrides };
}

/** A `POST /v1/timegroup` body (the documented fields). */
export function timeGroupBody(overrides: Record<string, unknown> = {}): Record<string, unknown> {
  return {
    name: "Lunch",
    from_time: ["13:00"],
    to_time: ["14:00"],
    days: ["mon", "tue", "wed", "thu", "fri"],
    dates: [],
    months: [],
    ...overrides,
  };
}

/** Create a department or time group and return its id, found by name in its list. */
export async function createNamed(
  em: RunningEmulator,
  kind: "department" | "timegroup",
  body: Record<string, unknown>,
): Promise<string> {
  const created = await call(em, "POST", `/v1/${kind}`, { body });
  if (created.status !== 200 || created.body.success !== true) {
    throw new Error(`create ${kind} failed: ${created.status} ${JSON.stringify(created.body)}`);
  }
  const list = await call(em, "GET", kind === "department" ? "/v1/departments" : "/v1/timegroups");
  return list.body.find((item: { name: string }) => item.name === body.name).id;
}

/** Create an IVR and return its id, found by name in the list (create answers without an id). */
export async function createIvr(em: RunningEmulator | string, overrides: Record<string, unknown> = {}, token = TOKEN): Promise<number> {
  const body = ivrBody(overrides);
  const created = await call(em, "POST", "/v1/ivr", { body, token });
  if (created.status !== 200 || created.body.success !== true) {
    throw new Error(`create failed: ${created.status} ${JSON.stringify(created.body)}`);
  }
  const found = (await listAllIvrs(em, token)).find((ivr) => ivr.name === body.name);
  if (!found) throw new Error(`created IVR '${String(body.name)}' is not in the list`);
  return found.id;
}

/** Every IVR of the account, following `has_more` pages when the emulator pages the list. */
export async function listAllIvrs(em: RunningEmulator | string, token = TOKEN): Promise<Array<{ id: number; name: string }>> {
  const ivrs: Array<{ id: number; name: string }> = [];
  for (let page = 1; ; page++) {
    const res = await call(em, "GET", `/v1/ivrs?page=${page}`, { token });
    if (res.status !== 200) throw new Error(`list failed: ${res.status} ${JSON.stringify(res.body)}`);
    ivrs.push(...res.body.ivrs);
    if (res.body.has_more !== true) return ivrs;
  }
}

export function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}

/** Poll until `condition` holds (server-side events such as log lines land just after the reply). */
export async function waitFor(condition: () => boolean, timeoutMs = 2000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!condition()) {
    if (Date.now() > deadline) throw new Error("waitFor: condition not met in time");
    await sleep(5);
  }
}
