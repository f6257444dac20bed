/**
 * `pulumi-smartflo/runtime`: the providers' implementation. The small serialized provider
 * (shim.ts) loads it at call time, so every Pulumi operation, including `refresh` and `destroy`
 * of stacks created by an older version, runs the code of the version installed now.
 *
 * Keep both entry points stable: stacks store providers that call them.
 *  - `provider(type)`: the kind's methods (what the provider of every version since 0.2.0 calls).
 *  - `configure`, `check`, `diff`, `create`, `read`, `update`, `remove`: the Ivr kind's methods,
 *    called by the provider 0.1.0 stored in its stacks.
 */
import { KINDS } from "../kinds";
import type { ConfigSource } from "./config";
import type { EngineProps, KindProvider } from "./lifecycle";

export type { CheckResult, DiffResult, EngineProps, KindProvider } from "./lifecycle";

/** The provider of a resource type, e.g. `provider("Ivr")`. */
export function provider(type: string): KindProvider {
  const found = Object.prototype.hasOwnProperty.call(KINDS, type) ? KINDS[type as keyof typeof KINDS] : undefined;
  if (!found) {
    throw new Error(
      `this pulumi-smartflo has no resource type '${type}' (it has ${Object.keys(KINDS).join(", ")}): ` +
        "install the version that created the stack, or a later one",
    );
  }
  return found;
}

// ---- the entry points of 0.1.0 (the Ivr kind) ------------------------------------------------

export function configure(config: ConfigSource | undefined): Promise<void> {
  return provider("Ivr").configure(config);
}
export function check(olds: EngineProps, news: EngineProps) {
  return provider("Ivr").check(olds, news);
}
export function diff(id: string, olds: EngineProps, news: EngineProps) {
  return provider("Ivr").diff(id, olds, news);
}
export function create(inputs: EngineProps) {
  return provider("Ivr").create(inputs);
}
export function read(id: string, props: EngineProps | undefined) {
  return provider("Ivr").read(id, props);
}
export function update(id: string, olds: EngineProps, news: EngineProps) {
  return provider("Ivr").update(id, olds, news);
}
export function remove(id: string, props: EngineProps) {
  return provider("Ivr").delete(id, props);
}
