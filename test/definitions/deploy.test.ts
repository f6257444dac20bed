/**
 * deployIvrDefinitions under Pulumi's mocks: one Ivr per definition, named by its resource name,
 * created after the IVRs it routes to, with `{ ivr: <name> }` turned into `ivr||<that IVR's id>`.
 */
import * as pulumi from "@pulumi/pulumi";
// The module declares nothing when imported, so it need not be loaded after setMocks.
import * as defs from "../../provider/src/definitions";
import { forgetDeclarations } from "../../provider/src/preview/gate";
import { ivrYaml, load } from "./helpers";

interface Registered {
  type: string;
  name: string;
  inputs: Record<string, any>;
}

const registered: Registered[] = [];

beforeAll(async () => {
  await pulumi.runtime.setMocks(
    {
      newResource(args) {
        registered.push({ type: args.type, name: args.name, inputs: args.inputs });
        const id = String(8001 + registered.filter((r) => r.type === args.type).length - 1);
        return { id, state: { ...args.inputs, ivrId: id } };
      },
      call: (args) => args.inputs,
    },
    "project",
    "stack",
    false,
  );
});

beforeEach(() => {
  registered.length = 0;
  // Each test declares the same IVRs again, as a new program would (the names are compared across the program).
  forgetDeclarations();
});

function valueOf<T>(output: pulumi.Output<T>): Promise<T> {
  return new Promise((resolve) => output.apply(resolve));
}

const SET = {
  // support is first in the files but routes to sales, so sales must be created first.
  "support.yaml": `ivrs:\n  support:${ivrYaml("Support IVR", {
    options: "      - key: 1\n        destination: extension||05047530000\n      - key: 3\n        destination: { ivr: sales }",
  }).replace("      destination: hangup||1", "      destination: { ivr: sales }")}`,
  "sales.yaml": `ivrs:\n  sales:${ivrYaml("Sales IVR")}`,
};

describe("deployIvrDefinitions", () => {
  it("declares one Ivr per definition, named by resource name, targets before the IVRs routing to them", async () => {
    const ivrs = defs.deployIvrDefinitions(load(SET));
    expect(Object.keys(ivrs)).toEqual(["support", "sales"]);
    expect(await valueOf(ivrs.support!.ivrId)).toBe("8002");
    expect(registered.map((r) => [r.type, r.name])).toEqual([
      ["pulumi-nodejs:dynamic/smartflo:Ivr", "sales"],
      ["pulumi-nodejs:dynamic/smartflo:Ivr", "support"],
    ]);
  });

  it("turns { ivr: <name> } into a typed reference to that IVR's id", async () => {
    const ivrs = defs.deployIvrDefinitions(load(SET));
    await valueOf(ivrs.support!.ivrId);
    const support = registered.find((r) => r.name === "support")!.inputs;
    expect(support.options).toEqual([
      { key: "1", destination: "extension||05047530000" },
      { key: "3", destination: "ivr||8001" },
    ]);
    expect(support.invalidInput.destination).toBe("ivr||8001");
    expect(support.noInput.destination).toBe("extension||05047530675");
    expect(support).toMatchObject({ name: "Support IVR", greeting: "recording||28935", ringTimeoutSeconds: 30 });
    expect(typeof support.__provider).toBe("string");
  });

  it("applies resource options, given once or per definition", async () => {
    const group = new pulumi.ComponentResource("test:index:Group", "group");
    const seen: string[] = [];
    const ivrs = defs.deployIvrDefinitions(load(SET), {
      opts: (d) => {
        seen.push(d.resourceName);
        return { parent: group };
      },
    });
    expect(seen.sort()).toEqual(["sales", "support"]);
    expect(await valueOf(ivrs.sales!.urn)).toBe(
      "urn:pulumi:stack::project::test:index:Group$pulumi-nodejs:dynamic/smartflo:Ivr::sales",
    );
    await valueOf(ivrs.support!.ivrId);
  });

  it("refuses definitions built by hand that route outside the set or in a loop, before declaring anything", () => {
    const [support, sales] = load(SET);
    expect(() => defs.deployIvrDefinitions([support!])).toThrow(
      /ivrs\.support: routes to 'sales', which is not among the definitions given/,
    );
    const loop = { ...sales!, args: { ...sales!.args, options: [{ key: "1", destination: { ivr: "support" } }] } };
    expect(() => defs.deployIvrDefinitions([support!, loop])).toThrow(/reference loop (support -> sales -> support|sales -> support -> sales)/);
    expect(() => defs.deployIvrDefinitions([sales!, sales!])).toThrow(/the resource name 'sales' is used twice/);
    expect(registered).toEqual([]);
  });

  it("throws a Pulumi RunError, which `pulumi preview` prints without a stack trace", () => {
    try {
      load({ "x.yaml": "ivrs: []\n" });
      throw new Error("expected a failure");
    } catch (err) {
      expect(err).toBeInstanceOf(defs.IvrDefinitionError);
      expect(pulumi.RunError.isInstance(err)).toBe(true);
    }
  });
});
