// Prisma CLI configuration (generate, migrate diff/status). The CLI uses the JS schema engine through
// @prisma/adapter-pg, so nothing is downloaded. Prisma skips `.env` when this file exists: export DATABASE_URL.
// Migrations are applied by our own runner (`npm run db:migrate`), not by `prisma migrate deploy`.
import path from 'node:path';
import { PrismaPg } from '@prisma/adapter-pg';
import { defineConfig } from 'prisma/config';

export default defineConfig({
  experimental: { adapter: true },
  engine: 'js',
  schema: path.join(__dirname, 'prisma', 'schema.prisma'),
  async adapter() {
    // allowExitOnIdle: without it every CLI call waits out pg's 10 s idle timeout.
    return new PrismaPg({ connectionString: process.env.DATABASE_URL, allowExitOnIdle: true });
  },
});
