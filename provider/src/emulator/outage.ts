/**
 * Outages (`POST /__emulator/outage`, `startOutage()`): for `durationMs` the API is down, then it
 * comes back on the same port with its data intact.
 *
 * - `refuse`: the listener is closed and every open connection dropped, so clients get
 *   ECONNREFUSED / ECONNRESET. The control endpoints are down too; the outage ends on its timer
 *   or through `endOutage()` on the RunningEmulator.
 * - `unavailable`: connections are accepted and every `/v1` request is answered
 *   `503 {"success": false, "message": "Service Unavailable"}`; control endpoints keep working
 *   (`DELETE /__emulator/outage` ends it early).
 */
import { z } from "zod";

export const OutageSpecSchema = z
  .object({
    mode: z.enum(["refuse", "unavailable"]),
    durationMs: z.number().int().positive().max(600_000),
  })
  .strict();

export type OutageSpec = z.input<typeof OutageSpecSchema>;
export type OutageMode = z.output<typeof OutageSpecSchema>["mode"];

export type OutageStatus = { active: false } | { active: true; mode: OutageMode; endsInMs: number };
