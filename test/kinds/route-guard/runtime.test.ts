/**
 * The route guard's methods against the emulator: what it says about the stack's resources
 * going from one list (its state) to another (the program's), and about what outside the stack
 * routes to what is deleted.
 */
import { UNKNOWN } from "../../../provider/src/core/refs";
import { createIvr } from "../../../provider/src/kinds/ivr/api";
import { validateIvr } from "../../../provider/src/kinds/ivr/spec";
import { clientOf } from "../../support/client";
import { control } from "../../support/emulator";
import { supportIvr } from "../../support/ivrs";
import { PROVIDER_TEXT, providerForFile } from "../../support/provider";

const p = providerForFile("RouteGuard");

type Entry = { kind: string; name: string; id: string; number?: string };
const state = (...resources: Entry[]) => ({ resources, __provider: PROVIDER_TEXT });
const ivrEntry = (id: string, name = "support"): Entry => ({ kind: "Ivr", name, id });

async function newIvr(name: string, destination = "hangup||1"): Promise<string> {
  const r = validateIvr(supportIvr({ name, options: [{ key: "1", destination }] }));
  if (!r.ok) throw new Error("bad test IVR");
  return createIvr(clientOf(p.emu), r.value);
}

describe("RouteGuard check: two routings of one number", () => {
  it("names both resources, matching the number by id or by its digits through the account", async () => {
    const r = await p.check({}, state(
      { kind: "NumberRouting", name: "main", id: UNKNOWN, number: "+918069001234" },
      { kind: "NumberRouting", name: "again", id: UNKNOWN, number: "101" },
      { kind: "NumberRouting", name: "other", id: UNKNOWN, number: "102" },
    ));
    expect(r.failures).toEqual([
      { property: "", reason: "NumberRouting 'main' and NumberRouting 'again' route the same number, +918069001234 (id 101): a number has one route, so declare one NumberRouting for it" },
    ]);
  });

  it("without account access, still catches the same number written the same way", async () => {
    await p.configure({ "smartflo:token": "" });
    const r = await p.check({}, state(
      { kind: "NumberRouting", name: "a", id: UNKNOWN, number: "+918069001234" },
      { kind: "NumberRouting", name: "b", id: UNKNOWN, number: "+91 8069001234" },
    ));
    expect(r.failures.map((f) => f.reason.split(":")[0])).toEqual(["NumberRouting 'a' and NumberRouting 'b' route the same number, +918069001234"]);
    expect((await p.stats()).total).toBe(0);
  });
});

