/**
 * Builds the HTTP server: Express 5 + Apollo Server 5 at /graphql, /healthz, CORS, body limit, request logs,
 * guards. Tests import `createServer` and listen on an ephemeral port; main.ts adds the database and listens.
 */
import { readdirSync, readFileSync, existsSync } from 'node:fs';
import path from 'node:path';
import type { Server } from 'node:http';
import { ApolloServer, type ApolloServerPlugin } from '@apollo/server';
import {
  ApolloServerPluginCacheControlDisabled,
  ApolloServerPluginLandingPageDisabled,
} from '@apollo/server/plugin/disabled';
import { expressMiddleware } from '@as-integrations/express5';
import cors from 'cors';
import express from 'express';
import { requireCaller } from './auth/authenticate';
import { applyAuthDirective } from './auth/directive';
import type { Caller } from './auth/caller';
import { TokenCache, type CacheTtl } from './auth/token-cache';
import { createContext, type Context } from './context';
import { CHANGE_CHANNELS, type ChangeFeed } from '@flowverify/db';
import type { PrismaClient } from './db';
import { createFormatError } from './errors';
import { fastExecutionPlugin } from './fast-execution';
import { costLimitRule } from './guards/cost-limit';
import { depthLimitRule } from './guards/depth-limit';
import { jsonBodyHasNoNul, textGuardPlugin } from './guards/text';
import { createLogger, type Logger } from './logger';
import { resolvers } from './schema/resolvers';
import { VerifierCache } from './services/verifier-cache';

export const LIMITS = {
  /** JSON body limit: fits verifyFlows with 50,000 flows and importAzureResources with a 50 MB+ az export. */
  bodyLimit: '100mb',
  maxDepth: 15,
  maxCost: 1_000_000,
};

/** The SDL modules under src/schema (read from source so src/ and dist/ share them). */
export function loadTypeDefs(): string {
  const dir = path.join(__dirname, '..', 'src', 'schema');
  const modules = readdirSync(dir)
    .filter((m) => existsSync(path.join(dir, m, 'schema.graphql')))
    .sort((a, b) => (a === 'common' ? -1 : b === 'common' ? 1 : a.localeCompare(b)));
  return modules.map((m) => readFileSync(path.join(dir, m, 'schema.graphql'), 'utf8')).join('\n');
}

export interface CreateServerOptions {
  prisma: PrismaClient;
  logger?: Logger;
  /** The dashboard's port (CORS). */
  webPort?: number;
  /** False until startup finished (healthz answers 503 before). */
  isReady?: () => boolean;
  /**
   * How long the token cache and the remembered workspace versions may be trusted without asking the database
   * (src/auth/token-cache.ts, src/services/verifier-cache.ts). Default {@link STRICT_CACHE}: read on every request
   * unless the change feed is live. main.ts uses {@link SERVER_CACHE}.
   */
  cacheTtl?: CacheTtl;
  /** LISTEN connection telling this process what other processes changed (packages/db/src/change-feed.ts). */
  changeFeed?: ChangeFeed;
}

/** No cross-process staleness without a live change feed (tests, and servers built without options). */
export const STRICT_CACHE: CacheTtl = { fallbackTtlMs: 0, liveMaxAgeMs: 10_000 };
/**
 * What `main.ts` runs with: with a live change feed, entries live until a notification drops them (10 s at most);
 * without one (embedded database, feed reconnecting), another process's token revocation, membership change or
 * model write is seen here within 1 s.
 */
export const SERVER_CACHE: CacheTtl = { fallbackTtlMs: 1_000, liveMaxAgeMs: 10_000 };

export interface FlowverifyServer {
  app: express.Express;
  apollo: ApolloServer<Context>;
  cache: VerifierCache;
  tokenCache: TokenCache;
  /** Listens on `port` (0 = ephemeral) at `host`; resolves with the bound port. */
  listen(port: number, host?: string): Promise<{ server: Server; port: number }>;
  stop(): Promise<void>;
}

