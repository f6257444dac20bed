import * as pulumi from "@pulumi/pulumi";
import { createProvider } from "../provider/shim";

/** One instance for every Ivr: Pulumi serializes it once per program. */
const provider = createProvider();

export interface IvrOptionArgs {
  /** The DTMF key: 0-9, * or #. */
  key: pulumi.Input<string | number>;
  /** Where the call goes, e.g. `smartflo.extension("05047530000")`. */
  destination: pulumi.Input<string>;
  /** SMS template sent when this option is chosen (needs the SMS template setting on the account). */
  smsTemplateId?: pulumi.Input<string | number>;
}

/** What happens when the caller presses a wrong key (`invalidInput`) or nothing (`noInput`). */
export interface IvrFallbackArgs {
  /** Retries before giving up (0-10). */
  retries: pulumi.Input<number>;
  /** Played before each retry. */
  retryRecording: pulumi.Input<string>;
  /** Played once the retries are used up, before the call goes to `destination`. */
  finalRecording: pulumi.Input<string>;
  /** Where the call goes once the retries are used up. */
  destination: pulumi.Input<string>;
}

export interface IvrArgs {
  /** Unique per Smartflo account (at most 64 characters). */
  name: pulumi.Input<string>;
  /** Defaults to the name (Smartflo requires one). */
  description?: pulumi.Input<string>;
  /** Played when the call enters the IVR: `smartflo.recording("28935")`. */
  greeting: pulumi.Input<string>;
  /** Seconds to wait for a key press (1-120). */
  ringTimeoutSeconds: pulumi.Input<number>;
  /** The menu: one entry per DTMF key. */
  options: pulumi.Input<pulumi.Input<IvrOptionArgs>[]>;
  invalidInput: pulumi.Input<IvrFallbackArgs>;
  noInput: pulumi.Input<IvrFallbackArgs>;
  /**
   * When an IVR with this name already exists in the account, take it over (update it to the
   * declared state) instead of failing. The supported way to bring existing IVRs under
   * management: dynamic resources cannot use `pulumi import`.
   */
  adopt?: pulumi.Input<boolean>;
}

export interface IvrOptionOutput {
  key: string;
  destination: string;
  smsTemplateId?: string;
}

export interface IvrFallbackOutput {
  retries: number;
  retryRecording: string;
  finalRecording: string;
  destination: string;
}

/**
 * A Tata Smartflo IVR (phone menu). Inputs are checked at `pulumi preview`; the provider reads
 * credentials from stack config (`smartflo:token`, or `smartflo:email` + `smartflo:password`).
 */
export class Ivr extends pulumi.dynamic.Resource {
  /** The Smartflo id of the IVR. */
  declare readonly ivrId: pulumi.Output<string>;
  declare readonly name: pulumi.Output<string>;
  declare readonly description: pulumi.Output<string>;
  declare readonly greeting: pulumi.Output<string>;
  declare readonly ringTimeoutSeconds: pulumi.Output<number>;
  declare readonly options: pulumi.Output<IvrOptionOutput[]>;
  declare readonly invalidInput: pulumi.Output<IvrFallbackOutput>;
  declare readonly noInput: pulumi.Output<IvrFallbackOutput>;
  declare readonly adopt: pulumi.Output<boolean | undefined>;

  constructor(name: string, args: IvrArgs, opts?: pulumi.CustomResourceOptions) {
    // Every output key must be present (even undefined) for Pulumi to create its Output.
    const props = {
      name: args.name,
      description: args.description,
      greeting: args.greeting,
      ringTimeoutSeconds: args.ringTimeoutSeconds,
      options: args.options,
      invalidInput: args.invalidInput,
      noInput: args.noInput,
      adopt: args.adopt,
      ivrId: undefined,
    };
    super(provider, name, props, opts, "smartflo", "Ivr");
  }
}
