/**
 * `smartflo doctor` against the emulator in its default (strict) mode and in the alternative modes
 * a live account might show: each mode changes the verdict of the check about it, and only that.
 */
import { ClientOptions, SmartfloClient } from "../../provider/src/client/client";
import { RateLimiters } from "../../provider/src/client/ratelimit";
import { defaultSeed } from "../../provider/src/emulator";
import type { FaultSpec } from "../../provider/src/emulator";
import { listIvrs } from "../../provider/src/kinds/ivr/api";
import { toWriteBody } from "../../provider/src/kinds/ivr/mapping";
import { runDoctor } from "../../provider/src/tools/doctor";
import type { DoctorOptions, DoctorReport, Verdict } from "../../provider/src/tools/doctor";
import { Emulator, EmulatorOptions, TOKEN, startEmulator, storedIvrs } from "../support/emulator";
import { canonical } from "./helpers";

/** The default account with three IVRs routing to each other (8001 -> 8002 -> 8001, 8003 -> 8002). */
function seed() {
  const s = defaultSeed();
  const ivr = (id: number, name: string, keys: Record<string, string>) => ({ id, ...toWriteBody(canonical("x", { name, keys })) });
  s.accounts[0]!.ivrs = [
    ivr(8001, "Main Menu", { "1": "ivr||8002", "2": "ivr||8003" }),
    ivr(8002, "Sales IVR", { "1": "department||20546", "9": "ivr||8001" }),
    ivr(8003, "Support IVR", { "1": "extension||05047530000", "2": "ivr||8002" }),
  ];
  return s;
}

const emulators: Emulator[] = [];
afterAll(() => Promise.all(emulators.map((e) => e.close())));

async function doctor(mode: EmulatorOptions, opts: Omit<DoctorOptions, "onCheck"> & { client?: Partial<ClientOptions>; onCheck?: DoctorOptions["onCheck"]; faults?: FaultSpec[] } = {}) {
  const emu = await startEmulator({ cps: 0, seed: seed(), ...mode });
  emulators.push(emu);
  if (opts.faults) emu.injectFaults(opts.faults);
  const options: ClientOptions = { baseUrl: emu.url, token: TOKEN, requestsPerSecond: 100, limiters: new RateLimiters(), ...opts.client };
  const client = new SmartfloClient(options);
  const before = await storedIvrs(emu);
  const report = await runDoctor(client, options, { write: opts.write, rateLimit: opts.rateLimit, signal: opts.signal, onCheck: opts.onCheck });
  return { report, emu, client, before, after: await storedIvrs(emu) };
}

const verdicts = (r: DoctorReport) => Object.fromEntries(r.checks.map((c) => [c.id, c.verdict]));
const only = (r: DoctorReport, differing: Record<string, Verdict>) => {
  const all = verdicts(r);
  for (const [id, v] of Object.entries(all)) expect([id, v]).toEqual([id, differing[id] ?? "holds"]);
};
const observed = (r: DoctorReport, id: string) => r.checks.find((c) => c.id === id)!.observed;

const READ_CHECKS = [
  "credentials", "ivrs-list-shape", "ivrs-pagination", "ivr-read-fields", "numbers-list", "reference-types",
  "recordings-list", "departments-list", "timegroups-list", "users-cursor",
  "department-read-fields", "timegroup-read-fields", "number-read-fields", "refused-token-status",
];
const WRITE_CHECKS = ["create-answer", "read-back", "update", "refusal-status", "single-pipe", "name-rule", "delete", "unknown-id-status"];

