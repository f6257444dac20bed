/** A kind's `validate` in tests: its problems, or its value (failing the test when it is invalid). */
import type { Problem } from "../../provider/src/core/problems";
import type { Validation } from "../../provider/src/kinds/kind";

type Validate<V> = (input: unknown, opts?: { allowUnknown?: boolean }) => Validation<V>;

export function problemsOf<V>(validate: Validate<V>): (input: unknown) => Problem[] {
  return (input) => {
    const r = validate(input);
    return r.ok ? [] : r.problems;
  };
}

export function validOf<V>(validate: Validate<V>): (input: unknown) => V {
  return (input) => {
    const r = validate(input);
    if (!r.ok) throw new Error(`expected valid input: ${JSON.stringify(r.problems)}`);
    return r.value;
  };
}
