/**
 * Definition files: the format (`ivrs:` by resource name, one IVR or a set per file), validation
 * with the Ivr schema, and problems that name the file, the line and the property path.
 */
import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import { IvrDefinitionError, loadIvrDefinitions } from "../../provider/src/definitions";
import { ivrYaml, lineOf, load, loadError } from "./helpers";

describe("definition files", () => {
  it("reads one IVR from a file, normalised like the Ivr resource's check", () => {
    const text = `ivrs:\n  support:${ivrYaml("Support IVR", {
      head: "# no description: it defaults to the name",
      greeting: "recording|28935",
      options: `      - key: 1\n        destination: extension||05047530000\n        smsTemplateId: 35642\n      - key: "#"\n        destination: hangup||1`,
    })}`;
    const [def, ...rest] = load({ "ivrs/support.yaml": text });
    expect(rest).toEqual([]);
    expect(def).toEqual({
      resourceName: "support",
      file: "ivrs/support.yaml",
      line: 2,
      references: [],
      args: {
        name: "Support IVR",
        description: "Support IVR",
        greeting: "recording||28935",
        ringTimeoutSeconds: 30,
        options: [
          { key: "1", destination: "extension||05047530000", smsTemplateId: "35642" },
          { key: "#", destination: "hangup||1" },
        ],
        invalidInput: { retries: 2, retryRecording: "recording||28955", finalRecording: "recording||28934", destination: "hangup||1" },
        noInput: { retries: 2, retryRecording: "recording||28977", finalRecording: "recording||28955", destination: "extension||05047530675" },
      },
    });
  });

  it("reads a set of IVRs from one file and from several files, in file order", () => {
    const defs = load({
      "a.yaml": `ivrs:\n  sales:${ivrYaml("Sales IVR")}  support:${ivrYaml("Support IVR")}`,
      "b.yml": `ivrs:\n  billing:${ivrYaml("Billing IVR")}`,
    });
    expect(defs.map((d) => [d.resourceName, d.file, d.line])).toEqual([
      ["sales", "a.yaml", 2],
      ["support", "a.yaml", lineOf(`ivrs:\n  sales:${ivrYaml("Sales IVR")}`, "noInput") + 5],
      ["billing", "b.yml", 2],
    ]);
  });

  it("keeps ids with a leading zero as written (YAML would read 05047530000 as a number)", () => {
    const [def] = load({
      "x.yaml": `ivrs:\n  x:${ivrYaml("X", { options: "      - key: 1\n        destination: extension||05047530000" })}`,
      "values.yaml": "values:\n  ext: 05047530000\n",
    });
    expect(def!.args.options[0]!.destination).toBe("extension||05047530000");
    const [withValue] = load({
      "x.yaml": `ivrs:\n  x:${ivrYaml("X", { options: "      - key: 1\n        destination: extension||${ext}" })}`,
      "values.yaml": "values:\n  ext: 05047530000\n",
    });
    expect(withValue!.args.options[0]!.destination).toBe("extension||05047530000");
  });

  it("takes adopt: true through to the resource args", () => {
    const [def] = load({ "x.yaml": `ivrs:\n  x:${ivrYaml("X", { head: "adopt: true" })}` });
    expect(def!.args.adopt).toBe(true);
  });

  it("lets IVRs share blocks with YAML anchors, merge keys and x- keys", () => {
    const text = [
      "x-fallbacks:",
      "  noInput: &noInput",
      "    retries: 2",
      "    retryRecording: recording||28977",
      "    finalRecording: recording||28955",
      "    destination: hangup||1",
      "ivrs:",
      `  a:${ivrYaml("A").replace(/    noInput:[\s\S]*$/, "    noInput: *noInput\n")}`,
      `  b:${ivrYaml("B").replace(/    noInput:[\s\S]*$/, "    noInput:\n      <<: *noInput\n      retries: 5\n")}`,
    ].join("\n");
    const [a, b] = load({ "x.yaml": text });
    expect(a!.args.noInput).toEqual({ retries: 2, retryRecording: "recording||28977", finalRecording: "recording||28955", destination: "hangup||1" });
    expect(b!.args.noInput).toEqual({ ...a!.args.noInput, retries: 5 });
    // A problem inside a shared block points at the line where it is written.
    const bad = text.replace("finalRecording: recording||28955", "finalRecording: recording||");
    const problems = loadError({ "x.yaml": bad }).problems;
    expect(problems.map((p) => [p.line, p.property])).toEqual([
      [5, "ivrs.a.noInput.finalRecording"],
      [5, "ivrs.b.noInput.finalRecording"],
    ]);
  });
});

