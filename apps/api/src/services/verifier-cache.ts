/**
 * Compiled-policy cache: one engine verifier per workspace, built from a `loadNetwork` snapshot and keyed by the
 * workspace's `version` (bumped in the same transaction as every write). No request re-parses rules while the
 * version is unchanged.
 *
 * Which version is current: `lookupWorkspace(name)` remembers name → (id, version) so a verify needs no query.
 * How stale that may be:
 * - in this process: never. Writes call `put`/`invalidate` after commit, and `forgetWorkspaces()` runs after every
 *   mutation (src/auth/directive.ts), whatever its write path;
 * - across processes: while the change feed is live (LISTEN on the database's `flowverify_workspace`
 *   notifications, fired by a trigger on every version bump, insert, delete or rename; see
 *   packages/db/src/change-feed.ts) an entry is dropped as soon as the workspace changes and lives at most
 *   `liveMaxAgeMs` anyway; while it is not live, at most `fallbackTtlMs` (0 = a version read on every request).
 */
import { FollowedMap, type CacheTtl } from '../followed-map';
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

/** What `lookupWorkspace` returns. */
export interface WorkspaceRef {
  id: string;
  version: number;
}

/** Default: no cross-process caching of versions (every request reads it), as before the change feed. */
const STRICT: CacheTtl = { fallbackTtlMs: 0, liveMaxAgeMs: 0 };

export class VerifierCache {
  private readonly entries = new Map<string, CompiledWorkspace>();
  private readonly loading = new Map<string, Promise<CompiledWorkspace>>();
  /** Workspace name → (id, version), following the database (see the module comment). */
  private readonly known: FollowedMap<string, WorkspaceRef>;
  /** Counters for tests and logs. */
  readonly stats = { hits: 0, builds: 0, versionReads: 0 };

  constructor(
    private readonly prisma: PrismaClient,
    ttl: CacheTtl = STRICT,
  ) {
    this.known = new FollowedMap(ttl);
  }

  /**
   * The id and current version of workspace `name` (exact name), or null when it does not exist — from memory when
   * fresh enough (see the module comment), else one indexed read.
   */
  async lookupWorkspace(name: string): Promise<WorkspaceRef | null> {
    const now = Date.now();
    const hit = this.known.get(name, now);
    if (hit) return { id: hit.id, version: hit.version };
    const generation = this.known.begin();
    this.stats.versionReads++;
    const ws = await this.prisma.workspace.findUnique({
      where: { name },
      select: { id: true, version: true },
    });
    if (!ws) {
      this.known.delete(name);
      return null;
    }
    this.known.set(name, { id: ws.id, version: ws.version }, generation, now);
    return ws;
  }

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

  /**
   * Stores a compiled workspace unless a newer one is already cached; returns the one kept. Writers call it after
   * commit with the version they committed; remembered older versions of that workspace are forgotten.
   */
  put(compiled: CompiledWorkspace): CompiledWorkspace {
    this.known.dropWhere((ws) => ws.id === compiled.workspaceId && ws.version < compiled.version);
    const current = this.entries.get(compiled.workspaceId);
    if (current && current.version > compiled.version) return current;
    this.entries.set(compiled.workspaceId, compiled);
    return compiled;
  }

  /** Drops the compiled policy and the remembered version of a workspace (after a write to it commits). */
  invalidate(workspaceId: string): void {
    this.entries.delete(workspaceId);
    this.workspaceChanged(workspaceId);
  }

  /** Another process changed workspace `workspaceId` (a change-feed notification): forget its version. */
  workspaceChanged(workspaceId: string): void {
    this.known.dropWhere((ws) => ws.id === workspaceId);
  }

  /** Forgets every remembered version (after any mutation in this process); compiled policies stay, keyed by version. */
  forgetWorkspaces(): void {
    this.known.clear();
  }

  /** Whether change-feed notifications arrive; switching either way forgets every remembered version. */
  setLive(live: boolean): void {
    this.known.setLive(live);
  }
}
