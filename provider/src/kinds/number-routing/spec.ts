/**
 * The NumberRouting kind's spec: where one of the account's published numbers (`GET
 * /v1/my_number`) sends its calls. The number itself is not created or deleted (only the super
 * admin adds numbers); this resource owns its route, and gives the previous one back on delete.
 */
import { z } from "zod";
import { Wrap, propertyNames, referenceSchema, strictObject, wrapFor } from "../../core/fields";
import { plainJson } from "../../core/json";
import type { ReferenceField } from "../../core/walk";
import type { KindSpec, Validation } from "../kind";
import { describeNumbers, resolveNumber } from "./mapping";
import { propertiesOf, validateWith } from "../validate";

export const NumberDestinationRef = referenceSchema("destination", "number");

/** "+91 80 6900 1234" -> "+918069001234": digits, with the leading "+" kept. */
const numberText = z
  .union([z.string(), z.number().int().nonnegative()], {
    errorMap: () => ({ message: "must be one of the account's numbers, e.g. \"+918069001234\", or its Smartflo number id" }),
  })
  .transform((v) => String(v).trim())
  .transform((v, ctx) => {
    const compact = v.replace(/[\s().-]/g, "");
    if (/^\+?\d{1,17}$/.test(compact)) return compact;
    ctx.addIssue({ code: z.ZodIssueCode.custom, message: `must be a phone number like +918069001234 (or a Smartflo number id), got '${v}'` });
    return z.NEVER;
  });

// The field docs below are what users see on the args and outputs (resource.ts derives them).
const numberRoutingShape = (u: Wrap) => ({
  /** The number as the account lists it (`did`, e.g. "+918069001234"), or its Smartflo number id. */
  number: u(numberText),
  /** Where its calls go, e.g. `smartflo.ivr(support)`. */
  destination: u(NumberDestinationRef),
});

export interface NumberRoutingObjectSchema extends z.ZodObject<ReturnType<typeof numberRoutingShape>, "strict"> {}

export function buildNumberRoutingSchema(allowUnknown: boolean): NumberRoutingObjectSchema {
  return strictObject(numberRoutingShape(wrapFor(allowUnknown)), { invalid_type_error: "NumberRouting arguments must be an object" });
}

export const NumberRoutingSchema = buildNumberRoutingSchema(false);
export const NumberRoutingSchemaAllowingUnknowns = buildNumberRoutingSchema(true);

export type NumberRouting = z.output<typeof NumberRoutingSchema>;
export type NumberRoutingInput = z.input<typeof NumberRoutingSchema>;

const PROPERTY_NAMES = propertyNames(NumberRoutingSchema);

export function validateNumberRouting(input: unknown, opts: { allowUnknown?: boolean } = {}): Validation<NumberRouting> {
  return validateWith<NumberRouting>(opts.allowUnknown ? NumberRoutingSchemaAllowingUnknowns : NumberRoutingSchema, input, PROPERTY_NAMES);
}

const NUMBER_ROUTING_REFERENCES: readonly ReferenceField[] = [{ path: ["destination"], role: "destination", context: "number" }];

export const NUMBER_ROUTING_SPEC = {
  type: "NumberRouting",
  noun: "number routing",
  aNoun: "a number routing",
  idProperty: "numberId",
  ...(propertiesOf(NumberRoutingSchema.shape) as { properties: Array<keyof NumberRouting>; requiredProperties: string[] }),
  propertyNames: PROPERTY_NAMES,
  references: NUMBER_ROUTING_REFERENCES,
  derived: {
    did: "is an output, not an input: the number as the account lists it (GET /v1/my_number); give the number as `number`",
    previousDestination: "is an output, not an input: where the number routed before this resource, recorded when the routing is created",
  },
  withoutAdopt: "does not apply to a NumberRouting: it always takes over the number's route, and gives the previous one back when deleted",
  listedProperty: {
    property: "number",
    list: "numbers",
    holds: (numbers, number) => resolveNumber(numbers, number) !== undefined,
    missing: (number, numbers) => `${number} is not a number of this Smartflo account (GET /v1/my_number lists ${describeNumbers(numbers)})`,
  },
  validate: validateNumberRouting,
  comparable: (r: NumberRouting) => plainJson(r),
} as const satisfies KindSpec<NumberRouting>;