describe("RouteGuard check: what the stack is about to delete", () => {
  it("fails when a number outside the stack routes to an IVR being dropped, naming the number; a managed one is no obstacle", async () => {
    const id = await newIvr("Guarded");
    await control(p.emu, "PATCH", "numbers/101", { destination: `ivr||${id}` });
    await control(p.emu, "PATCH", "numbers/102", { destination: `ivr||${id}` });
    const before = state(ivrEntry(id), { kind: "NumberRouting", name: "main-line", id: "101", number: "+918069001234" });
    const r = await p.check(before, state());
    expect(r.failures).toEqual([
      {
        property: "",
        reason:
          `Ivr 'support' (ivr||${id}) is to be deleted, but number +918069005678 (id 102) routes to it from outside this stack, ` +
          "and Smartflo refuses to delete what is still routed to: route it elsewhere first (in the Smartflo panel, or by managing it in " +
          "this stack, e.g. a number with smartflo.NumberRouting)",
      },
    ]);
    // The program now routes 102 itself (a new NumberRouting, id not known yet): no obstacle either.
    expect((await p.check(before, state({ kind: "NumberRouting", name: "second", id: UNKNOWN, number: "+918069005678" }))).failures).toEqual([]);
  });

  it("names IVRs and departments outside the stack that route to what is deleted, with where they do", async () => {
    const target = await newIvr("Target");
    const outside = await newIvr("Outside", `ivr||${target}`);
    await control(p.emu, "PATCH", "departments/17839", { timeout_dest_type: "ivr", timeout_destination: `ivr||${target}` });
    const r = await p.check(state(ivrEntry(target, "target")), state());
    expect(r.failures).toHaveLength(1);
    expect(r.failures[0]!.reason).toMatch(
      new RegExp(`^Ivr 'target' \\(ivr\\|\\|${target}\\) is to be deleted, but IVR ${outside} 'Outside' \\(options\\[0\\]\\.destination\\), department 17839 'Support Ring Group' \\(failover\\) route to it`),
    );
    // Managed by this stack, the routing IVR is the program's business (Pulumi orders it).
    expect((await p.check(state(ivrEntry(target, "target"), ivrEntry(outside, "outside")), state(ivrEntry(outside, "outside")))).failures.map((f) => f.reason)).toEqual([
      expect.stringMatching(/department 17839 'Support Ring Group' \(failover\) routes to it/),
    ]);
  });

  it("counts a replacement (same resource, new id unknown) as deleting the old object", async () => {
    await control(p.emu, "PATCH", "numbers/102", { destination: "department||20546" });
    const r = await p.check(state({ kind: "Department", name: "sales", id: "20546" }), state({ kind: "Department", name: "sales", id: UNKNOWN }));
    expect(r.failures[0]!.reason).toMatch(/^Department 'sales' \(department\|\|20546\) is to be deleted, but number \+918069005678 \(id 102\) routes to it/);
  });

  it("asks the account nothing when nothing is deleted and no number can be routed twice", async () => {
    const r = await p.check(state(ivrEntry("8001")), state(ivrEntry("8001"), { kind: "NumberRouting", name: "n", id: UNKNOWN, number: "101" }));
    expect(r.failures).toEqual([]);
    expect((await p.stats()).total).toBe(0);
  });
});

describe("RouteGuard at up and destroy", () => {
  it("update, which runs before the deletes of up, refuses with every problem; delete, first in destroy, too", async () => {
    const id = await newIvr("Guarded");
    await control(p.emu, "PATCH", "numbers/102", { destination: `ivr||${id}` });
    await expect(p.kind.update("route-guard", state(ivrEntry(id)), state())).rejects.toThrow(
      new RegExp(`^checking what this stack is about to delete: nothing was deleted:\\n  - Ivr 'support' \\(ivr\\|\\|${id}\\) is to be deleted, but number \\+918069005678`),
    );
    await expect(p.kind.delete("route-guard", state(ivrEntry(id)))).rejects.toThrow(/nothing was deleted/);
    await control(p.emu, "PATCH", "numbers/102", { destination: "hangup||1" });
    await expect(p.kind.delete("route-guard", state(ivrEntry(id)))).resolves.toBeUndefined();
    expect(await p.kind.update("route-guard", state(ivrEntry(id)), state())).toEqual({ outs: { resources: [] } });
  });

  it("warns and lets Smartflo decide when the account cannot be read", async () => {
    await p.configure({ "smartflo:maxRetries": "0" });
    await control(p.emu, "POST", "faults", { path: "/v1/*", status: 503, count: 10 });
    await expect(p.kind.delete("route-guard", state(ivrEntry("8001")))).resolves.toBeUndefined();
    expect(p.printed.join("\n")).toMatch(/warning: smartflo: could not read the account's numbers \(GET \/v1\/my_number\): .*; leaving the decision to Smartflo/);
  });

  it("creates and reads back without asking Smartflo; diff sees a changed or not yet known list", async () => {
    const created = await p.kind.create(state(ivrEntry("8001")));
    expect(created).toEqual({ id: "route-guard", outs: { resources: [ivrEntry("8001")] } });
    expect(await p.kind.read("route-guard", { ...created.outs, __provider: PROVIDER_TEXT })).toEqual({ id: "route-guard", props: created.outs, inputs: created.outs });
    expect((await p.kind.diff("route-guard", created.outs, state(ivrEntry("8001")))).changes).toBe(false);
    expect((await p.kind.diff("route-guard", created.outs, state(ivrEntry(UNKNOWN)))).changes).toBe(true);
    expect((await p.kind.diff("route-guard", created.outs, state())).changes).toBe(true);
    expect((await p.stats()).total).toBe(0);
  });
});