describe("smartflo doctor: the departments, time groups and numbers the provider reads", () => {
  const department = defaultSeed().accounts[0]!.departments![0]!;
  const timeGroup = defaultSeed().accounts[0]!.timeGroups![0]!;
  const number = defaultSeed().accounts[0]!.numbers![0]!;
  // The list is read several times (raw, as the lookups read it, as the resources read it): the fault answers every read.
  const answer = (path: string, body: unknown): FaultSpec => ({ path, method: "GET", status: 200, body, count: 10 });

  it("a department or time group that cannot be read breaks its check, and only that check", async () => {
    const { timeout_dest_type: _gone, ...noFailover } = department;
    const { report } = await doctor({}, {
      faults: [
        answer("/v1/departments", [department, { ...noFailover, id: "20999" }]),
        answer("/v1/timegroups", [{ id: "501", name: "Office hours" }]),
      ],
    });
    only(report, { "department-read-fields": "breaks", "timegroup-read-fields": "breaks" });
    expect(observed(report, "department-read-fields")).toBe("1 of 2 departments are not in the read shape: department 20999: timeout_dest_type: Required");
    expect(observed(report, "timegroup-read-fields")).toMatch(/^1 of 1 time groups are not in the read shape: time group 501: from_time: Required/);
  });

  it("one that reads but breaks this package's rules differs (adopting or exporting it needs a fix first)", async () => {
    const { report } = await doctor({}, {
      faults: [
        answer("/v1/departments", [{ ...department, ring_strategy: "skill_based" }]),
        answer("/v1/timegroups", [{ ...timeGroup, from_time: ["18:00"], to_time: ["09:00"] }]),
      ],
    });
    only(report, { "department-read-fields": "differs", "timegroup-read-fields": "differs" });
    expect(observed(report, "department-read-fields")).toMatch(/^1 of 1 departments are read, but break this package's rules .*: department 20546: ringStrategy: 'skill_based' is not a ring strategy/);
    expect(observed(report, "timegroup-read-fields")).toMatch(/time group 501: times\[0\]\.to: must be after from \(18:00\), got 09:00/);
  });

  it("a number without its did breaks number-read-fields: a NumberRouting could route none", async () => {
    const { did: _gone, ...noDid } = number;
    const { report } = await doctor({}, { faults: [answer("/v1/my_number", [noDid])] });
    only(report, { "number-read-fields": "breaks" });
    expect(observed(report, "number-read-fields")).toMatch(/^Smartflo GET \/v1\/my_number returned entry 0 in an unexpected shape: did: /);
  });

  it("an empty list skips its entries check", async () => {
    const { report } = await doctor({}, { faults: [answer("/v1/departments", []), answer("/v1/timegroups", [])] });
    only(report, { "department-read-fields": "skipped", "timegroup-read-fields": "skipped" });
  });
});

describe("smartflo doctor against the emulator's default (strict) mode", () => {
  it("read-only: every read assumption holds, and nothing is written", async () => {
    const { report, before, after } = await doctor({});
    expect(report.checks.map((c) => c.id)).toEqual(READ_CHECKS);
    only(report, {});
    expect(report.wrote).toBe(false);
    expect(after).toEqual(before);
    expect(observed(report, "reference-types")).toBe("read back: hangup, extension, ivr, ringgroup (= department)");
  });

  it("--write: the write path holds too, and the scratch IVR is gone afterwards", async () => {
    const { report, before, after } = await doctor({}, { write: true });
    expect(report.checks.map((c) => c.id)).toEqual([...READ_CHECKS, ...WRITE_CHECKS]);
    only(report, {});
    expect(observed(report, "refusal-status")).toMatch(/^refused with HTTP 400 "destination: expected 3 entries/);
    expect(observed(report, "unknown-id-status")).toMatch(/PUT: HTTP 404; DELETE: HTTP 404$/);
    expect(report.cleanup).toEqual([expect.stringMatching(/^the scratch IVR 8004 'smartflo-doctor-[0-9a-f]{8}' is gone$/)]);
    expect(after).toEqual(before);
  });
});

describe("smartflo doctor: each alternative mode changes the verdict about it", () => {
  it("--errors-as-200: refusals come as HTTP 200 with success: false (differs: the package reads them as refusals)", async () => {
    const { report } = await doctor({ errorsAs200: true }, { write: true });
    only(report, { "refusal-status": "differs" });
    expect(observed(report, "refusal-status")).toMatch(/^refused with HTTP 200 and success: false/);
  });

  it("--create-returns-id: create answers the new id (differs)", async () => {
    const { report } = await doctor({ createReturnsId: true }, { write: true });
    only(report, { "create-answer": "differs" });
    expect(observed(report, "create-answer")).toMatch(/"ivr_id":8004\}, more than \{success, message\}/);
  });

  it("--single-pipe accept: type|id is accepted (differs, harmless)", async () => {
    const { report } = await doctor({ singlePipe: "accept" }, { write: true });
    only(report, { "single-pipe": "differs" });
  });

  it("--ivrs-page-size 2: GET /v1/ivrs is paged, and the verdict says whether the package read every IVR", async () => {
    const { report, client } = await doctor({ ivrsPageSize: 2 });
    const read = (await listIvrs(client)).length;
    // `breaks` while the package reads only the first page, `differs` once it follows the pages.
    const expected = read >= 3 ? "differs" : "breaks";
    only(report, { "ivrs-pagination": expected });
    expect(observed(report, "ivrs-pagination")).toMatch(/^GET \/v1\/ivrs is paged \(page, limit, total, has_more\)/);
  });

  it("--rate-limit: a 429 with Retry-After holds; --no-retry-after differs", async () => {
    const limited = await doctor({ cps: 3 }, { rateLimit: true, client: { requestsPerSecond: 3 } });
    expect(verdicts(limited.report)["rate-limit"]).toBe("holds");
    expect(observed(limited.report, "rate-limit")).toMatch(/^\d+ of 9 reads answered HTTP 429 "Too many requests\." with Retry-After 1 s$/);
    const bare = await doctor({ cps: 3, retryAfter: false }, { rateLimit: true, client: { requestsPerSecond: 3 } });
    expect(verdicts(bare.report)["rate-limit"]).toBe("differs");
    expect(observed(bare.report, "rate-limit")).toMatch(/without Retry-After; the package backs off exponentially/);
  }, 60_000);

  it("an account that refuses the credentials: the credentials break, and nothing else is asked", async () => {
    const { report } = await doctor({}, { client: { token: "not-the-token" } });
    expect(report.checks).toEqual([
      expect.objectContaining({ id: "credentials", verdict: "breaks", observed: expect.stringMatching(/GET \/v1\/ivrs failed: .*refused the credentials \(HTTP 401\)/) }),
    ]);
  });
});

describe("smartflo doctor --write cleans up", () => {
  it("deletes the scratch IVR when the account stops answering right after its create, finding it by name", async () => {
    const emu = await startEmulator({ cps: 0, seed: seed() });
    emulators.push(emu);
    const options: ClientOptions = { baseUrl: emu.url, token: TOKEN, requestsPerSecond: 100, maxRetries: 0, limiters: new RateLimiters() };
    // Once the read checks are done, the IVR list fails twice: the create's lookup by name, and the
    // cleanup's first look.
    const onCheck = (c: { id: string }) => c.id === "refused-token-status" && emu.injectFaults({ path: "/v1/ivrs", method: "GET", status: 503, count: 2 });
    const report = await runDoctor(new SmartfloClient(options), options, { write: true, onCheck });
    expect(report.checks.slice(READ_CHECKS.length)).toEqual([
      expect.objectContaining({ id: "write-path", verdict: "breaks", observed: expect.stringMatching(/^the write checks stopped: Smartflo GET \/v1\/ivrs failed with a server error \(HTTP 503\)/) }),
    ]);
    expect(report.cleanup).toEqual([expect.stringMatching(/^deleted the scratch IVR 8004 'smartflo-doctor-/)]);
    expect((await storedIvrs(emu)).map((i) => i.id)).toEqual([8001, 8002, 8003]);
  });

  it("deletes the scratch IVR when every check after its create fails", async () => {
    const emu = await startEmulator({ cps: 0, seed: seed() });
    emulators.push(emu);
    emu.injectFaults({ path: "/v1/ivr/*", method: "PUT", status: 500, count: 1000 });
    const options: ClientOptions = { baseUrl: emu.url, token: TOKEN, requestsPerSecond: 100, maxRetries: 0, limiters: new RateLimiters() };
    const report = await runDoctor(new SmartfloClient(options), options, { write: true });
    expect(verdicts(report)).toMatchObject({ update: "breaks", "refusal-status": "breaks", "single-pipe": "breaks", delete: "holds" });
    expect((await storedIvrs(emu)).map((i) => i.id)).toEqual([8001, 8002, 8003]);
  });

  it("stops between checks when aborted (Ctrl-C), and still deletes the scratch IVR", async () => {
    const controller = new AbortController();
    const { report, before, after } = await doctor({}, {
      write: true,
      signal: controller.signal,
      onCheck: (c) => c.id === "read-back" && controller.abort(),
    });
    expect(report.checks.map((c) => c.id)).toEqual([...READ_CHECKS, "create-answer", "read-back"]);
    expect(report.cleanup).toEqual([expect.stringMatching(/^deleted the scratch IVR 8004 'smartflo-doctor-/)]);
    expect(after).toEqual(before);
  });
});
