/** The `NumberRouting` resource class users declare, with its args and outputs derived from its spec. */
import * as pulumi from "@pulumi/pulumi";
import { holdUntilValidated } from "../../preview/gate";
import { declarationKind, uniqueAcrossStack } from "../../preview/stack-rules";
import { createProvider } from "../../provider/shim";
import { KindArgs, KindOutputs, resourceProps } from "../../resource/args";
import { trackForRouteGuard } from "../route-guard/track";
import { NUMBER_ROUTING_SPEC, NumberRouting as NumberRoutingValue, NumberRoutingInput } from "./spec";

/** One instance for every NumberRouting: Pulumi serializes it once per program. */
const provider = createProvider(NUMBER_ROUTING_SPEC.type);
/**
 * How the program validates a NumberRouting when it is declared: its spec, and one route per
 * number across the stack, the numbers compared by their digits ("+91 80..." and "9180..." are
 * one). A number written as its Smartflo id is the same number as its digits only to the
 * account: the route guard's check, which reads the account's numbers, finds that pair.
 */
export const NUMBER_ROUTING_DECLARATION = declarationKind(NUMBER_ROUTING_SPEC, [
  uniqueAcrossStack(NUMBER_ROUTING_SPEC, {
    property: "number",
    key: (number) => number.replace(/\D/g, ""),
    reason: (d, number, holder, held) =>
      `number '${number}' of resource '${d.resourceName}' is also routed by resource '${holder.resourceName}' ('${held}'); ` +
      "a number has one route (numbers compared by their digits), so declare one NumberRouting for it",
  }),
]);

/** A NumberRouting always takes over the number's route, so it has no `adopt`. */
export type NumberRoutingArgs = Omit<KindArgs<NumberRoutingInput>, "adopt">;

export interface NumberRouting extends Omit<KindOutputs<NumberRoutingValue>, "adopt"> {
  /** The Smartflo id of the number (also the resource's id). */
  readonly numberId: pulumi.Output<string>;
  /** The number as the account lists it, e.g. "+918069001234". */
  readonly did: pulumi.Output<string>;
  /** Where the number routed before this resource (null: nowhere); it goes back there on delete. */
  readonly previousDestination: pulumi.Output<string | null>;
}

/**
 * Routes one of the account's published numbers: `new smartflo.NumberRouting("main-line",
 * { number: "+918069001234", destination: smartflo.ivr(support) })`. The number's previous route
 * is recorded when the routing is created and given back when it is deleted.
 */
// The interface above declares the outputs Pulumi sets on the instance (declaration merging).
// eslint-disable-next-line @typescript-eslint/no-unsafe-declaration-merging
export class NumberRouting extends pulumi.dynamic.Resource {
  constructor(name: string, args: NumberRoutingArgs, opts?: pulumi.CustomResourceOptions) {
    const props: Record<string, unknown> = { ...resourceProps(NUMBER_ROUTING_SPEC, args), did: undefined, previousDestination: undefined };
    // Validated when declared, with every other declaration of the program, before any of them
    // registers: one preview reports every mistake (preview/gate.ts).
    const held = holdUntilValidated(opts);
    delete props.adopt;
    super(provider, name, props, held.opts, "smartflo", NUMBER_ROUTING_SPEC.type);
    held.declare(this, NUMBER_ROUTING_DECLARATION, args);
    trackForRouteGuard({ kind: "NumberRouting", name, resource: this, number: args.number });
  }
}
