/** The account lookups (account/lookups.ts) against the emulator's documented shapes. */
import { SmartfloClient } from "../../provider/src/client/client";
import { listDepartments, listNumbers, listRecordings, listUsers } from "../../provider/src/account/lookups";
import { MalformedAnswerError } from "../../provider/src/client/errors";
import { emulatorForFile } from "../support/client";
import { control, EMAIL, PASSWORD, startEmulator, TOKEN } from "../support/emulator";

const t = emulatorForFile();
const client = t.client;

describe("account lookups", () => {
  it("follows the users cursor across pages", async () => {
    const users = Array.from({ length: 130 }, (_, i) => ({
      id: 400000 + i, name: `Agent ${i}`, agent: { id: `05000000${String(i).padStart(5, "0")}`, name: `Agent ${i}` },
    }));
    const many = await startEmulator({ cps: 0, seed: { accounts: [{ name: "default", token: TOKEN, email: EMAIL, password: PASSWORD, users }] } as never });
    try {
      const c = new SmartfloClient({ baseUrl: many.url, token: TOKEN, requestsPerSecond: 50 });
      const listed = await listUsers(c);
      expect(listed).toHaveLength(130);
      expect(new Set(listed.map((u) => u.agentId)).size).toBe(130);
      expect((await control(many, "GET", "stats")).routes["GET /v1/users"]).toBe(2);
    } finally {
      await many.close();
    }
  });

  it("lists recordings, departments and numbers from the documented shapes", async () => {
    const c = client();
    expect((await listRecordings(c)).map((r) => r.id)).toEqual(expect.arrayContaining(["28935", "28955", "28934", "28977"]));
    expect(await listDepartments(c)).toEqual(expect.arrayContaining([expect.objectContaining({ id: "20546" })]));
    expect((await listNumbers(c)).map((n) => n.id)).toEqual(expect.arrayContaining(["101", "102"]));
  });

  it.each([
    ["/v1/departments", listDepartments, null],
    ["/v1/my_number", listNumbers, { did: "+918069001234" }],
    ["/v1/recordings", listRecordings, { id: { nested: 1 }, name: "x" }],
  ] as const)("refuses a GET %s list with a malformed entry, naming the endpoint and the entry", async (path, list, entry) => {
    await control(t.emu, "POST", "faults", { path, method: "GET", status: 200, count: 10, body: [{ id: 1, name: "ok" }, entry] });
    const err = await list(client({ maxRetries: 0 })).catch((e) => e);
    expect(err).toBeInstanceOf(MalformedAnswerError);
    expect(err.message).toMatch(new RegExp(`^Smartflo GET ${path.replace(/\//g, "\\/")} answered a list whose entry 1 is not an object with a string or number id`));
  });
});
