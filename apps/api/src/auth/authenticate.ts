/**
 * Request → Caller. The token comes from `Authorization: Bearer <token>`, else the `flowverify_token` cookie.
 * Validity is read from the database in one round trip, or taken from the TokenCache when one is given (see
 * src/auth/token-cache.ts for how stale that may be: never in this process, a documented bound across processes).
 * `lastUsedAt` is written at most once a minute per token.
 *
 * `requireCaller` is the gate in front of /graphql: a request without a valid token gets one GraphQL
 * UNAUTHENTICATED error before its body is even read — no field, no `__typename`, no introspection, no parse or
 * validation message. Only /healthz answers without a token.
 */
import type { IncomingHttpHeaders } from 'node:http';
import type { NextFunction, Request, Response } from 'express';
import type { PrismaClient } from '../db';
import { AppError, toGraphQLError, translateDatabaseError } from '../errors';
import type { Logger } from '../logger';
import type { Caller } from './caller';
import { unauthenticated } from './directive';
import type { CachedToken, TokenCache } from './token-cache';
import { hashToken, MAX_TOKEN_LENGTH } from './tokens';

interface TokenRow {
  id: string;
  revoked_at: Date | null;
  expires_at: Date | null;
  last_used_at: Date | null;
  user_id: string;
  user_name: string;
  is_server_admin: boolean;
  memberships: { workspaceId: string; role: Caller['roles'] extends Map<string, infer R> ? R : never }[];
}

export const TOKEN_COOKIE = 'flowverify_token';
const LAST_USED_THROTTLE_MS = 60_000;

/**
 * Node reads header bytes as latin1; a token with non-ASCII characters (FLOWVERIFY_BOOTSTRAP_TOKEN may hold any)
 * arrives from curl and most clients as UTF-8 bytes. Read those back as UTF-8 when they are valid UTF-8.
 */
function headerText(value: string): string {
  // eslint-disable-next-line no-control-regex
  if (!/[^\x00-\x7f]/.test(value)) return value;
  const utf8 = Buffer.from(value, 'latin1').toString('utf8');
  return utf8.includes('\uFFFD') ? value : utf8;
}

function decodeCookie(value: string): string {
  try {
    return decodeURIComponent(value);
  } catch {
    return value;
  }
}

/** The secret sent with a request, or null. */
export function readRequestToken(headers: IncomingHttpHeaders): string | null {
  const auth = headers.authorization;
  if (typeof auth === 'string') {
    const m = /^Bearer\s+(\S+)\s*$/i.exec(auth);
    if (m) return headerText(m[1]!);
  }
  const cookie = headers.cookie;
  if (typeof cookie === 'string') {
    for (const part of cookie.split(';')) {
      const eq = part.indexOf('=');
      if (eq > 0 && part.slice(0, eq).trim() === TOKEN_COOKIE) {
        const value = decodeCookie(headerText(part.slice(eq + 1).trim()));
        if (value) return value;
      }
    }
  }
  return null;
}

/**
 * Express middleware for /graphql: the caller into `res.locals.caller`, or the request is answered here with one
 * GraphQL error — UNAUTHENTICATED without a valid token, SERVICE_UNAVAILABLE (retryable) when the database cannot
 * check it. HTTP 200 like every other GraphQL error response of this API, so clients read `errors` the same way.
 */
export function requireCaller(options: { prisma: PrismaClient; tokenCache?: TokenCache; logger: Logger }) {
  return async (req: Request, res: Response, next: NextFunction): Promise<void> => {
    let failure: unknown;
    try {
      const caller = await authenticateToken(
        options.prisma,
        readRequestToken(req.headers),
        new Date(),
        options.tokenCache,
      );
      if (caller) {
        res.locals.caller = caller;
        next();
        return;
      }
      failure = unauthenticated();
    } catch (error) {
      failure = translateDatabaseError(error);
    }
    let body: unknown;
    if (failure instanceof AppError) {
      body = toGraphQLError(failure).toJSON();
    } else {
      options.logger.error('token check failed', {
        error: failure instanceof Error ? failure.message : String(failure),
      });
      body = { message: 'Internal server error', extensions: { code: 'INTERNAL_SERVER_ERROR' } };
    }
    res.locals.errorCount = 1;
    res
      .status(200)
      .set('cache-control', 'no-store')
      .json({ errors: [body] });
  };
}

/** The caller owning `secret`, or null when it is unknown, revoked or expired. */
export async function authenticateToken(
  prisma: PrismaClient,
  secret: string | null,
  now = new Date(),
  cache?: TokenCache,
): Promise<Caller | null> {
  if (!secret || secret.length > MAX_TOKEN_LENGTH) return null;
  const hash = hashToken(secret);
  const at = now.getTime();
  let token = cache?.lookup(hash, at);
  if (!token) {
    const generation = cache?.begin() ?? 0;
    const read = await readToken(prisma, hash, now);
    if (!read) return null;
    token = read;
    cache?.store(hash, token, generation, at);
  }
  if (token.expiresAt !== null && token.expiresAt <= at) return null;
  if (token.lastUsedAt === null || at - token.lastUsedAt > LAST_USED_THROTTLE_MS) {
    token.lastUsedAt = at;
    await prisma.apiToken.updateMany({
      where: {
        id: token.caller.tokenId,
        OR: [{ lastUsedAt: null }, { lastUsedAt: { lt: new Date(at - LAST_USED_THROTTLE_MS) } }],
      },
      data: { lastUsedAt: now },
    });
  }
  return token.caller;
}

/** One round trip (token, its user and the user's memberships); null when unknown, revoked or expired. */
async function readToken(prisma: PrismaClient, hash: string, now: Date): Promise<CachedToken | null> {
  const rows = await prisma.$queryRaw<TokenRow[]>`
    SELECT t.id, t.revoked_at, t.expires_at, t.last_used_at, u.id AS user_id, u.name AS user_name,
           u.is_server_admin, COALESCE(
             (SELECT json_agg(json_build_object('workspaceId', m.workspace_id, 'role', m.role))
                FROM workspace_member m WHERE m.user_id = u.id), '[]'::json) AS memberships
      FROM api_token t JOIN "user" u ON u.id = t.user_id
     WHERE t.token_hash = ${hash}`;
  const row = rows[0];
  if (!row || row.revoked_at || (row.expires_at && row.expires_at <= now)) return null;
  return {
    caller: {
      userId: row.user_id,
      userName: row.user_name,
      isServerAdmin: row.is_server_admin,
      tokenId: row.id,
      roles: new Map(row.memberships.map((m) => [m.workspaceId, m.role])),
    },
    expiresAt: row.expires_at ? row.expires_at.getTime() : null,
    lastUsedAt: row.last_used_at ? row.last_used_at.getTime() : null,
  };
}
