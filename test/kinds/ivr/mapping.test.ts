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
      sms_template: ["", "35642", ""],
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

  it("sends no sms_template when no option has one", () => {
    const ivr = valid(supportIvr({ options: [{ key: "1", destination: "hangup||1" }] }));
    expect(toWriteBody(ivr)).not.toHaveProperty("sms_template");
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

  it("fails loudly, naming the field, on a shape it does not know", () => {
    const { timeout: _t, ...broken } = DOCUMENTED_SAMPLE;
    expect(() => fromReadShape(broken)).toThrow(/timeout/);
  });
});

describe("comparable form", () => {
  it("ignores option order", () => {
    const a = valid(supportIvr());
    const b = { ...a, options: [...a.options].reverse() };
    expect(comparable(a)).toEqual(comparable(b));
  });
});
