/**
 * Progress of a long read (a big account at 3 requests per second), on stderr so that stdout stays
 * the command's output: a bar on a terminal (cli-progress); in a log or a pipe, a line only for a
 * step that takes a while, and then every 10 s, so small accounts stay quiet.
 */
import { SingleBar } from "cli-progress";
import { Io, line } from "./io";

const QUIET_FOR_MS = 2000;
const EVERY_MS = 10_000;

export class Progress {
  private bar?: SingleBar;
  private count = 0;
  private timer?: NodeJS.Timeout;

  constructor(private readonly io: Io, private readonly title: string) {}

  /** A step starts (`done` of `total` finished so far). */
  step(what: string, done: number, total: number): void {
    if (this.io.stderr.isTTY) {
      if (!this.bar) {
        this.bar = new SingleBar({
          format: `${this.title} {bar} {value}/{total} {step} | {requests} requests`,
          stream: this.io.stderr as unknown as NodeJS.WriteStream,
          hideCursor: true,
          clearOnComplete: true,
          barsize: 24,
        });
        this.bar.start(total, done, { step: what, requests: this.count });
      }
      this.bar.setTotal(total);
      this.bar.update(done, { step: what, requests: this.count });
      return;
    }
    this.clearTimer();
    if (done >= total) return;
    const say = () => line(this.io.stderr, `smartflo: ${this.title}: ${what}, ${this.count} requests so far`);
    this.timer = setTimeout(() => {
      say();
      this.timer = setInterval(say, EVERY_MS);
      this.timer.unref();
    }, QUIET_FOR_MS);
    this.timer.unref();
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
    this.clearTimer();
    this.bar?.stop();
    this.bar = undefined;
  }

  private clearTimer(): void {
    if (this.timer) {
      clearTimeout(this.timer);
      clearInterval(this.timer);
      this.timer = undefined;
    }
  }
}
