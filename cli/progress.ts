import type { ReplayProgress } from '../replay/replay';
import { formatCount } from './table';

/** Redraw interval: fast enough to feel live, rare enough to cost nothing. */
const REDRAW_MS = 250;

/**
 * A one-line progress indicator on a terminal's stderr, redrawn in place. Other stderr lines go through
 * {@link ProgressLine.log} so they do not mix with it; `stop` erases it, leaving only real output.
 */
export class ProgressLine {
  readonly progress: ReplayProgress = { bytesTotal: 0, bytesRead: 0, inputsTotal: 0, inputsDone: 0, events: 0 };
  private readonly started = Date.now();
  private readonly timer: NodeJS.Timeout;
  private drawn = false;

  constructor(private readonly stream: NodeJS.WriteStream) {
    this.timer = setInterval(() => this.draw(), REDRAW_MS);
    this.timer.unref();
  }

  log(line: string): void {
    this.erase();
    this.stream.write(`${line}\n`);
  }

  stop(): void {
    clearInterval(this.timer);
    this.erase();
  }

  private draw(): void {
    const { bytesTotal, bytesRead, inputsTotal, inputsDone, events } = this.progress;
    const seconds = (Date.now() - this.started) / 1000;
    const percent = bytesTotal > 0 ? `${Math.min(100, Math.floor((bytesRead / bytesTotal) * 100))}%  ` : '';
    const rate = seconds > 0 ? Math.round(events / seconds) : 0;
    const line = `replay  ${percent}${megabytes(bytesRead)}${bytesTotal > 0 ? `/${megabytes(bytesTotal)}` : ''} MB  ${formatCount(events)} events  ${formatCount(rate)} events/s  file ${Math.min(inputsDone + 1, inputsTotal)}/${inputsTotal}`;
    this.stream.write(`\r\x1b[K${line.slice(0, (this.stream.columns || 80) - 1)}`);
    this.drawn = true;
  }

  private erase(): void {
    if (this.drawn) this.stream.write('\r\x1b[K');
    this.drawn = false;
  }
}

function megabytes(bytes: number): string {
  return formatCount(Math.round(bytes / 1e6));
}