function requestLogPlugin(): ApolloServerPlugin<Context> {
  return {
    async requestDidStart() {
      return {
        async willSendResponse({ request, response, errors, contextValue }) {
          const res = (contextValue as Context & { res?: express.Response }).res;
          if (!res) return;
          const body = response.body;
          const bodyErrors = body.kind === 'single' ? (body.singleResult.errors?.length ?? 0) : 0;
          res.locals.operationName = request.operationName ?? null;
          res.locals.errorCount = Math.max(errors?.length ?? 0, bodyErrors);
        },
      };
    },
  };
}

/** Wires change-feed events to the caches; returns the unsubscribe function. */
function followChangeFeed(feed: ChangeFeed, cache: VerifierCache, tokenCache: TokenCache, logger: Logger) {
  const setLive = (live: boolean) => {
    cache.setLive(live);
    tokenCache.setLive(live);
  };
  const unsubscribe = feed.subscribe((event) => {
    if (event.kind === 'notification') {
      if (event.channel === CHANGE_CHANNELS.workspace) cache.workspaceChanged(event.payload);
      else if (event.channel === CHANGE_CHANNELS.auth) tokenCache.invalidateUser(event.payload);
    } else if (event.kind === 'live') {
      setLive(true);
      logger.info('change feed live: caches follow other processes through LISTEN/NOTIFY');
    } else {
      setLive(false);
      logger.warn('change feed down: caches fall back to their TTL', { reason: event.reason });
    }
  });
  if (feed.isLive) setLive(true);
  return unsubscribe;
}

