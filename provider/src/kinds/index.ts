/**
 * Every resource kind, by resource type: what `pulumi-smartflo/runtime` dispatches the serialized
 * provider's calls to. A new kind is a folder beside ivr/ (spec, mapping, api, runtime, resource)
 * and one line here (plus its exports in src/index.ts).
 */
import type { KindProvider } from "../provider/lifecycle";
import { departmentProvider } from "./department/runtime";
import { ivrProvider } from "./ivr/runtime";
import { numberRoutingProvider } from "./number-routing/runtime";
import { routeGuardProvider } from "./route-guard/runtime";
import { timeGroupProvider } from "./time-group/runtime";

export const KINDS = {
  Ivr: ivrProvider,
  Department: departmentProvider,
  TimeGroup: timeGroupProvider,
  NumberRouting: numberRoutingProvider,
  // Not declared by users: one per stack, declared for them (kinds/route-guard/track.ts).
  RouteGuard: routeGuardProvider,
} as const satisfies Record<string, KindProvider>;

export type KindType = keyof typeof KINDS;
