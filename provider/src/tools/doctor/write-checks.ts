/**
 * The write checks of `smartflo doctor --write`: one scratch IVR, named so that it clashes with
 * nothing (`smartflo-doctor-<random>`, checked free first), created, read back, updated, refused
 * on purpose, and deleted, through the package's own IVR functions where they exist and raw
 * requests of the same client where the answer itself is the question. Whatever happens, every IVR
 * with the scratch name is deleted at the end.
 */
import { randomBytes } from "crypto";
import type { SmartfloClient } from "../../client/client";
import { NotFoundError, SmartfloError, ValidationError } from "../../client/errors";
import { sameName } from "../../core/names";
import { formatPath } from "../../core/problems";
import { deleteIvr, findIvrByName, getIvr, listIvrs, updateIvr } from "../../kinds/ivr/api";
import { toWriteBody } from "../../kinds/ivr/mapping";
import { Ivr, comparableIvr, validateIvr } from "../../kinds/ivr/spec";
import type { Checks } from "./checks";
import type { AccountFacts } from "./read-checks";

export const SCRATCH_PREFIX = "smartflo-doctor-";

export interface WriteRun {
  /** The scratch IVR's name. */
  name: string;
  cleanup: string[];
}

/** Stops between checks when aborted (Ctrl-C): the cleanup still runs. */
export async function writeChecks(client: SmartfloClient, facts: AccountFacts, checks: Checks, signal?: AbortSignal): Promise<WriteRun> {
  const taken = new Set(facts.ivrs.map((i) => String(i.name ?? "").trim().toLowerCase()));
  let name: string;
  do name = `${SCRATCH_PREFIX}${randomBytes(4).toString("hex")}`;
  while (taken.has(name));
  const run: WriteRun = { name, cleanup: [] };
  if (facts.recordingIds.length === 0) {
    checks.start("write", "a scratch IVR can be created").skipped("the account lists no recording (GET /v1/recordings) to give a scratch IVR");
    return run;
  }
  const ivr = scratchIvr(name, facts);
  const known = new Set<string>();
  try {
    const id = await createCheck(client, ivr, checks, known);
    if (id === undefined || signal?.aborted) return run;
    await readBackCheck(client, id, ivr, checks, "read-back", "an IVR reads back field by field as the mapping table says (incorrect_count -> invalid_retries, invalid_recording -> invalid_retry_recording, recording_invalid -> a numeric invalid_recording, timeout_tries -> timeout_retries, department -> ringgroup, ...)");
    if (signal?.aborted) return run;
    const updated: Ivr = { ...ivr, description: `${ivr.description} (updated)`, ringTimeoutSeconds: ivr.ringTimeoutSeconds + 2, options: [...ivr.options].reverse() };
    const update = checks.start("update", "PUT /v1/ivr/{id} with the full write body replaces the IVR");
    try {
      await updateIvr(client, id, updated);
      const diff = await difference(client, id, updated);
      if (diff) update.breaks(`after PUT /v1/ivr/${id} the IVR reads back with ${diff}`);
      else update.holds(`PUT /v1/ivr/${id} applied every field`);
    } catch (err) {
      update.breaks(`PUT /v1/ivr/${id} failed: ${(err as Error).message}`);
    }
    if (signal?.aborted) return run;
    await refusalCheck(client, id, updated, checks);
    if (signal?.aborted) return run;
    await singlePipeCheck(client, id, updated, checks);
    if (signal?.aborted) return run;
    await nameRuleCheck(client, name, ivr, checks, known);
    if (signal?.aborted) return run;
    await deleteChecks(client, id, updated, checks);
    return run;
  } catch (err) {
    // A failure no check expected (the account stopped answering): say so, then clean up.
    checks.start("write-path", "the write checks run to the end").breaks(`the write checks stopped: ${client.redact((err as Error).message)}`);
    return run;
  } finally {
    run.cleanup = await cleanUp(client, name, known);
  }
}

function scratchIvr(name: string, facts: AccountFacts): Ivr {
  // Different recordings in each place (as far as the account has them), so that a field read
  // back from the wrong place shows.
  const r = (i: number) => `recording||${facts.recordingIds[i % facts.recordingIds.length]}`;
  const department = facts.departmentIds[0];
  const result = validateIvr({
    name,
    description: "Scratch IVR of smartflo doctor: safe to delete",
    greeting: r(0),
    ringTimeoutSeconds: 10,
    options: [
      { key: "1", destination: department ? `department||${department}` : "hangup||1" },
      { key: "2", destination: "hangup||1" },
    ],
    invalidInput: { retries: 1, retryRecording: r(1), finalRecording: r(2), destination: "hangup||1" },
    noInput: { retries: 2, retryRecording: r(3), finalRecording: r(4), destination: "hangup||1" },
  });
  if (!result.ok) throw new Error(`the scratch IVR is not valid: ${JSON.stringify(result.problems)}`);
  return result.value;
}

