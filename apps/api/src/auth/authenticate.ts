/**
 * Request → Caller. The token comes from `Authorization: Bearer <token>`, else the `flowverify_token` cookie.
 * Validity is read from the database on every request (no cache), so revocation takes effect immediately in
 * every API process. `lastUsedAt` is written at most once a minute per token.
 */
import type { IncomingHttpHeaders } from 'node:http';
import type { PrismaClient } from '../db';
import type { Caller } from './caller';
import { hashToken } from './tokens';

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
  const token = await prisma.apiToken.findUnique({
    where: { tokenHash: hashToken(secret) },
    include: { user: { include: { memberships: { select: { workspaceId: true, role: true } } } } },
  });
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
