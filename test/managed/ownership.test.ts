/**
 * Ownership of creates (managed/ownership.ts), through the IVR kind against the emulator: a
 * create whose answer is lost or late takes back what it created and nothing else; when nothing
 * can tell, it is pending, and a later run settles it by the same rule.
 */
import { SmartfloClient } from "../../provider/src/client/client";
import { IVR_KIND, createIvr, listIvrs } from "../../provider/src/kinds/ivr/api";
import { CreateOutcomeUnknown, NotOurs, createOwned, deleteOwned, resolvePending, updateOwned } from "../../provider/src/managed/ownership";
import { decodeIds, encodeIds } from "../../provider/src/managed/pending";
import { emulatorForFile, recordingSleep, valid } from "../support/client";
import { control, storedIvrs } from "../support/emulator";
import { supportIvr } from "../support/ivrs";

const t = emulatorForFile();
const fault = (spec: Record<string, unknown>) => control(t.emu, "POST", "faults", spec);
const postFault = (spec: Record<string, unknown>) => fault({ path: "/v1/ivr", method: "POST", ...spec });
const quick = (opts: Record<string, unknown> = {}): SmartfloClient => t.client({ sleep: recordingSleep().sleep, ...opts });

describe("a create whose answer is lost", () => {
  it("takes back the IVR it created when every answer is lost after the commit (5 in parallel)", async () => {
    await postFault({ when: "after", drop: true, count: 100 });
    const c = quick();
    const names = [0, 1, 2, 3, 4].map((i) => `Lost answer ${i}`);
    const created = await Promise.all(names.map((name) => createOwned(c, IVR_KIND, valid(supportIvr({ name })))));
    const stored = await storedIvrs(t.emu);
    expect(stored).toHaveLength(5); // no duplicate
    expect(created.map((r) => stored.find((s) => String(s.id) === r.id)?.name)).toEqual(names);
    expect(created.every((r) => r.how === "claimed")).toBe(true);
    expect((await t.stats()).routes["POST /v1/ivr"]).toBe(5); // never sent twice
  });

  it.each([
    ["HTML", { rawBody: "<html><body>Bad gateway</body></html>", status: 200 }],
    ["an empty 200", { rawBody: "", status: 200 }],
    ["a 204", { status: 204, rawBody: "" }],
    ["unrelated JSON", { status: 200, body: { ok: 1 } }],
    ["a 302 redirect", { status: 302, headers: { Location: "https://elsewhere.example.com/x" }, body: {} }],
  ])("counts a committed POST answered with %s as unknown, and takes back what it created", async (_what, answer) => {
    await postFault({ when: "after", count: 1, ...answer });
    const r = await createOwned(quick(), IVR_KIND, valid(supportIvr()));
    expect(r.how).toBe("claimed");
    expect((await storedIvrs(t.emu)).map((s) => [String(s.id), s.name])).toEqual([[r.id, "Support IVR"]]);
  });

  it("sends the POST again when a list shows it did not take effect (an answer faked before the commit)", async () => {
    await postFault({ when: "before", count: 1, status: 200, body: { message: "ok" } });
    const r = await createOwned(quick(), IVR_KIND, valid(supportIvr()));
    expect(r.how).toBe("created");
    expect(await storedIvrs(t.emu)).toHaveLength(1);
    expect((await t.stats()).routes["POST /v1/ivr"]).toBe(2);
  });

  it("takes back a POST the server committed after the client timed out, when the retry says 'already exists'", async () => {
    // Held 1.5 s, committed after the 400 ms timeout; the list after the timeout does not show it yet.
    await postFault({ when: "after", count: 1, latencyMs: 1500 });
    const c = t.client({ requestTimeoutMs: 400, sleep: (ms: number) => new Promise((r) => setTimeout(r, Math.max(ms, 1300))) });
    const r = await createOwned(c, IVR_KIND, valid(supportIvr()));
    const stored = await storedIvrs(t.emu);
    expect(stored.map((s) => String(s.id))).toEqual([r.id]);
    expect(r.how).toBe("claimed");
    expect((await t.stats()).routes["POST /v1/ivr"]).toBe(2);
  });

  it("never takes an IVR that another client created with the same name while its outcome was unknown (a different body)", async () => {
    // Our POST is held 600 ms before the server looks at it; meanwhile another client creates the
    // name; ours is then refused ("already exists") and that answer is lost.
    await postFault({ when: "before", count: 1, latencyMs: 600 });
    const ours = createOwned(quick(), IVR_KIND, valid(supportIvr({ ringTimeoutSeconds: 30 }))).catch((e) => e);
    await new Promise((r) => setTimeout(r, 150));
    const theirs = await createIvr(t.client(), valid(supportIvr({ ringTimeoutSeconds: 55 })));
    await postFault({ when: "after", count: 1, drop: true });
    const err = await ours;
    expect(err).toBeInstanceOf(NotOurs);
    expect(err.entry.id).toBe(theirs);
    expect(err.message).toMatch(
      new RegExp(`an IVR named 'Support IVR' \\(id ${theirs}\\) now exists that this stack cannot prove it created: it differs from what this create sent\\. It was not taken over\\. If it is the IVR this resource declares, set adopt: true`),
    );
    expect(await storedIvrs(t.emu)).toHaveLength(1);
  });

  it("fails a create refused because another client took the name meantime, naming that IVR and how to adopt it", async () => {
    await postFault({ when: "before", count: 1, latencyMs: 500 });
    const ours = createOwned(quick(), IVR_KIND, valid(supportIvr({ ringTimeoutSeconds: 30 }))).catch((e) => e);
    await new Promise((r) => setTimeout(r, 150));
    const theirs = await createIvr(t.client(), valid(supportIvr({ ringTimeoutSeconds: 55 })));
    const err = await ours;
    expect(err.message).toBe(
      `an IVR named 'Support IVR' already exists in this Smartflo account (id ${theirs}). Set adopt: true on this resource to take it over ` +
        "(it is updated to the declared state), or choose another name (POST /v1/ivr was refused: name: an IVR named 'Support IVR' already exists)",
    );
  });

  it("never takes an IVR that existed before its POST, even when renamed to its name while its outcome was unknown", async () => {
    const other = await createIvr(t.client(), valid(supportIvr({ name: "Another IVR" })));
    const c = quick();
    await listIvrs(c); // the name check's answer lists the other IVR under its old name
    await postFault({ when: "before", count: 1, latencyMs: 500 });
    const ours = createOwned(c, IVR_KIND, valid(supportIvr())).catch((e) => e);
    await new Promise((r) => setTimeout(r, 150));
    await control(t.emu, "PATCH", `ivrs/${other}`, { name: "Support IVR" });
    await postFault({ when: "after", count: 1, drop: true });
    const err = await ours;
    expect(err).toBeInstanceOf(NotOurs);
    expect(err.message).toMatch(/\(id \d+\) now exists that this stack cannot prove it created: it existed before this create was sent/);
  });

  it("with adopt: true takes over whatever IVR of that name the unknown outcome leaves", async () => {
    await postFault({ when: "before", count: 1, latencyMs: 500 });
    const ours = createOwned(quick(), IVR_KIND, valid(supportIvr({ ringTimeoutSeconds: 30 })), { adopt: true });
    await new Promise((r) => setTimeout(r, 150));
    const theirs = await createIvr(t.client(), valid(supportIvr({ ringTimeoutSeconds: 55 })));
    await postFault({ when: "after", count: 1, drop: true });
    expect((await ours).id).toBe(theirs);
  });
});

