import { checkDatabase } from './connection';
import { DatabaseConnectionError } from './errors';
import { createTestDatabase } from './testing';

describe('createTestDatabase', () => {
  it('gives each caller its own migrated database and removes it on drop', async () => {
    const a = await createTestDatabase();
    const b = await createTestDatabase();
    try {
      expect(a.embedded).toBe(!process.env.DATABASE_URL);
      expect(a.url).not.toBe(b.url);
      await a.prisma.workspace.create({ data: { name: 'prod' } });
      expect(await a.prisma.workspace.count()).toBe(1);
      expect(await b.prisma.workspace.count()).toBe(0);
    } finally {
      await a.drop();
      await a.drop(); // twice is fine
      await b.drop();
    }
    const error = await checkDatabase(a.url, { timeoutMs: 2000 }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(DatabaseConnectionError);
    expect((error as DatabaseConnectionError).reason).toBe(a.embedded ? 'unreachable' : 'missing-database');
  });
});
