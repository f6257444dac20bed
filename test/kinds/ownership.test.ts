/**
 * Departments and time groups are created by the same ownership machinery as IVRs
 * (managed/ownership.ts): through each provider, as the engine calls it, against the emulator, a
 * create whose answer is lost takes back what it created and nothing else, and one whose outcome
 * stays unknown is recorded as a pending create that the next run settles.
 */
import { isPlaceholderId } from "../../provider/src/managed/pending";
import { control } from "../support/emulator";
import { officeHours, salesDepartment } from "../support/ivrs";
import { PROVIDER_TEXT, providerForFile } from "../support/provider";

const KINDS = [
  { type: "Department", noun: "department", args: () => salesDepartment(), post: "/v1/department", list: "/v1/departments", stored: "departments", idProperty: "departmentId" },
  { type: "TimeGroup", noun: "time group", args: () => officeHours(), post: "/v1/timegroup", list: "/v1/timegroups", stored: "timeGroups", idProperty: "timeGroupId" },
] as const;

describe.each(KINDS)("$type creates under faults", (k) => {
  const p = providerForFile(k.type);
  const fault = (spec: Record<string, unknown>) => control(p.emu, "POST", "faults", spec);
  const named = async (name: string) => ((await p.account())[k.stored] as Array<{ id: string; name: string }>).filter((o) => o.name === name);

  beforeEach(() => p.configure({ "smartflo:maxRetries": "1", "smartflo:requestsPerSecond": "50" }));

  it("takes back the object it created when the create answer is lost after the commit, and never sends the POST twice", async () => {
    await fault({ path: k.post, method: "POST", when: "after", drop: true, count: 1 });
    const before = (await p.stats()).routes[`POST ${k.post}`] ?? 0;
    const { id, outs } = await p.created(k.args());
    const mine = await named(String(k.args().name));
    expect(mine.map((o) => String(o.id))).toEqual([id]); // one, and it is this resource's
    expect(outs[k.idProperty]).toBe(id);
    expect((await p.stats()).routes[`POST ${k.post}`]).toBe(before + 1);
  });

  it("records a pending create when no list can give its id (the list fails after the POST), and the next run's update takes it back", async () => {
    await p.created({ ...k.args(), name: "Existing" }); // its list answers the next name check
    const checked = await p.check({}, k.args());
    await fault({ path: k.list, method: "GET", count: 100, status: 503, body: { message: "down" } });
    type InitError = { id: string; properties: Record<string, unknown>; message: string };
    const err = (await p.kind.create({ ...checked.inputs, __provider: PROVIDER_TEXT }).then(
      () => ({ id: "", properties: {}, message: "created: no pending create" }),
      (e: unknown) => e,
    )) as InitError;
    expect(isPlaceholderId(err.id)).toBe(true);
    expect(err.message).toMatch(/Recorded as a pending create/);
    expect(err.properties.pendingCreate).toMatchObject({ name: String(k.args().name) });

    await control(p.emu, "DELETE", "faults");
    await p.newRun();
    const mine = await named(String(k.args().name));
    expect(mine).toHaveLength(1); // created by the POST whose id could not be found
    expect((await p.kind.diff(err.id, err.properties, checked.inputs)).changes).toBe(true);
    const settled = await p.kind.update(err.id, err.properties, { ...checked.inputs, __provider: PROVIDER_TEXT });
    expect(settled.outs[k.idProperty]).toBe(String(mine[0]!.id));
    expect(await named(String(k.args().name))).toHaveLength(1); // taken back, not created again
  });

  it("never takes over an object of that name that existed before its POST", async () => {
    await p.created(k.args());
    await p.newRun();
    const checked = await p.check({}, { ...k.args(), name: ` ${String(k.args().name).toLowerCase()} ` });
    expect(checked.failures.map((f) => f.reason)).toEqual([expect.stringMatching(/already exists in this Smartflo account .*set adopt: true/)]);
  });
});

describe.each(KINDS)("$type reads", (k) => {
  const p = providerForFile(k.type);

  it("fail a refresh of an entry it cannot read, naming the endpoint and the object", async () => {
    const { id, outs } = await p.created(k.args());
    // The list answers the entry without the fields the resource is built from.
    await control(p.emu, "POST", "faults", { path: k.list, method: "GET", count: 10, status: 200, body: [{ id: Number(id), name: outs.name }] });
    await p.newRun();
    await expect(p.kind.read(id, outs)).rejects.toThrow(new RegExp(`^reading Smartflo ${k.noun} ${id}: Smartflo GET ${k.list}: .*${id}`));
  });
});
