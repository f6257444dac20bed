/**
 * IVR definitions as data: the canonical IVR model, except that a destination may name another
 * IVR of the same set (`{ ivr: sales }`), which `deployIvrDefinitions` turns into a typed
 * `smartflo.ivr(...)` reference.
 */
import type { Ivr as IvrModel, IvrFallback, IvrOption } from "../kinds/ivr/spec";

/** A route to another IVR of the same set, by its resource name: `destination: { ivr: sales }`. */
export interface IvrReference {
  ivr: string;
}

/** `type||id` (e.g. `extension||05047530000`), or a reference to another IVR of the set. */
export type DefinitionDestination = string | IvrReference;

type WithReferences<T> = Omit<T, "destination"> & { destination: DefinitionDestination };

export type IvrDefinitionOption = WithReferences<IvrOption>;
export type IvrDefinitionFallback = WithReferences<IvrFallback>;

/** The `Ivr` args of one definition, validated and normalised (ids as strings, `type||id`). */
export type IvrDefinitionArgs = Omit<IvrModel, "options" | "invalidInput" | "noInput"> & {
  options: IvrDefinitionOption[];
  invalidInput: IvrDefinitionFallback;
  noInput: IvrDefinitionFallback;
  adopt?: boolean;
};

export interface IvrDefinition {
  /** The key under `ivrs:`; the Pulumi resource name (keep it stable: renaming it replaces the IVR). */
  resourceName: string;
  args: IvrDefinitionArgs;
  /** Resource names of the IVRs of the set this one routes to (they are created first). */
  references: string[];
  /** Where it is defined (file as named in messages, 1-based line of its key). */
  file: string;
  line?: number;
}

export function isReference(destination: unknown): destination is IvrReference {
  return typeof destination === "object" && destination !== null && typeof (destination as IvrReference).ivr === "string";
}

/** The destinations of an IVR that may hold references, with their property paths. */
export function destinationsOf(args: {
  options?: unknown;
  invalidInput?: unknown;
  noInput?: unknown;
}): Array<{ path: Array<string | number>; holder: Record<string, unknown> }> {
  const out: Array<{ path: Array<string | number>; holder: Record<string, unknown> }> = [];
  const add = (holder: unknown, path: Array<string | number>) => {
    if (typeof holder === "object" && holder !== null && !Array.isArray(holder) && "destination" in holder) {
      out.push({ path: [...path, "destination"], holder: holder as Record<string, unknown> });
    }
  };
  if (Array.isArray(args.options)) args.options.forEach((o, i) => add(o, ["options", i]));
  add(args.invalidInput, ["invalidInput"]);
  add(args.noInput, ["noInput"]);
  return out;
}
