/**
 * Create, read, update, delete and diff for any managed kind (managed/kind.ts), as the engine
 * calls them. What the engine adds to managed/ownership.ts is where a pending create lives:
 *
 * - A create whose outcome stays unknown fails with an initialization error that carries a
 *   placeholder id and outputs recording the pending create (managed/pending.ts). Pulumi records
 *   such a resource in the state ("created, failed to initialize"), so nothing is lost.
 * - The next `up` updates it (the engine retries a resource with initialization errors, and diff
 *   reports a change while a create is pending): the update settles the create by the claim rule,
 *   then applies the declared state, or creates the object when it was never created.
 * - `refresh` settles it the same way and returns the real id, which the engine then records.
 *   `destroy` settles it and deletes what the create made.
 * - Until a refresh, the resource id stays the placeholder and the Smartflo id lives in the id
 *   output (`ivrId`): every operation here reads it from there (`smartfloId`).
 */
import { NotFoundError } from "../client/errors";
import { plainJson } from "../core/json";
import type { ManagedKind } from "../managed/kind";
import { CreateOutcomeUnknown, createOwned, deleteOwned, pendingNotOurs, resolvePending, updateOwned } from "../managed/ownership";
import { getManaged } from "../managed/reads";
import { PENDING_PROPERTY, PendingCreate, isPlaceholderId, pendingOf, placeholderId } from "../managed/pending";
import { EngineProps, KindProvider, canonicalOf, diffInputs, guarded, outputsOf, requireValid } from "./lifecycle";
import { session } from "./session";

type Operations = Pick<KindProvider, "create" | "read" | "update" | "delete" | "diff">;

