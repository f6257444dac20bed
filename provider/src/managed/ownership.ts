/**
 * Creating, updating and deleting a kind's objects so that the stack owns exactly what it created
 * or adopted, whatever the faults:
 *
 * - Before a create, its name must be free (a recent list answer plus this process's own writes).
 * - A create that succeeded learns its id from the answer, or from a list sent after the answer
 *   (shared with the other creates, through the priority lane: directory.ts).
 * - A create whose outcome is unknown (timeout, reset, 5xx, an answer that is not Smartflo's) is
 *   never sent again blindly. A list sent after the failure decides, by the claim rule: an object
 *   with the name that did not exist when the POST was first sent and matches what it sent is the
 *   create's own, and is taken. An object with the name that existed before, or differs, is not
 *   ours: the create fails, naming it and saying how to adopt it. No object with the name: the
 *   POST may be sent again.
 * - When no list can decide (or a successful create's id cannot be found), the create is pending:
 *   `CreateOutcomeUnknown` carries a record (pending.ts) that a later run resolves by the same rule.
 *
 * Residual risk, stated plainly: the rule cannot tell our object from one another client created
 * with the same name and an identical body after this create's POST was first sent, while this
 * create's own outcome was unknown. Then both would own it.
 */
import type { SmartfloClient } from "../client/client";
import { NotFoundError, SmartfloError, ValidationError } from "../client/errors";
import { Directory, NAME_CHECK_MAX_AGE_MS, Snapshot } from "./directory";
import type { ManagedKind } from "./kind";
import type { ListedEntry } from "./listing";
import { PendingCreate, decodeIds, encodeIds, fingerprintOf } from "./pending";

export interface Created {
  id: string;
  /** Taken over under `adopt`, or claimed after an unknown outcome, rather than created and answered. */
  how: "created" | "claimed" | "adopted";
}

/** A create whose outcome stays unknown: `record` lets a later run finish it (`resolvePending`). */
export class CreateOutcomeUnknown extends Error {
  constructor(
    readonly record: PendingCreate,
    cause: unknown,
  ) {
    super(record.reason);
    this.name = "CreateOutcomeUnknown";
    Object.defineProperty(this, "cause", { value: cause, enumerable: false });
  }
}

/** An object with the create's name exists that this stack cannot prove it created: never taken silently. */
export class NotOurs extends Error {
  constructor(
    readonly entry: ListedEntry,
    message: string,
  ) {
    super(message);
    this.name = "NotOurs";
  }
}

/** The claim rule's verdict on a list: ours (claimed), someone else's (notOurs), or none with the name. */
export type Claim = { claimed: ListedEntry } | { notOurs: ListedEntry; why: string } | { absent: true };

export interface ClaimContext<V> {
  name: string;
  fingerprint: string;
  /** Ids the account held when the create was first sent. */
  before: ReadonlySet<string>;
  /** What was sent (for the parts of an object its list entry cannot tell). */
  sent: V;
  /** The user asked to take over an object of that name whatever it holds. */
  adopt: boolean;
}

export function claimFrom<V>(kind: ManagedKind<V>, snapshot: Snapshot, ctx: ClaimContext<V>): Claim {
  const named = Directory.named(snapshot.byId.values(), ctx.name);
  if (named.length === 0) return { absent: true };
  if (ctx.adopt) return { claimed: named[0]! };
  const ours = named.filter((e) => !ctx.before.has(e.id) && listedAsSent(kind, e, ctx.sent, ctx.fingerprint));
  if (ours.length > 0) return { claimed: ours[0]! };
  const other = named[0]!;
  const why = ctx.before.has(other.id) ? "it existed before this create was sent" : "it differs from what this create sent";
  return { notOurs: other, why };
}

/** The listed object holds what was sent (`fingerprint` is the sent value's). */
function listedAsSent<V>(kind: ManagedKind<V>, entry: ListedEntry, sent: V, fingerprint: string): boolean {
  try {
    return fingerprintOf(kind.spec, kind.valueOf(entry.raw, sent as Partial<V>)) === fingerprint;
  } catch {
    return false; // an entry that cannot be read as one is not provably ours
  }
}

export function nameTaken<V>(kind: ManagedKind<V>, existing: ListedEntry): Error {
  return new Error(
    `${kind.aNoun} named '${existing.name}' already exists in this Smartflo account (id ${existing.id}). ` +
      "Set adopt: true on this resource to take it over (it is updated to the declared state), or choose another name",
  );
}

