/**
 * Per-stack values: `${path}` placeholders filled from the stack's values over the `values:`
 * defaults of the definition files.
 */
import { ivrYaml, lineOf, load, loadError } from "./helpers";

const withPlaceholders = `ivrs:\n  support:${ivrYaml("${names.support}", {
  greeting: "recording||${recordings.welcome}",
  options: "      - key: 1\n        destination: extension||${extensions.frontDesk}\n      - key: 2\n        destination: ${routes.two}",
}).replace("ringTimeoutSeconds: 30", "ringTimeoutSeconds: ${timeouts.ring}")}`;

const devValues = {
  names: { support: "Support IVR (dev)" },
  recordings: { welcome: "28935" },
  extensions: { frontDesk: "05047530000" },
  routes: { two: "department||20546" },
  timeouts: { ring: 25 },
};

describe("per-stack values", () => {
  it("fills placeholders inside text and as whole values, keeping a whole value's type", () => {
    const [def] = load({ "support.yaml": withPlaceholders }, { values: devValues });
    expect(def!.args).toMatchObject({
      name: "Support IVR (dev)",
      greeting: "recording||28935",
      ringTimeoutSeconds: 25,
      options: [
        { key: "1", destination: "extension||05047530000" },
        { key: "2", destination: "department||20546" },
      ],
    });
  });

  it("gives two stacks their own values from the same definitions", () => {
    const prodValues = { ...devValues, names: { support: "Support IVR" }, recordings: { welcome: "19549" }, timeouts: { ring: 40 } };
    const [dev] = load({ "support.yaml": withPlaceholders }, { values: devValues });
    const [prod] = load({ "support.yaml": withPlaceholders }, { values: prodValues });
    expect([dev!.args.greeting, dev!.args.ringTimeoutSeconds, dev!.args.name]).toEqual(["recording||28935", 25, "Support IVR (dev)"]);
    expect([prod!.args.greeting, prod!.args.ringTimeoutSeconds, prod!.args.name]).toEqual(["recording||19549", 40, "Support IVR"]);
  });

  it("uses the files' values: defaults, deep-merged under the stack's values", () => {
    const defaults = [
      "values:",
      "  names: { support: Support IVR }",
      "  recordings: { welcome: \"28935\" }",
      "  extensions:",
      "    frontDesk: 05047530000",
      "  routes: { two: hangup||1 }",
      "  timeouts: { ring: 30 }",
    ].join("\n");
    const [onlyDefaults] = load({ "support.yaml": withPlaceholders, "values.yaml": defaults });
    expect(onlyDefaults!.args).toMatchObject({ name: "Support IVR", ringTimeoutSeconds: 30, greeting: "recording||28935" });
    const [overridden] = load({ "support.yaml": withPlaceholders, "values.yaml": defaults }, { values: { recordings: { welcome: "19549" } } });
    expect(overridden!.args).toMatchObject({ name: "Support IVR", greeting: "recording||19549", options: [{ destination: "extension||05047530000" }, {}] });
  });

  it("lets a stack remove a default with null, so the value must then come from elsewhere", () => {
    const text = `ivrs:\n  x:${ivrYaml("X", { greeting: "recording||${recordings.welcome}" })}`;
    const defaults = "values:\n  recordings:\n    welcome: \"28935\"\n";
    expect(load({ "x.yaml": text, "v.yaml": defaults })[0]!.args.greeting).toBe("recording||28935");
    const err = loadError({ "x.yaml": text, "v.yaml": defaults }, { values: { recordings: { welcome: null } } });
    expect(err.problems[0]!.reason).toMatch(/^no value for \$\{recordings\.welcome\}/);
  });

  it("rejects a missing value, naming file, line, property and the config key to set", () => {
    const values = { ...devValues, recordings: { welcom: "28935" } };
    const err = loadError({ "ivrs/support.yaml": withPlaceholders }, { values });
    expect(err.problems).toEqual([
      {
        file: "ivrs/support.yaml",
        line: lineOf(withPlaceholders, "greeting:"),
        column: 15,
        property: "ivrs.support.greeting",
        reason:
          "no value for ${recordings.welcome} (did you mean ${recordings.welcom}?): set it for this stack " +
          "(pulumi config set --path 'ivrs:values.recordings.welcome' <value>) or give a default under `values:` in a definitions file",
      },
    ]);
    const other = loadError({ "s.yaml": withPlaceholders }, { values: { ...values, recordings: {} }, valuesConfigKey: "phone:values" });
    expect(other.problems[0]!.reason).toMatch(/pulumi config set --path 'phone:values\.recordings\.welcome'/);
  });

  it("reports every missing value without repeating it as a schema problem", () => {
    const err = loadError({ "s.yaml": withPlaceholders }, { values: {} });
    expect(err.problems.map((p) => [p.property, p.reason.split(":")[0]])).toEqual([
      ["ivrs.support.name", "no value for ${names.support}"],
      ["ivrs.support.greeting", "no value for ${recordings.welcome}"],
      ["ivrs.support.ringTimeoutSeconds", "no value for ${timeouts.ring}"],
      ["ivrs.support.options[0].destination", "no value for ${extensions.frontDesk}"],
      ["ivrs.support.options[1].destination", "no value for ${routes.two}"],
    ]);
  });

  it("validates the filled-in values with the Ivr schema", () => {
    const err = loadError({ "s.yaml": withPlaceholders }, { values: { ...devValues, timeouts: { ring: 999 }, routes: { two: "room||1" } } });
    expect(err.problems.map((p) => [p.property, p.reason])).toEqual([
      ["ivrs.support.ringTimeoutSeconds", "must be a whole number of seconds from 1 to 120"],
      ["ivrs.support.options[1].destination", expect.stringMatching(/^unknown destination type 'room'/)],
    ]);
  });

  it("rejects a group of values where one value is meant, and malformed placeholders", () => {
    const reasons = (text: string) => loadError({ "s.yaml": text }, { values: devValues }).problems.map((p) => p.reason);
    expect(reasons(withPlaceholders.replace("${recordings.welcome}", "${recordings}"))).toEqual([
      "'${recordings}' is a group of values, not one value (did you mean ${recordings.welcome}?)",
    ]);
    expect(reasons(withPlaceholders.replace("${recordings.welcome}", "${recordings welcome}"))[0]).toMatch(/is not a value name/);
    expect(reasons(withPlaceholders.replace("${recordings.welcome}", "${recordings.welcome"))[0]).toMatch(/has a '\$\{' with no closing '\}'/);
  });

  it("writes $${ as a literal ${", () => {
    const text = withPlaceholders.replace("description: A menu", () => "description: Costs $${price}");
    expect(load({ "s.yaml": text }, { values: devValues })[0]!.args.description).toBe("Costs ${price}");
  });

  it("rejects an extension id that stack config delivered as a number (YAML octal trap)", () => {
    const err = loadError({ "s.yaml": withPlaceholders }, { values: { ...devValues, extensions: { frontDesk: 681488384 } } });
    expect(err.problems[0]).toMatchObject({ property: "ivrs.support.options[0].destination" });
    expect(err.problems[0]!.reason).toMatch(/^\$\{extensions\.frontDesk\} is the number 681488384 in the stack config, not an extension id: write ids as quoted strings/);
  });

  it("rejects a default given twice, and values: that is not a mapping", () => {
    const err = loadError({
      "a.yaml": "values:\n  recordings:\n    welcome: \"1\"\n",
      "b.yaml": "values:\n  recordings:\n    welcome: \"2\"\n",
      "c.yaml": "values: 3\n",
    });
    expect(err.problems.map((p) => `${p.file}:${p.line} ${p.property}: ${p.reason}`)).toEqual([
      "b.yaml:3 values.recordings.welcome: a default for 'recordings.welcome' is also given in a.yaml:3; give each default once",
      "c.yaml:1 values: must be a mapping of default values, e.g. `recordings: { welcome: \"28935\" }`",
    ]);
  });

  it("warns about stack values no definition uses (a typo would otherwise fall back to a default)", () => {
    const warnings: string[] = [];
    load({ "s.yaml": withPlaceholders }, { values: { ...devValues, recordings: { welcome: "1", welcom: "2" } }, onWarning: (m) => warnings.push(m) });
    expect(warnings).toEqual(["ivrs:values sets values that no definition uses: recordings.welcom (did you mean recordings.welcome?)"]);
  });

  it("rejects stack values that are not an object", () => {
    const err = loadError({ "s.yaml": withPlaceholders }, { values: "recordings" as never });
    expect(err.problems).toContainEqual({ file: "stack config ivrs:values", property: "", reason: expect.stringMatching(/must be an object of values/) });
  });
});
