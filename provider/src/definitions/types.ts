/**
 * IVR definitions as data: the canonical IVR model, except that a destination may name another
 * IVR of the same set (`{ ivr: sales }`), which `deployIvrDefinitions` turns into a typed
 * `smartflo.ivr(...)` reference.
 */
import { findReferences } from "../core/walk";
import { IVR_SPEC } from "../kinds/ivr/spec";
import type { Ivr as IvrModel, IvrFallback, IvrOption } from "../kinds/ivr/spec";

/** A route to another IVR of the same set, by its resource name: `destination: { ivr: sales }`. */
export interface IvrReference {
  ivr: string;
}

/** `type||id` (e.g. `extension||05047530000`), or a reference to another IVR of the set. */
export type DefinitionDestination = string | IvrReference;

/** `T` with each `destination` (the spec's destination fields) also taking a reference by name. */
type WithReferences<T> = T extends ReadonlyArray<infer E>
  ? Array<WithReferences<E>>
  : T extends object
    ? { [K in keyof T]: K extends "destination" ? DefinitionDestination : WithReferences<T[K]> }
    : T;

export type IvrDefinitionOption = WithReferences<IvrOption>;
export type IvrDefinitionFallback = WithReferences<IvrFallback>;

/** The `Ivr` args of one definition, validated and normalised (ids as strings, `type||id`). */
export type IvrDefinitionArgs = WithReferences<IvrModel> & { adopt?: boolean };

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

/** The destinations of an IVR (validated or not), with their property paths: the spec's walk. */
export function destinationsOf(args: unknown): Array<{ path: Array<string | number>; value: unknown }> {
  return findReferences(IVR_SPEC.references, args).filter((r) => r.role === "destination");
}
