import { IvrDefinitionError } from "../../provider/src/definitions";
import { formatFindings } from "../../provider/src/tools/lint/format";
import { LintFinding, assertLintClean, lintAccount, lintDefinitions } from "../../provider/src/tools/lint/lint";
import { canonical, definitions, snapshot } from "./helpers";

const byRule = (findings: LintFinding[], rule: string) => findings.filter((f) => f.rule === rule);

describe("lintDefinitions", () => {
  it("finds nothing in a set with one entry IVR, a way to a person from each, and used retry recordings", () => {
    const { definitions: defs, sources } = definitions({
      main: { keys: { "1": { ivr: "sales" }, "2": "extension||05047530000" } },
      sales: { keys: { "1": "department||20546" } },
    });
    expect(lintDefinitions(defs, { sources })).toEqual([]);
  });

  it("warns about retries: 0 with a retry recording that is never played, at file:line:col of retryRecording", () => {
    const { definitions: defs, sources } = definitions({ main: { invalid: { retries: 0 } } });
    const [f] = byRule(lintDefinitions(defs, { sources }), "unused-retry-recording");
    const text = sources[0]!.text.split("\n");
    const line = text.findIndex((l, i) => l.includes("retryRecording") && i > text.findIndex((x) => x.includes("invalidInput"))) + 1;
    expect(f).toMatchObject({
      severity: "warning",
      file: "ivrs/main.yaml",
      line,
      column: text[line - 1]!.indexOf('"recording||28955"') + 1,
      property: "ivrs.main.invalidInput.retryRecording",
    });
    expect(f!.message).toMatch(/retries is 0, so recording\|\|28955 is never played/);
  });

  it("accepts retries: 0 when the retry recording is the final one (the way to say it is unused)", () => {
    const { definitions: defs } = definitions({ main: { noInput: { retries: 0, retryRecording: "recording||28955", finalRecording: "recording||28955" } } });
    expect(byRule(lintDefinitions(defs), "unused-retry-recording")).toEqual([]);
  });

  it("warns about each IVR no IVR routes to when several such IVRs exist, and names the way to declare entries", () => {
    const { definitions: defs } = definitions({ a: {}, b: {}, c: { keys: { "1": { ivr: "b" } } } });
    const found = byRule(lintDefinitions(defs), "unreachable-ivr");
    expect(found.map((f) => f.property)).toEqual(["ivrs.a", "ivrs.c"]);
    expect(found[0]!.message).toMatch(/one of 2 such IVRs.*--entry.*--account/);
    // Naming the entry: the other root is unreachable, and so are its options.
    const withEntry = byRule(lintDefinitions(defs, { entries: ["c"] }), "unreachable-ivr");
    expect(withEntry.map((f) => f.property)).toEqual(["ivrs.a"]);
    expect(withEntry[0]!.message).toMatch(/its 1 option can never be reached/);
  });

  it("warns that invalidInput is never used when every DTMF key has an option", () => {
    const keys = Object.fromEntries(["0", "1", "2", "3", "4", "5", "6", "7", "8", "9", "*", "#"].map((k) => [k, "hangup||1"]));
    const { definitions: defs } = definitions({ full: { keys: { ...keys, "0": "extension||05047530000" } } });
    const [f] = byRule(lintDefinitions(defs), "unreachable-option");
    expect(f).toMatchObject({ property: "ivrs.full.invalidInput" });
    expect(f!.message).toMatch(/no key is wrong: invalidInput is never used/);
  });

  it("warns when no path from an IVR reaches a person, following routes through other IVRs", () => {
    const { definitions: defs } = definitions({
      closed: { keys: { "1": "hangup||1", "2": { ivr: "info" } }, noInput: { destination: "hangup||1" } },
      info: { keys: { "1": "voicemail||301" }, noInput: { destination: "hangup||1" } },
    });
    const found = byRule(lintDefinitions(defs), "no-way-to-person");
    expect(found.map((f) => f.subject)).toEqual(['IVR closed "closed IVR"', 'IVR info "info IVR"']);
    expect(found[1]!.message).toMatch(/callers end at voicemail, hangup only/);
    // The same IVR with a person behind `info` is fine.
    const { definitions: ok } = definitions({
      closed: { keys: { "1": "hangup||1", "2": { ivr: "info" } }, noInput: { destination: "hangup||1" } },
      info: { keys: { "1": "extension||05047530000" }, noInput: { destination: "hangup||1" } },
    });
    expect(byRule(lintDefinitions(ok), "no-way-to-person")).toEqual([]);
  });

  it("warns about a timeout shorter than 3 s and more than 5 retries", () => {
    const { definitions: defs } = definitions({ quick: { timeout: 2, noInput: { retries: 7 } } });
    const findings = lintDefinitions(defs);
    expect(byRule(findings, "short-timeout")[0]).toMatchObject({ property: "ivrs.quick.ringTimeoutSeconds" });
    expect(byRule(findings, "many-retries")[0]).toMatchObject({ property: "ivrs.quick.noInput.retries" });
    expect(byRule(findings, "many-retries")[0]!.message).toMatch(/hears the menu 8 times/);
  });

  it("turns rules off or up with `rules`", () => {
    const { definitions: defs } = definitions({ quick: { timeout: 2 } });
    expect(byRule(lintDefinitions(defs, { rules: { "short-timeout": "off" } }), "short-timeout")).toEqual([]);
    expect(byRule(lintDefinitions(defs, { rules: { "short-timeout": "error" } }), "short-timeout")[0]!.severity).toBe("error");
  });

  it("falls back to the IVR's line when the file cannot be read", () => {
    const { definitions: defs } = definitions({ quick: { timeout: 2 } });
    const [f] = byRule(lintDefinitions(defs, { baseDir: "/nonexistent" }), "short-timeout");
    expect(f).toMatchObject({ file: "ivrs/quick.yaml", line: defs[0]!.line, column: undefined });
  });
});

