/** Validation of `PUT /v1/my_number/{id}` bodies (and seed number routes). Throws ValidationError. */
import { smsTemplateId } from "./ivr-body";
import { NUMBER_DESTINATION_TYPES, invalid } from "./refs";
import { PhoneNumber } from "./schema";
import { MAX_DESCRIPTION_LENGTH, ValidationContext, assertNoDuplicates, destinationRef, objectBody, present } from "./validate";

export type NumberUpdate = Partial<Pick<PhoneNumber, "name" | "description" | "sms_template">> & { destination: string };

/**
 * The documented body is name, destination, description and sms_template[]; none is marked
 * mandatory, but a route change without a destination is refused (the strict reading).
 */
export function validateNumberBody(input: unknown, ctx: ValidationContext): NumberUpdate {
  const body = objectBody(input);
  const destination = destinationRef(present(body, "destination"), "destination", ctx, NUMBER_DESTINATION_TYPES, "on a number");
  const update: NumberUpdate = { destination };
  if (body.name !== undefined) {
    if (typeof body.name !== "string" || body.name.trim() === "") throw invalid("name", "must be a non-empty string");
    if (body.name.length > ctx.maxNameLength) {
      throw invalid("name", `must be at most ${ctx.maxNameLength} characters (got ${body.name.length})`);
    }
    update.name = body.name;
  }
  if (body.description !== undefined) {
    if (typeof body.description !== "string") throw invalid("description", "must be a string");
    if (body.description.length > MAX_DESCRIPTION_LENGTH) {
      throw invalid("description", `must be at most ${MAX_DESCRIPTION_LENGTH} characters (got ${body.description.length})`);
    }
    update.description = body.description;
  }
  if (body.sms_template !== undefined) {
    if (!Array.isArray(body.sms_template)) throw invalid("sms_template", "must be an array of SMS template ids");
    const ids = body.sms_template.map((entry, i) => smsTemplateId(entry, `sms_template[${i}]`));
    if (ids.includes("0")) throw invalid(`sms_template[${ids.indexOf("0")}]`, "0 is not a template; send [] for none");
    assertNoDuplicates(ids, "sms_template", "template");
    update.sms_template = ids;
  }
  return update;
}
