/**
 * pulumi-smartflo: Tata Smartflo call routing as code: IVRs, departments, time groups, and the
 * numbers that route to them.
 *
 *   import * as smartflo from "pulumi-smartflo";
 *   const support = new smartflo.Ivr("support", { name: "Support IVR", greeting: smartflo.recording("28935"), ... });
 *   new smartflo.NumberRouting("main-line", { number: "+918069001234", destination: smartflo.ivr(support) });
 */
export { Ivr } from "./kinds/ivr/resource";
export type { IvrArgs, IvrOptionArgs, IvrFallbackArgs, IvrOptionOutput, IvrFallbackOutput } from "./kinds/ivr/resource";
export { Department } from "./kinds/department/resource";
export type { DepartmentArgs, DepartmentMemberArgs, DepartmentMemberOutput } from "./kinds/department/resource";
export { TimeGroup } from "./kinds/time-group/resource";
export type { TimeGroupArgs, TimeRangeArgs, TimeRangeOutput } from "./kinds/time-group/resource";
export { NumberRouting } from "./kinds/number-routing/resource";
export type { NumberRoutingArgs } from "./kinds/number-routing/resource";
export { routeGuard, ROUTE_GUARD_NAME } from "./kinds/route-guard/track";
export { RouteGuard } from "./kinds/route-guard/resource";
export {
  recording, tts, extension, agent, department, ivr, voicemail, timeCondition, timeGroup, hangup,
} from "./resource/helpers";
export { LIMITS, DTMF_KEYS, validateIvr } from "./kinds/ivr/spec";
export type { Ivr as IvrModel, IvrInput } from "./kinds/ivr/spec";
export { DEPARTMENT_LIMITS, RING_STRATEGIES, validateDepartment } from "./kinds/department/spec";
export type { Department as DepartmentModel, DepartmentInput, RingStrategy } from "./kinds/department/spec";
export { TIME_GROUP_LIMITS, DAYS, MONTHS, validateTimeGroup } from "./kinds/time-group/spec";
export type { TimeGroup as TimeGroupModel, TimeGroupInput } from "./kinds/time-group/spec";
export { validateNumberRouting } from "./kinds/number-routing/spec";
export type { NumberRouting as NumberRoutingModel, NumberRoutingInput } from "./kinds/number-routing/spec";
export type { Problem } from "./core/problems";
export { DESTINATION_TYPES, RECORDING_TYPES } from "./core/destinations";
export { parseRef, formatRef, normalizeRef } from "./core/refs";
export {
  loadDefinitions, parseDefinitions, deployDefinitions, DefinitionError,
  loadIvrDefinitions, parseIvrDefinitions, deployIvrDefinitions, IvrDefinitionError,
} from "./definitions";
export type {
  LoadDefinitionsOptions, DeployDefinitionsOptions, DeployedDefinitions, Definition, Definitions,
  DepartmentDefinition, TimeGroupDefinition, NumberRoutingDefinition, DepartmentDefinitionArgs, TimeGroupDefinitionArgs,
  NumberRoutingDefinitionArgs, DepartmentReference, TimeGroupReference, ReferenceByName, RouteByName, DefinitionValues,
  LoadIvrDefinitionsOptions, DeployIvrDefinitionsOptions, DefinitionSource, DefinitionProblem, IvrDefinition,
  IvrDefinitionArgs, IvrDefinitionOption, IvrDefinitionFallback, IvrReference, DefinitionDestination, IvrDefinitionValues,
} from "./definitions";
export { lintDefinitions, assertLintClean } from "./tools/lint/lint";
export type { LintFinding, LintOptions, AssertLintOptions } from "./tools/lint/lint";
export { simulateCall } from "./tools/simulate";
export type { CallResult, CallStep, SimulateOptions } from "./tools/simulate";