async function createCheck(client: SmartfloClient, ivr: Ivr, checks: Checks, known: Set<string>): Promise<string | undefined> {
  const check = checks.start("create-answer", "POST /v1/ivr answers {success, message} without the new id; the package finds the IVR by its name");
  let answer: unknown;
  try {
    answer = await client.request({ method: "POST", path: "/v1/ivr", body: toWriteBody(ivr) });
  } catch (err) {
    check.breaks(`POST /v1/ivr refused the scratch IVR: ${(err as Error).message}`);
    return undefined;
  }
  const found = await findIvrByName(client, ivr.name);
  if (found) known.add(found.id);
  const extra = answer !== null && typeof answer === "object" ? Object.keys(answer).filter((k) => k !== "success" && k !== "message") : [];
  const shown = JSON.stringify(answer);
  if (!found) check.breaks(`POST /v1/ivr answered ${shown}, but no IVR named '${ivr.name}' is in GET /v1/ivrs`);
  else if (extra.length === 0) check.holds(`POST /v1/ivr answered ${shown}; the package found the IVR by name: ${found.id}`);
  else check.differs(`POST /v1/ivr answered ${shown}, more than {success, message} (the package takes an id from ivr_id, id, data.ivr_id or data.id when there is one); the IVR is ${found.id}`);
  return found?.id;
}

async function readBackCheck(client: SmartfloClient, id: string, sent: Ivr, checks: Checks, checkId: string, assumption: string): Promise<void> {
  const check = checks.start(checkId, assumption);
  try {
    const diff = await difference(client, id, sent);
    if (diff) check.breaks(`IVR ${id} reads back with ${diff}`);
    else check.holds(`IVR ${id} read back as written (${Object.keys(toWriteBody(sent)).length} write fields)`);
  } catch (err) {
    check.breaks(`IVR ${id} could not be read back: ${(err as Error).message}`);
  }
}

/** What differs between the IVR as read and `sent` (undefined when nothing does). */
async function difference(client: SmartfloClient, id: string, sent: Ivr): Promise<string | undefined> {
  const read = await getIvr(client, id, sent);
  if (!read) return "nothing: it is not in GET /v1/ivrs";
  const diffs: string[] = [];
  const walk = (a: unknown, b: unknown, path: Array<string | number>): void => {
    if (a !== null && b !== null && typeof a === "object" && typeof b === "object") {
      for (const k of new Set([...Object.keys(a), ...Object.keys(b)])) walk((a as Record<string, unknown>)[k], (b as Record<string, unknown>)[k], [...path, Array.isArray(a) ? Number(k) : k]);
    } else if (a !== b) {
      diffs.push(`${formatPath(path)} ${JSON.stringify(a)} (sent ${JSON.stringify(b)})`);
    }
  };
  walk(comparableIvr(read.ivr), comparableIvr(sent), []);
  return diffs.length ? diffs.join(", ") : undefined;
}

async function refusalCheck(client: SmartfloClient, id: string, ivr: Ivr, checks: Checks): Promise<void> {
  const check = checks.start("refusal-status", "a write the API refuses is answered HTTP 400 (or 422) with success: false and a message");
  const body = { ...toWriteBody(ivr), option: [...ivr.options.map((o) => o.key), "9"] }; // one key more than destinations
  try {
    await client.request({ method: "PUT", path: `/v1/ivr/${id}`, body });
    check.differs(`PUT /v1/ivr/${id} accepted option[] longer than destination[]: no refusal to look at`);
    await updateIvr(client, id, ivr);
  } catch (err) {
    const e = err as SmartfloError;
    if (e instanceof ValidationError && (e.status === 400 || e.status === 422)) check.holds(`refused with HTTP ${e.status}${e.apiMessage ? ` "${e.apiMessage}"` : ""}`);
    else if (e instanceof ValidationError) check.differs(`refused with HTTP ${e.status} and success: false${e.apiMessage ? ` "${e.apiMessage}"` : ""}; the package reads it as a refusal`);
    else check.breaks(`PUT /v1/ivr/${id} failed as ${e.name} (HTTP ${e.status ?? "?"}): ${e.message}`);
  }
}

async function singlePipeCheck(client: SmartfloClient, id: string, ivr: Ivr, checks: Checks): Promise<void> {
  const check = checks.start("single-pipe", "the API takes type||id; whether it also takes type|id (as the rendered docs show it) is unknown, so the package always sends ||");
  const body = { ...toWriteBody(ivr), recording: ivr.greeting.replace("||", "|") };
  try {
    await client.request({ method: "PUT", path: `/v1/ivr/${id}`, body });
    check.differs(`PUT /v1/ivr/${id} accepted recording '${body.recording}' (one pipe); harmless, the package sends ||`);
  } catch (err) {
    if (err instanceof ValidationError) check.holds(`refused '${body.recording}' (HTTP ${err.status}); the package sends ||`);
    else check.breaks(`PUT /v1/ivr/${id} failed: ${(err as Error).message}`);
  }
  await updateIvr(client, id, ivr).catch(() => undefined); // back to the double pipe
}

