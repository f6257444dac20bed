/**
 * What the managed-object machinery (this folder) needs to know about one kind of named object
 * Smartflo lists: where it is listed, created, updated and deleted, and how a listed object maps
 * to the kind's canonical value. A kind gives one of these in kinds/<kind>/api.ts; everything
 * else (complete lists, the shared directory, ownership of creates) is the same for every kind.
 */
import type { KindSpec } from "../kinds/kind";

export interface ListedKind {
  /** What messages call one, e.g. "IVR", and with its article, "an IVR". */
  readonly noun: string;
  readonly aNoun: string;
  /** The `GET` that lists every object of the kind, e.g. "/v1/ivrs". */
  readonly listPath: string;
  /**
   * Where an answer that is not the list itself holds it, e.g. "ivrs" (several: the first that
   * holds a list, for a shape that is undocumented). A bare array is always taken as the list.
   */
  readonly listKey?: string | readonly string[];
}

export interface ManagedKind<V> extends ListedKind {
  readonly spec: KindSpec<V>;
  /** The `POST` that creates one, e.g. "/v1/ivr". */
  readonly createPath: string;
  /** The path of one for `PUT` and `DELETE`, e.g. "/v1/ivr/8001". */
  itemPath(id: string): string;
  /**
   * False for a kind the API cannot update in place (no `PUT`): a change replaces it, and adopting
   * an existing object takes it only when it already holds the declared state. Default true.
   */
  readonly updatable?: boolean;
  /** The request body of a create or an update (some kinds name fields differently in each). */
  writeBody(value: V, verb: "create" | "update"): unknown;
  /** The name the account keeps unique (Smartflo's name rule, core/names.ts). */
  nameOf(value: V): string;
  /**
   * The canonical value of a listed object (`prior`: what the list cannot tell, from the state).
   * Throws when the entry cannot be read as one.
   */
  valueOf(entry: Record<string, unknown>, prior?: Partial<V>): V;
  /** The new id, when a create answer carries one. */
  idFromCreateAnswer?(answer: unknown): string | undefined;
  /**
   * For a kind whose objects may hold another name than the declared one (a time group's
   * replacement is created as "<name> (2)" while the old one holds the name). Absent: the same.
   */
  readonly held?: HeldName<V>;
}

export interface HeldName<V> {
  /** The value as it is created in Smartflo, from the declared value and the checked inputs. */
  toHeld(declared: V, inputs: Record<string, unknown>): V;
  /** The declared value of what Smartflo holds (given the state), and the outputs that tell them apart. */
  fromHeld(held: V, props: Record<string, unknown> | undefined): { value: V; outputs: Record<string, unknown> };
}

/**
 * The new id, when a create answer carries one under one of `fields`, at its top or under `data`
 * (documented create answers carry none: then the id comes from a list).
 */
export function idInCreateAnswer(answer: unknown, fields: readonly string[]): string | undefined {
  const a = (answer ?? {}) as Record<string, unknown>;
  const data = (a.data ?? {}) as Record<string, unknown>;
  for (const v of [...fields.map((f) => a[f]), ...fields.map((f) => data[f])]) {
    if ((typeof v === "string" && v.trim()) || typeof v === "number") return String(v).trim();
  }
  return undefined;
}
