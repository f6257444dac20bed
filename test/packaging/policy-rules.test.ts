/**
 * The rules of examples/policy-pack, called as the policy runtime calls them, for the cases a
 * preview meets that the end-to-end test (test/e2e/policy-pack.test.ts) does not build: routes
 * written as ids, IVRs whose id is not known yet, values unknown until `up`, and the config.
 */
import { unknownCheckingProxy } from "@pulumi/policy";
import * as policyProxy from "@pulumi/policy/proxy";
import type { PolicyResource, ResourceValidation, ResourceValidationArgs, StackValidationArgs } from "@pulumi/policy";
import { IVR_TYPE, hasARouteIn, reachesAHuman, retriesWithinBounds } from "../../examples/policy-pack/rules";

/** How the policy runtime marks a string that a preview does not know (internal to @pulumi/policy, so untyped). */
const unknownStringValue = (policyProxy as unknown as { unknownStringValue: unknown }).unknownStringValue;

interface IvrSpec {
  name: string;
  ivrId?: string;
  options?: Array<{ key: string; destination: unknown }>;
  fallback?: unknown;
  retries?: [number, number];
  /** Resource names this IVR's options depend on (typed references such as smartflo.ivr(sales)). */
  routesTo?: string[];
}

function resources(specs: IvrSpec[]): PolicyResource[] {
  const byName = new Map<string, PolicyResource>();
  for (const s of specs) {
    byName.set(s.name, {
      type: IVR_TYPE,
      name: s.name,
      urn: `urn:pulumi:t::p::${IVR_TYPE}::${s.name}`,
      props: {
        name: `${s.name} IVR`,
        ivrId: s.ivrId,
        options: s.options ?? [{ key: "1", destination: "extension||100" }],
        invalidInput: { retries: s.retries?.[0] ?? 2, destination: s.fallback ?? "hangup||1" },
        noInput: { retries: s.retries?.[1] ?? 2, destination: s.fallback ?? "hangup||1" },
      },
      dependencies: [],
      propertyDependencies: {},
    } as unknown as PolicyResource);
  }
  for (const s of specs) {
    const targets = (s.routesTo ?? []).map((n) => byName.get(n)!);
    byName.get(s.name)!.propertyDependencies = { options: targets };
  }
  return [...byName.values()];
}

function runStack(specs: IvrSpec[], config: { entryIvrs?: string[] } = {}): Array<{ message: string; urn?: string }> {
  const violations: Array<{ message: string; urn?: string }> = [];
  const args = {
    resources: resources(specs),
    stackTags: new Map(),
    getConfig: () => ({ entryIvrs: config.entryIvrs ?? [] }),
    notApplicable: () => {
      throw new Error("not applicable");
    },
  } as unknown as StackValidationArgs;
  hasARouteIn.validateStack(args, (message, urn) => violations.push({ message, urn }));
  return violations;
}

const unreached = (v: Array<{ urn?: string }>) => v.map((x) => x.urn!.split("::").pop()).sort();

function runResource(
  policy: typeof reachesAHuman,
  props: Record<string, unknown>,
  config: Record<string, unknown> = {},
): string[] {
  const messages: string[] = [];
  const args = {
    type: IVR_TYPE,
    name: "menu",
    urn: `urn:pulumi:t::p::${IVR_TYPE}::menu`,
    props: unknownCheckingProxy(props),
    getConfig: () => config,
  } as unknown as ResourceValidationArgs;
  (policy.validateResource as ResourceValidation)(args, (message) => messages.push(message));
  return messages;
}