function notOursError<V>(kind: ManagedKind<V>, claim: { notOurs: ListedEntry; why: string }, context: string): NotOurs {
  const e = claim.notOurs;
  return new NotOurs(
    e,
    `${context}, and ${kind.aNoun} named '${e.name}' (id ${e.id}) now exists that this stack cannot prove it created: ${claim.why}. ` +
      `It was not taken over. If it is the ${kind.noun} this resource declares, set adopt: true on the resource to take it over ` +
      "(it is updated to the declared state); otherwise choose another name",
  );
}

/**
 * Creates the object, or takes over the existing one of that name when `adopt` is set. Throws
 * `CreateOutcomeUnknown` when the outcome stays unknown, `NotOurs` when an object with the name
 * turns up that is not provably ours, and plain errors when nothing was created.
 */
export async function createOwned<V>(client: SmartfloClient, kind: ManagedKind<V>, value: V, opts: { adopt?: boolean } = {}): Promise<Created> {
  const dir = Directory.of(client, kind);
  const name = kind.nameOf(value);
  const endpoint = `POST ${kind.createPath}`;
  const existing = Directory.named(dir.view(await dir.recent(NAME_CHECK_MAX_AGE_MS)).values(), name);
  if (existing.length > 0) {
    if (!opts.adopt) throw nameTaken(kind, existing[0]!);
    return { id: await adopt(client, kind, existing[0]!, value), how: "adopted" };
  }

  const fingerprint = fingerprintOf(kind.spec, value);
  let before: Set<string> | undefined;
  let firstSentAt: number | undefined;
  /** The latest failure whose outcome is unknown and that no list has shown to have taken effect. */
  let unsettled: SmartfloError | undefined;
  /** The failure the last list was asked about (and showed nothing with the name). */
  let decidedAbsent: unknown;
  const ctx = (): ClaimContext<V> => ({ name, fingerprint, before: before ?? dir.knownIds(), sent: value, adopt: opts.adopt === true });
  const pending = (reason: string, cause: unknown) =>
    new CreateOutcomeUnknown(
      {
        name,
        sentAt: new Date(firstSentAt ?? Date.now()).toISOString(),
        fingerprint,
        knownIds: encodeIds(before ?? dir.knownIds()),
        reason: client.redact(reason),
      },
      cause,
    );
  /** A list sent now decides what the unknown outcome did. */
  const decide = async (why: SmartfloError): Promise<Claim> => {
    let snapshot: Snapshot;
    try {
      snapshot = await dir.sentAfter(Date.now());
    } catch (err) {
      throw pending(`the outcome of ${endpoint} for '${name}' is unknown (${why.message}), and ${kind.listPath} could not tell (${(err as Error).message})`, err);
    }
    return claimFrom(kind, snapshot, ctx());
  };

  const finished = dir.createStarted();
  let outcome: { answer: unknown } | { claimed: ListedEntry };
  try {
    outcome = await client.request<{ answer: unknown } | { claimed: ListedEntry }>(
      { method: "POST", path: kind.createPath, body: kind.writeBody(value, "create") },
      {
        parse: (answer) => ({ answer }),
        onSend: () => {
          if (before) return;
          before = dir.knownIds();
          firstSentAt = Date.now();
        },
        ifOutcomeUnknown: async (err) => {
          unsettled = err;
          const claim = await decide(err);
          if ("claimed" in claim) return { claimed: claim.claimed };
          if ("notOurs" in claim) throw notOursError(kind, claim, `the outcome of ${endpoint} for '${name}' was unknown (${err.message})`);
          decidedAbsent = err;
          return undefined; // not created (so far): the POST may be sent again
        },
      },
    );
  } catch (err) {
    finished();
    if (err instanceof CreateOutcomeUnknown || err instanceof NotOurs) throw err;
    const failure = err as SmartfloError;
    if (!unsettled && !(failure instanceof SmartfloError && failure.ambiguous)) {
      // Nothing was created. A refusal may be a race lost to another client: say which object.
      if (failure instanceof ValidationError) await explainRefusal(kind, dir, name, failure);
      throw err;
    }
    // An attempt may have taken effect: a later one answered "already exists" (a late commit), or
    // the attempts ran out. A list decides once more (unless one just did, for this very failure).
    const claim: Claim = decidedAbsent === failure ? { absent: true } : await decide(failure instanceof SmartfloError ? failure : unsettled!);
    if ("claimed" in claim) {
      outcome = { claimed: claim.claimed };
    } else if ("notOurs" in claim) {
      throw notOursError(kind, claim, `${endpoint} for '${name}' failed (${failure.message})`);
    } else if (failure instanceof ValidationError) {
      throw err; // refused, and nothing with the name exists: nothing was created
    } else {
      throw pending(`the outcome of ${endpoint} for '${name}' is unknown (${failure.message}); nothing with the name is listed yet`, err);
    }
  }
  finished();

  let id: string | undefined;
  if ("claimed" in outcome) {
    id = outcome.claimed.id;
    client.logger.debug?.(`${endpoint}: took '${name}' as ${id}: created by this create, whose answer was lost`);
  } else {
    id = kind.idFromCreateAnswer?.(outcome.answer) ?? (await idOfCreated(kind, dir, ctx(), Date.now(), pending));
  }
  dir.noteWrite(id, name);
  return { id, how: "claimed" in outcome ? "claimed" : "created" };
}

