/**
 * Making sure someone can sign in when the API starts.
 *
 * - FLOWVERIFY_BOOTSTRAP_TOKEN set: a server-admin token with exactly that value exists (user `admin`, created if
 *   missing). Idempotent across restarts; a revoked or expired one is reinstated; when the value changes, the new
 *   one is created and the bootstrap tokens of earlier values are revoked.
 * - Not set, embedded database (no DATABASE_URL): every start mints a fresh startup token for `admin`, revokes the
 *   previous startup token, and main.ts prints a sign-in URL carrying it (like Jupyter). Create a long-lived token
 *   from the dashboard or `flowverify token create` if you need one that survives restarts.
 * - Not set, DATABASE_URL: a startup token is minted (and the URL printed) only when no server admin has a usable
 *   token yet, so a fresh shared database never leaves you locked out, and a configured one stays quiet.
 */
import type { PrismaClient } from '../db';
import { insertApiToken } from '../services/api-tokens';
import { hashToken } from './tokens';

export const BOOTSTRAP_USER = 'admin';
const CONFIGURED_NAME = 'bootstrap (FLOWVERIFY_BOOTSTRAP_TOKEN)';
const STARTUP_NAME = 'startup sign-in';

async function ensureAdminUser(prisma: PrismaClient) {
  const existing = await prisma.user.findFirst({
    where: { name: { equals: BOOTSTRAP_USER, mode: 'insensitive' } },
  });
  if (existing) {
    return existing.isServerAdmin
      ? existing
      : prisma.user.update({ where: { id: existing.id }, data: { isServerAdmin: true } });
  }
  return prisma.user.create({
    data: { name: BOOTSTRAP_USER, displayName: 'Administrator', isServerAdmin: true },
  });
}

export interface BootstrapResult {
  /** A freshly minted startup token to print as a sign-in URL; null when none was minted. */
  startupToken: string | null;
}

export async function ensureBootstrapToken(
  prisma: PrismaClient,
  options: { bootstrapToken: string | undefined; embedded: boolean },
): Promise<BootstrapResult> {
  const now = new Date();
  if (options.bootstrapToken) {
    const hash = hashToken(options.bootstrapToken);
    const existing = await prisma.apiToken.findUnique({
      where: { tokenHash: hash },
      include: { user: true },
    });
    if (existing) {
      if (!existing.user.isServerAdmin) {
        await prisma.user.update({ where: { id: existing.userId }, data: { isServerAdmin: true } });
      }
      if (existing.revokedAt || existing.expiresAt) {
        await prisma.apiToken.update({
          where: { id: existing.id },
          data: { revokedAt: null, expiresAt: null },
        });
      }
    } else {
      const user = await ensureAdminUser(prisma);
      await insertApiToken(prisma, {
        userId: user.id,
        name: CONFIGURED_NAME,
        isBootstrap: true,
        secret: options.bootstrapToken,
      });
    }
    await prisma.apiToken.updateMany({
      where: { isBootstrap: true, name: CONFIGURED_NAME, tokenHash: { not: hash }, revokedAt: null },
      data: { revokedAt: now },
    });
    return { startupToken: null };
  }
  if (!options.embedded) {
    const usable = await prisma.apiToken.count({
      where: {
        revokedAt: null,
        OR: [{ expiresAt: null }, { expiresAt: { gt: now } }],
        user: { isServerAdmin: true },
      },
    });
    if (usable > 0) return { startupToken: null };
  }
  const user = await ensureAdminUser(prisma);
  return prisma.$transaction(async (tx) => {
    await tx.apiToken.updateMany({
      where: { isBootstrap: true, name: STARTUP_NAME, revokedAt: null },
      data: { revokedAt: now },
    });
    const { secret } = await insertApiToken(tx, { userId: user.id, name: STARTUP_NAME, isBootstrap: true });
    return { startupToken: secret };
  });
}
