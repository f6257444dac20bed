/**
 * The shared list answers of one kind, for one client (one account in a provider run): Pulumi
 * runs many steps in parallel, and each needs the kind's list (no endpoint reads one object), so
 * they share answers instead of asking one each. Who may use which answer:
 *
 * - a name check before a create: an answer sent at most NAME_CHECK_MAX_AGE_MS ago, with this
 *   process's own creates, renames and deletes since applied (`view`);
 * - the id of a create that succeeded: a list sent after its POST was answered. Such lists go
 *   through the rate limiter's priority lane (never behind queued creates) and are held while this
 *   kind's creates are still outstanding, for at most LOOKUP_HOLD_MS from the first create
 *   waiting, so one list answers many creates;
 * - a read (refresh): an answer sent at most READ_SHARE_MS ago and after this process last wrote
 *   the object; an object missing from it is looked for in one more list sent after that answer
 *   arrived, and only when both lack it is it gone;
 * - deciding what an unknown outcome did: a list sent after the failure (`sentAfter`).
 * One list is in flight at a time; whoever needs a newer one joins the next.
 */
import type { SmartfloClient } from "../client/client";
import { sameName } from "../core/names";
import type { ListedKind } from "./kind";
import { ListedEntry, readCompleteList } from "./listing";

/** How old an answer a name check before a create may use. */
export const NAME_CHECK_MAX_AGE_MS = 5_000;
/** How long the reads of one run share a list answer. */
export const READ_SHARE_MS = 30_000;
/** How long an id lookup may wait for outstanding creates, so that one list serves them all. */
export const LOOKUP_HOLD_MS = 12_000;

export interface Snapshot {
  readonly byId: ReadonlyMap<string, ListedEntry>;
  /** When the request of this answer was sent (its last attempt), and when the answer was complete. */
  readonly sentAt: number;
  readonly receivedAt: number;
}

interface Round {
  /** Set when the list request first leaves the rate limiter. */
  sentAt?: number;
  promise: Promise<Snapshot>;
}

interface NextRound extends Round {
  resolve(s: Snapshot): void;
  reject(err: unknown): void;
  /** Someone needs it now (not only id lookups, which may wait for outstanding creates). */
  urgent: boolean;
  firstLookupAt?: number;
}

interface OwnWrite {
  at: number;
  /** The name after the write; undefined for a delete. */
  name?: string;
}

export class Directory {
  private latest?: Snapshot;
  private current?: Round;
  private next?: NextRound;
  private holdTimer?: NodeJS.Timeout;
  private outstandingCreates = 0;
  private readonly writes = new Map<string, OwnWrite>();

  constructor(
    private readonly client: SmartfloClient,
    readonly kind: ListedKind,
  ) {}

  /** The directory of `kind` for this client. */
  static of(client: SmartfloClient, kind: ListedKind): Directory {
    return client.memo(`directory ${kind.listPath}`, () => new Directory(client, kind));
  }

  /** An answer sent no earlier than `maxAgeMs` ago: the latest, or the next one. */
  recent(maxAgeMs: number): Promise<Snapshot> {
    return this.sentAfter(Date.now() - maxAgeMs);
  }

  /**
   * An answer whose request was sent at or after `t`. With `lookup`, the caller is an id lookup
   * after a create, which the list may keep waiting for outstanding creates (see the header).
   */
  sentAfter(t: number, how: { lookup?: boolean } = {}): Promise<Snapshot> {
    if (this.latest && this.latest.sentAt >= t) return Promise.resolve(this.latest);
    const current = this.current;
    if (current && (current.sentAt === undefined || current.sentAt >= t)) return current.promise;
    const next = (this.next ??= newRound());
    if (how.lookup) next.firstLookupAt ??= Date.now();
    else next.urgent = true;
    this.schedule();
    return next.promise;
  }

  /** Call when a create's POST is about to be queued; call the result when it is answered. */
  createStarted(): () => void {
    this.outstandingCreates++;
    let done = false;
    return () => {
      if (done) return;
      done = true;
      this.outstandingCreates--;
      this.schedule();
    };
  }

  /** Records a create, rename (name given) or delete (no name) this process made. */
  noteWrite(id: string, name: string | undefined): void {
    this.writes.set(id, { at: Date.now(), name });
  }

  /** An answer with this process's later writes applied: what the account holds now, as far as known. */
  view(snapshot: Snapshot): Map<string, ListedEntry> {
    const view = new Map(snapshot.byId);
    for (const [id, w] of this.writes) {
      if (w.at < snapshot.sentAt) continue;
      if (w.name === undefined) view.delete(id);
      else view.set(id, { id, name: w.name, raw: view.get(id)?.raw ?? {} });
    }
    return view;
  }

  /** Every id known now: the latest answer's, and those this process created since. */
  knownIds(): Set<string> {
    const ids = new Set(this.latest?.byId.keys());
    for (const [id, w] of this.writes) if (w.name !== undefined) ids.add(id);
    return ids;
  }

  /**
   * The object with this id as listed, or undefined when a second list, sent after the first
   * answer arrived, lacks it too (confirmed gone). Lists that fail throw: nothing is concluded.
   */
  async find(id: string): Promise<ListedEntry | undefined> {
    let s = await this.recent(READ_SHARE_MS);
    const wrote = this.writes.get(id);
    if (wrote && s.sentAt < wrote.at) s = await this.sentAfter(wrote.at);
    const found = s.byId.get(id);
    if (found) return found;
    return (await this.sentAfter(s.receivedAt)).byId.get(id);
  }

  /** The listed objects with this name (Smartflo's name rule). */
  static named<E extends { name: string }>(entries: Iterable<E>, name: string): E[] {
    return [...entries].filter((e) => sameName(e.name, name));
  }

  private schedule(): void {
    const next = this.next;
    if (!next || this.current) return; // one list at a time: the next goes when the current settles
    const waited = next.firstLookupAt === undefined ? 0 : Date.now() - next.firstLookupAt;
    if (!next.urgent && this.outstandingCreates > 0 && waited < LOOKUP_HOLD_MS) {
      if (!this.holdTimer) {
        this.holdTimer = setTimeout(() => {
          this.holdTimer = undefined;
          this.schedule();
        }, LOOKUP_HOLD_MS - waited);
      }
      return;
    }
    if (this.holdTimer) clearTimeout(this.holdTimer);
    this.holdTimer = undefined;
    this.next = undefined;
    const round: Round = { promise: next.promise };
    this.current = round;
    readCompleteList(this.client, this.kind, { priority: true, onSend: () => (round.sentAt ??= Date.now()) })
      .then(
        (list) => {
          const snapshot: Snapshot = {
            byId: new Map(list.entries.map((e) => [e.id, e])),
            sentAt: list.sentAt,
            receivedAt: list.receivedAt,
          };
          if (!this.latest || snapshot.sentAt >= this.latest.sentAt) this.latest = snapshot;
          next.resolve(snapshot);
        },
        (err) => next.reject(err),
      )
      .finally(() => {
        if (this.current === round) this.current = undefined;
        this.schedule();
      });
  }
}

function newRound(): NextRound {
  let resolve!: (s: Snapshot) => void;
  let reject!: (err: unknown) => void;
  const promise = new Promise<Snapshot>((res, rej) => ((resolve = res), (reject = rej)));
  // A round nobody waits for any more must not crash the process with an unhandled rejection.
  promise.catch(() => undefined);
  return { promise, resolve, reject, urgent: false };
}
