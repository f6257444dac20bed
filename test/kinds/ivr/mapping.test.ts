import { fromReadShape, toWriteBody } from "../../../provider/src/kinds/ivr/mapping";
import { comparableIvr as comparable, validateIvr, Ivr } from "../../../provider/src/kinds/ivr/spec";
import { supportIvr } from "../../support/ivrs";

/** The documented sample of GET /v1/ivrs (smartflo-api.md §2.2), verbatim. */
const DOCUMENTED_SAMPLE = {
  id: 7926,
  name: "Welcome IVR",
  description: "Welcome IVR",
  recording: "19549",
  timeout: 30,
  invalid_retries: 1,
  invalid_retry_recording: "244",
  invalid_destination_type: "extension",
  invalid_destination: "050109590001",
  timeout_retry_recording: "245",
  timeout_recording: "245",
  timeout_dest_type: "extension",
  timeout_destination: "050109590001",
  timeout_retries: 1,
  added_by: 10959,
  invalid_recording: 244,
  ivr_menu: [{ option: "1", destination_type: "ringgroup", destination_id: "17839", sms_template_id: "0", webhook_id: "0" }],
};

const valid = (x: unknown): Ivr => {
  const r = validateIvr(x);
  if (!r.ok) throw new Error(JSON.stringify(r.problems));
  return r.value;
};

describe("canonical -> API write body", () => {
  it("maps every field to the documented names, with type||id strings and parallel arrays", () => {
    expect(toWriteBody(valid(supportIvr()))).toEqual({
      name: "Support IVR",
      description: "Main support menu",
      recording: "recording||28935",
      timeout: 30,
      option: ["1", "2", "9"],
      destination: ["extension||05047530000", "department||20546", "hangup||1"],
      sms_template: [0, 35642, 0],
      incorrect_count: 2,
      invalid_recording: "recording||28955",
      recording_invalid: "recording||28934",
      invalid_destination: "extension||05047530099",
      timeout_tries: 2,
      timeout_retries: 2,
      timeout_retry_recording: "recording||28977",
      timeout_recording: "recording||28955",
      timeout_destination: "extension||05047530675",
    });
  });

  it("sends sms_template as the documented numbers, 0 for an option without one, also when no option has one (PUT replaces all)", () => {
    const ivr = valid(supportIvr({ options: [{ key: "1", destination: "hangup||1" }, { key: "2", destination: "hangup||1" }] }));
    expect(toWriteBody(ivr).sms_template).toEqual([0, 0]);
    const withOne = valid(supportIvr({ options: [{ key: "1", destination: "hangup||1", smsTemplateId: 35642 }] }));
    expect(toWriteBody(withOne).sms_template).toEqual([35642]);
  });
});

