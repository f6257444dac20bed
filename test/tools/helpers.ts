/** IVR sets for the tools' tests: definitions as real files' text, and account snapshots by hand. */
import { stringify } from "yaml";
import { parseIvrDefinitions } from "../../provider/src/definitions";
import type { DefinitionSource, IvrDefinition } from "../../provider/src/definitions";
import { validateIvr } from "../../provider/src/kinds/ivr/spec";
import type { Ivr } from "../../provider/src/kinds/ivr/spec";
import type { AccountSnapshot } from "../../provider/src/tools/account";

type Dest = string | { ivr: string };

export interface IvrShape {
  name?: string;
  greeting?: string;
  timeout?: number;
  /** key -> destination */
  keys?: Record<string, Dest>;
  invalid?: { retries?: number; retryRecording?: string; finalRecording?: string; destination?: Dest };
  noInput?: { retries?: number; retryRecording?: string; finalRecording?: string; destination?: Dest };
}

/** The IVR properties for a shape: a valid IVR with the seed's ids where the shape says nothing. */
export function ivrArgs(resourceName: string, s: IvrShape = {}): Record<string, unknown> {
  return {
    name: s.name ?? `${resourceName} IVR`,
    greeting: s.greeting ?? "recording||28935",
    ringTimeoutSeconds: s.timeout ?? 30,
    options: Object.entries(s.keys ?? { "1": "extension||05047530000" }).map(([key, destination]) => ({ key, destination })),
    invalidInput: { retries: 2, retryRecording: "recording||28955", finalRecording: "recording||28934", destination: "hangup||1", ...s.invalid },
    noInput: { retries: 2, retryRecording: "recording||28977", finalRecording: "recording||28955", destination: "extension||05047530675", ...s.noInput },
  };
}

/** One file per IVR (`<name>.yaml`), parsed by the loader, with the texts for positions. */
export function definitions(ivrs: Record<string, IvrShape>): { definitions: IvrDefinition[]; sources: DefinitionSource[] } {
  const sources = Object.entries(ivrs).map(([name, shape]) => ({
    file: `ivrs/${name}.yaml`,
    text: stringify({ ivrs: { [name]: ivrArgs(name, shape) } }, { defaultStringType: "QUOTE_DOUBLE", defaultKeyType: "PLAIN" }),
  }));
  return { definitions: parseIvrDefinitions(sources, { onWarning: () => undefined }), sources };
}

/** A canonical IVR (throws when invalid). */
export function canonical(resourceName: string, s: IvrShape = {}): Ivr {
  const r = validateIvr(ivrArgs(resourceName, s));
  if (!r.ok) throw new Error(JSON.stringify(r.problems));
  return r.value;
}

/** An account snapshot: IVRs by id, numbers, and the seed's lists. */
export function snapshot(ivrs: Record<string, Ivr>, numbers: Array<{ id: string; did?: string; name?: string; destination?: string }> = []): AccountSnapshot {
  return {
    baseUrl: "http://127.0.0.1:1",
    ivrs: Object.entries(ivrs).map(([id, ivr]) => ({ id, ivr })),
    unreadable: [],
    numbers,
    lists: {
      ivrs: new Map(Object.entries(ivrs).map(([id, ivr]) => [id, ivr.name])),
      recordings: new Map([["28935", "Support welcome"], ["28955", "Invalid option"], ["28934", "Sorry, goodbye"], ["28977", "Please make a selection"]]),
      agents: new Map([["05047530000", "Asha Rao"], ["05047530099", "Vikram Nair"], ["05047530675", "Meera Iyer"]]),
      departments: new Map([["20546", "Sales Dept"], ["17839", "Support Ring Group"]]),
      timegroups: new Map([["501", "Office hours"]]),
    },
    warnings: [],
  };
}
