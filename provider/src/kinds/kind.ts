/**
 * What every resource kind declares about itself (kinds/<kind>/spec.ts), so that the generic
 * parts of the provider (check, diff, outputs, account checks, definitions files, the resource
 * class) work from one description of the kind instead of a field list of their own.
 */
import type { AccountList } from "../core/destinations";
import type { Problem } from "../core/problems";
import type { ReferenceField } from "../core/walk";

/** See `KindSpec.listedProperty`. */
export interface ListedProperty {
  readonly property: string;
  readonly list: AccountList;
  /** Whether `value` names an entry of the list (`names`: id -> listed name). */
  holds(names: ReadonlyMap<string, string>, value: string): boolean;
  /** Why a value the list does not hold is refused, listing what it holds. */
  missing(value: string, names: ReadonlyMap<string, string>): string;
}

export type Validation<T> = { ok: true; value: T } | { ok: false; problems: Problem[] };

export interface KindSpec<Value = unknown> {
  /** The resource type, `smartflo:<type>`: also what the serialized provider names the kind by. */
  readonly type: string;
  /** What messages call one, e.g. "IVR", and with its article, "an IVR". */
  readonly noun: string;
  readonly aNoun: string;
  /** The output that holds the Smartflo id, e.g. `ivrId`. */
  readonly idProperty: string;
  /** The canonical properties, in schema order (the inputs, and the outputs beside the id). */
  readonly properties: readonly string[];
  /** The canonical properties users must give. */
  readonly requiredProperties: readonly string[];
  /** Every property name, nested ones included, for "did you mean" hints. */
  readonly propertyNames: readonly string[];
  /** The properties that hold references to other objects, in the order they are reported. */
  readonly references: readonly ReferenceField[];
  /** The account list this kind's objects appear in (what `<type>||id` references are checked against). */
  readonly listedIn?: AccountList;
  /** The property unique in the account under the name rule (core/names.ts), checked against `listedIn`. */
  readonly uniqueName?: keyof Value & string;
  /** Set when the kind takes no `adopt` (every other kind does): why, for the message that refuses one. */
  readonly withoutAdopt?: string;
  /**
   * Outputs the provider works out itself (a time group's `smartfloName`, a number's `did`), never
   * inputs: given as one, each is refused with its reason.
   */
  readonly derived?: Readonly<Record<string, string>>;
  /**
   * Smartflo cannot update one: any change replaces it, the new one first, and the old one keeps
   * its name until it is deleted at the end of the run (so a name it gives up is not free in that run).
   */
  readonly changeReplaces?: boolean;
  /**
   * A property that names one of the objects an account list holds, by its listed name or its id
   * (a NumberRouting's `number`); the account checks refuse a value the list does not hold.
   */
  readonly listedProperty?: ListedProperty;
  /** Validates and normalises inputs; with `allowUnknown`, preview's unknowns pass untouched. */
  validate(input: unknown, opts?: { allowUnknown?: boolean }): Validation<Value>;
  /** The form two values are compared in (no diff where the API would see none). */
  comparable(value: Value): Value;
}