describe("a create whose outcome stays unknown", () => {
  it("is pending when the id lookup after a successful POST fails, with what a later run needs", async () => {
    const c = quick({ maxRetries: 1 });
    const before = await createIvr(c, valid(supportIvr({ name: "Existing" })));
    await fault({ path: "/v1/ivrs", method: "GET", status: 503, count: 100 });
    const err = await createOwned(c, IVR_KIND, valid(supportIvr())).catch((e) => e);
    expect(err).toBeInstanceOf(CreateOutcomeUnknown);
    expect(err.record).toEqual({
      name: "Support IVR",
      sentAt: expect.stringMatching(/^\d{4}-\d\d-\d\dT/),
      fingerprint: expect.stringMatching(/^[0-9a-f]{24}$/),
      knownIds: before,
      reason: expect.stringMatching(/^POST \/v1\/ivr created 'Support IVR', but GET \/v1\/ivrs could not give its id \(Smartflo GET \/v1\/ivrs failed with a server error \(HTTP 503\)/),
    });
    expect(await storedIvrs(t.emu)).toHaveLength(2); // it was created: the record must lead to it

    // A later run settles it: the new IVR matches what was sent and did not exist before.
    await control(t.emu, "DELETE", "faults");
    const claim = await resolvePending(quick(), IVR_KIND, err.record, valid(supportIvr()));
    expect("claimed" in claim && claim.claimed.name).toBe("Support IVR");
  });

  it("settles as absent only when two lists lack the name", async () => {
    const c = quick({ maxRetries: 0 });
    await listIvrs(c); // the name check's answer
    await fault({ path: "/v1/ivr", method: "POST", status: 503, count: 1 });
    await fault({ path: "/v1/ivrs", method: "GET", status: 503, count: 1 }); // the list after the POST
    const err = await createOwned(c, IVR_KIND, valid(supportIvr())).catch((e) => e);
    expect(err).toBeInstanceOf(CreateOutcomeUnknown);
    await control(t.emu, "POST", "stats/reset");
    const claim = await resolvePending(quick(), IVR_KIND, err.record, valid(supportIvr()));
    expect(claim).toEqual({ absent: true });
    expect((await t.stats()).routes["GET /v1/ivrs"]).toBe(2);
  });

  it("settles as not ours when the IVR with the name differs from what was sent", async () => {
    const record = { name: "Support IVR", sentAt: new Date().toISOString(), fingerprint: "0".repeat(24), knownIds: "", reason: "test" };
    await createIvr(t.client(), valid(supportIvr()));
    const claim = await resolvePending(quick(), IVR_KIND, record, valid(supportIvr()));
    expect(claim).toMatchObject({ notOurs: { name: "Support IVR" }, why: "it differs from what this create sent" });
  });
});

describe("an update or delete whose outcome stays unknown", () => {
  const itemFault = (method: string, id: string, spec: Record<string, unknown>) => fault({ path: `/v1/ivr/${id}`, method, count: 10, ...spec });

  it("counts an update as done when a list sent after it shows the declared state (committed, answered with unrelated JSON)", async () => {
    const id = await createIvr(t.client(), valid(supportIvr()));
    await itemFault("PUT", id, { when: "after", status: 200, body: { ok: 1 } });
    await updateOwned(quick({ maxRetries: 1 }), IVR_KIND, id, valid(supportIvr({ ringTimeoutSeconds: 45 })));
    expect((await storedIvrs(t.emu)).find((i) => String(i.id) === id)?.timeout).toBe(45);
  });

  it("keeps the failure when the list shows the update was not applied (answered before the commit)", async () => {
    const id = await createIvr(t.client(), valid(supportIvr()));
    await itemFault("PUT", id, { when: "before", status: 200, body: { ok: 1 } });
    await expect(updateOwned(quick({ maxRetries: 1 }), IVR_KIND, id, valid(supportIvr({ ringTimeoutSeconds: 45 })))).rejects.toThrow(/PUT \/v1\/ivr\//);
    expect((await storedIvrs(t.emu)).find((i) => String(i.id) === id)?.timeout).toBe(30);
  });

  it("counts a delete as done only when two lists sent after it lack the IVR", async () => {
    const gone = await createIvr(t.client(), valid(supportIvr({ name: "Gone" })));
    const kept = await createIvr(t.client(), valid(supportIvr({ name: "Kept" })));
    await itemFault("DELETE", gone, { when: "after", status: 200, rawBody: "<html>ok</html>" });
    expect(await deleteOwned(quick({ maxRetries: 1 }), IVR_KIND, gone)).toBe("deleted");
    await itemFault("DELETE", kept, { when: "before", status: 200, rawBody: "<html>ok</html>" });
    await expect(deleteOwned(quick({ maxRetries: 1 }), IVR_KIND, kept)).rejects.toThrow(/DELETE \/v1\/ivr\//);
    expect((await storedIvrs(t.emu)).map((i) => i.name)).toEqual(["Kept"]);
  });
});

describe("pending records", () => {
  it("keep the ids compactly and give them back exactly", () => {
    const ids = ["8001", "8002", "8003", "8005", "9000", "9001", "abc,d", "~x", "007"];
    const text = encodeIds(ids);
    expect(text).toBe("8001-8003,8005,9000-9001,~007,~abc%2Cd,~~x");
    expect([...decodeIds(text)].sort()).toEqual([...ids].sort());
  });
});
