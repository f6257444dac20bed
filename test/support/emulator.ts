/** Starts an emulator on loopback for one test file and gives typed access to its control API. */
import { startEmulator } from "../../provider/src/emulator";

export type Emulator = Awaited<ReturnType<typeof startEmulator>>;
export type EmulatorOptions = NonNullable<Parameters<typeof startEmulator>[0]>;

export const TOKEN = "emulator-token";
export const EMAIL = "ops@example.com";
export const PASSWORD = "emulator-password";

export async function control<T = any>(emu: Emulator, method: string, path: string, body?: unknown): Promise<T> {
  const res = await fetch(`${emu.url}/__emulator/${path}`, {
    method,
    headers: body === undefined ? {} : { "Content-Type": "application/json" },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  const text = await res.text();
  if (!res.ok) throw new Error(`${method} /__emulator/${path}: HTTP ${res.status} ${text}`);
  return (text ? JSON.parse(text) : undefined) as T;
}

/** The account's IVRs as the emulator stores them (write shape, with id). */
export async function storedIvrs(emu: Emulator, account?: string): Promise<any[]> {
  const state = await control(emu, "GET", `state${account ? `?account=${account}` : ""}`);
  const acct = account ? state : state.accounts?.default ?? Object.values(state.accounts ?? {})[0];
  return acct.ivrs;
}

export { startEmulator };
