/**
 * The TimeGroup provider's methods against the emulator: no update endpoint, so a change is a
 * replacement, created under a free name while the old one still holds its name.
 */
import { UNKNOWN } from "../../../provider/src/core/refs";
import { officeHours } from "../../support/ivrs";
import { PROVIDER_TEXT, providerForFile } from "../../support/provider";

const p = providerForFile("TimeGroup");
const groups = async () => (await p.account()).timeGroups as Array<{ id: string; name: string; to_time: string[] }>;

describe("TimeGroup lifecycle", () => {
  it("creates it under its name and reads it back with no diff", async () => {
    const { id, outs } = await p.created(officeHours());
    expect(outs).toMatchObject({ timeGroupId: id, smartfloName: "Weekday hours", days: ["mon", "tue", "wed", "thu", "fri"], dates: [], months: [] });
    expect((await groups()).find((g) => g.id === id)).toEqual({
      id, name: "Weekday hours", from_time: ["09:00"], to_time: ["18:00"], days: ["mon", "tue", "wed", "thu", "fri"], dates: [], months: [],
    });
    await p.newRun();
    const read = await p.kind.read(id, { ...outs, __provider: PROVIDER_TEXT });
    expect(read.props).toEqual(outs);
    const news = (await p.check(read.inputs!, officeHours())).inputs;
    expect(await p.kind.diff(id, read.props!, news)).toEqual({ changes: false, replaces: [], deleteBeforeReplace: false });
  });

  it("keeps a renamed time group's old name taken for the rest of the run (it is replaced, and deleted at the end)", async () => {
    const { outs } = await p.created(officeHours());
    await p.newRun();
    expect((await p.check(outs, officeHours({ name: "Later hours" }))).failures).toEqual([]);
    const taker = await p.check({}, officeHours({ days: ["sat"] }));
    expect(taker.failures.map((f) => f.reason)).toEqual([expect.stringMatching(/^name = "Weekday hours": a time group named 'Weekday hours' already exists in this Smartflo account/)]);
  });

  it("replaces it on any change, create before delete; the replacement takes 'name (2)', as the engine's second check sees too", async () => {
    const { id, outs } = await p.created(officeHours());
    await p.newRun();
    // As the engine does: check with the state, diff, then check again without it, then create.
    const first = await p.check(outs, officeHours({ times: [{ from: "09:00", to: "17:00" }] }));
    expect(first.inputs.smartfloName).toBe("Weekday hours (2)");
    expect(await p.kind.diff(id, outs, first.inputs)).toEqual({ changes: true, replaces: ["times"], deleteBeforeReplace: false });
    const again = await p.check({}, officeHours({ times: [{ from: "09:00", to: "17:00" }] }));
    expect(again.failures).toEqual([]); // the old one's name is not a clash: it is the one being replaced
    expect(again.inputs.smartfloName).toBe("Weekday hours (2)");
    const replacement = await p.kind.create({ ...again.inputs, __provider: PROVIDER_TEXT });
    expect(replacement.outs).toMatchObject({ name: "Weekday hours", smartfloName: "Weekday hours (2)" });
    await p.kind.delete(id, outs);
    expect((await groups()).filter((g) => g.name.startsWith("Weekday")).map((g) => [g.name, g.to_time])).toEqual([["Weekday hours (2)", ["17:00"]]]);

    // The next change goes back to the plain name, which is free again.
    await p.newRun();
    const next = await p.check(replacement.outs, officeHours({ times: [{ from: "08:00", to: "17:00" }] }));
    expect(next.inputs.smartfloName).toBe("Weekday hours");
  });

  it("says a replacement is coming while the new values are still unknown", async () => {
    const { id, outs } = await p.created(officeHours());
    const news = (await p.check(outs, officeHours({ days: UNKNOWN }))).inputs;
    expect(await p.kind.diff(id, outs, news)).toEqual({ changes: true, replaces: ["days"], deleteBeforeReplace: false });
  });

  it("adopts an existing time group of the same name only when it is as declared (there is no update)", async () => {
    const seeded = { name: "Office hours", times: [{ from: "09:00", to: "18:00" }], days: ["mon", "tue", "wed", "thu", "fri"], adopt: true };
    const { id } = await p.created(seeded);
    expect(id).toBe("501");
    const differing = await p.check({}, { ...seeded, name: "Weekend hours" });
    await expect(p.kind.create({ ...differing.inputs, __provider: PROVIDER_TEXT })).rejects.toThrow(
      /the time group 'Weekend hours' \(id 502\) differs from the declared one in times, days, and Smartflo cannot update a time group/,
    );
  });

  it("is never updated in place: update refuses, naming the bug it would be", async () => {
    const { id, outs } = await p.created(officeHours());
    await expect(p.kind.update(id, outs, { ...outs, days: ["sat"] })).rejects.toThrow(/Smartflo has no way to update a time group: a change replaces it/);
  });
});
