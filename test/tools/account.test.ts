import { readAccount } from "../../provider/src/tools/account";
import { control } from "../support/emulator";
import { emulatorForFile } from "../support/client";
import { createIvr } from "../../provider/src/kinds/ivr/api";
import { canonical } from "./helpers";

const ctx = emulatorForFile();

describe("readAccount", () => {
  it("reads the IVRs into the model, the numbers, and the lists references are checked against, with names", async () => {
    const client = ctx.client();
    const id = await createIvr(client, canonical("m", { name: "Main", keys: { "1": "department||20546" } }));
    const steps: string[] = [];
    const snapshot = await readAccount(client, { onStep: (s, done, total) => steps.push(`${s.endpoint} ${done}/${total}`) });
    expect(snapshot.ivrs).toEqual([{ id, ivr: canonical("m", { name: "Main", keys: { "1": "department||20546" } }) }]);
    expect(snapshot.numbers!.map((n) => n.id)).toEqual(["101", "102"]);
    expect(snapshot.lists.departments!.get("20546")).toBe("Sales Dept");
    expect(snapshot.lists.agents!.get("05047530000")).toBe("Asha Rao");
    expect(snapshot.lists.recordings!.get("42240")).toBe("Hold music");
    expect(snapshot.lists.timegroups!.get("501")).toBe("Office hours");
    expect(snapshot.warnings).toEqual([]);
    expect(steps).toEqual([
      "GET /v1/ivrs 0/6", "GET /v1/ivrs 1/6", "GET /v1/my_number 1/6", "GET /v1/my_number 2/6", "GET /v1/recordings 2/6",
      "GET /v1/recordings 3/6", "GET /v1/users 3/6", "GET /v1/users 4/6", "GET /v1/departments 4/6", "GET /v1/departments 5/6",
      "GET /v1/timegroups 5/6", "GET /v1/timegroups 6/6",
    ]);
  });

  it("goes on without a list that fails, with a warning naming the endpoint; fails when the IVRs cannot be read", async () => {
    await control(ctx.emu, "POST", "faults", { path: "/v1/recordings", status: 500, count: 10 });
    const snapshot = await readAccount(ctx.client({ maxRetries: 0 }));
    expect(snapshot.lists.recordings).toBeUndefined();
    expect(snapshot.warnings).toEqual([expect.stringMatching(/^could not read the recordings \(GET \/v1\/recordings\): Smartflo GET \/v1\/recordings failed with a server error \(HTTP 500\)/)]);
    await control(ctx.emu, "POST", "faults", { path: "/v1/ivrs", status: 500, count: 10 });
    await expect(readAccount(ctx.client({ maxRetries: 0 }))).rejects.toThrow(/GET \/v1\/ivrs failed with a server error/);
  });

  it("keeps an IVR it cannot read apart, with the reason", async () => {
    await control(ctx.emu, "POST", "faults", { path: "/v1/ivrs", method: "GET", body: { ivrs: [{ id: 8100, name: "Odd" }] }, status: 200 });
    const snapshot = await readAccount(ctx.client());
    expect(snapshot.ivrs).toEqual([]);
    expect(snapshot.unreadable).toEqual([{ noun: "IVR", id: "8100", name: "Odd", reason: expect.stringMatching(/^IVR 8100 lacks recording, timeout, .*invalid_destination_type, /) }]);
  });
});
