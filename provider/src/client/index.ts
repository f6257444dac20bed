/**
 * `pulumi-smartflo/client`: the Smartflo client for tools and scripts, with the operations the
 * provider uses (IVRs, departments, time groups, numbers, account lookups).
 */
export * from "./client";
export * from "./errors";
export { TokenSource, Credentials, Logger } from "./auth";
export { RateLimiter, RateLimiters } from "./ratelimit";
export { bareToken, isFalse } from "./transport";
export * from "../account/lookups";
export { listIvrs, getIvr, findIvrByName, createIvr, updateIvr, deleteIvr } from "../kinds/ivr/api";
export type { IvrRecord } from "../kinds/ivr/api";
export { listDepartmentRecords, getDepartment, findDepartmentByName, createDepartment, updateDepartment, deleteDepartment } from "../kinds/department/api";
export type { DepartmentRecord } from "../kinds/department/api";
export { listTimeGroupRecords, getTimeGroup, findTimeGroupByName, createTimeGroup, deleteTimeGroup } from "../kinds/time-group/api";
export type { TimeGroupRecord } from "../kinds/time-group/api";
export { listNumberRecords, findNumber, getNumber, routeNumber } from "../kinds/number-routing/api";
