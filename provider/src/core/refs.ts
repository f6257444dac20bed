/**
 * `type||id` references, the way Smartflo names recordings and call destinations.
 * The rendered docs show a single pipe (`recording|28935`), the API schema and every client use
 * two; we accept both from users and always send two.
 */

/** The value Pulumi passes for anything not yet known during preview. */
export const UNKNOWN = "04da6b54-80e4-46f7-96ec-b56ff0331ba9";

export interface Ref {
  type: string;
  id: string;
}

/** Parses `type||id` or `type|id`; undefined when the text is not of that form. */
export function parseRef(text: string): Ref | undefined {
  const m = /^\s*([a-z_]+)\s*\|\|?\s*([^|\s](?:[^|]*[^|\s])?)\s*$/i.exec(text);
  if (!m) return undefined;
  return { type: m[1].toLowerCase(), id: m[2] };
}

export function formatRef(type: string, id: string | number): string {
  return `${type}||${String(id).trim()}`;
}

/** `recording|123` -> `recording||123`; anything unparseable is returned as it was. */
export function normalizeRef(text: string): string {
  const ref = parseRef(text);
  return ref ? formatRef(ref.type, ref.id) : text;
}

/** True when the value is, or contains anywhere, Pulumi's unknown sentinel. */
export function containsUnknown(value: unknown): boolean {
  if (value === UNKNOWN) return true;
  if (Array.isArray(value)) return value.some(containsUnknown);
  if (value !== null && typeof value === "object") return Object.values(value).some(containsUnknown);
  return false;
}