/** A create refused because the name was taken meanwhile fails as a taken name, naming the object. */
async function explainRefusal<V>(kind: ManagedKind<V>, dir: Directory, name: string, refusal: ValidationError): Promise<void> {
  let holder: ListedEntry | undefined;
  try {
    holder = Directory.named((await dir.sentAfter(Date.now())).byId.values(), name)[0];
  } catch {
    return; // the refusal itself is the answer
  }
  if (!holder) return;
  const e = nameTaken(kind, holder);
  e.message += ` (${refusal.endpoint} was refused: ${refusal.apiMessage ?? refusal.status})`;
  throw e;
}

/** The id of an object a create just made: from a list sent after its answer (twice at most). */
async function idOfCreated<V>(
  kind: ManagedKind<V>,
  dir: Directory,
  ctx: ClaimContext<V>,
  answeredAt: number,
  pending: (reason: string, cause: unknown) => CreateOutcomeUnknown,
): Promise<string> {
  const endpoint = `POST ${kind.createPath}`;
  let after = answeredAt;
  for (let attempt = 0; attempt < 2; attempt++) {
    let snapshot: Snapshot;
    try {
      snapshot = await dir.sentAfter(after, { lookup: true });
    } catch (err) {
      throw pending(`${endpoint} created '${ctx.name}', but GET ${kind.listPath} could not give its id (${(err as Error).message})`, err);
    }
    // Names are unique, so the one new object with the name is this create's; the fingerprint
    // decides only when an API that allows duplicates lists several.
    const fresh = Directory.named(snapshot.byId.values(), ctx.name).filter((e) => !ctx.before.has(e.id));
    const chosen = fresh.length > 1 ? fresh.filter((e) => listedAsSent(kind, e, ctx.sent, ctx.fingerprint)) : fresh;
    if (chosen.length === 1) return chosen[0]!.id;
    if (chosen.length > 1) {
      throw new Error(
        `${endpoint} created '${ctx.name}', but ${chosen.length} new ${kind.noun}s with that name and body are listed ` +
          `(ids ${chosen.map((e) => e.id).join(", ")}): set adopt: true to take one over, and delete the other`,
      );
    }
    after = snapshot.receivedAt;
  }
  throw pending(`${endpoint} reported success for '${ctx.name}', but no new ${kind.noun} with that name appears in two lists of GET ${kind.listPath} sent after it`, undefined);
}

async function adopt<V>(client: SmartfloClient, kind: ManagedKind<V>, existing: ListedEntry, value: V): Promise<string> {
  if (kind.updatable === false) {
    // Nothing can make it hold the declared state: take it only when it already does.
    const differing = differingProperties(kind, existing, value);
    if (differing.length > 0) {
      throw new Error(
        `the ${kind.noun} '${existing.name}' (id ${existing.id}) differs from the declared one in ${differing.join(", ")}, ` +
          `and Smartflo cannot update ${kind.aNoun}: declare it as it is to adopt it, then change it (which replaces it)`,
      );
    }
    console.log(`smartflo: adopted the existing ${kind.noun} '${existing.name}' (id ${existing.id}), which holds the declared state`);
    return existing.id;
  }
  await updateOwned(client, kind, existing.id, value);
  console.log(`smartflo: adopted the existing ${kind.noun} '${existing.name}' (id ${existing.id}) and applied the declared state`);
  return existing.id;
}

/** The properties (besides the name) in which a listed object differs from `value`; all when it cannot be read. */
function differingProperties<V>(kind: ManagedKind<V>, existing: ListedEntry, value: V): string[] {
  const props = kind.spec.properties.filter((p) => p !== "name");
  let listed: Record<string, unknown>;
  try {
    listed = kind.spec.comparable(kind.valueOf(existing.raw, value as Partial<V>)) as Record<string, unknown>;
  } catch {
    return [...props];
  }
  const declared = kind.spec.comparable(value) as Record<string, unknown>;
  return props.filter((p) => JSON.stringify(listed[p]) !== JSON.stringify(declared[p]));
}

/**
 * Settles a pending create by the claim rule, from a list sent now; "absent" only when a second
 * list, sent after the first answer, lacks the name too.
 */
