/**
 * The NumberRouting provider. Create records where the number routed before and routes it;
 * update re-routes it; delete gives the number its previous route back, if the route is still
 * the one this resource set (a route changed outside Pulumi since is left alone). A change of
 * `number` is a different number: the old one gets its route back before the new one is routed
 * (delete before replace), so that the same number written another way ("101" for
 * "+918069001234") gets the route it had before this stack, not this stack's old one.
 */
import { DESTINATIONS } from "../../core/destinations";
import { EngineProps, changedProperties, defineProvider, guarded, requireValid } from "../../provider/lifecycle";
import { session } from "../../provider/session";
import { findNumber, getNumber, routeNumber } from "./api";
import { ApiNumber, readDestination } from "./mapping";
import { NUMBER_ROUTING_SPEC, NumberRouting } from "./spec";

const SPEC = NUMBER_ROUTING_SPEC;

/** Where a number goes back to when it routed nowhere before (the API takes no empty route). */
const NOWHERE = `hangup||${DESTINATIONS.hangup.fixedId}`;

async function diff(_id: string, olds: EngineProps, news: EngineProps) {
  const changed = changedProperties(SPEC, olds, news);
  const replaces = changed.filter((k) => k === "number");
  return { changes: changed.length > 0, replaces, deleteBeforeReplace: replaces.length > 0 };
}

function outputs(routing: NumberRouting, number: ApiNumber, previousDestination: string | null) {
  return { number: routing.number, destination: routing.destination, numberId: number.id, did: number.did, previousDestination };
}

async function create(inputs: EngineProps) {
  return guarded("routing the Smartflo number", async () => {
    const routing = requireValid(SPEC, inputs);
    const client = session().client();
    const number = await findNumber(client, routing.number);
    if (!number) throw new Error(`${routing.number} is not a number of this Smartflo account (GET /v1/my_number)`);
    const previous = readDestination(number.destination);
    if (previous !== routing.destination) await routeNumber(client, number, routing.destination);
    return { id: number.id, outs: outputs(routing, number, previous) };
  });
}

async function read(id: string, props: EngineProps | undefined) {
  return guarded(`reading Smartflo number ${id}`, async () => {
    const number = await getNumber(session().client(), id);
    if (!number) return {}; // the number left the account: the engine drops the routing from state
    const routing = { number: props?.number ?? number.did, destination: readDestination(number.destination) } as NumberRouting;
    const outs = outputs(routing, number, props?.previousDestination ?? null);
    return { id, props: outs, inputs: { number: routing.number, destination: routing.destination } };
  });
}

async function update(id: string, olds: EngineProps, news: EngineProps) {
  return guarded(`routing Smartflo number ${id}`, async () => {
    const routing = requireValid(SPEC, news);
    const client = session().client();
    const number = await getNumber(client, id);
    if (!number) {
      throw new Error(
        `number ${olds.did ?? routing.number} (id ${id}) is no longer in this Smartflo account. ` +
          "Run `pulumi refresh` to drop its routing from the stack",
      );
    }
    await routeNumber(client, number, routing.destination);
    return { outs: outputs(routing, number, olds.previousDestination ?? null) };
  });
}

async function remove(id: string, props: EngineProps) {
  return guarded(`giving Smartflo number ${id} its previous route back`, async () => {
    const client = session().client();
    const number = await getNumber(client, id);
    if (!number) return; // gone with its route
    const current = readDestination(number.destination);
    if (current !== props.destination) {
      console.log(`smartflo: number ${number.did} now routes to ${current ?? "nowhere"}, set outside this stack since; left as it is`);
      return;
    }
    const previous: string | null = props.previousDestination ?? null;
    if (previous === null) {
      console.log(`smartflo: number ${number.did} routed nowhere before this stack; it now ends calls (${NOWHERE}), as the API takes no empty route`);
    }
    await routeNumber(client, number, previous ?? NOWHERE);
  });
}

// The generic check (provider/lifecycle.ts): the spec refuses `adopt`, and its listed property
// makes the account checks refuse a number the account does not have.
export const numberRoutingProvider = defineProvider(SPEC, { diff, create, read, update, delete: remove });
