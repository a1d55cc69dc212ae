/**
 * A one-line progress bar on stderr (`reading  ███████░░░░  61%  30.5/50.0 MB`), redrawn at most every 100 ms.
 * Disabled → every call is a no-op, so callers need not check.
 */
export interface Progress {
  /** Starts a stage with a known total (bytes), or an unknown one (a spinner with elapsed time). */
  stage(label: string, total?: number): void;
  update(done: number): void;
  /** Ends the current line. */
  done(): void;
}

const WIDTH = 24;
const SPINNER = '|/-\\';

export function createProgress(stream: NodeJS.WriteStream, enabled: boolean): Progress {
  let label = '';
  let total: number | undefined;
  let current = 0;
  let lastDraw = 0;
  let started = Date.now();
  let active = false;
  let timer: NodeJS.Timeout | undefined;
  let tick = 0;

  const draw = (force = false) => {
    const now = Date.now();
    if (!force && now - lastDraw < 100) return;
    lastDraw = now;
    let line: string;
    if (total && total > 0) {
      const ratio = Math.min(1, current / total);
      const filled = Math.round(ratio * WIDTH);
      line = `${label.padEnd(10)} ${'█'.repeat(filled)}${'░'.repeat(WIDTH - filled)} ${String(Math.floor(ratio * 100)).padStart(3)}%  ${mb(current)}/${mb(total)} MB`;
    } else {
      line = `${label.padEnd(10)} ${SPINNER[tick++ % SPINNER.length]} ${((now - started) / 1000).toFixed(1)} s`;
    }
    stream.write(`\r${line}\x1b[K`);
  };

  if (!enabled) return { stage: () => undefined, update: () => undefined, done: () => undefined };
  return {
    stage(nextLabel, nextTotal) {
      if (active) draw(true);
      if (active) stream.write('\n');
      if (timer) clearInterval(timer);
      label = nextLabel;
      total = nextTotal;
      current = 0;
      started = Date.now();
      active = true;
      draw(true);
      if (!nextTotal) timer = setInterval(() => draw(true), 200).unref();
    },
    update(done) {
      current = done;
      draw();
    },
    done() {
      if (timer) clearInterval(timer);
      if (active) {
        if (total) current = total;
        draw(true);
        stream.write('\n');
      }
      active = false;
    },
  };
}

function mb(bytes: number): string {
  return (bytes / 1024 / 1024).toFixed(1);
}
