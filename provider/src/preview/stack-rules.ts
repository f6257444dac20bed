/**
 * Rules no single resource can see, run by the gate (gate.ts) over every declaration of the
 * program and the stack's last state, and the way a kind's declaration is made of its spec and
 * its rules (`declarationKind`).
 *
 * A kind with a `uniqueName` (IVR names, and any later kind unique by name in the account) gets
 * two rules from its spec alone:
 *  - names unique across the stack, under Smartflo's name rule (core/names.ts), naming both
 *    resources;
 *  - names this stack already holds. A name held in the account by another resource of this
 *    stack is not a stranger's: when that resource is renamed away in this program, the taker is
 *    made to register after it (so `pulumi up` renames first, then creates, in one run); when the
 *    two swap names, or the holder is no longer declared (Pulumi deletes only after it creates),
 *    the advice says what works, never "adopt" (that would make one resource take over the
 *    other's object).
 * A kind may add rules of its own, e.g. `uniqueAcrossStack` on another property.
 */
import { nameKey, sameName } from "../core/names";
import { UNKNOWN } from "../core/refs";
import type { KindSpec } from "../kinds/kind";
import type { Declaration, DeclarationKind, StackProblem, StackRule, StackView } from "./gate";
import { TYPE_PREFIX } from "./gate";

/** A kind's declaration: its spec, the rules its spec implies, and any rules of its own. */
export function declarationKind<V>(spec: KindSpec<V>, ownRules: readonly StackRule[] = []): DeclarationKind {
  const kind: { spec: KindSpec<V>; stackRules: StackRule[] } = { spec, stackRules: [] };
  if (spec.uniqueName) {
    const property = spec.uniqueName;
    kind.stackRules.push(
      uniqueAcrossStack(spec, {
        property,
        key: nameKey,
        reason: (d, value, holder, held) =>
          `${spec.noun} name '${value}' of resource '${d.resourceName}' is also the name of resource '${holder.resourceName}' ('${held}'); ` +
          `Smartflo compares ${spec.noun} names trimmed and case-insensitively, and they are unique in the account`,
      }),
      namesHeldInStack(spec),
    );
  }
  kind.stackRules.push(...ownRules);
  return kind;
}

/** A string property as declared, when it is known and valid (a bad value is reported on its own). */
export function knownString(d: Declaration, property: string): string | undefined {
  const value = (d.values as Record<string, unknown> | undefined)?.[property];
  if (typeof value !== "string" || value === UNKNOWN || d.problems.some((p) => p.property === property)) return undefined;
  return value;
}

function ofSpec<V>(spec: KindSpec<V>, view: StackView): Declaration[] {
  return view.declarations.filter((d) => d.kind.spec === spec);
}

/**
 * `property` unique across the declarations of `spec` in the stack, compared by `key`; the later
 * declaration is reported, naming the first.
 */
export function uniqueAcrossStack<V>(
  spec: KindSpec<V>,
  rule: {
    property: string;
    key(value: string): string;
    reason(d: Declaration, value: string, holder: Declaration, held: string): string;
  },
): StackRule {
  return (view) => {
    const first = new Map<string, Declaration>();
    const found: StackProblem[] = [];
    for (const d of ofSpec(spec, view)) {
      const value = knownString(d, rule.property);
      if (value === undefined) continue;
      const holder = first.get(rule.key(value));
      if (!holder) first.set(rule.key(value), d);
      else if (holder.urn === undefined || holder.urn !== d.urn) {
        found.push({ declaration: d, problem: { property: rule.property, reason: rule.reason(d, value, holder, knownString(holder, rule.property)!) } });
      }
    }
    return found;
  };
}

/** The resource name of a URN (its last `::` part). */
function nameOfUrn(urn: string): string {
  return urn.slice(urn.lastIndexOf("::") + 2);
}

/** True when `from` registers after `to`, directly or through others (its inputs, dependsOn, parent, or the gate's ordering). */
function waitsOn(from: Declaration, to: Declaration, all: readonly Declaration[]): boolean {
  const byResource = new Map(all.map((d) => [d.resource, d]));
  const seen = new Set<Declaration>();
  const stack = [from];
  while (stack.length) {
    const d = stack.pop()!;
    if (d === to) return true;
    if (seen.has(d)) continue;
    seen.add(d);
    for (const r of d.waitsFor) {
      const next = byResource.get(r);
      if (next) stack.push(next);
    }
    stack.push(...d.after);
  }
  return false;
}

/** See the file comment: a name this stack already holds. */
function namesHeldInStack<V>(spec: KindSpec<V>): StackRule {
  const property = spec.uniqueName!;
  const type = `${TYPE_PREFIX}${spec.type}`;
  return (view) => {
    if (!view.state) return [];
    const held = [...view.state].flatMap(([urn, entry]) => {
      const name = entry.outputs[property];
      return entry.type === type && typeof name === "string" ? [{ urn, name, id: entry.outputs[spec.idProperty] }] : [];
    });
    const mine = ofSpec(spec, view);
    const declaredAs = (urn: string) => mine.find((d) => d.urn === urn || d.aliases.includes(urn));
    const found: StackProblem[] = [];
    for (const d of mine) {
      const name = knownString(d, property);
      if (name === undefined) continue;
      const holding = held.find((h) => sameName(h.name, name) && h.urn !== d.urn && !d.aliases.includes(h.urn));
      if (!holding) continue;
      d.nameHeldInStack = true;
      const holder = declaredAs(holding.urn);
      const id = typeof holding.id === "string" || typeof holding.id === "number" ? ` (id ${holding.id})` : "";
      if (!holder) {
        const old = nameOfUrn(holding.urn);
        found.push({
          declaration: d,
          problem: {
            property,
            reason:
              `resource '${old}' of this stack holds the ${spec.noun} named '${holding.name}'${id}, and this program no longer declares it: ` +
              `Pulumi deletes it only after creating '${d.resourceName}', and Smartflo refuses two ${spec.noun}s with one name. ` +
              `If '${d.resourceName}' is the same ${spec.noun} under a new resource name, give it the option \`aliases: [{ name: "${old}" }]\` ` +
              `so Pulumi keeps it; otherwise remove '${old}' in one \`pulumi up\` and declare '${d.resourceName}' in the next`,
          },
        });
        continue;
      }
      if (holder === d) continue;
      const holderName = knownString(holder, property);
      if (holderName !== undefined && sameName(holderName, name)) continue; // both declare it: uniqueAcrossStack reports that
      if (waitsOn(holder, d, view.declarations)) {
        const before = d.previous?.outputs[property];
        const swap = typeof before === "string" && holderName !== undefined && sameName(before, holderName);
        found.push({
          declaration: d,
          problem: {
            property,
            reason:
              (swap
                ? `resources '${d.resourceName}' and '${holder.resourceName}' swap the ${spec.noun} names '${before}' and '${holding.name}'`
                : `resource '${holder.resourceName}' gives up the ${spec.noun} name '${holding.name}'${id} in this program, but it changes only after '${d.resourceName}' (it waits for it)`) +
              `, and Smartflo refuses two ${spec.noun}s with one name even for a moment, so this cannot be done in one run: first give ` +
              `'${holder.resourceName}' a name neither uses (e.g. '${holding.name} (old)') and \`pulumi up\`, then set the names you want`,
          },
        });
        continue;
      }
      // Renamed away (or to a name not known yet): this one registers after it, so `up` renames first.
      d.after.add(holder);
    }
    return found;
  };
}