describe("API read shape -> canonical", () => {
  it("maps the documented GET /v1/ivrs sample without loss", () => {
    const { id, ivr } = fromReadShape(DOCUMENTED_SAMPLE);
    expect(id).toBe("7926");
    expect(ivr).toEqual({
      name: "Welcome IVR",
      description: "Welcome IVR",
      greeting: "recording||19549",
      ringTimeoutSeconds: 30,
      options: [{ key: "1", destination: "department||17839" }],
      invalidInput: {
        retries: 1,
        retryRecording: "recording||244",
        finalRecording: "recording||244",
        destination: "extension||050109590001",
      },
      noInput: {
        retries: 1,
        retryRecording: "recording||245",
        finalRecording: "recording||245",
        destination: "extension||050109590001",
      },
    });
    // What it maps to is itself a valid canonical IVR.
    expect(validateIvr(ivr).ok).toBe(true);
  });

  it("accepts numbers where strings are documented and strings where numbers are", () => {
    const quirky = { ...DOCUMENTED_SAMPLE, id: "7926", timeout: "30", invalid_retries: "1", recording: 19549,
      ivr_menu: [{ option: 1, destination_type: "RingGroup", destination_id: 17839, sms_template_id: 0 }] };
    expect(fromReadShape(quirky)).toEqual(fromReadShape(DOCUMENTED_SAMPLE));
  });

  it("keeps an SMS template id other than 0", () => {
    const raw = { ...DOCUMENTED_SAMPLE, ivr_menu: [{ ...DOCUMENTED_SAMPLE.ivr_menu[0], sms_template_id: "35642" }] };
    expect(fromReadShape(raw).ivr.options[0].smsTemplateId).toBe("35642");
  });

  it("restores a recording type the read side drops, from the previous state", () => {
    const prior = { greeting: "outbound_tts||19549" };
    expect(fromReadShape(DOCUMENTED_SAMPLE, prior).ivr.greeting).toBe("outbound_tts||19549");
    expect(fromReadShape(DOCUMENTED_SAMPLE, { greeting: "outbound_tts||1" }).ivr.greeting).toBe("recording||19549");
  });

  it("orders options as the previous state had them", () => {
    const raw = {
      ...DOCUMENTED_SAMPLE,
      ivr_menu: [
        { option: "1", destination_type: "hangup", destination_id: "1" },
        { option: "2", destination_type: "hangup", destination_id: "1" },
      ],
    };
    const prior = { options: [{ key: "2", destination: "hangup||1" }, { key: "1", destination: "hangup||1" }] };
    expect(fromReadShape(raw, prior).ivr.options.map((o) => o.key)).toEqual(["2", "1"]);
  });

  it("fails loudly, naming by field what it needs and does not get, never with zod's own rendering", () => {
    const { timeout_destination: _t, ...missing } = DOCUMENTED_SAMPLE;
    expect(() => fromReadShape({ ...missing, invalid_recording: null })).toThrow(/^IVR 7926 lacks invalid_recording, timeout_destination$/);
    expect(() => fromReadShape({ ...DOCUMENTED_SAMPLE, timeout: "soon", ivr_menu: [{ option: "1", destination_type: "hangup" }] })).toThrow(
      /^IVR 7926 lacks ivr_menu\[0\]\.destination_id; IVR 7926 has timeout "soon", not a whole number$/,
    );
    expect(() => fromReadShape({ ...DOCUMENTED_SAMPLE, name: { first: "x" } })).toThrow(/^IVR 7926 has name \{"first":"x"\}, not text$/);
    expect(() => fromReadShape(null)).toThrow(/^an entry of the list is null, not an IVR$/);
  });

  it("tolerates missing or null fields it does not need: the description and SMS templates come from the previous state then", () => {
    const { description: _d, ...bare } = DOCUMENTED_SAMPLE;
    const menu = [{ option: "1", destination_type: "ringgroup", destination_id: "17839", sms_template_id: null }];
    const prior = { description: "As declared", options: [{ key: "1", destination: "department||17839", smsTemplateId: "35642" }] };
    const { ivr } = fromReadShape({ ...bare, added_by: null, ivr_menu: menu, webhook: undefined }, prior);
    expect(ivr.description).toBe("As declared");
    expect(ivr.options).toEqual([{ key: "1", destination: "department||17839", smsTemplateId: "35642" }]);
    expect(fromReadShape({ ...bare, description: null }).ivr.description).toBe("");
    // A template the read side does report wins over the previous state, "0" meaning none.
    expect(fromReadShape({ ...DOCUMENTED_SAMPLE }, prior).ivr.options[0]).toEqual({ key: "1", destination: "department||17839" });
  });

  it("reads a template id as the API writes it back: no leading zeros", () => {
    const raw = { ...DOCUMENTED_SAMPLE, ivr_menu: [{ ...DOCUMENTED_SAMPLE.ivr_menu[0], sms_template_id: "035642" }] };
    expect(fromReadShape(raw).ivr.options[0].smsTemplateId).toBe("35642");
  });
});

describe("comparable form", () => {
  it("ignores option order", () => {
    const a = valid(supportIvr());
    const b = { ...a, options: [...a.options].reverse() };
    expect(comparable(a)).toEqual(comparable(b));
  });
});
