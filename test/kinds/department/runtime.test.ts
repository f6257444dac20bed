/** The Department provider's methods against the emulator, as the engine calls them. */
import { control } from "../../support/emulator";
import { salesDepartment } from "../../support/ivrs";
import { PROVIDER_TEXT, providerForFile } from "../../support/provider";

const p = providerForFile("Department");
const stored = async (id: string) => (await p.account()).departments.find((d: { id: string }) => d.id === id);

describe("Department check against the account", () => {
  it("names members, failovers and hold music the account does not have", async () => {
    const r = await p.check({}, salesDepartment({ members: [{ extension: "0999" }], failover: "ivr||123456", musicOnHold: "recording||99999" }));
    // Each failure leads with its path and value (the engine prints no nested property itself).
    expect(r.failures.map((f) => [f.property, f.reason.split(" (")[0]])).toEqual([
      ["", 'members[0].extension = "0999": extension 0999'],
      ["", 'failover = "ivr||123456": ivr 123456 does not exist in this Smartflo account'],
      ["", 'musicOnHold = "recording||99999": recording 99999 does not exist in this Smartflo account'],
    ]);
    expect(r.failures[0]!.reason).toMatch(/: extension 0999 \(an agent\/extension id\) does not exist in this Smartflo account \(GET \/v1\/users/);
  });

  it("refuses a new department whose name the account already uses (Smartflo's name rule), unless adopt", async () => {
    const r = await p.check({}, salesDepartment({ name: " sales dept " }));
    expect(r.failures).toEqual([
      {
        property: "",
        reason: `name = " sales dept ": a department named 'Sales Dept' already exists in this Smartflo account (id 20546); set adopt: true to manage it with Pulumi, or choose another name`,
      },
    ]);
    expect((await p.check({}, salesDepartment({ name: "Sales Dept", adopt: true }))).failures).toEqual([]);
  });
});

describe("Department lifecycle", () => {
  it("creates it in the create shape (failover_*), finds its id by name, and reads it back with no diff", async () => {
    const { id, outs } = await p.created(salesDepartment({ stickyAgent: { hours: 12 } }));
    expect(id).toBe("30001");
    expect(outs).toMatchObject({ departmentId: "30001", ringTimeoutSeconds: 30, failover: "voicemail||301" });
    expect(await stored(id)).toMatchObject({
      name: "Inbound Sales",
      ring_strategy: "simultaneously",
      timeout_dest_type: "voicemail",
      timeout_destination: "301",
      sticky_agent: { enabled: true, time_period: 12, format: "h" },
      agents: [expect.objectContaining({ eid: "050109590002", timeout: "30" }), expect.objectContaining({ eid: "05047530000", timeout: "40" })],
    });
    await p.newRun();
    const read = await p.kind.read(id, { ...outs, __provider: PROVIDER_TEXT });
    expect(read.props).toEqual(outs);
    const news = (await p.check(read.inputs!, salesDepartment({ stickyAgent: { hours: 12 } }))).inputs;
    expect(await p.kind.diff(id, read.props!, news)).toEqual({ changes: false, replaces: [], deleteBeforeReplace: false });
  });

  it("shows an edit made in the panel at refresh, and updates in place (timeout_* names) to the declared state", async () => {
    const { id, outs } = await p.created(salesDepartment());
    await control(p.emu, "PATCH", `departments/${id}`, { ring_strategy: "random", timeout_dest_type: "hangup", timeout_destination: "hangup||1" });
    const read = await p.kind.read(id, outs);
    expect(read.props).toMatchObject({ ringStrategy: "random", failover: "hangup||1" });
    const news = (await p.check(read.inputs!, salesDepartment())).inputs;
    expect(await p.kind.diff(id, read.props!, news)).toEqual({ changes: true, replaces: [], deleteBeforeReplace: false });
    await p.kind.update(id, read.props!, { ...news, __provider: PROVIDER_TEXT });
    expect(await stored(id)).toMatchObject({ ring_strategy: "simultaneously", timeout_dest_type: "voicemail" });
  });

  it("adopts an existing department by name, updating it to the declared state", async () => {
    const { id, outs } = await p.created(salesDepartment({ name: "Sales Dept", adopt: true }));
    expect(id).toBe("20546");
    expect(outs.adopt).toBe(true);
    expect(await stored("20546")).toMatchObject({ agents: [expect.objectContaining({ eid: "050109590002" }), expect.objectContaining({ eid: "05047530000" })] });
    expect(p.printed.join("\n")).toMatch(/adopted the existing department 'Sales Dept' \(id 20546\)/);
  });

  it("refuses to create one whose name appeared since preview, suggesting adopt", async () => {
    const checked = await p.check({}, salesDepartment({ name: "Sales Dept" }));
    await expect(p.kind.create({ ...checked.inputs, __provider: PROVIDER_TEXT })).rejects.toThrow(
      /^creating the Smartflo department: a department named 'Sales Dept' already exists in this Smartflo account \(id 20546\)\. Set adopt: true/,
    );
  });

  it("deletes it; one already gone counts as deleted; one deleted outside drops out at refresh", async () => {
    const { id, outs } = await p.created(salesDepartment());
    await p.kind.delete(id, outs);
    expect(await stored(id)).toBeUndefined();
    await p.kind.delete(id, outs);
    expect(await p.kind.read(id, outs)).toEqual({});
  });

  it("reports Smartflo's refusal to delete a department still routed to, with its message", async () => {
    const { id, outs } = await p.created(salesDepartment());
    await control(p.emu, "PATCH", "numbers/102", { destination: `department||${id}` });
    await expect(p.kind.delete(id, outs)).rejects.toThrow(/Department is in use by number 102 \(\+918069005678\)/);
  });
});
