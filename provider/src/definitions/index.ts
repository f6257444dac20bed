/**
 * IVR definitions as data: YAML files in the shape of the `Ivr` args, validated with the same
 * schema, with references between IVRs by name and per-stack values from stack config.
 *
 *   const values = new pulumi.Config("ivrs").getObject<Record<string, unknown>>("values");
 *   const ivrs = smartflo.deployIvrDefinitions(smartflo.loadIvrDefinitions("ivrs", { values }));
 */
export { loadIvrDefinitions, parseIvrDefinitions } from "./load";
export type { LoadIvrDefinitionsOptions, DefinitionSource } from "./load";
export { deployIvrDefinitions } from "./deploy";
export type { DeployIvrDefinitionsOptions } from "./deploy";
export { IvrDefinitionError, formatProblem } from "./errors";
export type { DefinitionProblem } from "./errors";
export type {
  IvrDefinition, IvrDefinitionArgs, IvrDefinitionOption, IvrDefinitionFallback, IvrReference, DefinitionDestination,
} from "./types";
export type { Values as IvrDefinitionValues } from "./values";
