/**
 * Starts the API: env → port check → database (DATABASE_URL, or the embedded Postgres on FLOWVERIFY_DATA_DIR) →
 * migrations → change feed (real Postgres only) → listen → demo seed (seedDemoIfEmpty) → ready. Startup problems
 * print ONE line on stderr and exit 1.
 */
import net from 'node:net';
import {
  checkDatabase,
  createPrisma,
  migrate,
  startChangeFeed,
  startEmbeddedPostgres,
  type ChangeFeed,
  type EmbeddedPostgres,
  type PrismaClient,
} from '@flowverify/db';
import { ensureBootstrapToken } from './auth/bootstrap';
import { readEnv, type Env } from './env';
import { createLogger, flushLogs } from './logger';
import { createServer, SERVER_CACHE, type FlowverifyServer } from './server';
import { checkRunSchedulerFor } from './services/check-run-scheduler';
import { seedDemoIfEmpty } from './services/seed-demo';

/** How long a stopping API waits for saved-check runs its last writes queued. */
const SHUTDOWN_CHECK_RUNS_MS = 10_000;

/** Waits until queued saved-check runs finish, or `ms` pass (a run is never worth hanging a shutdown). */
async function finishCheckRuns(prisma: PrismaClient, ms: number): Promise<void> {
  let timer: NodeJS.Timeout | undefined;
  await Promise.race([
    checkRunSchedulerFor(prisma).whenIdle(),
    new Promise<void>((resolve) => (timer = setTimeout(resolve, ms))),
  ]);
  clearTimeout(timer);
}

class StartupError extends Error {}

function oneLine(error: unknown): string {
  const text = error instanceof Error ? error.message : String(error);
  return (text.split('\n')[0] ?? '').trim();
}

/** Fails fast (before the database starts) when the port is taken. */
function checkPortFree(port: number, HOST: string): Promise<void> {
  return new Promise((resolve, reject) => {
    const probe = net.createServer();
    probe.once('error', (error: NodeJS.ErrnoException) =>
      reject(
        new StartupError(
          error.code === 'EADDRINUSE'
            ? `Port ${port} on ${HOST} is already in use. Stop the process using it or set API_PORT to a free port.`
            : `Cannot listen on ${HOST}:${port} (${error.code ?? oneLine(error)}). Set API_PORT to a usable port.`,
        ),
      ),
    );
    probe.listen(port, HOST, () => probe.close(() => resolve()));
  });
}

async function start(env: Env) {
  const HOST = env.apiHost;
  const logger = createLogger(env.logLevel);
  for (const warning of env.warnings) logger.warn(warning);
  let embedded: EmbeddedPostgres | undefined;
  let prisma: PrismaClient | undefined;
  let server: FlowverifyServer | undefined;
  let changeFeed: ChangeFeed | undefined;
  let ready = false;

  const shutdown = async (signal: string) => {
    logger.info('shutting down', { signal });
    ready = false;
    await server?.stop().catch(() => undefined);
    // Saved checks queued by the last writes finish (bounded), so a stop right after an edit still records their run.
    if (prisma) await finishCheckRuns(prisma, SHUTDOWN_CHECK_RUNS_MS);
    await changeFeed?.close().catch(() => undefined);
    await prisma?.$disconnect().catch(() => undefined);
    await embedded?.stop().catch(() => undefined);
    process.exit(0);
  };

  try {
    if (env.apiPort !== 0) await checkPortFree(env.apiPort, HOST);
    let url = env.databaseUrl;
    if (!url) {
      embedded = await startEmbeddedPostgres({ dataDir: env.dataDir });
      url = embedded.url;
      logger.info('embedded postgres started', { dataDir: embedded.dataDir });
    } else {
      await checkDatabase(url);
    }
    const applied = await migrate(url);
    logger.info('migrations applied', { result: applied as unknown as Record<string, unknown> });
    prisma = createPrisma(url, { poolMax: embedded ? embedded.poolMax : env.pgPoolMax });
    // Other API processes' writes, revocations and membership changes reach this process's caches through
    // LISTEN/NOTIFY; the embedded database serves this process only (and its socket cannot deliver notifications
    // across connections), so it runs on the 1 s TTL alone.
    if (!embedded) changeFeed = startChangeFeed(url);
    server = await createServer({
      prisma,
      logger,
      webPort: env.webPort,
      isReady: () => ready,
      cacheTtl: SERVER_CACHE,
      changeFeed,
    });
    const { port } = await server.listen(env.apiPort, HOST).catch((error: NodeJS.ErrnoException) => {
      throw new StartupError(
        error.code === 'EADDRINUSE'
          ? `Port ${env.apiPort} on ${HOST} is already in use. Stop the process using it or set API_PORT to a free port.`
          : `Cannot listen on ${HOST}:${env.apiPort}: ${oneLine(error)}`,
      );
    });

    // The demo network goes into workspace "default" when that workspace holds nothing yet. A failed seed is
    // logged, not fatal: the API is still useful without it.
    try {
      if (await seedDemoIfEmpty(prisma)) logger.info('demo network seeded into workspace "default"');
    } catch (error) {
      logger.warn('demo seed failed; continuing without it', { error: oneLine(error) });
      await prisma.workspace.upsert({ where: { name: 'default' }, update: {}, create: { name: 'default' } });
    }

    const { startupToken } = await ensureBootstrapToken(prisma, {
      bootstrapToken: env.bootstrapToken,
      embedded: Boolean(embedded),
    });

    flushLogs();
    process.stdout.write(
      `flowverify API ready: http://${HOST}:${port}/graphql  (health: http://${HOST}:${port}/healthz)\n`,
    );
    if (startupToken) {
      // Like Jupyter: a fresh admin token each start (the previous one is revoked), in a sign-in URL.
      process.stdout.write(
        `flowverify sign-in (admin, valid until the next start): http://127.0.0.1:${env.webPort}/signin?token=${startupToken}\n` +
          `  API/CLI: export FLOWVERIFY_TOKEN=${startupToken}\n`,
      );
    }
    // Ready (healthz 200) only after the sign-in line is out, so `npm start` can show it in its summary.
    ready = true;
  } catch (error) {
    flushLogs();
    process.stderr.write(`flowverify: ${oneLine(error)}\n`);
    await server?.stop().catch(() => undefined);
    await changeFeed?.close().catch(() => undefined);
    await prisma?.$disconnect().catch(() => undefined);
    await embedded?.stop().catch(() => undefined);
    process.exit(1);
  }

  process.once('SIGINT', () => void shutdown('SIGINT'));
  process.once('SIGTERM', () => void shutdown('SIGTERM'));
}

let env: Env;
try {
  env = readEnv();
} catch (error) {
  process.stderr.write(`flowverify: ${oneLine(error)}\n`);
  process.exit(1);
}
void start(env);
