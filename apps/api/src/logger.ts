/**
 * Structured logs: one JSON object per line on stdout (stderr for errors).
 *
 * stdout lines are buffered and written once per event-loop turn (one write for all the request lines of that
 * turn, instead of a synchronous write per request); `flushLogs()` writes them at once, and so does process exit.
 * Errors flush the buffer and go to stderr immediately.
 */
import { writeSync } from 'node:fs';
import type { LogLevel } from './env';

const ORDER: Record<LogLevel, number> = { debug: 10, info: 20, warn: 30, error: 40, silent: 100 };

export interface Logger {
  debug(msg: string, fields?: Record<string, unknown>): void;
  info(msg: string, fields?: Record<string, unknown>): void;
  warn(msg: string, fields?: Record<string, unknown>): void;
  error(msg: string, fields?: Record<string, unknown>): void;
}

/** Buffered stdout lines of every logger in the process, in order. */
let pending = '';
let scheduled = false;
let exitHooked = false;
/** Past this many buffered characters the buffer is written at once. */
const MAX_PENDING = 64 * 1024;

/** Writes buffered log lines now. */
export function flushLogs(): void {
  scheduled = false;
  if (pending === '') return;
  const text = pending;
  pending = '';
  process.stdout.write(text);
}

function flushOnExit(): void {
  if (pending === '') return;
  const text = pending;
  pending = '';
  try {
    writeSync(1, text);
  } catch {
    // stdout closed: nothing left to do.
  }
}

function enqueue(line: string): void {
  pending += line;
  if (!exitHooked) {
    exitHooked = true;
    process.once('exit', flushOnExit);
  }
  if (pending.length >= MAX_PENDING) flushLogs();
  else if (!scheduled) {
    scheduled = true;
    setImmediate(flushLogs);
  }
}

export function createLogger(level: LogLevel = 'info'): Logger {
  const min = ORDER[level];
  const write = (lvl: Exclude<LogLevel, 'silent'>, msg: string, fields?: Record<string, unknown>) => {
    if (ORDER[lvl] < min) return;
    const line = JSON.stringify({ time: new Date().toISOString(), level: lvl, msg, ...fields }) + '\n';
    if (lvl === 'error') {
      flushLogs();
      process.stderr.write(line);
    } else enqueue(line);
  };
  return {
    debug: (m, f) => write('debug', m, f),
    info: (m, f) => write('info', m, f),
    warn: (m, f) => write('warn', m, f),
    error: (m, f) => write('error', m, f),
  };
}
