import { CheckRunScheduler, type CheckRunJob } from './check-run-scheduler';

/** A scheduler whose jobs record the versions they ran; `gate` (when set) holds a run until released. */
function setUp() {
  const scheduler = new CheckRunScheduler(0);
  const ran: string[] = [];
  let gate: Promise<void> | null = null;
  const job = (workspaceId: string, version: number, extra: Partial<CheckRunJob> = {}): CheckRunJob => ({
    workspaceId,
    version,
    run: async () => {
      ran.push(`${workspaceId}@${version}`);
      if (gate) await gate;
    },
    ...extra,
  });
  const hold = () => {
    let release!: () => void;
    gate = new Promise<void>((resolve) => (release = resolve));
    return () => {
      gate = null;
      release();
    };
  };
  return { scheduler, ran, job, hold };
}

/** Lets timers and promise callbacks run until `ran` has `n` entries. */
async function until(ran: string[], n: number): Promise<void> {
  while (ran.length < n) await new Promise((resolve) => setImmediate(resolve));
}

describe('CheckRunScheduler', () => {
  it('a burst scheduled while held runs once, for the newest version', async () => {
    const { scheduler, ran, job } = setUp();
    const resume = scheduler.pause();
    for (const v of [2, 3, 4, 5]) scheduler.schedule(job('w', v));
    scheduler.schedule(job('w', 4)); // older than the pending one: dropped
    expect(ran).toEqual([]);
    resume();
    await scheduler.whenIdle();
    expect(ran).toEqual(['w@5']);
    expect(scheduler.stats).toMatchObject({ scheduled: 5, superseded: 4, started: 1 });
  });

  it('versions committed while a run is in progress coalesce into one next run', async () => {
    const { scheduler, ran, job, hold } = setUp();
    const release = hold();
    scheduler.schedule(job('w', 2));
    await until(ran, 1); // the run for version 2 started and waits at the gate
    for (const v of [3, 4, 5, 6]) scheduler.schedule(job('w', v));
    release();
    await scheduler.whenIdle();
    expect(ran).toEqual(['w@2', 'w@6']);
  });

  it('workspaces are independent', async () => {
    const { scheduler, ran, job } = setUp();
    const resume = scheduler.pause();
    scheduler.schedule(job('a', 2));
    scheduler.schedule(job('b', 7));
    scheduler.schedule(job('a', 3));
    resume();
    await scheduler.whenIdle();
    expect(ran.sort()).toEqual(['a@3', 'b@7']);
  });

  it('one run at a time across workspaces; a workspace waiting for its turn keeps coalescing', async () => {
    const { scheduler, ran, job, hold } = setUp();
    const release = hold();
    scheduler.schedule(job('a', 2));
    await until(ran, 1); // a@2 runs (held at the gate)
    scheduler.schedule(job('b', 5));
    scheduler.schedule(job('a', 3));
    // Timers fire in expiry order: once this later one fired, b's (0 ms) has, and b is waiting for its turn.
    await new Promise((resolve) => setTimeout(resolve, 20));
    expect(ran).toEqual(['a@2']); // b waits for its turn
    scheduler.schedule(job('b', 6)); // still waiting: supersedes b@5
    release();
    await scheduler.whenIdle();
    expect(ran).toEqual(['a@2', 'b@6', 'a@3']);
  });

  it('a failing run is logged, never thrown, and the next version still runs', async () => {
    const { scheduler, ran, job, hold } = setUp();
    const warnings: unknown[] = [];
    const logger = { warn: (...args: unknown[]) => void warnings.push(args) };
    const release = hold();
    scheduler.schedule(
      job('w', 2, {
        logger,
        run: async () => {
          ran.push('w@2');
          throw new Error('database is gone');
        },
      }),
    );
    await until(ran, 1);
    scheduler.schedule(job('w', 3));
    release();
    await scheduler.whenIdle();
    expect(ran).toEqual(['w@2', 'w@3']);
    expect(warnings).toEqual([
      ['saved checks after a write failed', { workspaceId: 'w', version: 2, error: 'database is gone' }],
    ]);
  });

  it('whenIdle waits for a paused scheduler with pending work', async () => {
    const { scheduler, ran, job } = setUp();
    const resume = scheduler.pause();
    scheduler.schedule(job('w', 2));
    let idle = false;
    const waiting = scheduler.whenIdle().then(() => (idle = true));
    await new Promise((resolve) => setImmediate(resolve));
    expect(idle).toBe(false);
    resume();
    await waiting;
    expect(ran).toEqual(['w@2']);
  });
});
