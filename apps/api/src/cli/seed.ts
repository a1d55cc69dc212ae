/**
 * `npm run db:seed` → `node apps/api/dist/cli/seed.js`: replaces workspace "default" with the demo network.
 * Uses DATABASE_URL, or the embedded Postgres in FLOWVERIFY_DATA_DIR (default ./.flowverify) like the API does;
 * stop the API first when it runs on the embedded database (one process at a time can open its folder).
 */
import {
  createPrisma,
  migrate,
  startEmbeddedPostgres,
  type EmbeddedPostgres,
  type PrismaClient,
} from '@flowverify/db';
import { readEnv } from '../env';
import { seedDemo } from '../services/seed-demo';

async function main(): Promise<void> {
  const env = readEnv();
  let embedded: EmbeddedPostgres | undefined;
  let prisma: PrismaClient | undefined;
  try {
    let url = env.databaseUrl;
    if (!url) {
      embedded = await startEmbeddedPostgres({ dataDir: env.dataDir });
      url = embedded.url;
    }
    await migrate(url);
    prisma = createPrisma(url, { poolMax: embedded ? embedded.poolMax : env.pgPoolMax });
    const result = await seedDemo(prisma);
    const summary = result.counts
      .filter((c) => c.created + c.updated > 0)
      .map((c) => `${c.created + c.updated} ${c.kind}`)
      .join(', ');
    process.stdout.write(`Seeded workspace "${result.workspace.name}" with the demo network: ${summary}.\n`);
  } finally {
    await prisma?.$disconnect().catch(() => undefined);
    await embedded?.stop().catch(() => undefined);
  }
}

main().catch((error: unknown) => {
  const message = error instanceof Error ? error.message : String(error);
  process.stderr.write(`flowverify seed: ${message.split('\n')[0]}\n`);
  process.exit(1);
});
