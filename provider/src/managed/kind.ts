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
  /** Where the answer holds the list, e.g. "ivrs"; leave out when the answer is the list itself. */
  readonly listKey?: string;
}

export interface ManagedKind<V> extends ListedKind {
  readonly spec: KindSpec<V>;
  /** The `POST` that creates one, e.g. "/v1/ivr". */
  readonly createPath: string;
  /** The path of one for `PUT` and `DELETE`, e.g. "/v1/ivr/8001". */
  itemPath(id: string): string;
  /** False for a kind the API cannot update in place (no `PUT`): a change replaces it. Default true. */
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
}
