/**
 * A program run under Pulumi's mocks for tests of the registration gate (test/preview): what
 * registered, what the program logged, the stack's last state as the mocked engine answers it,
 * and an emulator for the account checks. Each test starts a fresh program.
 */
import * as pulumi from "@pulumi/pulumi";
import { forgetDeclarations } from "../../provider/src/preview/gate";
import { Emulator, control, startEmulator } from "./emulator";

/** One resource of the stack's last deployment. */
export interface StateEntry {
  type: string;
  outputs: Record<string, unknown>;
}

export interface GateRun {
  readonly registered: string[];
  /** URN -> entry; "unreadable" for a backend that cannot read stacks. */
  lastState: Record<string, StateEntry> | "unreadable";
  readonly emu: Emulator;
  /** Mocks a preview (default) or an update. */
  mock(preview?: boolean): Promise<void>;
  /** The errors the program logged, as the engine would print them. */
  errors(): string[];
}

export function gateRun(): GateRun {
  let logged: string[] = [];
  let emu: Emulator | undefined;
  const run: GateRun = {
    registered: [],
    lastState: {},
    get emu() {
      return emu!;
    },
    async mock(preview = true) {
      await pulumi.runtime.setMocks(
        {
          newResource(args) {
            run.registered.push(args.name);
            return { id: `${args.name}-id`, state: { ...args.inputs, ivrId: `${args.name}-id` } };
          },
          call(args) {
            if (args.token !== "pulumi:pulumi:readStackResourceOutputs") return args.inputs;
            if (run.lastState === "unreadable") throw new Error("this backend cannot read stacks");
            return { name: args.inputs.stackName, outputs: run.lastState };
          },
        },
        "project",
        "stack",
        preview,
      );
    },
    errors: () => logged.filter((l) => l.startsWith("error: ")).map((l) => l.replace(/^error: \[runtime\] /, "")),
  };
  beforeAll(async () => {
    emu = await startEmulator({ cps: 0 });
  });
  afterAll(() => emu?.close());
  beforeEach(async () => {
    run.registered.length = 0;
    logged = [];
    run.lastState = {};
    pulumi.runtime.setAllConfig({});
    // A fresh program each time: no declarations, no logged errors.
    forgetDeclarations();
    await run.mock();
    await control(emu!, "POST", "reset");
    // Under mocks `pulumi.log.error` writes to the console (there is no engine).
    jest.spyOn(console, "error").mockImplementation((message: string) => void logged.push(String(message)));
  });
  afterEach(() => jest.restoreAllMocks());
  return run;
}

/** A resource as the gate reads it (the fields Pulumi's Resource constructor sets). */
export function standIn(type: string, name: string): pulumi.Resource {
  return { __pulumiResource: true, __name: name, __pulumiType: type, __aliases: [] } as unknown as pulumi.Resource;
}

export const settle = (p: Promise<unknown>) => p.then((v) => ({ ok: v }), (err: unknown) => ({ err: err as Error }));
