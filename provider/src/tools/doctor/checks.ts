/** The checks of one doctor run, in the order they finish, each reported as soon as it has a verdict. */
import type { DoctorCheck, Verdict } from "./report";

export interface OpenCheck {
  holds(observed: string): void;
  differs(observed: string): void;
  breaks(observed: string): void;
  skipped(observed: string): void;
}

export class Checks {
  readonly done: DoctorCheck[] = [];

  constructor(private readonly onCheck?: (check: DoctorCheck) => void) {}

  start(id: string, assumption: string): OpenCheck {
    const finish = (verdict: Verdict) => (observed: string) => {
      const check = { id, assumption, verdict, observed };
      this.done.push(check);
      this.onCheck?.(check);
    };
    return { holds: finish("holds"), differs: finish("differs"), breaks: finish("breaks"), skipped: finish("skipped") };
  }
}
