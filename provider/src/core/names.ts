/**
 * The one rule for names that must be unique in an account (IVR names): Smartflo compares them
 * trimmed and case-insensitively, so "Support IVR" and " support ivr " are the same name.
 */

/** The form two names are compared in. */
export function nameKey(name: string): string {
  return name.trim().toLowerCase();
}

export function sameName(a: string, b: string): boolean {
  return nameKey(a) === nameKey(b);
}
