/**
 * What is known of a resource's arguments when it is declared: plain values, resource-free
 * Outputs once resolved; never a wait on a resource (that would deadlock the gate), and never a
 * secret's value.
 */
import * as pulumi from "@pulumi/pulumi";
import { UNKNOWN } from "../../provider/src/core/refs";
import { knownValues } from "../../provider/src/preview/known";

class Thing extends pulumi.CustomResource {
  declare readonly value: pulumi.Output<string>;
  constructor(name: string) {
    super("test:index:Thing", name, { value: undefined });
  }
}

beforeAll(() =>
  pulumi.runtime.setMocks(
    {
      // A resource that never finishes registering, like one held by the gate.
      newResource: (args) =>
        args.name === "held" ? new Promise(() => undefined) : { id: `${args.name}-id`, state: { value: "from a resource" } },
      call: (args) => args.inputs,
    },
    "project",
    "stack",
    true,
  ),
);

describe("known values at declaration", () => {
  it("keeps plain values and resolves Outputs and promises that depend on no resource, at any depth", async () => {
    const args = {
      name: "Support",
      ringTimeoutSeconds: pulumi.output(30),
      options: [{ key: pulumi.output("1"), destination: Promise.resolve("hangup||1") }],
      noInput: pulumi.all([1, "recording||2"]).apply(([retries, retryRecording]) => ({ retries, retryRecording })),
      description: undefined,
    };
    expect(await knownValues(args)).toEqual({
      name: "Support",
      ringTimeoutSeconds: 30,
      options: [{ key: "1", destination: "hangup||1" }],
      noInput: { retries: 1, retryRecording: "recording||2" },
      description: undefined,
    });
  });

  it("takes an Output of a resource as unknown at once, without waiting for the resource", async () => {
    const thing = new Thing("held");
    const started = Date.now();
    expect(await knownValues({ a: thing.value, b: thing.value.apply((v) => `${v}!`), c: thing }, 10_000)).toEqual({
      a: UNKNOWN,
      b: UNKNOWN,
      c: UNKNOWN,
    });
    expect(Date.now() - started).toBeLessThan(1000);
  });

  it("gives up on a value that does not resolve in time (a promise that waits on a resource) and takes it as unknown", async () => {
    const never = new Promise<string>(() => undefined);
    expect(await knownValues({ a: pulumi.output(never), b: never }, 50)).toEqual({ a: UNKNOWN, b: UNKNOWN });
  });

  it("takes secrets and values unknown at preview as unknown", async () => {
    const unknownAtPreview = pulumi.output(pulumi.unknown);
    expect(await knownValues({ s: pulumi.secret("x"), u: unknownAtPreview })).toEqual({ s: UNKNOWN, u: UNKNOWN });
  });
});
