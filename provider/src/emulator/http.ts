/** Small HTTP helpers shared by the API and control routes. */
import type { IncomingMessage, ServerResponse } from "node:http";
import { ValidationError, invalid } from "./refs";

export const MAX_BODY_BYTES = 1024 * 1024;

export interface Reply {
  status: number;
  /** JSON-encoded; ignored when `raw` is set. */
  body?: unknown;
  /** A body sent verbatim (injected faults: HTML, empty, ...). */
  raw?: string;
  headers?: Record<string, string>;
  /** Runs once the answer has been handed to the socket (e.g. to take the listener down after it). */
  afterSend?: () => void;
}

/** An error answered as `{"success": false, "message": ...}` with the given status. */
export class ApiError extends Error {
  constructor(
    readonly status: number,
    message: string,
    readonly headers: Record<string, string> = {},
    /** A body other than the usual `{success: false, message}`. */
    readonly body?: unknown,
  ) {
    super(message);
    this.name = "ApiError";
  }
}

export function ok(body: unknown): Reply {
  return { status: 200, body };
}

export function failure(status: number, message: string, headers?: Record<string, string>): Reply {
  return { status, body: { success: false, message }, headers };
}

/** Turn a thrown ValidationError / ApiError into a reply; anything else is a bug, rethrown. */
export function errorReply(error: unknown): Reply {
  if (error instanceof ValidationError) return failure(400, error.message);
  if (error instanceof ApiError) {
    return error.body === undefined
      ? failure(error.status, error.message, error.headers)
      : { status: error.status, body: error.body, headers: error.headers };
  }
  throw error;
}

/** Statuses whose answer carries no body at all. */
const BODILESS = new Set([204, 304]);

export function send(res: ServerResponse, reply: Reply): void {
  if (res.headersSent || res.destroyed) return;
  const bodiless = BODILESS.has(reply.status);
  const text = bodiless ? "" : (reply.raw ?? JSON.stringify(reply.body));
  // Header names are case-insensitive: a reply's own `content-type` replaces the default one.
  const headers = new Map<string, [string, string]>();
  const set = (name: string, value: string) => headers.set(name.toLowerCase(), [name, value]);
  if (!bodiless) {
    set("Content-Type", reply.raw === undefined ? "application/json" : "text/plain; charset=utf-8");
    set("Content-Length", String(Buffer.byteLength(text)));
  }
  for (const [name, value] of Object.entries(reply.headers ?? {})) set(name, value);
  res.writeHead(reply.status, Object.fromEntries(headers.values()));
  res.end(bodiless ? undefined : text, reply.afterSend);
}

export function readBody(req: IncomingMessage): Promise<string> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    req.on("data", (chunk: Buffer) => {
      size += chunk.length;
      if (size <= MAX_BODY_BYTES) chunks.push(chunk);
    });
    req.on("end", () => {
      if (size > MAX_BODY_BYTES) reject(new ApiError(413, "body: larger than 1 MB"));
      else resolve(Buffer.concat(chunks).toString("utf8"));
    });
    req.on("error", reject);
  });
}

/**
 * Parse a JSON body. The parser's own message is not passed on: it quotes the input, which for a
 * login body would echo the password.
 */
export function parseJson(raw: string): unknown {
  if (raw.trim() === "") throw invalid("body", "must be a JSON object");
  try {
    return JSON.parse(raw);
  } catch {
    throw invalid("body", "is not valid JSON");
  }
}