export function managedOperations<V>(kind: ManagedKind<V>): Operations {
  const spec = kind.spec;
  const noun = `Smartflo ${spec.noun}`;
  const client = () => session().client();
  const noteInLists = (id: string, name: string | undefined) => {
    const c = client();
    if (spec.listedIn) session().accountLists(c).note(spec.listedIn, id, name);
  };

  /** The engine's error for a create left pending: recorded in state with these outputs. */
  const pendingError = (value: V, inputs: EngineProps, err: CreateOutcomeUnknown, id = placeholderId()) => {
    const properties = { ...pendingOutputs(value, inputs, err.record), __provider: inputs.__provider };
    const message =
      `${err.record.reason}. Recorded as a pending create (id ${id}): the next \`pulumi up\` or \`pulumi refresh\` ` +
      `finds out whether it was created and takes it over, or creates it`;
    return Object.assign(new Error(message), { id, properties, reasons: [message] });
  };

  /** What is created in Smartflo for the declared value (managed/kind.ts, `held`). */
  const heldOf = (value: V, inputs: EngineProps) => kind.held?.toHeld(value, inputs) ?? value;
  /** The outputs of an object holding `held`, as the resource declares it. */
  const outputsOfHeld = (held: V, id: string, props: EngineProps | undefined, adopt: unknown) => {
    const shown = kind.held?.fromHeld(held, props) ?? { value: held, outputs: {} };
    return { ...outputsOf(spec, shown.value, id, adopt as boolean | undefined), ...shown.outputs };
  };

  const pendingOutputs = (value: V, inputs: EngineProps, record: PendingCreate) => {
    const outs: Record<string, unknown> = { ...plainJson(value), ...(kind.held?.fromHeld(heldOf(value, inputs), inputs).outputs ?? {}), [PENDING_PROPERTY]: record };
    const adopt = inputs.adopt;
    if (adopt !== undefined) outs.adopt = adopt;
    return outs;
  };

  return {
    diff: async (id, olds, news) => {
      if (pendingOf(olds)) return { changes: true, replaces: [], deleteBeforeReplace: false };
      return diffInputs(spec, olds, news);
    },

    create: (inputs) =>
      guarded(`creating the ${noun}`, async () => {
        const value = requireValid(spec, inputs);
        try {
          const held = heldOf(value, inputs);
          const created = await createOwned(client(), kind, held, { adopt: inputs.adopt === true });
          noteInLists(created.id, kind.nameOf(held));
          return { id: created.id, outs: outputsOfHeld(held, created.id, inputs, inputs.adopt) };
        } catch (err) {
          if (err instanceof CreateOutcomeUnknown) throw pendingError(value, inputs, err);
          throw err;
        }
      }),

    read: (id, props) =>
      guarded(`reading ${noun} ${id}`, async () => {
        const prior = canonicalOf(spec, props);
        const record = pendingOf(props);
        if (record) {
          const claim = await resolvePending(client(), kind, record, heldOf(prior as V, props ?? {}), { adopt: props?.adopt === true });
          if ("absent" in claim) return {}; // never created: nothing to keep
          if ("notOurs" in claim) {
            session().logger.warn(`${pendingNotOurs(kind, record, claim).message}; the pending create stays recorded`);
            return { id, props: withoutProvider(props) };
          }
          return readResult(claim.claimed.id, kind.valueOf(claim.claimed.raw, prior), props);
        }
        const real = smartfloId(spec.idProperty, id, props);
        const value = await getManaged(client(), kind, real, (raw) => kind.valueOf(raw, prior));
        if (value === undefined) return {}; // gone from two complete lists: deleted outside Pulumi
        return readResult(real, value, props);
      }),

    update: (id, olds, news) =>
      guarded(`updating ${noun} ${shownId(spec.idProperty, id, olds)}`, async () => {
        const value = heldOf(requireValid(spec, news), news);
        const c = client();
        const record = pendingOf(olds);
        let real: string;
        if (record) {
          const sent = heldOf(canonicalOf(spec, olds) as V, olds);
          const claim = await resolvePending(c, kind, record, sent, { adopt: news.adopt === true });
          if ("notOurs" in claim) throw pendingNotOurs(kind, record, claim);
          if ("absent" in claim) {
            // The pending create never took effect: create it now.
            try {
              real = (await createOwned(c, kind, value, { adopt: news.adopt === true })).id;
            } catch (err) {
              if (err instanceof CreateOutcomeUnknown) throw pendingError(value, news, err, id);
              throw err;
            }
          } else {
            real = claim.claimed.id;
            const now = kind.valueOf(claim.claimed.raw, sent);
            if (JSON.stringify(spec.comparable(now)) !== JSON.stringify(spec.comparable(value))) {
              if (kind.updatable === false) {
                throw new Error(
                  `the pending create of ${spec.aNoun} '${record.name}' had taken effect (id ${real}), but the declaration has changed since, ` +
                    `and ${spec.aNoun} cannot be updated in place: declare it as it was sent for one \`pulumi up\` (then change it), or delete ${real} in Smartflo`,
                );
              }
              await updateOwned(c, kind, real, value);
            }
            console.log(`smartflo: the pending create of ${spec.aNoun} '${record.name}' had taken effect: took it over as id ${real}`);
          }
        } else {
          if (kind.updatable === false) throw new Error(`Smartflo has no way to update ${spec.aNoun}: a change replaces it (this is a bug in pulumi-smartflo's diff)`);
          real = smartfloId(spec.idProperty, id, olds);
          try {
            await updateOwned(c, kind, real, value);
          } catch (err) {
            if (err instanceof NotFoundError) {
              throw new Error(
                `${spec.noun} '${kind.nameOf(value)}' (id ${real}) no longer exists in Smartflo: it was deleted outside Pulumi. ` +
                  "Run `pulumi refresh` to drop it from the stack, then `pulumi up` to create it again",
              );
            }
            throw err;
          }
        }
        noteInLists(real, kind.nameOf(value));
        return { outs: outputsOfHeld(value, real, news, news.adopt) };
      }),

    delete: (id, props) =>
      guarded(`deleting ${noun} ${shownId(spec.idProperty, id, props)}`, async () => {
        const c = client();
        const record = pendingOf(props);
        let real: string | undefined;
        if (record) {
          const claim = await resolvePending(c, kind, record, heldOf(canonicalOf(spec, props) as V, props ?? {}), { adopt: props?.adopt === true });
          if ("notOurs" in claim) session().logger.warn(`${pendingNotOurs(kind, record, claim).message}; left untouched`);
          if (!("claimed" in claim)) return; // the pending create made nothing of ours
          real = claim.claimed.id;
        } else {
          real = smartfloId(spec.idProperty, id, props);
        }
        await deleteOwned(c, kind, real);
        noteInLists(real, undefined);
      }),
  };

  function readResult(id: string, held: V, props: EngineProps | undefined) {
    const outs = outputsOfHeld(held, id, props, props?.adopt);
    const inputs = { ...outs };
    delete inputs[spec.idProperty];
    return { id, props: outs, inputs };
  }
}

/**
 * The Smartflo id of a resource: its id, or, while the id is a placeholder (a pending create
 * settled by an update but not yet refreshed), the id output.
 */
export function smartfloId(idProperty: string, id: string, props: EngineProps | undefined): string {
  if (!isPlaceholderId(id)) return id;
  const real = props?.[idProperty];
  if (typeof real === "string" && real !== "" && !isPlaceholderId(real)) return real;
  throw new Error(`the resource's id ${id} stands for a pending create, but its state records neither the create nor ${idProperty}`);
}

function shownId(idProperty: string, id: string, props: EngineProps | undefined): string {
  const real = props?.[idProperty];
  return isPlaceholderId(id) && typeof real === "string" && real ? real : id;
}

function withoutProvider(props: EngineProps | undefined): Record<string, unknown> {
  const { __provider: _provider, ...rest } = props ?? {};
  return rest;
}