async function nameRuleCheck(client: SmartfloClient, name: string, ivr: Ivr, checks: Checks, known: Set<string>): Promise<void> {
  const check = checks.start("name-rule", "IVR names are unique per account, compared ignoring case and surrounding spaces");
  const twin = { ...ivr, name: `  ${name.toUpperCase()} ` };
  try {
    await client.request({ method: "POST", path: "/v1/ivr", body: toWriteBody(twin) });
    (await listIvrs(client)).filter((r) => sameName(r.name, name)).forEach((r) => known.add(r.id));
    check.differs(`POST /v1/ivr accepted '${twin.name}' beside '${name}'; the package still refuses such clashes itself`);
  } catch (err) {
    if (err instanceof ValidationError) check.holds(`refused '${twin.name}' beside '${name}' (HTTP ${err.status})`);
    else check.breaks(`POST /v1/ivr failed: ${(err as Error).message}`);
  }
}

async function deleteChecks(client: SmartfloClient, id: string, ivr: Ivr, checks: Checks): Promise<void> {
  const del = checks.start("delete", "DELETE /v1/ivr/{id} deletes the IVR");
  try {
    await deleteIvr(client, id);
    const still = (await listIvrs(client)).some((r) => r.id === id);
    if (still) {
      del.breaks(`DELETE /v1/ivr/${id} answered success, but GET /v1/ivrs still lists it`);
      return;
    }
    del.holds(`DELETE /v1/ivr/${id} deleted it`);
  } catch (err) {
    del.breaks(`DELETE /v1/ivr/${id} failed: ${(err as Error).message}`);
    return;
  }
  const gone = checks.start("unknown-id-status", "PUT and DELETE of an IVR id that does not exist are answered HTTP 404 (after any other refusal the package lists the IVRs to see whether it is gone)");
  const status = async (method: "PUT" | "DELETE"): Promise<{ text: string; verdict: "holds" | "differs" | "breaks" }> => {
    try {
      await client.request({ method, path: `/v1/ivr/${id}`, body: method === "PUT" ? toWriteBody(ivr) : undefined });
      return method === "PUT"
        ? { text: `${method}: answered success (the package would take an update of an IVR deleted in the panel as done)`, verdict: "breaks" }
        : { text: `${method}: answered success`, verdict: "differs" };
    } catch (err) {
      const e = err as SmartfloError;
      if (e instanceof NotFoundError) return { text: `${method}: HTTP 404`, verdict: "holds" };
      if (e instanceof ValidationError) return { text: `${method}: HTTP ${e.status} "${e.apiMessage ?? ""}" (the package confirms by listing)`, verdict: "differs" };
      return { text: `${method}: ${e.name} HTTP ${e.status ?? "?"}`, verdict: "breaks" };
    }
  };
  const results = [await status("PUT"), await status("DELETE")];
  const text = `for the deleted IVR ${id}: ${results.map((r) => r.text).join("; ")}`;
  if (results.some((r) => r.verdict === "breaks")) gone.breaks(text);
  else if (results.some((r) => r.verdict === "differs")) gone.differs(text);
  else gone.holds(text);
}

const CLEANUP_LISTINGS = 3;
const CLEANUP_PAUSE_MS = 1000;

/**
 * Deletes every IVR with the scratch name (and any id seen for it), saying what it did. The list
 * is asked again (after the client's own retries) before giving up: a scratch IVR whose id was
 * never learnt can only be found by its name.
 */
async function cleanUp(client: SmartfloClient, name: string, known: Set<string>): Promise<string[]> {
  const lines: string[] = [];
  for (let attempt = 1; ; attempt++) {
    try {
      for (const r of await listIvrs(client)) if (sameName(r.name, name)) known.add(r.id);
      break;
    } catch (err) {
      if (attempt < CLEANUP_LISTINGS) {
        await new Promise((r) => setTimeout(r, CLEANUP_PAUSE_MS));
        continue;
      }
      lines.push(`could not list the IVRs to find scratch IVRs named '${name}' (${(err as Error).message}): look for it in the Smartflo panel`);
      break;
    }
  }
  for (const id of known) {
    try {
      const outcome = await deleteIvr(client, id);
      lines.push(outcome === "deleted" ? `deleted the scratch IVR ${id} '${name}'` : `the scratch IVR ${id} '${name}' is gone`);
    } catch (err) {
      lines.push(`could NOT delete the scratch IVR ${id} '${name}': ${(err as Error).message}; delete it in the Smartflo panel`);
    }
  }
  if (known.size === 0 && lines.length === 0) lines.push(`no scratch IVR named '${name}' was left`);
  return lines;
}
