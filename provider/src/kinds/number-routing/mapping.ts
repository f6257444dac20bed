/**
 * The mappings between a number's routing and the Smartflo API, in one place.
 *
 * | NumberRouting          | write field (`PUT /v1/my_number/{id}`)          | read field (`GET /v1/my_number`)    |
 * |------------------------|-------------------------------------------------|-------------------------------------|
 * | number                 | (the path's id: the entry whose `did` or `id` it is) | did (e.g. "+918069001234"), id |
 * | destination            | destination (`type||id`)                        | destination (`type||id`, or null)   |
 * | (kept as they are)     | name, description, sms_template: sent back as read, so a PUT that clears what it is not sent clears nothing | name, description, sms_template |
 * | previousDestination    | restored on delete                              | destination, read at create         |
 */
import { z } from "zod";
import { writeTypeOf } from "../../core/destinations";
import { formatRef, parseRef } from "../../core/refs";

/** One entry of `GET /v1/my_number` (undocumented shape: what public clients read). */
export const ApiNumberReadSchema = z
  .object({
    id: z.union([z.string(), z.number()]).transform((v) => String(v).trim()),
    did: z.union([z.string(), z.number()]).transform((v) => String(v).trim()),
    name: z.string().nullish(),
    description: z.string().nullish(),
    destination: z.string().nullish(),
    sms_template: z.array(z.union([z.string(), z.number()]).transform((v) => String(v).trim())).nullish(),
  })
  .passthrough();
export type ApiNumber = z.output<typeof ApiNumberReadSchema>;

/** A number's destination in the canonical form (`ringgroup||7` -> `department||7`); null: none. */
export function readDestination(destination: string | null | undefined): string | null {
  if (destination === null || destination === undefined || destination.trim() === "") return null;
  const ref = parseRef(destination);
  return ref ? formatRef(writeTypeOf(ref.type), ref.id) : destination.trim();
}

/** The PUT that routes `number` to `destination` and keeps the rest of its settings. */
export function toWriteBody(number: ApiNumber, destination: string): Record<string, unknown> {
  const body: Record<string, unknown> = { destination };
  if (number.name) body.name = number.name;
  if (number.description) body.description = number.description;
  // "0" and "" stand for "no template" on the read side; they are not templates to send back.
  const templates = (number.sms_template ?? []).filter((t) => t !== "" && t !== "0");
  if (templates.length > 0) body.sms_template = templates;
  return body;
}

const digits = (s: string) => s.replace(/\D/g, "");

/**
 * The number `text` names among the account's (`id -> did`): by its `did` (digits compared, so
 * "+918069001234" and "918069001234" are the same), else by its Smartflo id.
 */
export function resolveNumber(numbers: ReadonlyMap<string, string>, text: string): { id: string; did: string } | undefined {
  const wanted = digits(text);
  for (const [id, did] of numbers) if (wanted !== "" && digits(did) === wanted) return { id, did };
  const did = numbers.get(text);
  return did === undefined ? undefined : { id: text, did };
}

/** "+918069001234 (id 101), ..." for messages. */
export function describeNumbers(numbers: ReadonlyMap<string, string>, max = 10): string {
  if (numbers.size === 0) return "none";
  const listed = [...numbers].slice(0, max).map(([id, did]) => `${did} (id ${id})`);
  return `${listed.join(", ")}${numbers.size > max ? ", ..." : ""}`;
}
