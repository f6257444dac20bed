/**
 * Definitions as data: YAML files whose `ivrs:`, `departments:`, `timeGroups:` and `numbers:`
 * sections hold each kind's args by resource name, validated with the same schemas, with routes
 * between them by name and per-stack values from stack config.
 *
 *   const values = new pulumi.Config("ivrs").getObject<Record<string, unknown>>("values");
 *   const deployed = smartflo.deployDefinitions(smartflo.loadDefinitions("ivrs", { values }));
 */
export { loadDefinitions, loadIvrDefinitions, parseIvrDefinitions } from "./load";
export type { LoadDefinitionsOptions, LoadIvrDefinitionsOptions, DefinitionSource } from "./load";
export { parseDefinitions } from "./parse";
export type { ParseOptions } from "./parse";
export { deployDefinitions, deployIvrDefinitions } from "./deploy";
export type { DeployDefinitionsOptions, DeployIvrDefinitionsOptions, DeployedDefinitions } from "./deploy";
export { DefinitionError, IvrDefinitionError, formatProblem } from "./errors";
export type { DefinitionProblem } from "./errors";
export { SECTIONS, SECTION_NAMES } from "./sections";
export type { Section } from "./sections";
export type {
  Definition, Definitions, IvrDefinition, DepartmentDefinition, TimeGroupDefinition, NumberRoutingDefinition,
  IvrDefinitionArgs, DepartmentDefinitionArgs, TimeGroupDefinitionArgs, NumberRoutingDefinitionArgs,
  IvrDefinitionOption, IvrDefinitionFallback, IvrReference, DepartmentReference, TimeGroupReference, ReferenceByName,
  RouteByName, DefinitionDestination,
} from "./types";
export type { Values as IvrDefinitionValues, Values as DefinitionValues } from "./values";