describe("ivr-has-a-route-in", () => {
  it("takes the one IVR nothing routes to as the stack's entry", () => {
    expect(runStack([{ name: "main", routesTo: ["sales"] }, { name: "sales" }])).toEqual([]);
  });

  it("reports every IVR without a route in when there is more than one", () => {
    const v = runStack([{ name: "main", routesTo: ["sales"] }, { name: "sales" }, { name: "orphan" }]);
    expect(unreached(v)).toEqual(["main", "orphan"]);
    expect(v[0].message).toMatch(/entryIvrs/);
  });

  it("exempts the IVRs named in entryIvrs and holds every other one to the rule", () => {
    const specs = [{ name: "main", routesTo: ["sales"] }, { name: "sales" }, { name: "orphan" }];
    expect(unreached(runStack(specs, { entryIvrs: ["main"] }))).toEqual(["orphan"]);
    expect(runStack(specs, { entryIvrs: ["main", "orphan"] })).toEqual([]);
  });

  it("counts a route written as an id (ivr||8002) to the IVR with that Smartflo id", () => {
    const specs = [
      { name: "main", ivrId: "8001", options: [{ key: "1", destination: "ivr||8002" }] },
      { name: "support", ivrId: "8002" },
      { name: "orphan", ivrId: "8003" },
    ];
    expect(unreached(runStack(specs, { entryIvrs: ["main"] }))).toEqual(["orphan"]);
  });

  it("counts a number routing's destination and a department's failover as routes in", () => {
    const specs = [{ name: "main", routesTo: ["sales"] }, { name: "sales" }, { name: "support", ivrId: "8002" }, { name: "orphan" }, { name: "stray" }];
    const all = resources(specs);
    const main = all.find((r) => r.name === "main")!;
    const line = { type: "pulumi-nodejs:dynamic/smartflo:NumberRouting", name: "main-line", urn: "urn:pulumi:t::p::NumberRouting::main-line", props: { number: "+918069001234" }, dependencies: [main], propertyDependencies: { destination: [main] } };
    const ringGroup = { type: "pulumi-nodejs:dynamic/smartflo:Department", name: "sales-dept", urn: "urn:pulumi:t::p::Department::sales-dept", props: { name: "Sales", failover: "ivr||8002" }, dependencies: [], propertyDependencies: {} };
    const violations: Array<{ urn?: string }> = [];
    const args = { resources: [...all, line, ringGroup], getConfig: () => ({ entryIvrs: [] }) } as unknown as StackValidationArgs;
    hasARouteIn.validateStack(args, (_message, urn) => violations.push({ urn }));
    expect(unreached(violations)).toEqual(["orphan", "stray"]); // main: the number; support: the failover
  });

  it("does not count an IVR that routes only to itself", () => {
    const specs = [{ name: "main", routesTo: ["sales"] }, { name: "sales" }, { name: "loop", ivrId: "8009", options: [{ key: "1", destination: "ivr||8009" }] }];
    expect(unreached(runStack(specs, { entryIvrs: ["main"] }))).toEqual(["loop"]);
  });

  it("decides nothing while an id route may point at an IVR whose id a preview does not know yet", () => {
    // support is being updated: its ivrId is unknown in the preview, and main routes to it by id.
    const specs = [
      { name: "main", ivrId: "8001", options: [{ key: "1", destination: "ivr||8002" }] },
      { name: "support" },
      { name: "sales", ivrId: "8003" },
    ];
    expect(runStack(specs, { entryIvrs: ["main"] })).toEqual([]);
    // Once the ids are known, the same stack is judged: sales has no route in.
    specs[1] = { name: "support", ivrId: "8002" } as (typeof specs)[number];
    expect(unreached(runStack(specs, { entryIvrs: ["main"] }))).toEqual(["sales"]);
  });
});

describe("ivr-reaches-a-human", () => {
  const props = (options: Array<{ key: string; destination: unknown }>, fallback: unknown = "hangup||1") => ({
    name: "Menu",
    options,
    invalidInput: { retries: 2, destination: fallback },
    noInput: { retries: 2, destination: fallback },
  });

  it("accepts an option or a fallback to an extension, an agent or a department", () => {
    expect(runResource(reachesAHuman, props([{ key: "1", destination: "department||20546" }]))).toEqual([]);
    expect(runResource(reachesAHuman, props([{ key: "1", destination: "agent|0501" }]))).toEqual([]);
    expect(runResource(reachesAHuman, props([{ key: "1", destination: "hangup||1" }], "extension||0504"))).toEqual([]);
  });

  it("reports a menu of recordings, voicemail, other IVRs and hang-ups, listing where it routes", () => {
    const [message, ...rest] = runResource(
      reachesAHuman,
      props([
        { key: "1", destination: "voicemail||301" },
        { key: "2", destination: "ivr||8001" },
      ]),
    );
    expect(rest).toEqual([]);
    expect(message).toMatch(/IVR 'Menu' has no way to a person/);
    expect(message).toContain("option 1 → voicemail||301, option 2 → ivr||8001, invalidInput → hangup||1");
  });

  it("waits for values a preview does not know yet instead of guessing", () => {
    expect(unknownStringValue).toEqual(expect.any(String));
    const pending = props([{ key: "1", destination: unknownStringValue }]);
    expect(runResource(reachesAHuman, pending)).toEqual([]);
    // A known way to a person is enough even when another destination is unknown.
    const mixed = props([{ key: "1", destination: unknownStringValue }], "extension||0504");
    expect(runResource(reachesAHuman, mixed)).toEqual([]);
  });
});

describe("ivr-retries-within-bounds", () => {
  const props = (invalid: number, none: number) => ({
    name: "Menu",
    options: [],
    invalidInput: { retries: invalid, destination: "hangup||1" },
    noInput: { retries: none, destination: "hangup||1" },
  });
  const defaults = { minRetries: 1, maxRetries: 3 };

  it("reports each retry count outside the bounds, by property", () => {
    expect(runResource(retriesWithinBounds, props(0, 5), defaults)).toEqual([
      "IVR 'Menu': invalidInput.retries is 0, outside 1–3.",
      "IVR 'Menu': noInput.retries is 5, outside 1–3.",
    ]);
    expect(runResource(retriesWithinBounds, props(1, 3), defaults)).toEqual([]);
  });

  it("uses the bounds given in the policy config", () => {
    expect(runResource(retriesWithinBounds, props(0, 5), { minRetries: 0, maxRetries: 5 })).toEqual([]);
  });
});