describe("lintDefinitions with the account", () => {
  it("reports a destination the account does not have as an error, with the list it was checked against", () => {
    const { definitions: defs, sources } = definitions({ main: { keys: { "1": "department||99", "2": "extension||05047530000" } } });
    const findings = lintDefinitions(defs, { sources, account: snapshot({}, [{ id: "101", did: "+911", destination: "ivr||8001" }]) });
    const [f] = byRule(findings, "missing-destination");
    expect(f).toMatchObject({ severity: "error", property: "ivrs.main.options[0].destination", file: "ivrs/main.yaml" });
    expect(f!.message).toBe("key 1 routes to something that does not exist: department 99 does not exist in the account (GET /v1/departments)");
  });

  it("reports a recording the account does not list", () => {
    const { definitions: defs } = definitions({ main: { greeting: "recording||777" } });
    const [f] = byRule(lintDefinitions(defs, { account: snapshot({}) }), "missing-recording");
    expect(f).toMatchObject({ severity: "error", property: "ivrs.main.greeting" });
  });

  it("takes the account's numbers as the ways in: a definition that no number reaches is unreachable", () => {
    const { definitions: defs } = definitions({ main: { name: "Main Menu", keys: { "1": "extension||05047530000" } }, spare: {} });
    const account = snapshot({ "8001": canonical("x", { name: "Main Menu" }) }, [{ id: "101", did: "+918069001234", destination: "ivr||8001" }]);
    const found = byRule(lintDefinitions(defs, { account }), "unreachable-ivr");
    expect(found.map((f) => f.property)).toEqual(["ivrs.spare"]);
    expect(found[0]!.message).toMatch(/no number and no IVR routes to it/);
  });

  it("finds a loop with no way out through a route by id to an IVR the definitions hold", () => {
    // `b` routes back to `a` by its Smartflo id, which the account gives `a` (by name).
    const { definitions: defs } = definitions({
      a: { name: "A", keys: { "1": { ivr: "b" } }, invalid: { destination: { ivr: "b" } }, noInput: { destination: { ivr: "b" } } },
      b: { name: "B", keys: { "1": "ivr||8001" }, invalid: { destination: "ivr||8001" }, noInput: { destination: "ivr||8001" } },
    });
    const account = snapshot({ "8001": canonical("a", { name: "A" }) }, [{ id: "101", did: "+911", destination: "ivr||8001" }]);
    const [f] = byRule(lintDefinitions(defs, { account }), "loop-without-exit");
    expect(f).toMatchObject({ severity: "error", file: "ivrs/a.yaml" });
    expect(f!.message).toMatch(/IVR a "A", IVR b "B" route only to each other: a caller who enters any of them can never leave/);
  });
});

