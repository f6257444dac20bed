import { RunningEmulator, defaultSeed } from "../../provider/src/emulator";
import { call, createIvr, withEmulator } from "./helpers";

let em: RunningEmulator;

beforeAll(async () => {
  em = await withEmulator();
});
afterAll(() => em.close());
beforeEach(() => em.reset());

describe("emulator GET /v1/my_number", () => {
  it("answers a bare array of the account's numbers", async () => {
    const res = await call(em, "GET", "/v1/my_number");
    expect(res.status).toBe(200);
    expect(res.body).toEqual([
      {
        id: "101",
        did: "+918069001234",
        alias: "918069001234",
        name: "Main line",
        description: "Main published number",
        destination: "hangup||1",
        sms_template: [],
      },
      {
        id: "102",
        did: "+918069005678",
        alias: "918069005678",
        name: "Support line",
        description: "Support number",
        destination: "hangup||1",
        sms_template: [],
      },
    ]);
  });

  it("prints a null destination for a seeded number that routes nowhere", async () => {
    const seed = defaultSeed();
    seed.accounts[0]!.numbers = [{ id: 7, did: "+918069000007", destination: null, alias: "08069000007" }];
    const unrouted = await withEmulator({ seed });
    try {
      expect((await call(unrouted, "GET", "/v1/my_number")).body).toEqual([
        { id: "7", did: "+918069000007", alias: "08069000007", name: "", description: "", destination: null, sms_template: [] },
      ]);
    } finally {
      await unrouted.close();
    }
  });
});

describe("emulator PUT /v1/my_number/{id}", () => {
  it("routes a number to an IVR and updates name and description", async () => {
    const id = await createIvr(em);
    const res = await call(em, "PUT", "/v1/my_number/101", {
      body: { destination: `ivr||${id}`, name: "Main", description: "Now an IVR" },
    });
    expect(res.status).toBe(200);
    expect(res.body).toEqual({ success: true, message: "Number has been updated successfully." });
    const numbers = (await call(em, "GET", "/v1/my_number")).body;
    expect(numbers[0]).toMatchObject({ id: "101", did: "+918069001234", name: "Main", destination: `ivr||${id}`, description: "Now an IVR" });
  });

  it("keeps name and description when the body leaves them out", async () => {
    await call(em, "PUT", "/v1/my_number/101", { body: { destination: "department||20546" } });
    expect(em.snapshot().numbers[0]).toMatchObject({ name: "Main line", description: "Main published number", destination: "department||20546" });
  });

  it("sets the documented sms_template list, numbers or numeric strings, read back as strings", async () => {
    const res = await call(em, "PUT", "/v1/my_number/101", { body: { destination: "hangup||1", sms_template: [35642, "35643"] } });
    expect(res.status).toBe(200);
    expect((await call(em, "GET", "/v1/my_number")).body[0].sms_template).toEqual(["35642", "35643"]);
    await call(em, "PUT", "/v1/my_number/101", { body: { destination: "hangup||1", sms_template: [] } });
    expect(em.snapshot().numbers[0]!.sms_template).toEqual([]);
  });

  it.each([
    [{ sms_template: "35642" }, "sms_template: must be an array of SMS template ids"],
    [{ sms_template: [0] }, "sms_template[0]: 0 is not a template; send [] for none"],
    [{ sms_template: ["x"] }, /^sms_template\[0\]: must be a template id/],
    [{ sms_template: [1, "1"] }, "sms_template[1]: duplicate template '1' (already used by sms_template[0])"],
    [{ name: "" }, "name: must be a non-empty string"],
    [{ description: 5 }, "description: must be a string"],
    [{ description: "d".repeat(256) }, "description: must be at most 255 characters (got 256)"],
  ])("rejects %p", async (overrides, message) => {
    const res = await call(em, "PUT", "/v1/my_number/101", { body: { destination: "hangup||1", ...overrides } });
    expect(res.status).toBe(400);
    if (typeof message === "string") expect(res.body.message).toBe(message);
    else expect(res.body.message).toMatch(message);
    expect(em.snapshot().numbers[0]).toMatchObject({ name: "Main line", sms_template: [] });
  });

  it.each([
    "agent||0502842370097",
    "extension||05047530000",
    "auto_attend||57000",
    "department||20546",
    "time_condition||64000",
    "api_dialplan||66ab41c183715fc7da",
    "custom_dialplan||Tatatele CDP",
    "hangup||1",
  ])("accepts the destination %s", async (destination) => {
    const res = await call(em, "PUT", "/v1/my_number/102", { body: { destination } });
    expect(res.body).toEqual({ success: true, message: "Number has been updated successfully." });
  });

  it.each([
    ["voicemail||301", /^destination: destination type 'voicemail' is not allowed on a number; use one of agent, extension, ivr, auto_attend/],
    ["ivr||9999", /^destination: ivr 9999 does not exist$/],
    ["department||99999", /^destination: department 99999 does not exist$/],
    ["agent||123", /^destination: agent 123 does not exist$/],
    ["extension||123", /^destination: extension 123 does not exist$/],
    ["hangup||0", /^destination: hangup id must be 1/],
    ["ivr|8001", /^destination: .* single pipe/],
  ])("rejects the destination %s", async (destination, message) => {
    const res = await call(em, "PUT", "/v1/my_number/101", { body: { destination } });
    expect(res.status).toBe(400);
    expect(res.body.success).toBe(false);
    expect(res.body.message).toMatch(message);
    expect(em.snapshot().numbers[0]!.destination).toBe("hangup||1");
  });

  it("requires a destination", async () => {
    const res = await call(em, "PUT", "/v1/my_number/101", { body: { name: "x" } });
    expect(res.body).toEqual({ success: false, message: "destination: is required" });
  });

  it("answers 404 for an unknown number", async () => {
    const res = await call(em, "PUT", "/v1/my_number/999", { body: { destination: "hangup||1" } });
    expect(res.status).toBe(404);
    expect(res.body).toEqual({ success: false, message: "Number not found" });
  });
});


