/**
 * Request → Caller. The token comes from `Authorization: Bearer <token>`, else the `flowverify_token` cookie.
 * Validity is read from the database on every request (no cache), so revocation takes effect immediately in
 * every API process. `lastUsedAt` is written at most once a minute per token.
 */
import type { IncomingHttpHeaders } from 'node:http';
import type { PrismaClient } from '../db';
import type { Caller } from './caller';
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
): Promise<Caller | null> {
  if (!secret || secret.length > 200) return null;
  // One round trip (token, its user and the user's memberships): this runs before every request.
  const rows = await prisma.$queryRaw<TokenRow[]>`
    SELECT t.id, t.revoked_at, t.expires_at, t.last_used_at, u.id AS user_id, u.name AS user_name,
           u.is_server_admin, COALESCE(
             (SELECT json_agg(json_build_object('workspaceId', m.workspace_id, 'role', m.role))
                FROM workspace_member m WHERE m.user_id = u.id), '[]'::json) AS memberships
      FROM api_token t JOIN "user" u ON u.id = t.user_id
     WHERE t.token_hash = ${hashToken(secret)}`;
  const row = rows[0];
  const token = row && {
    id: row.id,
    revokedAt: row.revoked_at,
    expiresAt: row.expires_at,
    lastUsedAt: row.last_used_at,
    user: {
      id: row.user_id,
      name: row.user_name,
      isServerAdmin: row.is_server_admin,
      memberships: row.memberships,
    },
  };
  if (!token || token.revokedAt || (token.expiresAt && token.expiresAt <= now)) return null;
  if (!token.lastUsedAt || now.getTime() - token.lastUsedAt.getTime() > LAST_USED_THROTTLE_MS) {
    await prisma.apiToken.updateMany({
      where: {
        id: token.id,
        OR: [{ lastUsedAt: null }, { lastUsedAt: { lt: new Date(now.getTime() - LAST_USED_THROTTLE_MS) } }],
      },
      data: { lastUsedAt: now },
    });
  }
  return {
    userId: token.user.id,
    userName: token.user.name,
    isServerAdmin: token.user.isServerAdmin,
    tokenId: token.id,
    roles: new Map(token.user.memberships.map((m) => [m.workspaceId, m.role])),
  };
}
