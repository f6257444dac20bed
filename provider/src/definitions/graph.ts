/**
 * The order in which IVRs that route to each other by name must be created, and the loops that
 * make such an order impossible.
 */

/** `edges`: name -> names it routes to (they must exist first). Names not in `edges` are ignored. */
export function dependencyOrder(names: readonly string[], edges: ReadonlyMap<string, readonly string[]>): {
  order: string[];
  cycles: string[][];
} {
  const known = new Set(names);
  const order: string[] = [];
  const cycles: string[][] = [];
  const state = new Map<string, "visiting" | "done">();
  const stack: string[] = [];

  const visit = (name: string): void => {
    const s = state.get(name);
    if (s === "done") return;
    if (s === "visiting") {
      const loop = stack.slice(stack.indexOf(name));
      if (!cycles.some((c) => sameCycle(c, loop))) cycles.push(loop);
      return;
    }
    state.set(name, "visiting");
    stack.push(name);
    for (const next of edges.get(name) ?? []) if (known.has(next)) visit(next);
    stack.pop();
    state.set(name, "done");
    order.push(name);
  };
  names.forEach(visit);
  return { order, cycles };
}

function sameCycle(a: string[], b: string[]): boolean {
  return a.length === b.length && a.every((n) => b.includes(n));
}
