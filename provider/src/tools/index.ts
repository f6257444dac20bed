/**
 * `pulumi-smartflo/tools`: what the `smartflo` command does, as functions for programs, scripts
 * and tests: read an account, export it to definitions files, build the routing graph, lint it,
 * draw it, simulate calls through it, list its call flows, and check a live account's assumptions.
 */
export { readAccount, READ_STEPS } from "./account";
export type { AccountSnapshot, AccountIvr, AccountDepartment, AccountTimeGroup, UnreadableObject, ReadStep, ReadAccountOptions } from "./account";
export { buildRoutingGraph, RoutingGraph, describeNode, describeRoute } from "./graph";
export type { GraphInput, RoutingNode, IvrNode, NumberNode, DepartmentNode, TimeGroupNode, Route, RouteVia, Target, Origin, NodeKind } from "./graph";
export { lintDefinitions, lintAccount, assertLintClean, findingsOfDefinitionError, formatFinding } from "./lint/lint";
export type { LintFinding, LintOptions, AssertLintOptions } from "./lint/lint";
export { RULES } from "./lint/rules";
export type { RuleId, Severity } from "./lint/rules";
export { formatFindings, LINT_FORMATS } from "./lint/format";
export type { LintFormat } from "./lint/format";
export { simulateCall, formatCall, SILENCE } from "./simulate";
export type { CallResult, CallStep, CallEvent, SimulateOptions } from "./simulate";
export { diagramOf } from "./diagram/model";
export type { Diagram, DiagramNode, DiagramEdge } from "./diagram/model";
export { toMermaid } from "./diagram/mermaid";
export { toDot } from "./diagram/dot";
export { toSvg } from "./diagram/svg";
export { formatCallFlows } from "./show";
export type { ShowOptions, Styles } from "./show";
export { describer } from "./describe";
export { exportDefinitions, resourceNamesFor } from "./export";
export type { ExportResult, ExportedFile, ExportOptions } from "./export";
export { runDoctor, formatDoctorReport } from "./doctor";
export type { DoctorOptions, DoctorReport, DoctorCheck, Verdict } from "./doctor";
export { ToolInputError } from "./errors";
