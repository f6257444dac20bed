/**
 * The Pulumi face of a kind, derived from its spec's types: args are the spec's input type with
 * every value an `Input<>` (so Outputs of other resources can be passed anywhere), outputs the
 * canonical type with every property an `Output<>`.
 */
import type * as pulumi from "@pulumi/pulumi";
import type { KindSpec } from "../kinds/kind";

/** A value as a resource arg: itself, or an Input of it, all the way down. */
export type Args<T> = T extends ReadonlyArray<infer E>
  ? Array<pulumi.Input<Args<E>>>
  : T extends object
    ? { [K in keyof T]: pulumi.Input<Args<T[K]>> }
    : T;

/** Args every kind takes besides its own. */
export interface CommonArgs {
  /**
   * When one with this name already exists in the account, take it over (update it to the
   * declared state) instead of failing. The supported way to bring existing objects under
   * management: dynamic resources cannot use `pulumi import`.
   */
  adopt?: pulumi.Input<boolean>;
}

/** The args of a kind whose users write `Input` (the spec's `z.input`). */
export type KindArgs<Input> = { [K in keyof Input]: pulumi.Input<Args<Input[K]>> } & CommonArgs;

/** The outputs of a kind whose canonical value is `Value` (every property set after validation). */
export type KindOutputs<Value> = { readonly [K in keyof Value]-?: pulumi.Output<Exclude<Value[K], undefined>> } & {
  readonly adopt: pulumi.Output<boolean | undefined>;
};

/**
 * The props a kind's resource registers: every output key must be present (even undefined) for
 * Pulumi to create its Output, so each canonical property, `adopt` and the id output.
 */
export function resourceProps<V>(spec: KindSpec<V>, args: object & CommonArgs): Record<string, unknown> {
  const given = args as Record<string, unknown>;
  const props: Record<string, unknown> = {};
  for (const k of spec.properties) props[k] = given[k];
  props.adopt = args.adopt;
  props[spec.idProperty] = undefined;
  return props;
}
