/**
 * Every mistake, one preview: the registration gate.
 *
 * The engine stops a preview at the first resource whose `check` fails: `generateSteps` marks it
 * invalid and returns a bail error (pulumi/pulumi pkg/resource/deploy/step_generator.go), so the
 * resources after it are never checked and a program with ten bad IVRs needed ten previews. So
 * this package validates each resource program side, when it is declared, with the rules the
 * provider's `check` uses (provider/lifecycle.ts `validateInputs`, from the kind's spec), and holds
 * the registration of every resource of this package behind one gate (an `opts.dependsOn` that is
 * a promise):
 *
 *  1. A declaration joins the open round and starts resolving what is known of its arguments
 *     (known.ts: plain values and resource-free Outputs; never an Output of a resource).
 *  2. The round closes once those values are resolved and a turn of the event loop passes with
 *     no new declaration: a program's synchronous code (and any chain of already-resolved
 *     awaits) has declared everything by then.
 *  3. Each declaration's own problems, those of the stack rules (rules no single resource can
 *     see: names unique across the stack, names this stack already holds; stack-rules.ts, which
 *     also order a resource after the one it takes a name from) and, at preview with credentials,
 *     the account checks (account.ts: the provider's own `checkReferences`) are logged as errors
 *     under their resources, all of them; then the gate rejects with one `RunError`, which the
 *     Node.js language host prints without a stack trace and which makes the run exit non-zero.
 *     No resource of the round is registered, so nothing is created, also by `pulumi up`.
 *  4. Otherwise the gate opens and the registrations go ahead; the provider's `check` still runs
 *     (for values only known at `up`, and the account checks of `up`).
 *
 * A logged error alone does not fail a run (`pulumi preview` exits 0 after `pulumi.log.error`;
 * measured with CLI v3.248.0), hence the rejection. The gate also stays shut when the program has
 * already logged an error (`pulumi.log.hasErrors()`, e.g. a definitions file that failed to load),
 * so a failing program creates none of this package's resources.
 *
 * Declarations made after a round closed (after an await on real I/O, or inside an `apply`)
 * form a new round: they are validated the same way and compared with every earlier declaration,
 * but cannot hold back resources already let through.
 */
import * as pulumi from "@pulumi/pulumi";
import type { Problem } from "../core/problems";
import type { KindSpec } from "../kinds/kind";
import { validateInputs } from "../provider/lifecycle";
import { AccountVerdict } from "./account";
import { errorUnder, infoUnder, identityOf } from "./diagnostics";
import { knownValues, resourcesIn } from "./known";
import { resourceProblemLine } from "./messages";
import { StackState, StateEntry, readStackState } from "./state";

/** The type tokens of this package's resources start with this (dynamic providers' module). */
export const TYPE_PREFIX = "pulumi-nodejs:dynamic/smartflo:";

/** One declared resource of this package, with what was known of its arguments. */
export interface Declaration {
  readonly kind: DeclarationKind;
  /** The Pulumi resource name. */
  readonly resourceName: string;
  /** The type token, as the engine prints it in messages. */
  readonly type: string;
  /** Its URN; two declarations with the same URN are the engine's to report. */
  readonly urn: string | undefined;
  /** The URNs its `aliases` option gives it (it is the same resource as one in state under those). */
  aliases: string[];
  readonly resource: pulumi.Resource;
  /** The arguments as known at declaration: plain values, UNKNOWN where not known. */
  values: unknown;
  /** The validated value (the spec's canonical form), when the known values passed its rules. */
  value: unknown;
  /** `adopt` as known. */
  adopt: unknown;
  /** The problems of this declaration alone. */
  problems: Problem[];
  /** Resources it registers after whatever the gate does: those its arguments come from, its dependsOn and parent. */
  readonly waitsFor: ReadonlySet<pulumi.Resource>;
  /** Declarations it must register after, as the stack rules decided (e.g. a name freed by a rename). */
  readonly after: Set<Declaration>;
  /** Its entry in the stack's last state; undefined when it has none, or the state is unknown. */
  previous: StateEntry | undefined;
  /** Set by a stack rule when the name it takes is held by a resource of this stack: no stranger holds it. */
  nameHeldInStack: boolean;
}

/** A problem only the whole stack shows, reported on one declaration (naming the others). */
export interface StackProblem {
  declaration: Declaration;
  problem: Problem;
}