describe("lintAccount", () => {
  const trapped = canonical("loop", { name: "Loop", keys: { "1": "ivr||8001" }, invalid: { destination: "ivr||8001" }, noInput: { destination: "ivr||8001" } });

  it("reports an IVR that routes only to itself as a loop with no way out", () => {
    const [f] = byRule(lintAccount(snapshot({ "8001": trapped }, [{ id: "101", did: "+911", destination: "ivr||8001" }])), "loop-without-exit");
    expect(f).toMatchObject({ severity: "error", subject: 'IVR 8001 "Loop"', property: "options[0].destination" });
    expect(f!.file).toBeUndefined();
    expect(f!.message).toMatch(/every option and both fallbacks route back to this IVR/);
  });

  it("reports noInput fallbacks that go round, unless the loop is already one with no way out", () => {
    const a = canonical("a", { name: "A", noInput: { destination: "ivr||8002" } });
    const b = canonical("b", { name: "B", noInput: { destination: "ivr||8001" } });
    const found = byRule(lintAccount(snapshot({ "8001": a, "8002": b }, [{ id: "101", destination: "ivr||8001" }])), "fallback-loop");
    expect(found).toHaveLength(1);
    expect(found[0]!.message).toMatch(/the noInput fallbacks of IVR 8001 "A", IVR 8002 "B" route round in a loop/);
    expect(byRule(lintAccount(snapshot({ "8001": trapped })), "fallback-loop")).toEqual([]);
  });

  it("reports a route to an IVR id the account does not have, and a number that routes nowhere", () => {
    const ivr = canonical("a", { keys: { "1": "ivr||9999", "2": "extension||05047530000" } });
    const findings = lintAccount(snapshot({ "8001": ivr }, [{ id: "101", did: "+911", destination: "ivr||8001" }, { id: "102", did: "+912" }]));
    expect(byRule(findings, "missing-destination")[0]!.message).toBe("key 1 routes to something that does not exist: ivr 9999 does not exist in the account (GET /v1/ivrs)");
    expect(byRule(findings, "number-routes-nowhere")[0]).toMatchObject({ subject: "number +912", severity: "warning" });
  });
});

describe("lint output", () => {
  const findings: LintFinding[] = [
    { rule: "missing-destination", severity: "error", message: "key 1: 50% off, a: b", property: "ivrs.a.options[0].destination", file: "ivrs/a,b.yaml", line: 3, column: 7, subject: 'IVR a "A"' },
    { rule: "number-routes-nowhere", severity: "warning", message: "this number has no destination:\ncalls go nowhere", subject: "number +912" },
  ];

  it("text: one file:line:col line per finding and a count", () => {
    expect(formatFindings(findings, "text")).toBe(
      "ivrs/a,b.yaml:3:7: error: ivrs.a.options[0].destination: key 1: 50% off, a: b [missing-destination]\n" +
        "number +912: warning: this number has no destination:\ncalls go nowhere [number-routes-nowhere]\n" +
        "1 error, 1 warning\n",
    );
  });

  it("github: workflow commands with GitHub's escapes, a file when there is one", () => {
    expect(formatFindings(findings, "github").split("\n")).toEqual([
      "::error file=ivrs/a%2Cb.yaml,line=3,col=7,title=smartflo lint (missing-destination)::ivrs.a.options[0].destination: key 1: 50%25 off, a: b",
      "::warning title=smartflo lint (number-routes-nowhere)::number +912: this number has no destination:%0Acalls go nowhere",
      "",
    ]);
  });

  it("json: the findings and the counts", () => {
    expect(JSON.parse(formatFindings(findings, "json"))).toEqual({ errors: 1, warnings: 1, findings });
  });
});

describe("assertLintClean", () => {
  it("throws an IvrDefinitionError (printed by preview without a stack trace) for errors, and passes warnings on", () => {
    const warned: string[] = [];
    const warning: LintFinding = { rule: "short-timeout", severity: "warning", message: "callers get 2 s", file: "ivrs/a.yaml", line: 4, column: 25, property: "ivrs.a.ringTimeoutSeconds" };
    expect(() => assertLintClean([warning], { onWarning: (m) => warned.push(m) })).not.toThrow();
    expect(warned).toEqual(["ivrs/a.yaml:4:25: ivrs.a.ringTimeoutSeconds: callers get 2 s [short-timeout]"]);
    let thrown: unknown;
    try {
      assertLintClean([warning], { strict: true });
    } catch (err) {
      thrown = err;
    }
    expect(thrown).toBeInstanceOf(IvrDefinitionError);
    expect((thrown as Error).message).toBe(
      "invalid IVR definitions, so no IVR is declared (1 problem):\n  ivrs/a.yaml:4:25: ivrs.a.ringTimeoutSeconds: callers get 2 s [short-timeout]",
    );
  });
});
