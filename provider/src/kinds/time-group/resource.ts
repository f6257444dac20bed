/** The `TimeGroup` resource class users declare, with its args and outputs derived from its spec. */
import * as pulumi from "@pulumi/pulumi";
import { holdUntilValidated } from "../../preview/gate";
import { declarationKind } from "../../preview/stack-rules";
import { createProvider } from "../../provider/shim";
import { Args, KindArgs, KindOutputs, resourceProps } from "../../resource/args";
import { trackForRouteGuard } from "../route-guard/track";
import { TIME_GROUP_SPEC, TimeGroup as TimeGroupValue, TimeGroupInput, TimeRange } from "./spec";

/** One instance for every TimeGroup: Pulumi serializes it once per program. */
const provider = createProvider(TIME_GROUP_SPEC.type);
/** How the program validates a TimeGroup when it is declared: its spec and the rules it implies (names unique across the stack). */
const declaration = declarationKind(TIME_GROUP_SPEC);

export type TimeGroupArgs = KindArgs<TimeGroupInput>;
export type TimeRangeArgs = Args<TimeGroupInput["times"][number]>;
export type TimeRangeOutput = TimeRange;

export interface TimeGroup extends KindOutputs<TimeGroupValue> {
  /** The Smartflo id of the time group (a new one after each change: a change replaces it). */
  readonly timeGroupId: pulumi.Output<string>;
  /** The name it has in Smartflo: `name`, or `name` + " (2)" when it replaced one holding `name`. */
  readonly smartfloName: pulumi.Output<string>;
}

/**
 * A Tata Smartflo time group (business hours): time ranges, filtered by days of the week, dates
 * and months. Route to it with `smartflo.timeGroup(res)`. Smartflo cannot update a time group, so
 * a change replaces it (the new one first, then IVRs are moved to it, then the old one goes).
 */
// The interface above declares the outputs Pulumi sets on the instance (declaration merging).
// eslint-disable-next-line @typescript-eslint/no-unsafe-declaration-merging
export class TimeGroup extends pulumi.dynamic.Resource {
  constructor(name: string, args: TimeGroupArgs, opts?: pulumi.CustomResourceOptions) {
    // Validated when declared, with every other declaration of the program, before any of them
    // registers: one preview reports every mistake (preview/gate.ts).
    const held = holdUntilValidated(opts);
    // `smartfloName` is derived by the provider's check: declared as an output, never sent.
    super(provider, name, { ...resourceProps(TIME_GROUP_SPEC, args), smartfloName: undefined }, held.opts, "smartflo", TIME_GROUP_SPEC.type);
    held.declare(this, declaration, args);
    trackForRouteGuard({ kind: "TimeGroup", name, resource: this });
  }
}