/** What a stack rule sees: every declaration of the program so far, and the stack's last state. */
export interface StackView {
  readonly declarations: readonly Declaration[];
  /** By URN; undefined when the state could not be read (rules that need it then decide nothing). */
  readonly state: StackState | undefined;
}

/** A rule over every declaration of the program (all kinds); it may also order declarations (`after`). */
export type StackRule = (view: StackView) => StackProblem[];

/** A kind of resource of this package, as the gate sees it: its spec and its stack rules. */
export interface DeclarationKind {
  // Any kind's spec: the gate handles values of every kind alike.
  // eslint-disable-next-line @typescript-eslint/no-explicit-any
  readonly spec: KindSpec<any>;
  readonly stackRules: readonly StackRule[];
}

interface Round {
  declarations: Declaration[];
  resolving: Array<Promise<void>>;
  opened: Promise<void>;
  open(): void;
  refuse(err: Error): void;
}

/** One run of a program. */
interface Program {
  /** Every declaration so far, in order (the whole-stack rules see them all). */
  declared: Declaration[];
  current: Round | undefined;
  /** The verdict of the last round closed: rounds are judged one after another. */
  judged: Promise<void>;
  refusedBefore: boolean;
  /** Declarations of rounds already let through (their registrations went ahead). */
  letThrough: number;
  /** Read once, before the first round is judged, so later rounds see the same last deployment. */
  state?: Promise<StackState | undefined>;
  /** Account checks of the program (its own session: the program is not the provider process). */
  account: AccountVerdict;
}

/**
 * Per run, keyed by the run's root Stack resource: the Automation API can run inline programs
 * one after another (or side by side, each in its own async context) in one process.
 */
const programs = new WeakMap<object, Program>();
/** The key when no Stack resource exists (Pulumi's mocks). */
const OUTSIDE_A_STACK = {};

function program(): Program {
  const key = pulumi.runtime.getStackResource() ?? OUTSIDE_A_STACK;
  let found = programs.get(key);
  if (!found) {
    found = { declared: [], current: undefined, judged: Promise.resolve(), refusedBefore: false, letThrough: 0, account: new AccountVerdict() };
    programs.set(key, found);
  }
  return found;
}

function openRound(prog: Program): Round {
  prog.current ??= newRound(prog);
  return prog.current;
}

function newRound(prog: Program): Round {
  let open!: () => void;
  let refuse!: (err: Error) => void;
  const opened = new Promise<void>((resolve, reject) => {
    open = resolve;
    refuse = reject;
  });
  // Every held registration handles the rejection (the language host reports it once).
  opened.catch(() => undefined);
  const round: Round = { declarations: [], resolving: [], opened, open, refuse };
  setImmediate(() => {
    const previous = prog.judged;
    prog.judged = close(prog, round, previous).catch((err) => round.refuse(err instanceof Error ? err : new Error(String(err))));
  });
  return round;
}

const nextTurn = () => new Promise<void>((resolve) => setImmediate(resolve));

/** A resource held by the gate: declare it right after `super(...)`, with the same handle. */
export interface Held<T> {
  /** The resource options to pass to `super(...)`. */
  readonly opts: T;
  declare(resource: pulumi.Resource, kind: DeclarationKind, args: unknown): void;
}

/**
 * Resource options that hold the registration until the open round is validated, and the way to
 * declare the resource. Call it in the resource's constructor, then `declare` right after
 * `super(...)`, in the same synchronous step.
 */
export function holdUntilValidated<T extends pulumi.ResourceOptions>(opts: T | undefined): Held<T> {
  const prog = program();
  const round = openRound(prog);
  const given = opts?.dependsOn;
  // What it registers after anyway: the gate must never make one of those wait for it.
  const waitsFor = resourcesIn([given, opts?.parent]);
  let declared: Declaration | undefined;
  const dependsOn = round.opened.then(() => {
    const after = [...(declared?.after ?? [])].map((d) => d.resource);
    return given === undefined ? after : [given, ...after];
  });
  return {
    opts: { ...(opts ?? ({} as T)), dependsOn },
    declare(resource, kind, args) {
      declared = declare(prog, round, resource, kind, args, waitsFor);
    },
  };
}

