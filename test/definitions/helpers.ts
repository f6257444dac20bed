/** Definition files as text, for the loader's tests. */
import { DefinitionError, parseDefinitions, parseIvrDefinitions } from "../../provider/src/definitions";
import type { LoadIvrDefinitionsOptions } from "../../provider/src/definitions";

/** The body of one valid IVR (indented for `ivrs: <name>:`), with ids from the emulator's default seed. */
export function ivrYaml(name: string, extra: { options?: string; greeting?: string; head?: string } = {}): string {
  return `
    name: ${name}
    ${extra.head ?? "description: A menu"}
    greeting: ${extra.greeting ?? "recording||28935"}
    ringTimeoutSeconds: 30
    options:
${extra.options ?? `      - key: 1
        destination: extension||05047530000`}
    invalidInput:
      retries: 2
      retryRecording: recording||28955
      finalRecording: recording||28934
      destination: hangup||1
    noInput:
      retries: 2
      retryRecording: recording||28977
      finalRecording: recording||28955
      destination: extension||05047530675
`;
}

export function load(files: Record<string, string>, options: LoadIvrDefinitionsOptions = {}) {
  return parseIvrDefinitions(
    Object.entries(files).map(([file, text]) => ({ file, text })),
    { onWarning: () => undefined, ...options },
  );
}

/** Every section's definitions, from files given as text. */
export function loadAll(files: Record<string, string>, options: LoadIvrDefinitionsOptions = {}) {
  return parseDefinitions(
    Object.entries(files).map(([file, text]) => ({ file, text })),
    { onWarning: () => undefined, ...options },
  );
}

/** The DefinitionError loading throws (fails the test when it does not throw). */
export function loadError(files: Record<string, string>, options: LoadIvrDefinitionsOptions = {}): DefinitionError {
  try {
    loadAll(files, options);
  } catch (err) {
    if (err instanceof DefinitionError) return err;
    throw err;
  }
  throw new Error("expected the definitions to be rejected");
}

/** Line number (1-based) of the first line of `text` containing `needle` after `after`. */
export function lineOf(text: string, needle: string, after?: string): number {
  const lines = text.split("\n");
  const start = after === undefined ? 0 : lines.findIndex((l) => l.includes(after));
  const i = lines.findIndex((l, n) => n >= start && l.includes(needle));
  if (i < 0) throw new Error(`'${needle}' not in text`);
  return i + 1;
}
