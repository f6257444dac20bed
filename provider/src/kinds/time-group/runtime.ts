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
import { pendingOf } from "../../managed/pending";
import { managedOperations } from "../../provider/operations";
import { TIME_GROUP_KIND } from "./api";
import { REPLACEMENT_SUFFIX, TIME_GROUP_SPEC } from "./spec";

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

const operations = managedOperations(TIME_GROUP_KIND);

async function diff(_id: string, olds: EngineProps, news: EngineProps) {
  // (`smartfloName` follows from these: check derives it, and keeps it while they do not change.)
  const replaces = changedProperties(SPEC, olds, news);
  const key = replaces.length > 0 ? replacementKey(news) : undefined;
  if (key) session().replacing.set(key, olds);
  return { changes: replaces.length > 0, replaces, deleteBeforeReplace: false };
}

export const timeGroupProvider = defineProvider(SPEC, {
  ...operations,
  // Its own check and diff (a change replaces it); a pending create is settled by an update.
  check,
  diff: async (id, olds, news) => (pendingOf(olds) ? operations.diff(id, olds, news) : diff(id, olds, news)),
});
