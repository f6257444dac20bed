// The root project: the IVRs of this repository's demo account and the number that answers with
// them, defined as data in ivrs/. `npm run demo` deploys it against the local emulator.
//
// Each ivrs/*.yaml file holds IVRs (`ivrs:`) or number routings (`numbers:`) by resource name;
// ${...} placeholders are filled from this stack's `ivrs:values` config over the defaults in
// ivrs/values.yaml (the demo account's ids), so a staging or prod stack of this project sets only
// what differs in its Pulumi.<stack>.yaml.
import * as path from "path";
import * as pulumi from "@pulumi/pulumi";
import * as smartflo from "pulumi-smartflo";

const values = new pulumi.Config("ivrs").getObject<Record<string, unknown>>("values");
const deployed = smartflo.deployDefinitions(smartflo.loadDefinitions(path.join(__dirname, "ivrs"), { values }));

/**
 * The Smartflo id of each IVR, by resource name. A resource's `id` is its Smartflo id and, unlike
 * `ivrId`, stays known while a preview updates the IVR, so this output never shows as changing.
 */
export const ivrIds = Object.fromEntries(Object.entries(deployed.ivrs).map(([name, ivr]) => [name, ivr.id]));

/** The Smartflo id of each number this project routes, by resource name (known in previews, as above). */
export const numberIds = Object.fromEntries(Object.entries(deployed.numbers).map(([name, routing]) => [name, routing.id]));
