/**
 * The Ivr provider: the generic check and diff (provider/lifecycle.ts) and the IVR's own
 * create (with adopt by name), read, update and delete.
 */
import { NotFoundError } from "../../client/errors";
import { EngineProps, canonicalOf, defineProvider, guarded, outputsOf, requireValid } from "../../provider/lifecycle";
import { session } from "../../provider/session";
import { createIvr, deleteIvr, findIvrByName, getIvr, updateIvr } from "./api";
import { IVR_SPEC } from "./spec";

async function create(inputs: EngineProps) {
  return guarded("creating the Smartflo IVR", async () => {
    const ivr = requireValid(IVR_SPEC, inputs);
    const client = session().client();
    const existing = await findIvrByName(client, ivr.name);
    let id: string;
    if (existing) {
      if (inputs.adopt !== true) {
        throw new Error(
          `an IVR named '${existing.name}' already exists in this Smartflo account (id ${existing.id}). ` +
            "Set adopt: true on this resource to take it over (it is updated to the declared state), or choose another name",
        );
      }
      await updateIvr(client, existing.id, ivr);
      id = existing.id;
      console.log(`smartflo: adopted the existing IVR '${existing.name}' (id ${id}) and applied the declared state`);
    } else {
      id = await createIvr(client, ivr);
    }
    session().accountLists(client).note(IVR_SPEC.listedIn, id, ivr.name);
    return { id, outs: outputsOf(IVR_SPEC, ivr, id, inputs.adopt) };
  });
}

async function read(id: string, props: EngineProps | undefined) {
  return guarded(`reading Smartflo IVR ${id}`, async () => {
    const found = await getIvr(session().client(), id, canonicalOf(IVR_SPEC, props));
    if (!found) return {}; // deleted outside Pulumi: the engine drops it from state
    const outs = outputsOf(IVR_SPEC, found.ivr, id, props?.adopt);
    const inputs = { ...outs };
    delete inputs[IVR_SPEC.idProperty];
    return { id, props: outs, inputs };
  });
}

async function update(id: string, _olds: EngineProps, news: EngineProps) {
  return guarded(`updating Smartflo IVR ${id}`, async () => {
    const ivr = requireValid(IVR_SPEC, news);
    const client = session().client();
    try {
      await updateIvr(client, id, ivr);
    } catch (err) {
      if (err instanceof NotFoundError) {
        throw new Error(
          `IVR '${ivr.name}' (id ${id}) no longer exists in Smartflo: it was deleted outside Pulumi. ` +
            "Run `pulumi refresh` to drop it from the stack, then `pulumi up` to create it again",
        );
      }
      throw err;
    }
    session().accountLists(client).note(IVR_SPEC.listedIn, id, ivr.name);
    return { outs: outputsOf(IVR_SPEC, ivr, id, news.adopt) };
  });
}

async function remove(id: string, _props: EngineProps) {
  return guarded(`deleting Smartflo IVR ${id}`, async () => {
    const client = session().client();
    await deleteIvr(client, id);
    session().accountLists(client).note(IVR_SPEC.listedIn, id, undefined);
  });
}

export const ivrProvider = defineProvider(IVR_SPEC, { create, read, update, delete: remove });
