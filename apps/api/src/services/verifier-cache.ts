/**
 * Compiled-policy cache: one engine verifier per workspace, built from a `loadNetwork` snapshot and keyed by the
 * workspace's `version` (bumped in the same transaction as every write). Every request checks the current version
 * (one indexed row read), so several API processes stay correct; writes in this process also refresh the entry
 * directly. No request re-parses rules while the version is unchanged.
 */
import type { PrismaClient } from '../db';
import { createVerifier, parseNetwork, type Issue, type Network, type Verifier } from '../engine';
import { loadNetwork, type NetworkSnapshot } from './load-network';
import { checkTopology } from './topology-checks';

export interface CompiledWorkspace {
  workspaceId: string;
  version: number;
  snapshot: NetworkSnapshot;
  network: Network;
  /** Problems parseNetwork and checkTopology found in the stored model (invalid parts are left out of `network`). */
  issues: Issue[];
  verifier: Verifier;
}

export function compileSnapshot(snapshot: NetworkSnapshot): CompiledWorkspace {
  const { network, issues } = parseNetwork(snapshot.input);
  return {
    workspaceId: snapshot.workspaceId,
    version: snapshot.version,
    snapshot,
    network,
    issues: [...issues, ...checkTopology(snapshot.input)],
    verifier: createVerifier(network),
  };
}

export class VerifierCache {
  private readonly entries = new Map<string, CompiledWorkspace>();
  private readonly loading = new Map<string, Promise<CompiledWorkspace>>();
  /** Counters for tests and logs. */
  readonly stats = { hits: 0, builds: 0 };

  constructor(private readonly prisma: PrismaClient) {}

  /** The compiled workspace at `version` (or newer). */
  async get(workspaceId: string, version: number): Promise<CompiledWorkspace> {
    const cached = this.entries.get(workspaceId);
    if (cached && cached.version >= version) {
      this.stats.hits++;
      return cached;
    }
    const key = `${workspaceId}:${version}`;
    let pending = this.loading.get(key);
    if (!pending) {
      pending = (async () => {
        const snapshot = await loadNetwork(this.prisma, workspaceId);
        this.stats.builds++;
        return this.put(compileSnapshot(snapshot));
      })();
      this.loading.set(key, pending);
      pending.then(
        () => this.loading.delete(key),
        () => this.loading.delete(key),
      );
    }
    return pending;
  }

  /** Stores a compiled workspace unless a newer one is already cached; returns the one kept. */
  put(compiled: CompiledWorkspace): CompiledWorkspace {
    const current = this.entries.get(compiled.workspaceId);
    if (current && current.version > compiled.version) return current;
    this.entries.set(compiled.workspaceId, compiled);
    return compiled;
  }

  invalidate(workspaceId: string): void {
    this.entries.delete(workspaceId);
  }
}
