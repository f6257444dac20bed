// One set of IVR definitions (ivrs/*.yaml), one stack per environment. What differs per
// environment (account, recording ids, extensions) is in Pulumi.<stack>.yaml; the definitions
// are the same files for every stack.
import * as path from "path";
import * as pulumi from "@pulumi/pulumi";
import * as smartflo from "pulumi-smartflo";

// This stack's values for the ${...} placeholders (Pulumi.<stack>.yaml, key ivrs:values).
const values = new pulumi.Config("ivrs").getObject<Record<string, unknown>>("values");

// Parses and validates every file, resolves { ivr: <name> } routes and placeholders; any problem
// stops the program here, naming file, line and property, before an IVR is declared.
const definitions = smartflo.loadIvrDefinitions(path.join(__dirname, "ivrs"), { values });

// One smartflo.Ivr per definition, named by its key under `ivrs:`, in dependency order.
const ivrs = smartflo.deployIvrDefinitions(definitions);

/**
 * The Smartflo id of each IVR, by resource name. A resource's `id` is its Smartflo id and, unlike
 * `ivrId`, stays known while a preview updates the IVR, so this output never shows as changing.
 */
export const ivrIds = Object.fromEntries(Object.entries(ivrs).map(([name, ivr]) => [name, ivr.id]));
