/**
 * pulumi-smartflo: Tata Smartflo IVRs as code.
 *
 *   import * as smartflo from "pulumi-smartflo";
 *   new smartflo.Ivr("support", { name: "Support IVR", greeting: smartflo.recording("28935"), ... });
 */
export { Ivr } from "./kinds/ivr/resource";
export type { IvrArgs, IvrOptionArgs, IvrFallbackArgs, IvrOptionOutput, IvrFallbackOutput } from "./kinds/ivr/resource";
export {
  recording, tts, extension, agent, department, ivr, voicemail, timeCondition, timeGroup, hangup,
} from "./resource/helpers";
export { LIMITS, DTMF_KEYS, validateIvr } from "./kinds/ivr/spec";
export type { Ivr as IvrModel, IvrInput } from "./kinds/ivr/spec";
export type { Problem } from "./core/problems";
export { DESTINATION_TYPES, RECORDING_TYPES } from "./core/destinations";
export { parseRef, formatRef, normalizeRef } from "./core/refs";
export { loadIvrDefinitions, parseIvrDefinitions, deployIvrDefinitions, IvrDefinitionError } from "./definitions";
export type {
  LoadIvrDefinitionsOptions, DeployIvrDefinitionsOptions, DefinitionSource, DefinitionProblem, IvrDefinition,
  IvrDefinitionArgs, IvrDefinitionOption, IvrDefinitionFallback, IvrReference, DefinitionDestination, IvrDefinitionValues,
} from "./definitions";
export { lintDefinitions, assertLintClean } from "./tools/lint/lint";
export type { LintFinding, LintOptions, AssertLintOptions } from "./tools/lint/lint";
export { simulateCall } from "./tools/simulate";
export type { CallResult, CallStep, SimulateOptions } from "./tools/simulate";
