/** Values as Pulumi can store them. */

/** A deep copy without undefined properties (Pulumi cannot store them); key order is kept. */
export function plainJson<T>(value: T): T {
  if (Array.isArray(value)) return value.map(plainJson) as T;
  if (value !== null && typeof value === "object") {
    const out: Record<string, unknown> = {};
    for (const [k, v] of Object.entries(value)) if (v !== undefined) out[k] = plainJson(v);
    return out as T;
  }
  return value;
}
