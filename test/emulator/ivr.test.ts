import { RunningEmulator, defaultSeed } from "../../provider/src/emulator";
import { call, createIvr, ivrBody, withEmulator } from "./helpers";

let em: RunningEmulator;

beforeAll(async () => {
  em = await withEmulator();
});
afterAll(() => em.close());
beforeEach(() => em.reset());

async function create(overrides: Record<string, unknown> = {}) {
  return call(em, "POST", "/v1/ivr", { body: ivrBody(overrides) });
}

async function expectRejected(overrides: Record<string, unknown>, message: string | RegExp) {
  const res = await create(overrides);
  expect(res.status).toBe(400);
  expect(res.body.success).toBe(false);
  if (typeof message === "string") expect(res.body.message).toBe(message);
  else expect(res.body.message).toMatch(message);
  expect(em.snapshot().ivrs).toHaveLength(0);
}

describe("emulator POST /v1/ivr", () => {
  it("creates an IVR and answers only success and message, without an id", async () => {
    const res = await create();
    expect(res.status).toBe(200);
    expect(res.body).toEqual({ success: true, message: "IVR has been created successfully." });
    expect(em.snapshot().ivrs.map((ivr) => ivr.name)).toEqual(["Support IVR"]);
  });

  it("adds ivr_id to the answer when createReturnsId is set", async () => {
    const other = await withEmulator({ createReturnsId: true });
    try {
      const res = await call(other, "POST", "/v1/ivr", { body: ivrBody() });
      expect(res.body).toEqual({ success: true, message: "IVR has been created successfully.", ivr_id: 8001 });
    } finally {
      await other.close();
    }
  });

  it("numbers new IVRs from 8001 upwards", async () => {
    expect(await createIvr(em, { name: "A" })).toBe(8001);
    expect(await createIvr(em, { name: "B" })).toBe(8002);
  });

  it("stores the normalised write shape with its id", async () => {
    await create({ option: [1, "2", "9"], timeout: "30", incorrect_count: "2", timeout_tries: "2", timeout_retries: undefined });
    expect(em.snapshot().ivrs).toEqual([
      {
        id: 8001,
        ...ivrBody(),
        option: ["1", "2", "9"],
        timeout: 30,
        incorrect_count: 2,
        timeout_tries: 2,
        timeout_retries: 2,
        sms_template: ["0", "0", "0"],
      },
    ]);
  });

  it("accepts the public Python client's payload: numeric strings and numeric option keys", async () => {
    const res = await create({ incorrect_count: "1", timeout: "45", timeout_tries: 1, timeout_retries: 1, option: [1, 2, 9] });
    expect(res.status).toBe(200);
    expect(em.snapshot().ivrs[0]).toMatchObject({ incorrect_count: 1, timeout: 45, option: ["1", "2", "9"] });
  });

  it("accepts the documented sample body: the Create IVR example values with double pipes", async () => {
    // The rendered table's examples (recording||28935, extension||05047530000, sms_template 35642, ...)
    // plus the OpenAPI schema's extra fields (timeout_tries, timeout_retries, recording_invalid).
    const sample = {
      name: "Election IVR",
      description: "Election IVR Description",
      recording: "recording||28935",
      timeout: 30,
      "transfer code": "",
      option: [1],
      destination: ["extension||05047530000"],
      incorrect_count: 2,
      timeout_recording: "recording||28955",
      invalid_recording: "recording||28955",
      invalid_destination: "extension||05047530099",
      timeout_retry_recording: "recording||28977",
      timeout_destination: "extension||05047530675",
      timeout_tries: 2,
      recording_invalid: "recording||28934",
      timeout_retries: 2,
      sms_template: [35642],
    };
    const res = await call(em, "POST", "/v1/ivr", { body: sample });
    expect(res.status).toBe(200);
    expect(res.body).toEqual({ success: true, message: "IVR has been created successfully." });
    const read = (await call(em, "GET", "/v1/ivrs")).body.ivrs[0];
    expect(read).toMatchObject({ name: "Election IVR", invalid_retries: 2, timeout_retries: 2 });
    expect(read.ivr_menu).toEqual([
      { option: "1", destination_type: "extension", destination_id: "05047530000", sms_template_id: "35642", webhook_id: "0" },
    ]);
  });

  it("accepts the public Python client's documented payload verbatim", async () => {
    const seed = defaultSeed();
    seed.accounts[0]!.recordings!.push({ id: "102410", name: "Client recording" });
    seed.accounts[0]!.users!.push({ id: 400001, name: "Client Agent", agent: { id: "0503150060003" } });
    const client = await withEmulator({ seed });
    try {
      const payload = {
        name: "Test IVR Name",
        description: "Test IVR Description",
        recording: "recording||102410",
        timeout: 30,
        destination: ["extension||0503150060003"],
        incorrect_count: "1",
        invalid_recording: "recording||102410",
        invalid_destination: "extension||0503150060003",
        timeout_retry_recording: "recording||102410",
        timeout_recording: "recording||102410",
        timeout_destination: "extension||0503150060003",
        timeout_retries: 1,
        recording_invalid: "recording||102410",
        timeout_tries: 1,
        option: [1],
      };
      expect((await call(client, "POST", "/v1/ivr", { body: payload })).status).toBe(200);
      expect(client.snapshot().ivrs[0]).toMatchObject({ incorrect_count: 1, option: ["1"], sms_template: ["0"] });
    } finally {
      await client.close();
    }
  });

  it("ignores unknown extra fields such as 'transfer code'", async () => {
    const res = await create({ "transfer code": "12", webhook: "x" });
    expect(res.status).toBe(200);
    expect(em.snapshot().ivrs[0]).not.toHaveProperty("transfer code");
  });

  it("accepts the DTMF keys * and # and 0", async () => {
    const res = await create({ option: ["*", "#", "0"] });
    expect(res.status).toBe(200);
  });

  it.each([
    "name",
    "description",
    "recording",
    "timeout",
    "option",
    "destination",
    "incorrect_count",
    "invalid_recording",
    "invalid_destination",
    "timeout_retry_recording",
    "timeout_recording",
    "timeout_destination",
    "timeout_tries",
    "recording_invalid",
  ])("rejects a body without the mandatory field %s", async (field) => {
    await expectRejected({ [field]: undefined }, `${field}: is required`);
  });

  it("treats timeout_retries as optional", async () => {
    expect((await create({ timeout_retries: undefined })).status).toBe(200);
  });

  it("rejects timeout_retries that differs from timeout_tries", async () => {
    await expectRejected({ timeout_tries: 2, timeout_retries: 3 }, "timeout_retries: must equal timeout_tries (2), got 3");
  });

  it("rejects an empty name and an empty description", async () => {
    await expectRejected({ name: "  " }, "name: must not be empty");
    await expectRejected({ description: "" }, "description: must not be empty");
  });

  it("rejects a name that is not a string", async () => {
    await expectRejected({ name: 42 }, "name: must be a string");
  });

  it("rejects a name longer than 64 characters by default", async () => {
    await expectRejected({ name: "x".repeat(65) }, "name: must be at most 64 characters (got 65)");
    expect((await create({ name: "x".repeat(64) })).status).toBe(200);
  });

  it("honours a custom maxNameLength", async () => {
    const short = await withEmulator({ maxNameLength: 10 });
    try {
      const res = await call(short, "POST", "/v1/ivr", { body: ivrBody({ name: "Eleven chrs" }) });
      expect(res.body.message).toBe("name: must be at most 10 characters (got 11)");
    } finally {
      await short.close();
    }
  });

  it.each([0, 121, 30.5, "abc", "", true, [30]])("rejects timeout %p outside the integers 1-120", async (timeout) => {
    await expectRejected({ timeout }, /^timeout: must be an integer from 1 to 120/);
  });

  it("accepts timeout 1 and 120", async () => {
    expect((await create({ name: "one", timeout: 1 })).status).toBe(200);
    expect((await create({ name: "max", timeout: "120" })).status).toBe(200);
  });

  it.each([
    ["incorrect_count", 11],
    ["incorrect_count", -1],
    ["timeout_tries", 11],
    ["timeout_tries", "two"],
  ])("rejects %s = %p outside the integers 0-10", async (field, value) => {
    await expectRejected({ [field]: value, timeout_retries: undefined }, new RegExp(`^${field}: must be an integer from 0 to 10`));
  });

  it("rejects an empty option list", async () => {
    await expectRejected({ option: [], destination: [] }, "option: must be a non-empty array of DTMF keys");
  });

  it("rejects an option that is not an array", async () => {
    await expectRejected({ option: "1" }, "option: must be a non-empty array of DTMF keys");
  });

  it.each([["10"], ["a"], [10], [""], [null]])("rejects the option key %p", async (key) => {
    await expectRejected({ option: ["1", key, "9"] }, /^option\[1\]: .* is not a DTMF key; use 0-9, \* or #$/);
  });

  it("rejects a duplicate key '1' at option[2]", async () => {
    await expectRejected({ option: ["1", "2", 1] }, "option[2]: duplicate key '1' (already used by option[0])");
  });

  it("rejects a destination count that does not match option count", async () => {
    await expectRejected(
      { destination: ["extension||05047530000", "hangup||1"] },
      "destination: expected 3 entries (one per option), got 2",
    );
  });

  it("rejects a destination that is not an array", async () => {
    await expectRejected({ destination: "hangup||1" }, "destination: must be an array with one entry per option");
  });

  it("rejects a single-pipe reference and says to use ||", async () => {
    await expectRejected({ recording: "recording|28935" }, /^recording: 'recording\|28935' uses a single pipe; use 'type\|\|id'/);
    await expectRejected({ destination: ["extension|05047530000", "hangup||1", "hangup||1"] }, /^destination\[0\]: .*single pipe/);
  });

  it("accepts and normalises single-pipe references when singlePipe is accept", async () => {
    const lenient = await withEmulator({ singlePipe: "accept" });
    try {
      const res = await call(lenient, "POST", "/v1/ivr", {
        body: ivrBody({ recording: "recording|28935", invalid_destination: "extension|05047530099" }),
      });
      expect(res.status).toBe(200);
      expect(lenient.snapshot().ivrs[0]).toMatchObject({
        recording: "recording||28935",
        invalid_destination: "extension||05047530099",
      });
    } finally {
      await lenient.close();
    }
  });

  it.each([
    ["recording", "28935", /^recording: '28935' is not a 'type\|\|id' reference$/],
    ["recording", "||28935", /^recording: .* has no valid type before/],
    ["recording", "recording||", /^recording: .* has no valid id after/],
    ["invalid_destination", 5, /^invalid_destination: must be a 'type\|\|id' string/],
  ])("rejects the malformed reference %s = %p", async (field, value, message) => {
    await expectRejected({ [field]: value }, message);
  });

  it("rejects a recording field that holds a destination type", async () => {
    await expectRejected(
      { timeout_recording: "extension||05047530000" },
      "timeout_recording: recording type 'extension' is not allowed; use one of recording, outbound_tts",
    );
  });

  it("rejects a recording id that the account does not have", async () => {
    await expectRejected({ recording_invalid: "recording||99999" }, "recording_invalid: recording 99999 does not exist");
  });

  it("accepts outbound_tts recordings without a lookup", async () => {
    expect((await create({ recording: "outbound_tts||welcome-tts" })).status).toBe(200);
  });

  it("rejects an unknown destination type and names it", async () => {
    await expectRejected(
      { timeout_destination: "queue||1" },
      /^timeout_destination: destination type 'queue' is not allowed in an IVR; use one of extension, agent, department, ivr, voicemail, time_condition, timegroup, hangup$/,
    );
  });

  it("rejects the read-side type ringgroup and says to write department", async () => {
    await expectRejected(
      { destination: ["ringgroup||17839", "hangup||1", "hangup||1"] },
      /^destination\[0\]: destination type 'ringgroup' is not allowed in an IVR \(ringgroup is how departments read back; write department\|\|<id>\)/,
    );
  });

  it("rejects hangup with an id other than 1", async () => {
    await expectRejected({ destination: ["hangup||2", "hangup||1", "hangup||1"] }, "destination[0]: hangup id must be 1 (got '2')");
  });

  it("rejects a department that does not exist", async () => {
    await expectRejected(
      { destination: ["extension||05047530000", "department||99999", "hangup||1"] },
      "destination[1]: department 99999 does not exist",
    );
  });

  it("rejects extension and agent ids that are no user's agent id", async () => {
    await expectRejected({ invalid_destination: "extension||0500000000" }, "invalid_destination: extension 0500000000 does not exist");
    await expectRejected({ timeout_destination: "agent||314678" }, "timeout_destination: agent 314678 does not exist");
  });

  it("accepts every seeded destination type", async () => {
    const res = await create({
      option: ["1", "2", "3", "4", "5", "6", "7", "8"],
      destination: [
        "extension||05047530000",
        "agent||0502842370097",
        "department||17839",
        "voicemail||301",
        "time_condition||64000",
        "timegroup||501",
        "hangup||1",
        "extension||050109590002",
      ],
    });
    expect(res.body).toEqual({ success: true, message: "IVR has been created successfully." });
  });

  it.each([
    ["voicemail||999", "voicemail 999 does not exist"],
    ["time_condition||1", "time_condition 1 does not exist"],
    ["timegroup||1", "timegroup 1 does not exist"],
    ["ivr||9999", "ivr 9999 does not exist"],
  ])("rejects the missing target %s", async (ref, reason) => {
    await expectRejected({ destination: ["hangup||1", ref, "hangup||1"] }, `destination[1]: ${reason}`);
  });

  it("accepts a route to another IVR of the account", async () => {
    const sales = await createIvr(em, { name: "Sales" });
    const res = await create({ destination: ["hangup||1", `ivr||${sales}`, "hangup||1"] });
    expect(res.status).toBe(200);
  });

  it("accepts sms_template entries as documented numbers, 0 for none", async () => {
    const res = await create({ sms_template: [0, 35642, 0] });
    expect(res.status).toBe(200);
    expect(em.snapshot().ivrs[0]!.sms_template).toEqual(["0", "35642", "0"]);
    const read = (await call(em, "GET", "/v1/ivrs")).body.ivrs[0];
    expect(read.ivr_menu.map((m: { sms_template_id: string }) => m.sms_template_id)).toEqual(["0", "35642", "0"]);
  });

  it("accepts sms_template entries that are numeric strings or empty", async () => {
    const res = await create({ sms_template: ["", "35642", "0"] });
    expect(res.status).toBe(200);
    expect(em.snapshot().ivrs[0]!.sms_template).toEqual(["0", "35642", "0"]);
  });

  it("rejects an sms_template whose length differs from option", async () => {
    await expectRejected({ sms_template: ["35642"] }, "sms_template: expected 3 entries (one per option), got 1");
  });

  it.each([["abc"], [-1], [1.5], [null], [true], [{ id: 1 }]])("rejects the sms_template entry %p", async (entry) => {
    await expectRejected({ sms_template: [0, entry, 0] }, /^sms_template\[1\]: must be a template id \(a positive integer or numeric string\), or 0/);
  });

  it("rejects a duplicate IVR name, ignoring case and surrounding spaces", async () => {
    await createIvr(em, { name: "Support IVR" });
    const res = await create({ name: "  support ivr " });
    expect(res.status).toBe(400);
    expect(res.body).toEqual({ success: false, message: "name: an IVR named '  support ivr ' already exists" });
  });

  it("rejects a body that is not JSON", async () => {
    const res = await call(em, "POST", "/v1/ivr", { raw: "name=Support" });
    expect(res.status).toBe(400);
    expect(res.body).toEqual({ success: false, message: "body: is not valid JSON" });
  });

  it("rejects an empty body and a JSON array", async () => {
    expect((await call(em, "POST", "/v1/ivr", {})).body.message).toBe("body: must be a JSON object");
    expect((await call(em, "POST", "/v1/ivr", { body: [ivrBody()] })).body.message).toBe("body: must be a JSON object");
  });

  it("answers validation failures with HTTP 200 and success false when errorsAs200 is set", async () => {
    const quirky = await withEmulator({ errorsAs200: true });
    try {
      const res = await call(quirky, "POST", "/v1/ivr", { body: ivrBody({ timeout: 0 }) });
      expect(res.status).toBe(200);
      expect(res.body.success).toBe(false);
      expect(res.body.message).toMatch(/^timeout: /);

      const id = await createIvr(quirky);
      await call(quirky, "PUT", "/v1/my_number/101", { body: { destination: `ivr||${id}` } });
      const inUse = await call(quirky, "DELETE", `/v1/ivr/${id}`);
      expect(inUse.status).toBe(200);
      expect(inUse.body).toEqual({ success: false, message: expect.stringMatching(/^IVR is in use by number 101/) });
      const badNumber = await call(quirky, "PUT", "/v1/my_number/101", { body: { destination: "hangup||2" } });
      expect(badNumber.status).toBe(200);
      expect(badNumber.body.success).toBe(false);

      // Only validation failures: auth, not-found and the 429 keep their status.
      expect((await call(quirky, "PUT", "/v1/ivr/9999", { body: ivrBody() })).status).toBe(404);
      expect((await call(quirky, "POST", "/v1/ivr", { token: null, body: ivrBody() })).status).toBe(401);
    } finally {
      await quirky.close();
    }
  });
});

describe("emulator GET /v1/ivrs", () => {
  it("answers an empty list on a fresh account", async () => {
    const res = await call(em, "GET", "/v1/ivrs");
    expect(res.status).toBe(200);
    expect(res.body).toEqual({ ivrs: [] });
  });

  it("answers the whole list without paging signals by default, ignoring page and limit", async () => {
    for (const name of ["A", "B", "C"]) await createIvr(em, { name });
    const res = await call(em, "GET", "/v1/ivrs?page=2&limit=1");
    expect(Object.keys(res.body)).toEqual(["ivrs"]);
    expect(res.body.ivrs.map((ivr: { name: string }) => ivr.name)).toEqual(["A", "B", "C"]);
  });

  it("answers the documented read shape with its quirks", async () => {
    await create({
      invalid_destination: "department||17839",
      timeout_destination: "extension||05047530675",
      sms_template: ["", "35642", ""],
    });
    const res = await call(em, "GET", "/v1/ivrs");
    expect(res.body.ivrs).toEqual([
      {
        id: 8001,
        name: "Support IVR",
        description: "Main support menu",
        recording: "28935",
        timeout: 30,
        invalid_retries: 2,
        invalid_retry_recording: "28955",
        invalid_destination_type: "ringgroup",
        invalid_destination: "17839",
        timeout_retry_recording: "28977",
        timeout_recording: "28955",
        timeout_dest_type: "extension",
        timeout_destination: "05047530675",
        timeout_retries: 2,
        added_by: 10959,
        invalid_recording: 28934,
        ivr_menu: [
          { option: "1", destination_type: "extension", destination_id: "05047530000", sms_template_id: "0", webhook_id: "0" },
          { option: "2", destination_type: "ringgroup", destination_id: "20546", sms_template_id: "35642", webhook_id: "0" },
          { option: "9", destination_type: "hangup", destination_id: "1", sms_template_id: "0", webhook_id: "0" },
        ],
      },
    ]);
  });

  it("reads every non-department type back unchanged", async () => {
    const sales = await createIvr(em, { name: "Sales" });
    await create({
      option: ["1", "2", "3", "4", "5"],
      destination: ["agent||0502842370097", `ivr||${sales}`, "voicemail||301", "time_condition||64000", "timegroup||501"],
    });
    const list = (await call(em, "GET", "/v1/ivrs")).body.ivrs;
    const menu = list.find((ivr: { name: string }) => ivr.name === "Support IVR").ivr_menu;
    expect(menu.map((m: { destination_type: string; destination_id: string }) => `${m.destination_type}:${m.destination_id}`)).toEqual([
      "agent:0502842370097",
      `ivr:${sales}`,
      "voicemail:301",
      "time_condition:64000",
      "timegroup:501",
    ]);
  });

  it("drops the outbound_tts prefix and keeps a non-numeric final invalid recording as a string", async () => {
    await create({ recording: "outbound_tts||welcome-tts", recording_invalid: "outbound_tts||bye-tts" });
    const ivr = (await call(em, "GET", "/v1/ivrs")).body.ivrs[0];
    expect(ivr.recording).toBe("welcome-tts");
    expect(ivr.invalid_recording).toBe("bye-tts");
  });

  it("lists IVRs in id order", async () => {
    await createIvr(em, { name: "B" });
    await createIvr(em, { name: "A" });
    const ids = (await call(em, "GET", "/v1/ivrs")).body.ivrs.map((ivr: { id: number }) => ivr.id);
    expect(ids).toEqual([8001, 8002]);
  });
});

describe("emulator PUT /v1/ivr/{id}", () => {
  it("replaces the whole IVR", async () => {
    const id = await createIvr(em);
    const res = await call(em, "PUT", `/v1/ivr/${id}`, {
      body: ivrBody({ timeout: 45, option: ["5"], destination: ["hangup||1"], description: "Changed" }),
    });
    expect(res.status).toBe(200);
    expect(res.body).toEqual({ success: true, message: "IVR has been updated successfully." });
    expect(em.snapshot().ivrs).toEqual([
      expect.objectContaining({ id, timeout: 45, option: ["5"], destination: ["hangup||1"], description: "Changed", sms_template: ["0"] }),
    ]);
  });

  it("validates like create", async () => {
    const id = await createIvr(em);
    const res = await call(em, "PUT", `/v1/ivr/${id}`, { body: ivrBody({ recording: undefined }) });
    expect(res.status).toBe(400);
    expect(res.body).toEqual({ success: false, message: "recording: is required" });
  });

  it("lets an IVR keep its own name, in another case", async () => {
    const id = await createIvr(em);
    const res = await call(em, "PUT", `/v1/ivr/${id}`, { body: ivrBody({ name: "SUPPORT IVR" }) });
    expect(res.status).toBe(200);
  });

  it("rejects taking another IVR's name", async () => {
    await createIvr(em, { name: "Sales" });
    const id = await createIvr(em);
    const res = await call(em, "PUT", `/v1/ivr/${id}`, { body: ivrBody({ name: "sales" }) });
    expect(res.body).toEqual({ success: false, message: "name: an IVR named 'sales' already exists" });
  });

  it("lets an IVR route to itself", async () => {
    const id = await createIvr(em);
    const res = await call(em, "PUT", `/v1/ivr/${id}`, { body: ivrBody({ invalid_destination: `ivr||${id}` }) });
    expect(res.status).toBe(200);
  });

  it.each(["9999", "abc"])("answers 404 for the unknown id %s", async (id) => {
    const res = await call(em, "PUT", `/v1/ivr/${id}`, { body: ivrBody() });
    expect(res.status).toBe(404);
    expect(res.body).toEqual({ success: false, message: "IVR not found" });
  });
});

describe("emulator DELETE /v1/ivr/{id}", () => {
  it("deletes an IVR", async () => {
    const id = await createIvr(em);
    const res = await call(em, "DELETE", `/v1/ivr/${id}`);
    expect(res.status).toBe(200);
    expect(res.body).toEqual({ success: true, message: "IVR has been deleted successfully." });
    expect((await call(em, "GET", "/v1/ivrs")).body.ivrs).toEqual([]);
  });

  it("answers 404 for an unknown id", async () => {
    const res = await call(em, "DELETE", "/v1/ivr/8001");
    expect(res.status).toBe(404);
    expect(res.body).toEqual({ success: false, message: "IVR not found" });
  });

  it("refuses to delete an IVR another IVR routes to", async () => {
    const sales = await createIvr(em, { name: "Sales" });
    const main = await createIvr(em, {
      name: "Main",
      destination: ["hangup||1", `ivr||${sales}`, "hangup||1"],
      timeout_destination: `ivr||${sales}`,
    });
    const res = await call(em, "DELETE", `/v1/ivr/${sales}`);
    expect(res.status).toBe(400);
    expect(res.body).toEqual({
      success: false,
      message: `IVR is in use by IVR ${main} 'Main' (destination[1], timeout_destination): remove those references first`,
    });
    expect(em.snapshot().ivrs).toHaveLength(2);
  });

  it("refuses to delete an IVR a number routes to", async () => {
    const id = await createIvr(em);
    await call(em, "PUT", "/v1/my_number/101", { body: { destination: `ivr||${id}` } });
    const res = await call(em, "DELETE", `/v1/ivr/${id}`);
    expect(res.status).toBe(400);
    expect(res.body.message).toBe("IVR is in use by number 101 (+918069001234): remove those references first");
  });

  it("deletes an IVR that only routes to itself", async () => {
    const id = await createIvr(em);
    await call(em, "PUT", `/v1/ivr/${id}`, { body: ivrBody({ invalid_destination: `ivr||${id}` }) });
    expect((await call(em, "DELETE", `/v1/ivr/${id}`)).status).toBe(200);
  });

  it("deletes a referenced IVR when allowDeleteReferenced is set, leaving the route dangling", async () => {
    const loose = await withEmulator({ allowDeleteReferenced: true });
    try {
      const id = await createIvr(loose);
      await call(loose, "PUT", "/v1/my_number/101", { body: { destination: `ivr||${id}` } });
      expect((await call(loose, "DELETE", `/v1/ivr/${id}`)).status).toBe(200);
      expect(loose.snapshot().numbers[0]!.destination).toBe(`ivr||${id}`);
    } finally {
      await loose.close();
    }
  });
});

describe("emulator GET /v1/ivrs with ivrsPageSize", () => {
  let paged: RunningEmulator;
  beforeAll(async () => {
    paged = await withEmulator({ ivrsPageSize: 2 });
  });
  afterAll(() => paged.close());
  beforeEach(async () => {
    paged.reset();
    for (const name of ["A", "B", "C", "D", "E"]) await createIvr(paged, { name });
  });

  const page = async (query: string) => (await call(paged, "GET", `/v1/ivrs${query}`)).body;
  const names = (body: { ivrs: Array<{ name: string }> }) => body.ivrs.map((ivr) => ivr.name);

  it("answers the first page with its signals when no page is asked for", async () => {
    const body = await page("");
    expect(body).toEqual({ ivrs: expect.any(Array), page: 1, limit: 2, count: 2, total: 5, has_more: true });
    expect(names(body)).toEqual(["A", "B"]);
  });

  it("walks the pages to the end and answers an empty page beyond it", async () => {
    expect(names(await page("?page=2"))).toEqual(["C", "D"]);
    expect(await page("?page=3")).toMatchObject({ page: 3, count: 1, total: 5, has_more: false });
    expect(await page("?page=4")).toEqual({ ivrs: [], page: 4, limit: 2, count: 0, total: 5, has_more: false });
  });

  it("honours a smaller limit and caps a larger one at the page size", async () => {
    expect(await page("?limit=1&page=5")).toMatchObject({ limit: 1, count: 1, has_more: false });
    expect(await page("?limit=100")).toMatchObject({ limit: 2, count: 2, has_more: true });
  });

  it.each(["page=0", "page=x", "limit=0", "limit=-2"])("rejects %s", async (query) => {
    const res = await call(paged, "GET", `/v1/ivrs?${query}`);
    expect(res.status).toBe(400);
    expect(res.body.message).toBe(`${query.split("=")[0]}: must be a positive integer`);
  });

  it("shifts later pages when an IVR is deleted between two page reads, as a live list would", async () => {
    const first = await page("?page=1");
    await call(paged, "DELETE", `/v1/ivr/${first.ivrs[0].id}`);
    expect(names(await page("?page=2"))).toEqual(["D", "E"]);
  });

  it("is refused as an option outside 1 to 10000", async () => {
    await expect(withEmulator({ ivrsPageSize: 0 })).rejects.toThrow("smartflo emulator: ivrsPageSize must be an integer from 1 to 10000");
  });
});