export async function resolvePending<V>(
  client: SmartfloClient,
  kind: ManagedKind<V>,
  record: PendingCreate,
  sent: V,
  opts: { adopt?: boolean } = {},
): Promise<Claim> {
  const dir = Directory.of(client, kind);
  const ctx: ClaimContext<V> = { name: record.name, fingerprint: record.fingerprint, before: decodeIds(record.knownIds), sent, adopt: opts.adopt === true };
  const first = await dir.sentAfter(Date.now());
  const claim = claimFrom(kind, first, ctx);
  if (!("absent" in claim)) return claim;
  return claimFrom(kind, await dir.sentAfter(first.receivedAt), ctx);
}

/** The message a pending create fails with when another object holds its name. */
export function pendingNotOurs<V>(kind: ManagedKind<V>, record: PendingCreate, claim: { notOurs: ListedEntry; why: string }): NotOurs {
  return notOursError(kind, claim, `the create of '${record.name}' sent ${record.sentAt} had an unknown outcome (${record.reason})`);
}

/**
 * `PUT` of the full declared state. An object that is gone fails with `NotFoundError`. When the
 * outcome stays unknown after the retries (5xx, timeout, reset, an answer that is not Smartflo's),
 * the update may have been applied: a list sent after the failure that shows the object holding
 * the declared state counts it as done (so the state records what the account holds); anything
 * else keeps the failure.
 */
export async function updateOwned<V>(client: SmartfloClient, kind: ManagedKind<V>, id: string, value: V): Promise<void> {
  const path = kind.itemPath(id);
  const dir = Directory.of(client, kind);
  try {
    await client.request({ method: "PUT", path, body: kind.writeBody(value, "update") });
  } catch (err) {
    if (err instanceof NotFoundError) throw gone(kind, id, `PUT ${path}`, err);
    // The status of an unknown id is undocumented: confirm absence rather than guess from text.
    if (err instanceof ValidationError && !(await dir.find(id))) throw gone(kind, id, `PUT ${path}`, err);
    if (!outcomeWasUnknown(err) || !(await appliedAsSent(kind, dir, id, value))) throw err;
    client.logger.debug?.(`PUT ${path}: the outcome was unknown (${(err as Error).message}), and a list sent after it shows the declared state: done`);
  }
  dir.noteWrite(id, kind.nameOf(value));
}

/**
 * `DELETE`; an object that is already gone (404, or confirmed missing from the list) counts as
 * deleted. So does one whose delete had an unknown outcome after the retries, once two lists sent
 * after the failure lack it (the delete took effect, its answer was lost or garbled).
 */
export async function deleteOwned<V>(client: SmartfloClient, kind: ManagedKind<V>, id: string): Promise<"deleted" | "absent"> {
  const path = kind.itemPath(id);
  const dir = Directory.of(client, kind);
  let result: "deleted" | "absent" = "deleted";
  try {
    await client.request({ method: "DELETE", path });
  } catch (err) {
    if (err instanceof NotFoundError) result = "absent";
    else if (err instanceof ValidationError && !(await dir.find(id))) result = "absent";
    else if (!outcomeWasUnknown(err) || !(await goneAfter(dir, id))) throw err;
    else client.logger.debug?.(`DELETE ${path}: the outcome was unknown (${(err as Error).message}), and two lists sent after it lack ${id}: done`);
  }
  dir.noteWrite(id, undefined);
  return result;
}

function outcomeWasUnknown(err: unknown): boolean {
  return err instanceof SmartfloError && err.ambiguous;
}

/** A list sent now shows the object holding `value`. A list that fails shows nothing. */
async function appliedAsSent<V>(kind: ManagedKind<V>, dir: Directory, id: string, value: V): Promise<boolean> {
  try {
    const entry = (await dir.sentAfter(Date.now())).byId.get(id);
    return entry !== undefined && listedAsSent(kind, entry, value, fingerprintOf(kind.spec, value));
  } catch {
    return false;
  }
}

/** Two lists, the first sent now and the second after its answer, both lack the object. A list that fails shows nothing. */
async function goneAfter(dir: Directory, id: string): Promise<boolean> {
  try {
    const first = await dir.sentAfter(Date.now());
    return !first.byId.has(id) && !(await dir.sentAfter(first.receivedAt)).byId.has(id);
  } catch {
    return false;
  }
}

function gone<V>(kind: ManagedKind<V>, id: string, endpoint: string, cause: SmartfloError): NotFoundError {
  return new NotFoundError(`Smartflo ${kind.noun} ${id} no longer exists (${endpoint}: ${cause.apiMessage ?? cause.status})`, {
    endpoint,
    status: cause.status,
    apiMessage: cause.apiMessage,
    cause,
  });
}
