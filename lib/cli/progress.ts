/**
 * A progress line for long command-line jobs: a bar on a terminal, plain periodic lines when
 * output is piped (CI logs), always on stderr so stdout stays clean for data.
 */
export class ProgressBar {
  private lastDraw = 0;
  private lastPercent = -10;
  private readonly started = performance.now();
  private readonly tty = Boolean(process.stderr.isTTY);

  constructor(
    private readonly label: string,
    private total: number,
  ) {}

  setTotal(total: number): void {
    this.total = total;
  }

  update(done: number, suffix = ""): void {
    const now = performance.now();
    const pct = this.total > 0 ? Math.min(100, Math.floor((done / this.total) * 100)) : 0;
    if (this.tty) {
      if (now - this.lastDraw < 100 && done < this.total) return;
      this.lastDraw = now;
      const width = 30;
      const filled = Math.round((pct / 100) * width);
      const bar = "█".repeat(filled) + "░".repeat(width - filled);
      process.stderr.write(`\r${this.label} ${bar} ${pct}% ${done.toLocaleString("en-US")}/${this.total.toLocaleString("en-US")} ${suffix}   `);
    } else if (pct >= this.lastPercent + 10 || (done >= this.total && pct !== this.lastPercent)) {
      this.lastPercent = pct;
      process.stderr.write(`${this.label} ${pct}% (${done.toLocaleString("en-US")}/${this.total.toLocaleString("en-US")}) ${suffix}\n`);
    }
  }

  done(message = ""): void {
    const secs = ((performance.now() - this.started) / 1000).toFixed(1);
    if (this.tty) process.stderr.write("\n");
    process.stderr.write(`${this.label} done in ${secs}s${message ? `: ${message}` : ""}\n`);
  }
}