export async function createServer(options: CreateServerOptions): Promise<FlowverifyServer> {
  const logger = options.logger ?? createLogger('info');
  const { prisma } = options;
  const cacheTtl = options.cacheTtl ?? STRICT_CACHE;
  const cache = new VerifierCache(prisma, cacheTtl);
  const tokenCache = new TokenCache(cacheTtl);
  const unsubscribe = options.changeFeed
    ? followChangeFeed(options.changeFeed, cache, tokenCache, logger)
    : null;
  const isReady = options.isReady ?? (() => true);
  const webPort = options.webPort ?? 3000;

  const typeDefs = loadTypeDefs();
  const apollo = new ApolloServer<Context>({
    typeDefs,
    // Every Query/Mutation resolver wrapped with its @auth rule from the SDL (src/auth/directive.ts).
    resolvers: applyAuthDirective(typeDefs, resolvers),
    csrfPrevention: true,
    includeStacktraceInErrorResponses: false,
    allowBatchedHttpRequests: false,
    // main.ts owns SIGINT/SIGTERM (graceful exit 0); Apollo would re-raise the signal.
    stopOnTerminationSignals: false,
    validationRules: [depthLimitRule(LIMITS.maxDepth), costLimitRule({ maxCost: LIMITS.maxCost })],
    formatError: createFormatError(logger),
    // No cache-control hints are used; the default plugin would otherwise run for every resolved field.
    plugins: [
      ApolloServerPluginLandingPageDisabled(),
      ApolloServerPluginCacheControlDisabled(),
      requestLogPlugin(),
      textGuardPlugin<Context>({
        // Known from the raw body (express.json's verify below): the variables need no string-by-string walk.
        variablesHaveNoNul: (ctx) =>
          (ctx as Context & { res?: express.Response }).res?.locals.jsonBodyHasNoNul === true,
      }),
      // verifyFlows batches past graphql-js's generic coercion and completion, same answers (src/fast-execution.ts).
      fastExecutionPlugin<Context>(['verifyFlows']),
    ],
  });
  await apollo.start();

  const app = express();
  app.disable('x-powered-by');
  // GraphQL answers POSTs, which nobody revalidates: no ETag (Express would hash every response body for one).
  app.set('etag', false);
  app.set('trust proxy', false);

  // One JSON line per request.
  app.use((req, res, next) => {
    const started = performance.now();
    res.on('finish', () => {
      logger.info('request', {
        method: req.method,
        // req.path is relative to the router's mount point ("/" under /graphql).
        path: req.originalUrl.split('?')[0],
        status: res.statusCode,
        operationName: res.locals.operationName ?? null,
        durationMs: Math.round((performance.now() - started) * 10) / 10,
        errorCount: res.locals.errorCount ?? 0,
      });
    });
    next();
  });

  const localOrigin = /^https?:\/\/(localhost|127\.0\.0\.1|\[::1\])(:\d+)?$/;
  app.use(
    cors({
      origin: (origin, callback) =>
        callback(null, !origin || localOrigin.test(origin) || origin === `http://localhost:${webPort}`),
      // The dashboard may call the API directly with the flowverify_token cookie.
      credentials: true,
      maxAge: 600,
    }),
  );

  let lastHealth: { at: number; ok: boolean } | null = null;
  app.get('/healthz', async (_req, res) => {
    if (!isReady()) {
      res.status(503).json({ status: 'starting' });
      return;
    }
    const now = Date.now();
    if (!lastHealth || now - lastHealth.at > 1000) {
      const ok = await Promise.race([
        prisma.$queryRawUnsafe('SELECT 1').then(
          () => true,
          () => false,
        ),
        new Promise<boolean>((resolve) => setTimeout(() => resolve(false), 2000).unref()),
      ]);
      lastHealth = { at: Date.now(), ok };
    }
    if (lastHealth.ok) res.json({ status: 'ok' });
    else res.status(503).json({ status: 'unavailable', reason: 'database unreachable' });
  });

  app.use(
    '/graphql',
    // No valid token: UNAUTHENTICATED before the body is read (introspection and `__typename` included).
    requireCaller({ prisma, tokenCache, logger }),
    express.json({
      limit: LIMITS.bodyLimit,
      verify: (_req, res, body, encoding) => {
        (res as express.Response).locals.jsonBodyHasNoNul = jsonBodyHasNoNul(body, encoding);
      },
    }),
    expressMiddleware(apollo, {
      context: async ({ res }) =>
        Object.assign(createContext({ prisma, cache, logger }, (res.locals.caller as Caller) ?? null), {
          res,
          tokenCache,
        }),
    }),
  );

  // Malformed JSON / body too large: a GraphQL-shaped error, never a stack.
  app.use((error: unknown, _req: express.Request, res: express.Response, next: express.NextFunction) => {
    if (res.headersSent) return next(error);
    const e = error as { status?: number; type?: string; message?: string };
    const status = e.status && e.status >= 400 && e.status < 500 ? e.status : 500;
    const message =
      e.type === 'entity.too.large'
        ? `Request body exceeds ${LIMITS.bodyLimit}.`
        : status < 500
          ? 'Malformed request body.'
          : 'Internal server error';
    if (status >= 500) logger.error('http error', { error: e.message });
    res.status(status).json({
      errors: [{ message, extensions: { code: status < 500 ? 'BAD_REQUEST' : 'INTERNAL_SERVER_ERROR' } }],
    });
  });

  const servers: Server[] = [];
  return {
    app,
    apollo,
    cache,
    tokenCache,
    listen(port, host = '127.0.0.1') {
      return new Promise((resolve, reject) => {
        const server = app.listen(port, host);
        server.once('error', reject);
        server.once('listening', () => {
          servers.push(server);
          const address = server.address();
          resolve({ server, port: typeof address === 'object' && address ? address.port : port });
        });
      });
    },
    async stop() {
      unsubscribe?.();
      await Promise.all(
        servers.map(
          (s) =>
            new Promise<void>((resolve) => {
              s.close(() => resolve());
              s.closeAllConnections?.();
            }),
        ),
      );
      await apollo.stop();
    },
  };
}