describe("problems in definition files", () => {
  it("names the file, line, column and property path of a schema violation", () => {
    const text = `ivrs:\n  support:${ivrYaml("Support IVR", {
      options: "      - key: 1\n        destination: extension||05047530000\n      - key: 1\n        destination: hangup||1",
    })}`;
    const err = loadError({ "ivrs/support.yaml": text });
    expect(err).toBeInstanceOf(IvrDefinitionError);
    expect(err.problems).toEqual([
      {
        file: "ivrs/support.yaml",
        line: 10,
        column: 14,
        property: "ivrs.support.options[1].key",
        reason: "duplicate DTMF key '1' (also used by options[0])",
      },
    ]);
    expect(err.message).toBe(
      "invalid IVR definitions, so no IVR is declared (1 problem):\n" +
        "  ivrs/support.yaml:10:14: ivrs.support.options[1].key: duplicate DTMF key '1' (also used by options[0])",
    );
  });

  it("reports every problem of every file at once, sorted by file and line", () => {
    const bad = ivrYaml("B").replace("ringTimeoutSeconds: 30", "ringTimeoutSeconds: 500").replace("retries: 2", "retries: -1");
    const err = loadError({
      "b.yaml": `ivrs:\n  b:${bad}`,
      "a.yaml": `ivrs:\n  a:${ivrYaml("A", { greeting: "extension||123" })}`,
    });
    expect(err.problems.map((p) => [p.file, p.line, p.property])).toEqual([
      ["a.yaml", 5, "ivrs.a.greeting"],
      ["b.yaml", 6, "ivrs.b.ringTimeoutSeconds"],
      ["b.yaml", 11, "ivrs.b.invalidInput.retries"],
    ]);
    expect(err.problems[0]!.reason).toMatch(/unknown recording type 'extension'/);
    expect(err.problems[1]!.reason).toBe("must be a whole number of seconds from 1 to 120");
  });

  it("points at the property name of an unknown property, with a suggestion", () => {
    const text = `ivrs:\n  x:${ivrYaml("X", { head: "descripton: A menu" })}`;
    const [problem] = loadError({ "x.yaml": text }).problems;
    expect(problem).toMatchObject({ line: 4, column: 5, property: "ivrs.x.descripton" });
    expect(problem!.reason).toBe("unknown property 'descripton' (did you mean 'description'?)");
  });

  it("points at the IVR's key when a required property is missing", () => {
    const text = `ivrs:\n  x:${ivrYaml("X").replace(/    noInput:[\s\S]*$/, "")}`;
    const [problem] = loadError({ "x.yaml": text }).problems;
    expect(problem).toMatchObject({ line: 2, column: 3, property: "ivrs.x.noInput" });
    expect(problem!.reason).toMatch(/^is required/);
  });

  it("explains an unquoted # key (YAML reads it as a comment)", () => {
    const text = `ivrs:\n  x:${ivrYaml("X", { options: "      - key: #\n        destination: hangup||1" })}`;
    const [problem] = loadError({ "x.yaml": text }).problems;
    expect(problem).toMatchObject({ line: 8, property: "ivrs.x.options[0].key" });
    expect(problem!.reason).toMatch(/quote the DTMF keys # and \*/);
  });

  it("reports YAML syntax errors with their line, and hints at an unquoted *", () => {
    const text = `ivrs:\n  x:${ivrYaml("X", { options: "      - key: *\n        destination: hangup||1" })}`;
    const [problem] = loadError({ "x.yaml": text }).problems;
    expect(problem).toMatchObject({ file: "x.yaml", line: 8, property: "" });
    expect(problem!.reason).toMatch(/^YAML syntax: .*quote the DTMF keys \* and #/);
    const alias = loadError({ "z.yaml": "ivrs:\n  x:\n    noInput: *missing\n" }).problems[0]!;
    expect(alias).toMatchObject({ file: "z.yaml", line: 3, column: 14 });
    expect(alias.reason).toMatch(/^YAML: Unresolved alias/);
    const dup = loadError({ "y.yaml": "ivrs:\n  x: {}\n  x: {}\n" }).problems[0]!;
    expect(dup).toMatchObject({ file: "y.yaml", line: 3 });
    expect(dup.reason).toMatch(/YAML syntax: Map keys must be unique/);
  });

  it("rejects files that are empty, not a mapping, or have unknown top-level keys", () => {
    expect(loadError({ "e.yaml": "# nothing\n" }).problems[0]!.reason).toMatch(/is empty/);
    expect(loadError({ "l.yaml": "- a\n- b\n" }).problems[0]!.reason).toMatch(/must be a mapping with `ivrs:`/);
    const top = loadError({ "t.yaml": `ivr:\n  x:${ivrYaml("X")}` }).problems[0]!;
    expect(top).toMatchObject({ line: 1, property: "ivr" });
    expect(top.reason).toMatch(/unknown top-level key 'ivr' \(did you mean 'ivrs'\?\)/);
    expect(loadError({ "n.yaml": "ivrs:\n  x: 3\n" }).problems[0]).toMatchObject({ line: 2, property: "ivrs.x" });
  });

  it("rejects resource names that are unusable or defined twice, and IVR names used twice", () => {
    const err = loadError({
      "a.yaml": `ivrs:\n  sales:${ivrYaml("Sales IVR")}  "bad name":${ivrYaml("Other")}`,
      "b.yaml": `ivrs:\n  sales:${ivrYaml("Sales again")}  sales2:${ivrYaml("Sales IVR")}`,
    });
    expect(err.problems.map((p) => `${p.file}:${p.line} ${p.property}: ${p.reason}`)).toEqual([
      expect.stringMatching(/^a\.yaml:\d+ ivrs\.bad name: 'bad name' is not a usable resource name/),
      "b.yaml:2 ivrs.sales: 'sales' is already defined in a.yaml:2; resource names are unique across the set",
      "b.yaml:21 ivrs.sales2.name: IVR name 'Sales IVR' is also the name of ivrs.sales ('Sales IVR', a.yaml:3); " +
        "Smartflo compares IVR names trimmed and case-insensitively, and they are unique in the account",
    ]);
  });

  it("compares IVR names as Smartflo does: names differing only in case or surrounding spaces clash", () => {
    const err = loadError({
      "a.yaml": `ivrs:\n  sales:${ivrYaml("Sales IVR")}`,
      "b.yaml": `ivrs:\n  other:${ivrYaml("'  sales ivr '")}`,
    });
    expect(err.problems.map((p) => `${p.file}:${p.line} ${p.property}: ${p.reason}`)).toEqual([
      "b.yaml:3 ivrs.other.name: IVR name '  sales ivr ' is also the name of ivrs.sales ('Sales IVR', a.yaml:3); " +
        "Smartflo compares IVR names trimmed and case-insensitively, and they are unique in the account",
    ]);
    expect(load({ "a.yaml": `ivrs:\n  sales:${ivrYaml("Sales IVR")}  other:${ivrYaml("Sales IVR 2")}` })).toHaveLength(2);
  });
});

describe("every problem of every file in one pass", () => {
  it("checks the IVR under an unusable or repeated resource name too", () => {
    const err = loadError({
      "a.yaml": `ivrs:\n  sales:${ivrYaml("Sales")}  "bad name":${ivrYaml("Other").replace("ringTimeoutSeconds: 30", "ringTimeoutSeconds: 0")}`,
      "b.yaml": `ivrs:\n  sales:${ivrYaml("Sales again").replace("retries: 2", "retries: 20")}`,
    });
    expect(err.problems.map((p) => `${p.file} ${p.property}`)).toEqual([
      "a.yaml ivrs.bad name",
      "a.yaml ivrs.bad name.ringTimeoutSeconds",
      "b.yaml ivrs.sales",
      "b.yaml ivrs.sales.invalidInput.retries",
    ]);
  });

  it("finds IVR names that Smartflo would take as one (trimmed, any case), even beside another mistake", () => {
    const err = loadError({
      "a.yaml": `ivrs:\n  billing:${ivrYaml("Billing")}`,
      "b.yaml": `ivrs:\n  billing2:${ivrYaml('"billing "').replace("ringTimeoutSeconds: 30", "ringTimeoutSeconds: 300")}`,
    });
    expect(err.problems.map((p) => `${p.file}:${p.line} ${p.property}: ${p.reason}`)).toEqual([
      "b.yaml:3 ivrs.billing2.name: IVR name 'billing ' is also the name of ivrs.billing ('Billing', a.yaml:3); " +
        "Smartflo compares IVR names trimmed and case-insensitively, and they are unique in the account",
      "b.yaml:6 ivrs.billing2.ringTimeoutSeconds: must be a whole number of seconds from 1 to 120",
    ]);
  });

  it("finds a reference loop between definitions that have other mistakes", () => {
    const route = (to: string) => `      - key: 1\n        destination: { ivr: ${to} }\n      - key: 1\n        destination: hangup||1`;
    const err = loadError({ "loop.yaml": `ivrs:\n  a:${ivrYaml("A", { options: route("b") })}  b:${ivrYaml("B", { options: route("a") })}` });
    expect(err.problems.map((p) => `${p.property}: ${p.reason.split(":")[0]}`)).toEqual([
      "ivrs.a.options[0].destination: reference loop a -> b -> a",
      "ivrs.a.options[1].key: duplicate DTMF key '1' (also used by options[0])",
      "ivrs.b.options[1].key: duplicate DTMF key '1' (also used by options[0])",
    ]);
  });
});

describe("hostile input", () => {
  it("reports a __proto__ key as the unknown property it is, with its line, instead of taking its properties", () => {
    const text = `ivrs:\n  sales:\n    __proto__:\n      name: Smuggled\n      ringTimeoutSeconds: 30\n`;
    const err = loadError({ "p.yaml": text });
    expect(err.problems).toContainEqual({ file: "p.yaml", line: 3, column: 5, property: "ivrs.sales.__proto__", reason: "unknown property '__proto__'" });
    expect(err.problems).toContainEqual(expect.objectContaining({ property: "ivrs.sales.name", reason: "is required" }));
  });

  it("keeps a __proto__ key of values as a value, not as the prototype of the values", () => {
    const defs = load({ "v.yaml": `values:\n  __proto__:\n    x: "28935"\nivrs:\n  sales:${ivrYaml("Sales").replace("recording||28935", "recording||\${__proto__.x}")}` });
    expect(defs[0]!.args.greeting).toBe("recording||28935");
  });

  // (Block mappings indent one more space a level, so 2,000 levels are already 2 MB of text.)
  it.each([
    ["a flow sequence", [65, 2000, 20_000], (n: number) => `ivrs:\n  a:\n    name: ${"[".repeat(n)}${"]".repeat(n)}\n`],
    ["block mappings", [65, 2000], (n: number) => `ivrs:\n  a:\n${Array.from({ length: n }, (_, i) => `${" ".repeat(4 + i)}k:\n`).join("")}`],
    ["flow mappings of values", [65, 2000, 20_000], (n: number) => `values:\n  v: ${"{a: ".repeat(n)}1${"}".repeat(n)}\n`],
  ])("reports %s nested thousands of levels deep as a problem of the file, with its line, never a RangeError", (_what, depths, text) => {
    for (const depth of depths) {
      const err = loadError({ "deep.yaml": text(depth) });
      expect(err.problems).toEqual([
        { file: "deep.yaml", line: expect.any(Number), column: expect.any(Number), property: "", reason: "is nested more than 64 levels deep; a definitions file holds IVRs a few levels deep" },
      ]);
    }
  });

  it("reports stack values nested too deeply as a problem of the stack config", () => {
    let values: Record<string, unknown> = { x: "1" };
    for (let i = 0; i < 5000; i++) values = { v: values };
    const err = loadError({ "a.yaml": `ivrs:\n  sales:${ivrYaml("Sales")}` }, { values });
    expect(err.problems).toEqual([{ file: "stack config ivrs:values", property: "", reason: "is nested more than 64 levels deep" }]);
  });
});

describe("loadIvrDefinitions", () => {
  let dir: string;
  beforeEach(() => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), "smartflo-defs-"));
  });
  afterEach(() => fs.rmSync(dir, { recursive: true, force: true }));

  it("reads every .yaml/.yml file under a directory in path order, skipping hidden entries", () => {
    fs.mkdirSync(path.join(dir, "ivrs", "sub"), { recursive: true });
    fs.mkdirSync(path.join(dir, "ivrs", ".git"));
    fs.writeFileSync(path.join(dir, "ivrs", "b.yaml"), `ivrs:\n  b:${ivrYaml("B")}`);
    fs.writeFileSync(path.join(dir, "ivrs", "a.yml"), `ivrs:\n  a:${ivrYaml("A")}`);
    fs.writeFileSync(path.join(dir, "ivrs", "sub", "c.yaml"), `ivrs:\n  c:${ivrYaml("C")}`);
    fs.writeFileSync(path.join(dir, "ivrs", "README.md"), "not yaml");
    fs.writeFileSync(path.join(dir, "ivrs", ".git", "x.yaml"), "not: definitions");
    const defs = loadIvrDefinitions("ivrs", { baseDir: dir });
    expect(defs.map((d) => [d.resourceName, d.file])).toEqual([
      ["a", "ivrs/a.yml"],
      ["b", "ivrs/b.yaml"],
      ["c", "ivrs/sub/c.yaml"],
    ]);
  });

  it("takes files and directories in a list, and names files relative to the working directory", () => {
    fs.writeFileSync(path.join(dir, "one.yaml"), `ivrs:\n  one:${ivrYaml("One")}`);
    const defs = loadIvrDefinitions([path.join(dir, "one.yaml")], { baseDir: dir });
    expect(defs.map((d) => d.file)).toEqual(["one.yaml"]);
    const outside = loadIvrDefinitions(path.join(dir, "one.yaml"), { baseDir: os.homedir() + "/nonexistent-subdir" });
    expect(path.isAbsolute(outside[0]!.file)).toBe(true);
  });

  it("reports a missing path beside the problems of the files that can be read", () => {
    fs.writeFileSync(path.join(dir, "one.yaml"), `ivrs:\n  one:${ivrYaml("One").replace("ringTimeoutSeconds: 30", "ringTimeoutSeconds: 0")}`);
    expect(() => loadIvrDefinitions(["one.yaml", "missing"], { baseDir: dir })).toThrow(
      "invalid IVR definitions, so no IVR is declared (2 problems):\n" +
        "  missing: no such file or directory\n" +
        "  one.yaml:6:25: ivrs.one.ringTimeoutSeconds: must be a whole number of seconds from 1 to 120",
    );
  });

  it("reports a missing path and a directory without YAML files", () => {
    fs.mkdirSync(path.join(dir, "empty"));
    expect(() => loadIvrDefinitions(["missing", "empty"], { baseDir: dir })).toThrow(
      "invalid IVR definitions, so no IVR is declared (2 problems):\n  empty: holds no .yaml or .yml files\n  missing: no such file or directory",
    );
  });
});
