/**
 * `pulumi-smartflo/client`: the Smartflo client for tools and scripts, with the operations the
 * provider uses (IVRs, account lookups).
 */
export * from "./client";
export * from "./errors";
export { TokenSource, Credentials, Logger } from "./auth";
export { RateLimiter, RateLimiters } from "./ratelimit";
export { bareToken, isFalse } from "./transport";
export * from "../account/lookups";
export { listIvrs, getIvr, findIvrByName, createIvr, updateIvr, deleteIvr } from "../kinds/ivr/api";
export type { IvrRecord } from "../kinds/ivr/api";
