/** The `Department` resource class users declare, with its args and outputs derived from its spec. */
import * as pulumi from "@pulumi/pulumi";
import { holdUntilValidated } from "../../preview/gate";
import { declarationKind } from "../../preview/stack-rules";
import { createProvider } from "../../provider/shim";
import { Args, KindArgs, KindOutputs, resourceProps } from "../../resource/args";
import { trackForRouteGuard } from "../route-guard/track";
import { DEPARTMENT_SPEC, Department as DepartmentValue, DepartmentInput, DepartmentMember } from "./spec";

/** One instance for every Department: Pulumi serializes it once per program. */
const provider = createProvider(DEPARTMENT_SPEC.type);
/** How the program validates a Department when it is declared: its spec and the rules it implies (names unique across the stack). */
const declaration = declarationKind(DEPARTMENT_SPEC);

export type DepartmentArgs = KindArgs<DepartmentInput>;
export type DepartmentMemberArgs = Args<DepartmentInput["members"][number]>;
export type DepartmentMemberOutput = DepartmentMember;

export interface Department extends KindOutputs<DepartmentValue> {
  /** The Smartflo id of the department. */
  readonly departmentId: pulumi.Output<string>;
}

/**
 * A Tata Smartflo department (ring group): the members a call rings, how, and where it goes
 * when nobody answers. Route to it with `smartflo.department(res)`. Inputs are checked at
 * `pulumi preview`; credentials come from stack config.
 */
// The interface above declares the outputs Pulumi sets on the instance (declaration merging).
// eslint-disable-next-line @typescript-eslint/no-unsafe-declaration-merging
export class Department extends pulumi.dynamic.Resource {
  constructor(name: string, args: DepartmentArgs, opts?: pulumi.CustomResourceOptions) {
    // Validated when declared, with every other declaration of the program, before any of them
    // registers: one preview reports every mistake (preview/gate.ts).
    const held = holdUntilValidated(opts);
    super(provider, name, resourceProps(DEPARTMENT_SPEC, args), held.opts, "smartflo", DEPARTMENT_SPEC.type);
    held.declare(this, declaration, args);
    trackForRouteGuard({ kind: "Department", name, resource: this });
  }
}
