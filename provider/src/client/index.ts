export * from "./client";
export * from "./errors";
export { TokenSource, Credentials, Logger } from "./auth";
export { RateLimiter, limiterFor } from "./ratelimit";
export { bareToken, isFalse } from "./transport";
