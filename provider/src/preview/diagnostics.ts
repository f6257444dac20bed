/**
 * Diagnostics attached to a resource that is not registered yet (and, when its declaration is
 * invalid, never will be).
 *
 * `pulumi.log.error(message, resource)` waits for `resource.urn` before sending the message
 * (@pulumi/pulumi log/index.ts), and a URN resolves only once the engine has registered the
 * resource. Messages are also sent one after another, so waiting on one unregistered resource
 * would hold back every later message of the program. The URN is therefore computed here, the
 * way the engine computes it (pkg/resource/deploy: generateURN, with the parent's qualified type
 * unless the parent is the stack), and handed to `log` through a stand-in that has only `urn`.
 * The engine shows such a diagnostic under that resource, like a check failure (measured with
 * CLI v3.248.0).
 */
import * as pulumi from "@pulumi/pulumi";

const ROOT_STACK_TYPE = "pulumi:pulumi:Stack";

/** The fields of a Resource this module reads (set by the Resource constructor; internal). */
interface ResourceInternals {
  __pulumiType?: string;
  __name?: string;
  __parentResource?: ResourceInternals;
}

function qualifiedType(res: ResourceInternals): string | undefined {
  const type = res.__pulumiType;
  if (!type) return undefined;
  const parent = res.__parentResource;
  if (!parent || parent.__pulumiType === ROOT_STACK_TYPE) return type;
  const parentType = qualifiedType(parent);
  return parentType === undefined ? undefined : `${parentType}$${type}`;
}

/** A resource's name, type token and URN (the one the engine gives it), known without waiting. */
export function identityOf(resource: pulumi.Resource): { name: string; type: string; urn: string | undefined } {
  const res = resource as unknown as ResourceInternals;
  const qualified = qualifiedType(res);
  const name = res.__name ?? "";
  return {
    name,
    type: res.__pulumiType ?? "",
    urn: qualified && name ? `urn:pulumi:${pulumi.getStack()}::${pulumi.getProject()}::${qualified}::${name}` : undefined,
  };
}

/** A stand-in for `resource` that `pulumi.log` can attach a message to at once, registered or not. */
function logTarget(resource: pulumi.Resource): pulumi.Resource | undefined {
  const { urn } = identityOf(resource);
  return urn === undefined ? undefined : ({ urn: pulumi.output(urn) } as unknown as pulumi.Resource);
}

/** Logs an error under `resource` at once, registered or not. */
export function errorUnder(message: string, resource: pulumi.Resource): void {
  void pulumi.log.error(message, logTarget(resource));
}

/** Logs an info message under `resource` at once, registered or not. */
export function infoUnder(message: string, resource: pulumi.Resource): void {
  void pulumi.log.info(message, logTarget(resource));
}
