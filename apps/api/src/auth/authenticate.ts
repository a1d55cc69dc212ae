/**
 * Request → Caller. The token comes from `Authorization: Bearer <token>`, else the `flowverify_token` cookie.
 * Validity is read from the database in one round trip, or taken from the TokenCache when one is given (see
 * src/auth/token-cache.ts for how stale that may be: never in this process, a documented bound across processes).
 * `lastUsedAt` is written at most once a minute per token.
 */
import type { IncomingHttpHeaders } from 'node:http';
import type { PrismaClient } from '../db';
import type { Caller } from './caller';
import type { CachedToken, TokenCache } from './token-cache';
import { hashToken } from './tokens';

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

/** The secret sent with a request, or null. */
export function readRequestToken(headers: IncomingHttpHeaders): string | null {
  const auth = headers.authorization;
  if (typeof auth === 'string') {
    const m = /^Bearer\s+(\S+)\s*$/i.exec(auth);
    if (m) return m[1]!;
  }
  const cookie = headers.cookie;
  if (typeof cookie === 'string') {
    for (const part of cookie.split(';')) {
      const eq = part.indexOf('=');
      if (eq > 0 && part.slice(0, eq).trim() === TOKEN_COOKIE) {
        const value = decodeURIComponent(part.slice(eq + 1).trim());
        if (value) return value;
      }
    }
  }
  return null;
}

/** The caller owning `secret`, or null when it is unknown, revoked or expired. */
export async function authenticateToken(
  prisma: PrismaClient,
  secret: string | null,
  now = new Date(),
  cache?: TokenCache,
): Promise<Caller | null> {
  if (!secret || secret.length > 200) return null;
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
