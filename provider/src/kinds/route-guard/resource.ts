/** The `RouteGuard` resource: one per stack, declared by track.ts (see runtime.ts for what it does). */
import * as pulumi from "@pulumi/pulumi";
import { createProvider } from "../../provider/shim";
import type { TrackedKind } from "./entries";

const provider = createProvider("RouteGuard");

export interface RouteGuardArgs {
  resources: Array<pulumi.Input<{ kind: TrackedKind; name: string; id: pulumi.Input<string>; number?: pulumi.Input<string | number> }>>;
}

export class RouteGuard extends pulumi.dynamic.Resource {
  constructor(name: string, args: RouteGuardArgs, opts?: pulumi.CustomResourceOptions) {
    super(provider, name, { resources: args.resources }, opts, "smartflo", "RouteGuard");
  }
}
