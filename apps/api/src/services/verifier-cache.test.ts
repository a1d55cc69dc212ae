/**
 * Remembered workspace versions (VerifierCache.lookupWorkspace) against a real database: what is remembered, and
 * that a read racing an invalidation is never remembered.
 */
import { createTestDatabase, type TestDatabase } from '@flowverify/db/testing';
import { VerifierCache } from './verifier-cache';

let db: TestDatabase;
let id: string;
beforeAll(async () => {
  db = await createTestDatabase();
  id = (await db.prisma.workspace.create({ data: { name: 'ws' } })).id;
});
afterAll(() => db.drop());

const LONG = { fallbackTtlMs: 60_000, liveMaxAgeMs: 60_000 };
const bump = () => db.prisma.workspace.update({ where: { id }, data: { version: { increment: 1 } } });

describe('VerifierCache.lookupWorkspace', () => {
  it('reads on every call by default (no TTL configured)', async () => {
    const cache = new VerifierCache(db.prisma);
    await cache.lookupWorkspace('ws');
    await cache.lookupWorkspace('ws');
    expect(cache.stats.versionReads).toBe(2);
  });

  it('remembers (id, version) within the TTL; unknown names are not remembered', async () => {
    const cache = new VerifierCache(db.prisma, LONG);
    const first = await cache.lookupWorkspace('ws');
    expect(await cache.lookupWorkspace('ws')).toEqual(first);
    expect(cache.stats.versionReads).toBe(1);
    expect(await cache.lookupWorkspace('nope')).toBeNull();
    expect(await cache.lookupWorkspace('nope')).toBeNull();
    expect(cache.stats.versionReads).toBe(3);
  });

  it.each([
    ['forgetWorkspaces (a mutation here)', (c: VerifierCache) => c.forgetWorkspaces()],
    ['workspaceChanged (a notification)', (c: VerifierCache) => c.workspaceChanged(id)],
    ['invalidate (a writer here)', (c: VerifierCache) => c.invalidate(id)],
  ])('after %s the next look-up reads the new version', async (_name, forget) => {
    const cache = new VerifierCache(db.prisma, LONG);
    const before = await cache.lookupWorkspace('ws');
    await bump();
    forget(cache);
    expect((await cache.lookupWorkspace('ws'))!.version).toBe(before!.version + 1);
  });

  it('a read in flight when an invalidation happens is not remembered', async () => {
    const cache = new VerifierCache(db.prisma, LONG);
    const racing = cache.lookupWorkspace('ws'); // began before the write below committed
    cache.forgetWorkspaces();
    await racing;
    await cache.lookupWorkspace('ws');
    expect(cache.stats.versionReads).toBe(2);
  });

  it('put() of a newer compiled version forgets the older remembered one', async () => {
    const cache = new VerifierCache(db.prisma, LONG);
    const seen = (await cache.lookupWorkspace('ws'))!;
    await bump();
    // What writeWorkspace does after commit: hand the cache the policy compiled at the committed version.
    const compiled = await cache.get(id, seen.version + 1);
    expect(compiled.version).toBe(seen.version + 1);
    expect((await cache.lookupWorkspace('ws'))!.version).toBe(seen.version + 1);
  });

  it('while the change feed is live, entries last liveMaxAgeMs; switching forgets everything', async () => {
    const cache = new VerifierCache(db.prisma, { fallbackTtlMs: 0, liveMaxAgeMs: 60_000 });
    await cache.lookupWorkspace('ws');
    await cache.lookupWorkspace('ws');
    expect(cache.stats.versionReads).toBe(2);
    cache.setLive(true);
    await cache.lookupWorkspace('ws');
    await cache.lookupWorkspace('ws');
    expect(cache.stats.versionReads).toBe(3);
    cache.setLive(false);
    await cache.lookupWorkspace('ws');
    expect(cache.stats.versionReads).toBe(4);
  });
});
