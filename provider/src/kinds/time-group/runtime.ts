/**
 * The TimeGroup provider. Smartflo cannot update a time group, so any change replaces it: the
 * new one is created first, the IVRs routing to it are moved to it (Pulumi updates them, as
 * their `smartflo.timeGroup(res)` changed), then the old one is deleted. Names are unique in the
 * account and the old one still holds its name while the new one is created, so the new one
 * takes the name with " (2)" (and the replacement after it the plain name again). `check` decides
 * that name, `smartfloName`, from the previous state, so preview shows it.
 */
import { sameName } from "../../core/names";
import { UNKNOWN } from "../../core/refs";
import { EngineProps, canonicalOf, changedProperties, checkInputs, defineProvider } from "../../provider/lifecycle";
import { session } from "../../provider/session";
import { namedKindOperations } from "../named-kind";
import { createTimeGroup, deleteTimeGroup, findTimeGroupByName, getTimeGroup } from "./api";
import { REPLACEMENT_SUFFIX, TIME_GROUP_SPEC, TimeGroup } from "./spec";

const SPEC = TIME_GROUP_SPEC;

function hasState(olds: EngineProps | undefined): olds is EngineProps {
  return !!olds && Object.keys(olds).some((k) => k !== "__provider");
}

/** The name the time group has, or gets, in Smartflo (see the top of this file). */
export function smartfloNameOf(olds: EngineProps | undefined, news: EngineProps): string {
  const name = news.name as string;
  if (name === UNKNOWN || !hasState(olds)) return name;
  const previous = typeof olds.smartfloName === "string" ? olds.smartfloName : String(olds.name);
  if (changedProperties(SPEC, olds, news).length === 0) return previous;
  return sameName(previous, name) ? `${name}${REPLACEMENT_SUFFIX}` : name;
}

/** What identifies a declared time group between a diff and the check of its replacement. */
function replacementKey(inputs: EngineProps): string | undefined {
  const result = SPEC.validate(canonicalOf(SPEC, inputs));
  return result.ok ? `${SPEC.type}|${JSON.stringify(SPEC.comparable(result.value))}` : undefined;
}

async function check(olds: EngineProps, news: EngineProps) {
  const given = { ...(news ?? {}) };
  delete given.smartfloName; // derived here, never given
  // A replacement is checked again with no olds (the engine recomputes its inputs as for a new
  // resource): its previous state is the one the diff that replaces it saw.
  const key = hasState(olds) ? undefined : replacementKey(given);
  const previous = (key && session().replacing.get(key)) || olds;
  const result = await checkInputs(SPEC, previous, given);
  if (result.failures.length === 0) result.inputs.smartfloName = smartfloNameOf(previous, result.inputs);
  return result;
}

async function diff(_id: string, olds: EngineProps, news: EngineProps) {
  // (`smartfloName` follows from these: check derives it, and keeps it while they do not change.)
  const replaces = changedProperties(SPEC, olds, news);
  const key = replaces.length > 0 ? replacementKey(news) : undefined;
  if (key) session().replacing.set(key, olds);
  return { changes: replaces.length > 0, replaces, deleteBeforeReplace: false };
}

const operations = namedKindOperations<TimeGroup>(SPEC, {
  smartfloName: (t, inputs) => (typeof inputs.smartfloName === "string" ? inputs.smartfloName : t.name),
  find: findTimeGroupByName,
  get: async (client, id, props) => {
    const found = await getTimeGroup(client, id, props);
    return found && { value: found.timeGroup, extra: { smartfloName: found.smartfloName } };
  },
  create: createTimeGroup,
  delete: deleteTimeGroup,
  adopt: async (client, existing, declared) => {
    const found = await getTimeGroup(client, existing.id);
    const differing = found ? changedProperties(SPEC, { ...found.timeGroup, name: declared.name }, declared) : ["everything"];
    if (differing.length > 0) {
      throw new Error(
        `the time group '${existing.name}' (id ${existing.id}) differs from the declared one in ${differing.join(", ")}, ` +
          "and Smartflo cannot update a time group: declare it as it is to adopt it, then change it (which replaces it)",
      );
    }
  },
  extraOutputs: (t, inputs) => ({ smartfloName: typeof inputs.smartfloName === "string" ? inputs.smartfloName : t.name }),
});

export const timeGroupProvider = defineProvider(SPEC, {
  ...operations,
  // Declared so that a change never reaches `update` (diff replaces); named-kind refuses one anyway.
  check,
  diff,
});
