/**
 * The account checks at the gate: at preview, when the program has credentials, every declared
 * resource is checked against the account at once (referenced recordings, agents, departments,
 * time groups and IVRs exist; a new resource's name is not taken), so one preview names every
 * such mistake too. The provider's `check` would stop the preview at the first one.
 *
 * It is the provider's own code, not a copy: the settings are resolved by `resolveSettings` from
 * the same stack config (the program sees it as the provider does) and environment, the lookups
 * go through a `ProviderSession` (client, rate limiter, one lookup per list) and the verdict is
 * `checkReferences` and `unavailableVerdict` (provider/references.ts).
 *
 * Only at preview (`pulumi.runtime.isDryRun()`): `pulumi up` runs the provider's `check` anyway,
 * and its preview has already run these checks, so an `up` asks the account once, not twice.
 * What the state says decides what is new (preview/state.ts); when the state is unknown, names
 * are left to the provider's `check`, which knows each resource's state.
 *
 * Rejected credentials end the run with one error naming the setting; an account that does not
 * answer is left to the provider's `check`, which warns once (or fails, with
 * `smartflo:requireAccountChecks`), so it is said once.
 */
import * as pulumi from "@pulumi/pulumi";
import type { Logger } from "../client/auth";
import { sameName } from "../core/names";
import type { KindSpec } from "../kinds/kind";
import { hasCredentials } from "../provider/config";
import type { Settings } from "../provider/config";
import { AccountUnavailable, checkReferences, noCredentialsReason, unavailableVerdict } from "../provider/references";
import { ProviderSession } from "../provider/session";
import type { Declaration, StackProblem } from "./gate";
import type { StackState } from "./state";
import { knownString } from "./stack-rules";

/** The provider's session, in the program: its warnings are the provider's to give, once. */
class ProgramSession extends ProviderSession {
  constructor() {
    super();
    const { debug } = this.logger;
    (this as { logger: Logger }).logger = { warn: () => undefined, debug };
  }
}

export interface AccountCheck {
  problems: StackProblem[];
  /** What preview should say besides problems: which existing objects `adopt` takes over. */
  notes: Array<{ declaration: Declaration; message: string }>;
  /** A problem of the whole run (credentials, settings): one error, no resource registered. */
  runError?: string;
}

/** The account checks of one program run. */
export class AccountVerdict {
  private session?: ProviderSession;

  async check(declarations: readonly Declaration[], state: StackState | undefined, found: readonly StackProblem[]): Promise<AccountCheck> {
    if (!pulumi.runtime.isDryRun()) return { problems: [], notes: [] };
    if (!this.session) {
      this.session = new ProgramSession();
      this.session.configure({ get: (key) => pulumi.runtime.getConfig(key) });
    }
    const s = this.session;
    let settings: Settings;
    try {
      settings = s.settings();
    } catch (err) {
      return { problems: [], notes: [], runError: (err as Error).message };
    }
    if (!settings.validateReferences) return { problems: [], notes: [] };
    if (!hasCredentials(settings)) {
      return settings.requireAccountChecks ? { problems: [], notes: [], runError: noCredentialsReason(true) } : { problems: [], notes: [] };
    }
    const client = s.client(settings);
    const lists = s.accountLists(client);

    const checked = declarations.filter((d) => d.value !== undefined);
    for (const d of checked) {
      const { uniqueName, listedIn } = d.kind.spec;
      const before = uniqueName && d.previous?.outputs[uniqueName];
      const now = uniqueName && knownString(d, uniqueName);
      if (listedIn && !d.kind.spec.changeReplaces && typeof before === "string" && now && !sameName(before, now)) lists.release(listedIn, before);
    }
    let unavailable: AccountUnavailable | undefined;
    const problems: StackProblem[] = [];
    const notes: AccountCheck["notes"] = [];
    await Promise.all(
      checked.map(async (d) => {
        const { spec } = d.kind;
        // A name this stack holds is the stack rules' to judge; one already reported is not checked twice.
        const judgeName =
          state !== undefined && !d.nameHeldInStack && !found.some((p) => p.declaration === d && p.problem.property === spec.uniqueName);
        const previous = spec.uniqueName && d.previous?.outputs[spec.uniqueName];
        const refs = await checkReferences(spec, d.value, {
          client,
          lists,
          isNew: judgeName && d.previous === undefined,
          adopt: d.adopt === true,
          previousName: judgeName && typeof previous === "string" ? previous : undefined,
        });
        problems.push(...refs.problems.map((problem) => ({ declaration: d, problem })));
        if (refs.adopts) notes.push({ declaration: d, message: adoptionNote(spec, refs.adopts) });
        if (refs.unavailable && (!unavailable || (refs.unavailable.rejected && !unavailable.rejected))) unavailable = refs.unavailable;
      }),
    );
    // In declaration order, whatever order the lookups answered in.
    problems.sort((a, b) => declarations.indexOf(a.declaration) - declarations.indexOf(b.declaration));
    const error = unavailable && unavailableVerdict(unavailable, settings).error;
    notes.sort((a, b) => declarations.indexOf(a.declaration) - declarations.indexOf(b.declaration));
    return error ? { problems, notes, runError: error } : { problems, notes };
  }
}

/** Preview shows an adopting resource as a plain create: this says what `up` will really do. */
function adoptionNote(spec: KindSpec, existing: { id: string; name: string }): string {
  const what = `adopt: true: \`pulumi up\` takes over the existing ${spec.noun} '${existing.name}' (id ${existing.id})`;
  return spec.changeReplaces
    ? `${what} if it holds the declared state (Smartflo cannot update ${spec.aNoun}), instead of creating one`
    : `${what} and applies the declared state to it, instead of creating one`;
}

