/** The `Ivr` resource class users declare, with its args and outputs derived from the IVR spec. */
import * as pulumi from "@pulumi/pulumi";
import { holdUntilValidated } from "../../preview/gate";
import { declarationKind } from "../../preview/stack-rules";
import { createProvider } from "../../provider/shim";
import { Args, KindArgs, KindOutputs, resourceProps } from "../../resource/args";
import { IVR_SPEC, Ivr as IvrValue, IvrFallback, IvrInput, IvrOption } from "./spec";

/** One instance for every Ivr: Pulumi serializes it once per program. */
const provider = createProvider(IVR_SPEC.type);
/** How the program validates an Ivr when it is declared: its spec, and the rules its spec implies. */
const declaration = declarationKind(IVR_SPEC);

export type IvrArgs = KindArgs<IvrInput>;
export type IvrOptionArgs = Args<IvrInput["options"][number]>;
/** What happens when the caller presses a wrong key (`invalidInput`) or nothing (`noInput`). */
export type IvrFallbackArgs = Args<IvrInput["invalidInput"]>;
export type IvrOptionOutput = IvrOption;
export type IvrFallbackOutput = IvrFallback;

export interface Ivr extends KindOutputs<IvrValue> {
  /** The Smartflo id of the IVR. */
  readonly ivrId: pulumi.Output<string>;
}

/**
 * A Tata Smartflo IVR (phone menu). Inputs are checked at `pulumi preview`; the provider reads
 * credentials from stack config (`smartflo:token`, or `smartflo:email` + `smartflo:password`).
 */
// The interface above declares the outputs Pulumi sets on the instance (declaration merging).
// eslint-disable-next-line @typescript-eslint/no-unsafe-declaration-merging
export class Ivr extends pulumi.dynamic.Resource {
  constructor(name: string, args: IvrArgs, opts?: pulumi.CustomResourceOptions) {
    // Validated when declared, with every other declaration of the program, before any of them
    // registers: one preview reports every mistake (preview/gate.ts).
    const held = holdUntilValidated(opts);
    super(provider, name, resourceProps(IVR_SPEC, args), held.opts, "smartflo", IVR_SPEC.type);
    held.declare(this, declaration, args);
  }
}
