/**
 * `node packages/db/dist/cli/migrate.js` (root: `npm run db:migrate`): applies pending migrations to DATABASE_URL.
 * Exit code 0 on success, 1 with a one-line message on failure.
 */
import { checkDatabase } from '../connection';
import { migrate } from '../migrate';

async function main(): Promise<void> {
  const url = process.env.DATABASE_URL;
  if (!url) {
    throw new Error(
      'DATABASE_URL is not set. Example: DATABASE_URL=postgresql://postgres@127.0.0.1:5432/flowverify',
    );
  }
  await checkDatabase(url);
  const result = await migrate(url, { log: (line) => console.log(line) });
  console.log(
    result.applied.length === 0
      ? `Database is up to date (${result.alreadyApplied.length} migrations applied).`
      : `Applied ${result.applied.length} migration(s); ${result.alreadyApplied.length} were already applied.`,
  );
}

main().catch((error: unknown) => {
  console.error(error instanceof Error ? error.message : String(error));
  process.exitCode = 1;
});