function declare(
  prog: Program,
  round: Round,
  resource: pulumi.Resource,
  kind: DeclarationKind,
  args: unknown,
  waitsFor: Set<pulumi.Resource>,
): Declaration {
  const { name: resourceName, type, urn } = identityOf(resource);
  const declaration: Declaration = {
    kind, resourceName, type, urn, resource, aliases: [],
    values: undefined, value: undefined, adopt: undefined, problems: [],
    waitsFor: resourcesIn(args, waitsFor),
    after: new Set(),
    previous: undefined,
    nameHeldInStack: false,
  };
  round.declarations.push(declaration);
  prog.declared.push(declaration);
  // Read while the values resolve; once per program, so later rounds see the same last deployment.
  prog.state ??= readStackState(TYPE_PREFIX);
  round.resolving.push(
    knownValues(args).then((values) => {
      declaration.values = values;
      declaration.adopt = (values as { adopt?: unknown } | undefined)?.adopt;
      const checked = validateInputs(kind.spec, values);
      if (checked.ok) declaration.value = checked.value;
      else declaration.problems = checked.problems;
    }),
    // The SDK turns `opts.aliases` into URN Outputs on the resource (internal `__aliases`).
    knownValues((resource as unknown as { __aliases?: unknown[] }).__aliases ?? []).then((aliases) => {
      declaration.aliases = Array.isArray(aliases) ? aliases.filter((a): a is string => typeof a === "string" && a.startsWith("urn:")) : [];
    }),
  );
  return declaration;
}

async function close(prog: Program, round: Round, previous: Promise<void>): Promise<void> {
  let seen: number;
  do {
    seen = round.declarations.length;
    await Promise.all(round.resolving);
    await nextTurn();
  } while (round.declarations.length !== seen);
  if (prog.current === round) prog.current = undefined;
  await previous.catch(() => undefined);

  const state = await prog.state;
  for (const d of round.declarations) d.previous = [d.urn, ...d.aliases].map((u) => u && state?.get(u)).find(Boolean) || undefined;

  const { declared } = prog;
  const inRound = new Set(round.declarations);
  const found: StackProblem[] = round.declarations.flatMap((d) => d.problems.map((problem) => ({ declaration: d, problem })));
  const rules = new Set(declared.flatMap((d) => d.kind.stackRules));
  for (const rule of rules) found.push(...rule({ declarations: declared, state }).filter((p) => inRound.has(p.declaration)));

  const account = await prog.account.check(round.declarations, state, found);
  found.push(...account.problems);

  // In declaration order (a resource's own problems first), whichever rule found them.
  const order = (p: StackProblem) => round.declarations.indexOf(p.declaration);
  found.sort((a, b) => order(a) - order(b));
  if (found.length > 0 || account.runError) {
    for (const { declaration: d, problem } of found) {
      errorUnder(resourceProblemLine(d.type, d.resourceName, problem, d.values), d.resource);
    }
    const resources = new Set(found.map((p) => p.declaration)).size;
    const summary = found.length
      ? `${count(found.length, "problem")} in ${count(resources, "resource")}, each reported under its resource; `
      : "";
    const held = prog.letThrough === 0
      ? "no Smartflo resource of this program was registered, so nothing was created or changed"
      : `none of the ${round.declarations.length} Smartflo resources declared with them was registered`;
    prog.refusedBefore = true;
    round.refuse(runError(`pulumi-smartflo: ${account.runError ? `${account.runError}; ` : ""}${summary}${held}`));
    return;
  }
  if (prog.refusedBefore || pulumi.log.hasErrors()) {
    prog.refusedBefore = true;
    round.refuse(runError("pulumi-smartflo: the program reported errors (see above), so its Smartflo resources were not registered: nothing was created or changed"));
    return;
  }
  for (const { declaration: d, message } of account.notes) infoUnder(message, d.resource);
  prog.letThrough += round.declarations.length;
  round.open();
}

/**
 * The run's one error. The language host prints a `RunError`'s message alone while the program
 * runs; a refusal that comes after the program's own code has finished (the gate waited for the
 * state or the account) is printed as its `stack`, so the stack is the message too.
 */
function runError(message: string): pulumi.RunError {
  const err = new pulumi.RunError(message);
  err.stack = message;
  return err;
}

function count(n: number, what: string): string {
  return `${n} ${what}${n === 1 ? "" : "s"}`;
}

/** Forget every declaration of this run (tests that declare the same resources again under Pulumi's mocks). */
export function forgetDeclarations(): void {
  programs.delete(pulumi.runtime.getStackResource() ?? OUTSIDE_A_STACK);
}
