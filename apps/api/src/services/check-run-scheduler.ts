/**
 * Saved checks re-run after every modelling write, in the background, without slowing down or failing the write:
 *
 * - `writeWorkspace` hands over the model version it committed (with the compiled model it already built) only
 *   after the transaction committed; the mutation answers without waiting.
 * - Runs are coalesced per workspace: a job waits `delayMs`, and while it waits or while a run for that workspace is
 *   in progress, a newer version replaces the pending one (an older one is dropped). A burst of writes yields a run
 *   for the newest version, not one per write; each run records the version it ran on.
 * - At most `maxConcurrent` runs (default 1) execute at a time across all workspaces, so a busy server spends at most
 *   one core's slices on checks; a workspace waiting for its turn keeps coalescing.
 * - The runner's failures are logged, never thrown: they cannot reach the mutation's answer.
 *
 * One scheduler per Prisma client (`checkRunSchedulerFor`), so every request of a server shares it and tests can wait
 * for it (`whenIdle`) or hold it (`pause`) to assert on versions rather than timings.
 */
import type { PrismaClient } from '../db';
import type { Logger } from '../logger';

export interface CheckRunJob {
  workspaceId: string;
  /** The model version the write committed. */
  version: number;
  /** Runs and records the checks for this version. */
  run(): Promise<void>;
  /** Where a failure of `run` is reported. */
  logger?: Pick<Logger, 'warn'>;
}

interface Slot {
  pending: CheckRunJob | null;
  running: boolean;
  timer: NodeJS.Timeout | null;
}

export class CheckRunScheduler {
  private readonly slots = new Map<string, Slot>();
  private readonly idleWaiters: (() => void)[] = [];
  private paused = 0;
  private active = 0;
  private readonly turnWaiters: (() => void)[] = [];
  /** Counters for tests and logs: jobs handed over, jobs superseded before they ran, runs started. */
  readonly stats = { scheduled: 0, superseded: 0, started: 0 };

  constructor(
    private readonly delayMs = 25,
    private readonly maxConcurrent = 1,
  ) {}

  /** Queues a run for `job.version` (replacing an older pending one). Never throws. */
  schedule(job: CheckRunJob): void {
    this.stats.scheduled++;
    let slot = this.slots.get(job.workspaceId);
    if (!slot) {
      slot = { pending: null, running: false, timer: null };
      this.slots.set(job.workspaceId, slot);
    }
    if (slot.pending && slot.pending.version >= job.version) {
      this.stats.superseded++;
      return;
    }
    if (slot.pending) this.stats.superseded++;
    slot.pending = job;
    this.arm(job.workspaceId, slot);
  }

  /** Holds every run until the returned function is called (pending jobs keep coalescing meanwhile). */
  pause(): () => void {
    this.paused++;
    let released = false;
    return () => {
      if (released) return;
      released = true;
      this.paused--;
      if (this.paused === 0) for (const [id, slot] of this.slots) this.arm(id, slot);
    };
  }

  /** Resolves once nothing is pending or running (a paused scheduler with pending jobs is not idle). */
  whenIdle(): Promise<void> {
    if (this.isIdle()) return Promise.resolve();
    return new Promise((resolve) => this.idleWaiters.push(resolve));
  }

  private isIdle(): boolean {
    return this.slots.size === 0;
  }

  private arm(workspaceId: string, slot: Slot): void {
    if (this.paused > 0 || slot.running || slot.timer || !slot.pending) return;
    slot.timer = setTimeout(() => void this.drain(workspaceId, slot), this.delayMs);
  }

  private takeTurn(): Promise<void> {
    if (this.active < this.maxConcurrent) {
      this.active++;
      return Promise.resolve();
    }
    return new Promise((resolve) => this.turnWaiters.push(resolve));
  }

  /** Hands the turn to the next waiter (the count of active runs stays), or frees it. */
  private endTurn(): void {
    const next = this.turnWaiters.shift();
    if (next) next();
    else this.active--;
  }

  private async drain(workspaceId: string, slot: Slot): Promise<void> {
    slot.timer = null;
    if (this.paused > 0) return;
    slot.running = true;
    while (slot.pending && this.paused === 0) {
      await this.takeTurn();
      // The newest version at the moment the run may start (it kept coalescing while waiting for its turn).
      const job = slot.pending;
      if (!job || this.paused > 0) {
        this.endTurn();
        break;
      }
      slot.pending = null;
      this.stats.started++;
      try {
        await job.run();
      } catch (error) {
        job.logger?.warn('saved checks after a write failed', {
          workspaceId,
          version: job.version,
          error: error instanceof Error ? error.message : String(error),
        });
      } finally {
        this.endTurn();
      }
    }
    slot.running = false;
    if (slot.pending) return; // paused meanwhile: resumed by the pause's release
    this.slots.delete(workspaceId);
    if (this.isIdle()) for (const resolve of this.idleWaiters.splice(0)) resolve();
  }
}

const schedulers = new WeakMap<PrismaClient, CheckRunScheduler>();

/** The scheduler shared by everything using `prisma` (one per database client, i.e. per server). */
export function checkRunSchedulerFor(prisma: PrismaClient): CheckRunScheduler {
  let scheduler = schedulers.get(prisma);
  if (!scheduler) {
    scheduler = new CheckRunScheduler();
    schedulers.set(prisma, scheduler);
  }
  return scheduler;
}
