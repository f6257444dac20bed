/**
 * A pending create: a create whose outcome stayed unknown (its answer was lost and no list could
 * tell, or it succeeded but its id could not be found). It is recorded in the resource's state,
 * under a placeholder id, so that the next run finishes it by the claim rule (ownership.ts)
 * instead of leaving an object nobody owns. What it records is what the claim rule needs: the
 * name asked for, a fingerprint of what was sent, and the ids the account held before.
 */
import { createHash, randomBytes } from "crypto";
import { z } from "zod";
import type { KindSpec } from "../kinds/kind";

/** The output that holds the record while the create is pending. */
export const PENDING_PROPERTY = "pendingCreate";

const PLACEHOLDER_PREFIX = "pending-";

export const PendingCreateSchema = z.object({
  /** The name the create asked for. */
  name: z.string(),
  /** When its POST was first sent (ISO 8601). */
  sentAt: z.string(),
  /** What was sent, in the kind's comparable form, hashed (see `fingerprintOf`). */
  fingerprint: z.string(),
  /** The ids the account held when the POST was first sent (see `encodeIds`). */
  knownIds: z.string(),
  /** Why the outcome is unknown: the last failure, in words. */
  reason: z.string(),
});

export type PendingCreate = z.infer<typeof PendingCreateSchema>;

/** A resource id that stands for a pending create (Pulumi needs an id for a recorded resource). */
export function placeholderId(): string {
  return `${PLACEHOLDER_PREFIX}${randomBytes(8).toString("hex")}`;
}

export function isPlaceholderId(id: unknown): boolean {
  return typeof id === "string" && id.startsWith(PLACEHOLDER_PREFIX);
}

/** The pending create recorded in these outputs, if any (a malformed record is an error). */
export function pendingOf(props: Record<string, unknown> | undefined): PendingCreate | undefined {
  const raw = props?.[PENDING_PROPERTY];
  if (raw === undefined || raw === null) return undefined;
  const parsed = PendingCreateSchema.safeParse(raw);
  if (!parsed.success) throw new Error(`the state's ${PENDING_PROPERTY} record is malformed: ${parsed.error.issues.map((i) => i.message).join("; ")}`);
  return parsed.data;
}

/** What was sent, as the claim rule compares it: the kind's comparable form, hashed. */
export function fingerprintOf<V>(spec: KindSpec<V>, value: V): string {
  return createHash("sha256").update(JSON.stringify(spec.comparable(value))).digest("hex").slice(0, 24);
}

/**
 * Ids as compact text: runs of consecutive numeric ids as `a-b`, other ids escaped with a `~`,
 * comma-separated ("8001-8030,8042,~ab%2Cc"). Smartflo ids are numbers, usually consecutive.
 */
export function encodeIds(ids: Iterable<string>): string {
  const numeric: number[] = [];
  const other: string[] = [];
  for (const id of new Set(ids)) {
    if (/^\d{1,15}$/.test(id) && String(Number(id)) === id) numeric.push(Number(id));
    else other.push(`~${encodeURIComponent(id)}`);
  }
  numeric.sort((a, b) => a - b);
  const parts: string[] = [];
  for (let i = 0; i < numeric.length; ) {
    let j = i;
    while (j + 1 < numeric.length && numeric[j + 1] === numeric[j]! + 1) j++;
    parts.push(j > i ? `${numeric[i]}-${numeric[j]}` : `${numeric[i]}`);
    i = j + 1;
  }
  return [...parts, ...other.sort()].join(",");
}

export function decodeIds(text: string): Set<string> {
  const ids = new Set<string>();
  for (const part of text.split(",").filter(Boolean)) {
    const range = /^(\d+)-(\d+)$/.exec(part);
    if (part.startsWith("~")) ids.add(decodeURIComponent(part.slice(1)));
    else if (range) for (let n = Number(range[1]); n <= Number(range[2]); n++) ids.add(String(n));
    else ids.add(part);
  }
  return ids;
}
