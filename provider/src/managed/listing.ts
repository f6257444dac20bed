/**
 * A complete, well-formed list of a kind's objects, or an error: never a partial list read as the
 * whole. An entry that is not an object with a string or number `id` and a string `name` makes the
 * list malformed (naming the entry). Paging is followed where its scheme is clear (`page`/`limit`
 * with `total`/`has_more`, as the emulator's `--ivrs-page-size` mode answers); any other sign that
 * the list continues (`has_more`, `next`, `last_seen_id`, a `total` or `count` larger than the
 * list) fails loudly. What is concluded from a list ("it was deleted", "it was never created")
 * is only as good as the list, so a doubtful one concludes nothing.
 */
import type { SmartfloClient } from "../client/client";
import { MalformedAnswerError } from "../client/errors";
import { isTrue } from "../client/transport";
import type { ListedKind } from "./kind";

export interface ListedEntry {
  id: string;
  name: string;
  raw: Record<string, unknown>;
}

export interface CompleteList {
  entries: ListedEntry[];
  /** When the request whose answer this is (its first page) last left the rate limiter. */
  sentAt: number;
  receivedAt: number;
  pages: number;
}

/** A list longer than this many pages is refused rather than read for ever. */
export const MAX_PAGES = 1000;

interface Page {
  entries: ListedEntry[];
  page?: number;
  limit?: number;
  total?: number;
  count?: number;
  hasMore: boolean;
  /** A continuation this provider cannot follow, in words; undefined when there is none. */
  unfollowable?: string;
}

export interface ListOptions {
  /** Through the rate limiter's priority lane. */
  priority?: boolean;
  /** Called each time the request of the first page leaves the rate limiter. */
  onSend?: () => void;
}

export async function readCompleteList(client: SmartfloClient, kind: ListedKind, opts: ListOptions = {}): Promise<CompleteList> {
  try {
    return await readOnce(client, kind, opts);
  } catch (err) {
    // Pages read while the list changed can skip or repeat an entry: read it all once more.
    if (err instanceof InconsistentPages) return readOnce(client, kind, opts);
    throw err;
  }
}

class InconsistentPages extends MalformedAnswerError {}

async function readOnce(client: SmartfloClient, kind: ListedKind, opts: ListOptions): Promise<CompleteList> {
  const endpoint = `GET ${kind.listPath}`;
  let sentAt = 0;
  let seen = 0;
  // Each page is checked as it is parsed, so a malformed one goes through the retry policy.
  const get = (query?: Record<string, number>) =>
    client.request<Page>(
      { method: "GET", path: kind.listPath, query },
      {
        priority: opts.priority,
        onSend: query
          ? undefined
          : () => {
              sentAt = Date.now();
              opts.onSend?.();
            },
        parse: (body) => pageOf(body, kind, query ? `${endpoint}?page=${query.page}` : endpoint, seen),
      },
    );
  const pages: Page[] = [await get()];
  const first = pages[0]!;
  seen = first.entries.length;
  if (first.page !== undefined && first.limit !== undefined) {
    const limit = first.limit;
    for (let last = first; more(last, seen); ) {
      const number = (last.page ?? pages.length) + 1;
      if (pages.length >= MAX_PAGES) throw malformed(endpoint, `has more than ${MAX_PAGES} pages`);
      const next = await get({ page: number, limit });
      if (next.entries.length === 0) throw malformed(endpoint, `says page ${number} follows, but it is empty`, InconsistentPages);
      pages.push(next);
      seen += next.entries.length;
      last = next;
    }
  } else if (first.unfollowable) {
    throw malformed(
      endpoint,
      `says the list continues (${first.unfollowable}) in a way this provider does not follow; the first page is not taken for the whole list`,
    );
  }

  const entries: ListedEntry[] = [];
  const ids = new Set<string>();
  for (const entry of pages.flatMap((p) => p.entries)) {
    if (ids.has(entry.id)) throw malformed(endpoint, `lists id ${entry.id} twice`, InconsistentPages);
    ids.add(entry.id);
    entries.push(entry);
  }
  // Offset paging skips or repeats an entry when the list changes between pages; the total tells.
  const totals = new Set(pages.map((p) => p.total));
  if (totals.size > 1) throw malformed(endpoint, `changed while its ${pages.length} pages were read (totals ${[...totals].join(", ")})`, InconsistentPages);
  const total = pages[pages.length - 1]!.total;
  if (pages.length > 1 && total !== undefined && total !== entries.length) {
    throw malformed(endpoint, `gave ${entries.length} entries over ${pages.length} pages, but a total of ${total}`, InconsistentPages);
  }
  return { entries, sentAt, receivedAt: Date.now(), pages: pages.length };
}

