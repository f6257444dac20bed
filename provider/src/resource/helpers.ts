/**
 * Reference helpers: `smartflo.recording("28935")` -> `"recording||28935"`. They accept plain
 * values or Outputs (`smartflo.ivr(sales.ivrId)`), so Pulumi orders the resources for you.
 * There is one per type of the reference registry (core/destinations.ts), under the name it gives.
 */
import * as pulumi from "@pulumi/pulumi";
import { DESTINATIONS, DestinationType, HelperName, ReferenceType } from "../core/destinations";
import { formatRef } from "../core/refs";
import { Department } from "../kinds/department/resource";
import { Ivr } from "../kinds/ivr/resource";
import { TimeGroup } from "../kinds/time-group/resource";
import { isPlaceholderId } from "../managed/pending";

export type Id = string | number;

function isPlain(v: unknown): v is Id {
  return typeof v === "string" || typeof v === "number";
}

function refHelper(type: ReferenceType) {
  function helper(id: Id): string;
  function helper(id: pulumi.Input<Id>): pulumi.Input<string>;
  function helper(id: pulumi.Input<Id>): pulumi.Input<string> {
    return isPlain(id) ? formatRef(type, id) : pulumi.output(id).apply((v) => formatRef(type, v));
  }
  return helper;
}

/** A system recording: `recording||<id>` (ids: Smartflo panel, or `GET /v1/recordings`). */
export const recording = refHelper("recording");
/** A text-to-speech prompt: `outbound_tts||<id>`. */
export const tts = refHelper("outbound_tts");
/** An extension (agent "eid"): `extension||<eid>`. */
export const extension = refHelper("extension");
/** An agent: `agent||<eid>`. */
export const agent = refHelper("agent");
/**
 * A reference helper that also takes the resource itself: `smartflo.ivr(sales)`. Prefer the
 * resource to its id output: the resource's id stays known while a preview updates it, so what
 * routes to it does not show as changing when it is not. While the resource's id is the
 * placeholder of a settled pending create (not yet refreshed), its Smartflo id is the output
 * `smartfloId` names (`ivrId`, `departmentId`).
 */
function resourceRefHelper<R extends pulumi.CustomResource>(
  type: DestinationType,
  kind: abstract new (...args: never[]) => R,
  noun: string,
  smartfloId: keyof R & string,
) {
  const byId = refHelper(type);
  function helper(target: Id): string;
  function helper(target: pulumi.Input<Id> | R): pulumi.Input<string>;
  function helper(target: pulumi.Input<Id> | R): pulumi.Input<string> {
    if (pulumi.CustomResource.isInstance(target)) {
      if (!(target instanceof kind)) throw new Error(`smartflo.${DESTINATIONS[type].helper}() takes ${noun} (or its id), not another kind of resource`);
      const real = target[smartfloId] as unknown as pulumi.Output<string> | undefined;
      return target.id.apply((id) => (isPlaceholderId(id) && real ? real : pulumi.output(id)).apply((r) => formatRef(type, r)));
    }
    return byId(target as pulumi.Input<Id>);
  }
  return helper;
}

/** A department (ring group): `department||<id>`. Pass the `Department` itself, or a Smartflo id. */
export const department = resourceRefHelper("department", Department, "a Department", "departmentId");

/**
 * Another IVR: `ivr||<id>`. Pass the other `Ivr` itself (`smartflo.ivr(sales)`), or its `ivrId`,
 * so Pulumi creates it first. Prefer the resource: its id stays known while a preview updates it,
 * so IVRs routing to it do not show as changing when they are not. (While its id is the
 * placeholder of a settled pending create, not yet refreshed, the Smartflo id is its `ivrId`.)
 */
export const ivr = resourceRefHelper("ivr", Ivr, "an Ivr", "ivrId");
/** A voicemail box: `voicemail||<id>`. */
export const voicemail = refHelper("voicemail");
/** A time condition: `time_condition||<id>`. */
export const timeCondition = refHelper("time_condition");
/**
 * A time group: `timegroup||<id>`. Pass the `TimeGroup` itself, or a Smartflo id. (A change
 * replaces a time group, so its id is unknown in that preview: what routes to it shows as updating.)
 */
export const timeGroup = resourceRefHelper("timegroup", TimeGroup, "a TimeGroup", "timeGroupId");
/** End the call: `hangup||1`. */
export function hangup(): string {
  return formatRef("hangup", DESTINATIONS.hangup.fixedId);
}

/**
 * Every helper by the name the registry gives it: this fails to compile until a type added to
 * core/destinations.ts has its helper here (export it from src/index.ts too).
 */
export const REFERENCE_HELPERS = {
  recording, tts, extension, agent, department, ivr, voicemail, timeCondition, timeGroup, hangup,
} satisfies Record<HelperName, (...args: never[]) => unknown>;