describe("emulator PATCH /__emulator/numbers/{id}", () => {
  it("re-routes a number out of band, as if in the web panel", async () => {
    const res = await call(em, "PATCH", "/__emulator/numbers/102", { token: null, body: { destination: "department||17839" } });
    expect(res.status).toBe(200);
    expect(res.body.number).toMatchObject({ id: "102", destination: "department||17839", name: "Support line" });
    expect((await call(em, "GET", "/v1/my_number")).body[1].destination).toBe("department||17839");
  });

  it("can leave a number unrouted, which the API itself cannot", async () => {
    await call(em, "PATCH", "/__emulator/numbers/102", { token: null, body: { destination: null } });
    expect((await call(em, "GET", "/v1/my_number")).body[1].destination).toBeNull();
  });

  it("validates the merged number like a PUT", async () => {
    const res = await call(em, "PATCH", "/__emulator/numbers/102", { token: null, body: { destination: "ivr||1" } });
    expect(res.status).toBe(400);
    expect(res.body.message).toBe("destination: ivr 1 does not exist");
  });

  it("answers 404 for an unknown number", async () => {
    const res = await call(em, "PATCH", "/__emulator/numbers/9", { token: null, body: { name: "x" } });
    expect(res.status).toBe(404);
    expect(res.body.message).toBe("Number 9 not found");
  });
});

describe("emulator deleting what a number routes to", () => {
  it("refuses to delete an IVR a number routes to, naming the number", async () => {
    const id = await createIvr(em);
    await call(em, "PUT", "/v1/my_number/102", { body: { destination: `ivr||${id}` } });
    const res = await call(em, "DELETE", `/v1/ivr/${id}`);
    expect(res.body.message).toBe("IVR is in use by number 102 (+918069005678): remove those references first");
  });

  it("refuses to delete a department a number routes to, naming the number", async () => {
    await call(em, "PUT", "/v1/my_number/101", { body: { destination: "department||20546" } });
    const res = await call(em, "DELETE", "/v1/department/20546");
    expect(res.status).toBe(400);
    expect(res.body.message).toBe("Department is in use by number 101 (+918069001234): remove those references first");
  });
});
