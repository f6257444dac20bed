/**
 * Progress of a long read (a big account at 3 requests per second): a bar on a terminal
 * (cli-progress), plain lines otherwise (CI logs, pipes), always on stderr so stdout stays the
 * command's output.
 */
import { SingleBar } from "cli-progress";
import { Io, line } from "./io";

export class Progress {
  private bar?: SingleBar;
  private lastStep = "";
  private count = 0;

  constructor(private readonly io: Io, private readonly title: string) {}

  /** A step starts (`done` of `total` finished so far). */
  step(what: string, done: number, total: number): void {
    if (this.io.stderr.isTTY) {
      if (!this.bar) {
        this.bar = new SingleBar(
          {
            format: `${this.title} {bar} {value}/{total} {step} | {requests} requests`,
            stream: this.io.stderr as unknown as NodeJS.WriteStream,
            hideCursor: true,
            clearOnComplete: true,
            barsize: 24,
          },
        );
        this.bar.start(total, done, { step: what, requests: this.count });
      }
      this.bar.setTotal(total);
      this.bar.update(done, { step: what, requests: this.count });
      return;
    }
    if (what !== this.lastStep) line(this.io.stderr, `smartflo: ${this.title}: ${what}`);
    this.lastStep = what;
  }

  /** Requests answered so far. */
  requests(n: number): void {
    this.count = n;
    this.bar?.update({ requests: n });
  }

  /** A line above the bar (warnings). */
  note(text: string): void {
    if (this.bar) {
      this.bar.stop();
      this.bar = undefined;
    }
    line(this.io.stderr, text);
  }

  stop(): void {
    this.bar?.stop();
    this.bar = undefined;
  }
}
