/** The NumberRouting provider's methods against the emulator, as the engine calls them. */
import { control } from "../../support/emulator";
import { PROVIDER_TEXT, providerForFile } from "../../support/provider";

const p = providerForFile("NumberRouting");
const route = async (id: string) => (await p.account()).numbers.find((n: { id: string }) => n.id === id);

describe("NumberRouting check", () => {
  it("fails a number the account does not have, naming `number` and listing the account's numbers", async () => {
    expect((await p.check({}, { number: "+910000000000", destination: "hangup||1" })).failures).toEqual([
      {
        property: "",
        reason: 'number = "+910000000000": +910000000000 is not a number of this Smartflo account (GET /v1/my_number lists +918069001234 (id 101), +918069005678 (id 102))',
      },
    ]);
    expect((await p.check({}, { number: "918069001234", destination: "hangup||1" })).failures).toEqual([]);
    expect((await p.check({}, { number: "102", destination: "hangup||1" })).failures).toEqual([]);
  });

  it("checks the destination against the account, and refuses adopt", async () => {
    const missing = await p.check({}, { number: "101", destination: "department||404" });
    expect(missing.failures.map((f) => f.reason)).toEqual([expect.stringMatching(/^destination = "department\|\|404": department 404 does not exist in this Smartflo account/)]);
    // (The resource class never sends adopt; a raw dynamic resource could.)
    const adopted = await p.check({}, { number: "101", destination: "hangup||1", adopt: true });
    expect(adopted.failures).toEqual([
      { property: "", reason: "adopt = true: does not apply to a NumberRouting: it always takes over the number's route, and gives the previous one back when deleted" },
    ]);
  });

  it("lists the numbers once per run, however many routings it checks", async () => {
    await p.check({}, { number: "101", destination: "hangup||1" });
    await p.check({}, { number: "102", destination: "hangup||1" });
    expect((await p.stats()).routes["GET /v1/my_number"]).toBe(1);
  });
});

describe("NumberRouting lifecycle", () => {
  it("records where the number routed, routes it (keeping its name and description), and gives the old route back on delete", async () => {
    await control(p.emu, "PATCH", "numbers/101", { destination: "department||20546" });
    const { id, outs } = await p.created({ number: "+918069001234", destination: "hangup|1" });
    expect(id).toBe("101");
    expect(outs).toEqual({ number: "+918069001234", destination: "hangup||1", numberId: "101", did: "+918069001234", previousDestination: "department||20546" });
    expect(await route("101")).toMatchObject({ destination: "hangup||1", name: "Main line", description: "Main published number" });
    await p.kind.delete(id, outs);
    expect((await route("101")).destination).toBe("department||20546");
  });

  it("updates the route in place; a different number is a replacement, the old number freed first", async () => {
    const { id, outs } = await p.created({ number: "101", destination: "hangup||1" });
    const changed = (await p.check(outs, { number: "101", destination: "department||17839" })).inputs;
    expect(await p.kind.diff(id, outs, changed)).toEqual({ changes: true, replaces: [], deleteBeforeReplace: false });
    const updated = await p.kind.update(id, outs, { ...changed, __provider: PROVIDER_TEXT });
    expect(updated.outs).toMatchObject({ destination: "department||17839", previousDestination: "hangup||1" });
    expect((await route("101")).destination).toBe("department||17839");
    const moved = (await p.check(outs, { number: "102", destination: "department||17839" })).inputs;
    expect(await p.kind.diff(id, updated.outs, moved)).toEqual({ changes: true, replaces: ["number"], deleteBeforeReplace: true });
  });

  it("shows a route changed outside at refresh, with no diff when nothing changed", async () => {
    const { id, outs } = await p.created({ number: "101", destination: "department||17839" });
    await p.newRun();
    const read = await p.kind.read(id, { ...outs, __provider: PROVIDER_TEXT });
    expect(read.props).toEqual(outs);
    expect((await p.kind.diff(id, read.props!, (await p.check(read.inputs!, { number: "101", destination: "department||17839" })).inputs)).changes).toBe(false);
    await control(p.emu, "PATCH", "numbers/101", { destination: "department||20546" });
    expect((await p.kind.read(id, outs)).props).toMatchObject({ destination: "department||20546", previousDestination: "hangup||1" });
  });

  it("leaves a route changed outside since alone on delete; a number that routed nowhere goes to hangup", async () => {
    const { id, outs } = await p.created({ number: "101", destination: "department||17839" });
    await control(p.emu, "PATCH", "numbers/101", { destination: "department||20546" });
    await p.kind.delete(id, outs);
    expect((await route("101")).destination).toBe("department||20546");
    expect(p.printed.join("\n")).toMatch(/number \+918069001234 now routes to department\|\|20546, set outside this stack since; left as it is/);

    await control(p.emu, "PATCH", "numbers/102", { destination: null });
    const second = await p.created({ number: "102", destination: "department||17839" });
    expect(second.outs.previousDestination).toBeNull();
    await p.kind.delete(second.id, second.outs);
    expect((await route("102")).destination).toBe("hangup||1");
  });
});
