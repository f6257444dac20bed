/**
 * The number endpoints, through the client's one request loop: `GET /v1/my_number` (the only
 * read) and `PUT /v1/my_number/{id}` (routing). Numbers are neither created nor deleted here.
 */
import type { SmartfloClient } from "../../client/client";
import { MalformedAnswerError, NotFoundError } from "../../client/errors";
import { describeProblems, problemsFromZod } from "../../core/problems";
import { listIn } from "../../account/lookups";
import { ApiNumber, ApiNumberReadSchema, resolveNumber, toWriteBody } from "./mapping";

const LIST = "/v1/my_number";
const one = (id: string) => `/v1/my_number/${encodeURIComponent(id)}`;

/**
 * Every number of the account. The answer is checked inside the request loop, so a malformed one
 * is retried like a failed read and never taken for a shorter list.
 */
export function listNumberRecords(client: SmartfloClient): Promise<ApiNumber[]> {
  return client.request({ method: "GET", path: LIST }, { parse: numbersIn });
}

function numbersIn(body: unknown): ApiNumber[] {
  const list = listIn(body, ["data", "numbers", "results"], `GET ${LIST}`);
  return list.map((raw, i) => {
    const parsed = ApiNumberReadSchema.safeParse(raw);
    if (!parsed.success) {
      throw new MalformedAnswerError(`Smartflo GET ${LIST} returned entry ${i} in an unexpected shape: ${describeProblems(problemsFromZod(parsed.error))}`, {
        endpoint: `GET ${LIST}`,
      });
    }
    return parsed.data;
  });
}

/** The number `text` names (its `did`, or its id); undefined when the account has no such number. */
export async function findNumber(client: SmartfloClient, text: string): Promise<ApiNumber | undefined> {
  const numbers = await listNumberRecords(client);
  const found = resolveNumber(new Map(numbers.map((n) => [n.id, n.did])), text);
  return found && numbers.find((n) => n.id === found.id);
}

export async function getNumber(client: SmartfloClient, id: string): Promise<ApiNumber | undefined> {
  return (await listNumberRecords(client)).find((n) => n.id === String(id));
}

/** `PUT /v1/my_number/{id}`: routes the number to `destination`, its other settings sent back as they are. */
export async function routeNumber(client: SmartfloClient, number: ApiNumber, destination: string): Promise<void> {
  const path = one(number.id);
  try {
    await client.request({ method: "PUT", path, body: toWriteBody(number, destination) });
  } catch (err) {
    if (err instanceof NotFoundError) {
      throw new NotFoundError(`Smartflo number ${number.did} (id ${number.id}) no longer exists (PUT ${path})`, { endpoint: `PUT ${path}`, status: err.status, cause: err });
    }
    throw err;
  }
}
