/**
 * The provider operations of a kind whose objects are named uniquely in the account and listed
 * by one endpoint (departments, time groups): create with adopt by name, read for refresh,
 * update, delete. Each kind says how to reach its endpoints and how adopting works for it.
 */
import type { SmartfloClient } from "../client/client";
import { NotFoundError } from "../client/errors";
import { EngineProps, KindProvider, guarded, outputsOf, requireValid } from "../provider/lifecycle";
import { session } from "../provider/session";
import type { KindSpec } from "./kind";

export interface NamedKindApi<V> {
  /** The Smartflo name a value is created under (its `name`, unless the kind derives another). */
  smartfloName(value: V, inputs: EngineProps): string;
  find(client: SmartfloClient, name: string): Promise<{ id: string; name: string } | undefined>;
  /** The object as it is now, given the state (what reads cannot tell comes from there). */
  get(client: SmartfloClient, id: string, props: EngineProps | undefined): Promise<{ value: V; extra?: Record<string, unknown> } | undefined>;
  /** Creates it under `smartfloName`; answers the new id. */
  create(client: SmartfloClient, value: V, smartfloName: string): Promise<string>;
  /** Absent for a kind the API cannot update (a change replaces it). */
  update?(client: SmartfloClient, id: string, value: V): Promise<void>;
  delete(client: SmartfloClient, id: string): Promise<unknown>;
  /** With `adopt: true`: takes over `existing` so that it holds `value`, or explains why it cannot. */
  adopt(client: SmartfloClient, existing: { id: string; name: string }, value: V): Promise<void>;
  /** Outputs besides the canonical ones and the id (e.g. a derived name), from the checked inputs. */
  extraOutputs?(value: V, inputs: EngineProps): Record<string, unknown>;
}

export function namedKindOperations<V>(spec: KindSpec<V> & { listedIn: NonNullable<KindSpec<V>["listedIn"]> }, api: NamedKindApi<V>) {
  const outputs = (value: V, id: string, props: EngineProps | undefined, extra = api.extraOutputs?.(value, props ?? {})) => ({
    ...outputsOf(spec, value, id, props?.adopt),
    ...extra,
  });

  async function create(inputs: EngineProps) {
    return guarded(`creating the Smartflo ${spec.noun}`, async () => {
      const value = requireValid(spec, inputs);
      const name = api.smartfloName(value, inputs);
      const client = session().client();
      const existing = await api.find(client, name);
      let id: string;
      if (existing) {
        if (inputs.adopt !== true) {
          throw new Error(
            `${spec.aNoun} named '${existing.name}' already exists in this Smartflo account (id ${existing.id}). ` +
              "Set adopt: true on this resource to take it over, or choose another name",
          );
        }
        await api.adopt(client, existing, value);
        id = existing.id;
        console.log(`smartflo: adopted the existing ${spec.noun} '${existing.name}' (id ${id})`);
      } else {
        id = await api.create(client, value, name);
      }
      session().accountLists(client).note(spec.listedIn, id, name);
      return { id, outs: outputs(value, id, inputs) };
    });
  }

  async function read(id: string, props: EngineProps | undefined) {
    return guarded(`reading Smartflo ${spec.noun} ${id}`, async () => {
      const found = await api.get(session().client(), id, props);
      if (!found) return {}; // deleted outside Pulumi: the engine drops it from state
      const outs = outputs(found.value, id, props, found.extra);
      const inputs = { ...outs };
      delete inputs[spec.idProperty];
      return { id, props: outs, inputs };
    });
  }

  async function update(id: string, _olds: EngineProps, news: EngineProps) {
    return guarded(`updating Smartflo ${spec.noun} ${id}`, async () => {
      const value = requireValid(spec, news);
      if (!api.update) throw new Error(`Smartflo has no way to update ${spec.aNoun}: a change replaces it (this is a bug in pulumi-smartflo's diff)`);
      const client = session().client();
      try {
        await api.update(client, id, value);
      } catch (err) {
        if (err instanceof NotFoundError) {
          throw new Error(
            `${spec.noun} '${api.smartfloName(value, news)}' (id ${id}) no longer exists in Smartflo: it was deleted outside Pulumi. ` +
              "Run `pulumi refresh` to drop it from the stack, then `pulumi up` to create it again",
          );
        }
        throw err;
      }
      session().accountLists(client).note(spec.listedIn, id, api.smartfloName(value, news));
      return { outs: outputs(value, id, news) };
    });
  }

  async function remove(id: string) {
    return guarded(`deleting Smartflo ${spec.noun} ${id}`, async () => {
      const client = session().client();
      await api.delete(client, id);
      session().accountLists(client).note(spec.listedIn, id, undefined);
    });
  }

  return { create, read, update, delete: remove } satisfies Pick<KindProvider, "create" | "read" | "update" | "delete">;
}
