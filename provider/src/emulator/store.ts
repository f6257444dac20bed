/**
 * The emulator's data: accounts with their lookups and IVRs, the global id counters, and the
 * optional state file. Writes go to a temp file that is then renamed over the state file, so a
 * crash leaves either the old or the new state, never half a file.
 */
import * as fs from "node:fs";
import * as path from "node:path";
import { Account, AccountState, IdCounters, StateFile, StoredIvr } from "./schema";
import { LoadOptions, SeedError, loadAccounts } from "./seed";

export interface StoreOptions extends Omit<LoadOptions, "source" | "checkReferences"> {
  /** The seed to start from and to reset to (already parsed JSON). */
  seed: unknown;
  stateFile?: string;
}

/** Public view of an account: everything except its credentials. */
export function publicState(account: Account): AccountState {
  const { token: _token, password: _password, ...rest } = account;
  return structuredClone(rest);
}

export class Store {
  private accounts: Account[] = [];
  private counters: IdCounters = { nextIvrId: 0, nextDepartmentId: 0, nextTimeGroupId: 0 };

  private constructor(private readonly options: StoreOptions) {}

  /** Load the state file when it exists, else the seed; then write the state file. */
  static open(options: StoreOptions): Store {
    const store = new Store(options);
    const file = options.stateFile;
    if (file !== undefined && fs.existsSync(file)) {
      let data: unknown;
      try {
        data = JSON.parse(fs.readFileSync(file, "utf8"));
      } catch (error) {
        throw new SeedError(`state file ${file}: cannot read it as JSON (${(error as Error).message})`);
      }
      store.install(loadAccounts(data, { ...options, source: `state file ${file}`, checkReferences: false }));
    } else {
      store.install(loadAccounts(options.seed, { ...options, source: "seed", checkReferences: true }));
    }
    store.save();
    return store;
  }

  private install({ accounts, ...counters }: IdCounters & { accounts: Account[] }): void {
    this.accounts = accounts;
    this.counters = counters;
  }

  /** Back to the seed, state file rewritten. */
  reset(): void {
    this.install(loadAccounts(this.options.seed, { ...this.options, source: "seed", checkReferences: true }));
    this.save();
  }

  list(): readonly Account[] {
    return this.accounts;
  }

  get defaultAccount(): Account {
    return this.accounts[0]!;
  }

  get(name: string): Account | undefined {
    return this.accounts.find((a) => a.name === name);
  }

  byToken(token: string): Account | undefined {
    return this.accounts.find((a) => a.token === token);
  }

  byEmail(email: string): Account | undefined {
    return this.accounts.find((a) => a.email === email);
  }

  allocateIvrId(): number {
    return this.counters.nextIvrId++;
  }

  /** Department and time group ids are strings in the API. */
  allocateDepartmentId(): string {
    return String(this.counters.nextDepartmentId++);
  }

  allocateTimeGroupId(): string {
    return String(this.counters.nextTimeGroupId++);
  }

  /** Find an IVR by id, in one account or (ids being global) in any. */
  findIvr(id: number, accountName?: string): { account: Account; ivr: StoredIvr } | undefined {
    for (const account of this.accounts) {
      if (accountName !== undefined && account.name !== accountName) continue;
      const ivr = account.ivrs.find((i) => i.id === id);
      if (ivr) return { account, ivr };
    }
    return undefined;
  }

  /** Persist after a mutation; a no-op without a state file. */
  save(): void {
    const file = this.options.stateFile;
    if (file === undefined) return;
    const state: StateFile = { version: 1, ...this.counters, accounts: this.accounts };
    fs.mkdirSync(path.dirname(path.resolve(file)), { recursive: true });
    const temp = `${file}.${process.pid}.tmp`;
    fs.writeFileSync(temp, `${JSON.stringify(state, null, 2)}\n`);
    fs.renameSync(temp, file);
  }

  /** `GET /__emulator/state`: every account without credentials. */
  view(): IdCounters & { accounts: Record<string, AccountState> } {
    return {
      ...this.counters,
      accounts: Object.fromEntries(this.accounts.map((a) => [a.name, publicState(a)])),
    };
  }
}
