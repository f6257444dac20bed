/**
 * Every resource kind, by resource type: what `pulumi-smartflo/runtime` dispatches the serialized
 * provider's calls to. A new kind is a folder beside ivr/ (spec, mapping, api, runtime, resource)
 * and one line here (plus its exports in src/index.ts).
 */
import type { KindProvider } from "../provider/lifecycle";
import { ivrProvider } from "./ivr/runtime";

export const KINDS = {
  Ivr: ivrProvider,
} as const satisfies Record<string, KindProvider>;

export type KindType = keyof typeof KINDS;