function more(page: Page, seen: number): boolean {
  return page.hasMore || (page.total !== undefined && seen < page.total);
}

/** One page: its entries (numbered from `offset` in messages) and what it says about paging. */
function pageOf(body: unknown, kind: ListedKind, endpoint: string, offset: number): Page {
  const entries = (items: unknown[]) => items.map((item, i) => entryOf(item, offset + i, endpoint));
  const keys = kind.listKey === undefined ? [] : typeof kind.listKey === "string" ? [kind.listKey] : kind.listKey;
  const missing = () => malformed(endpoint, `answered without a ${keys.length ? keys.map((k) => `${k}[]`).join(" or ") : "list[]"} list`);
  if (Array.isArray(body)) return { entries: entries(body), hasMore: false };
  if (!body || typeof body !== "object") throw missing();
  const b = body as Record<string, unknown>;
  const items = keys.map((k) => b[k]).find(Array.isArray);
  if (!Array.isArray(items)) throw missing();
  const num = (k: string): number | undefined => {
    const v = b[k];
    if (typeof v === "number" && Number.isFinite(v)) return v;
    if (typeof v === "string" && /^\d+$/.test(v.trim())) return Number(v);
    return undefined;
  };
  const page: Page = { entries: entries(items), page: num("page"), limit: num("limit"), total: num("total"), count: num("count"), hasMore: isTrue(b.has_more) };
  const signals: string[] = [];
  if (page.hasMore) signals.push("has_more");
  if (b.next !== undefined && b.next !== null && b.next !== "" && b.next !== false) signals.push("next");
  if (b.last_seen_id !== undefined && b.last_seen_id !== null && !(b.has_more === false || b.has_more === "false")) signals.push("last_seen_id");
  if (page.total !== undefined && page.total > items.length) signals.push(`total ${page.total} for ${items.length} entries`);
  if (page.count !== undefined && page.count > items.length) signals.push(`count ${page.count} for ${items.length} entries`);
  if (signals.length) page.unfollowable = signals.join(", ");
  return page;
}

function entryOf(item: unknown, index: number, endpoint: string): ListedEntry {
  if (item === null || typeof item !== "object" || Array.isArray(item)) {
    throw malformed(endpoint, `has an entry ${index} that is ${item === null ? "null" : Array.isArray(item) ? "a list" : typeof item}, not an object`);
  }
  const raw = item as Record<string, unknown>;
  const id = raw.id;
  const idOk = (typeof id === "string" && id.trim() !== "") || (typeof id === "number" && Number.isFinite(id));
  if (!idOk) throw malformed(endpoint, `has an entry ${index} whose id is ${describe(id)}, not a string or number`);
  if (typeof raw.name !== "string") throw malformed(endpoint, `has an entry ${index} (id ${String(id)}) whose name is ${describe(raw.name)}, not a string`);
  return { id: String(id).trim(), name: raw.name, raw };
}

function describe(v: unknown): string {
  if (v === undefined) return "missing";
  if (v === null) return "null";
  if (Array.isArray(v)) return "a list";
  return typeof v === "object" ? "an object" : `${typeof v} ${JSON.stringify(v)}`;
}

function malformed(endpoint: string, what: string, as: typeof MalformedAnswerError = MalformedAnswerError): MalformedAnswerError {
  const e = new as(`Smartflo ${endpoint} ${what}: the list is malformed, so nothing is concluded from it`, { endpoint });
  e.ambiguous = true;
  return e;
}
